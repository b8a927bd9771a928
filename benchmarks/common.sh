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
