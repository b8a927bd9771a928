"""Client streaming (no daemon method uses it yet) and other exact client behaviour,
checked byte by byte against a tiny in-test ttrpc server."""

from __future__ import annotations

import struct
import threading
import time

import pytest
from ecoprod_test_support import IO_TIMEOUT, read_frame, write_frame

from ecoprod_client import (MAX_PAYLOAD, Connection, ConnectionLost, DaemonClient,
                            DeadlineExceeded, FailedPrecondition, ResourceExhausted, RpcError,
                            daemon_pb2, ttrpc_pb2)

SERVICE = "test.v1.Counter"


def varint(value: int) -> bytes:
    out = b""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def field_bytes(number: int, data: bytes) -> bytes:
    return bytes([number << 3 | 2]) + varint(len(data)) + data


def field_varint(number: int, value: int) -> bytes:
    return bytes([number << 3 | 0]) + varint(value)


def counting_server(received):
    """Reads a client stream to its end and answers ReloadResponse{generation: count}."""

    def handler(sock):
        request = read_frame(sock)
        received.append(request)
        count = 0
        while True:
            frame = read_frame(sock)
            received.append(frame)
            assert frame.stream_id == request.stream_id
            assert frame.type == 3
            if not frame.flags & 0x04:
                count += 1
            if frame.flags & 0x01:
                break
        payload = daemon_pb2.ReloadResponse(generation=count,
                                            changes=[f"{count} messages"])
        response = b"\x0a\x00" + field_bytes(2, payload.SerializeToString())
        write_frame(sock, request.stream_id, 2, 0, response)

    return handler


def test_client_stream_frames_byte_by_byte(fake_server):
    received = []
    fake_server.serve(counting_server(received))
    messages = [daemon_pb2.WatchRequest(topics=["a"]), daemon_pb2.WatchRequest(),
                daemon_pb2.WatchRequest(topics=["b", "cd"])]
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        response = conn.client_stream(SERVICE, "Count", iter(messages),
                                      daemon_pb2.ReloadResponse, timeout=2.0,
                                      metadata={"k": "v"})
    fake_server.join()
    assert response.generation == 3
    assert list(response.changes) == ["3 messages"]

    # Request frame: id 1, type 1, flags 0x02 (remote-open), empty Request.payload.
    envelope = (field_bytes(1, SERVICE.encode()) + field_bytes(2, b"Count")
                + field_varint(4, 2_000_000_000)
                + field_bytes(5, field_bytes(1, b"k") + field_bytes(2, b"v")))
    assert received[0].raw == struct.pack(">IIBB", len(envelope), 1, 1, 0x02) + envelope
    # One Data frame per message, flags 0, payload the bare message.
    expected_payloads = [b"\x0a\x01a", b"", b"\x0a\x01b\x0a\x02cd"]
    for frame, payload in zip(received[1:4], expected_payloads):
        assert frame.raw == struct.pack(">IIBB", len(payload), 1, 3, 0x00) + payload
    # The end: an empty Data frame flagged remote-closed | no-data.
    assert received[4].raw == bytes.fromhex("00000000 00000001 03 05")
    assert len(received) == 5


def test_client_stream_empty_and_generator(fake_server):
    received = []
    fake_server.serve(counting_server(received))

    def nothing():
        return
        yield  # pragma: no cover

    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        response = conn.client_stream(SERVICE, "Count", nothing(), daemon_pb2.ReloadResponse)
    fake_server.join()
    assert response.generation == 0
    assert [frame.raw[8:10] for frame in received] == [b"\x01\x02", b"\x03\x05"]
    # Without an explicit timeout the connection's is sent as the deadline.
    request = ttrpc_pb2.Request.FromString(received[0].payload)
    assert request.timeout_nano == int(IO_TIMEOUT * 1e9)


def test_client_stream_early_answer_stops_sending(fake_server):
    """The server refuses after the first message; the client, sending from an
    endless iterator, must notice the answer, stop, and raise it."""
    frames = []

    def handler(sock):
        request = read_frame(sock)
        frames.append(request)
        frames.append(read_frame(sock))
        refusal = ttrpc_pb2.Response()
        refusal.status.code = 9
        refusal.status.message = "no more"
        write_frame(sock, request.stream_id, 2, 0, refusal.SerializeToString())
        # Drain whatever the client sent before it saw the answer, until it hangs up.
        while sock.recv(65536):
            pass

    fake_server.serve(handler)
    sent = []

    def endless():
        while True:
            sent.append(1)
            yield daemon_pb2.WatchRequest(topics=["x"])

    outcome = []

    def call():
        with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
            try:
                conn.client_stream(SERVICE, "Count", endless(), daemon_pb2.ReloadResponse)
            except FailedPrecondition as exc:
                outcome.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join(IO_TIMEOUT * 2)
    assert not thread.is_alive(), "client_stream kept sending after the answer"
    fake_server.join()
    assert outcome and outcome[0].message == "no more" and outcome[0].remote
    assert frames[0].flags == 0x02 and frames[1].flags == 0x00


def test_oversized_stream_message_is_refused(fake_server):
    def handler(sock):
        read_frame(sock)  # the Request; the huge Data frame must never come
        assert sock.recv(1) == b""

    fake_server.serve(handler)
    huge = daemon_pb2.WatchRequest(topics=["x" * MAX_PAYLOAD])
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        with pytest.raises(ResourceExhausted) as info:
            conn.client_stream(SERVICE, "Count", [huge], daemon_pb2.ReloadResponse)
    fake_server.join()
    assert info.value.remote is False
    assert "4194304" in info.value.message


def test_oversized_request_is_refused_before_sending(daemon):
    conn = daemon.connect()
    huge = b"\x0a" + varint(MAX_PAYLOAD) + b"x" * MAX_PAYLOAD
    with pytest.raises(ResourceExhausted) as info:
        conn.unary("ecoprod.daemon.v1.Daemon", "Health", huge, daemon_pb2.HealthResponse)
    assert info.value.remote is False
    assert "4 MiB" in info.value.message and "/ecoprod.daemon.v1.Daemon/Health" in str(
        info.value)
    # Nothing reached the daemon; the connection is fine.
    assert DaemonClient(conn).is_serving()
    # A request of exactly 4 MiB goes through to the daemon, which answers it.
    def envelope_size(n):
        return len(ttrpc_pb2.Request(service="ecoprod.daemon.v1.Daemon", method="Health",
                                     payload=b"x" * n,
                                     timeout_nano=5_000_000_000).SerializeToString())

    n = MAX_PAYLOAD - 50
    while envelope_size(n) < MAX_PAYLOAD:
        n += 1
    assert envelope_size(n) == MAX_PAYLOAD
    # b"xx..." is a run of unknown varint fields (tag 0x78, value 0x78): a valid
    # HealthRequest when n is even, a truncated one when odd.
    try:
        response = conn.unary("ecoprod.daemon.v1.Daemon", "Health", b"x" * n,
                              daemon_pb2.HealthResponse, timeout=5.0)
        assert response.status == daemon_pb2.HealthResponse.SERVING
    except RpcError as exc:
        assert exc.remote and exc.code == 3, exc
    assert DaemonClient(conn).is_serving()


def test_local_deadline_when_server_is_silent(fake_server):
    requests = []

    def handler(sock):
        requests.append(read_frame(sock))  # and never answer
        assert sock.recv(1) == b""

    fake_server.serve(handler)
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT, deadline_grace=0) as conn:
        start = time.monotonic()
        with pytest.raises(DeadlineExceeded) as info:
            conn.unary(SERVICE, "Silent", daemon_pb2.HealthRequest(),
                       daemon_pb2.HealthResponse, timeout=0.2)
        elapsed = time.monotonic() - start
    fake_server.join()
    assert info.value.remote is False
    assert 0.2 <= elapsed < IO_TIMEOUT
    assert ttrpc_pb2.Request.FromString(requests[0].payload).timeout_nano == 200_000_000


def test_connection_lost_mid_call(fake_server):
    def handler(sock):
        read_frame(sock)  # then hang up without answering

    fake_server.serve(handler)
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        with pytest.raises(ConnectionLost) as info:
            conn.unary(SERVICE, "Drop", daemon_pb2.HealthRequest(), daemon_pb2.HealthResponse)
        assert "/test.v1.Counter/Drop" in info.value.message
        assert info.value.code == 14
        assert conn.closed
        with pytest.raises(ConnectionLost):
            conn.unary(SERVICE, "Again", daemon_pb2.HealthRequest(),
                       daemon_pb2.HealthResponse)
    fake_server.join()
