#!/usr/bin/env bash
# What a little more work per call costs a server that shares one CPU with its
# client: the C echo server of run.sh, made to busy-wait WORK_NS per frame, and
# optionally ecoprodd, all pinned with the client to one CPU, measured in
# interleaved rounds. Also prints how often the server went to sleep per round trip:
# about 1 while it answers before the client runs again, near 0 once the client
# preempts it on every answer and sleeps itself. See benchmarks/README.md.
#
# usage: benchmarks/scheduler_regime.sh [DAEMON_BINARY]
# Environment: BENCH_CPU (0), BENCH_ROUNDS (4), BENCH_SECONDS (2 per run),
#              REGIME_WORK_NS ("0 250 500 750 1000 1500 2000").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CPU=${BENCH_CPU:-0}
ROUNDS=${BENCH_ROUNDS:-4}
SECS=${BENCH_SECONDS:-2}
WORKS=${REGIME_WORK_NS:-"0 250 500 750 1000 1500 2000"}
unset NOTIFY_SOCKET
. "$HERE/common.sh"

make -s -C "$HERE" BUILD="$HERE/build" >&2
WORK=$(mktemp -d /tmp/ecoprod-regime.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT

SERVERS=()
for ns in $WORKS; do
    taskset -c "$CPU" "$HERE/build/echo_server" "$WORK/echo-$ns.sock" "$ns" >/dev/null 2>&1 &
    PIDS+=($!)
    wait_for_socket "$WORK/echo-$ns.sock" $! || die "echo_server did not start"
    SERVERS+=("echo+${ns}ns:$!:$WORK/echo-$ns.sock")
done
if [ $# -ge 1 ]; then
    taskset -c "$CPU" "$1" --socket "$WORK/d.sock" --state-dir "$WORK/state" --config /dev/null >"$WORK/daemon.log" 2>&1 &
    PIDS+=($!)
    wait_for_socket "$WORK/d.sock" $! || { tail -n 20 "$WORK/daemon.log" >&2; die "ecoprodd did not start"; }
    SERVERS+=("ecoprodd:$!:$WORK/d.sock")
fi

sleeps() {   # voluntary context switches of every thread of PID
    cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n }'
}

for round in $(seq "$ROUNDS"); do
    for server in "${SERVERS[@]}"; do
        IFS=: read -r name pid sock <<<"$server"
        before=$(sleeps "$pid")
        line=$(taskset -c "$CPU" "$HERE/build/rtt_client" "$sock" 1 "$SECS")
        echo "$name $(( $(sleeps "$pid") - before )) $line"
    done
done | python3 -c '
import json, statistics, sys
runs = {}
for line in sys.stdin:
    name, sleeps, result = line.split(" ", 2)
    result = json.loads(result)
    runs.setdefault(name, []).append((result["rate"], int(sleeps) / max(result["round_trips"], 1)))
base = statistics.median(rate for rate, _ in next(iter(runs.values())))
print("server".ljust(16) + "median rt/s".rjust(12) + "ratio".rjust(8) + "sleeps/rt".rjust(11))
table = []
for name, values in runs.items():
    rate = statistics.median(r for r, _ in values)
    sleeps = statistics.median(s for _, s in values)
    print(f"{name:<16}{rate:>12.0f}{rate / base:>8.3f}{sleeps:>11.2f}")
    table.append({"server": name, "rate": rate, "ratio": rate / base, "sleeps_per_round_trip": sleeps})
json.dump(table, open(sys.argv[1], "w"), indent=2)
' "$HERE/results/scheduler_regime.json"
