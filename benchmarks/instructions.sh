#!/usr/bin/env bash
# Counts the user-space instructions one Health round trip costs the server's I/O
# thread, per function, by stepping the thread in gdb from one wait for events to the
# next. Unlike timings, the count is the same from run to run, so it shows what a
# change saves even on a noisy machine. x86-64 only (the system call number below).
#
# usage: benchmarks/instructions.sh [DAEMON_BINARY | --echo]
#   Without an argument, uses .build/release/ecoprodd; --echo counts the C echo server.
#   Writes benchmarks/results/instructions.txt. Needs gdb and, for names, swift-demangle.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
BUILD="$HERE/build"
. "$HERE/common.sh"
unset NOTIFY_SOCKET

SERVER=${1:-"$ROOT/.build/release/ecoprodd"}
command -v gdb >/dev/null || die "gdb not found (apt install gdb)"
make -s -C "$HERE" BUILD="$BUILD" >&2
WORK=$(mktemp -d /tmp/ecoprod-instructions.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$SERVER" = --echo ]; then
    "$BUILD/echo_server" "$WORK/s.sock" >"$WORK/server.log" 2>&1 &
else
    [ -x "$SERVER" ] || die "daemon binary not found or not executable: $SERVER"
    "$SERVER" --socket "$WORK/s.sock" --state-dir "$WORK/state" --config /dev/null >"$WORK/server.log" 2>&1 &
fi
PIDS+=($!)
wait_for_socket "$WORK/s.sock" "${PIDS[0]}" || { tail -n 20 "$WORK/server.log" >&2; die "the server did not start"; }
if [ "$SERVER" = --echo ]; then
    THREAD=${PIDS[0]}
    STOP_AT="epoll_wait"
else
    THREAD=$(basename "$(dirname "$(grep -l '^ecoprodd-io-0$' /proc/"${PIDS[0]}"/task/*/comm)")")
    # The reactor waits through syscall(SYS_epoll_pwait = 281, ...).
    STOP_AT='syscall if $rdi == 281'
fi
# A warm-up, then a client that keeps one call in flight while the thread is stepped.
"$BUILD/rtt_client" "$WORK/s.sock" 1 0.5 >/dev/null
"$BUILD/rtt_client" "$WORK/s.sock" 1 120 >/dev/null 2>&1 &
PIDS+=($!)

mkdir -p "$HERE/results"
demangle() {
    if command -v swift-demangle >/dev/null; then swift-demangle --simplified
    elif command -v swift >/dev/null; then swift demangle --simplified
    else cat; fi
}
STOP_AT=$STOP_AT gdb -q -batch -p "$THREAD" -x "$HERE/count_instructions.py" 2>/dev/null \
    | sed -n '/^TOTAL/,$p' | grep -v '^\[Inferior' | demangle >"$HERE/results/instructions.txt"
[ -s "$HERE/results/instructions.txt" ] || die "gdb counted nothing"
head -n 31 "$HERE/results/instructions.txt"
say "(all functions in benchmarks/results/instructions.txt)"
