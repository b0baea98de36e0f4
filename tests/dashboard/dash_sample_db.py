"""A small published database for dashboard tests: meta tables in the pipeline's shape.

Three departments with distinctive ids and names, so that a leak of another department into a
manager's view can be searched for as a plain string.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

DEPARTMENTS = {
    "D-ZRG": "Zorg Noordvleugel",
    "D-ICT": "Informatievoorziening",
    "D-FIN": "Financiële Administratie",
}
TEAMS = [  # team_id, team_name, department_id, headcount
    ("T-ZRG-1", "Verpleging Oost", "D-ZRG", 14),
    ("T-ZRG-2", "Nachtdienst", "D-ZRG", 9),
    ("T-ZRG-3", "Dagbesteding", "D-ZRG", 4),
    ("T-ICT-1", "Servicedesk", "D-ICT", 12),
    ("T-ICT-2", "Ontwikkelteam", "D-ICT", 8),
    ("T-FIN-1", "Crediteuren", "D-FIN", 11),
    ("T-FIN-2", "Salarisadministratie", "D-FIN", 6),
]
MONTHS = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, m, 1) for m in range(1, 7)]


def org_structure() -> pd.DataFrame:
    rows = []
    for team_id, name, dep, hc in TEAMS:
        for m in MONTHS:
            rows.append({"team_id": team_id, "team_name": name, "department_id": dep,
                         "department_name": DEPARTMENTS[dep], "month": m, "headcount": hc,
                         "fte": round(hc * 0.85, 2)})
    return pd.DataFrame(rows)


def meta_tables(build_id: str) -> dict[str, pd.DataFrame]:
    runs = pd.DataFrame([
        {"run_id": "r1", "started_at": "2025-07-01T08:00:00+00:00",
         "finished_at": "2025-07-01T08:00:09+00:00", "status": "refused", "build_id": None,
         "as_of": "2025-06-30", "data_dir": "", "n_files": 3, "rows_read": 100,
         "rows_loaded": 0, "rows_rejected": 0, "n_refusals": 1,
         "message": "absence.csv: column 'diagnose' holds health content (diagnosis)"},
        {"run_id": "r2", "started_at": "2025-07-02T08:00:00+00:00",
         "finished_at": "2025-07-02T08:00:12+00:00", "status": "published",
         "build_id": build_id, "as_of": "2025-06-30", "data_dir": "", "n_files": 3,
         "rows_read": 1200, "rows_loaded": 1197, "rows_rejected": 3, "n_refusals": 0,
         "message": ""},
    ])
    validation = pd.DataFrame([
        {"run_id": "r2", "source": "survey", "expectation": "expect_column_values_to_be_between",
         "column": "WL1", "rule": "range", "element_count": 400, "unexpected_count": 2,
         "success": False},
        {"run_id": "r2", "source": "org", "expectation": "expect_column_values_to_not_be_null",
         "column": "team_id", "rule": "required", "element_count": 126, "unexpected_count": 0,
         "success": True},
    ])
    files = pd.DataFrame([
        {"build_id": build_id, "file": "org.csv", "kind": "org", "sha256": "ab" * 32,
         "encoding": "utf-8", "delimiter": ",", "decimal": ".", "date_format": "iso",
         "dialect_notes": "{}", "dropped_columns": "", "rows_read": 126, "rows_loaded": 126,
         "rows_rejected": 0},
        {"build_id": build_id, "file": "survey_2025.csv", "kind": "survey", "sha256": "cd" * 32,
         "encoding": "cp1252", "delimiter": ";", "decimal": ",", "date_format": "dmy",
         "dialect_notes": "{}", "dropped_columns": "", "rows_read": 400, "rows_loaded": 397,
         "rows_rejected": 3},
    ])
    rejected = pd.DataFrame([
        {"build_id": build_id, "file": "survey_2025.csv", "line": 17, "column": "WL1",
         "rule": "range", "message": "value outside the allowed range"},
        {"build_id": build_id, "file": "survey_2025.csv", "line": 230, "column": "WL1",
         "rule": "range", "message": "value outside the allowed range"},
        {"build_id": build_id, "file": "survey_2025.csv", "line": 301, "column": "team_id",
         "rule": "unknown_team", "message": "team_id is not in org.csv for that month"},
    ])
    info = pd.DataFrame([{"build_id": build_id, "as_of": date(2025, 6, 30),
                          "pipeline_version": "0.1.0", "instrument_name": "draagkracht-pulse",
                          "instrument_version": "1.0", "instrument_source": "builtin",
                          "settings_source": "defaults"}])
    scales = pd.DataFrame([
        {"scale_id": "workload", "block": "demands", "label_nl": "Werkdruk",
         "label_en": "Workload", "min_value": 1, "max_value": 5, "cutoff_at_risk": None,
         "cutoff_very_high": None, "n_items": 3},
        {"scale_id": "exhaustion", "block": "strain", "label_nl": "Uitputting",
         "label_en": "Exhaustion", "min_value": 1, "max_value": 5, "cutoff_at_risk": 3.05,
         "cutoff_very_high": 3.31, "n_items": 3},
    ])
    params = pd.DataFrame([
        {"section": "anonymity", "name": "k_absence", "value": 10.0},
        {"section": "anonymity", "name": "k_survey", "value": 5.0},
    ])
    return {"runs": runs, "validation_runs": validation, "input_files": files,
            "rejected_rows": rejected, "build_info": info, "org_structure": org_structure(),
            "instrument_scales": scales, "params": params}


def write_db(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write a database the way the pipeline publishes: temporary file, close, replace."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name, frame in tables.items():
            con.register("_f", frame)
            con.execute(f"create table {name} as select * from _f")
            con.unregister("_f")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, path)


def build_sample_db(path: Path, build_id: str = "b0000000000000001") -> Path:
    write_db(path, meta_tables(build_id))
    return path
