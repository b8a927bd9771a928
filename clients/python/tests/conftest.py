"""Fixtures for the ecoprod_client tests.

``daemon``: the real ecoprodd (``$ECOPROD_DAEMON``, default .build/debug/ecoprodd
of this checkout) on a socket in a private temporary directory, started as

    ecoprodd --socket DIR/s.sock --state-dir DIR/state --config /dev/null --log-target stderr
             --data-dir REPO/data

ready once connect() succeeds, stopped with SIGTERM at teardown (must exit 0).

``fake_server``: a tiny in-test ttrpc server (one thread, one connection) for what
the daemon cannot show: client streaming, exact bytes, answers out of order,
silence, a dropped connection.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

HERE = Path(__file__).resolve().parent
CLIENT_ROOT = HERE.parent
REPO = CLIENT_ROOT.parent.parent
SRC = CLIENT_ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from ecoprod_client import Connection  # noqa: E402
from ecoprod_test_support import IO_TIMEOUT, FakeServer, short_tmpdir  # noqa: E402

DEFAULT_DAEMON = REPO / ".build" / "debug" / "ecoprodd"
READY_TIMEOUT = 10.0
STOP_TIMEOUT = 15.0


class Daemon:
    def __init__(self, binary: str, directory: str):
        self.binary = binary
        self.directory = directory
        self.socket_path = os.path.join(directory, "s.sock")
        self.state_dir = os.path.join(directory, "state")
        self.log_path = os.path.join(directory, "daemon.log")
        self.proc: Optional[subprocess.Popen] = None
        self.returncode: Optional[int] = None
        self._connections: List[Connection] = []

    def start(self) -> None:
        env = dict(os.environ)
        for key in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET"):
            env.pop(key, None)
        argv = [self.binary, "--socket", self.socket_path, "--state-dir", self.state_dir,
                "--config", "/dev/null", "--log-target", "stderr", "--data-dir", str(REPO / "data")]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env, close_fds=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self.proc is not None
        attempts = int(READY_TIMEOUT / 0.01)
        for _ in range(attempts):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.settimeout(IO_TIMEOUT)
            try:
                probe.connect(self.socket_path)
                return
            except OSError:
                pass
            finally:
                probe.close()
            # The poll interval is a wait on the process itself: it ends early if
            # the daemon dies.
            try:
                code = self.proc.wait(timeout=0.01)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"ecoprodd exited with {code} before serving\n{self.log_tail()}")
        self.kill()
        pytest.fail(f"ecoprodd did not accept connections within {READY_TIMEOUT}s\n"
                    f"{self.log_tail()}")

    def connect(self, **kwargs) -> Connection:
        kwargs.setdefault("timeout", IO_TIMEOUT)
        conn = Connection(self.socket_path, **kwargs)
        self._connections.append(conn)
        return conn

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no daemon log)"
        return "--- ecoprodd log ---\n" + "\n".join(text.splitlines()[-lines:])

    def close_connections(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def stop(self) -> int:
        if self.returncode is not None:
            return self.returncode
        self.terminate()
        assert self.proc is not None
        try:
            self.returncode = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"ecoprodd did not exit within {STOP_TIMEOUT}s of SIGTERM\n"
                        f"{self.log_tail()}")
        return self.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def daemon():
    binary = os.environ.get("ECOPROD_DAEMON", str(DEFAULT_DAEMON))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"ecoprodd binary not found or not executable: {binary} "
                    "(run `swift build`, or set ECOPROD_DAEMON)")
    directory = short_tmpdir()
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
def fake_server():
    directory = short_tmpdir()
    server = FakeServer(directory)
    try:
        yield server
    finally:
        server.close()
        shutil.rmtree(directory, ignore_errors=True)
