"""Suppression memory through the pipeline: a second run keeps hidden what the published
database hides; ``--forget-suppression`` judges afresh; an unreadable published database
stops the run instead of being ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import cli_run, inprocess_run, sha256_file
from tests.support import query, small_org

CUT = "2024-04-01"  # the partial export of build 2 ends before this month
TEAM_TABLES = {"survey": ("team_wave_scores", "wave"),
               "absence": ("team_month_absence", "month")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """Build 1 on a generated organisation; then a corrected folder (every survey response
    entered twice under new ids, every absence row but the first withdrawn) built over it once with the
    memory and once with ``--forget-suppression``."""
    root = tmp_path_factory.mktemp("memory")
    first = small_org(root / "first", employees=400, months=6, seed=11)
    second = root / "second"
    shutil.copytree(first, second)
    for survey in second.glob("survey*.csv"):
        s = pd.read_csv(survey, dtype=str, keep_default_na=False)
        copy = s.assign(response_id=s["response_id"] + "b")
        pd.concat([s, copy]).to_csv(survey, index=False)
    for absence in second.glob("absence*.csv"):
        a = pd.read_csv(absence, dtype=str, keep_default_na=False)
        a.iloc[:1].to_csv(absence, index=False)
    partial = root / "partial"  # the first three months only
    shutil.copytree(first, partial)
    org = pd.read_csv(partial / "org.csv", dtype=str, keep_default_na=False)
    org[org["month"] < CUT].to_csv(partial / "org.csv", index=False)
    for survey in partial.glob("survey*.csv"):
        s = pd.read_csv(survey, dtype=str, keep_default_na=False)
        s[s["wave"] < CUT].to_csv(survey, index=False)
    for absence in partial.glob("absence*.csv"):
        a = pd.read_csv(absence, dtype=str, keep_default_na=False)
        a = a[a["start_date"] < CUT].copy()
        a.loc[a["end_date"] >= CUT, "end_date"] = ""  # still absent at the cut
        a.to_csv(absence, index=False)
    out = {}
    db1 = root / "kept" / "d.duckdb"
    out["initial"] = inprocess_run(first, db1)
    assert out["initial"].status == "published"
    shutil.copytree(db1.parent, root / "via_partial")
    out["via_partial_db"] = db3 = root / "via_partial" / "d.duckdb"
    out["partial"] = inprocess_run(partial, db3)
    out["via_partial"] = inprocess_run(second, db3)
    shutil.copytree(db1.parent, root / "forgot")
    db2 = root / "forgot" / "d.duckdb"
    out["first"] = db1.with_name("first.duckdb")
    shutil.copy(db1, out["first"])
    out["kept"] = inprocess_run(second, db1)
    out["forgot"] = cli_run(second, db2, "--forget-suppression")
    out["kept_db"], out["forgot_db"] = db1, db2
    out["first_dir"], out["second_dir"], out["root"] = first, second, root
    return out


def _hidden(db: Path, figure: str = "figures") -> set[tuple]:
    return set(query(db, """select source, period, unit_kind, unit_id from suppressed_cells
                            where figure = ?""", [figure]))


def _all_cells(db: Path) -> set[tuple]:
    return set(query(db, "select source, period, unit_kind, unit_id, figure "
                         "from suppressed_cells"))


def _shown(db: Path, source: str, figure: str = "figures") -> set[tuple]:
    """(source, period, unit_kind, unit_id) that the marts publish with ``figure``."""
    period = {"survey": "wave", "absence": "month"}[source]
    tables = {"survey": ("team_wave_scores", "department_wave_scores", "org_wave_scores"),
              "absence": ("team_month_absence", "department_month_absence",
                          "org_month_absence")}[source]
    cond = "not suppressed" + {"figures": "", "counts": " and not counts_suppressed",
                               "details": " and not detail_suppressed"}[figure]
    rows = query(db, f"select {period}, unit_kind, team_id from {tables[0]} where {cond}")
    rows += query(db, f"select {period}, 'department', department_id from {tables[1]} "
                      f"where {cond}")
    rows += query(db, f"select {period}, 'organisation', 'organisation' from {tables[2]} "
                      f"where {cond}")
    return {(source, *r) for r in rows}


def _team_hidden(db: Path, source: str) -> set[tuple]:
    table, period = TEAM_TABLES[source]
    return {(source, p, "team", t) for p, t in query(
        db, f"select {period}, team_id from {table} where unit_kind = 'team' and suppressed")}


def test_what_was_hidden_stays_hidden(builds):
    assert builds["kept"].status == builds["forgot"].status == "published"
    before = _hidden(builds["first"])
    assert {s for s, *_ in before} == {"survey", "absence"}
    assert before <= _hidden(builds["kept_db"])
    for source in TEAM_TABLES:  # the marts publish none of it
        assert not before & _shown(builds["kept_db"], source)
        teams = {c for c in before if c[0] == source and c[2] == "team"}
        assert teams and teams <= _team_hidden(builds["kept_db"], source)
    for figure in ("counts", "details"):  # nor the counts and details withheld before
        withheld = _hidden(builds["first"], figure)
        assert withheld
        assert not withheld & _shown(builds["kept_db"], "absence", figure)


def test_forgetting_judges_afresh_and_the_report_counts_the_difference(builds):
    before = _hidden(builds["first"])
    fresh = _hidden(builds["forgot_db"])
    assert before - fresh, "the correction must un-hide something, or this test shows nothing"
    memory = builds["kept"].summary["suppression_memory"]
    assert memory["from_build"] == query(builds["first"], "select build_id from build_info")[0][0]
    assert memory["cells"] == query(builds["first"], "select count(*) from suppressed_cells")[0][0]
    for source in TEAM_TABLES:
        kept_only = _team_hidden(builds["kept_db"], source) - _team_hidden(builds["forgot_db"],
                                                                          source)
        assert kept_only, source
        assert memory["applied"][source]["teams_kept_hidden"] == len(kept_only)
        new = {c for c in _all_cells(builds["kept_db"]) - _all_cells(builds["first"])
               if c[0] == source}
        assert memory["applied"][source]["newly_withheld"] == len(new)
    assert builds["forgot"].summary["suppression_memory"]["note"].startswith("forgotten")
    report = Path(builds["kept"].summary["report"]).read_text(encoding="utf-8")
    assert f"{memory['cells']} withheld cells" in report
    # the first build carries nothing, and its report says only that
    first = Path(builds["initial"].summary["report"]).read_text(encoding="utf-8")
    assert "- suppression memory: nothing published yet\n" in first


def test_periods_a_partial_build_left_out_are_remembered(builds):
    """Build 1 (six months), build 2 (a partial export: three months), build 3 (corrected,
    six months): the months after the cut were last published by build 1, and stay hidden."""
    assert builds["partial"].status == builds["via_partial"].status == "published"
    before = _hidden(builds["first"])
    late = {c for c in before if str(c[1]) >= CUT}
    assert late
    assert before <= _hidden(builds["via_partial_db"])
    for source in TEAM_TABLES:
        assert not late & _shown(builds["via_partial_db"], source)
    memory = builds["via_partial"].summary["suppression_memory"]
    assert memory["earlier_only"] > 0  # what build 2 no longer covered came from build 1
    # and the forgetting build shows some of those late cells again: the test can fail
    assert late - _hidden(builds["forgot_db"])


def test_a_rollback_of_the_published_file_forgets_nothing(builds):
    """first -> fewer responses (hides more) -> the published file rolled back to its
    .previous copy -> the corrected folder: what the rolled-back build hid stays hidden."""
    root = builds["root"]
    fewer = root / "fewer"
    shutil.copytree(builds["first_dir"], fewer)
    for survey in fewer.glob("survey*.csv"):
        s = pd.read_csv(survey, dtype=str, keep_default_na=False)
        s.iloc[::2].to_csv(survey, index=False)
    db = root / "rollback" / "d.duckdb"
    assert inprocess_run(builds["first_dir"], db).status == "published"
    assert inprocess_run(fewer, db).status == "published"
    rolled_back = root / "rolled_back.duckdb"
    shutil.copy(db, rolled_back)
    shutil.copy(db.with_name("d.previous.duckdb"), db)  # the documented rollback
    assert inprocess_run(builds["second_dir"], db).status == "published"
    hidden_then = _hidden(rolled_back)
    assert hidden_then - _hidden(builds["first"]), "fewer responses must hide more"
    assert hidden_then <= _hidden(db)
    for source in TEAM_TABLES:
        assert not hidden_then & _shown(db, source)


def test_an_unreadable_published_database_stops_the_run(tmp_path, clean_inputs):
    db = tmp_path / "d.duckdb"
    db.write_bytes(b"this is not a DuckDB file\n" * 100)
    before = sha256_file(db)
    outcome = inprocess_run(clean_inputs, db)
    assert outcome.status == "refused"
    [r] = outcome.summary["refusals"]
    assert r["rule"] == "previous_build_unreadable" and "--forget-suppression" in r["message"]
    assert sha256_file(db) == before


def test_the_run_reports_the_closure_audit(builds):
    """`--json` and the run report say what the closure audit withheld (docs/scoring.md)."""
    audit = builds["forgot"].summary["closure_audit"]
    assert set(audit) == {"rounds", "withheld_counts", "withheld_details", "withheld_figures",
                          "unresolved", "unaudited_departments"}
    assert audit["rounds"] >= 1 and audit["unresolved"] == audit["unaudited_departments"] == 0
    report = Path(builds["forgot"].summary["report"]).read_text(encoding="utf-8")
    assert "- closure audit: " in report


def _visible_levels(db: Path) -> set[tuple]:
    """(period, unit_kind, unit_id, figure) of the absence figures this published build shows
    for teams, departments and the organisation: 'figures' (the rates), 'counts' (those and
    the meldingsfrequentie), 'details' (all of them)."""
    out = set()
    for level, shown_as in (("figures", "figures"), ("counts", "counts"),
                            ("details", "details")):
        counts_too = set() if level == "figures" else _shown(db, "absence", "counts")
        for _, period, kind, unit in _shown(db, "absence", shown_as):
            if kind != "pool" and (level == "figures"
                                   or ("absence", period, kind, unit) in counts_too):
                out.add((pd.Timestamp(period), kind, unit, level))
    return out


def test_what_an_earlier_build_showed_stays_known_after_a_later_one_withheld_it(builds):
    """Build 1 shows a figure; build 2 (a correction: fewer people in some teams, half the
    spells withdrawn) withholds it; build 3 reads the memory. A viewer who kept build 1 still
    knows the figure, so build 3's closure audit must count it as published
    (``Prior.published``), not as withheld because build 2 withheld it."""
    from pipelines.publish import Layout
    from pipelines.scoring.suppression_memory import Prior
    root = builds["root"]
    corrected = root / "shown_corrected"
    shutil.copytree(builds["first_dir"], corrected)
    org = pd.read_csv(corrected / "org.csv", dtype=str, keep_default_na=False)
    small = sorted(org["team_id"].unique())[::3]
    cut = org["team_id"].isin(small) & (org["month"] >= "2024-03-01")
    org.loc[cut, ["headcount", "fte"]] = ["8", "7.2"]
    org.to_csv(corrected / "org.csv", index=False)
    for absence in corrected.glob("absence*.csv"):
        a = pd.read_csv(absence, dtype=str, keep_default_na=False)
        a.iloc[::2].to_csv(absence, index=False)
    db = root / "shown" / "d.duckdb"
    shown = []
    for folder in (builds["first_dir"], corrected, corrected):
        outcome = inprocess_run(folder, db)
        assert outcome.status == "published", outcome.summary.get("refusals")
        shown.append(_visible_levels(db))
    withdrawn = shown[0] - shown[1]
    assert {f for *_, f in withdrawn} == {"figures", "counts", "details"}, \
        "the correction must withhold figures of every level that build 1 showed"
    con = duckdb.connect(str(Layout(db).work_db), read_only=True)  # build 3's memory
    try:
        prior = Prior.load(con, "absence")
        units = con.execute("select distinct month, unit_kind, unit_id "
                            "from int_absence_units_measured where unit_kind <> 'pool'").fetchall()
    finally:
        con.close()
    known = shown[0] | shown[1]
    for month, kind, unit in units:
        for level in ("figures", "counts", "details"):
            cell = (pd.Timestamp(month), kind, unit, level)
            assert prior.published(month, level, kind, unit) == (cell in known), cell


def test_a_build_of_a_version_without_suppressed_cells_does_not_count_as_showing_all(builds,
                                                                                     tmp_path):
    """A published database of a version without ``suppressed_cells`` (and a working database
    of that version) says nothing about what it withheld: its units must not make every
    figure of it count as published (the review of stop 17)."""
    from pipelines.publish import Layout
    from pipelines.scoring.suppression_memory import Prior

    db = tmp_path / "d.duckdb"
    assert inprocess_run(builds["first_dir"], db).status == "published"
    withheld = _hidden(db)  # (source, period, unit_kind, unit_id) whose figures it hid
    for path in (db, Layout(db).work_db):
        con = duckdb.connect(str(path))
        con.execute("drop table if exists suppressed_cells")
        for table in ("prior_suppressed_cells", "prior_units", "prior_shown_cells"):
            con.execute(f"drop table if exists {table}")
        con.close()
    assert inprocess_run(builds["first_dir"], db).status == "published"
    con = duckdb.connect(str(Layout(db).work_db), read_only=True)
    try:
        prior = Prior.load(con, "absence")
    finally:
        con.close()
    teams = [(p, u) for s, p, k, u in withheld if s == "absence" and k == "team"]
    assert teams
    assert not any(prior.published(p, "figures", "team", u) for p, u in teams)
