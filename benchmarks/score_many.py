#!/usr/bin/env python3
"""Scoring/ScoreMany end to end through the socket: seeds N productions through the
Label service, then times streaming a ScoreReport for every one of them.

usage: score_many.py SOCKET [--productions N] [--runs R] [--assessed K]
Prints one JSON object. Seeding goes through the daemon like any client (every
write durable and in history), so it takes a while; it is not what is timed.
"""
import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "clients" / "python" / "src"))
from ecoprod_client import Connection, label_pb2, scoring_pb2  # noqa: E402

LABEL = "ecoprod.label.v1.Label"
SCORING = "ecoprod.scoring.v1.Scoring"
KINDS = [label_pb2.PRODUCTION_KIND_FEATURE_FILM, label_pb2.PRODUCTION_KIND_SERIES,
         label_pb2.PRODUCTION_KIND_DOCUMENTARY, label_pb2.PRODUCTION_KIND_ADVERTISEMENT]
STATUSES = [label_pb2.CRITERION_STATUS_DONE, label_pb2.CRITERION_STATUS_IN_PROGRESS,
            label_pb2.CRITERION_STATUS_DONE, label_pb2.CRITERION_STATUS_NOT_APPLICABLE]


def seed(conn, count, assessed, threads=4):
    """Creates `count` productions; gives `assessed` of them 30 criteria of varied status."""
    rng = random.Random(2308)
    created = []
    lock = threading.Lock()

    def create(indexes):
        for i in indexes:
            production = conn.unary(LABEL, "CreateProduction", label_pb2.CreateProductionRequest(
                framework_id="ecoprod-label",
                details=label_pb2.ProductionDetails(title=f"slate {i}", kind=KINDS[i % len(KINDS)],
                                                    company_id="bench-studio")), label_pb2.Production)
            with lock:
                created.append(production)

    workers = [threading.Thread(target=create, args=(range(t, count, threads),)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    grid = conn.unary(LABEL, "GetAssessment", label_pb2.GetAssessmentRequest(production_id=created[0].id),
                      label_pb2.ProductionAssessment)
    framework = conn.unary(LABEL, "GetFramework", label_pb2.GetFrameworkRequest(id="ecoprod-label"),
                           label_pb2.Framework)
    mandatory = {c.id for c in framework.criteria if c.mandatory}
    ids = [c.criterion_id for c in grid.criteria]
    for production in created[:assessed]:
        revision = production.revision
        for criterion in rng.sample(ids, 30):
            status = rng.choice(STATUSES)
            if status == label_pb2.CRITERION_STATUS_NOT_APPLICABLE and criterion in mandatory:
                status = label_pb2.CRITERION_STATUS_DONE
            update = label_pb2.UpdateCriterionRequest(
                production_id=production.id, criterion_id=criterion, expected_revision=revision,
                criterion=label_pb2.CriterionAssessment(status=status, justification="not on this shoot"))
            update.update_mask.paths.extend(["status", "justification"])
            revision = conn.unary(LABEL, "UpdateCriterion", update, label_pb2.UpdateCriterionResponse).revision
    return len(created)


def score_many(conn):
    started = time.perf_counter()
    reports = 0
    for _ in conn.server_stream(SCORING, "ScoreMany", scoring_pb2.ScoreManyRequest(), scoring_pb2.ScoreReport,
                                timeout=120):
        reports += 1
    return reports, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("--productions", type=int, default=10000)
    parser.add_argument("--assessed", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with Connection(args.socket, timeout=120) as conn:
        seeding = time.perf_counter()
        seeded = seed(conn, args.productions, args.assessed)
        seeding = time.perf_counter() - seeding
        score_many(conn)  # warm-up: framework cache, page cache
        runs = [score_many(conn) for _ in range(args.runs)]
    counts = {count for count, _ in runs}
    seconds = [elapsed for _, elapsed in runs]
    print(json.dumps({
        "productions": seeded, "assessed": args.assessed, "seeding_seconds": round(seeding, 1),
        "reports_per_run": sorted(counts), "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3), "target_seconds": 1.0,
    }))


if __name__ == "__main__":
    main()
