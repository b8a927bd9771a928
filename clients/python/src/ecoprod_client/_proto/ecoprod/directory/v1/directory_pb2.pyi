from ecoprod_client._proto.ecoprod.label.v1 import label_pb2 as _label_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ENROLMENT_STATE_ACTIVE: EnrolmentState
ENROLMENT_STATE_LAPSED: EnrolmentState
ENROLMENT_STATE_PENDING: EnrolmentState
ENROLMENT_STATE_UNSPECIFIED: EnrolmentState
ENROLMENT_STATE_WITHDRAWN: EnrolmentState
GEOCODING_SOURCE_EXPLICIT: GeocodingSource
GEOCODING_SOURCE_NONE: GeocodingSource
GEOCODING_SOURCE_POSTCODE_TABLE: GeocodingSource
GEOCODING_SOURCE_UNSPECIFIED: GeocodingSource
ORGANISATION_KIND_BROADCASTER: OrganisationKind
ORGANISATION_KIND_FUNDING_BODY: OrganisationKind
ORGANISATION_KIND_OTHER: OrganisationKind
ORGANISATION_KIND_PRODUCTION_COMPANY: OrganisationKind
ORGANISATION_KIND_RESOURCE: OrganisationKind
ORGANISATION_KIND_SERVICE_PROVIDER: OrganisationKind
ORGANISATION_KIND_UNSPECIFIED: OrganisationKind
ORGANISATION_VIEW_BASIC: OrganisationView
ORGANISATION_VIEW_FULL: OrganisationView
ORGANISATION_VIEW_UNSPECIFIED: OrganisationView
TRAINING_STATUS_COMPLETED: TrainingStatus
TRAINING_STATUS_IN_PROGRESS: TrainingStatus
TRAINING_STATUS_NOT_STARTED: TrainingStatus
TRAINING_STATUS_UNSPECIFIED: TrainingStatus

class ArchiveOrganisationRequest(_message.Message):
    __slots__ = ["expected_revision", "id"]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    expected_revision: int
    id: str
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class BoundingBox(_message.Message):
    __slots__ = ["north_east", "south_west"]
    NORTH_EAST_FIELD_NUMBER: _ClassVar[int]
    SOUTH_WEST_FIELD_NUMBER: _ClassVar[int]
    north_east: GeoPoint
    south_west: GeoPoint
    def __init__(self, south_west: _Optional[_Union[GeoPoint, _Mapping]] = ..., north_east: _Optional[_Union[GeoPoint, _Mapping]] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ["id", "name_en", "name_fr"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    NAME_FR_FIELD_NUMBER: _ClassVar[int]
    id: str
    name_en: str
    name_fr: str
    def __init__(self, id: _Optional[str] = ..., name_fr: _Optional[str] = ..., name_en: _Optional[str] = ...) -> None: ...

class Charter(_message.Message):
    __slots__ = ["commitments", "draft", "draft_notice", "id", "licence", "minimum_commitments", "reminder_days", "source", "title", "validity_months", "version"]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    REMINDER_DAYS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    commitments: _containers.RepeatedCompositeFieldContainer[Commitment]
    draft: bool
    draft_notice: str
    id: str
    licence: str
    minimum_commitments: int
    reminder_days: int
    source: str
    title: str
    validity_months: int
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[str] = ..., licence: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., validity_months: _Optional[int] = ..., reminder_days: _Optional[int] = ..., minimum_commitments: _Optional[int] = ..., commitments: _Optional[_Iterable[_Union[Commitment, _Mapping]]] = ...) -> None: ...

class Commitment(_message.Message):
    __slots__ = ["id", "required", "title_en", "title_fr"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    TITLE_FR_FIELD_NUMBER: _ClassVar[int]
    id: str
    required: bool
    title_en: str
    title_fr: str
    def __init__(self, id: _Optional[str] = ..., title_fr: _Optional[str] = ..., title_en: _Optional[str] = ..., required: bool = ...) -> None: ...

class Count(_message.Message):
    __slots__ = ["key", "name", "organisations"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANISATIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    name: str
    organisations: int
    def __init__(self, key: _Optional[str] = ..., name: _Optional[str] = ..., organisations: _Optional[int] = ...) -> None: ...

class CountOrganisationsRequest(_message.Message):
    __slots__ = ["filter"]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: OrganisationFilter
    def __init__(self, filter: _Optional[_Union[OrganisationFilter, _Mapping]] = ...) -> None: ...

class CreateOrganisationRequest(_message.Message):
    __slots__ = ["details"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    details: OrganisationDetails
    def __init__(self, details: _Optional[_Union[OrganisationDetails, _Mapping]] = ...) -> None: ...

class DateRange(_message.Message):
    __slots__ = ["end", "start"]
    END_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    end: str
    start: str
    def __init__(self, start: _Optional[str] = ..., end: _Optional[str] = ...) -> None: ...

class Enrolment(_message.Message):
    __slots__ = ["charter_id", "charter_version", "commitments", "created_at", "id", "note", "organisation_id", "remind_at", "revision", "signatory", "signed_on", "state", "training", "updated_at", "valid_until"]
    CHARTER_ID_FIELD_NUMBER: _ClassVar[int]
    CHARTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    REMIND_AT_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SIGNATORY_FIELD_NUMBER: _ClassVar[int]
    SIGNED_ON_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TRAINING_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    charter_id: str
    charter_version: str
    commitments: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    id: str
    note: str
    organisation_id: str
    remind_at: _timestamp_pb2.Timestamp
    revision: int
    signatory: Signatory
    signed_on: str
    state: EnrolmentState
    training: TrainingStatus
    updated_at: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., revision: _Optional[int] = ..., organisation_id: _Optional[str] = ..., charter_id: _Optional[str] = ..., charter_version: _Optional[str] = ..., state: _Optional[_Union[EnrolmentState, str]] = ..., signatory: _Optional[_Union[Signatory, _Mapping]] = ..., signed_on: _Optional[str] = ..., commitments: _Optional[_Iterable[str]] = ..., training: _Optional[_Union[TrainingStatus, str]] = ..., valid_until: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., remind_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EnrolmentEvent(_message.Message):
    __slots__ = ["action", "actor", "at", "changes", "enrolment_id", "from_state", "organisation_id", "revision", "sequence", "to_state"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: _label_pb2.Actor
    at: _timestamp_pb2.Timestamp
    changes: _containers.RepeatedCompositeFieldContainer[_label_pb2.FieldChange]
    enrolment_id: str
    from_state: EnrolmentState
    organisation_id: str
    revision: int
    sequence: int
    to_state: EnrolmentState
    def __init__(self, sequence: _Optional[int] = ..., enrolment_id: _Optional[str] = ..., organisation_id: _Optional[str] = ..., revision: _Optional[int] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[_label_pb2.Actor, _Mapping]] = ..., action: _Optional[str] = ..., from_state: _Optional[_Union[EnrolmentState, str]] = ..., to_state: _Optional[_Union[EnrolmentState, str]] = ..., changes: _Optional[_Iterable[_Union[_label_pb2.FieldChange, _Mapping]]] = ...) -> None: ...

class ExportChunk(_message.Message):
    __slots__ = ["data"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class ExportOrganisationsRequest(_message.Message):
    __slots__ = ["filter"]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: OrganisationFilter
    def __init__(self, filter: _Optional[_Union[OrganisationFilter, _Mapping]] = ...) -> None: ...

class FindFundingRequest(_message.Message):
    __slots__ = ["on_date", "production_id"]
    ON_DATE_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    on_date: str
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., on_date: _Optional[str] = ...) -> None: ...

class FindFundingResponse(_message.Message):
    __slots__ = ["matches", "production_id"]
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[FundingMatch]
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., matches: _Optional[_Iterable[_Union[FundingMatch, _Mapping]]] = ...) -> None: ...

class FundingCondition(_message.Message):
    __slots__ = ["condition", "met", "reason"]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    MET_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    condition: str
    met: bool
    reason: str
    def __init__(self, condition: _Optional[str] = ..., met: bool = ..., reason: _Optional[str] = ...) -> None: ...

class FundingMatch(_message.Message):
    __slots__ = ["conditions", "eligible", "programme"]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    ELIGIBLE_FIELD_NUMBER: _ClassVar[int]
    PROGRAMME_FIELD_NUMBER: _ClassVar[int]
    conditions: _containers.RepeatedCompositeFieldContainer[FundingCondition]
    eligible: bool
    programme: FundingProgramme
    def __init__(self, programme: _Optional[_Union[FundingProgramme, _Mapping]] = ..., eligible: bool = ..., conditions: _Optional[_Iterable[_Union[FundingCondition, _Mapping]]] = ...) -> None: ...

class FundingProgramme(_message.Message):
    __slots__ = ["amount_cents", "amount_note", "countries", "currency", "description", "funder", "funder_organisation_id", "id", "label_requirements", "name", "open", "production_kinds", "regions", "source", "url"]
    AMOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_NOTE_FIELD_NUMBER: _ClassVar[int]
    COUNTRIES_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FUNDER_FIELD_NUMBER: _ClassVar[int]
    FUNDER_ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_REQUIREMENTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_KINDS_FIELD_NUMBER: _ClassVar[int]
    REGIONS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    amount_cents: int
    amount_note: str
    countries: _containers.RepeatedScalarFieldContainer[str]
    currency: str
    description: str
    funder: str
    funder_organisation_id: str
    id: str
    label_requirements: _containers.RepeatedCompositeFieldContainer[LabelRequirement]
    name: str
    open: DateRange
    production_kinds: _containers.RepeatedScalarFieldContainer[_label_pb2.ProductionKind]
    regions: _containers.RepeatedScalarFieldContainer[str]
    source: str
    url: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., funder: _Optional[str] = ..., funder_organisation_id: _Optional[str] = ..., amount_cents: _Optional[int] = ..., currency: _Optional[str] = ..., amount_note: _Optional[str] = ..., open: _Optional[_Union[DateRange, _Mapping]] = ..., production_kinds: _Optional[_Iterable[_Union[_label_pb2.ProductionKind, str]]] = ..., countries: _Optional[_Iterable[str]] = ..., regions: _Optional[_Iterable[str]] = ..., label_requirements: _Optional[_Iterable[_Union[LabelRequirement, _Mapping]]] = ..., description: _Optional[str] = ..., source: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class FundingProgrammes(_message.Message):
    __slots__ = ["draft", "draft_notice", "id", "licence", "programmes", "source", "title", "version"]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    PROGRAMMES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    draft: bool
    draft_notice: str
    id: str
    licence: str
    programmes: _containers.RepeatedCompositeFieldContainer[FundingProgramme]
    source: str
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[str] = ..., licence: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., programmes: _Optional[_Iterable[_Union[FundingProgramme, _Mapping]]] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ["latitude", "longitude"]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class GeocodeRequest(_message.Message):
    __slots__ = ["city", "postcode"]
    CITY_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    city: str
    postcode: str
    def __init__(self, postcode: _Optional[str] = ..., city: _Optional[str] = ...) -> None: ...

class GetCharterRequest(_message.Message):
    __slots__ = ["id", "version"]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class GetEnrolmentHistoryRequest(_message.Message):
    __slots__ = ["after_sequence", "enrolment_id"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    enrolment_id: str
    def __init__(self, enrolment_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class GetEnrolmentRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetOrganisationHistoryRequest(_message.Message):
    __slots__ = ["after_sequence", "organisation_id"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    organisation_id: str
    def __init__(self, organisation_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class GetOrganisationRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetTaxonomyRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ImportOrganisationsHeader(_message.Message):
    __slots__ = ["dry_run", "file_name"]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    dry_run: bool
    file_name: str
    def __init__(self, file_name: _Optional[str] = ..., dry_run: bool = ...) -> None: ...

class ImportOrganisationsRequest(_message.Message):
    __slots__ = ["chunk", "header"]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    header: ImportOrganisationsHeader
    def __init__(self, header: _Optional[_Union[ImportOrganisationsHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ImportOrganisationsResponse(_message.Message):
    __slots__ = ["created", "created_ids", "rejected", "rejected_rows", "rows_read"]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    CREATED_IDS_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_ROWS_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    created: int
    created_ids: _containers.RepeatedScalarFieldContainer[str]
    rejected: int
    rejected_rows: _containers.RepeatedCompositeFieldContainer[RejectedRow]
    rows_read: int
    def __init__(self, rows_read: _Optional[int] = ..., created: _Optional[int] = ..., rejected: _Optional[int] = ..., rejected_rows: _Optional[_Iterable[_Union[RejectedRow, _Mapping]]] = ..., created_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ImportProgress(_message.Message):
    __slots__ = ["bytes_read", "file_name", "rows_read"]
    BYTES_READ_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    bytes_read: int
    file_name: str
    rows_read: int
    def __init__(self, file_name: _Optional[str] = ..., rows_read: _Optional[int] = ..., bytes_read: _Optional[int] = ...) -> None: ...

class LabelRequirement(_message.Message):
    __slots__ = ["framework_id", "minimum_level", "minimum_score_percent"]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_SCORE_PERCENT_FIELD_NUMBER: _ClassVar[int]
    framework_id: str
    minimum_level: int
    minimum_score_percent: float
    def __init__(self, framework_id: _Optional[str] = ..., minimum_level: _Optional[int] = ..., minimum_score_percent: _Optional[float] = ...) -> None: ...

class ListChartersRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListChartersResponse(_message.Message):
    __slots__ = ["charters"]
    CHARTERS_FIELD_NUMBER: _ClassVar[int]
    charters: _containers.RepeatedCompositeFieldContainer[Charter]
    def __init__(self, charters: _Optional[_Iterable[_Union[Charter, _Mapping]]] = ...) -> None: ...

class ListEnrolmentsRequest(_message.Message):
    __slots__ = ["organisation_id", "states"]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    organisation_id: str
    states: _containers.RepeatedScalarFieldContainer[EnrolmentState]
    def __init__(self, organisation_id: _Optional[str] = ..., states: _Optional[_Iterable[_Union[EnrolmentState, str]]] = ...) -> None: ...

class ListFundingProgrammesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListFundingProgrammesResponse(_message.Message):
    __slots__ = ["draft", "draft_notice", "programmes"]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    PROGRAMMES_FIELD_NUMBER: _ClassVar[int]
    draft: bool
    draft_notice: str
    programmes: _containers.RepeatedCompositeFieldContainer[FundingProgramme]
    def __init__(self, programmes: _Optional[_Iterable[_Union[FundingProgramme, _Mapping]]] = ..., draft: bool = ..., draft_notice: _Optional[str] = ...) -> None: ...

class ListOrganisationsRequest(_message.Message):
    __slots__ = ["after_id", "filter", "page_size", "view"]
    AFTER_ID_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    after_id: str
    filter: OrganisationFilter
    page_size: int
    view: OrganisationView
    def __init__(self, filter: _Optional[_Union[OrganisationFilter, _Mapping]] = ..., after_id: _Optional[str] = ..., page_size: _Optional[int] = ..., view: _Optional[_Union[OrganisationView, str]] = ...) -> None: ...

class Organisation(_message.Message):
    __slots__ = ["archived", "created_at", "details", "geocoding", "id", "location", "place", "revision", "updated_at"]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    GEOCODING_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    archived: bool
    created_at: _timestamp_pb2.Timestamp
    details: OrganisationDetails
    geocoding: GeocodingSource
    id: str
    location: GeoPoint
    place: Place
    revision: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., revision: _Optional[int] = ..., details: _Optional[_Union[OrganisationDetails, _Mapping]] = ..., location: _Optional[_Union[GeoPoint, _Mapping]] = ..., geocoding: _Optional[_Union[GeocodingSource, str]] = ..., place: _Optional[_Union[Place, _Mapping]] = ..., archived: bool = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OrganisationCounts(_message.Message):
    __slots__ = ["by_category", "by_kind", "by_region", "total"]
    BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    BY_KIND_FIELD_NUMBER: _ClassVar[int]
    BY_REGION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    by_category: _containers.RepeatedCompositeFieldContainer[Count]
    by_kind: _containers.RepeatedCompositeFieldContainer[Count]
    by_region: _containers.RepeatedCompositeFieldContainer[Count]
    total: int
    def __init__(self, total: _Optional[int] = ..., by_region: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., by_category: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., by_kind: _Optional[_Iterable[_Union[Count, _Mapping]]] = ...) -> None: ...

class OrganisationDetails(_message.Message):
    __slots__ = ["address", "categories", "certifications", "city", "country", "description", "email", "kind", "location", "name", "phone", "postcode", "siret", "tags", "website"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    SIRET_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_FIELD_NUMBER: _ClassVar[int]
    address: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    certifications: _containers.RepeatedScalarFieldContainer[str]
    city: str
    country: str
    description: str
    email: str
    kind: OrganisationKind
    location: GeoPoint
    name: str
    phone: str
    postcode: str
    siret: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    website: str
    def __init__(self, kind: _Optional[_Union[OrganisationKind, str]] = ..., name: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., siret: _Optional[str] = ..., address: _Optional[str] = ..., postcode: _Optional[str] = ..., city: _Optional[str] = ..., country: _Optional[str] = ..., website: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., certifications: _Optional[_Iterable[str]] = ..., location: _Optional[_Union[GeoPoint, _Mapping]] = ...) -> None: ...

class OrganisationEvent(_message.Message):
    __slots__ = ["action", "actor", "at", "changes", "organisation_id", "revision", "sequence"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: _label_pb2.Actor
    at: _timestamp_pb2.Timestamp
    changes: _containers.RepeatedCompositeFieldContainer[_label_pb2.FieldChange]
    organisation_id: str
    revision: int
    sequence: int
    def __init__(self, sequence: _Optional[int] = ..., organisation_id: _Optional[str] = ..., revision: _Optional[int] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[_label_pb2.Actor, _Mapping]] = ..., action: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[_label_pb2.FieldChange, _Mapping]]] = ...) -> None: ...

class OrganisationFilter(_message.Message):
    __slots__ = ["categories", "charter_version", "department", "enrolment_states", "include_archived", "kinds", "region"]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CHARTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_STATES_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedScalarFieldContainer[str]
    charter_version: str
    department: str
    enrolment_states: _containers.RepeatedScalarFieldContainer[EnrolmentState]
    include_archived: bool
    kinds: _containers.RepeatedScalarFieldContainer[OrganisationKind]
    region: str
    def __init__(self, kinds: _Optional[_Iterable[_Union[OrganisationKind, str]]] = ..., categories: _Optional[_Iterable[str]] = ..., region: _Optional[str] = ..., department: _Optional[str] = ..., include_archived: bool = ..., enrolment_states: _Optional[_Iterable[_Union[EnrolmentState, str]]] = ..., charter_version: _Optional[str] = ...) -> None: ...

class OrganisationPage(_message.Message):
    __slots__ = ["organisations"]
    ORGANISATIONS_FIELD_NUMBER: _ClassVar[int]
    organisations: _containers.RepeatedCompositeFieldContainer[Organisation]
    def __init__(self, organisations: _Optional[_Iterable[_Union[Organisation, _Mapping]]] = ...) -> None: ...

class Place(_message.Message):
    __slots__ = ["attribution", "commune", "department", "department_name", "insee_code", "location", "postcode", "region", "region_name"]
    ATTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    INSEE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    attribution: str
    commune: str
    department: str
    department_name: str
    insee_code: str
    location: GeoPoint
    postcode: str
    region: str
    region_name: str
    def __init__(self, postcode: _Optional[str] = ..., insee_code: _Optional[str] = ..., commune: _Optional[str] = ..., location: _Optional[_Union[GeoPoint, _Mapping]] = ..., department: _Optional[str] = ..., department_name: _Optional[str] = ..., region: _Optional[str] = ..., region_name: _Optional[str] = ..., attribution: _Optional[str] = ...) -> None: ...

class RejectedRow(_message.Message):
    __slots__ = ["column", "line", "message"]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    column: str
    line: int
    message: str
    def __init__(self, line: _Optional[int] = ..., column: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class SearchHit(_message.Message):
    __slots__ = ["distance_km", "organisation"]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    distance_km: float
    organisation: Organisation
    def __init__(self, organisation: _Optional[_Union[Organisation, _Mapping]] = ..., distance_km: _Optional[float] = ...) -> None: ...

class SearchOrganisationsRequest(_message.Message):
    __slots__ = ["bounding_box", "filter", "limit", "near_city", "near_point", "near_postcode", "radius_km", "text", "view"]
    BOUNDING_BOX_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    NEAR_CITY_FIELD_NUMBER: _ClassVar[int]
    NEAR_POINT_FIELD_NUMBER: _ClassVar[int]
    NEAR_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    bounding_box: BoundingBox
    filter: OrganisationFilter
    limit: int
    near_city: str
    near_point: GeoPoint
    near_postcode: str
    radius_km: float
    text: str
    view: OrganisationView
    def __init__(self, text: _Optional[str] = ..., filter: _Optional[_Union[OrganisationFilter, _Mapping]] = ..., near_point: _Optional[_Union[GeoPoint, _Mapping]] = ..., near_postcode: _Optional[str] = ..., near_city: _Optional[str] = ..., radius_km: _Optional[float] = ..., bounding_box: _Optional[_Union[BoundingBox, _Mapping]] = ..., limit: _Optional[int] = ..., view: _Optional[_Union[OrganisationView, str]] = ...) -> None: ...

class Signatory(_message.Message):
    __slots__ = ["email", "name", "role"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    email: str
    name: str
    role: str
    def __init__(self, name: _Optional[str] = ..., role: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class StoreEnrolmentRequest(_message.Message):
    __slots__ = ["action", "enrolment", "expected_revision"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    action: str
    enrolment: Enrolment
    expected_revision: int
    def __init__(self, enrolment: _Optional[_Union[Enrolment, _Mapping]] = ..., expected_revision: _Optional[int] = ..., action: _Optional[str] = ...) -> None: ...

class Taxonomy(_message.Message):
    __slots__ = ["categories", "draft", "draft_notice", "id", "licence", "source", "title", "version"]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_NOTICE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    draft: bool
    draft_notice: str
    id: str
    licence: str
    source: str
    title: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[str] = ..., licence: _Optional[str] = ..., draft: bool = ..., draft_notice: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ...) -> None: ...

class UpdateOrganisationRequest(_message.Message):
    __slots__ = ["details", "expected_revision", "id", "update_mask"]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    details: OrganisationDetails
    expected_revision: int
    id: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., details: _Optional[_Union[OrganisationDetails, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class OrganisationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class GeocodingSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class OrganisationView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class EnrolmentState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TrainingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
