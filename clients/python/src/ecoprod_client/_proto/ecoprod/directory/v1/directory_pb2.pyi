from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ORGANISATION_KIND_BROADCASTER: OrganisationKind
ORGANISATION_KIND_FUNDING_BODY: OrganisationKind
ORGANISATION_KIND_OTHER: OrganisationKind
ORGANISATION_KIND_PRODUCTION_COMPANY: OrganisationKind
ORGANISATION_KIND_RESOURCE: OrganisationKind
ORGANISATION_KIND_SERVICE_PROVIDER: OrganisationKind
ORGANISATION_KIND_UNSPECIFIED: OrganisationKind

class Category(_message.Message):
    __slots__ = ["id", "name_en", "name_fr"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    NAME_FR_FIELD_NUMBER: _ClassVar[int]
    id: str
    name_en: str
    name_fr: str
    def __init__(self, id: _Optional[str] = ..., name_fr: _Optional[str] = ..., name_en: _Optional[str] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ["latitude", "longitude"]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

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

class OrganisationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
