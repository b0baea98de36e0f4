"""Run ledger, readable run reports and the published meta tables.

Every run, refused ones included, is appended to ``runs.jsonl`` in the working folder (one JSON
object per line, fsynced). The published ``runs`` table is rebuilt from the ledger at each
build, so refused runs are carried from build to build without ever touching a published file.
Nothing here stores a raw cell value: only names, counts, rules and line numbers.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipelines.publish import Layout

RUN_COLUMNS = ["run_id", "started_at", "finished_at", "status", "build_id", "as_of",
               "data_dir", "n_files", "rows_read", "rows_loaded", "rows_rejected",
               "n_refusals", "message", "suppression_carried_from", "suppression_cells_carried",
               "suppression_forgotten"]


def _total(files: list[dict], key: str) -> int | None:
    """Sum over the files; None when a file has no count (refused before that stage)."""
    values = [f[key] for f in files]
    return None if any(v is None for v in values) else sum(values)


def count_text(value) -> str:
    return "-" if value is None else str(value)


def read_ledger(layout: Layout) -> list[dict]:
    if not layout.ledger.exists():
        return []
    entries = []
    for line in layout.ledger.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut short by a killed run
    return entries


def _entry(result, started: datetime, data_dir: Path, finished: datetime) -> dict:
    memory = result.suppression_memory or {}
    return {
        "run_id": result.run_id,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "status": result.status,
        "build_id": result.build_id if result.status == "published" else None,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "data_dir": str(data_dir),
        "n_files": len(result.files),
        "rows_read": _total(result.files, "rows_read"),
        "rows_loaded": _total(result.files, "rows_loaded"),
        "rows_rejected": _total(result.files, "rows_rejected"),
        "n_refusals": len(result.refusals),
        "message": result.refusals[0]["message"] if result.refusals else "",
        # the suppression pattern the run carried over (docs/scoring.md, Across builds): the
        # same input over another history can withhold more under the same build id
        "suppression_carried_from": memory.get("from_build"),
        "suppression_cells_carried": memory.get("cells"),
        "suppression_forgotten": memory.get("forgotten"),
        "expectations": result.expectations,
    }


def record(layout: Layout, result, started: datetime, data_dir: Path) -> Path:
    """Append the run to the ledger and write its report; returns the report path."""
    finished = datetime.now(UTC)
    entry = _entry(result, started, data_dir, finished)
    layout.prepare()
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    fd = os.open(layout.ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # A killed run may have left a partial line: start on a fresh line.
        if os.fstat(fd).st_size and not _ends_with_newline(layout.ledger):
            os.write(fd, b"\n")
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    report = layout.reports / f"{result.run_id}.md"
    report.write_text(render_report(result, entry), encoding="utf-8")
    (layout.reports / f"{result.run_id}.json").write_text(
        json.dumps({**result.to_json(), "rejected_by_rule": _by_rule(result.rejected),
                    # every quarantined row, as the published rejected_rows table has them
                    # (no values): a refused run publishes no table, so this is where its
                    # rows are found
                    "rejected_rows": [{k: r.get(k) for k in ("file", "line", "column",
                                                              "rule", "message")}
                                      for r in sorted(result.rejected, key=_row_order)],
                    "expectations": result.expectations}, ensure_ascii=False, indent=2,
                   default=str), encoding="utf-8")
    return report


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def _row_order(r: dict) -> tuple:
    return (r["file"], r["line"] or 0, r["column"] or "", r["rule"])


def _by_rule(rejected: list[dict]) -> list[dict]:
    c = Counter((r["file"], r["column"], r["rule"]) for r in rejected)
    return [{"file": f, "column": col, "rule": rule, "rows": n}
            for (f, col, rule), n in sorted(c.items(), key=lambda x: (x[0][0], -x[1]))]


def memory_text(memory: dict | None) -> str:
    """One line on what the earlier builds' suppression pattern did to this build."""
    if not memory:
        return "-"
    text = memory["note"]
    if not memory.get("cells"):
        # nothing carried: no cell is kept hidden by it and every withheld cell is new
        return text
    if memory.get("from_build"):
        text += f" {memory['from_build']}"
    text += f": {memory['cells']} withheld cells"
    if memory.get("earlier_only"):
        text += f" ({memory['earlier_only']} of them from earlier builds only)"
    applied = memory.get("applied") or {}
    if applied:
        text += "; " + "; ".join(
            f"{source}: {a['teams_kept_hidden']} team-periods hidden only because of it "
            f"(a fresh judgement would show them), {a['newly_withheld']} cells withheld for "
            "the first time" for source, a in applied.items())
    return text


def audit_text(audit: dict | None) -> str:
    """One line on what the closure audit withheld (docs/scoring.md, Anonymity point 5)."""
    if not audit:
        return "-"
    withheld = audit["withheld_counts"] + audit["withheld_details"] + audit["withheld_figures"]
    if not withheld:
        text = ("no chain over months pins one or two spells closed, or a shown rate to one or "
                "two spells running; nothing withheld")
    else:
        text = (f"{withheld} figures withheld so that no chain over months pins one or two "
                f"spells closed, or a shown rate to one or two spells running (spells started "
                f"{audit['withheld_counts']}, details {audit['withheld_details']}, whole "
                f"months {audit['withheld_figures']}; audit rounds: {audit['rounds']})")
    if audit["unresolved"]:
        text += (f"; WARNING: {audit['unresolved']} team- or department-months still have "
                 "one or two spells closed or running that the published figures pin")
    if audit.get("unaudited_departments"):
        text += (f"; WARNING: {audit['unaudited_departments']} departments not audited (their "
                 "figures do not chain per team, e.g. spells moving between teams)")
    return text


def render_report(result, entry: dict) -> str:
    lines = [f"# Draagkracht run {result.run_id}", "",
             f"- status: **{result.status}**",
             f"- build: {result.build_id or '-'}",
             f"- reference date: {entry['as_of'] or '-'}",
             f"- data folder: {entry['data_dir']}",
             f"- rows read {count_text(entry['rows_read'])}, loaded "
             f"{count_text(entry['rows_loaded'])}, rejected {count_text(entry['rows_rejected'])}"
             + (" (not judged: refused before the build)" if entry["rows_loaded"] is None
                else ""),
             f"- suppression memory: {memory_text(result.suppression_memory)}",
             f"- closure audit: {audit_text(result.closure_audit)}", ""]
    if result.refusals:
        lines += ["## Refused", "", "| file | column | line | rule | message |",
                  "|---|---|---|---|---|"]
        for r in result.refusals:
            lines.append(f"| {r.get('file')} | {r.get('column') or ''} | {r.get('line') or ''} "
                         f"| {r['rule']} | {r['message']} |")
        lines.append("")
    if result.files:
        lines += ["## Files", "", "| file | kind | read | loaded | rejected | encoding | "
                  "delimiter | decimal | dates | sha256 |", "|---|---|---|---|---|---|---|---|---|---|"]
        for f in result.files:
            d = f["dialect"]
            lines.append(
                f"| {f['path']} | {f['kind']} | {count_text(f['rows_read'])} | "
                f"{count_text(f['rows_loaded'])} | "
                f"{count_text(f['rows_rejected'])} | {d.get('encoding_note', d.get('encoding', ''))} | "
                f"{d.get('delimiter_note', '')} | {d.get('decimal_note', '')} | "
                f"{d.get('date_note', '')} | {f['sha256'][:12]} |")
        lines.append("")
    by_rule = _by_rule(result.rejected)
    if by_rule:
        lines += ["## Quarantined rows by rule", "", "| file | column | rule | rows |",
                  "|---|---|---|---|"]
        lines += [f"| {r['file']} | {r['column'] or ''} | {r['rule']} | {r['rows']} |"
                  for r in by_rule]
        lines += ["", f"Every quarantined row (file, line, column, rule) is listed in "
                      f"`{result.run_id}.json` beside this report.", ""]
    if result.expectations:
        failed = [e for e in result.expectations if not e["success"]]
        lines += ["## Validation (Great Expectations)", "",
                  f"{len(result.expectations)} expectations, {len(failed)} with unexpected rows.",
                  ""]
    return "\n".join(lines)


def meta_tables(layout: Layout, result, build_id: str, as_of, sources: dict,
                instrument) -> dict[str, pd.DataFrame]:
    """The published meta tables for this build (ledger history plus this run)."""
    history = read_ledger(layout)
    current = _entry(result, datetime.now(UTC), Path(sources.get("data_dir", "")),
                     datetime.now(UTC))
    current.update(status="published", build_id=build_id, data_dir="")
    entries = [e for e in history if e["run_id"] != result.run_id] + [current]
    runs = pd.DataFrame([{k: e.get(k) for k in RUN_COLUMNS} for e in entries],
                        columns=RUN_COLUMNS)
    runs = runs.astype({"suppression_cells_carried": "Int64", "n_files": "Int64",
                        "rows_read": "Int64", "rows_loaded": "Int64", "rows_rejected": "Int64"})
    validation = pd.DataFrame(
        [{"run_id": e["run_id"], **x} for e in entries for x in e.get("expectations", [])],
        columns=["run_id", "source", "expectation", "column", "rule", "element_count",
                 "unexpected_count", "success"])
    files = pd.DataFrame([{
        "build_id": build_id, "file": f["path"], "kind": f["kind"], "sha256": f["sha256"],
        "encoding": f["dialect"].get("encoding"), "delimiter": f["dialect"].get("delimiter"),
        "decimal": f["dialect"].get("decimal"), "date_format": f["dialect"].get("date_format"),
        "dialect_notes": json.dumps(f["dialect"], ensure_ascii=False, sort_keys=True),
        "dropped_columns": ",".join(f.get("dropped_columns", [])),
        "rows_read": f["rows_read"], "rows_loaded": f["rows_loaded"],
        "rows_rejected": f["rows_rejected"]} for f in result.files])
    rejected = pd.DataFrame(
        [{"build_id": build_id, "file": r["file"], "line": int(r["line"]),
          "column": r["column"], "rule": r["rule"], "message": r["message"]}
         for r in result.rejected],
        columns=["build_id", "file", "line", "column", "rule", "message"])
    rejected = rejected.astype({"line": "int64", "column": "object"})
    info = pd.DataFrame([{
        "build_id": build_id, "as_of": as_of, "pipeline_version": _version(),
        "instrument_name": instrument.name, "instrument_version": instrument.version,
        "instrument_source": sources.get("instrument"),
        "settings_source": sources.get("settings") or "defaults"}])
    return {"runs": runs, "validation_runs": validation, "input_files": files,
            "rejected_rows": rejected, "build_info": info}


def _version() -> str:
    from pipelines import __version__

    return __version__
