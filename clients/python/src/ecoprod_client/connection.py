"""A thread-safe ttrpc 1.2 connection to ecoprodd over its Unix socket.

The wire format is described in docs/PROTOCOL.md. One :class:`Connection`
carries any number of calls at once: a reader thread reads every frame the
daemon sends and hands it to the call that owns its stream id, so several
threads can have calls in flight on the same connection.

Deadlines. A call's ``timeout`` (seconds) is sent to the daemon as
``Request.timeout_nano``; the daemon ends the call with ``DEADLINE_EXCEEDED``
when it is up. The client enforces it too: if no answer arrived
``deadline_grace`` seconds after the deadline (a hung daemon, a lost
connection), the call raises :class:`~ecoprod_client.errors.DeadlineExceeded`
itself (with ``remote = False``). The grace lets the daemon's own answer, which
says more, arrive first.
"""

from __future__ import annotations

import collections.abc
import copy
import logging
import os
import queue
import socket
import struct
import threading
import time
from typing import (Any, Generic, Iterable, List, Mapping, Optional, Tuple, Type, TypeVar,
                    Union)

from google.protobuf.message import DecodeError, Message

from ._proto.ttrpc import ttrpc_pb2
from .errors import (ConnectionLost, DaemonUnavailable, DeadlineExceeded, ProtocolError,
                     ResourceExhausted, RpcError, error_from_status)

__all__ = [
    "Connection",
    "ServerStream",
    "DEFAULT_SOCKET_PATH",
    "SOCKET_ENV",
    "DEFAULT_TIMEOUT",
    "MAX_PAYLOAD",
]

_log = logging.getLogger("ecoprod_client")

#: The daemon's default socket.
DEFAULT_SOCKET_PATH = "/run/ecoprod/ecoprod.sock"
#: The environment variable that overrides :data:`DEFAULT_SOCKET_PATH`.
SOCKET_ENV = "ECOPROD_SOCKET"
#: Default timeout of a connection, in seconds (connect, writes, default call deadline).
DEFAULT_TIMEOUT = 30.0
#: Default time the client waits past a call's deadline for the daemon's own answer.
DEFAULT_DEADLINE_GRACE = 0.5
#: The largest frame payload ttrpc allows: 4 MiB.
MAX_PAYLOAD = 4 * 1024 * 1024

_HEADER = struct.Struct(">IIBB")  # length, stream id, type, flags
_HEADER_SIZE = _HEADER.size  # 10

_TYPE_REQUEST = 0x01
_TYPE_RESPONSE = 0x02
_TYPE_DATA = 0x03

_FLAG_REMOTE_CLOSED = 0x01
_FLAG_REMOTE_OPEN = 0x02
_FLAG_NO_DATA = 0x04

_MAX_STREAM_ID = 0xFFFFFFFF
_INT64_MAX = (1 << 63) - 1

M = TypeVar("M", bound=Message)
Metadata = Union[Mapping[str, str], Iterable[Tuple[str, str]], None]


class _Call:
    """The client side of one stream: the frames routed to it, in order."""

    __slots__ = ("stream_id", "label", "frames", "abandoned")

    def __init__(self, stream_id: int, label: str):
        self.stream_id = stream_id
        self.label = label
        # Items: (frame type, flags, payload) tuples, or an RpcError when the
        # connection failed.
        self.frames: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        # Set (without a lock, so it is safe from __del__) when nobody will read
        # the stream any more: the reader thread drops its frames from then on.
        self.abandoned = False


def _timeout_nano(timeout: Optional[float]) -> int:
    if timeout is None:
        return 0
    if timeout <= 0:
        return -1  # already expired: the daemon answers DEADLINE_EXCEEDED at once
    return min(_INT64_MAX, max(1, int(round(timeout * 1e9))))


def _serialize(message: Union[Message, bytes]) -> bytes:
    """A message's wire form; bytes pass through (already serialized input)."""
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    return message.SerializeToString()


def _metadata_pairs(metadata: Metadata) -> List[Tuple[str, str]]:
    if metadata is None:
        return []
    items = metadata.items() if isinstance(metadata, collections.abc.Mapping) else metadata
    return [(str(key), str(value)) for key, value in items]


def _labelled(error: RpcError, label: str) -> RpcError:
    """A copy of a connection-wide error, naming the call it ends."""
    copy_ = copy.copy(error)
    copy_.message = f"{label}: {error.message}"
    copy_.args = (f"{copy_.code_name}: {copy_.message}",)
    return copy_


class Connection:
    """One connection to ecoprodd, shared safely by any number of threads.

    Args:
        socket_path: the daemon's socket; default ``$ECOPROD_SOCKET`` or
            ``/run/ecoprod/ecoprod.sock``.
        timeout: seconds for ``connect()`` and for each write, and the default
            deadline of unary and client-streaming calls (server streams have
            none unless given one). ``None`` means no timeout.
        deadline_grace: seconds the client waits past a call's deadline for the
            daemon's ``DEADLINE_EXCEEDED`` answer before raising its own.

    Raises:
        DaemonUnavailable: the socket cannot be connected to (missing, refused,
            permission denied: the message says which group to join).

    Use it as a context manager, or call :meth:`close`. Closing the connection
    is the only way to cancel calls on the daemon side (ttrpc has no cancel
    frame): every call still in flight then raises :class:`ConnectionLost`.
    """

    def __init__(self, socket_path: Optional[str] = None,
                 timeout: Optional[float] = DEFAULT_TIMEOUT, *,
                 deadline_grace: float = DEFAULT_DEADLINE_GRACE):
        self.socket_path: str = (socket_path or os.environ.get(SOCKET_ENV)
                                 or DEFAULT_SOCKET_PATH)
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be positive or None, not {timeout!r}")
        self.timeout = timeout
        self.deadline_grace = max(0.0, float(deadline_grace))
        self._sock = self._connect(self.socket_path, timeout)
        self._lock = threading.Lock()  # guards _calls, _next_id, _failure, _closed
        self._write_lock = threading.Lock()  # one frame on the wire at a time, ids in order
        self._calls: "dict[int, _Call]" = {}
        self._next_id = 1
        self._failure: Optional[RpcError] = None
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True,
                                        name=f"ecoprod-client reader {self.socket_path}")
        self._reader.start()

    @staticmethod
    def _connect(path: str, timeout: Optional[float]) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            sock.settimeout(timeout)
            while True:
                try:
                    sock.connect(path)
                    return sock
                except BlockingIOError as exc:
                    # EAGAIN: the daemon's accept backlog is full (only with a
                    # timeout: the socket is non-blocking then). Retry until the
                    # timeout is up.
                    if deadline is not None and time.monotonic() >= deadline:
                        raise DaemonUnavailable(
                            path, exc, f"cannot connect to ecoprodd at {path}: the daemon "
                            f"did not accept the connection within {timeout}s") from exc
                    time.sleep(0.005)
        except OSError as exc:
            sock.close()
            raise DaemonUnavailable(path, exc) from exc
        except BaseException:
            sock.close()
            raise

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("failed" if self._failure else "open")
        return f"<Connection {self.socket_path!r} {state}>"

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called or the connection failed."""
        return self._closed or self._failure is not None

    def close(self) -> None:
        """Close the connection. Calls still in flight raise ConnectionLost. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._fail(ConnectionLost(f"connection to {self.socket_path} was closed"))
        if threading.current_thread() is not self._reader:
            self._reader.join(self.timeout)
        # Take the write lock so no thread is inside sendall when the fd goes away.
        acquired = self._write_lock.acquire(timeout=self.timeout if self.timeout else -1)
        try:
            self._sock.close()
        finally:
            if acquired:
                self._write_lock.release()

    # --- calls -------------------------------------------------------------------

    def unary(self, service: str, method: str, request_message: Message,
              response_type: Type[M], timeout: Optional[float] = None,
              metadata: Metadata = None) -> M:
        """Call a unary method and return its response message.

        ``request_message`` is a protobuf message, or bytes already serialized.

        ``timeout`` defaults to the connection's timeout. Raises an RpcError
        subclass for an error status, a local deadline, or a lost connection.
        """
        timeout = self.timeout if timeout is None else timeout
        deadline = self._local_deadline(timeout)
        call = self._open(service, method, _serialize(request_message), 0, timeout,
                          metadata)
        try:
            ftype, _, payload = self._next_frame(call, deadline)
        except BaseException:
            self._abandon(call)
            raise
        return self._final_response(call, ftype, payload, response_type)

    def server_stream(self, service: str, method: str, request: Message,
                      response_type: Type[M], timeout: Optional[float] = None,
                      metadata: Metadata = None) -> "ServerStream[M]":
        """Call a server-streaming method; returns an iterator of response messages.

        The request is sent at once. Iteration ends when the daemon ends the
        stream successfully, and raises an RpcError if it ends it with an error
        status. ``timeout`` (default: none) is the deadline of the whole stream.
        Close the returned stream (or use it as a context manager) to stop
        reading it early; the daemon keeps the stream open until the connection
        closes, and frames it still sends are dropped.
        """
        deadline = self._local_deadline(timeout)
        call = self._open(service, method, _serialize(request), _FLAG_REMOTE_CLOSED,
                          timeout, metadata)
        return ServerStream(self, call, response_type, deadline)

    def client_stream(self, service: str, method: str, requests_iterable: Iterable[Message],
                      response_type: Type[M], timeout: Optional[float] = None,
                      metadata: Metadata = None) -> M:
        """Call a client-streaming method: send every message of ``requests_iterable``,
        then return the response.

        Frames: a Request with flags 0x02 and an empty payload, one Data frame
        (flags 0) per message, a final empty Data frame with flags 0x05. If the
        daemon answers early (an error), sending stops and its answer is returned
        or raised. ``timeout`` defaults to the connection's timeout.

        If iterating ``requests_iterable`` raises, the exception propagates and
        the stream is abandoned unfinished (the daemon only drops it when the
        connection closes; close the connection if that matters).
        """
        timeout = self.timeout if timeout is None else timeout
        deadline = self._local_deadline(timeout)
        call = self._open(service, method, b"", _FLAG_REMOTE_OPEN, timeout, metadata)
        try:
            early = None
            for message in requests_iterable:
                early = self._poll_frame(call)
                if early is not None:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    raise self._local_deadline_error(call)
                data = _serialize(message)
                self._check_size(call.label, len(data), "message")
                self._send_frame(call.stream_id, _TYPE_DATA, 0, data)
            if early is None:
                early = self._poll_frame(call)
            if early is None:
                self._send_frame(call.stream_id, _TYPE_DATA,
                                 _FLAG_REMOTE_CLOSED | _FLAG_NO_DATA, b"")
                ftype, _, payload = self._next_frame(call, deadline)
            else:
                ftype, _, payload = early
        except BaseException:
            self._abandon(call)
            raise
        return self._final_response(call, ftype, payload, response_type)

    def _final_response(self, call, ftype: int, payload: bytes, response_type: Type[M]) -> M:
        """The single Response frame that ends a unary or client-streaming call."""
        if ftype != _TYPE_RESPONSE:
            self._abandon(call)
            raise ProtocolError(f"{call.label}: expected a Response frame on stream "
                                f"{call.stream_id}, got a frame of type {ftype}")
        return self._decode_response(call, payload, response_type)

    # --- internals: sending --------------------------------------------------------

    def _local_deadline(self, timeout: Optional[float]) -> Optional[float]:
        if timeout is None:
            return None
        return time.monotonic() + max(0.0, timeout) + self.deadline_grace

    @staticmethod
    def _check_size(label: str, size: int, what: str) -> None:
        if size > MAX_PAYLOAD:
            raise ResourceExhausted(
                f"{label}: the {what} is {size} bytes, but a ttrpc frame carries at most "
                f"{MAX_PAYLOAD} bytes (4 MiB); nothing was sent", remote=False)

    def _open(self, service: str, method: str, payload: bytes, flags: int,
              timeout: Optional[float], metadata: Metadata) -> _Call:
        label = f"/{service}/{method}"
        request = ttrpc_pb2.Request(service=service, method=method, payload=payload,
                                    timeout_nano=_timeout_nano(timeout))
        for key, value in _metadata_pairs(metadata):
            request.metadata.add(key=key, value=value)
        data = request.SerializeToString()
        self._check_size(label, len(data), "request")
        with self._write_lock:
            with self._lock:
                if self._failure is not None:
                    raise self._failure_for(label)
                stream_id = self._next_id
                if stream_id > _MAX_STREAM_ID:
                    raise ResourceExhausted(f"{label}: every stream id of this connection has "
                                            "been used; open a new connection", remote=False)
                self._next_id += 2
                call = _Call(stream_id, label)
                self._calls[stream_id] = call
            try:
                self._send_frame_locked(stream_id, _TYPE_REQUEST, flags, data)
            except BaseException:
                with self._lock:
                    self._calls.pop(stream_id, None)
                raise
        return call

    def _send_frame(self, stream_id: int, ftype: int, flags: int, payload: bytes) -> None:
        with self._write_lock:
            with self._lock:
                if self._failure is not None:
                    raise self._failure_for(f"stream {stream_id}")
            self._send_frame_locked(stream_id, ftype, flags, payload)

    def _send_frame_locked(self, stream_id: int, ftype: int, flags: int,
                           payload: bytes) -> None:
        frame = _HEADER.pack(len(payload), stream_id, ftype, flags) + payload
        try:
            self._sock.sendall(frame)
        except OSError as exc:
            # A partly written frame leaves the stream unusable: fail the connection.
            if isinstance(exc, socket.timeout):
                reason = f"writing to {self.socket_path} timed out after {self.timeout}s"
            else:
                reason = f"writing to {self.socket_path} failed: {exc}"
            self._fail(ConnectionLost(reason))
            raise ConnectionLost(reason) from exc

    def _failure_for(self, label: str) -> RpcError:
        failure = self._failure
        assert failure is not None
        return _labelled(failure, label)

    # --- internals: receiving ------------------------------------------------------

    def _next_frame(self, call: _Call, deadline: Optional[float],
                    timeout: Optional[float] = None) -> Tuple[int, int, bytes]:
        if deadline is None:
            item = call.frames.get()
        else:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    item = call.frames.get_nowait()
                else:
                    item = call.frames.get(timeout=remaining)
            except queue.Empty:
                raise self._local_deadline_error(call) from None
        if isinstance(item, RpcError):
            raise _labelled(item, call.label)
        return item

    def _poll_frame(self, call: _Call) -> Optional[Tuple[int, int, bytes]]:
        try:
            item = call.frames.get_nowait()
        except queue.Empty:
            return None
        if isinstance(item, RpcError):
            raise _labelled(item, call.label)
        return item

    @staticmethod
    def _local_deadline_error(call: _Call) -> DeadlineExceeded:
        return DeadlineExceeded(f"{call.label}: no answer from the daemon by the call's "
                                f"deadline (client-side)", remote=False)

    def _abandon(self, call: _Call) -> None:
        """Nobody reads this stream any more: drop what the daemon still sends on it."""
        call.abandoned = True

    def _decode_response(self, call: _Call, payload: bytes, response_type: Type[M]) -> M:
        try:
            response = ttrpc_pb2.Response.FromString(payload)
        except DecodeError as exc:
            raise ProtocolError(f"{call.label}: undecodable ttrpc.Response: {exc}") from exc
        status = response.status
        if status.code != 0:
            raise error_from_status(status.code, status.message, status.details)
        return self._decode_message(call, response.payload, response_type)

    @staticmethod
    def _decode_message(call: _Call, data: bytes, response_type: Type[M]) -> M:
        try:
            return response_type.FromString(data)
        except DecodeError as exc:
            raise ProtocolError(f"{call.label}: cannot decode the answer as "
                                f"{response_type.DESCRIPTOR.full_name}: {exc}") from exc

    def _read_loop(self) -> None:
        try:
            while True:
                header = self._recv_exact(_HEADER_SIZE, eof_ok=True)
                if header is None:
                    raise ConnectionLost(f"the daemon closed the connection on "
                                         f"{self.socket_path}")
                length, stream_id, ftype, flags = _HEADER.unpack(header)
                if length > MAX_PAYLOAD:
                    raise ProtocolError(f"the daemon sent a frame of {length} bytes, over "
                                        f"the {MAX_PAYLOAD}-byte limit")
                payload = self._recv_exact(length) if length else b""
                self._dispatch(stream_id, ftype, flags, payload)
        except RpcError as exc:
            self._fail(exc)
        except OSError as exc:
            self._fail(ConnectionLost(f"reading from {self.socket_path} failed: {exc}"))
        except BaseException as exc:  # never die silently: fail every call
            self._fail(ProtocolError(f"the reader thread failed: {exc!r}"))
            raise

    def _recv_exact(self, size: int, eof_ok: bool = False) -> Optional[bytes]:
        buffer = bytearray(size)
        view = memoryview(buffer)
        received = 0
        while received < size:
            try:
                count = self._sock.recv_into(view[received:])
            except socket.timeout:
                # Idle connections are normal (a quiet Watch); the socket timeout is
                # only there so writes cannot hang. Keep reading until closed.
                if self._failure is not None:
                    raise self._failure from None
                continue
            if count == 0:
                if received == 0 and eof_ok:
                    return None
                raise ConnectionLost(f"the daemon closed the connection on "
                                     f"{self.socket_path} in the middle of a frame")
            received += count
        return bytes(buffer)

    def _dispatch(self, stream_id: int, ftype: int, flags: int, payload: bytes) -> None:
        if ftype not in (_TYPE_RESPONSE, _TYPE_DATA):
            raise ProtocolError(f"the daemon sent a frame of type {ftype} on stream "
                                f"{stream_id}")
        ends = ftype == _TYPE_RESPONSE or bool(flags & _FLAG_REMOTE_CLOSED)
        with self._lock:
            call = self._calls.get(stream_id)
            if call is not None and ends:
                del self._calls[stream_id]
        if call is None:
            _log.debug("dropping a frame (type %d, flags 0x%02x) for stream %d, which is "
                       "not open", ftype, flags, stream_id)
            return
        if call.abandoned:
            return
        call.frames.put((ftype, flags, payload))

    def _fail(self, error: RpcError) -> None:
        """Mark the connection unusable and wake every call in flight."""
        with self._lock:
            if self._failure is not None:
                return
            self._failure = error
            calls = list(self._calls.values())
            self._calls.clear()
        for call in calls:
            call.frames.put(error)
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the reader and any writer
        except OSError:
            pass


class ServerStream(Generic[M]):
    """The messages of a server-streaming call, in order. Iterate over it.

    Iteration stops when the daemon ends the stream successfully (a Data frame
    with flags remote-closed | no-data) and raises an RpcError when it ends it
    with an error status. :meth:`close` stops reading early.
    """

    def __init__(self, connection: Connection, call: _Call, response_type: Type[M],
                 deadline: Optional[float]):
        self._connection = connection
        self._call = call
        self._response_type = response_type
        self._deadline = deadline
        self._done = False

    @property
    def stream_id(self) -> int:
        return self._call.stream_id

    @property
    def done(self) -> bool:
        """True once the stream ended (successfully or not) or was closed."""
        return self._done

    def __iter__(self) -> "ServerStream[M]":
        return self

    def __next__(self) -> M:
        while True:
            if self._done:
                raise StopIteration
            try:
                ftype, flags, payload = self._connection._next_frame(self._call, self._deadline)
            except BaseException:
                self.close()
                raise
            if ftype == _TYPE_RESPONSE:
                self._done = True
                # Only errors end a server stream with a Response; an OK one just ends it.
                self._connection._decode_response(self._call, payload, self._response_type)
                raise StopIteration
            if flags & _FLAG_REMOTE_CLOSED:
                self._done = True
            if flags & _FLAG_NO_DATA:
                continue
            try:
                return self._connection._decode_message(self._call, payload,
                                                        self._response_type)
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Stop reading the stream. The daemon's later frames for it are dropped.

        ttrpc cannot cancel a single call: the daemon keeps an endless stream
        (Watch) open until the connection closes.
        """
        if not self._done:
            self._done = True
            self._connection._abandon(self._call)

    def __enter__(self) -> "ServerStream[M]":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # Lock-free on purpose: may run in any thread during garbage collection.
        try:
            if not self._done:
                self._call.abandoned = True
        except AttributeError:
            pass
