"""Shared fixtures: a clean input folder, a published build of it, and ways to run the pipeline.

Fixtures (all generic, for any test module):

- ``clean_inputs``: a fresh folder (in ``tmp_path``) holding the clean base input: ``org.csv``
  (10 teams x 12 months of 2025), ``survey.csv`` (120 responses, built-in pulse instrument) and
  ``absence.csv`` (120 rows); see tests/bad_inputs/base_inputs.py. Publishes with no rejected
  row; reference date 2025-12-31.
- ``make_clean_inputs`` (session): ``(folder) -> folder``, the same clean base anywhere.
- ``published_template`` (session): the clean base published once; do not modify it.
- ``published_db``: a private copy of that build (database, working folder, reports) in
  ``tmp_path``; returns the path of the published database, ready for a second run.
- ``run_inprocess``: ``(data_dir, db, **kwargs) -> RunOutcome`` via run_pipeline.
- ``run_cli``: ``(data_dir, db, *extra_args) -> RunOutcome`` via ``draagkracht run --json``.
- ``file_sha256``: ``(path) -> hex digest``.
- ``db_text``: ``(db_path) -> str``, every row of every table of a DuckDB file as text.
- ``demo_published`` (session): ``data_samples/org_demo`` published once; do not modify it
  (open it read-only or copy it).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CLI = Path(sys.executable).with_name("draagkracht")


def _load_base_inputs():
    spec = importlib.util.spec_from_file_location(
        "draagkracht_tests_base_inputs", TESTS / "bad_inputs" / "base_inputs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


base_inputs = _load_base_inputs()
write_clean_inputs = base_inputs.write_clean_inputs


@dataclass
class RunOutcome:
    """What one run reported: the ``--json`` object, the exit code and stderr (CLI only)."""

    summary: dict  # {} when the run ended with a configuration error
    exit_code: int
    stderr: str = ""
    result: object | None = None  # pipelines.run.RunResult for in-process runs

    @property
    def status(self) -> str | None:
        return self.summary.get("status")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dump_db_text(db: Path) -> str:
    """Every table's column names and rows, as text (read-only; the file is not changed)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        parts = []
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() order by all").fetchall()
        for schema, table in tables:
            rel = con.execute(f'select * from "{schema}"."{table}"')
            cols = [d[0] for d in rel.description]
            parts.append(f"## {schema}.{table}: {cols}")
            parts += ["\t".join("" if v is None else str(v) for v in row)
                      for row in rel.fetchall()]
        return "\n".join(parts)
    finally:
        con.close()


def inprocess_run(data_dir: Path, db: Path, **kwargs) -> RunOutcome:
    from pipelines.errors import ConfigError
    from pipelines.run import run_pipeline

    try:
        result = run_pipeline(Path(data_dir), Path(db), **kwargs)
    except ConfigError as e:
        return RunOutcome(summary={}, exit_code=2, stderr=str(e))
    code = 0 if result.status == "published" else 1
    return RunOutcome(summary=json.loads(json.dumps(result.to_json(), default=str)),
                      exit_code=code, result=result)


def cli_run(data_dir: Path, db: Path, *extra: str, timeout: float = 120) -> RunOutcome:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    proc = subprocess.run(
        [str(CLI), "run", str(data_dir), "--db", str(db), "--json", *extra],
        capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    summary = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return RunOutcome(summary=summary, exit_code=proc.returncode, stderr=proc.stderr)


@pytest.fixture
def clean_inputs(tmp_path: Path) -> Path:
    return write_clean_inputs(tmp_path / "inputs")


@pytest.fixture(scope="session")
def published_template(tmp_path_factory) -> Path:
    """The clean base, published once per session. Returns the database path."""
    root = tmp_path_factory.mktemp("published_template")
    data = write_clean_inputs(root / "inputs")
    db = root / "out" / "draagkracht.duckdb"
    outcome = inprocess_run(data, db)
    assert outcome.status == "published", outcome.summary.get("refusals")
    rejected = sum(f["rows_rejected"] for f in outcome.summary["files"])
    assert rejected == 0, "the clean base must load without rejected rows"
    return db


@pytest.fixture
def published_db(published_template: Path, tmp_path: Path) -> Path:
    """A private copy of the published clean build; returns its database path."""
    out = tmp_path / "out"
    shutil.copytree(published_template.parent, out)
    return out / published_template.name


@pytest.fixture(scope="session")
def run_inprocess():
    return inprocess_run


@pytest.fixture(scope="session")
def run_cli():
    return cli_run


@pytest.fixture(scope="session")
def file_sha256():
    return sha256_file


@pytest.fixture(scope="session")
def db_text():
    return dump_db_text


@pytest.fixture(scope="session")
def make_clean_inputs():
    """``(folder) -> folder``: write the clean base input into any folder."""
    return write_clean_inputs


@pytest.fixture(scope="session")
def demo_published(tmp_path_factory) -> Path:
    """The committed demo organisation, published once per session."""
    root = tmp_path_factory.mktemp("demo_published")
    shutil.copytree(REPO / "data_samples" / "org_demo", root / "in")
    outcome = inprocess_run(root / "in", root / "out" / "draagkracht.duckdb")
    assert outcome.status == "published", outcome.summary.get("refusals")
    return root / "out" / "draagkracht.duckdb"
