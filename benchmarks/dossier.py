#!/usr/bin/env python3
"""Afnor/BuildDossier of a production with 1 GiB of evidence through the socket: the
daemon's resident memory growth while it builds (sampled every 5 ms from /proc), and its
throughput against `zip -0 -r` archiving the same files, in one run.

usage: dossier.py SOCKET DAEMON_PID WORKDIR [--files N] [--mib M] [--runs R]
Uploads N files of random bytes totalling M MiB (not timed), links them to the criteria
of a production of the shipped draft grid, then alternates R dossier builds (streamed to
a file, as ecoprodctl does) with R runs of `zip -0 -r -q` over a directory holding the
same files. Prints one JSON object.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "clients" / "python" / "src"))
from ecoprod_client import Connection, label_pb2  # noqa: E402
from ecoprod_client._proto.ecoprod.afnor.v1 import afnor_pb2  # noqa: E402

LABEL = "ecoprod.label.v1.Label"
CHUNK = 1 << 20


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def seed(conn, workdir, files, mib):
    framework = conn.unary(LABEL, "GetFramework", label_pb2.GetFrameworkRequest(id="ecoprod-label"), label_pb2.Framework)
    production = conn.unary(LABEL, "CreateProduction", label_pb2.CreateProductionRequest(
        framework_id="ecoprod-label", details=label_pb2.ProductionDetails(title="bench", kind=label_pb2.PRODUCTION_KIND_FEATURE_FILM)),
        label_pb2.Production)
    evidence_dir = workdir / "evidence"
    evidence_dir.mkdir()
    size = mib * (1 << 20) // files
    by_criterion = {}
    for n in range(files):
        data = os.urandom(size)
        path = evidence_dir / f"piece-{n:04d}.bin"
        path.write_bytes(data)

        def messages():
            yield label_pb2.UploadEvidenceRequest(header=label_pb2.EvidenceHeader(
                name=path.name, media_type="application/octet-stream", expected_size=size))
            for start in range(0, size, CHUNK):
                yield label_pb2.UploadEvidenceRequest(chunk=data[start:start + CHUNK])

        evidence = conn.client_stream(LABEL, "UploadEvidence", messages(), label_pb2.Evidence)
        criterion = framework.criteria[n % len(framework.criteria)].id
        by_criterion.setdefault(criterion, []).append(evidence.sha256)
    revision = production.revision
    for criterion, hashes in by_criterion.items():
        revision = conn.unary(LABEL, "UpdateCriterion", label_pb2.UpdateCriterionRequest(
            production_id=production.id, criterion_id=criterion, expected_revision=revision, add_evidence_sha256=hashes),
            label_pb2.UpdateCriterionResponse).revision
    return production.id, evidence_dir, size * files


def build(conn, production, target, pid):
    peak = [rss_kib(pid)]
    before = peak[0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    with open(target, "wb") as out:
        for chunk in conn.server_stream("ecoprod.afnor.v1.Afnor", "BuildDossier", afnor_pb2.BuildDossierRequest(
                production_id=production, stage=afnor_pb2.STAGE_INTERMEDIATE, force=True), afnor_pb2.DossierChunk):
            out.write(chunk.data)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return seconds, (peak[0] - before) / 1024, os.path.getsize(target)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("pid", type=int)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with Connection(args.socket, timeout=600) as conn:
        production, evidence_dir, evidence_bytes = seed(conn, args.workdir, args.files, args.mib)
        ours, theirs, growth = [], [], []
        for run in range(args.runs):
            seconds, grew, size = build(conn, production, args.workdir / "dossier.zip", args.pid)
            ours.append(seconds)
            growth.append(grew)
            target = args.workdir / "zip.zip"
            target.unlink(missing_ok=True)
            started = time.perf_counter()
            subprocess.run(["zip", "-0", "-r", "-q", str(target), "evidence"], cwd=args.workdir, check=True)
            theirs.append(time.perf_counter() - started)
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(json.dumps({
        "files": args.files, "evidence_bytes": evidence_bytes, "dossier_bytes": size,
        "seconds": [round(s, 3) for s in ours], "zip_seconds": [round(s, 3) for s in theirs],
        "median_seconds": round(statistics.median(ours), 3), "zip_median_seconds": round(statistics.median(theirs), 3),
        "throughput_ratio": round(ratio, 3), "target_throughput_ratio": 0.5,
        "rss_growth_mib": [round(g, 1) for g in growth], "max_rss_growth_mib": round(max(growth), 1), "target_rss_growth_mib": 64,
    }))


if __name__ == "__main__":
    main()
