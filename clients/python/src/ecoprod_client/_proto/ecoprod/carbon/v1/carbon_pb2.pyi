from ecoprod_client._proto.ecoprod.label.v1 import label_pb2 as _label_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CATEGORY_FILMING_LOCATIONS: Category
CATEGORY_HAIR_MAKEUP_COSTUME: Category
CATEGORY_POST_PRODUCTION: Category
CATEGORY_PRODUCTION: Category
CATEGORY_SETS: Category
CATEGORY_TECHNICAL_EQUIPMENT: Category
CATEGORY_TRANSPORT: Category
CATEGORY_UNIT_BASE_LOGISTICS: Category
CATEGORY_UNSPECIFIED: Category
DATA_QUALITY_ESTIMATED: DataQuality
DATA_QUALITY_MEASURED: DataQuality
DATA_QUALITY_SPEND_BASED: DataQuality
DATA_QUALITY_UNSPECIFIED: DataQuality
DESCRIPTOR: _descriptor.FileDescriptor
EXPORT_CONTENT_LINES: ExportContent
EXPORT_CONTENT_RESULTS: ExportContent
EXPORT_CONTENT_UNSPECIFIED: ExportContent
FACTOR_CHANGE_CHANGED: FactorChange
FACTOR_CHANGE_INCOMPATIBLE_UNIT: FactorChange
FACTOR_CHANGE_MISSING: FactorChange
FACTOR_CHANGE_UNCHANGED: FactorChange
FACTOR_CHANGE_UNSPECIFIED: FactorChange
FACTOR_FILE_FORMAT_BASE_CARBONE_CSV: FactorFileFormat
FACTOR_FILE_FORMAT_JSON: FactorFileFormat
FACTOR_FILE_FORMAT_UNSPECIFIED: FactorFileFormat
FOOTPRINT_KIND_FINAL: FootprintKind
FOOTPRINT_KIND_FORECAST: FootprintKind
FOOTPRINT_KIND_UNSPECIFIED: FootprintKind
PHASE_POST_PRODUCTION: Phase
PHASE_PREPARATION: Phase
PHASE_SHOOTING: Phase
PHASE_UNSPECIFIED: Phase
SUBCATEGORY_ACCOMMODATION: Subcategory
SUBCATEGORY_CATERING: Subcategory
SUBCATEGORY_DIGITAL: Subcategory
SUBCATEGORY_ENERGY: Subcategory
SUBCATEGORY_UNSPECIFIED: Subcategory
SUBCATEGORY_WASTE: Subcategory

class ActivityLine(_message.Message):
    __slots__ = ["category", "department", "description", "factor_id", "factor_kg_co2e_per_unit", "factor_unit", "id", "kg_co2e", "note", "phase", "quality", "quantity", "quantity_in_factor_unit", "share_of_total", "source", "subcategory", "uncertainty_percent", "unit"]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_KG_CO2E_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_UNIT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KG_CO2E_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_IN_FACTOR_UNIT_FIELD_NUMBER: _ClassVar[int]
    SHARE_OF_TOTAL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SUBCATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNCERTAINTY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    category: Category
    department: str
    description: str
    factor_id: str
    factor_kg_co2e_per_unit: float
    factor_unit: str
    id: int
    kg_co2e: float
    note: str
    phase: Phase
    quality: DataQuality
    quantity: float
    quantity_in_factor_unit: float
    share_of_total: float
    source: str
    subcategory: Subcategory
    uncertainty_percent: float
    unit: str
    def __init__(self, id: _Optional[int] = ..., category: _Optional[_Union[Category, str]] = ..., subcategory: _Optional[_Union[Subcategory, str]] = ..., phase: _Optional[_Union[Phase, str]] = ..., department: _Optional[str] = ..., factor_id: _Optional[str] = ..., quantity: _Optional[float] = ..., unit: _Optional[str] = ..., quality: _Optional[_Union[DataQuality, str]] = ..., description: _Optional[str] = ..., note: _Optional[str] = ..., source: _Optional[str] = ..., factor_kg_co2e_per_unit: _Optional[float] = ..., factor_unit: _Optional[str] = ..., quantity_in_factor_unit: _Optional[float] = ..., kg_co2e: _Optional[float] = ..., uncertainty_percent: _Optional[float] = ..., share_of_total: _Optional[float] = ...) -> None: ...

class AddLinesRequest(_message.Message):
    __slots__ = ["expected_revision", "footprint_id", "lines"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    footprint_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ActivityLine]
    def __init__(self, footprint_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[ActivityLine, _Mapping]]] = ...) -> None: ...

class AddLinesResponse(_message.Message):
    __slots__ = ["footprint", "line_ids"]
    FOOTPRINT_FIELD_NUMBER: _ClassVar[int]
    LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    footprint: Footprint
    line_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, footprint: _Optional[_Union[Footprint, _Mapping]] = ..., line_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ArchiveFootprintRequest(_message.Message):
    __slots__ = ["expected_revision", "id"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    id: str
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class Benchmark(_message.Message):
    __slots__ = ["per_finished_hour", "per_shooting_day", "production_kind"]
    PER_FINISHED_HOUR_FIELD_NUMBER: _ClassVar[int]
    PER_SHOOTING_DAY_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_KIND_FIELD_NUMBER: _ClassVar[int]
    per_finished_hour: Rank
    per_shooting_day: Rank
    production_kind: _label_pb2.ProductionKind
    def __init__(self, production_kind: _Optional[_Union[_label_pb2.ProductionKind, str]] = ..., per_finished_hour: _Optional[_Union[Rank, _Mapping]] = ..., per_shooting_day: _Optional[_Union[Rank, _Mapping]] = ...) -> None: ...

class CompareFootprintsRequest(_message.Message):
    __slots__ = ["base_id", "other_id"]
    BASE_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_ID_FIELD_NUMBER: _ClassVar[int]
    base_id: str
    other_id: str
    def __init__(self, base_id: _Optional[str] = ..., other_id: _Optional[str] = ...) -> None: ...

class CreateFootprintRequest(_message.Message):
    __slots__ = ["details", "factor_set_id", "factor_set_version", "production_id"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_VERSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    details: FootprintDetails
    factor_set_id: str
    factor_set_version: str
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., details: _Optional[_Union[FootprintDetails, _Mapping]] = ..., factor_set_id: _Optional[str] = ..., factor_set_version: _Optional[str] = ...) -> None: ...

class ExportChunk(_message.Message):
    __slots__ = ["data"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class ExportFootprintRequest(_message.Message):
    __slots__ = ["content", "footprint_id"]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    content: ExportContent
    footprint_id: str
    def __init__(self, footprint_id: _Optional[str] = ..., content: _Optional[_Union[ExportContent, str]] = ...) -> None: ...

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

class FactorDiff(_message.Message):
    __slots__ = ["change", "explanation", "factor_id", "lines", "new_kg_co2e_per_unit", "new_t_co2e", "new_unit", "previous_kg_co2e_per_unit", "previous_t_co2e", "previous_unit"]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    NEW_KG_CO2E_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    NEW_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    NEW_UNIT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_KG_CO2E_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_UNIT_FIELD_NUMBER: _ClassVar[int]
    change: FactorChange
    explanation: str
    factor_id: str
    lines: int
    new_kg_co2e_per_unit: float
    new_t_co2e: float
    new_unit: str
    previous_kg_co2e_per_unit: float
    previous_t_co2e: float
    previous_unit: str
    def __init__(self, factor_id: _Optional[str] = ..., change: _Optional[_Union[FactorChange, str]] = ..., previous_kg_co2e_per_unit: _Optional[float] = ..., previous_unit: _Optional[str] = ..., new_kg_co2e_per_unit: _Optional[float] = ..., new_unit: _Optional[str] = ..., lines: _Optional[int] = ..., previous_t_co2e: _Optional[float] = ..., new_t_co2e: _Optional[float] = ..., explanation: _Optional[str] = ...) -> None: ...

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

class Footprint(_message.Message):
    __slots__ = ["archived", "created_at", "details", "factor_set_draft", "factor_set_id", "factor_set_version", "id", "lines", "production_id", "revision", "total_t_co2e", "updated_at"]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_DRAFT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_VERSION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    archived: bool
    created_at: _timestamp_pb2.Timestamp
    details: FootprintDetails
    factor_set_draft: bool
    factor_set_id: str
    factor_set_version: str
    id: str
    lines: int
    production_id: str
    revision: int
    total_t_co2e: float
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., revision: _Optional[int] = ..., production_id: _Optional[str] = ..., details: _Optional[_Union[FootprintDetails, _Mapping]] = ..., factor_set_id: _Optional[str] = ..., factor_set_version: _Optional[str] = ..., factor_set_draft: bool = ..., lines: _Optional[int] = ..., total_t_co2e: _Optional[float] = ..., archived: bool = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FootprintDetails(_message.Message):
    __slots__ = ["budget_eur", "finished_hours", "kind", "note", "shooting_days", "title"]
    BUDGET_EUR_FIELD_NUMBER: _ClassVar[int]
    FINISHED_HOURS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    SHOOTING_DAYS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    budget_eur: float
    finished_hours: float
    kind: FootprintKind
    note: str
    shooting_days: float
    title: str
    def __init__(self, kind: _Optional[_Union[FootprintKind, str]] = ..., title: _Optional[str] = ..., shooting_days: _Optional[float] = ..., finished_hours: _Optional[float] = ..., budget_eur: _Optional[float] = ..., note: _Optional[str] = ...) -> None: ...

class FootprintEvent(_message.Message):
    __slots__ = ["action", "actor", "at", "changes", "footprint_id", "production_id", "revision", "sequence"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: _label_pb2.Actor
    at: _timestamp_pb2.Timestamp
    changes: _containers.RepeatedCompositeFieldContainer[_label_pb2.FieldChange]
    footprint_id: str
    production_id: str
    revision: int
    sequence: int
    def __init__(self, sequence: _Optional[int] = ..., footprint_id: _Optional[str] = ..., production_id: _Optional[str] = ..., revision: _Optional[int] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[_label_pb2.Actor, _Mapping]] = ..., action: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[_label_pb2.FieldChange, _Mapping]]] = ...) -> None: ...

class FootprintResults(_message.Message):
    __slots__ = ["benchmark", "by_category", "by_department", "by_phase", "by_quality", "by_subcategory", "draft", "draft_notice", "factor_set_id", "factor_set_version", "footprint_id", "high_t_co2e", "intensity", "lines", "low_t_co2e", "revision", "top_sources", "total_t_co2e", "uncertainty_percent"]
    BENCHMARK_FIELD_NUMBER: _ClassVar[int]
    BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    BY_PHASE_FIELD_NUMBER: _ClassVar[int]
    BY_QUALITY_FIELD_NUMBER: _ClassVar[int]
    BY_SUBCATEGORY_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_VERSION_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    HIGH_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    INTENSITY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    LOW_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOP_SOURCES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    UNCERTAINTY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    benchmark: Benchmark
    by_category: _containers.RepeatedCompositeFieldContainer[Share]
    by_department: _containers.RepeatedCompositeFieldContainer[Share]
    by_phase: _containers.RepeatedCompositeFieldContainer[Share]
    by_quality: _containers.RepeatedCompositeFieldContainer[Share]
    by_subcategory: _containers.RepeatedCompositeFieldContainer[Share]
    draft: bool
    draft_notice: str
    factor_set_id: str
    factor_set_version: str
    footprint_id: str
    high_t_co2e: float
    intensity: Intensity
    lines: int
    low_t_co2e: float
    revision: int
    top_sources: _containers.RepeatedCompositeFieldContainer[Source]
    total_t_co2e: float
    uncertainty_percent: float
    def __init__(self, footprint_id: _Optional[str] = ..., revision: _Optional[int] = ..., factor_set_id: _Optional[str] = ..., factor_set_version: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., total_t_co2e: _Optional[float] = ..., low_t_co2e: _Optional[float] = ..., high_t_co2e: _Optional[float] = ..., uncertainty_percent: _Optional[float] = ..., lines: _Optional[int] = ..., by_category: _Optional[_Iterable[_Union[Share, _Mapping]]] = ..., by_subcategory: _Optional[_Iterable[_Union[Share, _Mapping]]] = ..., by_phase: _Optional[_Iterable[_Union[Share, _Mapping]]] = ..., by_department: _Optional[_Iterable[_Union[Share, _Mapping]]] = ..., by_quality: _Optional[_Iterable[_Union[Share, _Mapping]]] = ..., top_sources: _Optional[_Iterable[_Union[Source, _Mapping]]] = ..., intensity: _Optional[_Union[Intensity, _Mapping]] = ..., benchmark: _Optional[_Union[Benchmark, _Mapping]] = ...) -> None: ...

class GetFactorSetRequest(_message.Message):
    __slots__ = ["id", "version"]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class GetFootprintHistoryRequest(_message.Message):
    __slots__ = ["after_sequence", "footprint_id"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    footprint_id: str
    def __init__(self, footprint_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class GetFootprintRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetResultsRequest(_message.Message):
    __slots__ = ["footprint_id", "top_sources"]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    TOP_SOURCES_FIELD_NUMBER: _ClassVar[int]
    footprint_id: str
    top_sources: int
    def __init__(self, footprint_id: _Optional[str] = ..., top_sources: _Optional[int] = ...) -> None: ...

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

class ImportLinesHeader(_message.Message):
    __slots__ = ["expected_revision", "file_name", "footprint_id", "mapping", "skip_unmapped"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    MAPPING_FIELD_NUMBER: _ClassVar[int]
    SKIP_UNMAPPED_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    file_name: str
    footprint_id: str
    mapping: LineMapping
    skip_unmapped: bool
    def __init__(self, footprint_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., file_name: _Optional[str] = ..., mapping: _Optional[_Union[LineMapping, _Mapping]] = ..., skip_unmapped: bool = ...) -> None: ...

class ImportLinesRequest(_message.Message):
    __slots__ = ["chunk", "header"]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    header: ImportLinesHeader
    def __init__(self, header: _Optional[_Union[ImportLinesHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ImportLinesResponse(_message.Message):
    __slots__ = ["first_line_id", "footprint", "lines_imported", "rows_read", "rows_unmapped", "unmapped"]
    FIRST_LINE_ID_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_FIELD_NUMBER: _ClassVar[int]
    LINES_IMPORTED_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    ROWS_UNMAPPED_FIELD_NUMBER: _ClassVar[int]
    UNMAPPED_FIELD_NUMBER: _ClassVar[int]
    first_line_id: int
    footprint: Footprint
    lines_imported: int
    rows_read: int
    rows_unmapped: int
    unmapped: _containers.RepeatedCompositeFieldContainer[UnmappedRow]
    def __init__(self, footprint: _Optional[_Union[Footprint, _Mapping]] = ..., rows_read: _Optional[int] = ..., lines_imported: _Optional[int] = ..., rows_unmapped: _Optional[int] = ..., unmapped: _Optional[_Iterable[_Union[UnmappedRow, _Mapping]]] = ..., first_line_id: _Optional[int] = ...) -> None: ...

class ImportProgress(_message.Message):
    __slots__ = ["bytes_read", "file_name", "footprint_id", "rows_read"]
    BYTES_READ_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    bytes_read: int
    file_name: str
    footprint_id: str
    rows_read: int
    def __init__(self, footprint_id: _Optional[str] = ..., file_name: _Optional[str] = ..., rows_read: _Optional[int] = ..., bytes_read: _Optional[int] = ...) -> None: ...

class Intensity(_message.Message):
    __slots__ = ["ratio_to_sector", "sector_t_co2e_per_finished_hour", "t_co2e_per_finished_hour", "t_co2e_per_k_eur", "t_co2e_per_shooting_day"]
    RATIO_TO_SECTOR_FIELD_NUMBER: _ClassVar[int]
    SECTOR_T_CO2E_PER_FINISHED_HOUR_FIELD_NUMBER: _ClassVar[int]
    T_CO2E_PER_FINISHED_HOUR_FIELD_NUMBER: _ClassVar[int]
    T_CO2E_PER_K_EUR_FIELD_NUMBER: _ClassVar[int]
    T_CO2E_PER_SHOOTING_DAY_FIELD_NUMBER: _ClassVar[int]
    ratio_to_sector: float
    sector_t_co2e_per_finished_hour: float
    t_co2e_per_finished_hour: float
    t_co2e_per_k_eur: float
    t_co2e_per_shooting_day: float
    def __init__(self, t_co2e_per_shooting_day: _Optional[float] = ..., t_co2e_per_finished_hour: _Optional[float] = ..., t_co2e_per_k_eur: _Optional[float] = ..., sector_t_co2e_per_finished_hour: _Optional[float] = ..., ratio_to_sector: _Optional[float] = ...) -> None: ...

class LineMapping(_message.Message):
    __slots__ = ["columns", "rules"]
    class Columns(_message.Message):
        __slots__ = ["account", "amount", "department", "label", "phase", "quantity", "unit"]
        ACCOUNT_FIELD_NUMBER: _ClassVar[int]
        AMOUNT_FIELD_NUMBER: _ClassVar[int]
        DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
        LABEL_FIELD_NUMBER: _ClassVar[int]
        PHASE_FIELD_NUMBER: _ClassVar[int]
        QUANTITY_FIELD_NUMBER: _ClassVar[int]
        UNIT_FIELD_NUMBER: _ClassVar[int]
        account: str
        amount: str
        department: str
        label: str
        phase: str
        quantity: str
        unit: str
        def __init__(self, account: _Optional[str] = ..., label: _Optional[str] = ..., quantity: _Optional[str] = ..., unit: _Optional[str] = ..., amount: _Optional[str] = ..., phase: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    columns: LineMapping.Columns
    rules: _containers.RepeatedCompositeFieldContainer[MappingRule]
    def __init__(self, columns: _Optional[_Union[LineMapping.Columns, _Mapping]] = ..., rules: _Optional[_Iterable[_Union[MappingRule, _Mapping]]] = ...) -> None: ...

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

class ListFootprintsRequest(_message.Message):
    __slots__ = ["include_archived", "kind", "production_id"]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    include_archived: bool
    kind: FootprintKind
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., kind: _Optional[_Union[FootprintKind, str]] = ..., include_archived: bool = ...) -> None: ...

class ListLinesRequest(_message.Message):
    __slots__ = ["footprint_id"]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    footprint_id: str
    def __init__(self, footprint_id: _Optional[str] = ...) -> None: ...

class MappingRule(_message.Message):
    __slots__ = ["account_prefix", "category", "department", "factor_id", "label_contains", "phase", "quality", "spend_based", "subcategory", "unit"]
    ACCOUNT_PREFIX_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    SPEND_BASED_FIELD_NUMBER: _ClassVar[int]
    SUBCATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    account_prefix: str
    category: Category
    department: str
    factor_id: str
    label_contains: _containers.RepeatedScalarFieldContainer[str]
    phase: Phase
    quality: DataQuality
    spend_based: bool
    subcategory: Subcategory
    unit: str
    def __init__(self, account_prefix: _Optional[str] = ..., label_contains: _Optional[_Iterable[str]] = ..., category: _Optional[_Union[Category, str]] = ..., subcategory: _Optional[_Union[Subcategory, str]] = ..., factor_id: _Optional[str] = ..., unit: _Optional[str] = ..., spend_based: bool = ..., phase: _Optional[_Union[Phase, str]] = ..., department: _Optional[str] = ..., quality: _Optional[_Union[DataQuality, str]] = ...) -> None: ...

class Rank(_message.Message):
    __slots__ = ["compared", "percentile"]
    COMPARED_FIELD_NUMBER: _ClassVar[int]
    PERCENTILE_FIELD_NUMBER: _ClassVar[int]
    compared: int
    percentile: float
    def __init__(self, compared: _Optional[int] = ..., percentile: _Optional[float] = ...) -> None: ...

class RecomputeFootprintRequest(_message.Message):
    __slots__ = ["factor_set_id", "factor_set_version", "footprint_id"]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_VERSION_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    factor_set_id: str
    factor_set_version: str
    footprint_id: str
    def __init__(self, footprint_id: _Optional[str] = ..., factor_set_id: _Optional[str] = ..., factor_set_version: _Optional[str] = ...) -> None: ...

class RecomputeResponse(_message.Message):
    __slots__ = ["factors", "footprint", "previous", "recomputed"]
    FACTORS_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_FIELD_NUMBER: _ClassVar[int]
    RECOMPUTED_FIELD_NUMBER: _ClassVar[int]
    factors: _containers.RepeatedCompositeFieldContainer[FactorDiff]
    footprint: Footprint
    previous: FootprintResults
    recomputed: FootprintResults
    def __init__(self, previous: _Optional[_Union[FootprintResults, _Mapping]] = ..., recomputed: _Optional[_Union[FootprintResults, _Mapping]] = ..., factors: _Optional[_Iterable[_Union[FactorDiff, _Mapping]]] = ..., footprint: _Optional[_Union[Footprint, _Mapping]] = ...) -> None: ...

class RemoveLinesRequest(_message.Message):
    __slots__ = ["expected_revision", "footprint_id", "line_ids"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    footprint_id: str
    line_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, footprint_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., line_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class RepinFootprintRequest(_message.Message):
    __slots__ = ["expected_revision", "factor_set_id", "factor_set_version", "footprint_id"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_SET_VERSION_FIELD_NUMBER: _ClassVar[int]
    FOOTPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    factor_set_id: str
    factor_set_version: str
    footprint_id: str
    def __init__(self, footprint_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., factor_set_id: _Optional[str] = ..., factor_set_version: _Optional[str] = ...) -> None: ...

class Share(_message.Message):
    __slots__ = ["key", "lines", "share", "t_co2e"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    T_CO2E_FIELD_NUMBER: _ClassVar[int]
    key: str
    lines: int
    share: float
    t_co2e: float
    def __init__(self, key: _Optional[str] = ..., t_co2e: _Optional[float] = ..., share: _Optional[float] = ..., lines: _Optional[int] = ...) -> None: ...

class Source(_message.Message):
    __slots__ = ["category", "factor_id", "factor_name", "lines", "share", "t_co2e"]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_NAME_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    T_CO2E_FIELD_NUMBER: _ClassVar[int]
    category: str
    factor_id: str
    factor_name: str
    lines: int
    share: float
    t_co2e: float
    def __init__(self, factor_id: _Optional[str] = ..., factor_name: _Optional[str] = ..., category: _Optional[str] = ..., t_co2e: _Optional[float] = ..., share: _Optional[float] = ..., lines: _Optional[int] = ...) -> None: ...

class UnmappedRow(_message.Message):
    __slots__ = ["account", "label", "line"]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    account: str
    label: str
    line: int
    def __init__(self, line: _Optional[int] = ..., account: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class UpdateFootprintRequest(_message.Message):
    __slots__ = ["details", "expected_revision", "id", "update_mask"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    details: FootprintDetails
    expected_revision: int
    id: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., details: _Optional[_Union[FootprintDetails, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class VarianceReport(_message.Message):
    __slots__ = ["base", "by_category", "lines", "other", "total"]
    BASE_FIELD_NUMBER: _ClassVar[int]
    BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    OTHER_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    base: Footprint
    by_category: _containers.RepeatedCompositeFieldContainer[VarianceRow]
    lines: _containers.RepeatedCompositeFieldContainer[VarianceRow]
    other: Footprint
    total: VarianceRow
    def __init__(self, base: _Optional[_Union[Footprint, _Mapping]] = ..., other: _Optional[_Union[Footprint, _Mapping]] = ..., total: _Optional[_Union[VarianceRow, _Mapping]] = ..., by_category: _Optional[_Iterable[_Union[VarianceRow, _Mapping]]] = ..., lines: _Optional[_Iterable[_Union[VarianceRow, _Mapping]]] = ...) -> None: ...

class VarianceRow(_message.Message):
    __slots__ = ["base_lines", "base_t_co2e", "category", "delta_percent", "delta_t_co2e", "department", "factor_id", "other_lines", "other_t_co2e", "phase", "subcategory"]
    BASE_LINES_FIELD_NUMBER: _ClassVar[int]
    BASE_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DELTA_PERCENT_FIELD_NUMBER: _ClassVar[int]
    DELTA_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_LINES_FIELD_NUMBER: _ClassVar[int]
    OTHER_T_CO2E_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    SUBCATEGORY_FIELD_NUMBER: _ClassVar[int]
    base_lines: int
    base_t_co2e: float
    category: str
    delta_percent: float
    delta_t_co2e: float
    department: str
    factor_id: str
    other_lines: int
    other_t_co2e: float
    phase: str
    subcategory: str
    def __init__(self, category: _Optional[str] = ..., subcategory: _Optional[str] = ..., phase: _Optional[str] = ..., department: _Optional[str] = ..., factor_id: _Optional[str] = ..., base_t_co2e: _Optional[float] = ..., other_t_co2e: _Optional[float] = ..., delta_t_co2e: _Optional[float] = ..., delta_percent: _Optional[float] = ..., base_lines: _Optional[int] = ..., other_lines: _Optional[int] = ...) -> None: ...

class FactorFileFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class FootprintKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Category(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Subcategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Phase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DataQuality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class FactorChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ExportContent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
