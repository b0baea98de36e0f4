"""Real survey data (Bliese lq2002) loaded unedited through an instrument and column mapping."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipelines.publish import Layout
from pipelines.run import run_pipeline
from tests.support import query

ROOT = Path(__file__).resolve().parents[1]
LQ = ROOT.parent / "shared" / "external-data" / "bliese_army_multilevel" / "lq2002.csv"
pytestmark = pytest.mark.skipif(not LQ.exists(), reason="shared/external-data not present")


def lq_folder(folder: Path, config: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(LQ, folder / "survey_lq2002.csv")
    for name in ("instrument.toml", "draagkracht.toml"):
        shutil.copy(ROOT / "data_samples" / "lq2002" / name, folder / name)
    if config:
        with open(folder / "draagkracht.toml", "a", encoding="utf-8") as fh:
            fh.write(config)
    with open(LQ, newline="", encoding="utf-8") as fh:
        counts = Counter(r["COMPID"] for r in csv.DictReader(fh))
    with open(folder / "org.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["team_id", "team_name", "department_id", "department_name", "month",
                    "headcount", "fte"])
        for comp, n in sorted(counts.items(), key=lambda x: int(x[0])):
            dept = f"B{(int(comp) - 1) // 10 + 1}"
            w.writerow([comp, f"Company {comp}", dept, f"Battalion {dept}", "2002-01-01", n, n])
    return folder


def test_lq2002_loads_unedited_through_mapping_and_instrument(tmp_path):
    db = tmp_path / "d.duckdb"
    result = run_pipeline(lq_folder(tmp_path / "lq"), db)
    assert result.status == "published", result.refusals
    survey = next(f for f in result.files if f["kind"] == "survey")
    assert (survey["rows_read"], survey["rows_loaded"], survey["rows_rejected"]) == (2042, 2042, 0)
    assert sorted(survey["dropped_columns"]) == sorted(
        ["LEAD", "TSIG", "HOSTILE", "GLEAD", "GTSIG", "GHOSTILE"])
    work = Layout(db).work_db
    assert query(work, "select count(distinct team_id) from stg_survey_responses")[0][0] == 49
    # Hostility is on 0-4 and every answer is kept, zeros included.
    assert query(work, "select min(value), max(value) from stg_survey_answers "
                       "where item like 'HOSTIL%'")[0] == (0, 4)
