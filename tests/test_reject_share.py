"""The rejected-row limit ([input] max_rejected_share, default 2 %): a file whose share of
quarantined rows is above it refuses the whole input (too_many_rejected) once the build knows
the share; at or below it the run publishes with those rows quarantined.

The clean base (tests/bad_inputs/base_inputs.py) has 120 survey rows: 3 broken rows are
3/120 = 2.5 % (just above the limit), 2 are 1.7 % (just below). The only other case of the
corpus, too_many_rejected, has 10 of 120 (8.3 %), far from the limit.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipelines.settings import Settings
from tests.conftest import inprocess_run, write_clean_inputs

# response ids whose EX1 answer is set to 7, outside the 1-5 scale: a row rule, quarantined
BROKEN = ["R0030", "R0061", "R0095"]


def inputs_with_broken_rows(folder: Path, count: int) -> Path:
    data = write_clean_inputs(folder)
    path = data / "survey.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    col = header.index("EX1")
    for row in body:
        if row[0] in BROKEN[:count]:
            row[col] = "7"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return data


def survey_entry(outcome) -> dict:
    return next(f for f in outcome.summary["files"] if f["path"] == "survey.csv")


def test_default_limit_is_two_percent():
    assert Settings().input.max_rejected_share == 0.02


def test_a_rejected_share_just_above_the_limit_is_refused(tmp_path):
    """3 of 120 rows = 2.5 % > 2 %: refused with too_many_rejected, nothing published."""
    assert Settings().input.max_rejected_share < 3 / 120
    data = inputs_with_broken_rows(tmp_path / "in", 3)
    db = tmp_path / "out" / "draagkracht.duckdb"
    outcome = inprocess_run(data, db)
    assert outcome.status == "refused", outcome.summary.get("refusals")
    assert outcome.exit_code == 1
    refusals = outcome.summary["refusals"]
    assert [(r["file"], r["rule"], r["column"]) for r in refusals] == [
        ("survey.csv", "too_many_rejected", "EX1")]
    assert refusals[0]["line"] == 31  # R0030: the first broken row, after the header
    assert "3 of 120 rows (2.5%)" in refusals[0]["message"]
    survey = survey_entry(outcome)
    assert (survey["rows_read"], survey["rows_loaded"], survey["rows_rejected"]) == (120, 117, 3)
    assert not db.exists()


def test_a_rejected_share_just_below_the_limit_is_published(tmp_path):
    """2 of 120 rows = 1.7 % <= 2 %: published, the two rows quarantined."""
    assert Settings().input.max_rejected_share >= 2 / 120
    data = inputs_with_broken_rows(tmp_path / "in", 2)
    db = tmp_path / "out" / "draagkracht.duckdb"
    outcome = inprocess_run(data, db)
    assert outcome.status == "published", outcome.summary.get("refusals")
    assert outcome.exit_code == 0
    survey = survey_entry(outcome)
    assert (survey["rows_read"], survey["rows_loaded"], survey["rows_rejected"]) == (120, 118, 2)
    assert db.exists()



def test_a_row_that_breaks_two_rules_is_one_row_in_the_share(tmp_path):
    """Three rows broken, one of them in two columns: the share counts 3 rows, the rule
    counts 4 breaches, and the message says that a row can break several rules."""
    data = inputs_with_broken_rows(tmp_path / "in", 3)
    path = data / "survey.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index("EX2")
    for row in rows[1:]:
        if row[0] == BROKEN[0]:
            row[col] = "9"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    outcome = inprocess_run(data, tmp_path / "out" / "draagkracht.duckdb")
    assert outcome.status == "refused"
    message = outcome.summary["refusals"][0]["message"]
    assert "3 of 120 rows (2.5%)" in message
    assert "rules broken (a row can break several): range (4)" in message
    assert (survey_entry(outcome)["rows_rejected"]) == 3
