from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CRITERION_STATUS_DONE: CriterionStatus
CRITERION_STATUS_IN_PROGRESS: CriterionStatus
CRITERION_STATUS_NOT_APPLICABLE: CriterionStatus
CRITERION_STATUS_TO_DO: CriterionStatus
CRITERION_STATUS_UNSPECIFIED: CriterionStatus
DESCRIPTOR: _descriptor.FileDescriptor
PRODUCTION_KIND_ADVERTISEMENT: ProductionKind
PRODUCTION_KIND_DOCUMENTARY: ProductionKind
PRODUCTION_KIND_FEATURE_FILM: ProductionKind
PRODUCTION_KIND_MUSIC_VIDEO: ProductionKind
PRODUCTION_KIND_OTHER: ProductionKind
PRODUCTION_KIND_SERIES: ProductionKind
PRODUCTION_KIND_TV_FILM: ProductionKind
PRODUCTION_KIND_TV_PROGRAMME: ProductionKind
PRODUCTION_KIND_UNSPECIFIED: ProductionKind
SCORING_RULE_LEVELS: ScoringRule
SCORING_RULE_POINTS: ScoringRule
SCORING_RULE_UNSPECIFIED: ScoringRule

class Actor(_message.Message):
    __slots__ = ["pid", "role", "uid", "user", "via_plugin"]
    PID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UID_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    VIA_PLUGIN_FIELD_NUMBER: _ClassVar[int]
    pid: int
    role: str
    uid: int
    user: str
    via_plugin: str
    def __init__(self, uid: _Optional[int] = ..., pid: _Optional[int] = ..., user: _Optional[str] = ..., role: _Optional[str] = ..., via_plugin: _Optional[str] = ...) -> None: ...

class ArchiveProductionRequest(_message.Message):
    __slots__ = ["expected_revision", "id"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    id: str
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class CreateProductionRequest(_message.Message):
    __slots__ = ["details", "framework_id", "framework_version"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_VERSION_FIELD_NUMBER: _ClassVar[int]
    details: ProductionDetails
    framework_id: str
    framework_version: str
    def __init__(self, details: _Optional[_Union[ProductionDetails, _Mapping]] = ..., framework_id: _Optional[str] = ..., framework_version: _Optional[str] = ...) -> None: ...

class Criterion(_message.Message):
    __slots__ = ["applicable_kinds", "evidence_kinds", "id", "level", "mandatory", "notes", "points", "section", "stage", "title"]
    APPLICABLE_KINDS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_KINDS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    applicable_kinds: _containers.RepeatedScalarFieldContainer[ProductionKind]
    evidence_kinds: _containers.RepeatedScalarFieldContainer[str]
    id: str
    level: int
    mandatory: bool
    notes: str
    points: int
    section: str
    stage: str
    title: str
    def __init__(self, id: _Optional[str] = ..., section: _Optional[str] = ..., stage: _Optional[str] = ..., title: _Optional[str] = ..., points: _Optional[int] = ..., mandatory: bool = ..., evidence_kinds: _Optional[_Iterable[str]] = ..., applicable_kinds: _Optional[_Iterable[_Union[ProductionKind, str]]] = ..., level: _Optional[int] = ..., notes: _Optional[str] = ...) -> None: ...

class CriterionAssessment(_message.Message):
    __slots__ = ["actions", "applicable_to_kind", "criterion_id", "effort", "evidence_sha256", "justification", "responsible", "status", "updated_at"]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    APPLICABLE_TO_KIND_FIELD_NUMBER: _ClassVar[int]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    EFFORT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_SHA256_FIELD_NUMBER: _ClassVar[int]
    JUSTIFICATION_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    actions: str
    applicable_to_kind: bool
    criterion_id: str
    effort: int
    evidence_sha256: _containers.RepeatedScalarFieldContainer[str]
    justification: str
    responsible: str
    status: CriterionStatus
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, criterion_id: _Optional[str] = ..., status: _Optional[_Union[CriterionStatus, str]] = ..., actions: _Optional[str] = ..., responsible: _Optional[str] = ..., justification: _Optional[str] = ..., evidence_sha256: _Optional[_Iterable[str]] = ..., effort: _Optional[int] = ..., applicable_to_kind: bool = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DownloadEvidenceRequest(_message.Message):
    __slots__ = ["sha256"]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    def __init__(self, sha256: _Optional[str] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ["already_stored", "media_type", "name", "sha256", "size", "uploaded_at", "uploaded_by"]
    ALREADY_STORED_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_AT_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_FIELD_NUMBER: _ClassVar[int]
    already_stored: bool
    media_type: str
    name: str
    sha256: str
    size: int
    uploaded_at: _timestamp_pb2.Timestamp
    uploaded_by: Actor
    def __init__(self, sha256: _Optional[str] = ..., name: _Optional[str] = ..., media_type: _Optional[str] = ..., size: _Optional[int] = ..., uploaded_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., uploaded_by: _Optional[_Union[Actor, _Mapping]] = ..., already_stored: bool = ...) -> None: ...

class EvidenceChunk(_message.Message):
    __slots__ = ["data"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class EvidenceHeader(_message.Message):
    __slots__ = ["expected_sha256", "expected_size", "media_type", "name"]
    EXPECTED_SHA256_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SIZE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    expected_sha256: str
    expected_size: int
    media_type: str
    name: str
    def __init__(self, name: _Optional[str] = ..., media_type: _Optional[str] = ..., expected_sha256: _Optional[str] = ..., expected_size: _Optional[int] = ...) -> None: ...

class ExportAssessmentsRequest(_message.Message):
    __slots__ = ["company_id", "include_archived", "production_ids", "statuses_only"]
    COMPANY_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_IDS_FIELD_NUMBER: _ClassVar[int]
    STATUSES_ONLY_FIELD_NUMBER: _ClassVar[int]
    company_id: str
    include_archived: bool
    production_ids: _containers.RepeatedScalarFieldContainer[str]
    statuses_only: bool
    def __init__(self, production_ids: _Optional[_Iterable[str]] = ..., company_id: _Optional[str] = ..., include_archived: bool = ..., statuses_only: bool = ...) -> None: ...

class FieldChange(_message.Message):
    __slots__ = ["field", "new_value", "old_value"]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    field: str
    new_value: str
    old_value: str
    def __init__(self, field: _Optional[str] = ..., old_value: _Optional[str] = ..., new_value: _Optional[str] = ...) -> None: ...

class Framework(_message.Message):
    __slots__ = ["criteria", "draft", "draft_notice", "id", "imported_at", "imported_from", "levels", "licence", "rule", "schemes", "sections", "source", "stages", "stars", "title", "version"]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_FROM_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    STARS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    criteria: _containers.RepeatedCompositeFieldContainer[Criterion]
    draft: bool
    draft_notice: str
    id: str
    imported_at: _timestamp_pb2.Timestamp
    imported_from: str
    levels: _containers.RepeatedCompositeFieldContainer[Level]
    licence: str
    rule: ScoringRule
    schemes: _containers.RepeatedCompositeFieldContainer[Scheme]
    sections: _containers.RepeatedCompositeFieldContainer[Section]
    source: str
    stages: _containers.RepeatedScalarFieldContainer[str]
    stars: _containers.RepeatedCompositeFieldContainer[StarLevel]
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., source: _Optional[str] = ..., licence: _Optional[str] = ..., rule: _Optional[_Union[ScoringRule, str]] = ..., stages: _Optional[_Iterable[str]] = ..., sections: _Optional[_Iterable[_Union[Section, _Mapping]]] = ..., criteria: _Optional[_Iterable[_Union[Criterion, _Mapping]]] = ..., schemes: _Optional[_Iterable[_Union[Scheme, _Mapping]]] = ..., stars: _Optional[_Iterable[_Union[StarLevel, _Mapping]]] = ..., levels: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., imported_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., imported_from: _Optional[str] = ...) -> None: ...

class FrameworkSummary(_message.Message):
    __slots__ = ["criteria", "draft", "id", "imported_at", "rule", "title", "version"]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    criteria: int
    draft: bool
    id: str
    imported_at: _timestamp_pb2.Timestamp
    rule: ScoringRule
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., draft: bool = ..., rule: _Optional[_Union[ScoringRule, str]] = ..., criteria: _Optional[int] = ..., imported_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetAssessmentRequest(_message.Message):
    __slots__ = ["production_id"]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    production_id: str
    def __init__(self, production_id: _Optional[str] = ...) -> None: ...

class GetEvidenceRequest(_message.Message):
    __slots__ = ["sha256"]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    def __init__(self, sha256: _Optional[str] = ...) -> None: ...

class GetFrameworkRequest(_message.Message):
    __slots__ = ["id", "version"]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class GetHistoryRequest(_message.Message):
    __slots__ = ["after_sequence", "production_id"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class GetProductionRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class HistoryEvent(_message.Message):
    __slots__ = ["action", "actor", "at", "changes", "criterion_id", "production_id", "revision", "sequence"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: Actor
    at: _timestamp_pb2.Timestamp
    changes: _containers.RepeatedCompositeFieldContainer[FieldChange]
    criterion_id: str
    production_id: str
    revision: int
    sequence: int
    def __init__(self, sequence: _Optional[int] = ..., production_id: _Optional[str] = ..., revision: _Optional[int] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., action: _Optional[str] = ..., criterion_id: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[FieldChange, _Mapping]]] = ...) -> None: ...

class ImportFrameworkRequest(_message.Message):
    __slots__ = ["content", "file_name"]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    file_name: str
    def __init__(self, content: _Optional[bytes] = ..., file_name: _Optional[str] = ...) -> None: ...

class Level(_message.Message):
    __slots__ = ["number", "title"]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    number: int
    title: str
    def __init__(self, number: _Optional[int] = ..., title: _Optional[str] = ...) -> None: ...

class ListFrameworksRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListFrameworksResponse(_message.Message):
    __slots__ = ["frameworks"]
    FRAMEWORKS_FIELD_NUMBER: _ClassVar[int]
    frameworks: _containers.RepeatedCompositeFieldContainer[FrameworkSummary]
    def __init__(self, frameworks: _Optional[_Iterable[_Union[FrameworkSummary, _Mapping]]] = ...) -> None: ...

class ListProductionsRequest(_message.Message):
    __slots__ = ["company_id", "framework_id", "include_archived", "kind", "page_size", "page_token", "title_contains"]
    COMPANY_ID_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TITLE_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    company_id: str
    framework_id: str
    include_archived: bool
    kind: ProductionKind
    page_size: int
    page_token: str
    title_contains: str
    def __init__(self, company_id: _Optional[str] = ..., kind: _Optional[_Union[ProductionKind, str]] = ..., framework_id: _Optional[str] = ..., include_archived: bool = ..., title_contains: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Period(_message.Message):
    __slots__ = ["end", "start"]
    END_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    end: str
    start: str
    def __init__(self, start: _Optional[str] = ..., end: _Optional[str] = ...) -> None: ...

class Production(_message.Message):
    __slots__ = ["archived", "created_at", "details", "framework_draft", "framework_id", "framework_version", "id", "revision", "updated_at"]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_DRAFT_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_VERSION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    archived: bool
    created_at: _timestamp_pb2.Timestamp
    details: ProductionDetails
    framework_draft: bool
    framework_id: str
    framework_version: str
    id: str
    revision: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., revision: _Optional[int] = ..., details: _Optional[_Union[ProductionDetails, _Mapping]] = ..., framework_id: _Optional[str] = ..., framework_version: _Optional[str] = ..., framework_draft: bool = ..., archived: bool = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProductionAssessment(_message.Message):
    __slots__ = ["criteria", "packed_statuses", "production"]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    PACKED_STATUSES_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_FIELD_NUMBER: _ClassVar[int]
    criteria: _containers.RepeatedCompositeFieldContainer[CriterionAssessment]
    packed_statuses: bytes
    production: Production
    def __init__(self, production: _Optional[_Union[Production, _Mapping]] = ..., criteria: _Optional[_Iterable[_Union[CriterionAssessment, _Mapping]]] = ..., packed_statuses: _Optional[bytes] = ...) -> None: ...

class ProductionDetails(_message.Message):
    __slots__ = ["budget_cents", "company_id", "country", "currency", "finished_duration_minutes", "kind", "post_production", "preparation", "scheme", "shooting", "shooting_days", "title"]
    BUDGET_CENTS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    FINISHED_DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    POST_PRODUCTION_FIELD_NUMBER: _ClassVar[int]
    PREPARATION_FIELD_NUMBER: _ClassVar[int]
    SCHEME_FIELD_NUMBER: _ClassVar[int]
    SHOOTING_DAYS_FIELD_NUMBER: _ClassVar[int]
    SHOOTING_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    budget_cents: int
    company_id: str
    country: str
    currency: str
    finished_duration_minutes: int
    kind: ProductionKind
    post_production: Period
    preparation: Period
    scheme: str
    shooting: Period
    shooting_days: int
    title: str
    def __init__(self, title: _Optional[str] = ..., kind: _Optional[_Union[ProductionKind, str]] = ..., company_id: _Optional[str] = ..., country: _Optional[str] = ..., preparation: _Optional[_Union[Period, _Mapping]] = ..., shooting: _Optional[_Union[Period, _Mapping]] = ..., post_production: _Optional[_Union[Period, _Mapping]] = ..., shooting_days: _Optional[int] = ..., finished_duration_minutes: _Optional[int] = ..., budget_cents: _Optional[int] = ..., currency: _Optional[str] = ..., scheme: _Optional[str] = ...) -> None: ...

class Scheme(_message.Message):
    __slots__ = ["id", "required_level", "threshold_percent", "title"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_LEVEL_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    required_level: int
    threshold_percent: float
    title: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., threshold_percent: _Optional[float] = ..., required_level: _Optional[int] = ...) -> None: ...

class Section(_message.Message):
    __slots__ = ["code", "title", "title_fr"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FR_FIELD_NUMBER: _ClassVar[int]
    code: str
    title: str
    title_fr: str
    def __init__(self, code: _Optional[str] = ..., title: _Optional[str] = ..., title_fr: _Optional[str] = ...) -> None: ...

class StarLevel(_message.Message):
    __slots__ = ["stars", "threshold_percent"]
    STARS_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    stars: int
    threshold_percent: float
    def __init__(self, stars: _Optional[int] = ..., threshold_percent: _Optional[float] = ...) -> None: ...

class UpdateCriterionRequest(_message.Message):
    __slots__ = ["add_evidence_sha256", "criterion", "criterion_id", "expected_revision", "production_id", "remove_evidence_sha256", "update_mask"]
    ADD_EVIDENCE_SHA256_FIELD_NUMBER: _ClassVar[int]
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_EVIDENCE_SHA256_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    add_evidence_sha256: _containers.RepeatedScalarFieldContainer[str]
    criterion: CriterionAssessment
    criterion_id: str
    expected_revision: int
    production_id: str
    remove_evidence_sha256: _containers.RepeatedScalarFieldContainer[str]
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, production_id: _Optional[str] = ..., criterion_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., criterion: _Optional[_Union[CriterionAssessment, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., add_evidence_sha256: _Optional[_Iterable[str]] = ..., remove_evidence_sha256: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateCriterionResponse(_message.Message):
    __slots__ = ["criterion", "revision"]
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    criterion: CriterionAssessment
    revision: int
    def __init__(self, criterion: _Optional[_Union[CriterionAssessment, _Mapping]] = ..., revision: _Optional[int] = ...) -> None: ...

class UpdateProductionRequest(_message.Message):
    __slots__ = ["details", "expected_revision", "id", "update_mask"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    details: ProductionDetails
    expected_revision: int
    id: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., details: _Optional[_Union[ProductionDetails, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UploadEvidenceRequest(_message.Message):
    __slots__ = ["chunk", "header"]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    header: EvidenceHeader
    def __init__(self, header: _Optional[_Union[EvidenceHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ScoringRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ProductionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CriterionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
