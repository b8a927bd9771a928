#!/usr/bin/env bash
# Footprints through the socket into a release ecoprodd (benchmarks/footprint.py):
#  - GetResults of a 1,000,000-line footprint as a ratio to the sqlite3 command line
#    summing the same lines of the same carbon.sqlite, medians of runs taken alternately
#    in one run. Target: <= 2x (issue 5).
#  - ImportLines of a 100,000-row ledger export (Windows-1252, decimal comma) through a
#    mapping, median of imports into fresh footprints. Target: <= 3 s (issue 5).
#
# usage: benchmarks/footprint.sh
# Environment: BENCH_LINES (1000000), BENCH_ROWS (100000), BENCH_RUNS (5),
# BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
unset NOTIFY_SOCKET
command -v sqlite3 >/dev/null || die "sqlite3 is needed (Debian: sqlite3)"

say "== building ecoprodd (release)"
(cd "$ROOT" && scripts/build-release.sh --product ecoprodd) >&2
start_daemon
database="$WORK/state/carbon.sqlite"

say "== ImportLines of a ${BENCH_ROWS:-100000}-row ledger, ${BENCH_RUNS:-5} times"
python3 "$HERE/footprint.py" "$WORK/d.sock" "$database" import --lines "${BENCH_ROWS:-100000}" --runs "${BENCH_RUNS:-5}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
report_median footprint_import "ImportLines of a ${BENCH_ROWS:-100000}-row ledger"

say "== GetResults of a ${BENCH_LINES:-1000000}-line footprint against sqlite3, ${BENCH_RUNS:-5} times each"
python3 "$HERE/footprint.py" "$WORK/d.sock" "$database" total --lines "${BENCH_LINES:-1000000}" --runs "${BENCH_RUNS:-5}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
mkdir -p "$HERE/results"
cp "$WORK/result.json" "$HERE/results/footprint_total.json"
python3 - "$WORK/result.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
verdict = "PASS" if r["ratio"] <= r["target_ratio"] else "MISS"
print(f"GetResults of {r['lines']} lines: median {r['median_seconds']:.4f} s; sqlite3 sum {r['sqlite3_median_seconds']:.4f} s; "
      f"ratio {r['ratio']:.2f} (target <= {r['target_ratio']}): {verdict}")
sys.exit(3 if verdict == "MISS" and os.environ.get("BENCH_STRICT") == "1" else 0)
PY
say "written $HERE/results/footprint_total.json"
