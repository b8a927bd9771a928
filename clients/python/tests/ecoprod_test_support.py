"""Helpers shared by the ecoprod_client tests: short temporary directories and a
tiny in-test ttrpc server."""

from __future__ import annotations

import os
import socket
import struct
import tempfile
import threading
from typing import Callable, Optional

IO_TIMEOUT = 10.0  # every socket operation in the tests


def short_tmpdir() -> str:
    # sun_path holds 108 bytes: keep socket paths short whatever TMPDIR is.
    base = tempfile.gettempdir()
    if len(base) > 40 and os.path.isdir("/tmp"):
        base = "/tmp"
    directory = tempfile.mkdtemp(prefix="ecoprod-py-", dir=base)
    os.chmod(directory, 0o711)  # traversable by another uid (permission test)
    return directory


# --- the fake ttrpc server ------------------------------------------------------

HEADER = struct.Struct(">IIBB")


class Frame:
    def __init__(self, raw: bytes):
        self.raw = raw
        self.length, self.stream_id, self.type, self.flags = HEADER.unpack(raw[:10])
        self.payload = raw[10:]

    def __repr__(self) -> str:
        return (f"Frame(id={self.stream_id}, type={self.type}, flags=0x{self.flags:02x}, "
                f"payload={self.payload!r})")


def recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError(f"peer closed after {len(data)} of {size} bytes")
        data += chunk
    return data


def read_frame(sock: socket.socket) -> Frame:
    header = recv_exact(sock, 10)
    length = HEADER.unpack(header)[0]
    return Frame(header + recv_exact(sock, length))


def write_frame(sock: socket.socket, stream_id: int, ftype: int, flags: int,
                payload: bytes = b"") -> None:
    sock.sendall(HEADER.pack(len(payload), stream_id, ftype, flags) + payload)


class FakeServer:
    """Accepts one connection and runs ``handler(sock)`` on it in a thread.

    Every socket operation has IO_TIMEOUT. An exception in the handler is raised
    again by :meth:`join`.
    """

    def __init__(self, directory: str):
        self.socket_path = os.path.join(directory, "fake.sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.settimeout(IO_TIMEOUT)
        self._listener.bind(self.socket_path)
        self._listener.listen(1)
        self._thread: Optional[threading.Thread] = None
        self._error: Optional[BaseException] = None
        self.done = threading.Event()

    def serve(self, handler: Callable[[socket.socket], None]) -> None:
        def run() -> None:
            try:
                conn, _ = self._listener.accept()
                with conn:
                    conn.settimeout(IO_TIMEOUT)
                    handler(conn)
            except BaseException as exc:  # reported by join()
                self._error = exc
            finally:
                self.done.set()

        self._thread = threading.Thread(target=run, name="fake ttrpc server", daemon=True)
        self._thread.start()

    def join(self) -> None:
        assert self._thread is not None
        self._thread.join(IO_TIMEOUT * 2)
        assert not self._thread.is_alive(), "fake server handler did not finish"
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        self._listener.close()
