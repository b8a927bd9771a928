# Shell helpers shared by the benchmark scripts (sourced, not run).

say() { printf '%s\n' "$*" >&2; }
die() { say "$(basename "$0"): $*"; exit 1; }

# wait_for_socket PATH PID: poll connect() until it succeeds (10 s limit).
wait_for_socket() {
    python3 - "$1" "$2" <<'PY'
import os, socket, sys, time
path, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 10
while True:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        sys.exit(0)
    except OSError:
        pass
    finally:
        s.close()
    try:
        os.kill(pid, 0)
        if open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] == "Z":
            raise ProcessLookupError
    except (ProcessLookupError, FileNotFoundError):
        sys.exit(f"server (pid {pid}) exited before {path} accepted connections")
    if time.monotonic() > deadline:
        sys.exit(f"{path} not accepting connections after 10 s")
    time.sleep(0.002)
PY
}

# start_daemon [PLUGIN...]: a release ecoprodd on $WORK/d.sock (WORK: a fresh temporary
# directory, removed on exit) with the shipped data and the named plugins of .build/release
# (e.g. ecoprod-scoring, installed as scoring.so). Sets WORK and DAEMON_PID.
start_daemon() {
    WORK=$(mktemp -d /tmp/ecoprod-bench.XXXXXX)
    trap 'kill -TERM "${DAEMON_PID:-0}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
    mkdir -m 0755 "$WORK/plugins"
    local plugin
    for plugin in "$@"; do
        install -m 0644 "$ROOT/.build/release/lib$plugin.so" "$WORK/plugins/${plugin#ecoprod-}.so"
    done
    "$ROOT/.build/release/ecoprodd" --socket "$WORK/d.sock" --state-dir "$WORK/state" --config /dev/null \
        --data-dir "$ROOT/data" --plugin-dir "$WORK/plugins" --log-level warning >"$WORK/daemon.log" 2>&1 &
    DAEMON_PID=$!
    wait_for_socket "$WORK/d.sock" "$DAEMON_PID" || { cat "$WORK/daemon.log" >&2; die "ecoprodd did not start"; }
}

# report_median NAME WHAT: the JSON object a benchmark printed to $WORK/result.json (with
# seconds, median_seconds and target_seconds) goes to results/NAME.json, and its verdict to
# the terminal; with BENCH_STRICT=1 a miss exits 3.
report_median() {
    mkdir -p "$HERE/results"
    cp "$WORK/result.json" "$HERE/results/$1.json"
    python3 - "$WORK/result.json" "$2" <<'PY'
import json, os, sys
result, what = json.load(open(sys.argv[1])), sys.argv[2]
median = result["median_seconds"]
verdict = "PASS" if median <= result["target_seconds"] else "MISS"
print(f"{what}: median {median:.3f} s (runs {result['seconds']}), target <= {result['target_seconds']} s: {verdict}")
sys.exit(3 if verdict == "MISS" and os.environ.get("BENCH_STRICT") == "1" else 0)
PY
    say "written $HERE/results/$1.json"
}
