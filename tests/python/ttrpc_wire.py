"""A small raw-socket ttrpc 1.2 client, written from docs/PROTOCOL.md alone.

It deliberately shares no code with the daemon or its own clients: it is "a
client that is not ours". Every socket operation has a timeout, so a daemon
that stops answering makes a test fail instead of hang.
"""

from __future__ import annotations

import collections
import errno
import socket
import struct
import time
from dataclasses import dataclass
from typing import Deque, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from google.protobuf.message import Message
from google.rpc import status_pb2

from ecoprod_client._proto.ttrpc import ttrpc_pb2

# --- frame format (PROTOCOL.md section 2) -----------------------------------

HEADER = struct.Struct(">IIBB")
HEADER_SIZE = HEADER.size  # 10
MAX_PAYLOAD = 4 << 20  # 4194304

TYPE_REQUEST = 0x01
TYPE_RESPONSE = 0x02
TYPE_DATA = 0x03

FLAG_REMOTE_CLOSED = 0x01
FLAG_REMOTE_OPEN = 0x02
FLAG_NO_DATA = 0x04

DEFAULT_TIMEOUT = 10.0

# --- status codes (PROTOCOL.md section 6) -----------------------------------

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16

CODE_NAMES = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND", 6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION",
    10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED", 13: "INTERNAL",
    14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}

DAEMON_SERVICE = "ecoprod.daemon.v1.Daemon"


def code_name(code: int) -> str:
    return CODE_NAMES.get(code, f"CODE_{code}")


# --- errors ------------------------------------------------------------------


class ConnectionClosed(Exception):
    """The daemon closed the connection (EOF or reset) while we expected bytes."""

    def __init__(self, message: str, received: bytes = b""):
        super().__init__(message)
        self.received = received


class ProtocolViolation(Exception):
    """The daemon sent something PROTOCOL.md does not allow."""


class RpcError(Exception):
    """A call ended with a non-OK status."""

    def __init__(self, status: status_pb2.Status):
        super().__init__(f"{code_name(status.code)}: {status.message}")
        self.status = status

    @property
    def code(self) -> int:
        return self.status.code

    @property
    def message(self) -> str:
        return self.status.message


# --- frames ------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    stream_id: int
    type: int
    flags: int
    payload: bytes

    def __repr__(self) -> str:
        return (f"Frame(id={self.stream_id}, type={self.type}, flags=0x{self.flags:02x}, "
                f"payload={len(self.payload)}B)")


def encode_header(length: int, stream_id: int, frame_type: int, flags: int = 0) -> bytes:
    return HEADER.pack(length, stream_id, frame_type, flags)


def encode_frame(stream_id: int, frame_type: int, flags: int, payload: bytes) -> bytes:
    return encode_header(len(payload), stream_id, frame_type, flags) + payload


def encode_request(service: str, method: str, payload: bytes = b"", timeout_nano: int = 0,
                   metadata: Sequence[Tuple[str, str]] = ()) -> bytes:
    request = ttrpc_pb2.Request(service=service, method=method, payload=payload,
                                timeout_nano=timeout_nano)
    for key, value in metadata:
        request.metadata.add(key=key, value=value)
    return request.SerializeToString()


def _as_bytes(message: Union[Message, bytes, None]) -> bytes:
    if message is None:
        return b""
    if isinstance(message, (bytes, bytearray)):
        return bytes(message)
    return message.SerializeToString()


@dataclass
class UnaryResult:
    stream_id: int
    status: status_pb2.Status
    payload: bytes

    @property
    def code(self) -> int:
        return self.status.code

    @property
    def message(self) -> str:
        return self.status.message

    def ok(self) -> bool:
        return self.status.code == OK


def decode_response(frame: Frame) -> UnaryResult:
    if frame.type != TYPE_RESPONSE:
        raise ProtocolViolation(f"expected a Response frame, got {frame!r}")
    response = ttrpc_pb2.Response()
    response.ParseFromString(frame.payload)
    # A missing status means OK (PROTOCOL.md section 3).
    status = status_pb2.Status()
    if response.HasField("status"):
        status.CopyFrom(response.status)
    return UnaryResult(frame.stream_id, status, response.payload)


# --- connection --------------------------------------------------------------


class Connection:
    """One ttrpc connection. Frames of other streams read while waiting for a
    given stream are kept, so calls can be pipelined and interleaved."""

    def __init__(self, path: str, timeout: float = DEFAULT_TIMEOUT):
        self.path = path
        self.timeout = timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(path)
        except BaseException:
            self.sock.close()
            raise
        self._next_id = 1
        self._pending: Dict[int, Deque[Frame]] = collections.defaultdict(collections.deque)
        self._closed = False

    # context manager
    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.sock.close()

    # ids
    def next_stream_id(self) -> int:
        stream_id = self._next_id
        self._next_id += 2
        return stream_id

    def skip_ids_past(self, stream_id: int) -> None:
        """Make the next allocated id larger than `stream_id`."""
        while self._next_id <= stream_id:
            self._next_id += 2

    # raw bytes
    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_frame(self, stream_id: int, frame_type: int, flags: int, payload: bytes) -> None:
        self.sock.sendall(encode_frame(stream_id, frame_type, flags, payload))

    def _recv_exact(self, n: int) -> bytes:
        chunks: List[bytes] = []
        got = 0
        while got < n:
            try:
                chunk = self.sock.recv(min(n - got, 1 << 20))
            except ConnectionResetError as exc:
                raise ConnectionClosed(f"connection reset after {got} of {n} bytes",
                                       b"".join(chunks)) from exc
            if not chunk:
                raise ConnectionClosed(f"EOF after {got} of {n} bytes", b"".join(chunks))
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def recv_frame_any(self) -> Frame:
        """Read the next frame off the socket, whatever its stream."""
        header = self._recv_exact(HEADER_SIZE)
        length, stream_id, frame_type, flags = HEADER.unpack(header)
        if length > MAX_PAYLOAD:
            raise ProtocolViolation(f"daemon sent a {length}-byte payload")
        payload = self._recv_exact(length) if length else b""
        return Frame(stream_id, frame_type, flags, payload)

    def recv_frame(self, stream_id: Optional[int] = None) -> Frame:
        """Next frame, of `stream_id` if given (buffering other streams' frames)."""
        if stream_id is None:
            for sid, queue in self._pending.items():
                if queue:
                    return queue.popleft()
            return self.recv_frame_any()
        queue = self._pending.get(stream_id)
        if queue:
            return queue.popleft()
        while True:
            frame = self.recv_frame_any()
            if frame.stream_id == stream_id:
                return frame
            self._pending[frame.stream_id].append(frame)

    def pending_frames(self) -> Dict[int, List[Frame]]:
        return {sid: list(q) for sid, q in self._pending.items() if q}

    def expect_closed(self, timeout: Optional[float] = None) -> bytes:
        """Wait until the daemon closes the connection. Returns whatever bytes
        arrived before the close (normally b""). Raises socket.timeout if the
        connection stays open."""
        self.sock.settimeout(self.timeout if timeout is None else timeout)
        received = b""
        try:
            while True:
                try:
                    chunk = self.sock.recv(65536)
                except ConnectionResetError:
                    return received
                if not chunk:
                    return received
                received += chunk
        finally:
            self.sock.settimeout(self.timeout)

    # requests
    def send_request(self, service: str, method: str, message: Union[Message, bytes, None] = None,
                     *, timeout_nano: int = 0, flags: int = 0, stream_id: Optional[int] = None,
                     metadata: Sequence[Tuple[str, str]] = ()) -> int:
        if stream_id is None:
            stream_id = self.next_stream_id()
        else:
            self.skip_ids_past(stream_id)
        payload = encode_request(service, method, _as_bytes(message), timeout_nano, metadata)
        self.send_frame(stream_id, TYPE_REQUEST, flags, payload)
        return stream_id

    def wait_response(self, stream_id: int) -> UnaryResult:
        frame = self.recv_frame(stream_id)
        if frame.type != TYPE_RESPONSE:
            raise ProtocolViolation(f"expected a Response on stream {stream_id}, got {frame!r}")
        if frame.flags != 0:
            raise ProtocolViolation(f"Response frame with flags 0x{frame.flags:02x}")
        return decode_response(frame)

    def call_raw(self, service: str, method: str, message: Union[Message, bytes, None] = None,
                 **kwargs) -> UnaryResult:
        """Unary call; returns the status whatever it is."""
        return self.wait_response(self.send_request(service, method, message, **kwargs))

    def call(self, service: str, method: str, message: Union[Message, bytes, None],
             response_type, **kwargs):
        """Unary call; returns the decoded output or raises RpcError."""
        result = self.call_raw(service, method, message, **kwargs)
        if not result.ok():
            raise RpcError(result.status)
        out = response_type()
        out.ParseFromString(result.payload)
        return out

    def daemon(self, method: str, message: Union[Message, bytes, None], response_type, **kwargs):
        return self.call(DAEMON_SERVICE, method, message, response_type, **kwargs)

    # server streaming
    def open_server_stream(self, service: str, method: str,
                           message: Union[Message, bytes, None] = None, **kwargs) -> "ServerStream":
        kwargs.setdefault("flags", FLAG_REMOTE_CLOSED)
        stream_id = self.send_request(service, method, message, **kwargs)
        return ServerStream(self, stream_id)


class ServerStream:
    """The receiving side of a server-streaming call (PROTOCOL.md 4.2)."""

    def __init__(self, conn: Connection, stream_id: int):
        self.conn = conn
        self.stream_id = stream_id
        self.finished = False
        self.status: Optional[status_pb2.Status] = None  # set when ended by a Response

    def next_payload(self) -> Optional[bytes]:
        """The next message's bytes, or None once the stream ended successfully.
        Raises RpcError if the stream ends with an error Response."""
        if self.finished:
            return None
        frame = self.conn.recv_frame(self.stream_id)
        if frame.type == TYPE_RESPONSE:
            self.finished = True
            result = decode_response(frame)
            self.status = result.status
            if result.ok():
                return None
            raise RpcError(result.status)
        if frame.type != TYPE_DATA:
            raise ProtocolViolation(f"unexpected frame on stream {self.stream_id}: {frame!r}")
        if frame.flags & FLAG_REMOTE_CLOSED:
            self.finished = True
            if frame.flags & FLAG_NO_DATA:
                return None
            return frame.payload
        if frame.flags & FLAG_NO_DATA:
            return self.next_payload()
        return frame.payload

    def next(self, message_type):
        payload = self.next_payload()
        if payload is None:
            return None
        out = message_type()
        out.ParseFromString(payload)
        return out

    def iter(self, message_type) -> Iterator:
        while True:
            message = self.next(message_type)
            if message is None:
                return
            yield message


def wait_for_socket(path: str, deadline_seconds: float, poll_interval: float = 0.01,
                    alive=lambda: True) -> None:
    """Poll connect() on `path` until it succeeds; raise TimeoutError otherwise."""
    deadline = time.monotonic() + deadline_seconds
    last_error: Optional[BaseException] = None
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("daemon exited before its socket accepted connections")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(1.0)
        try:
            probe.connect(path)
            return
        except (FileNotFoundError, ConnectionRefusedError, socket.timeout) as exc:
            last_error = exc
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ECONNREFUSED, errno.EAGAIN):
                raise
            last_error = exc
        finally:
            probe.close()
        time.sleep(poll_interval)
    raise TimeoutError(f"socket {path} not accepting connections after {deadline_seconds}s: {last_error}")
