from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
FACTOR_FILE_FORMAT_BASE_CARBONE_CSV: FactorFileFormat
FACTOR_FILE_FORMAT_JSON: FactorFileFormat
FACTOR_FILE_FORMAT_UNSPECIFIED: FactorFileFormat

class Factor(_message.Message):
    __slots__ = ["breakdown", "category", "geography", "id", "kg_co2e_per_unit", "name_en", "name_fr", "source_reference", "status", "uncertainty_percent", "unit"]
    BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    GEOGRAPHY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KG_CO2E_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    NAME_FR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNCERTAINTY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    breakdown: _containers.RepeatedCompositeFieldContainer[FactorBreakdown]
    category: str
    geography: str
    id: str
    kg_co2e_per_unit: float
    name_en: str
    name_fr: str
    source_reference: str
    status: str
    uncertainty_percent: float
    unit: str
    def __init__(self, id: _Optional[str] = ..., name_fr: _Optional[str] = ..., name_en: _Optional[str] = ..., unit: _Optional[str] = ..., kg_co2e_per_unit: _Optional[float] = ..., uncertainty_percent: _Optional[float] = ..., category: _Optional[str] = ..., geography: _Optional[str] = ..., source_reference: _Optional[str] = ..., breakdown: _Optional[_Iterable[_Union[FactorBreakdown, _Mapping]]] = ..., status: _Optional[str] = ...) -> None: ...

class FactorBreakdown(_message.Message):
    __slots__ = ["detail_en", "detail_fr", "kg_co2e_per_unit", "name_fr"]
    DETAIL_EN_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FR_FIELD_NUMBER: _ClassVar[int]
    KG_CO2E_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    NAME_FR_FIELD_NUMBER: _ClassVar[int]
    detail_en: str
    detail_fr: str
    kg_co2e_per_unit: float
    name_fr: str
    def __init__(self, name_fr: _Optional[str] = ..., detail_fr: _Optional[str] = ..., detail_en: _Optional[str] = ..., kg_co2e_per_unit: _Optional[float] = ...) -> None: ...

class FactorSet(_message.Message):
    __slots__ = ["draft", "draft_notice", "factors", "id", "imported_at", "imported_from", "licence", "publication_date", "source", "title", "version"]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    FACTORS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_FROM_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    PUBLICATION_DATE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    draft: bool
    draft_notice: str
    factors: _containers.RepeatedCompositeFieldContainer[Factor]
    id: str
    imported_at: _timestamp_pb2.Timestamp
    imported_from: str
    licence: str
    publication_date: str
    source: str
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[str] = ..., publication_date: _Optional[str] = ..., licence: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., factors: _Optional[_Iterable[_Union[Factor, _Mapping]]] = ..., imported_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., imported_from: _Optional[str] = ...) -> None: ...

class FactorSetSummary(_message.Message):
    __slots__ = ["draft", "draft_notice", "factors", "id", "imported_at", "imported_from", "licence", "publication_date", "sha256", "source", "title", "version"]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    FACTORS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_FROM_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    PUBLICATION_DATE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    draft: bool
    draft_notice: str
    factors: int
    id: str
    imported_at: _timestamp_pb2.Timestamp
    imported_from: str
    licence: str
    publication_date: str
    sha256: str
    source: str
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[str] = ..., publication_date: _Optional[str] = ..., licence: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., factors: _Optional[int] = ..., imported_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., imported_from: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

class GetFactorSetRequest(_message.Message):
    __slots__ = ["id", "version"]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class ImportFactorSetHeader(_message.Message):
    __slots__ = ["description", "file_name", "format"]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    description: FactorSet
    file_name: str
    format: FactorFileFormat
    def __init__(self, format: _Optional[_Union[FactorFileFormat, str]] = ..., file_name: _Optional[str] = ..., description: _Optional[_Union[FactorSet, _Mapping]] = ...) -> None: ...

class ImportFactorSetRequest(_message.Message):
    __slots__ = ["chunk", "header"]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    header: ImportFactorSetHeader
    def __init__(self, header: _Optional[_Union[ImportFactorSetHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ListFactorSetsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListFactorSetsResponse(_message.Message):
    __slots__ = ["factor_sets"]
    FACTOR_SETS_FIELD_NUMBER: _ClassVar[int]
    factor_sets: _containers.RepeatedCompositeFieldContainer[FactorSetSummary]
    def __init__(self, factor_sets: _Optional[_Iterable[_Union[FactorSetSummary, _Mapping]]] = ...) -> None: ...

class ListFactorsRequest(_message.Message):
    __slots__ = ["factor_set_id", "text_contains", "unit", "version"]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    factor_set_id: str
    text_contains: str
    unit: str
    version: str
    def __init__(self, factor_set_id: _Optional[str] = ..., version: _Optional[str] = ..., text_contains: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class FactorFileFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
