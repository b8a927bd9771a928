#!/usr/bin/env python3
"""Carbon/ImportFactorSet of a full-size Base Carbone export through the socket.

usage: factor_import.py SOCKET [--elements N] [--runs R]
Builds an export in the real layout (the header of tests/fixtures/carbon's sample, then per
element an "Elément" row and two "Poste" rows, Windows-1252, decimal comma): 6,200
elements make the ~18,600 rows of the full export. Each run imports it as a new version,
streamed in 64 KiB chunks, and is timed from the first byte sent to the summary received.
Prints one JSON object.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "clients" / "python" / "src"))
from ecoprod_client import Connection, carbon_pb2  # noqa: E402

CARBON = "ecoprod.carbon.v1.Carbon"
SAMPLE = ROOT / "tests" / "fixtures" / "carbon" / "base_carbone_v23.6_sample.csv"


def export(elements):
    header = SAMPLE.read_text(encoding="utf-8").split("\n", 1)[0]
    columns = header.split(";")

    def row(values):
        return ";".join(values.get(column, "") for column in columns)

    lines = [header]
    for n in range(elements):
        common = {
            "Identifiant de l'élément": str(100000 + n), "Structure": "élément décomposé par poste",
            "Type de l'élément": "Facteur d'émission", "Statut de l'élément": "Valide générique",
            "Nom base français": f"Élément synthétique {n}", "Nom base anglais": f"Synthetic element {n}",
            "Code de la catégorie": "Transport de personnes > Routier > Voiture", "Unité français": "kgCO2e/km",
            "Unité anglais": "kgCO2e/km", "Contributeur": "ADEME", "Localisation géographique": "France continentale",
            "Incertitude": str(n % 60), "Commentaire français": '"Données fictives ; l’amont compris"',
        }
        lines.append(row({**common, "Type Ligne": "Elément", "Total poste non décomposé": f"0,{n % 1000 + 100}"}))
        lines.append(row({**common, "Type Ligne": "Poste", "Type poste": "Combustion",
                          "Total poste non décomposé": f"0,0{n % 100 + 10}"}))
        lines.append(row({**common, "Type Ligne": "Poste", "Type poste": "Amont", "Nom poste français": "Carburant",
                          "Total poste non décomposé": "1,2E-05"}))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def messages(data, version):
    header = carbon_pb2.ImportFactorSetRequest()
    header.header.format = carbon_pb2.FACTOR_FILE_FORMAT_BASE_CARBONE_CSV
    header.header.file_name = "base_carbone_full.csv"
    description = header.header.description
    description.id, description.version = "base-carbone-bench", version
    description.title, description.source, description.licence = "Base Carbone (synthetic)", "ADEME", "Licence Ouverte 2.0"
    yield header
    for start in range(0, len(data), 65536):
        yield carbon_pb2.ImportFactorSetRequest(chunk=data[start:start + 65536])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("--elements", type=int, default=6200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = export(args.elements)
    seconds = []
    with Connection(args.socket, timeout=120) as conn:
        for run in range(args.runs):
            started = time.perf_counter()
            summary = conn.client_stream(CARBON, "ImportFactorSet", messages(data, f"run-{run}"),
                                         carbon_pb2.FactorSetSummary)
            seconds.append(time.perf_counter() - started)
            assert summary.factors == args.elements, summary
    print(json.dumps({
        "rows": 1 + args.elements * 3, "bytes": len(data), "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3), "target_seconds": 2.0,
    }))


if __name__ == "__main__":
    main()
