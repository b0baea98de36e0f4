"""Fixtures for dashboard tests.

- ``published``: a small hand-made database with the pipeline's meta tables (fast; for the
  data-access unit tests), ``DRAAGKRACHT_DB`` pointing at it.
- ``user_store``: users of every role beside it.
- ``org_build`` (session): a real build: ``draagkracht generate`` (400 employees, 12 months,
  4 departments) published by the pipeline, marts included. ``org_db`` copies it per test
  and points ``DRAAGKRACHT_DB`` at the copy, with users of every role beside it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dash_sample_db import build_sample_db

from dashboard import users

PASSWORDS = {"hr": "hr-password-1", "consultant": "consultant-pw-1", "man_ict": "manager-pw-1",
             "man_two": "manager-pw-2"}


@pytest.fixture
def published(tmp_path, monkeypatch):
    """A sample published database in tmp_path, with DRAAGKRACHT_DB pointing at it."""
    db = build_sample_db(tmp_path / "draagkracht.duckdb")
    monkeypatch.setenv("DRAAGKRACHT_DB", str(db))
    monkeypatch.delenv("DRAAGKRACHT_USERS", raising=False)
    return db


@pytest.fixture
def user_store(published):
    store = published.parent / "users.json"
    users.add_user(store, "hr", PASSWORDS["hr"], "hr")
    users.add_user(store, "consultant", PASSWORDS["consultant"], "consultant")
    users.add_user(store, "man_ict", PASSWORDS["man_ict"], "manager", ["D-ICT"])
    users.add_user(store, "man_two", PASSWORDS["man_two"], "manager", ["D-ICT", "D-FIN"])
    return store


@dataclass
class OrgBuild:
    db: Path
    departments: dict[str, str]  # id -> name
    teams: dict[str, tuple[str, str]]  # team id -> (name, department id)
    by_size: list[str]  # department ids, largest first


@pytest.fixture(scope="session")
def org_build(tmp_path_factory) -> OrgBuild:
    from pipelines.generate import generate
    from pipelines.run import run_pipeline

    root = tmp_path_factory.mktemp("dash_org")
    generate(root / "inputs", employees=400, months=12, seed=7)
    result = run_pipeline(root / "inputs", root / "out" / "draagkracht.duckdb")
    assert result.status == "published", result.refusals
    db = root / "out" / "draagkracht.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""select distinct on (team_id) team_id, team_name, department_id,
                                  department_name
                              from org_structure order by team_id, month desc""").fetchall()
        sizes = con.execute("""select department_id from org_structure
                               where month = (select max(month) from org_structure)
                               group by 1 order by sum(headcount) desc, 1""").fetchall()
    finally:
        con.close()
    return OrgBuild(db, {r[2]: r[3] for r in rows}, {r[0]: (r[1], r[2]) for r in rows},
                    [r[0] for r in sizes])


@dataclass
class OrgDb:
    db: Path
    store: Path
    departments: dict[str, str]
    teams: dict[str, tuple[str, str]]
    manager: tuple[str, ...]  # departments of user "manager"
    manager2: tuple[str, ...]  # departments of user "manager2"
    passwords: dict[str, str]


ORG_PASSWORDS = {"hr": "hr-password-1", "consultant": "consultant-pw-1",
                 "manager": "manager-pw-1", "manager2": "manager-pw-2"}


@pytest.fixture
def org_db(org_build, tmp_path, monkeypatch) -> OrgDb:
    db = tmp_path / "draagkracht.duckdb"
    shutil.copy2(org_build.db, db)
    monkeypatch.setenv("DRAAGKRACHT_DB", str(db))
    monkeypatch.delenv("DRAAGKRACHT_USERS", raising=False)
    store = tmp_path / "users.json"
    manager = (org_build.by_size[0],)
    manager2 = (org_build.by_size[1], org_build.by_size[2])
    users.add_user(store, "hr", ORG_PASSWORDS["hr"], "hr")
    users.add_user(store, "consultant", ORG_PASSWORDS["consultant"], "consultant")
    users.add_user(store, "manager", ORG_PASSWORDS["manager"], "manager", manager,
                   email="manager@example.nl")
    users.add_user(store, "manager2", ORG_PASSWORDS["manager2"], "manager", manager2)
    return OrgDb(db, store, org_build.departments, org_build.teams, manager, manager2,
                 dict(ORG_PASSWORDS))
