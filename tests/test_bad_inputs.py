"""The bad-input corpus (tests/bad_inputs/cases.toml): each case's outcome, end to end.

For every case: a fresh copy of the clean base input, with the case's files laid over it, is
run against a copy of an already published good build. Each case runs once (cached per module);
the tests below check different promises on that one run:

- the outcome (exit code, status) and the exact refusals or quarantined rows;
- refusal messages name the file, the column or line, and the rule;
- read = loaded + rejected for every file once the build has run (nothing loaded otherwise);
- a refusal leaves the published database byte-identical and writes a report beside it;
- quarantined rows are in the new build's ``rejected_rows`` with file, line, column and rule,
  and no raw cell value of the case appears anywhere in the published database or report.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import shutil
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
UCI = Path("/work/shared/external-data/uci_absenteeism/Absenteeism_at_work.csv")
EXIT = {"refused": 1, "quarantined": 0, "published": 0, "config_error": 2}


def _cases(*outcomes: str, key: str | None = None) -> list:
    chosen = [c for c in CASES if (not outcomes or c["outcome"] in outcomes)
              and (key is None or c.get(key))]
    return [pytest.param(c, id=c["name"]) for c in chosen]


def _key(d: dict) -> tuple:
    return (d["file"], d["rule"], d.get("column"), d.get("line"))


@dataclass
class CaseRun:
    case: dict
    data_dir: Path
    db: Path
    outcome: object  # conftest.RunOutcome
    sha_before: str
    sha_after: str | None
    previous_after: str | None
    reports_before: set[str]

    @property
    def summary(self) -> dict:
        return self.outcome.summary

    @property
    def layout_reports(self) -> Path:
        return self.db.with_name(f"{self.db.stem}.reports")

    @property
    def previous(self) -> Path:
        return self.db.with_name(f"{self.db.stem}.previous{self.db.suffix}")


def build_case_folder(case: dict, target: Path, write_base) -> Path:
    """Clean base + the case's files (replacing same-named base files) - removed files."""
    data = write_base(target)
    for name in case.get("remove", []):
        (data / name).unlink()
    folder = CORPUS / case["name"]
    if folder.is_dir():  # a case that only removes files has no folder in git
        for f in folder.iterdir():
            shutil.copy2(f, data / f.name)
    return data


@pytest.fixture(scope="module")
def case_run(tmp_path_factory, published_template, make_clean_inputs, run_inprocess, run_cli,
             file_sha256):
    cache: dict[str, CaseRun] = {}

    def get(case: dict) -> CaseRun:
        if case["name"] not in cache:
            root = tmp_path_factory.mktemp(case["name"])
            data = build_case_folder(case, root / "inputs", make_clean_inputs)
            shutil.copytree(published_template.parent, root / "out")
            db = root / "out" / published_template.name
            reports = db.with_name(f"{db.stem}.reports")
            before = file_sha256(db)
            reports_before = {p.name for p in reports.iterdir()}
            run = run_cli if case["via"] == "cli" else run_inprocess
            outcome = run(data, db)
            r = CaseRun(case, data, db, outcome, before, None, None, reports_before)
            r.sha_after = file_sha256(db) if db.exists() else None
            r.previous_after = file_sha256(r.previous) if r.previous.exists() else None
            cache[case["name"]] = r
        return cache[case["name"]]

    return get


def count_records(path: Path) -> int:
    """Data records in a CSV, counted here independently of the pipeline's reader."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
        else ","
    records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
               if r and any(c.strip() for c in r)]
    return max(len(records) - 1, 0)


# --------------------------------------------------------------------------------------------
# The corpus itself
# --------------------------------------------------------------------------------------------


def test_corpus_has_the_required_cases():
    names = {c["name"] for c in CASES}
    assert len(CASES) >= 30
    required = {
        "missing_column", "misspelled_column", "unexpected_extra_column", "item_value_0",
        "item_value_6", "item_value_9", "item_value_text", "unknown_team",
        "duplicate_response_id", "end_before_start", "future_end_date", "overlapping_spells",
        "empty_file", "header_only", "unterminated_quote", "formula_prefix", "bsn_column",
        "email_in_cell", "diagnosis_column", "free_text_column", "iban_in_cell",
        "cp1252_euro_e_trema", "unknown_file", "utf16_bom", "ambiguous_slashed_dates",
        "mixed_decimal", "duplicate_team_month", "field_count", "negative_headcount",
        "dob_column", "phone_in_cell", "icd10_column_dropped", "too_many_rejected"}
    assert required <= names, sorted(required - names)
    for c in CASES:
        assert c["outcome"] in EXIT, c["name"]
        if c["outcome"] in ("refused", "quarantined"):
            assert c.get("expect"), f"{c['name']}: no expected refusal or rejected row"


def test_corpus_is_reproducible(tmp_path):
    """make_cases.py regenerates exactly the committed case files and manifest."""
    spec = importlib.util.spec_from_file_location("draagkracht_make_cases",
                                                  CORPUS / "make_cases.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path)
    fresh = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert fresh, "generator wrote nothing"
    for rel in fresh:
        committed = CORPUS / rel
        assert committed.is_file(), f"{rel} is generated but not in tests/bad_inputs"
        assert committed.read_bytes() == (tmp_path / rel).read_bytes(), f"{rel} differs"


# --------------------------------------------------------------------------------------------
# Per case
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases())
def test_outcome(case, case_run):
    r = case_run(case)
    assert r.outcome.exit_code == EXIT[case["outcome"]], (r.summary, r.outcome.stderr)
    if case["outcome"] == "config_error":
        assert case["message_contains"] in r.outcome.stderr
        assert "draagkracht.toml" in r.outcome.stderr
        # --json keeps its promise of one JSON object on stdout
        assert r.summary["status"] == "config_error"
        assert case["message_contains"] in r.summary["message"]
        return
    want = "refused" if case["outcome"] == "refused" else "published"
    assert r.summary["status"] == want, r.summary.get("refusals")


@pytest.mark.parametrize("case", _cases("refused"))
def test_refusals_are_exactly_the_expected_ones(case, case_run):
    r = case_run(case)
    actual = {_key(x) for x in r.summary["refusals"]}
    expected = {_key(e) for e in case["expect"]}
    assert expected <= actual, f"missing: {expected - actual}; got {actual}"
    allowed = set(case.get("allow", []))
    extra = {a for a in actual - expected if a[1] not in allowed}
    assert not extra, f"unexpected refusals: {extra}"
    if case.get("message_contains"):
        assert any(case["message_contains"] in x["message"] for x in r.summary["refusals"])


@pytest.mark.parametrize("case", _cases("refused"))
def test_refusal_message_names_file_and_column_or_line(case, case_run):
    r = case_run(case)
    by_key = {_key(x): x for x in r.summary["refusals"]}
    for e in case["expect"]:
        msg = by_key[_key(e)]["message"]
        assert e["file"] in msg, msg
        if e.get("column"):
            assert e["column"] in msg, msg
        elif e.get("line"):
            assert f"line {e['line']}" in msg, msg


@pytest.mark.parametrize("case", _cases("refused"))
def test_refusal_message_names_rule(case, case_run):
    r = case_run(case)
    by_key = {_key(x): x for x in r.summary["refusals"]}
    for e in case["expect"]:
        msg = by_key[_key(e)]["message"]
        assert e["rule"] in msg, f"rule {e['rule']} not named in: {msg}"


@pytest.mark.parametrize("case", _cases("refused", "quarantined", "published"))
def test_read_equals_loaded_plus_rejected(case, case_run):
    r = case_run(case)
    files = r.summary["files"]
    built = r.summary["status"] == "published" or case.get("late")
    for f in files:
        if built:
            assert f["rows_read"] == f["rows_loaded"] + f["rows_rejected"], f
        else:  # refused before the build: not judged, so no count (None, not 0 of read)
            assert (f["rows_loaded"], f["rows_rejected"]) == (None, None), f
        if built or f["rows_read"] is not None:  # a file refused while reading has no count
            assert f["rows_read"] == count_records(r.data_dir / f["path"]), f
    if built:
        on_disk = sorted(p.name for p in r.data_dir.glob("*.csv"))
        assert sorted(f["path"] for f in files) == on_disk


@pytest.mark.parametrize("case", _cases("refused", "config_error"))
def test_refusal_leaves_published_database_byte_identical(case, case_run):
    r = case_run(case)
    assert r.sha_after == r.sha_before
    assert r.previous_after is None, "a refused run must not rotate the previous build"
    leftovers = [p.name for p in r.db.parent.glob(f".{r.db.name}.*")]
    assert not leftovers, f"build files left beside the database: {leftovers}"


@pytest.mark.parametrize("case", _cases("refused"))
def test_refusal_writes_report_beside_database(case, case_run):
    r = case_run(case)
    report = Path(r.summary["report"])
    assert report.is_file()
    assert report.parent == r.layout_reports
    assert report.name not in r.reports_before, "the report must be this run's own"
    text = report.read_text(encoding="utf-8")
    for e in case["expect"]:
        assert e["rule"] in text and e["file"] in text


@pytest.mark.parametrize("case", _cases("quarantined"))
def test_quarantined_rows_are_published_without_values(case, case_run):
    r = case_run(case)
    assert r.sha_after != r.sha_before, "a new build must have been published"
    assert r.previous_after == r.sha_before, "the previous build is kept for rollback"
    con = duckdb.connect(str(r.db), read_only=True)
    try:
        rows = con.execute(
            'select file, line, "column", rule from rejected_rows where build_id = ?',
            [r.summary["build_id"]]).fetchall()
        other_builds = con.execute(
            "select count(*) from rejected_rows where build_id <> ?",
            [r.summary["build_id"]]).fetchone()[0]
    finally:
        con.close()
    actual = sorted((f, ln, col, rule) for f, ln, col, rule in rows)
    expected = sorted((e["file"], e["line"], e.get("column"), e["rule"]) for e in case["expect"])
    assert actual == expected
    assert other_builds == 0
    lines = defaultdict(set)
    for e in case["expect"]:
        lines[e["file"]].add(e["line"])
    for f in r.summary["files"]:
        assert f["rows_rejected"] == len(lines.get(f["path"], ())), f


@pytest.mark.parametrize("case", _cases("quarantined", key="message_contains"))
def test_quarantine_message(case, case_run):
    con = duckdb.connect(str(case_run(case).db), read_only=True)
    try:
        messages = [m for (m,) in con.execute("select message from rejected_rows").fetchall()]
    finally:
        con.close()
    assert any(case["message_contains"] in m for m in messages), messages


@pytest.mark.parametrize("case", _cases(key="raw_values"))
def test_no_raw_value_is_published_or_reported(case, case_run, db_text):
    r = case_run(case)
    texts = {"json summary": str(r.summary),
             "run ledger": (r.db.with_name(f"{r.db.stem}.work") / "runs.jsonl").read_text(
                 encoding="utf-8")}
    if r.summary.get("report"):
        report = Path(r.summary["report"])
        texts["report"] = report.read_text(encoding="utf-8")
        texts["report json"] = report.with_suffix(".json").read_text(encoding="utf-8")
    if r.summary.get("status") == "published":
        texts["published database"] = db_text(r.db)
    for value in case["raw_values"]:
        for where, text in texts.items():
            assert value not in text, f"raw value {value!r} found in the {where}"


@pytest.mark.parametrize("case", _cases("published"))
def test_clean_variant_loads_everything(case, case_run):
    r = case_run(case)
    assert r.summary["status"] == "published"
    assert all(f["rows_rejected"] == 0 for f in r.summary["files"]), r.summary["files"]
    assert r.sha_after != r.sha_before


@pytest.mark.parametrize("case", _cases(key="roundtrip"))
def test_decoded_text_round_trips_into_org_structure(case, case_run):
    r = case_run(case)
    team = case["roundtrip"]
    con = duckdb.connect(str(r.db), read_only=True)
    try:
        names = con.execute("select distinct team_name from org_structure where team_id = ?",
                            [team["team_id"]]).fetchall()
    finally:
        con.close()
    assert names == [(team["team_name"],)]


# --------------------------------------------------------------------------------------------
# Named scenarios
# --------------------------------------------------------------------------------------------


def test_late_refusal_after_build_started_keeps_published_database(case_run):
    """Too many quarantined rows is only known after the working build: still nothing
    published, the live database byte-identical, and the counts of the build reported."""
    case = next(c for c in CASES if c["name"] == "too_many_rejected")
    r = case_run(case)
    assert r.summary["status"] == "refused"
    assert [x["rule"] for x in r.summary["refusals"]] == ["too_many_rejected"]
    assert r.summary["build_id"], "a late refusal happens after the build got its id"
    survey = next(f for f in r.summary["files"] if f["path"] == "survey.csv")
    assert (survey["rows_read"], survey["rows_loaded"], survey["rows_rejected"]) == (120, 110, 10)
    # nothing is published, so the report beside the database lists every quarantined row
    report = json.loads(Path(r.summary["report"]).with_suffix(".json").read_text("utf-8"))
    assert [(x["file"], x["line"], x["column"], x["rule"]) for x in report["rejected_rows"]] \
        == [("survey.csv", line, "EX1", "range") for line in range(12, 103, 10)]
    assert r.sha_after == r.sha_before
    assert r.previous_after is None
    con = duckdb.connect(str(r.db), read_only=True)
    try:
        builds = con.execute("select distinct build_id from build_info").fetchall()
    finally:
        con.close()
    assert builds != [(r.summary["build_id"],)]
    work = r.db.with_name(f"{r.db.stem}.work")
    leftovers = [p.name for p in work.glob(".*.tmp")]
    assert not leftovers, f"the refused build's working files were left behind: {leftovers}"


@pytest.mark.skipif(not UCI.is_file(), reason="UCI absenteeism file not available")
def test_uci_absenteeism_export_is_refused_naming_reason_for_absence(
        clean_inputs, published_db, run_inprocess, file_sha256):
    shutil.copy2(UCI, clean_inputs / "absence_uci.csv")
    before = file_sha256(published_db)
    outcome = run_inprocess(clean_inputs, published_db)
    assert outcome.exit_code == 1
    hits = [x for x in outcome.summary["refusals"]
            if x["file"] == "absence_uci.csv" and x["column"] == "Reason for absence"]
    assert hits, outcome.summary["refusals"]
    assert any(x["rule"] == "forbidden_column:health" for x in hits)
    assert all("Reason for absence" in x["message"] and "absence_uci.csv" in x["message"]
               for x in hits)
    assert file_sha256(published_db) == before
