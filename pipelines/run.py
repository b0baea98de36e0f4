"""One pipeline run: read → validate → build → reconcile → publish (or refuse).

Nothing is published unless every step succeeds; a refused run still gets a ledger entry and a
report beside the database. See docs/architecture.md for the picture.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from pipelines import __version__, ledger, store
from pipelines.contract import KINDS, ORG, discover
from pipelines.errors import Refusal
from pipelines.ingest import IngestedFile, empty_frame, ingest_file
from pipelines.instrument import resolve_instrument
from pipelines.publish import Layout, run_lock, swap_in
from pipelines.reading import refusal
from pipelines.settings import load_settings

Progress = Callable[[str, str], None]  # (step, detail)


@dataclass
class RunResult:
    run_id: str
    status: str  # published | refused | failed (an internal error, not the input's fault)
    build_id: str | None = None
    as_of: date | None = None
    files: list[dict] = field(default_factory=list)
    refusals: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    expectations: list[dict] = field(default_factory=list)
    report: Path | None = None
    db: Path | None = None
    suppression_memory: dict | None = None  # store.write_prior_suppression + "applied"
    closure_audit: dict | None = None  # store.closure_audit

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "run_id": self.run_id,
            "build_id": self.build_id,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "db": str(self.db) if self.db else None,
            "report": str(self.report) if self.report else None,
            "suppression_memory": self.suppression_memory,
            "closure_audit": self.closure_audit,
            "files": [{k: f[k] for k in ("path", "kind", "rows_read", "rows_loaded",
                                         "rows_rejected", "sha256", "dialect")}
                      for f in self.files],
            "refusals": [{k: r.get(k) for k in ("file", "column", "line", "rule", "message")}
                         for r in self.refusals],
        }


def _noop(step: str, detail: str) -> None:
    pass


def run_pipeline(data_dir: Path, db: Path, *, instrument_path: Path | None = None,
                 config_path: Path | None = None, as_of: date | None = None,
                 forget_suppression: bool = False, progress: Progress = _noop) -> RunResult:
    """Run the pipeline on ``data_dir`` and publish to ``db``. ConfigError propagates (exit 2).

    The cells the live published database withholds stay withheld (suppression memory);
    ``forget_suppression`` judges every period afresh instead."""
    data_dir, db = Path(data_dir), Path(db)
    settings, settings_src = load_settings(data_dir, config_path)
    instrument, instrument_src = resolve_instrument(data_dir, instrument_path)
    layout = Layout(db)
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    result = RunResult(run_id=run_id, status="failed", db=db)
    with run_lock(layout):
        layout.clean_stale()
        try:
            _run(data_dir, layout, settings, instrument, as_of, result, progress,
                 sources={"settings": settings_src, "instrument": instrument_src},
                 forget_suppression=forget_suppression)
            result.status = "published"
        except Refusal as r:
            result.status = "refused"
            result.refusals = r.refusals
        finally:
            layout.clean_stale()  # a refused or failed build leaves nothing behind
            result.report = ledger.record(layout, result, started, data_dir)
    return result


def _run(data_dir: Path, layout: Layout, settings, instrument, as_of: date | None,
         result: RunResult, progress: Progress, sources: dict,
         forget_suppression: bool = False) -> None:
    progress("discover", str(data_dir))
    if not data_dir.is_dir():
        raise Refusal([refusal(data_dir, "missing_folder", "no such folder")])
    known, unknown = discover(data_dir)
    refusals = [refusal(p, "unknown_file",
                        "matches no input kind (expected org.csv, survey*.csv or absence*.csv)")
                for p in unknown]
    if not any(k is ORG for _, k in known):
        refusals.append(refusal(data_dir / "org.csv", "missing_file",
                                f"not found in {data_dir} (it defines the teams)"))

    ingested: list[IngestedFile] = []
    for path, kind in known:
        progress("read", path.name)
        f = ingest_file(path, kind, settings, instrument)
        ingested.append(f)
        refusals.extend(f.refusals)
    result.files = [_file_entry(f) for f in ingested]
    if refusals:
        raise Refusal(refusals)

    frames = {k.name: _combine([f for f in ingested if f.kind is k], k, instrument)
              for k in KINDS}
    if as_of is None:
        last = frames["org"]["month"].dropna().max()
        as_of = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    result.as_of = as_of

    progress("validate", "loading Great Expectations")
    from pipelines import validate

    validator = validate.Validator()
    rejected: list[dict] = []
    for f in ingested:
        rejected += [{"file": f.name, **b} for b in f.bad_rows]
    progress("validate", "org")
    org = frames["org"]
    res_org = validator.run("org", org, validate.org_rules(validator.gxe, org, as_of))
    org_ok = _keep(org, res_org, rejected)
    progress("validate", "survey")
    survey = frames["survey"]
    res_survey = validator.run("survey", survey, validate.survey_rules(
        validator.gxe, survey, as_of, org_ok, instrument))
    survey_ok = _keep(survey, res_survey, rejected)
    progress("validate", "absence")
    absence = frames["absence"]
    res_abs = validator.run("absence", absence, validate.absence_rules(
        validator.gxe, absence, as_of, org_ok))
    absence_ok = _keep(absence, res_abs, rejected)
    _name_source_columns(rejected, {f.name: f.source_names for f in ingested})
    result.expectations = res_org.expectations + res_survey.expectations + res_abs.expectations
    result.rejected = rejected

    build_id = _build_id(ingested, settings, instrument, as_of)
    result.build_id = build_id
    tag = f"{build_id[:12]}.{os.getpid()}"
    work_tmp = layout.tmp(layout.work_db, tag)
    pub_tmp = layout.tmp(layout.db, tag)
    progress("build", "working database")
    con = store.connect(work_tmp)
    try:
        store.write_staging(con, org=org_ok, survey=survey_ok, absence=absence_ok,
                            instrument=instrument, settings=settings, build_id=build_id,
                            as_of=as_of)
        store.write_rejected_raw(con, _rejected_raw(ingested, rejected))
        progress("build", "suppression memory")
        result.suppression_memory = _prior_suppression(
            con, None if forget_suppression else layout.db, layout.work_db)
        progress("build", "scoring models")
        marts = _build_marts(con, settings)
        result.suppression_memory["applied"] = store.memory_applied(con)
        result.closure_audit = store.closure_audit(con)
        loaded = store.loaded_counts(con)
        con.execute("checkpoint")
    finally:
        con.close()

    progress("reconcile", "read = loaded + rejected")
    _reconcile(result, loaded, rejected, settings)

    progress("publish", str(layout.db))
    meta = ledger.meta_tables(layout, result, build_id, as_of, sources, instrument)
    store.write_published(pub_tmp, work_tmp, marts, meta)
    swap_in(pub_tmp, layout.db, layout.previous)
    swap_in(work_tmp, layout.work_db)


def _prior_suppression(con, published: Path | None, earlier: Path) -> dict:
    try:
        return store.write_prior_suppression(con, published, earlier)
    except store.PriorUnreadable as e:
        raise Refusal([refusal(
            e.path, "previous_build_unreadable",
            f"{e}; the suppression pattern of what was published must carry over to the new "
            "build. Restore the file from a backup, or run with --forget-suppression "
            "(docs/scoring.md, Across builds)")]) from e


def _build_marts(con, settings) -> list[str]:
    from pipelines.scoring.build import build_marts

    return list(build_marts(con, settings))


def _combine(files: list[IngestedFile], kind, instrument) -> pd.DataFrame:
    frames = [f.frame for f in files if f.frame is not None]
    if not frames:
        return empty_frame(kind, instrument)
    return pd.concat(frames, ignore_index=True)


def _keep(frame: pd.DataFrame, res, rejected: list[dict]) -> pd.DataFrame:
    """Rows without violations; the others are appended to ``rejected`` (one per violation)."""
    if frame.empty:
        return frame
    bad = set()
    files = frame["source_file"].to_numpy()
    lines = frame["source_line"].to_numpy()
    for v in res.violations:
        bad.add(v.index)
        rejected.append({"file": files[v.index], "line": int(lines[v.index]),
                         "column": v.column, "rule": v.rule,
                         "message": RULE_TEXT.get(v.rule, v.rule)})
    mask = pd.Series(True, index=range(len(frame)))
    if bad:
        mask.iloc[sorted(bad)] = False
    return frame.loc[mask.to_numpy()].reset_index(drop=True)


def _name_source_columns(rejected: list[dict], names: dict[str, dict[str, str]]) -> None:
    """A quarantined row's message names the user's own header where it was mapped
    (``team_id`` read from ``COMPID``)."""
    for r in rejected:
        source = names.get(r["file"], {}).get(r.get("column"))
        if source:
            r["message"] = f"{r['message']} (column '{source}' in the file)"


RULE_TEXT = {
    "required": "a required value is empty",
    "type": "value is not of the column's type (whole number, decimal or date)",
    "range": "value outside the allowed range",
    "future_date": "date after the reference date of the run",
    "formula_prefix": "text starts with =, +, - or @ (spreadsheet formula injection)",
    "month_not_first_day": "month must be the first day of a month",
    "fte_above_headcount": "fte is larger than the headcount",
    "duplicate_team_month": "team appears twice for the same month",
    "unknown_team": "team_id is not in org.csv for that month",
    "duplicate_response_id": "response_id appears more than once in the same wave",
    "no_answers": "response has no answered item",
    "end_before_start": "end_date is before start_date",
    "overlapping_spell": "sickness rows of one employee overlap",
    "field_count": "row has a different number of fields than the header",
}


def _file_entry(f: IngestedFile) -> dict:
    return {"path": f.name, "kind": f.kind.name, "sha256": f.sha256, "dialect": f.dialect,
            # loaded and rejected are known only once the build has judged the rows: a run
            # refused before it reports them as None, not as 0 rows out of rows_read
            "rows_read": f.rows_read, "rows_loaded": None, "rows_rejected": None,
            "dropped_columns": f.dropped}


def _reconcile(result: RunResult, loaded: dict[str, int], rejected: list[dict],
               settings) -> None:
    per_file = defaultdict(set)
    for r in rejected:
        per_file[r["file"]].add(r["line"])
    late = []
    for f in result.files:
        f["rows_loaded"] = loaded.get(f["path"], 0)
        f["rows_rejected"] = len(per_file.get(f["path"], ()))
        if f["rows_read"] != f["rows_loaded"] + f["rows_rejected"]:
            raise RuntimeError(
                f"{f['path']}: counts do not reconcile: read {f['rows_read']} != loaded "
                f"{f['rows_loaded']} + rejected {f['rows_rejected']}")
        share = f["rows_rejected"] / f["rows_read"] if f["rows_read"] else 0.0
        if share > settings.input.max_rejected_share:
            rules = defaultdict(int)
            for r in rejected:
                if r["file"] == f["path"]:
                    rules[r["rule"]] += 1
            top = ", ".join(f"{k} ({n})" for k, n in sorted(rules.items(), key=lambda x: -x[1]))
            first = min((r for r in rejected if r["file"] == f["path"]),
                        key=lambda r: r["line"])
            late.append(refusal(
                Path(f["path"]), "too_many_rejected",
                f"{f['rows_rejected']} of {f['rows_read']} rows ({share:.1%}) break row "
                f"rules, more than the allowed {settings.input.max_rejected_share:.1%} "
                f"([input] max_rejected_share); rules broken (a row can break several): {top}; "
                f"first at line {first['line']}, "
                f"column {first['column']}", column=first["column"], line=first["line"]))
    if late:
        raise Refusal(late)


def _rejected_raw(ingested: list[IngestedFile], rejected: list[dict]) -> list[dict]:
    """Rejected rows with their raw cells, for the working database (never published)."""
    by_line = defaultdict(list)
    for r in rejected:
        by_line[(r["file"], r["line"])].append(f"{r['column']}:{r['rule']}")
    raw = {f.name: f for f in ingested}
    out = []
    for (file, line), rules in sorted(by_line.items()):
        out.append({"source_file": file, "source_line": line, "rules": ";".join(rules),
                    "cells": raw[file].raw_cells(line)})
    return out


def _build_id(files: list[IngestedFile], settings, instrument, as_of: date) -> str:
    h = hashlib.sha256()
    h.update(__version__.encode())
    for f in sorted(files, key=lambda f: f.name):
        h.update(f"{f.name}:{f.sha256}\n".encode())
    h.update(settings.model_dump_json().encode())
    h.update(instrument.model_dump_json().encode())
    h.update(as_of.isoformat().encode())
    for sql in sorted(store.SQL_DIR.rglob("*.sql")):
        h.update(sql.read_bytes())
    return h.hexdigest()[:16]


def summary_json(result: RunResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str)

