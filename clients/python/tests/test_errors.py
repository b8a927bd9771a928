"""Typed errors: status codes from the daemon, and connect failures."""

from __future__ import annotations

import errno
import json
import os
import pickle
import socket

import pytest
from ecoprod_test_support import IO_TIMEOUT, short_tmpdir

import ecoprod_client
from ecoprod_client import (DAEMON_SERVICE, CODE_NAMES, Connection, DaemonClient,
                            DaemonUnavailable, DeadlineExceeded, InvalidArgument, NotFound,
                            PermissionDenied, RpcError, Unavailable, Unimplemented,
                            daemon_pb2, error_from_status)


def test_unknown_method_is_unimplemented(daemon):
    conn = daemon.connect()
    with pytest.raises(Unimplemented) as info:
        conn.unary(DAEMON_SERVICE, "NoSuchMethod", daemon_pb2.HealthRequest(),
                   daemon_pb2.HealthResponse)
    error = info.value
    assert isinstance(error, RpcError)
    assert error.code == 12 and error.code_name == "UNIMPLEMENTED"
    assert error.message == "method NoSuchMethod"
    assert error.remote
    with pytest.raises(Unimplemented) as info:
        conn.unary("no.such.Service", "Health", daemon_pb2.HealthRequest(),
                   daemon_pb2.HealthResponse)
    assert info.value.message == "service no.such.Service"
    # The connection carries on.
    assert DaemonClient(conn).is_serving()


def test_bad_payload_is_invalid_argument(daemon):
    conn = daemon.connect()
    # Field 1, length-delimited, announcing 5 bytes but carrying 2.
    with pytest.raises(InvalidArgument) as info:
        conn.unary(DAEMON_SERVICE, "Health", b"\x0a\x05ab", daemon_pb2.HealthResponse)
    assert info.value.code == 3 and info.value.code_name == "INVALID_ARGUMENT"
    assert "ecoprod.daemon.v1.HealthRequest" in info.value.message
    assert DaemonClient(conn).is_serving()


def test_expired_deadline_answered_by_daemon(daemon):
    # A long grace: the client waits for the daemon's own DEADLINE_EXCEEDED.
    conn = daemon.connect(deadline_grace=IO_TIMEOUT)
    client = DaemonClient(conn)
    with pytest.raises(DeadlineExceeded) as info:
        client.health(timeout=1e-9)  # timeout_nano = 1
    assert info.value.remote is True
    assert info.value.code == 4 and info.value.code_name == "DEADLINE_EXCEEDED"
    with pytest.raises(DeadlineExceeded) as info:
        client.info(timeout=0)  # sent as timeout_nano = -1: expired at once
    assert info.value.remote is True
    assert client.is_serving()


def run_as_nobody(groups, body):
    """Runs body() in a forked child as uid/gid 65534 with the given supplementary
    groups and returns what it returned (a JSON-able dict)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(read_fd)
            os.setgroups(groups)
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_fd, json.dumps(body()).encode())
            code = 0
        except BaseException as exc:
            os.write(write_fd, json.dumps({"error": repr(exc)}).encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    result = json.loads(output)
    assert "error" not in result, result
    return result


@pytest.mark.skipif(os.getuid() != 0,
                    reason="PermissionDenied needs root to fork a child as uid 65534 "
                           "(run the tests as root to cover it)")
def test_permission_denied_and_group_hint(daemon):
    """A child at uid 65534: with the socket's group it can connect but holds no
    role (PermissionDenied, even for Health); without it connect() fails with
    EACCES and DaemonUnavailable names the group to join."""
    def call_as_member():
        results = {}
        with Connection(daemon.socket_path, timeout=IO_TIMEOUT) as conn:
            client = DaemonClient(conn)
            for name, call in (("Health", client.health), ("Reload", client.reload)):
                try:
                    call()
                    results[name] = ["no error"]
                except RpcError as exc:
                    results[name] = [type(exc).__name__, exc.code, exc.message]
        results["uid"] = os.getuid()
        return results

    results = run_as_nobody([os.stat(daemon.socket_path).st_gid], call_as_member)
    assert results["uid"] == 65534
    for method in ("Health", "Reload"):
        kind, code, message = results[method]
        assert kind == "PermissionDenied" and code == 7, results
        assert method in message
    assert "reader" in results["Health"][2]
    assert "admin" in results["Reload"][2]

    # Not in the socket's group at all (mode 0660): EACCES.
    def connect_as_outsider():
        try:
            Connection(daemon.socket_path, timeout=IO_TIMEOUT).close()
            return {"connected": True}
        except DaemonUnavailable as exc:
            return {"errno": exc.errno, "message": exc.message, "path": exc.socket_path, "code": exc.code}

    result = run_as_nobody([], connect_as_outsider)
    if result.get("connected"):
        pytest.skip("the socket is writable by uid 65534 here; no EACCES to check")
    assert result["errno"] == errno.EACCES
    assert result["path"] == daemon.socket_path
    assert daemon.socket_path in result["message"]
    assert "'ecoprod' group" in result["message"]
    assert result["code"] == 14


def test_missing_socket_is_daemon_unavailable():
    directory = short_tmpdir()
    try:
        path = os.path.join(directory, "missing.sock")
        with pytest.raises(DaemonUnavailable) as info:
            Connection(path, timeout=IO_TIMEOUT)
        error = info.value
        assert isinstance(error, Unavailable) and isinstance(error, RpcError)
        assert error.code == 14 and error.code_name == "UNAVAILABLE"
        assert error.socket_path == path
        assert error.errno == errno.ENOENT
        assert path in str(error)
        assert error.remote is False
    finally:
        os.rmdir(directory)


def test_refused_socket_is_daemon_unavailable():
    directory = short_tmpdir()
    path = os.path.join(directory, "dead.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        stale.bind(path)  # bound, never listening: connect() is refused
        with pytest.raises(DaemonUnavailable) as info:
            Connection(path, timeout=IO_TIMEOUT)
        assert info.value.errno == errno.ECONNREFUSED
        assert "refused" in info.value.message and path in info.value.message
    finally:
        stale.close()
        os.unlink(path)
        os.rmdir(directory)


def test_status_code_mapping():
    expected = {
        1: "Cancelled", 2: "Unknown", 3: "InvalidArgument", 4: "DeadlineExceeded",
        5: "NotFound", 6: "AlreadyExists", 7: "PermissionDenied", 8: "ResourceExhausted",
        9: "FailedPrecondition", 10: "Aborted", 11: "OutOfRange", 12: "Unimplemented",
        13: "Internal", 14: "Unavailable", 15: "DataLoss", 16: "Unauthenticated",
    }
    for code, name in expected.items():
        error = error_from_status(code, "m")
        assert type(error) is getattr(ecoprod_client, name)
        assert error.code == code and error.code_name == CODE_NAMES[code]
        assert error.message == "m"
        assert str(error) == f"{CODE_NAMES[code]}: m"
        # Constructing a subclass directly gives the same code.
        assert getattr(ecoprod_client, name)("x").code == code
    unknown = error_from_status(99, "new code")
    assert type(unknown) is RpcError
    assert unknown.code == 99 and unknown.code_name == "CODE_99"
    again = pickle.loads(pickle.dumps(error_from_status(5, "gone")))
    assert isinstance(again, NotFound) and again.message == "gone" and again.code == 5
    assert isinstance(PermissionDenied("x"), RpcError)
