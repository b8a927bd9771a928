"""Server streams: Watch on the real daemon, and exact stream endings from a fake server."""

from __future__ import annotations


import pytest
from ecoprod_test_support import IO_TIMEOUT, read_frame, write_frame

from ecoprod_client import (DAEMON_SERVICE, Connection, DaemonClient, DeadlineExceeded,
                            NotFound, ServerStream, daemon_pb2, ttrpc_pb2)



def test_watch_first_event(daemon):
    client = DaemonClient(daemon.connect())
    with client.watch() as events:
        assert isinstance(events, ServerStream)
        assert events.stream_id % 2 == 1
        event = next(events)
        assert event.topic == "daemon.watch.started"
        assert event.source == "builtin"
        assert event.sequence > 0
        assert event.time.seconds > 0
    assert events.done


def test_watch_iteration_with_for_loop(daemon):
    client = DaemonClient(daemon.connect())
    events = client.watch(topics=["daemon."])
    assert next(events).topic == "daemon.watch.started"
    client.reload(wait=True)
    seen = []
    for event in events:
        seen.append(event)
        if event.topic == "daemon.reloaded":
            break
    events.close()
    assert [e.topic for e in seen] == ["daemon.reloading", "daemon.reloaded"]
    assert seen[0].sequence < seen[1].sequence
    detail = daemon_pb2.Reloaded()
    assert seen[1].detail.Unpack(detail)
    assert detail.generation == client.info().config_generation


def test_early_close_keeps_the_connection_usable(daemon):
    conn = daemon.connect()
    client = DaemonClient(conn)
    first = client.watch()
    assert next(first).topic == "daemon.watch.started"
    first.close()
    assert first.done
    with pytest.raises(StopIteration):
        next(first)
    # The daemon still sends on the closed stream (ttrpc cannot cancel one call);
    # the client drops those frames and the other calls carry on.
    second = client.watch()
    assert next(second).topic == "daemon.watch.started"
    client.reload(wait=True)
    assert next(second).topic == "daemon.reloading"
    assert next(second).topic == "daemon.reloaded"
    assert client.is_serving()
    second.close()
    # Closing a stream twice, or after it ended, is harmless.
    second.close()


def test_abandoned_by_garbage_collection(daemon):
    client = DaemonClient(daemon.connect())
    stream = client.watch()
    assert next(stream).topic == "daemon.watch.started"
    del stream
    assert client.is_serving()


def test_watch_deadline_ends_stream_with_daemon_error(daemon):
    # A generous grace: the DEADLINE_EXCEEDED must come from the daemon.
    conn = daemon.connect(deadline_grace=IO_TIMEOUT)
    events = DaemonClient(conn).watch(timeout=0.2)
    assert next(events).topic == "daemon.watch.started"
    with pytest.raises(DeadlineExceeded) as info:
        for _ in events:
            pass
    assert info.value.remote is True
    assert info.value.code == 4
    assert events.done
    assert DaemonClient(conn).is_serving()


def test_sigterm_ends_watch_successfully(daemon):
    conn = daemon.connect()
    events = DaemonClient(conn).watch()
    assert next(events).topic == "daemon.watch.started"
    daemon.terminate()
    # The stream ends with a Data frame flagged remote-closed | no-data: plain
    # StopIteration, no error.
    topics = [event.topic for event in events]
    assert topics[-1] == "daemon.stopping", topics
    assert events.done
    assert daemon.stop() == 0


# --- exact endings, from a fake server ---------------------------------------------


def _serve_stream(fake_server, frames):
    """Answer the first Request with the given (type, flags, payload) frames."""
    received = []

    def handler(sock):
        frame = read_frame(sock)
        received.append(frame)
        for ftype, flags, payload in frames:
            write_frame(sock, frame.stream_id, ftype, flags, payload)
        # Wait for the client to hang up, so nothing is cut short.
        assert sock.recv(1) == b""

    fake_server.serve(handler)
    return received


def _event(n):
    return daemon_pb2.Event(sequence=n, topic=f"t.{n}").SerializeToString()


def test_stream_end_frames(fake_server):
    received = _serve_stream(fake_server, [
        (3, 0x00, _event(1)),
        (3, 0x00, b""),          # an empty message, not the end: no 0x04 flag
        (3, 0x04, b"ignored"),   # no-data without remote-closed: nothing to yield
        (3, 0x00, _event(2)),
        (3, 0x05, b""),          # the successful end
    ])
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        stream = conn.server_stream(DAEMON_SERVICE, "Watch",
                                    daemon_pb2.WatchRequest(topics=["a"]), daemon_pb2.Event)
        messages = list(stream)
    fake_server.join()
    assert [m.sequence for m in messages] == [1, 0, 2]
    request_frame = received[0]
    assert request_frame.type == 1 and request_frame.flags == 0x01
    request = ttrpc_pb2.Request.FromString(request_frame.payload)
    assert (request.service, request.method) == (DAEMON_SERVICE, "Watch")
    assert daemon_pb2.WatchRequest.FromString(request.payload).topics == ["a"]
    assert request.timeout_nano == 0  # server streams have no default deadline


def test_stream_final_data_frame_with_payload(fake_server):
    _serve_stream(fake_server, [(3, 0x00, _event(1)), (3, 0x01, _event(2))])
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        stream = conn.server_stream(DAEMON_SERVICE, "Watch", daemon_pb2.WatchRequest(),
                                    daemon_pb2.Event)
        assert [m.sequence for m in stream] == [1, 2]
    fake_server.join()


def test_stream_error_after_data(fake_server):
    error = ttrpc_pb2.Response()
    error.status.code = 5
    error.status.message = "gone"
    _serve_stream(fake_server, [(3, 0x00, _event(1)), (2, 0x00, error.SerializeToString())])
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        stream = conn.server_stream(DAEMON_SERVICE, "Watch", daemon_pb2.WatchRequest(),
                                    daemon_pb2.Event, timeout=5.0)
        assert next(stream).sequence == 1
        with pytest.raises(NotFound) as info:
            next(stream)
        assert info.value.message == "gone"
        assert info.value.remote
        with pytest.raises(StopIteration):
            next(stream)
    fake_server.join()


def test_stream_timeout_is_sent(fake_server):
    received = _serve_stream(fake_server, [(3, 0x05, b"")])
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        stream = conn.server_stream(DAEMON_SERVICE, "Watch", daemon_pb2.WatchRequest(),
                                    daemon_pb2.Event, timeout=1.5)
        assert list(stream) == []
    fake_server.join()
    assert ttrpc_pb2.Request.FromString(received[0].payload).timeout_nano == 1_500_000_000
