#!/usr/bin/env bash
# Carbon/ImportFactorSet of a full-size Base Carbone export (18,600 rows in the real layout,
# Windows-1252, decimal comma) through the socket into a release ecoprodd, built by
# benchmarks/factor_import.py; median of 5 imports. Target: <= 2 s (issue 5).
#
# usage: benchmarks/factor_import.sh
# Environment: BENCH_ELEMENTS (6200: three rows each), BENCH_RUNS (5), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
unset NOTIFY_SOCKET

say "== building ecoprodd (release)"
(cd "$ROOT" && scripts/build-release.sh --product ecoprodd) >&2
start_daemon

say "== importing a Base Carbone export of ${BENCH_ELEMENTS:-6200} elements ${BENCH_RUNS:-5} times"
python3 "$HERE/factor_import.py" "$WORK/d.sock" --elements "${BENCH_ELEMENTS:-6200}" --runs "${BENCH_RUNS:-5}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
report_median factor_import "ImportFactorSet of a full-size Base Carbone export"
