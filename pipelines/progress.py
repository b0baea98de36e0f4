"""Terminal progress and summary for ``draagkracht run`` (rich, on stderr)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.table import Table

_err = Console(stderr=True, log_path=False)


@contextlib.contextmanager
def reporter(quiet: bool) -> Iterator:
    if quiet:
        yield lambda step, detail: None
        return
    with _err.status("starting") as status:
        def progress(step: str, detail: str) -> None:
            status.update(f"[bold]{step}[/bold] {detail}")
            _err.log(f"{step}: {detail}")

        yield progress


def print_summary(result) -> None:
    table = Table(title=f"run {result.run_id}: {result.status}")
    for col in ("file", "kind", "read", "loaded", "rejected", "encoding", "delimiter",
                "decimal", "dates"):
        table.add_column(col)
    for f in result.files:
        d = f["dialect"]
        table.add_row(f["path"], f["kind"], str(f["rows_read"]), str(f["rows_loaded"]),
                      str(f["rows_rejected"]), d.get("encoding", ""), d.get("delimiter", ""),
                      d.get("decimal", ""), d.get("date_format", ""))
    _err.print(table)
    for r in result.refusals:
        where = ", ".join(x for x in (r.get("column") and f"column {r['column']}",
                                      r.get("line") and f"line {r['line']}") if x)
        _err.print(f"[red]refused[/red] [{r['rule']}] {r['message']}"
                   + (f" ({where})" if where else ""))
    if result.status == "published":
        from pipelines.ledger import memory_text

        _err.print(f"suppression memory: {memory_text(result.suppression_memory)}")
        _err.print(f"[green]published[/green] build {result.build_id} to {result.db}")
    _err.print(f"report: {result.report}")
