#!/usr/bin/env python3
"""Builds data/factors/ecoprod-reference-draft.json, the shipped emission factor set, from the
project's research file (../shared/reference/carbon/emission_factors.json), in the JSON mapping of
ecoprod.carbon.v1.FactorSet.

usage: scripts/convert-reference-factors.py [SOURCE] [OUTPUT]

The research file grades each value's confidence but gives no uncertainty; the set maps the
grades to Base Carbone's uncertainty classes (high 10 %, medium 30 %, low 50 %) and says so in
its draft notice.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/carbon/emission_factors.json"
OUTPUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data/factors/ecoprod-reference-draft.json"
UNCERTAINTY = {"high": 10, "medium": 30, "low": 50}

research = json.loads(SOURCE.read_text(encoding="utf-8"))
factors = []
for entry in research["factors"]:
    factor = {
        "id": entry["id"],
        "nameEn": entry["label"],
        "unit": entry["unit"],
        "kgCo2ePerUnit": entry["kgco2e_per_unit"],
        "uncertaintyPercent": UNCERTAINTY[entry["confidence"]],
        "geography": entry["geography"],
        "sourceReference": f'{entry["source"]}; {entry["source_ref"]}; {entry["year"]}'
                           + (f'; {entry["notes"]}' if entry.get("notes") else ""),
    }
    factors.append(factor)

factor_set = {
    "id": "ecoprod-reference",
    "version": "2025.1-draft",
    "title": "Reference emission factors for screen production (French ADEME values, UK DESNZ where none)",
    "source": "ADEME open data (Base Carbone / Base Empreinte lines quoted by ADEME's Impact CO2 and "
              "Nos Gestes Climat), UK DESNZ GHG Conversion Factors 2025, SEA PEAR",
    "licence": "ADEME values: Licence Ouverte 2.0; DESNZ: Open Government Licence v3.0; "
               "some Base Empreinte lines derived from ecoinvent are not freely reusable",
    "draft": True,
    "draftNotice": "Collected from public sources, not Carbon'Clap's own table (which is not public). "
                   "Uncertainties are the research file's confidence grades mapped to 10/30/50 %. "
                   "Import ADEME's Base Carbone export for audited work. " + research["unit_convention"],
    "factors": factors,
}
OUTPUT.parent.mkdir(parents=True, exist_ok=True)
OUTPUT.write_text(json.dumps(factor_set, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {OUTPUT} ({len(factors)} factors)")
