#!/usr/bin/env bash
# The directory at scale through the socket (benchmarks/directory.py): 100,000 organisations
# and 10,000 active signatories in a release ecoprodd with the charter and signatory map
# plugins. Full-text and 50 km radius search p99 (targets <= 5 ms), GeoJSON and SVG map of
# the 10,000 signatories (targets <= 100 ms, <= 300 ms). Issue 6.
#
# usage: benchmarks/directory.sh
# Environment: BENCH_ORGANISATIONS (100000), BENCH_SIGNATORIES (10000), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
unset NOTIFY_SOCKET

say "== building ecoprodd and the charter and signatories plugins (release), and the C search client"
make -s -C "$HERE" build/directory_search >&2
for product in ecoprodd ecoprod-charter ecoprod-signatories; do (cd "$ROOT" && scripts/build-release.sh --product "$product") >&2; done
start_daemon ecoprod-charter ecoprod-signatories

say "== ${BENCH_ORGANISATIONS:-100000} organisations, ${BENCH_SIGNATORIES:-10000} signatories"
python3 "$HERE/directory.py" "$WORK/d.sock" --c-client "$HERE/build/directory_search" --organisations "${BENCH_ORGANISATIONS:-100000}" --signatories "${BENCH_SIGNATORIES:-10000}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
mkdir -p "$HERE/results"
cp "$WORK/result.json" "$HERE/results/directory.json"
python3 - "$WORK/result.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
c = r["c_client"]
print(f"from Python: full-text p50 {r['text_search']['p50_ms']} ms p99 {r['text_search']['p99_ms']} ms; "
      f"50 km radius p50 {r['radius_50km']['p50_ms']} ms p99 {r['radius_50km']['p99_ms']} ms")
checks = [
    ("full-text search p99 (C client)", c["text"]["p99_ms"], 5, f"p50 {c['text']['p50_ms']} ms, {c['text']['mean_hits']} hits"),
    ("50 km radius search p99 (C client)", c["near"]["p99_ms"], 5, f"p50 {c['near']['p50_ms']} ms, {c['near']['mean_hits']} hits"),
    ("GeoJSON of the signatories", r["geojson"]["median_ms"], r["geojson"]["target_ms"], f"{r['geojson']['bytes']} bytes"),
    ("SVG map of the signatories", r["svg"]["median_ms"], r["svg"]["target_ms"], f"{r['svg']['bytes']} bytes"),
]
print(f"{r['organisations']} organisations imported in {r['import_seconds']} s; {r['signatories']} signatories")
floor, tb, rb = r["client_floor_100_organisations"], r["text_search_basic_view"], r["radius_50km_basic_view"]
print(f"receiving 100 organisations in Python (ListOrganisations, no search): p50 {floor['p50_ms']} ms, p99 {floor['p99_ms']} ms")
print(f"with view BASIC: full-text p50 {tb['p50_ms']} ms p99 {tb['p99_ms']} ms; 50 km radius p50 {rb['p50_ms']} ms p99 {rb['p99_ms']} ms")
missed = False
for name, value, target, detail in checks:
    verdict = "PASS" if value <= target else "MISS"
    missed |= verdict == "MISS"
    print(f"{name}: {value} ms ({detail}), target <= {target} ms, ratio {round(value / target, 3)}: {verdict}")
sys.exit(3 if missed and os.environ.get("BENCH_STRICT") == "1" else 0)
PY
say "written $HERE/results/directory.json"
