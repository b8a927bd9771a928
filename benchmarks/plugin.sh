#!/usr/bin/env bash
# Plugin round trip: a trivial method of the Swift probe plugin (ecoprod.probe.v1.Probe/Ping)
# against the built-in Daemon/Health, both served by one ecoprodd in one run, client and
# daemon pinned to one CPU, 1 connection. Target: plugin/Health >= 0.9 (issue 3).
#
# usage: benchmarks/plugin.sh
# Environment: BENCH_SECONDS (5), BENCH_CPU (0), BENCH_WARMUP (1), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
RUN_SECS=${BENCH_SECONDS:-5}
CPU=${BENCH_CPU:-0}
WARMUP=${BENCH_WARMUP:-1}
BUILD="$HERE/build"
PING=ecoprod.probe.v1.Probe/Ping
HEALTH=ecoprod.daemon.v1.Daemon/Health
unset NOTIFY_SOCKET

say "== building ecoprodd and the probe plugin (release)"
(cd "$ROOT" && scripts/build-release.sh --product ecoprodd && scripts/build-release.sh --product ecoprod-probe-plugin) >&2
make -s -C "$HERE" BUILD="$BUILD" >&2

WORK=$(mktemp -d /tmp/ecoprod-bench-plugin.XXXXXX)
trap 'kill -TERM "${DAEMON_PID:-0}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -m 0755 "$WORK/plugins"
install -m 0644 "$ROOT/.build/release/libecoprod-probe-plugin.so" "$WORK/plugins/probe.so"
taskset -c "$CPU" "$ROOT/.build/release/ecoprodd" --socket "$WORK/d.sock" --state-dir "$WORK/state" \
    --config /dev/null --plugin-dir "$WORK/plugins" >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_for_socket "$WORK/d.sock" "$DAEMON_PID" || { cat "$WORK/daemon.log" >&2; die "ecoprodd did not start"; }

client() { taskset -c "$CPU" "$BUILD/rtt_client" "$WORK/d.sock" 1 "$1" "$2"; }
if [ "$WARMUP" != 0 ]; then
    client "$WARMUP" "$HEALTH" >/dev/null && client "$WARMUP" "$PING" >/dev/null \
        || { cat "$WORK/daemon.log" >&2; die "warm-up failed"; }
fi
: >"$WORK/runs.jsonl"
for method in "$HEALTH" "$PING" "$HEALTH" "$PING"; do
    line=$(client "$RUN_SECS" "$method") || { cat "$WORK/daemon.log" >&2; die "rtt_client $method failed"; }
    say "   $method: $line"
    printf '{"method":"%s","result":%s}\n' "$method" "$line" >>"$WORK/runs.jsonl"
done

mkdir -p "$HERE/results"
status=0
python3 - "$WORK/runs.jsonl" "$HERE/results/plugin.json" "$HEALTH" "$PING" "$CPU" <<'PY' || status=$?
import json, statistics, sys, time
runs_file, out, health, ping, cpu = sys.argv[1:]
runs = [json.loads(line) for line in open(runs_file) if line.strip()]
def mean(method, key): return statistics.mean(r["result"][key] for r in runs if r["method"] == method)
ratio = mean(ping, "rate") / mean(health, "rate")
target = 0.9
print(f"\n{'method (pinned, cpu ' + cpu + ', 1 conn)':<40}{'rt/s':>10}{'p50 us':>9}")
for method in (health, ping):
    print(f"{method:<40}{mean(method, 'rate'):>10.0f}{mean(method, 'p50_us'):>9.1f}")
print(f"\nplugin / built-in Health: {ratio:.3f}   target >= {target}  {'PASS' if ratio >= target else 'FAIL'}")
json.dump({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpu": int(cpu), "runs": runs,
           "ratio": ratio, "target": target, "pass": ratio >= target}, open(out, "w"), indent=2)
print(f"written {out}")
sys.exit(0 if ratio >= target else 3)
PY
[ "${BENCH_STRICT:-0}" = 1 ] && exit $status
exit 0
