#!/usr/bin/env python3
"""The directory with 100,000 organisations and 10,000 active charter signatories, through
the socket: SearchOrganisations full text and 50 km radius latencies (p50, p99 of 1,000
calls each, limit 100, whole organisations) from the C client library
(benchmarks/directory_search.c: the daemon and the socket, the client costing
microseconds) and from this Python client (after 200 calls to warm up; also with view
BASIC, and what receiving 100 organisations costs it without any search), and the
signatory map plugin's GetGeoJSON and
RenderMap (SVG) for the 10,000 signatories (median of 20). Targets of issue 6: 5 ms, 5 ms,
100 ms, 300 ms.

usage: directory.py SOCKET [--organisations N] [--signatories S] [--queries Q] [--runs R]
The organisations are generated from the shipped postcode table (seeded): a third in the
ten largest cities, the rest spread over every commune, with names, descriptions and tags
drawn from a vocabulary of screen-production services. They are imported as one CSV with
ImportOrganisations (its time is reported too); the signatories' enrolments are stored
active with Directory/StoreEnrolment.
"""
import argparse
import csv
import io
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "clients" / "python" / "src"))
from ecoprod_client import Connection  # noqa: E402
from ecoprod_client._proto.ecoprod.directory.v1 import directory_pb2 as d  # noqa: E402
from ecoprod_client._proto.ecoprod.signatories.v1 import signatories_pb2 as s  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402

DIRECTORY = "ecoprod.directory.v1.Directory"
SIGNATORIES = "ecoprod.signatories.v1.Signatories"
CATEGORIES = ["energy-generators", "catering", "transport-mobility", "set-construction-reuse", "costume", "waste-management",
              "equipment-rental", "accommodation", "post-production-digital", "consulting-training"]
CITIES = ["750", "690", "130", "310", "060", "440", "670", "330", "590", "340"]
WORDS = ("groupe électrogène hydrogène batterie solaire location matériel caméra lumière éclairage led décor réemploi "
         "ressourcerie costume friperie couture traiteur cantine bio local végétarien navette véhicule électrique vélo "
         "camion logistique déchets tri compost recyclage hébergement hôtel gîte postproduction étalonnage montage "
         "stockage numérique sobriété conseil formation bilan carbone accompagnement régie plateau studio tournage "
         "production audiovisuel cinéma série publicité documentaire animation son mixage costumes accessoires "
         "menuiserie peinture échafaudage grue machinerie transport fret train covoiturage eau gourde vaisselle "
         "lavable consigne énergie verte raccordement réseau électrique sobre écoconception label ecoprod").split()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def organisations_csv(count, rng):
    rows = list(csv.DictReader(open(ROOT / "data" / "geo" / "fr_postcodes.csv", encoding="utf-8")))
    cities = [r for r in rows if r["postcode"][:3] in CITIES]
    weights = [1.0 / (rank + 1) for rank in range(len(WORDS))]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "name", "categories", "postcode", "city", "description", "tags"])
    for index in range(count):
        row = rng.choice(cities) if rng.random() < 1 / 3 else rng.choice(rows)
        city = row["commune_name"] or row["commune"]
        words = rng.choices(WORDS, weights, k=rng.randint(10, 20))
        writer.writerow(["service-provider", f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {city} {index}",
                         "|".join(rng.sample(CATEGORIES, rng.randint(1, 2))), row["postcode"], city, " ".join(words),
                         "|".join(rng.sample(WORDS, 3))])
    return out.getvalue().encode(), rows


def timed(call):
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--signatories", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--c-client", help="benchmarks/build/directory_search: the same searches from C")
    args = parser.parse_args()
    rng = random.Random(2026)
    conn = Connection(args.socket)

    data, places = organisations_csv(args.organisations, rng)
    def upload():
        yield d.ImportOrganisationsRequest(header=d.ImportOrganisationsHeader(file_name="bench.csv"))
        for offset in range(0, len(data), 1 << 20):
            yield d.ImportOrganisationsRequest(chunk=data[offset:offset + (1 << 20)])
    import_seconds, imported = timed(lambda: conn.client_stream(DIRECTORY, "ImportOrganisations", upload(), d.ImportOrganisationsResponse, timeout=600))
    if imported.created < args.organisations * 0.99:
        sys.exit(f"only {imported.created} organisations imported: {imported.rejected_rows[:5]}")

    ids = [o.id for o in conn.server_stream(DIRECTORY, "ListOrganisations", d.ListOrganisationsRequest(page_size=args.organisations), d.Organisation)]
    charter = conn.unary(DIRECTORY, "ListCharters", d.ListChartersRequest(), d.ListChartersResponse).charters[-1]
    valid_until = timestamp_pb2.Timestamp(seconds=int(time.time()) + 300 * 86400)
    for organisation in rng.sample(ids, args.signatories):
        conn.unary(DIRECTORY, "StoreEnrolment", d.StoreEnrolmentRequest(action="activated", enrolment=d.Enrolment(
            organisation_id=organisation, charter_id=charter.id, charter_version=charter.version, state=d.ENROLMENT_STATE_ACTIVE,
            signatory=d.Signatory(name="Bench", role="Gérant"), signed_on="2026-10-01", commitments=["measure-and-report", "energy", "waste"],
            valid_until=valid_until)), d.Enrolment)

    def search(request):
        return lambda: len(list(conn.server_stream(DIRECTORY, "SearchOrganisations", request, d.SearchHit)))
    def text_request(view):
        return d.SearchOrganisationsRequest(text=" ".join(rng.sample(WORDS, rng.randint(1, 2))), view=view)
    def radius_request(view):
        place = rng.choice(places)
        return d.SearchOrganisationsRequest(near_point=d.GeoPoint(latitude=float(place["lat"]), longitude=float(place["lon"])),
                                            radius_km=50, view=view)
    # Warm the caches and the connection; then what a Python client pays to receive 100
    # organisations whatever the search (ListOrganisations of 100).
    for _ in range(100):
        search(text_request(d.ORGANISATION_VIEW_FULL))()
        search(radius_request(d.ORGANISATION_VIEW_FULL))()
    floor = [timed(lambda: len(list(conn.server_stream(DIRECTORY, "ListOrganisations", d.ListOrganisationsRequest(page_size=100), d.Organisation))))
             for _ in range(args.queries)]
    text = [timed(search(text_request(d.ORGANISATION_VIEW_FULL))) for _ in range(args.queries)]
    radius = [timed(search(radius_request(d.ORGANISATION_VIEW_FULL))) for _ in range(args.queries)]
    text_basic = [timed(search(text_request(d.ORGANISATION_VIEW_BASIC))) for _ in range(args.queries)]
    radius_basic = [timed(search(radius_request(d.ORGANISATION_VIEW_BASIC))) for _ in range(args.queries)]

    c_client = {}
    if args.c_client:
        lines = []
        for _ in range(args.queries):
            lines.append("text\t" + text_request(0).text)
            place = rng.choice(places)
            lines.append(f"near\t{place['lat']}\t{place['lon']}\t50")
        ran = subprocess.run([args.c_client, args.socket], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
        c_client = {result["kind"]: result for result in map(json.loads, ran.stdout.splitlines())}

    def fetch(method, request):
        return lambda: sum(len(chunk.data) for chunk in conn.server_stream(SIGNATORIES, method, request, s.MapChunk))
    geojson = [timed(fetch("GetGeoJSON", s.MapRequest())) for _ in range(args.runs)]
    svg = [timed(fetch("RenderMap", s.RenderMapRequest(format=s.MAP_FORMAT_SVG))) for _ in range(args.runs)]

    def ms(values):
        return round(values * 1000, 3)
    def latencies(samples):
        return {"p50_ms": ms(percentile([t for t, _ in samples], 0.5)), "p99_ms": ms(percentile([t for t, _ in samples], 0.99))}
    print(json.dumps({
        "c_client": c_client,
        "client_floor_100_organisations": latencies(floor),
        "text_search_basic_view": latencies(text_basic),
        "radius_50km_basic_view": latencies(radius_basic),
        "organisations": imported.created, "signatories": args.signatories, "import_seconds": round(import_seconds, 2),
        "text_search": {"p50_ms": ms(percentile([t for t, _ in text], 0.5)), "p99_ms": ms(percentile([t for t, _ in text], 0.99)),
                        "mean_hits": round(statistics.mean(h for _, h in text), 1), "target_p99_ms": 5},
        "radius_50km": {"p50_ms": ms(percentile([t for t, _ in radius], 0.5)), "p99_ms": ms(percentile([t for t, _ in radius], 0.99)),
                        "mean_hits": round(statistics.mean(h for _, h in radius), 1), "target_p99_ms": 5},
        "geojson": {"median_ms": ms(statistics.median(t for t, _ in geojson)), "bytes": geojson[0][1], "target_ms": 100},
        "svg": {"median_ms": ms(statistics.median(t for t, _ in svg)), "bytes": svg[0][1], "target_ms": 300},
    }, indent=1))


if __name__ == "__main__":
    main()
