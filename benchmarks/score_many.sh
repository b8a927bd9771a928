#!/usr/bin/env bash
# Scoring/ScoreMany over 10,000 productions, end to end through the socket: a release
# ecoprodd with the scoring plugin and the shipped frameworks, seeded through the Label
# service by benchmarks/score_many.py, then timed. Target: <= 1 s (issue 4).
#
# usage: benchmarks/score_many.sh
# Environment: BENCH_PRODUCTIONS (10000), BENCH_RUNS (5), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
unset NOTIFY_SOCKET

say "== building ecoprodd and the scoring plugin (release)"
(cd "$ROOT" && scripts/build-release.sh --product ecoprodd && scripts/build-release.sh --product ecoprod-scoring) >&2

WORK=$(mktemp -d /tmp/ecoprod-bench-score.XXXXXX)
trap 'kill -TERM "${DAEMON_PID:-0}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -m 0755 "$WORK/plugins"
install -m 0644 "$ROOT/.build/release/libecoprod-scoring.so" "$WORK/plugins/scoring.so"
"$ROOT/.build/release/ecoprodd" --socket "$WORK/d.sock" --state-dir "$WORK/state" --config /dev/null \
    --data-dir "$ROOT/data" --plugin-dir "$WORK/plugins" --log-level warning >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_for_socket "$WORK/d.sock" "$DAEMON_PID" || { cat "$WORK/daemon.log" >&2; die "ecoprodd did not start"; }

say "== seeding ${BENCH_PRODUCTIONS:-10000} productions, then ScoreMany ${BENCH_RUNS:-5} times"
python3 "$HERE/score_many.py" "$WORK/d.sock" --productions "${BENCH_PRODUCTIONS:-10000}" --runs "${BENCH_RUNS:-5}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
mkdir -p "$HERE/results"
cp "$WORK/result.json" "$HERE/results/score_many.json"
python3 - "$WORK/result.json" <<'PY'
import json, os, sys
result = json.load(open(sys.argv[1]))
median = result["median_seconds"]
verdict = "PASS" if median <= result["target_seconds"] else "MISS"
print(f"ScoreMany over {result['productions']} productions: median {median:.3f} s "
      f"(runs {result['seconds']}), target <= {result['target_seconds']} s: {verdict}")
sys.exit(3 if verdict == "MISS" and os.environ.get("BENCH_STRICT") == "1" else 0)
PY
say "written $HERE/results/score_many.json"
