from ecoprod_client._proto.ecoprod.label.v1 import label_pb2 as _label_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Plan(_message.Message):
    __slots__ = ["current_percent", "framework_draft", "production_id", "projected_percent", "reachable", "required_level", "revision", "scheme_id", "steps", "threshold_percent", "total_effort", "unreachable_reason"]
    CURRENT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_DRAFT_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECTED_PERCENT_FIELD_NUMBER: _ClassVar[int]
    REACHABLE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_LEVEL_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_EFFORT_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_REASON_FIELD_NUMBER: _ClassVar[int]
    current_percent: float
    framework_draft: bool
    production_id: str
    projected_percent: float
    reachable: bool
    required_level: int
    revision: int
    scheme_id: str
    steps: _containers.RepeatedCompositeFieldContainer[PlannedCriterion]
    threshold_percent: float
    total_effort: int
    unreachable_reason: str
    def __init__(self, production_id: _Optional[str] = ..., revision: _Optional[int] = ..., scheme_id: _Optional[str] = ..., threshold_percent: _Optional[float] = ..., required_level: _Optional[int] = ..., reachable: bool = ..., unreachable_reason: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[PlannedCriterion, _Mapping]]] = ..., total_effort: _Optional[int] = ..., current_percent: _Optional[float] = ..., projected_percent: _Optional[float] = ..., framework_draft: bool = ...) -> None: ...

class PlanRequest(_message.Message):
    __slots__ = ["production_id", "scheme"]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEME_FIELD_NUMBER: _ClassVar[int]
    production_id: str
    scheme: str
    def __init__(self, production_id: _Optional[str] = ..., scheme: _Optional[str] = ...) -> None: ...

class PlannedCriterion(_message.Message):
    __slots__ = ["criterion_id", "effort", "mandatory", "points", "section", "stage", "status", "title"]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    EFFORT_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    criterion_id: str
    effort: int
    mandatory: bool
    points: int
    section: str
    stage: str
    status: _label_pb2.CriterionStatus
    title: str
    def __init__(self, criterion_id: _Optional[str] = ..., section: _Optional[str] = ..., stage: _Optional[str] = ..., title: _Optional[str] = ..., points: _Optional[int] = ..., effort: _Optional[int] = ..., mandatory: bool = ..., status: _Optional[_Union[_label_pb2.CriterionStatus, str]] = ...) -> None: ...

class SchemeEligibility(_message.Message):
    __slots__ = ["eligible", "reasons", "required_level", "scheme_id", "threshold_percent", "title"]
    ELIGIBLE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    eligible: bool
    reasons: _containers.RepeatedScalarFieldContainer[str]
    required_level: int
    scheme_id: str
    threshold_percent: float
    title: str
    def __init__(self, scheme_id: _Optional[str] = ..., title: _Optional[str] = ..., threshold_percent: _Optional[float] = ..., required_level: _Optional[int] = ..., eligible: bool = ..., reasons: _Optional[_Iterable[str]] = ...) -> None: ...

class ScoreManyRequest(_message.Message):
    __slots__ = ["company_id", "include_archived", "production_ids"]
    COMPANY_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_IDS_FIELD_NUMBER: _ClassVar[int]
    company_id: str
    include_archived: bool
    production_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, production_ids: _Optional[_Iterable[str]] = ..., company_id: _Optional[str] = ..., include_archived: bool = ...) -> None: ...

class ScoreReport(_message.Message):
    __slots__ = ["applicable_criteria", "applicable_points", "blocking_next_level", "done_criteria", "earned_points", "framework_draft", "framework_id", "framework_version", "level_reached", "mandatory_met", "mandatory_missing", "production_id", "revision", "rule", "schemes", "score_percent", "sections", "stars"]
    APPLICABLE_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    APPLICABLE_POINTS_FIELD_NUMBER: _ClassVar[int]
    BLOCKING_NEXT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    DONE_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    EARNED_POINTS_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_DRAFT_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_VERSION_FIELD_NUMBER: _ClassVar[int]
    LEVEL_REACHED_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_MET_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_MISSING_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    SCORE_PERCENT_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    STARS_FIELD_NUMBER: _ClassVar[int]
    applicable_criteria: int
    applicable_points: int
    blocking_next_level: _containers.RepeatedScalarFieldContainer[str]
    done_criteria: int
    earned_points: int
    framework_draft: bool
    framework_id: str
    framework_version: str
    level_reached: int
    mandatory_met: _containers.RepeatedScalarFieldContainer[str]
    mandatory_missing: _containers.RepeatedScalarFieldContainer[str]
    production_id: str
    revision: int
    rule: _label_pb2.ScoringRule
    schemes: _containers.RepeatedCompositeFieldContainer[SchemeEligibility]
    score_percent: float
    sections: _containers.RepeatedCompositeFieldContainer[SectionScore]
    stars: int
    def __init__(self, production_id: _Optional[str] = ..., revision: _Optional[int] = ..., framework_id: _Optional[str] = ..., framework_version: _Optional[str] = ..., framework_draft: bool = ..., rule: _Optional[_Union[_label_pb2.ScoringRule, str]] = ..., score_percent: _Optional[float] = ..., earned_points: _Optional[int] = ..., applicable_points: _Optional[int] = ..., sections: _Optional[_Iterable[_Union[SectionScore, _Mapping]]] = ..., mandatory_met: _Optional[_Iterable[str]] = ..., mandatory_missing: _Optional[_Iterable[str]] = ..., schemes: _Optional[_Iterable[_Union[SchemeEligibility, _Mapping]]] = ..., stars: _Optional[int] = ..., level_reached: _Optional[int] = ..., blocking_next_level: _Optional[_Iterable[str]] = ..., done_criteria: _Optional[int] = ..., applicable_criteria: _Optional[int] = ...) -> None: ...

class ScoreRequest(_message.Message):
    __slots__ = ["production_id"]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    production_id: str
    def __init__(self, production_id: _Optional[str] = ...) -> None: ...

class SectionScore(_message.Message):
    __slots__ = ["applicable_points", "code", "earned_points", "percent", "title"]
    APPLICABLE_POINTS_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    EARNED_POINTS_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    applicable_points: int
    code: str
    earned_points: int
    percent: float
    title: str
    def __init__(self, code: _Optional[str] = ..., title: _Optional[str] = ..., earned_points: _Optional[int] = ..., applicable_points: _Optional[int] = ..., percent: _Optional[float] = ...) -> None: ...

class StatusOverride(_message.Message):
    __slots__ = ["criterion_id", "status"]
    CRITERION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    criterion_id: str
    status: _label_pb2.CriterionStatus
    def __init__(self, criterion_id: _Optional[str] = ..., status: _Optional[_Union[_label_pb2.CriterionStatus, str]] = ...) -> None: ...

class WhatIfRequest(_message.Message):
    __slots__ = ["overrides", "production_id"]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    overrides: _containers.RepeatedCompositeFieldContainer[StatusOverride]
    production_id: str
    def __init__(self, production_id: _Optional[str] = ..., overrides: _Optional[_Iterable[_Union[StatusOverride, _Mapping]]] = ...) -> None: ...
