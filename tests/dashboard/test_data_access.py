"""dashboard.db: scoped, read-only, and a new build published over the path is seen at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import duckdb
import pytest
from dash_sample_db import DEPARTMENTS, meta_tables, write_db

from dashboard import db
from dashboard.users import Viewer

HR = Viewer("hr", "hr", None)
ICT = Viewer("m", "manager", ("D-ICT",))
TWO = Viewer("m2", "manager", ("D-ICT", "D-FIN"))
NOWHERE = Viewer("m3", "manager", ("D-GONE",))


def test_hr_sees_every_department(published):
    assert set(db.departments(HR)["department_id"]) == set(DEPARTMENTS)


def test_manager_sees_exactly_own_departments(published):
    assert db.departments(ICT)["department_id"].tolist() == ["D-ICT"]
    assert set(db.departments(TWO)["department_id"]) == {"D-ICT", "D-FIN"}
    assert set(db.teams(ICT)["department_id"]) == {"D-ICT"}
    assert db.departments(NOWHERE).empty and db.teams(NOWHERE).empty


def test_department_filter_cannot_widen_the_scope(published):
    assert db.teams(ICT, department_id="D-ZRG").empty
    assert db.allowed_department(ICT, "D-ZRG") is None
    assert db.allowed_department(ICT, "D-ICT") == "D-ICT"
    assert db.allowed_department(HR, "D-ZRG") == "D-ZRG"


def test_scope_with_sql_text_is_only_a_value(published):
    evil = Viewer("x", "manager", ("D-ICT') or true or ('",))
    assert db.departments(evil).empty


def test_headcount_is_the_latest_month(published):
    row = db.departments(HR).set_index("department_id").loc["D-ZRG"]
    assert row["headcount"] == 14 + 9 + 4 and row["n_teams"] == 3


def test_rejected_row_details_are_for_hr_and_consultants(published):
    assert db.rejected_rows(ICT) is None
    assert len(db.rejected_rows(HR)) == 3
    assert db.rejected_by_rule(HR).set_index("rule")["rows"].to_dict() == {
        "range": 2, "unknown_team": 1}
    # a manager sees which rules rejected rows, not the organisation-wide counts
    by_rule = db.rejected_by_rule(ICT)
    assert sorted(by_rule["rule"]) == ["range", "unknown_team"]
    assert "rows" not in by_rule.columns


def test_validation_results_of_the_publishing_run(published):
    val = db.validation_results(HR)
    assert len(val) == 2 and val["unexpected_count"].sum() == 2


def test_status_missing_unreadable_incomplete(tmp_path):
    assert db.status(tmp_path / "none.duckdb").reason == "missing"
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    assert db.status(bad).reason == "unreadable"
    partial = tmp_path / "partial.duckdb"
    write_db(partial, {"runs": meta_tables("b1")["runs"]})
    st = db.status(partial)
    assert st.reason == "incomplete" and "org_structure" in st.detail


def test_status_ok(published):
    assert db.status().ok


def test_connection_is_read_only_and_closed(published):
    db.departments(HR)
    # No connection survives a read: a writer can open the file right away.
    con = duckdb.connect(str(published))
    con.close()
    with pytest.raises(duckdb.Error):
        db._read(db.current_key(), {"w": ("create table x (i int)", {})})


def test_no_external_access_from_queries(published, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with pytest.raises(duckdb.Error):
        db._read(db.current_key(), {"q": (f"select * from read_csv('{secret}')", {})})


def _publish_over(path, departments: dict[str, str]):
    tables = meta_tables("b-next")
    org = tables["org_structure"]
    org = org[org["department_id"].isin(departments)].copy()
    org["department_name"] = org["department_id"].map(departments)
    tables["org_structure"] = org
    write_db(path, tables)  # temporary file + os.replace, as the pipeline publishes


def test_new_build_published_over_the_path_is_seen(published):
    before = db.departments(HR)
    assert "Zorg Noordvleugel" in set(before["department_name"])
    key_before = db.current_key()
    _publish_over(published, {"D-ZRG": "Zorg Zuidvleugel"})
    assert db.current_key() != key_before
    after = db.departments(HR)
    assert after["department_name"].tolist() == ["Zorg Zuidvleugel"]


def test_new_build_seen_while_another_process_reads_the_old_one(published):
    db.departments(HR)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(published)!r}, read_only=True)
            print(con.execute("select count(*) from org_structure").fetchone()[0], flush=True)
            sys.stdin.readline()
            print(con.execute("select count(distinct department_id) from org_structure")
                  .fetchone()[0], flush=True)
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert int(holder.stdout.readline()) > 0  # the old build is open in another process
        _publish_over(published, {"D-FIN": "Financiën Nieuw"})
        assert db.departments(HR)["department_name"].tolist() == ["Financiën Nieuw"]
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert int(holder.stdout.readline()) == 3  # and keeps its consistent old snapshot
    finally:
        holder.kill()
        holder.wait()


def test_reads_during_repeated_publishing_never_fail(published):
    errors: list[Exception] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                names = set(db.departments(HR)["department_name"])
                assert names in ({"Zorg A"}, {"Zorg B"}, set(DEPARTMENTS.values()))
            except Exception as e:  # noqa: BLE001
                errors.append(e)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for th in threads:
        th.start()
    for i in range(8):
        _publish_over(published, {"D-ZRG": "Zorg A" if i % 2 else "Zorg B"})
    stop.set()
    for th in threads:
        th.join()
    assert errors == []
    assert db.departments(HR)["department_name"].tolist() == ["Zorg A"]


def test_cache_never_crosses_scopes(published):
    assert set(db.departments(HR)["department_id"]) == set(DEPARTMENTS)
    assert db.departments(ICT)["department_id"].tolist() == ["D-ICT"]
    assert set(db.departments(HR)["department_id"]) == set(DEPARTMENTS)


def test_cached_frames_are_copies(published):
    df = db.departments(HR)
    df.loc[:, "department_name"] = "changed"
    assert "changed" not in set(db.departments(HR)["department_name"])
