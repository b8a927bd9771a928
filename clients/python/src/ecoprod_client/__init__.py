"""Python client for ecoprodd: ttrpc over a Unix socket (see docs/PROTOCOL.md).

Quick start::

    from ecoprod_client import Connection, DaemonClient

    with Connection() as conn:          # $ECOPROD_SOCKET or /run/ecoprod/ecoprod.sock
        daemon = DaemonClient(conn)
        print(daemon.health().status, daemon.info().version)

The generated message modules are available as ``ecoprod_client.daemon_pb2``,
``ecoprod_client.label_pb2``, ``ecoprod_client.scoring_pb2``, ``ecoprod_client.carbon_pb2``,
``ecoprod_client.directory_pb2`` and ``ecoprod_client.ttrpc_pb2``.
"""

from ._proto.ecoprod.carbon.v1 import carbon_pb2
from ._proto.ecoprod.daemon.v1 import daemon_pb2
from ._proto.ecoprod.directory.v1 import directory_pb2
from ._proto.ecoprod.label.v1 import label_pb2
from ._proto.ecoprod.scoring.v1 import scoring_pb2
from ._proto.ttrpc import ttrpc_pb2
from .connection import (DEFAULT_SOCKET_PATH, DEFAULT_TIMEOUT, MAX_PAYLOAD, SOCKET_ENV,
                         Connection, ServerStream)
from .daemon import DAEMON_SERVICE, DaemonClient
from . import errors as _errors
from .errors import *  # noqa: F401,F403 - every error type is part of the package's API

__version__ = "0.7.0"

__all__ = [
    "Connection",
    "ServerStream",
    "DaemonClient",
    "DAEMON_SERVICE",
    "DEFAULT_SOCKET_PATH",
    "DEFAULT_TIMEOUT",
    "MAX_PAYLOAD",
    "SOCKET_ENV",
    "carbon_pb2",
    "daemon_pb2",
    "directory_pb2",
    "label_pb2",
    "scoring_pb2",
    "ttrpc_pb2",
    "__version__",
] + _errors.__all__
