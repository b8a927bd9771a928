#!/usr/bin/env bash
# The scoring engine in-process (benchmarks/scoring/main.swift): Score and PlanToThreshold
# on the shipped Ecoprod Label draft (80 criteria; a framework of the same shape when the
# data file is absent), random statuses, release build, pinned to one CPU.
# Targets (issue 4): Score p50 <= 50 µs, PlanToThreshold p50 <= 5 ms.
#
# usage: benchmarks/scoring.sh
# Environment: BENCH_ITERATIONS (20000), BENCH_CPU (0), BENCH_SCRATCH (.build: SwiftPM's
# scratch path), BENCH_STRICT=1 to exit 3 on a miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/common.sh"
CPU=${BENCH_CPU:-0}
SCRATCH="$ROOT/${BENCH_SCRATCH:-.build}"
FRAMEWORK="$ROOT/data/frameworks/ecoprod-label-draft.json"

say "== building ecoprod-scoring-bench (release)"
(cd "$ROOT" && scripts/build-release.sh --scratch-path "$SCRATCH" --product ecoprod-scoring-bench) >&2

WORK=$(mktemp -d /tmp/ecoprod-bench-scoring.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
framework_argument=()
[ -f "$FRAMEWORK" ] && framework_argument=("$FRAMEWORK")
taskset -c "$CPU" "$SCRATCH/release/ecoprod-scoring-bench" "${framework_argument[@]}" --iterations "${BENCH_ITERATIONS:-20000}" \
    >"$WORK/result.json" || die "ecoprod-scoring-bench failed"

mkdir -p "$HERE/results"
status=0
python3 - "$WORK/result.json" "$HERE/results/scoring.json" "$CPU" <<'PY' || status=$?
import json, sys, time
result_file, out, cpu = sys.argv[1:]
result = json.load(open(result_file))
targets = {"score": 50.0, "plan": 5000.0}  # p50, µs
checks = {}
print(f"\n{result['framework']}, {result['criteria']} criteria, pinned to cpu {cpu}")
print(f"{'method':<18}{'calls':>8}{'p50 us':>10}{'p99 us':>10}{'target':>10}{'p50/target':>12}")
for name, label in (("score", "Score"), ("plan", "PlanToThreshold")):
    us = result[name]["us"]
    ratio = us["p50"] / targets[name]
    checks[name] = {"p50_us": us["p50"], "p99_us": us["p99"], "target_p50_us": targets[name], "ratio": ratio, "pass": ratio <= 1}
    verdict = "PASS" if ratio <= 1 else "FAIL"
    print(f"{label:<18}{result[name]['iterations']:>8}{us['p50']:>10.2f}{us['p99']:>10.2f}{targets[name]:>10.0f}{ratio:>12.4f}  {verdict}")
passed = all(check["pass"] for check in checks.values())
json.dump({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpu": int(cpu), "result": result,
           "checks": checks, "pass": passed}, open(out, "w"), indent=2)
print(f"written {out}")
sys.exit(0 if passed else 3)
PY
[ "${BENCH_STRICT:-0}" = 1 ] && exit $status
exit 0
