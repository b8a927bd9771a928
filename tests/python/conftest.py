"""Fixtures: the real ecoprodd binary on a socket in a private temporary directory.

ECOPROD_DAEMON names the binary (default: .build/debug/ecoprodd of this checkout).
Each test gets its own daemon, started as

    ecoprodd --socket DIR/ecoprod.sock --state-dir DIR/state --config /dev/null

and stopped with SIGTERM at teardown, which must make it exit with status 0.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
for extra in (HERE, REPO / "clients" / "python" / "src"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import ttrpc_wire  # noqa: E402

DEFAULT_DAEMON = REPO / ".build" / "debug" / "ecoprodd"
READY_TIMEOUT = 10.0  # seconds of polling connect(), every 10 ms
STOP_TIMEOUT = 15.0


class Daemon:
    def __init__(self, binary: str, directory: str):
        self.binary = binary
        self.directory = directory
        self.socket_path = os.path.join(directory, "ecoprod.sock")
        self.state_dir = os.path.join(directory, "state")
        self.config_path = "/dev/null"
        self.log_path = os.path.join(directory, "daemon.log")
        self.proc: Optional[subprocess.Popen] = None
        self.returncode: Optional[int] = None
        self._connections: List[ttrpc_wire.Connection] = []

    @property
    def argv(self) -> List[str]:
        return [self.binary, "--socket", self.socket_path, "--state-dir", self.state_dir,
                "--config", self.config_path]

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        env = dict(os.environ)
        # Not started by systemd: no inherited listening socket, no notify socket.
        for key in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET"):
            env.pop(key, None)
        log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env, close_fds=True)
        finally:
            log.close()
        try:
            ttrpc_wire.wait_for_socket(self.socket_path, READY_TIMEOUT,
                                       alive=lambda: self.proc.poll() is None)
        except BaseException as exc:
            self.kill()
            pytest.fail(f"ecoprodd did not become ready: {exc}\n{self.log_tail()}")

    def connect(self, timeout: float = ttrpc_wire.DEFAULT_TIMEOUT) -> ttrpc_wire.Connection:
        conn = ttrpc_wire.Connection(self.socket_path, timeout=timeout)
        self._connections.append(conn)
        return conn

    def log_tail(self, lines: int = 60) -> str:
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no daemon log)"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- ecoprodd log (last {lines} lines) ---\n{tail}"

    def close_connections(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()

    def terminate(self) -> None:
        """Send SIGTERM (once)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        assert self.proc is not None
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"ecoprodd did not exit within {timeout}s of SIGTERM\n{self.log_tail()}")
        return self.returncode

    def stop(self) -> int:
        """SIGTERM and wait; idempotent."""
        if self.returncode is not None:
            return self.returncode
        self.terminate()
        return self.wait()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _short_tmpdir() -> str:
    # sun_path holds 108 bytes: keep the socket path short whatever TMPDIR is.
    base = tempfile.gettempdir()
    if len(base) > 40 and os.path.isdir("/tmp"):
        base = "/tmp"
    directory = tempfile.mkdtemp(prefix="ecoprodd-", dir=base)
    # Traversable (not listable) by others, so a test can connect as another uid.
    os.chmod(directory, 0o711)
    return directory


@pytest.fixture
def daemon():
    binary = os.environ.get("ECOPROD_DAEMON", str(DEFAULT_DAEMON))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"ecoprodd binary not found or not executable: {binary} "
                    "(build it, or set ECOPROD_DAEMON)")
    directory = _short_tmpdir()
    instance = Daemon(binary, directory)
    try:
        instance.start()
        yield instance
        instance.close_connections()
        code = instance.stop()
        assert code == 0, f"ecoprodd exited with {code} after SIGTERM\n{instance.log_tail()}"
    finally:
        instance.close_connections()
        instance.kill()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def witness(daemon):
    """A well-behaved connection, opened (and proven to work) before a test
    misbehaves on another connection."""
    conn = daemon.connect()
    from ecoprod_client._proto.ecoprod.daemon.v1 import daemon_pb2

    response = conn.daemon("Health", daemon_pb2.HealthRequest(), daemon_pb2.HealthResponse)
    assert response.status == daemon_pb2.HealthResponse.SERVING
    return conn
