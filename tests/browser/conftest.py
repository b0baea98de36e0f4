"""Browser-test fixtures: a published sample database, users made with the CLI, a running
``draagkracht serve`` and Debian's Chromium driven by Playwright.

The database is built by ``draagkracht run`` from ``data_samples/org_demo`` (set
``DRAAGKRACHT_BROWSER_DB`` to test against an already built database instead).
Screenshots go to ``screenshots/`` at the repository root (git-ignored), or
``$DRAAGKRACHT_SCREENSHOTS``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data_samples" / "org_demo"
CHROMIUM = Path(os.environ.get("DRAAGKRACHT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PASSWORDS = {"hr": "browser-hr-pass", "consultant": "browser-consultant-pass",
             "manager": "browser-manager-pass", "manager2": "browser-manager2-pass"}


@dataclass
class Server:
    url: str
    db: Path
    departments: dict[str, str]  # id -> name, whole organisation
    teams: dict[str, tuple[str, str]]  # team id -> (name, department id)
    manager_departments: tuple[str, ...]
    manager2_departments: tuple[str, ...]


def _draagkracht() -> list[str]:
    """The installed ``draagkracht`` command, or the same entry point through Python."""
    script = Path(sys.executable).with_name("draagkracht")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def _cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> None:
    proc = subprocess.run([*_draagkracht(), *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd or REPO, timeout=600,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "False"})
    assert proc.returncode == 0, f"draagkracht {' '.join(args)} failed:\n{proc.stderr[-3000:]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser_db")
    given = os.environ.get("DRAAGKRACHT_BROWSER_DB")
    db = root / "draagkracht.duckdb"
    if given:
        shutil.copy2(given, db)
    else:
        _cli("run", str(SAMPLE), "--db", str(db), "--json")
    return db


@pytest.fixture(scope="session")
def server(built_db: Path, tmp_path_factory) -> Server:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        rows = con.execute("""
            select distinct on (team_id) team_id, team_name, department_id, department_name
            from org_structure order by team_id, month desc""").fetchall()
        sizes = con.execute("""
            select department_id, sum(headcount) from org_structure
            where month = (select max(month) from org_structure)
            group by 1 order by 2 desc, 1""").fetchall()
    finally:
        con.close()
    departments = {r[2]: r[3] for r in rows}
    teams = {r[0]: (r[1], r[2]) for r in rows}
    mgr = (sizes[0][0],)
    mgr2 = (sizes[1][0], sizes[2][0])
    db = str(built_db)
    for role, user, deps in (("hr", "hr", ()), ("consultant", "consultant", ()),
                             ("manager", "manager", mgr), ("manager", "manager2", mgr2)):
        dep_args = [a for d in deps for a in ("--department", d)]
        _cli("users", "add", user, "--role", role, *dep_args, "--password-stdin", "--db", db,
             stdin=PASSWORDS[user] + "\n")

    port = _free_port()
    cwd = tmp_path_factory.mktemp("serve_cwd")  # not the repo: hardening must not rely on cwd
    log = open(cwd / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([*_draagkracht(), "serve", "--db", db, "--port", str(port)],
                            cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((cwd / "serve.log").read_text()[-3000:])
            time.sleep(0.3)
        yield Server(url, built_db, departments, teams, mgr, mgr2)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    out = Path(os.environ.get("DRAAGKRACHT_SCREENSHOTS", REPO / "screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def passwords() -> dict[str, str]:
    return dict(PASSWORDS)
