from google.protobuf import any_pb2 as _any_pb2
from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ROLE_ADMIN: Role
ROLE_EDITOR: Role
ROLE_READER: Role
ROLE_UNSPECIFIED: Role

class BackupChunk(_message.Message):
    __slots__ = ["data"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class BackupRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class Caller(_message.Message):
    __slots__ = ["gid", "groups", "pid", "role", "uid"]
    GID_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UID_FIELD_NUMBER: _ClassVar[int]
    gid: int
    groups: _containers.RepeatedScalarFieldContainer[int]
    pid: int
    role: Role
    uid: int
    def __init__(self, uid: _Optional[int] = ..., gid: _Optional[int] = ..., pid: _Optional[int] = ..., groups: _Optional[_Iterable[int]] = ..., role: _Optional[_Union[Role, str]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ["detail", "sequence", "source", "summary", "time", "topic"]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    detail: _any_pb2.Any
    sequence: int
    source: str
    summary: str
    time: _timestamp_pb2.Timestamp
    topic: str
    def __init__(self, sequence: _Optional[int] = ..., time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., topic: _Optional[str] = ..., source: _Optional[str] = ..., summary: _Optional[str] = ..., detail: _Optional[_Union[_any_pb2.Any, _Mapping]] = ...) -> None: ...

class GetDescriptorsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetDescriptorsResponse(_message.Message):
    __slots__ = ["descriptor_set"]
    DESCRIPTOR_SET_FIELD_NUMBER: _ClassVar[int]
    descriptor_set: _descriptor_pb2.FileDescriptorSet
    def __init__(self, descriptor_set: _Optional[_Union[_descriptor_pb2.FileDescriptorSet, _Mapping]] = ...) -> None: ...

class HealthRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class HealthResponse(_message.Message):
    __slots__ = ["reason", "status"]
    class ServingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    NOT_SERVING: HealthResponse.ServingStatus
    REASON_FIELD_NUMBER: _ClassVar[int]
    SERVING: HealthResponse.ServingStatus
    SERVING_STATUS_UNSPECIFIED: HealthResponse.ServingStatus
    STATUS_FIELD_NUMBER: _ClassVar[int]
    reason: str
    status: HealthResponse.ServingStatus
    def __init__(self, status: _Optional[_Union[HealthResponse.ServingStatus, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class InfoRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class InfoResponse(_message.Message):
    __slots__ = ["api_versions", "caller", "config_generation", "config_path", "connections_open", "connections_total", "methods", "pid", "plugins", "requests_total", "services", "socket_activated", "socket_path", "started_at", "state_directory", "uptime_seconds", "version"]
    API_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CONFIG_GENERATION_FIELD_NUMBER: _ClassVar[int]
    CONFIG_PATH_FIELD_NUMBER: _ClassVar[int]
    CONNECTIONS_OPEN_FIELD_NUMBER: _ClassVar[int]
    CONNECTIONS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    PLUGINS_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    SOCKET_ACTIVATED_FIELD_NUMBER: _ClassVar[int]
    SOCKET_PATH_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    UPTIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    api_versions: _containers.RepeatedScalarFieldContainer[str]
    caller: Caller
    config_generation: int
    config_path: str
    connections_open: int
    connections_total: int
    methods: int
    pid: int
    plugins: int
    requests_total: int
    services: int
    socket_activated: bool
    socket_path: str
    started_at: _timestamp_pb2.Timestamp
    state_directory: str
    uptime_seconds: int
    version: str
    def __init__(self, version: _Optional[str] = ..., api_versions: _Optional[_Iterable[str]] = ..., started_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., uptime_seconds: _Optional[int] = ..., pid: _Optional[int] = ..., socket_path: _Optional[str] = ..., state_directory: _Optional[str] = ..., config_path: _Optional[str] = ..., socket_activated: bool = ..., connections_open: _Optional[int] = ..., connections_total: _Optional[int] = ..., requests_total: _Optional[int] = ..., services: _Optional[int] = ..., methods: _Optional[int] = ..., plugins: _Optional[int] = ..., config_generation: _Optional[int] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class ListPluginsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListPluginsResponse(_message.Message):
    __slots__ = ["plugins"]
    PLUGINS_FIELD_NUMBER: _ClassVar[int]
    plugins: _containers.RepeatedCompositeFieldContainer[PluginInfo]
    def __init__(self, plugins: _Optional[_Iterable[_Union[PluginInfo, _Mapping]]] = ...) -> None: ...

class ListServicesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListServicesResponse(_message.Message):
    __slots__ = ["services"]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[ServiceInfo]
    def __init__(self, services: _Optional[_Iterable[_Union[ServiceInfo, _Mapping]]] = ...) -> None: ...

class MethodInfo(_message.Message):
    __slots__ = ["client_streaming", "full_name", "mutating", "name", "request_type", "required_role", "response_type", "server_streaming"]
    CLIENT_STREAMING_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    MUTATING_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_ROLE_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SERVER_STREAMING_FIELD_NUMBER: _ClassVar[int]
    client_streaming: bool
    full_name: str
    mutating: bool
    name: str
    request_type: str
    required_role: Role
    response_type: str
    server_streaming: bool
    def __init__(self, name: _Optional[str] = ..., full_name: _Optional[str] = ..., request_type: _Optional[str] = ..., response_type: _Optional[str] = ..., client_streaming: bool = ..., server_streaming: bool = ..., required_role: _Optional[_Union[Role, str]] = ..., mutating: bool = ...) -> None: ...

class PluginInfo(_message.Message):
    __slots__ = ["abi", "description", "error", "file", "id", "methods", "provides", "requires", "state", "version"]
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    ABI_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    FAILED: PluginInfo.State
    FILE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    PROVIDES_FIELD_NUMBER: _ClassVar[int]
    REFUSED: PluginInfo.State
    REQUIRES_FIELD_NUMBER: _ClassVar[int]
    RUNNING: PluginInfo.State
    SKIPPED: PluginInfo.State
    STATE_FIELD_NUMBER: _ClassVar[int]
    STATE_UNSPECIFIED: PluginInfo.State
    VERSION_FIELD_NUMBER: _ClassVar[int]
    abi: str
    description: str
    error: str
    file: str
    id: str
    methods: _containers.RepeatedScalarFieldContainer[str]
    provides: _containers.RepeatedScalarFieldContainer[str]
    requires: _containers.RepeatedScalarFieldContainer[str]
    state: PluginInfo.State
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., abi: _Optional[str] = ..., file: _Optional[str] = ..., state: _Optional[_Union[PluginInfo.State, str]] = ..., error: _Optional[str] = ..., description: _Optional[str] = ..., methods: _Optional[_Iterable[str]] = ..., provides: _Optional[_Iterable[str]] = ..., requires: _Optional[_Iterable[str]] = ...) -> None: ...

class ReloadRequest(_message.Message):
    __slots__ = ["wait"]
    WAIT_FIELD_NUMBER: _ClassVar[int]
    wait: bool
    def __init__(self, wait: bool = ...) -> None: ...

class ReloadResponse(_message.Message):
    __slots__ = ["changes", "generation"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    GENERATION_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedScalarFieldContainer[str]
    generation: int
    def __init__(self, generation: _Optional[int] = ..., changes: _Optional[_Iterable[str]] = ...) -> None: ...

class Reloaded(_message.Message):
    __slots__ = ["changes", "generation"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    GENERATION_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedScalarFieldContainer[str]
    generation: int
    def __init__(self, generation: _Optional[int] = ..., changes: _Optional[_Iterable[str]] = ...) -> None: ...

class ServiceInfo(_message.Message):
    __slots__ = ["methods", "name", "provider"]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    methods: _containers.RepeatedCompositeFieldContainer[MethodInfo]
    name: str
    provider: str
    def __init__(self, name: _Optional[str] = ..., provider: _Optional[str] = ..., methods: _Optional[_Iterable[_Union[MethodInfo, _Mapping]]] = ...) -> None: ...

class WatchRequest(_message.Message):
    __slots__ = ["topics"]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ...) -> None: ...

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
