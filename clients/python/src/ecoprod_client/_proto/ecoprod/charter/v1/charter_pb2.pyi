from ecoprod_client._proto.ecoprod.directory.v1 import directory_pb2 as _directory_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ActiveSignatory(_message.Message):
    __slots__ = ["enrolment", "organisation"]
    ENROLMENT_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    enrolment: _directory_pb2.Enrolment
    organisation: _directory_pb2.Organisation
    def __init__(self, organisation: _Optional[_Union[_directory_pb2.Organisation, _Mapping]] = ..., enrolment: _Optional[_Union[_directory_pb2.Enrolment, _Mapping]] = ...) -> None: ...

class AmendRequest(_message.Message):
    __slots__ = ["commitments", "enrolment_id", "expected_revision", "note", "signatory", "training", "update_mask"]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    SIGNATORY_FIELD_NUMBER: _ClassVar[int]
    TRAINING_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    commitments: _containers.RepeatedScalarFieldContainer[str]
    enrolment_id: str
    expected_revision: int
    note: str
    signatory: _directory_pb2.Signatory
    training: _directory_pb2.TrainingStatus
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, enrolment_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., signatory: _Optional[_Union[_directory_pb2.Signatory, _Mapping]] = ..., commitments: _Optional[_Iterable[str]] = ..., training: _Optional[_Union[_directory_pb2.TrainingStatus, str]] = ..., note: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class EnrolRequest(_message.Message):
    __slots__ = ["charter_id", "charter_version", "commitments", "note", "organisation_id", "signatory", "signed_on", "training"]
    CHARTER_ID_FIELD_NUMBER: _ClassVar[int]
    CHARTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATORY_FIELD_NUMBER: _ClassVar[int]
    SIGNED_ON_FIELD_NUMBER: _ClassVar[int]
    TRAINING_FIELD_NUMBER: _ClassVar[int]
    charter_id: str
    charter_version: str
    commitments: _containers.RepeatedScalarFieldContainer[str]
    note: str
    organisation_id: str
    signatory: _directory_pb2.Signatory
    signed_on: str
    training: _directory_pb2.TrainingStatus
    def __init__(self, organisation_id: _Optional[str] = ..., charter_id: _Optional[str] = ..., charter_version: _Optional[str] = ..., signatory: _Optional[_Union[_directory_pb2.Signatory, _Mapping]] = ..., signed_on: _Optional[str] = ..., commitments: _Optional[_Iterable[str]] = ..., training: _Optional[_Union[_directory_pb2.TrainingStatus, str]] = ..., note: _Optional[str] = ...) -> None: ...

class ListActiveSignatoriesRequest(_message.Message):
    __slots__ = ["charter_version", "filter"]
    CHARTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    charter_version: str
    filter: _directory_pb2.OrganisationFilter
    def __init__(self, filter: _Optional[_Union[_directory_pb2.OrganisationFilter, _Mapping]] = ..., charter_version: _Optional[str] = ...) -> None: ...

class RenewRequest(_message.Message):
    __slots__ = ["commitments", "enrolment_id", "expected_revision", "signed_on"]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    SIGNED_ON_FIELD_NUMBER: _ClassVar[int]
    commitments: _containers.RepeatedScalarFieldContainer[str]
    enrolment_id: str
    expected_revision: int
    signed_on: str
    def __init__(self, enrolment_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., signed_on: _Optional[str] = ..., commitments: _Optional[_Iterable[str]] = ...) -> None: ...

class TransitionRequest(_message.Message):
    __slots__ = ["enrolment_id", "expected_revision", "note"]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    enrolment_id: str
    expected_revision: int
    note: str
    def __init__(self, enrolment_id: _Optional[str] = ..., expected_revision: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...
