"""The daemon's wire protocol, exercised by a client written from docs/PROTOCOL.md.

Every test runs against the real ecoprodd binary (see conftest.py). No test
sleeps to synchronise: each waits for a frame, an EOF or a process exit, with
socket timeouts so nothing can hang.
"""

from __future__ import annotations

import json
import os
import socket
import time

import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import DecodeError

import ttrpc_wire as w
from ecoprod_client._proto.ecoprod.daemon.v1 import daemon_pb2 as pb
from ecoprod_client._proto.ttrpc import ttrpc_pb2

SERVICE = w.DAEMON_SERVICE
SERVING = pb.HealthResponse.SERVING

# The frames of PROTOCOL.md section 12.
DOC_HEALTH_REQUEST = bytes.fromhex(
    "00 00 00 22 00 00 00 01 01 00 0a 18 65 63 6f 70 72 6f 64 2e 64 61 65 6d 6f 6e"
    " 2e 76 31 2e 44 61 65 6d 6f 6e 12 06 48 65 61 6c 74 68")
DOC_HEALTH_RESPONSE = bytes.fromhex("00 00 00 06 00 00 00 01 02 00 0a 00 12 02 08 01")

# A length-delimited field announcing 5 bytes followed by only 2: no protobuf
# parser can accept it.
UNDECODABLE = b"\x0a\x05ab"


def assert_healthy(conn: w.Connection) -> None:
    response = conn.daemon("Health", pb.HealthRequest(), pb.HealthResponse)
    assert response.status == SERVING


def assert_status(result: w.UnaryResult, code: int, contains: str = "") -> None:
    assert result.code == code, (
        f"expected {w.code_name(code)}, got {w.code_name(result.code)}: {result.message!r}")
    assert result.payload == b"", "an error Response must carry no payload"
    if contains:
        assert contains in result.message, f"{contains!r} not in {result.message!r}"


def health_request(stream_id: int, flags: int = 0, timeout_nano: int = 0) -> bytes:
    return w.encode_frame(stream_id, w.TYPE_REQUEST, flags,
                          w.encode_request(SERVICE, "Health", b"", timeout_nano))


# --- basics ------------------------------------------------------------------


def test_health_is_serving(daemon):
    conn = daemon.connect()
    stream_id = conn.send_request(SERVICE, "Health", pb.HealthRequest())
    frame = conn.recv_frame_any()
    assert (frame.stream_id, frame.type, frame.flags) == (stream_id, w.TYPE_RESPONSE, 0)
    result = w.decode_response(frame)
    assert result.code == w.OK
    health = pb.HealthResponse.FromString(result.payload)
    assert health.status == SERVING
    assert health.reason == ""


def test_health_bytes_match_the_worked_example(daemon):
    """The hex of PROTOCOL.md section 12, sent and received verbatim."""
    conn = daemon.connect()
    conn.send_raw(DOC_HEALTH_REQUEST)
    assert conn._recv_exact(len(DOC_HEALTH_RESPONSE)) == DOC_HEALTH_RESPONSE


def test_info_fields(daemon):
    conn = daemon.connect()
    before = time.time()
    info = conn.daemon("Info", pb.InfoRequest(), pb.InfoResponse)
    assert info.version != ""
    assert "ecoprod.daemon.v1" in info.api_versions
    assert info.pid == daemon.pid
    assert info.socket_path == daemon.socket_path
    assert info.state_directory == daemon.state_dir
    assert info.config_path == daemon.config_path
    assert info.socket_activated is False
    assert info.started_at.seconds > 0
    assert info.started_at.ToSeconds() <= before + 1
    assert info.connections_open >= 1
    assert info.connections_total >= info.connections_open
    assert info.requests_total >= 1
    assert info.services >= 1
    assert info.methods >= 7  # the Daemon service alone has seven
    # Identity comes from SO_PEERCRED / SO_PEERGROUPS of this very process.
    assert info.caller.uid == os.getuid()
    assert info.caller.gid == os.getgid()
    assert info.caller.pid == os.getpid()
    if os.getuid() == 0:
        assert info.caller.role == pb.ROLE_ADMIN


def test_info_ignores_metadata_for_identity(daemon):
    conn = daemon.connect()
    info = conn.daemon("Info", pb.InfoRequest(), pb.InfoResponse,
                       metadata=[("uid", "12345"), ("role", "ROLE_READER"), ("user", "nobody")])
    assert info.caller.uid == os.getuid()
    assert info.caller.pid == os.getpid()


def test_list_services_reports_roles(daemon):
    conn = daemon.connect()
    services = conn.daemon("ListServices", pb.ListServicesRequest(), pb.ListServicesResponse)
    by_name = {s.name: s for s in services.services}
    assert SERVICE in by_name, list(by_name)
    daemon_service = by_name[SERVICE]
    assert daemon_service.provider == "builtin"
    methods = {m.name: m for m in daemon_service.methods}
    expected = {"Health", "Info", "ListServices", "GetDescriptors", "ListPlugins", "Reload", "Watch"}
    assert expected <= set(methods), sorted(methods)

    health = methods["Health"]
    assert health.required_role == pb.ROLE_READER
    assert health.full_name == "/ecoprod.daemon.v1.Daemon/Health"
    assert health.request_type == "ecoprod.daemon.v1.HealthRequest"
    assert health.response_type == "ecoprod.daemon.v1.HealthResponse"
    assert not health.client_streaming and not health.server_streaming
    assert not health.mutating

    reload_ = methods["Reload"]
    assert reload_.required_role == pb.ROLE_ADMIN
    assert reload_.mutating

    watch = methods["Watch"]
    assert watch.required_role == pb.ROLE_READER
    assert watch.server_streaming and not watch.client_streaming
    assert watch.response_type == "ecoprod.daemon.v1.Event"

    for name in ("Info", "ListServices", "GetDescriptors", "ListPlugins"):
        assert methods[name].required_role == pb.ROLE_READER, name


def test_get_descriptors_supports_real_reflection(daemon):
    conn = daemon.connect()
    response = conn.daemon("GetDescriptors", pb.GetDescriptorsRequest(), pb.GetDescriptorsResponse)
    names = [f.name for f in response.descriptor_set.file]
    assert "ecoprod/daemon/v1/daemon.proto" in names, names
    assert "ttrpc/ttrpc.proto" in names, names

    # A fresh pool, fed in the documented order (dependencies first).
    pool = descriptor_pool.DescriptorPool()
    for file_proto in response.descriptor_set.file:
        pool.Add(file_proto)
    health_desc = pool.FindMessageTypeByName("ecoprod.daemon.v1.HealthResponse")
    HealthResponse = message_factory.GetMessageClass(health_desc)
    # Not the compiled-in class: a class built from the daemon's own descriptors.
    assert HealthResponse is not pb.HealthResponse

    # The service description is there too, and agrees with ListServices.
    service = pool.FindServiceByName(SERVICE)
    assert service.methods_by_name["Health"].output_type.full_name == "ecoprod.daemon.v1.HealthResponse"

    result = conn.call_raw(SERVICE, "Health", b"")
    assert result.ok()
    dynamic = HealthResponse.FromString(result.payload)
    enum_value = health_desc.fields_by_name["status"].enum_type.values_by_number[dynamic.status]
    assert enum_value.name == "SERVING"


def test_list_plugins_answers(daemon):
    conn = daemon.connect()
    plugins = conn.daemon("ListPlugins", pb.ListPluginsRequest(), pb.ListPluginsResponse)
    info = conn.daemon("Info", pb.InfoRequest(), pb.InfoResponse)
    running = [p for p in plugins.plugins if p.state == pb.PluginInfo.RUNNING]
    assert len(running) <= len(plugins.plugins)
    for plugin in plugins.plugins:
        assert plugin.id != ""
    assert info.plugins == len(running) or info.plugins == len(plugins.plugins)


# --- streams -----------------------------------------------------------------


@pytest.mark.parametrize("flags", [w.FLAG_REMOTE_CLOSED, 0], ids=["flags0x01", "flags0x00"])
def test_watch_first_event_is_watch_started(daemon, flags):
    conn = daemon.connect()
    stream = conn.open_server_stream(SERVICE, "Watch", pb.WatchRequest(), flags=flags)
    frame = conn.recv_frame(stream.stream_id)
    assert frame.type == w.TYPE_DATA, frame
    assert frame.flags == 0, frame
    # The Data payload is the Event itself, not a ttrpc.Response.
    event = pb.Event.FromString(frame.payload)
    assert event.topic == "daemon.watch.started"
    assert event.source == "builtin"
    assert event.time.seconds > 0
    # The same connection still serves unary calls while the stream is open.
    assert_healthy(conn)


def test_watch_deadline_ends_stream_with_deadline_exceeded(daemon):
    conn = daemon.connect()
    stream = conn.open_server_stream(SERVICE, "Watch", pb.WatchRequest(),
                                     timeout_nano=300_000_000)
    first = stream.next(pb.Event)
    assert first.topic == "daemon.watch.started"
    with pytest.raises(w.RpcError) as info:
        while stream.next(pb.Event) is not None:
            pass
    assert info.value.code == w.DEADLINE_EXCEEDED
    assert_healthy(conn)


def test_reload_emits_reloading_and_reloaded(daemon):
    watcher = daemon.connect()
    stream = watcher.open_server_stream(SERVICE, "Watch", pb.WatchRequest(topics=["daemon."]))
    assert stream.next(pb.Event).topic == "daemon.watch.started"

    admin = daemon.connect()
    before = admin.daemon("Info", pb.InfoRequest(), pb.InfoResponse).config_generation
    reloaded = admin.daemon("Reload", pb.ReloadRequest(wait=True), pb.ReloadResponse)
    assert reloaded.generation > before

    topics = []
    sequences = []
    while True:
        event = stream.next(pb.Event)
        assert event is not None, "Watch stream ended"
        topics.append(event.topic)
        sequences.append(event.sequence)
        if event.topic == "daemon.reloaded":
            break
    assert "daemon.reloading" in topics, topics
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    assert event.detail.type_url == "type.googleapis.com/ecoprod.daemon.v1.Reloaded"
    detail = pb.Reloaded()
    assert event.detail.Unpack(detail)
    assert detail.generation == reloaded.generation
    after = admin.daemon("Info", pb.InfoRequest(), pb.InfoResponse).config_generation
    assert after == reloaded.generation


def test_watchers_leaving_while_events_are_published_do_not_wedge_the_daemon(daemon, witness):
    """Watch clients that hang up at the moment an event is published must not
    stop the daemon from answering (or from stopping: see the fixture)."""
    admin = daemon.connect()
    for _ in range(40):
        watchers = daemon.connect()
        ids = [watchers.next_stream_id() for _ in range(100)]
        watchers.send_raw(b"".join(
            w.encode_frame(sid, w.TYPE_REQUEST, w.FLAG_REMOTE_CLOSED,
                           w.encode_request(SERVICE, "Watch", b"")) for sid in ids))
        for _ in ids:
            assert watchers.recv_frame_any().type == w.TYPE_DATA
        reload_id = admin.send_request(SERVICE, "Reload", pb.ReloadRequest(wait=False))
        watchers.close()  # while the reload publishes its events
        assert admin.wait_response(reload_id).ok()
        assert_healthy(witness)


def test_fifty_pipelined_requests_matched_by_stream_id(daemon):
    conn = daemon.connect()
    kinds = {}
    frames = []
    watch_id = None
    for i in range(50):
        stream_id = conn.next_stream_id()
        if i == 25:
            kind, method, flags = "watch", "Watch", w.FLAG_REMOTE_CLOSED
            watch_id = stream_id
        else:
            kind = ("health", "info", "services")[i % 3]
            method = {"health": "Health", "info": "Info", "services": "ListServices"}[kind]
            flags = 0
        kinds[stream_id] = kind
        frames.append(w.encode_frame(stream_id, w.TYPE_REQUEST, flags,
                                     w.encode_request(SERVICE, method, b"")))
    # Everything is written before anything is read.
    for frame in frames:
        conn.send_raw(frame)

    unanswered = set(kinds) - {watch_id}
    watch_started = False
    order = []
    while unanswered or not watch_started:
        frame = conn.recv_frame_any()
        assert frame.stream_id in kinds, f"frame for a stream never opened: {frame!r}"
        kind = kinds[frame.stream_id]
        order.append(frame.stream_id)
        if kind == "watch":
            assert frame.type == w.TYPE_DATA and frame.flags == 0, frame
            assert pb.Event.FromString(frame.payload).topic == "daemon.watch.started"
            assert not watch_started, "second event with no event source"
            watch_started = True
            continue
        assert frame.stream_id in unanswered, f"second answer on stream {frame.stream_id}"
        unanswered.discard(frame.stream_id)
        result = w.decode_response(frame)
        assert result.ok(), (frame.stream_id, result.message)
        # The payload must be the answer to the request sent on that id.
        if kind == "health":
            health = pb.HealthResponse.FromString(result.payload)
            assert health.status == SERVING and health.reason == ""
        elif kind == "info":
            info = pb.InfoResponse.FromString(result.payload)
            assert info.pid == daemon.pid and info.version != ""
        else:
            services = pb.ListServicesResponse.FromString(result.payload)
            assert SERVICE in [s.name for s in services.services]
    assert sorted(order) == sorted(kinds)
    assert_healthy(conn)


def test_answers_come_as_calls_complete_not_in_request_order(daemon):
    """A call that runs off the I/O thread (Reload) and an open Watch stream do not
    hold back inline calls sent after them on the same connection."""
    conn = daemon.connect()
    watch_id = conn.next_stream_id()
    reload_id = conn.next_stream_id()
    health_ids = [conn.next_stream_id() for _ in range(20)]
    burst = w.encode_frame(watch_id, w.TYPE_REQUEST, w.FLAG_REMOTE_CLOSED, w.encode_request(SERVICE, "Watch", b""))
    burst += w.encode_frame(reload_id, w.TYPE_REQUEST, 0,
                            w.encode_request(SERVICE, "Reload", pb.ReloadRequest(wait=True).SerializeToString()))
    burst += b"".join(health_request(stream_id) for stream_id in health_ids)
    conn.send_raw(burst)  # one write: the daemon reads every request before answering any

    order = []
    while reload_id not in order or not set(health_ids) <= set(order):
        frame = conn.recv_frame_any()
        if frame.stream_id == watch_id:
            continue  # watch events, in whatever order the reload publishes them
        assert frame.type == w.TYPE_RESPONSE
        assert w.decode_response(frame).ok()
        order.append(frame.stream_id)
    assert order.index(reload_id) > 0, f"the Reload sent first was answered first: {order}"
    assert [i for i in order if i != reload_id] == health_ids


def test_more_than_1024_streams_in_flight_is_resource_exhausted(daemon, witness):
    conn = daemon.connect(timeout=20.0)
    watch_ids = [conn.next_stream_id() for _ in range(1024)]
    conn.send_raw(b"".join(
        w.encode_frame(sid, w.TYPE_REQUEST, w.FLAG_REMOTE_CLOSED,
                       w.encode_request(SERVICE, "Watch", b"")) for sid in watch_ids))
    extra = conn.next_stream_id()
    conn.send_raw(health_request(extra))

    started = set()
    extra_result = None
    while extra_result is None or len(started) < len(watch_ids):
        frame = conn.recv_frame_any()
        if frame.stream_id == extra:
            extra_result = w.decode_response(frame)
            continue
        assert frame.type == w.TYPE_DATA, f"Watch {frame.stream_id} refused: {frame!r}"
        assert pb.Event.FromString(frame.payload).topic == "daemon.watch.started"
        assert frame.stream_id not in started
        started.add(frame.stream_id)
    assert_status(extra_result, w.RESOURCE_EXHAUSTED)
    assert_healthy(witness)


# --- bad input: each answered on its stream, the connection and others live on --


def test_truncated_header_then_eof_just_closes(daemon, witness):
    conn = daemon.connect()
    conn.send_raw(b"\x00\x00\x00")
    conn.sock.shutdown(socket.SHUT_WR)
    assert conn.expect_closed() == b""
    assert_healthy(witness)


def test_oversized_frame_is_resource_exhausted_and_skipped(daemon, witness):
    conn = daemon.connect(timeout=30.0)
    length = w.MAX_PAYLOAD + 1
    # The discarded payload is made of valid Health frames (on id 99) that the
    # daemon must not interpret.
    bait = health_request(99)
    body = (bait * (length // len(bait) + 1))[:length]
    conn.send_raw(w.encode_header(length, 1, w.TYPE_REQUEST, 0))
    conn.send_raw(body)
    conn.skip_ids_past(99)
    next_id = conn.next_stream_id()
    conn.send_raw(health_request(next_id))

    first = conn.recv_frame_any()
    assert first.stream_id == 1, f"daemon answered a frame inside the discarded payload: {first!r}"
    assert_status(w.decode_response(first), w.RESOURCE_EXHAUSTED)
    second = conn.recv_frame_any()
    assert second.stream_id == next_id
    result = w.decode_response(second)
    assert result.ok()
    assert pb.HealthResponse.FromString(result.payload).status == SERVING
    assert_healthy(conn)
    assert_healthy(witness)


def test_frame_of_exactly_4_mib_is_accepted(daemon, witness):
    conn = daemon.connect(timeout=30.0)
    # A Health request padded to exactly 4194304 bytes with an unknown field
    # (number 15, length-delimited) inside HealthRequest.
    base = len(w.encode_request(SERVICE, "Health", b""))
    filler = 0
    for _ in range(4):
        inner = b"\x7a" + _varint(filler) + b"\x00" * filler
        total = len(w.encode_request(SERVICE, "Health", inner))
        filler += w.MAX_PAYLOAD - total
    inner = b"\x7a" + _varint(filler) + b"\x00" * filler
    payload = w.encode_request(SERVICE, "Health", inner)
    assert len(payload) == w.MAX_PAYLOAD and base < len(payload)
    conn.send_frame(1, w.TYPE_REQUEST, 0, payload)
    result = conn.wait_response(1)
    assert result.ok(), result.message
    assert pb.HealthResponse.FromString(result.payload).status == SERVING
    assert_healthy(witness)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


@pytest.mark.parametrize("frame_type", [0, 2, 4, 9, 255])
def test_unsupported_frame_type_is_invalid_argument(daemon, witness, frame_type):
    conn = daemon.connect()
    # The payload is a whole valid Request: it must be discarded, not served.
    conn.send_frame(1, frame_type, 0, w.encode_request(SERVICE, "Health", b""))
    conn.skip_ids_past(1)
    result = conn.wait_response(1)
    assert_status(result, w.INVALID_ARGUMENT, f"unsupported frame type {frame_type}")
    assert_healthy(conn)
    assert_healthy(witness)
    assert conn.pending_frames() == {}


def test_even_stream_id_is_invalid_argument(daemon, witness):
    conn = daemon.connect()
    conn.send_raw(health_request(2))
    conn.skip_ids_past(2)
    result = conn.wait_response(2)
    assert_status(result, w.INVALID_ARGUMENT, "StreamID must be odd for client initiated streams")
    assert_healthy(conn)
    assert_healthy(witness)


def test_reused_stream_id_is_invalid_argument(daemon, witness):
    conn = daemon.connect()
    conn.send_raw(health_request(5))
    assert conn.wait_response(5).ok()
    conn.send_raw(health_request(5))  # the same id again
    assert_status(conn.wait_response(5), w.INVALID_ARGUMENT,
                  "StreamID cannot be re-used and must increment")
    conn.send_raw(health_request(3))  # a smaller one
    assert_status(conn.wait_response(3), w.INVALID_ARGUMENT,
                  "StreamID cannot be re-used and must increment")
    conn.skip_ids_past(5)
    assert_healthy(conn)
    assert_healthy(witness)


def test_undecodable_request_envelope_is_invalid_argument(daemon, witness):
    with pytest.raises(DecodeError):
        ttrpc_pb2.Request.FromString(UNDECODABLE)
    conn = daemon.connect()
    conn.send_frame(1, w.TYPE_REQUEST, 0, UNDECODABLE)
    conn.skip_ids_past(1)
    assert_status(conn.wait_response(1), w.INVALID_ARGUMENT)
    assert_healthy(conn)
    assert_healthy(witness)


def test_undecodable_method_payload_is_invalid_argument(daemon, witness):
    conn = daemon.connect()
    result = conn.call_raw(SERVICE, "Health", UNDECODABLE)
    assert_status(result, w.INVALID_ARGUMENT, "ecoprod.daemon.v1.HealthRequest")
    assert_healthy(conn)
    assert_healthy(witness)


def test_unknown_service_is_unimplemented(daemon, witness):
    conn = daemon.connect()
    result = conn.call_raw("ecoprod.nope.v1.Nothing", "Health", b"")
    assert_status(result, w.UNIMPLEMENTED, "service ecoprod.nope.v1.Nothing")
    assert_healthy(conn)
    assert_healthy(witness)


def test_unknown_method_is_unimplemented(daemon, witness):
    conn = daemon.connect()
    result = conn.call_raw(SERVICE, "SelfDestruct", b"")
    assert_status(result, w.UNIMPLEMENTED, "method SelfDestruct")
    assert_healthy(conn)
    assert_healthy(witness)


@pytest.mark.parametrize("timeout_nano", [-1, 1])
def test_expired_deadline_is_deadline_exceeded(daemon, witness, timeout_nano):
    conn = daemon.connect()
    result = conn.call_raw(SERVICE, "Health", b"", timeout_nano=timeout_nano)
    assert_status(result, w.DEADLINE_EXCEEDED)
    # A generous deadline is fine.
    ok = conn.call_raw(SERVICE, "Health", b"", timeout_nano=10_000_000_000)
    assert ok.ok() and pb.HealthResponse.FromString(ok.payload).status == SERVING
    assert_healthy(witness)


def test_data_frame_on_inactive_stream_is_invalid_argument(daemon, witness):
    conn = daemon.connect()
    assert conn.call_raw(SERVICE, "Health", b"", stream_id=1).ok()
    conn.send_frame(1, w.TYPE_DATA, 0, b"")  # finished unary stream
    assert_status(conn.wait_response(1), w.INVALID_ARGUMENT, "StreamID is no longer active")
    conn.send_frame(7, w.TYPE_DATA, w.FLAG_REMOTE_CLOSED, b"\x08\x01")  # never opened
    assert_status(conn.wait_response(7), w.INVALID_ARGUMENT, "StreamID is no longer active")
    conn.skip_ids_past(7)
    assert_healthy(conn)
    assert_healthy(witness)


def test_garbage_bytes_close_the_connection(daemon, witness):
    conn = daemon.connect()
    conn.send_raw(b"\xff" * 64)
    assert conn.expect_closed() == b"", "the daemon must not answer garbage"
    assert_healthy(witness)
    with daemon.connect() as fresh:
        assert_healthy(fresh)


def test_many_connections_opened_and_dropped(daemon, witness):
    for i in range(200):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5.0)
        s.connect(daemon.socket_path)
        if i % 4 == 1:
            s.sendall(b"\x00\x00\x00\x22\x00")  # half a header
        elif i % 4 == 2:
            s.sendall(DOC_HEALTH_REQUEST[:20])  # a header and part of the payload
        elif i % 4 == 3:
            s.sendall(DOC_HEALTH_REQUEST)  # a whole request, answer never read
        s.close()
    assert_healthy(witness)
    with daemon.connect() as fresh:
        assert_healthy(fresh)
        info = fresh.daemon("Info", pb.InfoRequest(), pb.InfoResponse)
        assert info.connections_total >= 202
        # Dropped connections are all reaped: only the witness and this one stay.
        deadline = time.monotonic() + 10
        while info.connections_open != 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # poll interval of a loop on the real condition
            info = fresh.daemon("Info", pb.InfoRequest(), pb.InfoResponse)
        assert info.connections_open == 2


# --- roles ---------------------------------------------------------------------


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another uid")
def test_peer_without_role_is_denied_everything(daemon, witness):
    """uid 65534 in no ecoprod group: PERMISSION_DENIED even for Health."""
    socket_gid = os.stat(daemon.socket_path).st_gid
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop to nobody (keeping the socket's group to reach it)
        code = 1
        try:
            os.close(read_fd)
            os.setgroups([socket_gid])
            os.setgid(65534)
            os.setuid(65534)
            results = {}
            with w.Connection(daemon.socket_path, timeout=5.0) as conn:
                for method in ("Health", "Info", "Reload"):
                    r = conn.call_raw(SERVICE, method, b"")
                    results[method] = [r.code, r.message]
            os.write(write_fd, json.dumps(results).encode())
            code = 0
        except BaseException as exc:  # report anything to the parent
            os.write(write_fd, json.dumps({"error": repr(exc)}).encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    results = json.loads(output)
    assert "error" not in results, results
    for method, (code, message) in results.items():
        assert code == w.PERMISSION_DENIED, (method, code, message)
        assert method in message, message
    assert "reader" in results["Health"][1].lower()
    assert "admin" in results["Reload"][1].lower()
    assert_healthy(witness)


# --- shutdown -------------------------------------------------------------------


def test_sigterm_ends_watch_with_stopping_and_exits_zero(daemon):
    watcher = daemon.connect()
    stream = watcher.open_server_stream(SERVICE, "Watch", pb.WatchRequest())
    assert stream.next(pb.Event).topic == "daemon.watch.started"
    other = daemon.connect()
    assert_healthy(other)

    daemon.terminate()
    topics = []
    try:
        while True:
            event = stream.next(pb.Event)
            if event is None:
                break
            topics.append(event.topic)
            if event.topic == "daemon.stopping":
                # Draining now: a new request is refused, or the connection is gone.
                try:
                    result = other.call_raw(SERVICE, "Health", b"")
                    assert_status(result, w.UNAVAILABLE)
                except (w.ConnectionClosed, BrokenPipeError, ConnectionResetError):
                    pass
    except (w.ConnectionClosed, w.RpcError):
        pass  # any end of the stream is fine once it is shutting down
    assert "daemon.stopping" in topics, topics
    assert daemon.wait() == 0, daemon.log_tail()
