#!/usr/bin/env python3
"""Startup time to READY=1 and idle RSS of ecoprodd.

usage: ready_time.py [DAEMON] [--runs N] [--health-calls N]
       (DAEMON defaults to $ECOPROD_DAEMON)

Ready time: for each of N runs (default 10), in a fresh temporary directory,
bind an AF_UNIX SOCK_DGRAM notify socket, take time.monotonic_ns() right
before spawning

    DAEMON --socket TMP/s.sock --state-dir TMP/state --config /dev/null

with NOTIFY_SOCKET pointing at that socket, read notify datagrams until one
holds a line "READY=1", and record the elapsed milliseconds.  The daemon is
then sent SIGTERM and waited for.  The median is reported.

Idle RSS: one more daemon is started the same way; after READY=1 the script
makes N Health calls (default 1000) over one connection, checking every
response (frame type 2, same stream id, ttrpc.Response without an error
status), closes the connection, and reads VmRSS (and VmHWM) from
/proc/PID/status.

Progress goes to stderr; the result is one JSON line on stdout:
  {"runs":10,"ready_ms":[...],"ready_ms_median":..,"health_calls":1000,
   "idle_rss_mb":..,"peak_rss_mb":..}
Exit status is non-zero if any run failed.
"""
import argparse
import json
import os
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

READY_TIMEOUT_S = 10.0
HEALTH_REQUEST = bytes.fromhex(
    "0a1865636f70726f642e6461656d6f6e2e76312e4461656d6f6e12064865616c7468")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Failure(Exception):
    pass


class Daemon:
    """One daemon process in its own temporary directory."""

    def __init__(self, binary):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="ecoprod-bench-")
        self.sock_path = os.path.join(self.dir, "s.sock")
        self.state_dir = os.path.join(self.dir, "state")
        os.mkdir(self.state_dir, 0o700)
        self.notify_path = os.path.join(self.dir, "notify.sock")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(self.notify_path)
        self.log_path = os.path.join(self.dir, "daemon.log")
        self.proc = None

    def start(self):
        """Spawn the daemon and wait for READY=1; returns elapsed ns."""
        env = dict(os.environ, NOTIFY_SOCKET=self.notify_path)
        argv = [self.binary, "--socket", self.sock_path,
                "--state-dir", self.state_dir, "--config", "/dev/null"]
        logf = open(self.log_path, "wb")
        t0 = time.monotonic_ns()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=logf, stderr=subprocess.STDOUT)
        logf.close()
        deadline = t0 + int(READY_TIMEOUT_S * 1e9)
        while True:
            left = (deadline - time.monotonic_ns()) / 1e9
            if left <= 0:
                raise Failure(f"no READY=1 within {READY_TIMEOUT_S:.0f} s")
            r, _, _ = select.select([self.notify], [], [], min(left, 0.05))
            if r:
                data = self.notify.recv(65536)
                t1 = time.monotonic_ns()
                if b"READY=1" in data.split(b"\n"):
                    return t1 - t0
            elif self.proc.poll() is not None:
                raise Failure(f"daemon exited with status {self.proc.returncode} before READY=1")

    def log_tail(self, n=15):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode(errors="replace").splitlines()
            return "".join("\n    " + l for l in lines[-n:])
        except OSError:
            return ""

    def stop(self):
        """SIGTERM and wait.  Returns the exit status after SIGTERM, or None if
        the daemon had already exited or had to be killed."""
        status = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                status = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log("  warning: daemon ignored SIGTERM for 10 s; killing it")
                self.proc.kill()
                self.proc.wait()
        self.notify.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return status


def recv_exact(s, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise Failure("daemon closed the connection")
        buf += chunk
    return bytes(buf)


def read_varint(b, i):
    v = shift = 0
    while True:
        if i >= len(b):
            raise Failure("truncated varint in response")
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return v, i


def status_code(response):
    """google.rpc.Status.code inside a ttrpc.Response (0 if absent)."""
    i = 0
    while i < len(response):
        key, i = read_varint(response, i)
        field, wt = key >> 3, key & 7
        if wt == 0:
            _, i = read_varint(response, i)
        elif wt == 2:
            n, i = read_varint(response, i)
            body = response[i:i + n]
            i += n
            if field == 1:
                j = 0
                while j < len(body):
                    k, j = read_varint(body, j)
                    if k == 0x08:
                        code, j = read_varint(body, j)
                        if code:
                            return code
                    elif k & 7 == 2:
                        m, j = read_varint(body, j)
                        j += m
                    elif k & 7 == 0:
                        _, j = read_varint(body, j)
                    else:
                        break
        elif wt == 1:
            i += 8
        elif wt == 5:
            i += 4
        else:
            raise Failure(f"unexpected wire type {wt} in response")
    return 0


def connect(path, timeout_s=5.0):
    deadline = time.monotonic() + timeout_s
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError as e:
            s.close()
            if time.monotonic() >= deadline:
                raise Failure(f"cannot connect to {path} after READY=1: {e}")
            time.sleep(0.005)


def health_calls(path, n):
    s = connect(path)
    s.settimeout(10)
    try:
        sid = 1
        for _ in range(n):
            s.sendall(struct.pack(">IIBB", len(HEALTH_REQUEST), sid, 1, 0) + HEALTH_REQUEST)
            length, rsid, typ, _flags = struct.unpack(">IIBB", recv_exact(s, 10))
            payload = recv_exact(s, length)
            if typ != 2 or rsid != sid:
                raise Failure(f"bad response frame: type {typ} stream {rsid}, expected type 2 stream {sid}")
            code = status_code(payload)
            if code:
                raise Failure(f"Health returned error status code {code}")
            sid += 2
    finally:
        s.close()


def proc_status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise Failure(f"{key} not found in /proc/{pid}/status")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("daemon", nargs="?", default=os.environ.get("ECOPROD_DAEMON"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--health-calls", type=int, default=1000)
    args = ap.parse_args()
    if not args.daemon:
        ap.error("no daemon binary given (argument or $ECOPROD_DAEMON)")
    binary = os.path.abspath(args.daemon)

    ok = True
    times_ms = []
    for run in range(args.runs):
        d = Daemon(binary)
        try:
            ms = d.start() / 1e6
            times_ms.append(ms)
            log(f"  ready run {run + 1}/{args.runs}: {ms:.1f} ms")
        except Failure as e:
            ok = False
            log(f"  ready run {run + 1}/{args.runs}: FAILED: {e}{d.log_tail()}")
        finally:
            status = d.stop()
            if status not in (0, None, -signal.SIGTERM):
                log(f"  warning: daemon exited with status {status} after SIGTERM")

    rss_mb = hwm_mb = None
    d = Daemon(binary)
    try:
        d.start()
        health_calls(d.sock_path, args.health_calls)
        rss_mb = proc_status_kb(d.proc.pid, "VmRSS") / 1024
        hwm_mb = proc_status_kb(d.proc.pid, "VmHWM") / 1024
        log(f"  idle RSS after {args.health_calls} Health calls: {rss_mb:.1f} MB (peak {hwm_mb:.1f} MB)")
    except (Failure, OSError) as e:
        ok = False
        log(f"  RSS measurement FAILED: {e}{d.log_tail()}")
    finally:
        d.stop()

    result = {
        "runs": args.runs,
        "ready_ms": [round(t, 2) for t in times_ms],
        "ready_ms_median": round(statistics.median(times_ms), 2) if times_ms else None,
        "health_calls": args.health_calls,
        "idle_rss_mb": round(rss_mb, 2) if rss_mb is not None else None,
        "peak_rss_mb": round(hwm_mb, 2) if hwm_mb is not None else None,
    }
    print(json.dumps(result), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
