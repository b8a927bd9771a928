"""The directory from Python, as a studio's script would use it: providers imported from a
spreadsheet export, found near a shooting location, and the refusals a script must handle."""

from __future__ import annotations

import math

import pytest

from ecoprod_client import AlreadyExists, InvalidArgument, directory_pb2

DIRECTORY = "ecoprod.directory.v1.Directory"


def haversine_km(a, b):
    """Distance on the sphere the daemon uses, computed here independently."""
    (lat1, lon1), (lat2, lon2) = [(math.radians(p[0]), math.radians(p[1])) for p in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_providers_are_imported_and_found_near_a_location(daemon):
    conn = daemon.connect()
    csv = ("kind;name;categories;postcode;city;description\r\n"
           "prestataire;Lumière Énergie;energy-generators;69002;Lyon;Groupes électrogènes\r\n"
           "prestataire;Cantine Verte;catering;42100;ST ETIENNE;Cantine bio\r\n"
           "prestataire;Loin;catering;13001;Marseille;Traiteur\r\n"
           "prestataire;Mauvais;teleportation;75002;Paris;\r\n").encode("cp1252")
    requests = [directory_pb2.ImportOrganisationsRequest(header=directory_pb2.ImportOrganisationsHeader(file_name="export.csv")),
                directory_pb2.ImportOrganisationsRequest(chunk=csv)]
    imported = conn.client_stream(DIRECTORY, "ImportOrganisations", iter(requests), directory_pb2.ImportOrganisationsResponse)
    assert (imported.created, imported.rejected) == (3, 1)
    assert (imported.rejected_rows[0].line, imported.rejected_rows[0].column) == (5, "categories")

    shooting = (45.7640, 4.8357)
    hits = list(conn.server_stream(DIRECTORY, "SearchOrganisations", directory_pb2.SearchOrganisationsRequest(
        near_point=directory_pb2.GeoPoint(latitude=shooting[0], longitude=shooting[1]), radius_km=80), directory_pb2.SearchHit))
    assert [hit.organisation.details.name for hit in hits] == ["Lumière Énergie", "Cantine Verte"]
    for hit in hits:
        point = (hit.organisation.location.latitude, hit.organisation.location.longitude)
        assert hit.distance_km == pytest.approx(haversine_km(shooting, point), abs=1e-6)

    found = list(conn.server_stream(DIRECTORY, "SearchOrganisations", directory_pb2.SearchOrganisationsRequest(text="electrogenes"),
                                    directory_pb2.SearchHit))
    assert [hit.organisation.details.name for hit in found] == ["Lumière Énergie"]


def test_a_script_is_told_precisely_what_is_wrong(daemon):
    conn = daemon.connect()
    with pytest.raises(InvalidArgument, match=r"details\.siret: .*check digit"):
        conn.unary(DIRECTORY, "CreateOrganisation", directory_pb2.CreateOrganisationRequest(details=directory_pb2.OrganisationDetails(
            kind=directory_pb2.ORGANISATION_KIND_SERVICE_PROVIDER, name="X", siret="73282932000075")), directory_pb2.Organisation)
    details = directory_pb2.OrganisationDetails(kind=directory_pb2.ORGANISATION_KIND_SERVICE_PROVIDER, name="Y", siret="73282932000074")
    conn.unary(DIRECTORY, "CreateOrganisation", directory_pb2.CreateOrganisationRequest(details=details), directory_pb2.Organisation)
    with pytest.raises(AlreadyExists, match="details.siret: 73282932000074 is already organisation org-"):
        conn.unary(DIRECTORY, "CreateOrganisation", directory_pb2.CreateOrganisationRequest(details=details), directory_pb2.Organisation)
    with pytest.raises(InvalidArgument, match="radius_km: required around a place"):
        list(conn.server_stream(DIRECTORY, "SearchOrganisations", directory_pb2.SearchOrganisationsRequest(near_city="Lyon"),
                                directory_pb2.SearchHit))
