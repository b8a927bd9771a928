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

start_daemon ecoprod-scoring

say "== seeding ${BENCH_PRODUCTIONS:-10000} productions, then ScoreMany ${BENCH_RUNS:-5} times"
python3 "$HERE/score_many.py" "$WORK/d.sock" --productions "${BENCH_PRODUCTIONS:-10000}" --runs "${BENCH_RUNS:-5}" \
    >"$WORK/result.json" || { cat "$WORK/daemon.log" >&2; die "benchmark failed"; }
report_median score_many "ScoreMany over ${BENCH_PRODUCTIONS:-10000} productions"
