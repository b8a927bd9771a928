#!/usr/bin/env bash
# ecoprodd benchmark: round trips against a raw C echo baseline, startup
# time to READY=1, and idle RSS.  See benchmarks/README.md.
#
# usage: benchmarks/run.sh [DAEMON_BINARY]
#   Without an argument, builds with `scripts/build-release.sh --product ecoprodd`
#   in the repository root and uses .build/release/ecoprodd.
#
# Environment (all optional):
#   BENCH_ROUNDS       rounds per case, each measuring each server once (default 20)
#   BENCH_SECONDS      seconds per measured run            (default 0.5)
#   BENCH_CONNECTIONS  connections for the unpinned case   (default 16)
#   BENCH_CPU          CPU for the pinned case             (default 0)
#   BENCH_WARMUP       unmeasured warm-up seconds per case, servers in turns (default 1)
#   BENCH_STRICT=1     exit 3 if any target is missed
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RUN_SECS=${BENCH_SECONDS:-0.5}
ROUNDS=${BENCH_ROUNDS:-20}
CONNS=${BENCH_CONNECTIONS:-16}
CPU=${BENCH_CPU:-0}
WARMUP=${BENCH_WARMUP:-1}
BUILD="$HERE/build"
RESULTS="$HERE/results"
unset NOTIFY_SOCKET   # the benchmarked daemons must not notify our own supervisor

. "$HERE/common.sh"

# --- daemon binary -----------------------------------------------------------
if [ $# -ge 1 ]; then
    DAEMON=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    say "== building ecoprodd (release)"
    (cd "$ROOT" && scripts/build-release.sh --product ecoprodd) >&2
    DAEMON="$ROOT/.build/release/ecoprodd"
fi
[ -x "$DAEMON" ] || die "daemon binary not found or not executable: $DAEMON"

# --- C helpers ----------------------------------------------------------------
say "== compiling C helpers"
make -s -C "$HERE" BUILD="$BUILD" >&2
command -v taskset >/dev/null || die "taskset not found (util-linux)"
command -v python3 >/dev/null || die "python3 not found"

WORK=$(mktemp -d /tmp/ecoprod-bench.XXXXXX)
SERVER_PIDS=()
cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_server() {   # stop_server PID NAME
    local rc=0
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" || rc=$?
    [ "$rc" -eq 0 ] || say "   note: $2 exited with status $rc after SIGTERM"
    local keep=()
    for p in "${SERVER_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    SERVER_PIDS=("${keep[@]+"${keep[@]}"}")
}

# run_case NAME CONNECTIONS PIN(yes/no)
#   starts both servers (pinned or not), warms both up, then measures ROUNDS
#   rounds; writes WORK/NAME.jsonl.  Pinned, a round is one client run in which
#   the servers take turns of a millisecond or so (rtt_client.c), so both are
#   measured in the same moments.  Unpinned, turns would make 16 threads stop
#   and start together every few milliseconds, which is not the load to measure,
#   so a round is one run of each server, in alternating order.
run_case() {
    local name=$1 conns=$2 pin=$3 dir="$WORK/$1"
    local pre=()
    [ "$pin" = yes ] && pre=(taskset -c "$CPU")
    mkdir -p "$dir"
    "${pre[@]}" "$BUILD/echo_server" "$dir/e.sock" >"$dir/echo.log" 2>&1 &
    local epid=$!
    SERVER_PIDS+=("$epid")
    "${pre[@]}" "$DAEMON" --socket "$dir/d.sock" --state-dir "$dir/state" --config /dev/null \
        >"$dir/daemon.log" 2>&1 &
    local dpid=$!
    SERVER_PIDS+=("$dpid")
    wait_for_socket "$dir/e.sock" "$epid" || die "echo_server did not start"
    wait_for_socket "$dir/d.sock" "$dpid" || { tail -n 20 "$dir/daemon.log" >&2; die "ecoprodd did not start"; }

    client() {   # client SOCKETS SECONDS
        "${pre[@]}" "$BUILD/rtt_client" "$1" "$conns" "$2" \
            || { tail -n 20 "$dir/daemon.log" >&2; die "$name: rtt_client against $1 failed"; }
    }
    if [ "$WARMUP" != 0 ]; then
        client "$dir/e.sock,$dir/d.sock" "$WARMUP" >/dev/null
    fi
    : >"$WORK/$name.jsonl"
    local round order server sock line
    for round in $(seq "$ROUNDS"); do
        if [ "$pin" = yes ]; then
            client "$dir/e.sock,$dir/d.sock" "$RUN_SECS" >"$dir/round"
            { printf 'baseline '; sed -n 1p "$dir/round"; printf 'daemon '; sed -n 2p "$dir/round"; } >"$dir/tagged"
        else
            : >"$dir/tagged"
            order="baseline daemon"
            [ $((round % 2)) -eq 0 ] && order="daemon baseline"
            for server in $order; do
                sock=$dir/e.sock
                [ "$server" = daemon ] && sock=$dir/d.sock
                printf '%s ' "$server" >>"$dir/tagged"
                client "$sock" "$RUN_SECS" >>"$dir/tagged"
            done
        fi
        while read -r server line; do
            printf '{"round":%d,"server":"%s","result":%s}\n' "$round" "$server" "$line" >>"$WORK/$name.jsonl"
        done <"$dir/tagged"
    done
    say "   $name: $ROUNDS rounds done"
    stop_server "$dpid" ecoprodd
    stop_server "$epid" echo_server
}

say "== pinned: servers and client on CPU $CPU, 1 connection, $ROUNDS rounds of ${RUN_SECS}s, the servers taking turns"
run_case pinned 1 yes
say "== unpinned: $CONNS connections, $ROUNDS rounds of ${RUN_SECS}s per server"
run_case unpinned "$CONNS" no

say "== ready time and idle RSS"
READY_RC=0
python3 "$HERE/ready_time.py" "$DAEMON" >"$WORK/ready.json" || READY_RC=$?

mkdir -p "$RESULTS"
SUMMARY_RC=0
python3 - "$WORK" "$RESULTS/latest.json" "$DAEMON" "$CPU" "$READY_RC" <<'PY' || SUMMARY_RC=$?
import json, os, platform, statistics, sys, time
work, out, daemon, cpu, ready_rc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

TARGETS = {"pinned_ratio": 0.85, "unpinned_ratio": 0.80, "ready_ms_median": 150.0, "idle_rss_mb": 40.0}

def load_case(name):
    runs = [json.loads(l) for l in open(os.path.join(work, name + ".jsonl")) if l.strip()]
    case = {"runs": runs}
    for server in ("baseline", "daemon"):
        rs = [r["result"] for r in runs if r["server"] == server]
        case[server] = {
            "rate_mean": statistics.mean(r["rate"] for r in rs),
            "p50_us_mean": statistics.mean(r["p50_us"] for r in rs),
            "p99_us_mean": statistics.mean(r["p99_us"] for r in rs),
            "rates": [r["rate"] for r in rs],
        }
    case["connections"] = runs[0]["result"]["connections"]
    # Each round measures both servers within a second (in turns when pinned); the median
    # of the rounds' ratios is the figure, as the machine's speed drifts over a run far
    # more than within a round.
    rounds = {}
    for r in runs:
        rounds.setdefault(r["round"], {})[r["server"]] = r["result"]["rate"]
    case["round_ratios"] = [r["daemon"] / r["baseline"] for r in rounds.values()]
    case["ratio"] = statistics.median(case["round_ratios"])
    quartiles = statistics.quantiles(case["round_ratios"], n=4) if len(rounds) > 1 else [case["ratio"]] * 3
    case["ratio_iqr"] = [quartiles[0], quartiles[2]]
    return case

pinned, unpinned = load_case("pinned"), load_case("unpinned")
pinned["cpu"] = int(cpu)
try:
    ready = json.load(open(os.path.join(work, "ready.json")))
except (OSError, ValueError):
    ready = {}
ready_ms = ready.get("ready_ms_median")
rss = ready.get("idle_rss_mb")

checks = {
    "pinned_ratio": pinned["ratio"] >= TARGETS["pinned_ratio"],
    "unpinned_ratio": unpinned["ratio"] >= TARGETS["unpinned_ratio"],
    "ready_ms_median": ready_ms is not None and ready_ms <= TARGETS["ready_ms_median"],
    "idle_rss_mb": rss is not None and rss <= TARGETS["idle_rss_mb"],
}
def mark(k): return "PASS" if checks[k] else "FAIL"

print()
print(f"{'case':<26}{'baseline rt/s':>14}{'daemon rt/s':>13}{'ratio':>8}  {'target':<9}")
for label, key, c in ((f"pinned (cpu {cpu}), 1 conn", "pinned_ratio", pinned),
                      (f"unpinned, {unpinned['connections']} conns", "unpinned_ratio", unpinned)):
    print(f"{label:<26}{c['baseline']['rate_mean']:>14.0f}{c['daemon']['rate_mean']:>13.0f}"
          f"{c['ratio']:>8.3f}  >= {TARGETS[key]:<6.2f}{mark(key)}"
          f"   (median of {len(c['round_ratios'])} rounds; middle half {c['ratio_iqr'][0]:.3f}–{c['ratio_iqr'][1]:.3f})")
for label, c in (("pinned", pinned), ("unpinned", unpinned)):
    print(f"  {label} rounds, daemon/baseline: " + " ".join(f"{r:.2f}" for r in c["round_ratios"]))
print()
print(f"{'latency (mean of runs)':<26}{'base p50/p99 us':>18}{'daemon p50/p99 us':>20}")
for label, c in (("pinned", pinned), ("unpinned", unpinned)):
    b, d = c["baseline"], c["daemon"]
    print(f"{label:<26}{b['p50_us_mean']:>9.1f}/{b['p99_us_mean']:<8.1f}{d['p50_us_mean']:>11.1f}/{d['p99_us_mean']:<8.1f}")
print()
fmt = lambda v, u: f"{v:.1f} {u}" if v is not None else "n/a"
print(f"{'ready time (median of ' + str(ready.get('runs', '?')) + ')':<26}{fmt(ready_ms, 'ms'):>14}"
      f"   <= {TARGETS['ready_ms_median']:.0f} ms  {mark('ready_ms_median')}")
print(f"{'idle RSS':<26}{fmt(rss, 'MB'):>14}   <= {TARGETS['idle_rss_mb']:.0f} MB   {mark('idle_rss_mb')}")

result = {
    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    "daemon": daemon,
    "host": {"kernel": platform.release(), "machine": platform.machine(), "cpus": os.cpu_count()},
    "pinned": pinned,
    "unpinned": unpinned,
    "ready": ready,
    "targets": TARGETS,
    "pass": checks,
    "all_pass": all(checks.values()),
    "complete": ready_rc == 0,
}
with open(out, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(f"\nwritten {out}")
sys.exit(0 if result["all_pass"] else 3)
PY
[ "$READY_RC" -eq 0 ] || die "ready_time.py reported a failure (see above)"
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$SUMMARY_RC" -ne 0 ]; then
    exit 3
fi
exit 0
