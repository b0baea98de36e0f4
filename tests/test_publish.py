"""Publishing: idempotent builds, atomic swap, rollback copy, readers undisturbed, kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import Layout
from pipelines.run import run_pipeline
from pipelines.scoring.build import MART_GRAINS
from pipelines.store import PUBLISHED_META
from tests.support import dump, query, sha256, small_org

HISTORY = ("runs", "validation_runs")  # grow with every run by design


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> Path:
    return small_org(tmp_path_factory.mktemp("org"))


def test_same_folder_twice_gives_identical_tables(org, tmp_path):
    db = tmp_path / "out" / "d.duckdb"
    first = run_pipeline(org, db)
    before = dump(db, skip=HISTORY)
    second = run_pipeline(org, db)
    assert first.status == second.status == "published"
    assert first.build_id == second.build_id
    assert dump(db, skip=HISTORY) == before
    runs = query(db, "select run_id, status from runs order by started_at, run_id")
    assert [r[0] for r in runs] == [first.run_id, second.run_id]


def test_corrected_file_replaces_its_rows(org, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for p in org.iterdir():
        (data / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "d.duckdb"
    run_pipeline(data, db)
    survey = sorted(data.glob("survey*.csv"))[0]
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:-5]), encoding="utf-8")  # a corrected export: 5 fewer
    result = run_pipeline(data, db)
    entry = next(f for f in result.files if f["path"] == survey.name)
    assert entry["rows_read"] == len(lines) - 6
    work = Layout(db).work_db
    n = query(work, "select count(*) from stg_survey_responses where source_file = ?",
              [survey.name])[0][0]
    assert n == entry["rows_loaded"] == len(lines) - 6


def test_refused_run_leaves_published_file_byte_identical(org, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for p in org.iterdir():
        (data / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "d.duckdb"
    good = run_pipeline(data, db)
    digest = sha256(db)
    (data / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    bad = run_pipeline(data, db)
    assert bad.status == "refused"
    assert bad.refusals[0]["rule"] == "unknown_file"
    assert sha256(db) == digest
    assert bad.report.exists() and "notes.csv" in bad.report.read_text(encoding="utf-8")
    (data / "notes.csv").unlink()
    again = run_pipeline(data, db)
    statuses = query(db, "select status from runs order by started_at, run_id")
    assert [s for (s,) in statuses] == ["published", "refused", "published"]
    assert again.build_id == good.build_id


def test_previous_build_is_kept_for_rollback(org, tmp_path):
    db = tmp_path / "d.duckdb"
    run_pipeline(org, db)
    first = sha256(db)
    run_pipeline(org, db)
    layout = Layout(db)
    assert sha256(layout.previous) == first
    assert not list(tmp_path.glob(".*.tmp"))


def test_published_file_holds_no_person_level_rows(org, tmp_path):
    db = tmp_path / "d.duckdb"
    run_pipeline(org, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute("select table_name, column_name from information_schema.columns"
                           ).fetchall()
    finally:
        con.close()
    assert not [c for c in cols if c[1] in ("employee_ref", "response_id")]
    assert {c[0] for c in cols} == set(MART_GRAINS) | set(PUBLISHED_META)


def test_person_level_working_files_are_for_the_owner_only(org, tmp_path):
    """The working database holds employee pseudonyms, spells and answers; the reports name
    rejected rows. Under a permissive umask and with folders left open by an older
    version, both end up 0700 while the published file stays readable."""
    db = tmp_path / "d.duckdb"
    layout = Layout(db)
    layout.work_dir.mkdir(mode=0o777)
    os.chmod(layout.work_dir, 0o777)
    old = os.umask(0o002)
    try:
        run_pipeline(org, db)
    finally:
        os.umask(old)
    for private in (layout.work_dir, layout.reports):
        assert private.stat().st_mode & 0o777 == 0o700, private
    assert db.stat().st_mode & 0o044  # the dashboard's reader may be another account


READER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select build_id from build_info").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("select count(*) from org_structure").fetchone()[0], flush=True)
print(con.execute("select build_id from build_info").fetchone()[0], flush=True)
"""


def test_reader_keeps_its_snapshot_while_a_new_build_is_published(org, tmp_path):
    db = tmp_path / "d.duckdb"
    first = run_pipeline(org, db)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == first.build_id
        # Publishing while another process holds the file open read-only must work.
        second = run_pipeline(org, db, as_of=date(2030, 1, 1))
        assert second.status == "published" and second.build_id != first.build_id
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    count, build = out.split()
    assert int(count) > 0 and build == first.build_id  # old snapshot, still consistent
    assert query(db, "select build_id from build_info")[0][0] == second.build_id


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_published_database_intact(org, tmp_path):
    db = tmp_path / "d.duckdb"
    assert run_pipeline(org, db).status == "published"
    digest = sha256(db)
    rng = random.Random(2026)
    cmd = [sys.executable, "-m", "pipelines.cli", "run", str(org), "--db", str(db), "--json",
           "--as-of", "2030-01-01"]  # a different build than the published one
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for delay in sorted(rng.uniform(0.3, 7.0) for _ in range(5)):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        if sha256(db) != digest:
            # only a run that got past the final rename may change the file (a kill between
            # os.replace and the exit also counts): it must then be the whole new build
            assert str(query(db, "select as_of from build_info")[0][0]) == "2030-01-01", (
                f"published file changed by a run killed at {delay:.1f}s")
            digest = sha256(db)
        assert query(db, "select count(*) from org_structure")[0][0] > 0
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob(".*.tmp")), "stale build files were not cleaned up"
