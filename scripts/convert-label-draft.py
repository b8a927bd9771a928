#!/usr/bin/env python3
"""Converts the research draft of the Ecoprod Label grid into an ecoprodd framework file.

usage: scripts/convert-label-draft.py [SOURCE.json] [OUTPUT.json]

SOURCE defaults to ../shared/reference/label/ecoprod-label-draft.json (the project's
reference material), OUTPUT to data/frameworks/ecoprod-label-draft.json. The output is
the proto3 JSON mapping of ecoprod.label.v1.Framework (Protos/ecoprod/label/v1/label.proto),
written deterministically so a re-run shows only real changes.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/label/ecoprod-label-draft.json"
OUTPUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data/frameworks/ecoprod-label-draft.json"

draft = json.loads(SOURCE.read_text(encoding="utf-8"))
model = draft["scoring_model_for_daemon"]
thresholds = model["thresholds"]
stars = model["stars"]["placeholder_thresholds_percent"]

sections = {}
for action in draft["actions"]:
    sections.setdefault(action["category_code"], {
        "code": action["category_code"], "title": action["category_en"], "titleFr": action["category_fr"],
    })

criteria = []
for action in draft["actions"]:
    criterion = {
        "id": action["id"],
        "section": action["category_code"],
        "stage": action["stage"],
        "title": action["title"],
        "points": action["points"],
        "evidenceKinds": action["evidence_types"],
    }
    if action["mandatory"]:
        criterion["mandatory"] = True
    if action.get("notes"):
        criterion["notes"] = f"{action['notes']} (confidence: {action['confidence']})"
    criteria.append(criterion)

framework = {
    "id": "ecoprod-label",
    "version": "2022.12-draft",
    "title": "Ecoprod Label reference framework",
    "draft": True,
    "draftNotice": (
        "DRAFT: the 10 sections, the 65 % and 70 % thresholds and the rule that all 8 mandatory "
        "criteria must be met are Ecoprod's; the 80 criteria, their points and which 8 are mandatory "
        "are a representative reconstruction, not the official grid, and the star thresholds "
        f"({stars['1']} / {stars['2']} / {stars['3']} %) are placeholders. "
        "Not applicable criteria leave the denominator (an assumption). Import the official grid before any real use."
    ),
    "source": "https://ecoprod.com/referentiel-label-ecoprod/ (sections, thresholds, mandatory rule); "
              "criteria reconstructed by the ecoprodd project from Ecoprod's public pages, 2026-11",
    "licence": "Facts from ecoprod.com; the reconstruction is the ecoprodd project's, under the project's licence",
    "rule": "SCORING_RULE_POINTS",
    "stages": draft["stages"],
    "sections": [sections[code] for code in sorted(sections)],
    "criteria": criteria,
    "schemes": [
        {"id": "performance", "title": "Performance", "thresholdPercent": thresholds["performance"]},
        {"id": "commitment", "title": "With a Commitment phase", "thresholdPercent": thresholds["with_commitment_phase"]},
    ],
    "stars": [{"stars": int(level), "thresholdPercent": stars[level]} for level in sorted(stars)],
}

OUTPUT.parent.mkdir(parents=True, exist_ok=True)
OUTPUT.write_text(json.dumps(framework, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"{OUTPUT}: {len(criteria)} criteria in {len(sections)} sections, "
      f"{sum(c.get('mandatory', False) for c in criteria)} mandatory, {sum(c['points'] for c in criteria)} points")
