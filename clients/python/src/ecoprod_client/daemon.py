"""Typed wrapper of the daemon's own service, ``ecoprod.daemon.v1.Daemon``
(docs/PROTOCOL.md section 9)."""

from __future__ import annotations

from typing import Iterable, List, Optional

from google.protobuf import descriptor_pb2

from ._proto.ecoprod.daemon.v1 import daemon_pb2
from .connection import Connection, Metadata, ServerStream

__all__ = ["DaemonClient", "DAEMON_SERVICE"]

#: Fully qualified name of the daemon's service.
DAEMON_SERVICE = "ecoprod.daemon.v1.Daemon"


class DaemonClient:
    """The ``Daemon`` service's methods over a :class:`Connection`.

    Every method takes an optional ``timeout`` in seconds (default: the
    connection's timeout; ``watch`` has none by default) and raises an
    :class:`~ecoprod_client.errors.RpcError` subclass on failure. The client
    does not own the connection: close the connection yourself.

    Example::

        with Connection() as conn:
            daemon = DaemonClient(conn)
            print(daemon.info().version)
    """

    def __init__(self, connection: Connection):
        self.connection = connection

    def _unary(self, method: str, request, response_type, timeout: Optional[float],
               metadata: Metadata = None):
        return self.connection.unary(DAEMON_SERVICE, method, request, response_type,
                                     timeout=timeout, metadata=metadata)

    def health(self, timeout: Optional[float] = None) -> daemon_pb2.HealthResponse:
        """Whether the daemon serves requests (``status == HealthResponse.SERVING``)."""
        return self._unary("Health", daemon_pb2.HealthRequest(), daemon_pb2.HealthResponse,
                           timeout)

    def is_serving(self, timeout: Optional[float] = None) -> bool:
        """True if Health answers SERVING."""
        return self.health(timeout).status == daemon_pb2.HealthResponse.SERVING

    def info(self, timeout: Optional[float] = None) -> daemon_pb2.InfoResponse:
        """Version, API versions, uptime, counters, paths and the caller's credentials and role."""
        return self._unary("Info", daemon_pb2.InfoRequest(), daemon_pb2.InfoResponse, timeout)

    def list_services(self, timeout: Optional[float] = None) -> List[daemon_pb2.ServiceInfo]:
        """Every service on the daemon's router with its methods and their required roles."""
        response = self._unary("ListServices", daemon_pb2.ListServicesRequest(),
                               daemon_pb2.ListServicesResponse, timeout)
        return list(response.services)

    def get_descriptors(self, timeout: Optional[float] = None
                        ) -> descriptor_pb2.FileDescriptorSet:
        """The FileDescriptorSet of every served .proto file, dependencies first."""
        response = self._unary("GetDescriptors", daemon_pb2.GetDescriptorsRequest(),
                               daemon_pb2.GetDescriptorsResponse, timeout)
        return response.descriptor_set

    def list_plugins(self, timeout: Optional[float] = None) -> List[daemon_pb2.PluginInfo]:
        """The capability plugins and their state."""
        response = self._unary("ListPlugins", daemon_pb2.ListPluginsRequest(),
                               daemon_pb2.ListPluginsResponse, timeout)
        return list(response.plugins)

    def reload(self, wait: bool = True, timeout: Optional[float] = None
               ) -> daemon_pb2.ReloadResponse:
        """Re-read the configuration (role admin). With ``wait`` the answer carries the
        new generation and the changes; without, it comes as soon as the reload is
        scheduled."""
        return self._unary("Reload", daemon_pb2.ReloadRequest(wait=wait),
                           daemon_pb2.ReloadResponse, timeout)

    def watch(self, topics: Iterable[str] = (), timeout: Optional[float] = None
              ) -> ServerStream[daemon_pb2.Event]:
        """Stream the daemon's events (``topics``: prefixes such as ``"daemon."``;
        empty means all). The first event is always ``daemon.watch.started``.

        The stream does not end on its own; close it to stop reading (the daemon
        stops sending only when the connection closes). With ``timeout`` the
        stream ends with DeadlineExceeded when the time is up.
        """
        return self.connection.server_stream(DAEMON_SERVICE, "Watch",
                                             daemon_pb2.WatchRequest(topics=list(topics)),
                                             daemon_pb2.Event, timeout=timeout)
