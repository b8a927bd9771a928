"""The carbon domain from Python, as a studio's script would use it: a forecast built from
lines and a ledger export, its results, and the refusals a script must handle."""

from __future__ import annotations

import pytest

from ecoprod_client import Aborted, FailedPrecondition, InvalidArgument, carbon_pb2, label_pb2

CARBON = "ecoprod.carbon.v1.Carbon"
LABEL = "ecoprod.label.v1.Label"


def forecast(conn):
    production = conn.unary(LABEL, "CreateProduction", label_pb2.CreateProductionRequest(
        framework_id="ecoprod-label",
        details=label_pb2.ProductionDetails(title="Le Phare", kind=label_pb2.PRODUCTION_KIND_DOCUMENTARY)),
        label_pb2.Production)
    return conn.unary(CARBON, "CreateFootprint", carbon_pb2.CreateFootprintRequest(
        production_id=production.id, factor_set_id="ecoprod-reference",
        details=carbon_pb2.FootprintDetails(kind=carbon_pb2.FOOTPRINT_KIND_FORECAST, shooting_days=10)),
        carbon_pb2.Footprint)


def test_lines_and_a_ledger_make_the_results(daemon):
    conn = daemon.connect()
    footprint = forecast(conn)
    # 10 US gallons of diesel at 3.1 kg/litre: 37.85411784 L, 117.347765304 kg.
    added = conn.unary(CARBON, "AddLines", carbon_pb2.AddLinesRequest(
        footprint_id=footprint.id, expected_revision=footprint.revision,
        lines=[carbon_pb2.ActivityLine(category=carbon_pb2.CATEGORY_TRANSPORT, factor_id="diesel_b7_litre",
                                       quantity=10, unit="gal", phase=carbon_pb2.PHASE_SHOOTING)]),
        carbon_pb2.AddLinesResponse)
    assert list(added.line_ids) == [1]

    ledger = "Compte;Libellé;Quantité\r\n625700;Repas régie;100\r\n".encode("cp1252")
    mapping = carbon_pb2.LineMapping(
        columns=carbon_pb2.LineMapping.Columns(account="Compte", label="Libellé", quantity="Quantité"),
        rules=[carbon_pb2.MappingRule(account_prefix="6257", category=carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS,
                                      factor_id="meal_vegetarian", unit="repas")])
    requests = [carbon_pb2.ImportLinesRequest(header=carbon_pb2.ImportLinesHeader(
        footprint_id=footprint.id, expected_revision=added.footprint.revision, file_name="ledger.csv", mapping=mapping)),
        carbon_pb2.ImportLinesRequest(chunk=ledger)]
    imported = conn.client_stream(CARBON, "ImportLines", iter(requests), carbon_pb2.ImportLinesResponse)
    assert imported.lines_imported == 1 and imported.first_line_id == 2

    # 100 vegetarian meals at 0.51 kg: 51 kg.
    results = conn.unary(CARBON, "GetResults", carbon_pb2.GetResultsRequest(footprint_id=footprint.id),
                         carbon_pb2.FootprintResults)
    assert results.total_t_co2e == pytest.approx((37.85411784 * 3.1 + 51) / 1000, rel=1e-12)
    assert [share.key for share in results.by_category] == ["transport", "unit-base-logistics"]
    assert results.intensity.t_co2e_per_shooting_day == pytest.approx(results.total_t_co2e / 10, rel=1e-12)
    assert results.draft

    lines = list(conn.server_stream(CARBON, "ListLines", carbon_pb2.ListLinesRequest(footprint_id=footprint.id),
                                    carbon_pb2.ActivityLine))
    assert [line.description for line in lines] == ["", "Repas régie"]
    assert sum(line.share_of_total for line in lines) == pytest.approx(1, rel=1e-12)


def test_a_script_is_told_precisely_what_is_wrong(daemon):
    conn = daemon.connect()
    footprint = forecast(conn)
    line = carbon_pb2.ActivityLine(category=carbon_pb2.CATEGORY_TRANSPORT, factor_id="diesel_b7_litre", quantity=5, unit="kWh")
    with pytest.raises(InvalidArgument) as refused:
        conn.unary(CARBON, "AddLines", carbon_pb2.AddLinesRequest(
            footprint_id=footprint.id, expected_revision=footprint.revision, lines=[line]), carbon_pb2.AddLinesResponse)
    assert "lines[0].unit: kWh (energy) cannot be converted to litre (volume)" in str(refused.value)

    line.unit = "L"
    with pytest.raises(Aborted):
        conn.unary(CARBON, "AddLines", carbon_pb2.AddLinesRequest(
            footprint_id=footprint.id, expected_revision=footprint.revision + 1, lines=[line]), carbon_pb2.AddLinesResponse)

    with pytest.raises(FailedPrecondition) as unmapped:
        conn.client_stream(CARBON, "ImportLines", iter([
            carbon_pb2.ImportLinesRequest(header=carbon_pb2.ImportLinesHeader(
                footprint_id=footprint.id, expected_revision=footprint.revision, file_name="ledger.csv",
                mapping=carbon_pb2.LineMapping(
                    columns=carbon_pb2.LineMapping.Columns(account="Compte", quantity="Quantité"),
                    rules=[carbon_pb2.MappingRule(account_prefix="6061", category=carbon_pb2.CATEGORY_TRANSPORT,
                                                  factor_id="diesel_b7_litre", unit="L")]))),
            carbon_pb2.ImportLinesRequest(chunk="Compte;Quantité\n606100;5\n611000;7\n".encode())]), carbon_pb2.ImportLinesResponse)
    assert "line 3 (account \"611000\"" in str(unmapped.value)
    assert conn.unary(CARBON, "GetFootprint", carbon_pb2.GetFootprintRequest(id=footprint.id),
                      carbon_pb2.Footprint).lines == 0, "nothing was written"
