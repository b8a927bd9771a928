"""Several threads with calls in flight on one connection."""

from __future__ import annotations

import os
import threading

from ecoprod_test_support import IO_TIMEOUT, read_frame, write_frame

from ecoprod_client import DAEMON_SERVICE, Connection, DaemonClient, daemon_pb2, ttrpc_pb2

THREADS = 8
CALLS_PER_THREAD = 50


def run_threads(target, count):
    errors = []

    def wrapper(index):
        try:
            target(index)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=wrapper, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(IO_TIMEOUT * 3)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]


def test_threads_share_one_connection(daemon):
    conn = daemon.connect()
    client = DaemonClient(conn)
    # A server stream stays in flight on the same connection the whole time.
    events = client.watch()
    assert next(events).topic == "daemon.watch.started"

    barrier = threading.Barrier(THREADS, timeout=IO_TIMEOUT)
    results = [[] for _ in range(THREADS)]

    def worker(index):
        barrier.wait()  # everyone starts together
        for i in range(CALLS_PER_THREAD):
            if (index + i) % 3 == 0:
                results[index].append(("info", client.info().caller.uid))
            elif (index + i) % 3 == 1:
                results[index].append(("health", client.health().status))
            else:
                services = client.list_services()
                results[index].append(("services", len(services)))

    run_threads(worker, THREADS)
    service_count = len(client.list_services())
    for per_thread in results:
        assert len(per_thread) == CALLS_PER_THREAD
        for kind, value in per_thread:
            expected = {"info": os.getuid(), "health": daemon_pb2.HealthResponse.SERVING,
                        "services": service_count}[kind]
            assert value == expected, (kind, value)
    events.close()
    assert client.is_serving()


def test_stream_and_unary_interleave(daemon):
    """A Reload from another thread on the same connection shows up in the Watch
    stream read by this thread."""
    conn = daemon.connect()
    client = DaemonClient(conn)
    events = client.watch(topics=["daemon."])
    assert next(events).topic == "daemon.watch.started"
    answers = []
    run_threads(lambda _: answers.append(client.reload(wait=True)), 1)
    topics = [next(events).topic, next(events).topic]
    assert topics == ["daemon.reloading", "daemon.reloaded"]
    assert answers[0].generation >= 1
    events.close()


def test_answers_out_of_order_reach_their_callers(fake_server):
    """The fake server reads every thread's Request before answering any, then
    answers in reverse order: each thread must still get its own answer."""
    count = 4

    def handler(sock):
        requests = [read_frame(sock) for _ in range(count)]
        ids = [frame.stream_id for frame in requests]
        assert all(stream_id % 2 == 1 for stream_id in ids), ids
        assert len(set(ids)) == count
        for frame in reversed(requests):
            request = ttrpc_pb2.Request.FromString(frame.payload)
            topic = daemon_pb2.WatchRequest.FromString(request.payload).topics[0]
            answer = daemon_pb2.HealthResponse(reason=f"answer to {topic}")
            response = ttrpc_pb2.Response(payload=answer.SerializeToString())
            response.status.SetInParent()
            write_frame(sock, frame.stream_id, 2, 0, response.SerializeToString())

    fake_server.serve(handler)
    got = {}
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        def worker(index):
            request = daemon_pb2.WatchRequest(topics=[f"thread-{index}"])
            got[index] = conn.unary(DAEMON_SERVICE, "Health", request,
                                    daemon_pb2.HealthResponse).reason

        run_threads(worker, count)
    fake_server.join()
    assert got == {i: f"answer to thread-{i}" for i in range(count)}


def test_stream_ids_are_odd_and_increasing(fake_server):
    seen = []

    def handler(sock):
        for _ in range(5):
            frame = read_frame(sock)
            seen.append(frame.stream_id)
            write_frame(sock, frame.stream_id, 2, 0, b"\x0a\x00")

    fake_server.serve(handler)
    with Connection(fake_server.socket_path, timeout=IO_TIMEOUT) as conn:
        for _ in range(5):
            conn.unary(DAEMON_SERVICE, "Health", daemon_pb2.HealthRequest(),
                       daemon_pb2.HealthResponse)
    fake_server.join()
    assert seen == [1, 3, 5, 7, 9]
