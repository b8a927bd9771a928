"""Python client for ecoprodd: ttrpc over a Unix socket (see docs/PROTOCOL.md).

Quick start::

    from ecoprod_client import Connection, DaemonClient

    with Connection() as conn:          # $ECOPROD_SOCKET or /run/ecoprod/ecoprod.sock
        daemon = DaemonClient(conn)
        print(daemon.health().status, daemon.info().version)

The generated message modules are available as ``ecoprod_client.daemon_pb2``
and ``ecoprod_client.ttrpc_pb2``.
"""

from ._proto.ecoprod.daemon.v1 import daemon_pb2
from ._proto.ttrpc import ttrpc_pb2
from .connection import (DEFAULT_SOCKET_PATH, DEFAULT_TIMEOUT, MAX_PAYLOAD, SOCKET_ENV,
                         Connection, ServerStream)
from .daemon import DAEMON_SERVICE, DaemonClient
from .errors import (CODE_NAMES, Aborted, AlreadyExists, Cancelled, ConnectionLost,
                     DaemonUnavailable, DataLoss, DeadlineExceeded, FailedPrecondition,
                     Internal, InvalidArgument, NotFound, OutOfRange, PermissionDenied,
                     ProtocolError, ResourceExhausted, RpcError, Unauthenticated,
                     Unavailable, Unimplemented, Unknown, error_from_status)

__version__ = "0.1.0"

__all__ = [
    "Connection",
    "ServerStream",
    "DaemonClient",
    "DAEMON_SERVICE",
    "DEFAULT_SOCKET_PATH",
    "DEFAULT_TIMEOUT",
    "MAX_PAYLOAD",
    "SOCKET_ENV",
    "daemon_pb2",
    "ttrpc_pb2",
    "CODE_NAMES",
    "RpcError",
    "Cancelled",
    "Unknown",
    "InvalidArgument",
    "DeadlineExceeded",
    "NotFound",
    "AlreadyExists",
    "PermissionDenied",
    "ResourceExhausted",
    "FailedPrecondition",
    "Aborted",
    "OutOfRange",
    "Unimplemented",
    "Internal",
    "Unavailable",
    "DataLoss",
    "Unauthenticated",
    "DaemonUnavailable",
    "ConnectionLost",
    "ProtocolError",
    "error_from_status",
    "__version__",
]
