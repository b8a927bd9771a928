"""Exceptions raised by the ecoprod client.

Every failed call raises an :class:`RpcError`. The daemon's answers carry a gRPC
status code (docs/PROTOCOL.md section 6); each code has its own subclass, so a
caller can write ``except NotFound:``. Codes this library does not know still
raise the :class:`RpcError` base class.

Failures detected by the client itself use the same classes with
``remote = False``: a call whose deadline passed without an answer raises
:class:`DeadlineExceeded`, a request too large for a frame raises
:class:`ResourceExhausted`, a lost connection raises :class:`ConnectionLost`
(an :class:`Unavailable`), and a failed ``connect()`` raises
:class:`DaemonUnavailable` (also an :class:`Unavailable`).
"""

from __future__ import annotations

import errno as _errno
from typing import Dict, Optional, Sequence, Type

__all__ = [
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
    "READER_GROUP",
]

#: gRPC status code names by number.
CODE_NAMES: Dict[int, str] = {
    0: "OK",
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}

#: The Unix group whose members may connect to the daemon's socket (the reader role).
READER_GROUP = "ecoprod"


class RpcError(Exception):
    """A failed call.

    Attributes:
        code: the gRPC status code (int).
        code_name: its name, e.g. ``"NOT_FOUND"`` (``"CODE_<n>"`` if unknown).
        message: the human-readable text (show it to people; do not parse it).
        details: the ``google.protobuf.Any`` details of the status, if any.
        remote: True if the daemon sent this status, False if the client
            detected the failure itself (deadline passed locally, connection
            lost, request too large, ...).
    """

    #: The status code of the subclass; None on the base class.
    CODE: Optional[int] = None

    def __init__(self, code: int, message: str = "", details: Sequence = (),
                 remote: bool = True):
        self.code = int(code)
        self.message = message
        self.details = list(details)
        self.remote = remote
        super().__init__(f"{self.code_name}: {message}" if message else self.code_name)

    @property
    def code_name(self) -> str:
        return CODE_NAMES.get(self.code, f"CODE_{self.code}")

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(code={self.code} {self.code_name}, "
                f"message={self.message!r}, remote={self.remote})")

    def __reduce__(self):
        # The subclasses' __init__ signatures differ; rebuild from the attributes.
        return (_restore_error, (type(self), str(self), self.__dict__.copy()))


def _restore_error(cls, text, state):
    error = cls.__new__(cls)
    Exception.__init__(error, text)
    error.__dict__.update(state)
    return error


class _CodedError(RpcError):
    """Base of the per-code subclasses: the code comes from the class."""

    CODE = 2

    def __init__(self, message: str = "", details: Sequence = (), remote: bool = True):
        super().__init__(type(self).CODE, message, details, remote)


class Cancelled(_CodedError):
    """CANCELLED (1): the call was cancelled."""

    CODE = 1


class Unknown(_CodedError):
    """UNKNOWN (2): an error with no better code."""

    CODE = 2


class InvalidArgument(_CodedError):
    """INVALID_ARGUMENT (3): malformed frame, envelope or message; bad stream id."""

    CODE = 3


class DeadlineExceeded(_CodedError):
    """DEADLINE_EXCEEDED (4): the call's deadline passed."""

    CODE = 4


class NotFound(_CodedError):
    """NOT_FOUND (5): a named object does not exist."""

    CODE = 5


class AlreadyExists(_CodedError):
    """ALREADY_EXISTS (6): the object to create exists already."""

    CODE = 6


class PermissionDenied(_CodedError):
    """PERMISSION_DENIED (7): the caller's role is too low, or it has none."""

    CODE = 7


class ResourceExhausted(_CodedError):
    """RESOURCE_EXHAUSTED (8): frame over 4 MiB, too many streams in flight, ..."""

    CODE = 8


class FailedPrecondition(_CodedError):
    """FAILED_PRECONDITION (9): the state does not allow the operation."""

    CODE = 9


class Aborted(_CodedError):
    """ABORTED (10): the operation was aborted (e.g. a conflict)."""

    CODE = 10


class OutOfRange(_CodedError):
    """OUT_OF_RANGE (11): a value outside the valid range."""

    CODE = 11


class Unimplemented(_CodedError):
    """UNIMPLEMENTED (12): unknown service or method."""

    CODE = 12


class Internal(_CodedError):
    """INTERNAL (13): a bug in the daemon or a plugin."""

    CODE = 13


class Unavailable(_CodedError):
    """UNAVAILABLE (14): the daemon is shutting down or cannot be reached."""

    CODE = 14


class DataLoss(_CodedError):
    """DATA_LOSS (15): unrecoverable data loss or corruption."""

    CODE = 15


class Unauthenticated(_CodedError):
    """UNAUTHENTICATED (16): not used by ecoprodd."""

    CODE = 16


_BY_CODE: Dict[int, Type[_CodedError]] = {
    cls.CODE: cls
    for cls in (Cancelled, Unknown, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists,
                PermissionDenied, ResourceExhausted, FailedPrecondition, Aborted, OutOfRange,
                Unimplemented, Internal, Unavailable, DataLoss, Unauthenticated)
}


def error_from_status(code: int, message: str = "", details: Sequence = (),
                      remote: bool = True) -> RpcError:
    """The exception for a status code: its subclass, or RpcError for unknown codes."""
    cls = _BY_CODE.get(int(code))
    if cls is None:
        return RpcError(code, message, details, remote)
    return cls(message, details, remote)


class ConnectionLost(Unavailable):
    """The connection to the daemon closed or failed while a call needed it,
    or the :class:`~ecoprod_client.Connection` was closed."""

    def __init__(self, message: str = "connection lost", details: Sequence = (),
                 remote: bool = False):
        super().__init__(message, details, remote)


class ProtocolError(Internal):
    """The daemon sent something that does not follow the ttrpc protocol
    (undecodable envelope or message, oversized frame, ...)."""

    def __init__(self, message: str = "protocol error", details: Sequence = (),
                 remote: bool = False):
        super().__init__(message, details, remote)


class DaemonUnavailable(Unavailable):
    """``connect()`` to the daemon's socket failed.

    Attributes (besides RpcError's): ``socket_path`` and ``errno`` (the OS error
    number, or None).
    """

    def __init__(self, socket_path: str, os_error: Optional[OSError] = None,
                 message: Optional[str] = None):
        self.socket_path = socket_path
        self.errno = os_error.errno if os_error is not None else None
        if message is None:
            message = _connect_failure_message(socket_path, os_error)
        super().__init__(message, (), remote=False)


def _connect_failure_message(path: str, exc: Optional[OSError]) -> str:
    if exc is None:
        return f"cannot connect to ecoprodd at {path}"
    code = exc.errno
    reason = exc.strerror or str(exc)
    if code in (_errno.EACCES, _errno.EPERM):
        return (f"permission denied connecting to ecoprodd at {path}: join the "
                f"'{READER_GROUP}' group (for example `sudo usermod -aG {READER_GROUP} "
                f"\"$USER\"`, then log in again) or run as root")
    if code == _errno.ENOENT:
        return (f"cannot connect to ecoprodd at {path}: no such socket (is ecoprodd "
                f"running? try `systemctl status ecoprodd.socket ecoprodd`, or set "
                f"ECOPROD_SOCKET)")
    if code == _errno.ECONNREFUSED:
        return (f"cannot connect to ecoprodd at {path}: connection refused (the socket "
                f"exists but no daemon is listening on it)")
    if isinstance(exc, TimeoutError) or code == _errno.ETIMEDOUT or code is None:
        return f"cannot connect to ecoprodd at {path}: {reason or 'timed out'}"
    return f"cannot connect to ecoprodd at {path}: {reason}"
