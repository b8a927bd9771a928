from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
STAGE_APPLICATION: Stage
STAGE_FINAL: Stage
STAGE_INTERMEDIATE: Stage
STAGE_UNSPECIFIED: Stage

class AuditSampleRequest(_message.Message):
    __slots__ = ["drawn", "production_id"]
    DRAWN_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    drawn: int
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., drawn: _Optional[int] = ...) -> None: ...

class AuditSampleResponse(_message.Message):
    __slots__ = ["criteria", "production_id"]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    criteria: _containers.RepeatedCompositeFieldContainer[SampledCriterion]
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., criteria: _Optional[_Iterable[_Union[SampledCriterion, _Mapping]]] = ...) -> None: ...

class BuildDossierRequest(_message.Message):
    __slots__ = ["force", "production_id", "stage"]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    force: bool
    production_id: str
    stage: Stage
    def __init__(self, production_id: _Optional[str] = ..., stage: _Optional[_Union[Stage, str]] = ..., force: bool = ...) -> None: ...

class DossierChunk(_message.Message):
    __slots__ = ["data", "total_bytes"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    total_bytes: int
    def __init__(self, data: _Optional[bytes] = ..., total_bytes: _Optional[int] = ...) -> None: ...

class DossierValidation(_message.Message):
    __slots__ = ["complete", "findings", "production_id", "revision", "stage"]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    complete: bool
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    production_id: str
    revision: int
    stage: Stage
    def __init__(self, production_id: _Optional[str] = ..., revision: _Optional[int] = ..., stage: _Optional[_Union[Stage, str]] = ..., complete: bool = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ["criterion_id", "field", "message"]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    criterion_id: str
    field: str
    message: str
    def __init__(self, criterion_id: _Optional[str] = ..., field: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class SampledCriterion(_message.Message):
    __slots__ = ["criterion_id", "mandatory", "points", "title"]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    criterion_id: str
    mandatory: bool
    points: int
    title: str
    def __init__(self, criterion_id: _Optional[str] = ..., title: _Optional[str] = ..., mandatory: bool = ..., points: _Optional[int] = ...) -> None: ...

class ValidateDossierRequest(_message.Message):
    __slots__ = ["production_id", "stage"]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    production_id: str
    stage: Stage
    def __init__(self, production_id: _Optional[str] = ..., stage: _Optional[_Union[Stage, str]] = ...) -> None: ...

class Stage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
