"""The ``draagkracht`` command's own promises (README "Command line"): ``--json`` prints one
JSON object on stdout also for usage errors, and ``serve`` finds its database the way
``users`` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import serve as serve_mod
from pipelines import cli

REPO = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [
    ("run", "DATA", "--db", "x.duckdb", "--json", "--as-of", "2025-13-01"),  # bad value
    ("run", "DATA", "--json"),                                             # --db missing
    ("run", "DATA", "--db", "x.duckdb", "--js", "--no-such-option"),       # abbreviated
])
def test_usage_error_with_json_prints_one_json_object(tmp_path, args):
    r = _cli(*args, cwd=tmp_path)
    assert r.returncode == 2
    out = json.loads(r.stdout)  # the whole of stdout is one JSON object
    assert out["status"] == "usage_error" and out["message"]
    assert "usage: draagkracht" in r.stderr and out["message"] in r.stderr
    assert not list(tmp_path.iterdir()), "a usage error must not write anything"


def test_unknown_option_prints_the_commands_own_usage(capsys):
    """``run … --bogus`` names ``run``'s options, not only the list of commands."""
    assert cli.main(["run", "DATA", "--db", "x.duckdb", "--bogus"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "usage: draagkracht run" in err and "--db DB" in err
    assert "draagkracht run: error: unrecognized arguments: --bogus" in err


def test_unknown_option_of_a_nested_command_prints_that_commands_usage(capsys, tmp_path):
    """``users list --bogus``: the usage of ``users list`` (one level deeper than ``users``)."""
    db = str(tmp_path / "x.duckdb")
    assert cli.main(["users", "list", "--db", db, "--bogus"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "usage: draagkracht users list [-h] [--json] [--db DB]" in err
    assert "draagkracht users list: error: unrecognized arguments: --bogus" in err
    assert not list(tmp_path.iterdir())


def test_usage_error_without_json_keeps_stdout_empty(tmp_path):
    r = _cli("run", "DATA", "--db", "x.duckdb", "--as-of", "2025-13-01", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert "not an ISO date" in r.stderr


def test_usage_error_in_process_returns_2(capsys):
    assert cli.main(["run", "DATA", "--json", "--as-of", "nope"]) == cli.EXIT_USAGE
    captured = capsys.readouterr()
    assert json.loads(captured.out)["status"] == "usage_error"
    assert "usage:" in captured.err


def test_serve_db_follows_draagkracht_db_like_users(monkeypatch, tmp_path):
    env_db = tmp_path / "elsewhere" / "published.duckdb"
    monkeypatch.setenv("DRAAGKRACHT_DB", str(env_db))
    parser = cli.build_parser()
    assert parser.parse_args(["serve"]).db is None  # resolved when serving, not when parsing
    assert serve_mod.resolve_db(None) == env_db.resolve()
    assert parser.parse_args(["users", "list"]).db == env_db  # the same default for users
    explicit = tmp_path / "given.duckdb"
    assert serve_mod.resolve_db(explicit) == explicit.resolve()  # --db wins

    monkeypatch.delenv("DRAAGKRACHT_DB")
    monkeypatch.chdir(tmp_path)
    assert serve_mod.resolve_db(None) == (tmp_path / "build" / "draagkracht.duckdb").resolve()


def test_serve_command_passes_the_resolved_database(monkeypatch, tmp_path):
    env_db = tmp_path / "published.duckdb"
    monkeypatch.setenv("DRAAGKRACHT_DB", str(env_db))
    seen = {}

    def fake_serve(db, port, address="127.0.0.1"):
        seen.update(db=serve_mod.resolve_db(db), port=port, address=address)
        return 0

    monkeypatch.setattr(serve_mod, "serve", fake_serve)
    assert cli.main(["serve", "--port", "8599"]) == 0
    assert seen == {"db": env_db.resolve(), "port": 8599, "address": "127.0.0.1"}


# --- the documentation states what the command does -----------------------------------------

DOCS = REPO / "docs"


def test_every_refusal_rule_is_documented_in_the_data_contract():
    import re

    from pipelines.privacy import rules as privacy_rules

    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "pipelines").rglob("*.py"))
    code = set(re.findall(r'refusal\(\s*[^,]+,\s*"([a-z_]+)"', source))
    assert {"unknown_file", "missing_file", "too_many_rejected"} <= code  # the pattern works
    contract = (DOCS / "data-contract.md").read_text(encoding="utf-8")
    refused = contract.split("**The whole input is refused**", 1)[1].split("**Rows are", 1)[0]
    missing = sorted(r for r in code if f"`{r}`" not in refused)
    for rule in privacy_rules():  # documented as `forbidden_value:email\|phone\|...`
        kind, name = rule.split(":")
        row = next((line for line in refused.splitlines() if f"`{kind}:" in line), "")
        if not re.search(rf"[:|]{name}(\\\||`)", row):
            missing.append(rule)
    assert missing == [], "refusal rules missing from docs/data-contract.md"


def test_readme_states_the_generate_defaults():
    args = cli.build_parser().parse_args(["generate", "OUT"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `draagkracht generate"))
    assert f"{args.employees} employees" in row and f"{args.months} months" in row
    assert f"seed {args.seed}" in row and f"`{args.start}`" in row
