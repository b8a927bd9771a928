#!/usr/bin/env bash
# Afnor/BuildDossier with 1 GiB of evidence in 500 files through the socket into a release
# ecoprodd with the scoring and afnor plugins (benchmarks/dossier.py): the daemon's peak
# resident memory growth while building (target < 64 MiB) and its throughput as a ratio
# to `zip -0 -r` over the same files in the same run (target >= 0.5). Issue 7.
#
# usage: benchmarks/dossier.sh
# Environment: BENCH_FILES (500), BENCH_MIB (1024), BENCH_RUNS (3), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
unset NOTIFY_SOCKET
command -v zip >/dev/null || die "zip is needed (Debian: zip)"

say "== building ecoprodd and the scoring and afnor plugins (release)"
for product in ecoprodd ecoprod-scoring ecoprod-afnor; do (cd "$ROOT" && scripts/build-release.sh --product "$product") >&2; done
start_daemon ecoprod-scoring ecoprod-afnor
mkdir "$WORK/bench"

say "== ${BENCH_FILES:-500} evidence files, ${BENCH_MIB:-1024} MiB; ${BENCH_RUNS:-3} builds against zip -0 -r"
python3 "$HERE/dossier.py" "$WORK/d.sock" "$DAEMON_PID" "$WORK/bench" --files "${BENCH_FILES:-500}" --mib "${BENCH_MIB:-1024}" \
    --runs "${BENCH_RUNS:-3}" >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
mkdir -p "$HERE/results"
cp "$WORK/result.json" "$HERE/results/dossier.json"
python3 - "$WORK/result.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
memory = r["max_rss_growth_mib"] < r["target_rss_growth_mib"]
speed = r["throughput_ratio"] >= r["target_throughput_ratio"]
print(f"BuildDossier of {r['files']} files, {r['evidence_bytes'] / 2**20:.0f} MiB: median {r['median_seconds']} s, zip -0 -r {r['zip_median_seconds']} s, "
      f"throughput ratio {r['throughput_ratio']} (target >= {r['target_throughput_ratio']}): {'PASS' if speed else 'MISS'}")
print(f"peak RSS growth {r['rss_growth_mib']} MiB (target < {r['target_rss_growth_mib']}): {'PASS' if memory else 'MISS'}")
sys.exit(3 if not (memory and speed) and os.environ.get("BENCH_STRICT") == "1" else 0)
PY
say "written $HERE/results/dossier.json"
