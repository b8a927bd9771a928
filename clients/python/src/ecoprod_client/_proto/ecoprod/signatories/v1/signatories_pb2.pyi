from ecoprod_client._proto.ecoprod.directory.v1 import directory_pb2 as _directory_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
MAP_FORMAT_HTML: MapFormat
MAP_FORMAT_SVG: MapFormat
MAP_FORMAT_UNSPECIFIED: MapFormat

class MapChunk(_message.Message):
    __slots__ = ["data", "media_type"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ...) -> None: ...

class MapRequest(_message.Message):
    __slots__ = ["categories", "charter_version", "region", "zoom"]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CHARTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    ZOOM_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedScalarFieldContainer[str]
    charter_version: str
    region: str
    zoom: int
    def __init__(self, categories: _Optional[_Iterable[str]] = ..., region: _Optional[str] = ..., charter_version: _Optional[str] = ..., zoom: _Optional[int] = ...) -> None: ...

class RenderMapRequest(_message.Message):
    __slots__ = ["format", "map", "title"]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    MAP_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    format: MapFormat
    map: MapRequest
    title: str
    def __init__(self, map: _Optional[_Union[MapRequest, _Mapping]] = ..., format: _Optional[_Union[MapFormat, str]] = ..., title: _Optional[str] = ...) -> None: ...

class SignatoryCounts(_message.Message):
    __slots__ = ["by_category", "by_region", "total"]
    BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    BY_REGION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    by_category: _containers.RepeatedCompositeFieldContainer[_directory_pb2.Count]
    by_region: _containers.RepeatedCompositeFieldContainer[_directory_pb2.Count]
    total: int
    def __init__(self, total: _Optional[int] = ..., by_region: _Optional[_Iterable[_Union[_directory_pb2.Count, _Mapping]]] = ..., by_category: _Optional[_Iterable[_Union[_directory_pb2.Count, _Mapping]]] = ...) -> None: ...

class MapFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
