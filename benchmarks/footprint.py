#!/usr/bin/env python3
"""Footprints through the socket: the total of a 1,000,000-line footprint, against the
sqlite3 command line summing the same lines of the same database file; and ImportLines of
a 100,000-row ledger export.

usage: footprint.py SOCKET DATABASE total|import [--lines N] [--runs R]
total:  adds N lines (AddLines, 20,000 at a time) to a footprint, then times R GetResults
        and R runs of `sqlite3 DATABASE "SELECT total(kg_co2e) ..."` (process start
        included: it is the command line), alternately; prints the medians and their ratio.
import: builds a ledger of N rows (';', Windows-1252, decimal comma, 5 accounts, 4 of them
        mapped to factors of the shipped set, one spend line in ten), and times R imports
        into fresh footprints, from the first byte sent to the answer.
Prints one JSON object.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "clients" / "python" / "src"))
from ecoprod_client import Connection, carbon_pb2, label_pb2  # noqa: E402

CARBON = "ecoprod.carbon.v1.Carbon"
LABEL = "ecoprod.label.v1.Label"
FACTORS = [("diesel_b7_litre", "litre", carbon_pb2.CATEGORY_TRANSPORT),
           ("electricity_fr_2025_kwh", "kWh", carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS),
           ("hotel_night_fr", "night", carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS),
           ("meal_vegetarian", "meal", carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS),
           ("train_tgv_pkm", "passenger.km", carbon_pb2.CATEGORY_TRANSPORT)]
DEPARTMENTS = ["Régie", "Image", "Son", "Décors", "HMC", "Production"]


def new_footprint(conn, production):
    return conn.unary(CARBON, "CreateFootprint", carbon_pb2.CreateFootprintRequest(
        production_id=production.id, factor_set_id="ecoprod-reference",
        details=carbon_pb2.FootprintDetails(kind=carbon_pb2.FOOTPRINT_KIND_FORECAST, title="bench",
                                            shooting_days=30, finished_hours=1.5, budget_eur=2e6)),
        carbon_pb2.Footprint)


def total(conn, production, args):
    footprint = new_footprint(conn, production)
    batch = 20000
    for start in range(0, args.lines, batch):
        lines = []
        for n in range(start, min(start + batch, args.lines)):
            factor, unit, category = FACTORS[n % len(FACTORS)]
            lines.append(carbon_pb2.ActivityLine(
                category=category, phase=1 + n % 3, department=DEPARTMENTS[n % len(DEPARTMENTS)], factor_id=factor,
                quantity=1 + n % 97, unit=unit))
        footprint = conn.unary(CARBON, "AddLines", carbon_pb2.AddLinesRequest(
            footprint_id=footprint.id, expected_revision=footprint.revision, lines=lines), carbon_pb2.AddLinesResponse).footprint
    sql = ("SELECT total(kg_co2e) FROM activity_lines WHERE footprint_seq = "
           f"(SELECT seq FROM footprints WHERE id = '{footprint.id}');")
    ours, theirs = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        results = conn.unary(CARBON, "GetResults", carbon_pb2.GetResultsRequest(footprint_id=footprint.id),
                             carbon_pb2.FootprintResults)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        out = subprocess.run(["sqlite3", args.database, sql], check=True, capture_output=True, text=True).stdout
        theirs.append(time.perf_counter() - started)
    assert results.lines == args.lines, results.lines
    assert abs(float(out) / 1000 - results.total_t_co2e) <= 1e-9 * results.total_t_co2e, (out, results.total_t_co2e)
    ratio = statistics.median(ours) / statistics.median(theirs)
    return {
        "lines": args.lines, "total_t_co2e": results.total_t_co2e,
        "seconds": [round(s, 4) for s in ours], "sqlite3_seconds": [round(s, 4) for s in theirs],
        "median_seconds": round(statistics.median(ours), 4), "sqlite3_median_seconds": round(statistics.median(theirs), 4),
        "ratio": round(ratio, 3), "target_ratio": 2.0,
    }


MAPPING = carbon_pb2.LineMapping(
    columns=carbon_pb2.LineMapping.Columns(account="Compte", label="Libellé", quantity="Quantité", unit="Unité",
                                           amount="Montant", phase="Phase", department="Service"),
    rules=[carbon_pb2.MappingRule(account_prefix="6061", label_contains=["gazole", "gasoil"],
                                  category=carbon_pb2.CATEGORY_TRANSPORT, factor_id="diesel_b7_litre"),
           carbon_pb2.MappingRule(account_prefix="6061", label_contains=["électricité"],
                                  category=carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS, factor_id="electricity_fr_2025_kwh",
                                  subcategory=carbon_pb2.SUBCATEGORY_ENERGY),
           carbon_pb2.MappingRule(account_prefix="6256", category=carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS,
                                  subcategory=carbon_pb2.SUBCATEGORY_ACCOMMODATION, factor_id="hotel_night_fr"),
           carbon_pb2.MappingRule(account_prefix="6257", category=carbon_pb2.CATEGORY_UNIT_BASE_LOGISTICS,
                                  subcategory=carbon_pb2.SUBCATEGORY_CATERING, factor_id="meal_vegetarian")])
ROWS = [("606100", "Gazole groupe électrogène", "L"), ("606100", "Électricité plateau", "kWh"),
        ("625600", "Hôtel équipe technique", "nuits"), ("625700", "Repas cantine", "repas"),
        ("606100", "Gasoil camion loges", "litres")]


def ledger(rows):
    lines = ["Compte;Libellé;Quantité;Unité;Montant;Phase;Service"]
    for n in range(rows):
        account, label, unit = ROWS[n % len(ROWS)]
        lines.append(f"{account};{label} {n};{n % 500 + 1},{n % 10};{unit};{n % 9000 + 10},50;"
                     f"{['Préparation', 'Tournage', 'Postproduction'][n % 3]};{DEPARTMENTS[n % len(DEPARTMENTS)]}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def import_lines(conn, production, args):
    data = ledger(args.lines)
    seconds = []
    for _ in range(args.runs):
        footprint = new_footprint(conn, production)

        def messages():
            yield carbon_pb2.ImportLinesRequest(header=carbon_pb2.ImportLinesHeader(
                footprint_id=footprint.id, expected_revision=footprint.revision, file_name="grand-livre.csv",
                mapping=MAPPING))
            for start in range(0, len(data), 65536):
                yield carbon_pb2.ImportLinesRequest(chunk=data[start:start + 65536])

        started = time.perf_counter()
        response = conn.client_stream(CARBON, "ImportLines", messages(), carbon_pb2.ImportLinesResponse)
        seconds.append(time.perf_counter() - started)
        assert response.lines_imported == args.lines, response
    return {
        "rows": args.lines, "bytes": len(data), "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3), "target_seconds": 3.0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("database")
    parser.add_argument("what", choices=["total", "import"])
    parser.add_argument("--lines", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.lines = args.lines or (1_000_000 if args.what == "total" else 100_000)
    with Connection(args.socket, timeout=300) as conn:
        production = conn.unary(LABEL, "CreateProduction", label_pb2.CreateProductionRequest(
            framework_id="ecoprod-label", details=label_pb2.ProductionDetails(
                title="bench", kind=label_pb2.PRODUCTION_KIND_FEATURE_FILM)), label_pb2.Production)
        print(json.dumps((total if args.what == "total" else import_lines)(conn, production, args)))


if __name__ == "__main__":
    main()
