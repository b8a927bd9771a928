"""Unary calls against the real daemon, through Connection and DaemonClient."""

from __future__ import annotations

import os

import pytest
from google.protobuf import descriptor_pool, message_factory

from ecoprod_client import (DAEMON_SERVICE, Connection, ConnectionLost, DaemonClient,
                            daemon_pb2)


def test_health_raw_unary(daemon):
    conn = daemon.connect()
    response = conn.unary(DAEMON_SERVICE, "Health", daemon_pb2.HealthRequest(),
                          daemon_pb2.HealthResponse)
    assert isinstance(response, daemon_pb2.HealthResponse)
    assert response.status == daemon_pb2.HealthResponse.SERVING
    assert response.reason == ""


def test_daemon_client_methods(daemon):
    conn = daemon.connect()
    client = DaemonClient(conn)

    assert client.health().status == daemon_pb2.HealthResponse.SERVING
    assert client.is_serving()

    info = client.info()
    assert info.version
    assert "ecoprod.daemon.v1" in info.api_versions
    assert info.pid == daemon.proc.pid
    assert info.socket_path == daemon.socket_path
    assert info.caller.uid == os.getuid()
    assert info.caller.pid == os.getpid()
    # The tests run as the daemon's own uid (or root): always admin.
    assert info.caller.role == daemon_pb2.ROLE_ADMIN

    services = client.list_services()
    assert info.services == len(services)
    by_name = {service.name: service for service in services}
    builtin = by_name[DAEMON_SERVICE]
    assert builtin.provider == "builtin"
    methods = {method.name: method for method in builtin.methods}
    assert set(methods) == {"Health", "Info", "ListServices", "GetDescriptors",
                            "ListPlugins", "Reload", "Watch", "Backup"}
    assert methods["Health"].full_name == "/ecoprod.daemon.v1.Daemon/Health"
    assert methods["Watch"].server_streaming and not methods["Watch"].client_streaming
    assert methods["Reload"].required_role == daemon_pb2.ROLE_ADMIN
    assert methods["Reload"].mutating
    assert methods["Backup"].required_role == daemon_pb2.ROLE_ADMIN and methods["Backup"].server_streaming

    assert isinstance(client.list_plugins(), list)
    assert len(client.list_plugins()) == info.plugins


def test_get_descriptors_builds_a_dynamic_pool(daemon):
    client = DaemonClient(daemon.connect())
    descriptor_set = client.get_descriptors()
    names = [file.name for file in descriptor_set.file]
    assert "ecoprod/daemon/v1/daemon.proto" in names
    assert "ttrpc/ttrpc.proto" in names
    # Dependencies come first: the files can be added one after the other.
    pool = descriptor_pool.DescriptorPool()
    for file_proto in descriptor_set.file:
        pool.Add(file_proto)
    health_type = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("ecoprod.daemon.v1.HealthResponse"))
    request_type = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("ecoprod.daemon.v1.HealthRequest"))
    # A call with dynamic message classes only.
    response = client.connection.unary(DAEMON_SERVICE, "Health", request_type(), health_type)
    assert response.status == 1


def test_reload_increments_generation(daemon):
    client = DaemonClient(daemon.connect())
    before = client.info().config_generation
    response = client.reload(wait=True)
    assert response.generation == before + 1
    assert client.info().config_generation == before + 1
    scheduled = client.reload(wait=False)
    assert isinstance(scheduled, daemon_pb2.ReloadResponse)


def test_bytes_payload_and_metadata(daemon):
    conn = daemon.connect()
    response = conn.unary(DAEMON_SERVICE, "Health", b"", daemon_pb2.HealthResponse,
                          timeout=5.0, metadata={"request-id": "abc", "x": "y"})
    assert response.status == daemon_pb2.HealthResponse.SERVING
    response = conn.unary(DAEMON_SERVICE, "Health", b"", daemon_pb2.HealthResponse,
                          metadata=[("k", "v")])
    assert response.status == daemon_pb2.HealthResponse.SERVING


def test_socket_from_environment(daemon, monkeypatch):
    monkeypatch.setenv("ECOPROD_SOCKET", daemon.socket_path)
    with Connection(timeout=10.0) as conn:
        assert conn.socket_path == daemon.socket_path
        assert DaemonClient(conn).is_serving()


def test_default_socket_path(monkeypatch):
    monkeypatch.delenv("ECOPROD_SOCKET", raising=False)
    from ecoprod_client import DEFAULT_SOCKET_PATH, DaemonUnavailable
    assert DEFAULT_SOCKET_PATH == "/run/ecoprod/ecoprod.sock"
    try:
        with Connection(timeout=10.0) as conn:  # a system daemon may really run here
            assert conn.socket_path == DEFAULT_SOCKET_PATH
    except DaemonUnavailable as exc:
        assert exc.socket_path == DEFAULT_SOCKET_PATH


def test_context_manager_and_close(daemon):
    with daemon.connect() as conn:
        assert not conn.closed
        assert DaemonClient(conn).is_serving()
    assert conn.closed
    with pytest.raises(ConnectionLost) as info:
        DaemonClient(conn).health()
    assert "closed" in info.value.message
    assert info.value.remote is False
    conn.close()  # idempotent


def test_many_sequential_calls_on_one_connection(daemon):
    client = DaemonClient(daemon.connect())
    for _ in range(200):
        assert client.health().status == daemon_pb2.HealthResponse.SERVING
    # 200 + this one, on one connection.
    assert client.info().requests_total >= 201
