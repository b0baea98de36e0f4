"""Terminal progress and summary for ``draagkracht run`` (rich, on stderr)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich import box
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
    from pipelines.ledger import count_text

    table = Table(title=f"run {result.run_id}: {result.status}", box=box.SIMPLE_HEAD,
                  caption="dialect: encoding, delimiter, decimal mark, dates")
    table.add_column("file", no_wrap=True)
    table.add_column("kind")
    for col in ("read", "loaded", "rejected"):
        table.add_column(col, justify="right")
    table.add_column("dialect")
    for f in result.files:
        d = f["dialect"]
        dialect = "  ".join(str(d.get(key) or "-") for key in
                            ("encoding", "delimiter", "decimal", "date_format"))
        table.add_row(f["path"], f["kind"],
                      *(count_text(f[k]) for k in ("rows_read", "rows_loaded", "rows_rejected")),
                      dialect)
    _err.print(table)
    for r in result.refusals:
        where = ", ".join(x for x in (r.get("column") and f"column {r['column']}",
                                      r.get("line") and f"line {r['line']}") if x)
        _err.print(f"[red]refused[/red] [{r['rule']}] {r['message']}"
                   + (f" ({where})" if where else ""))
    if result.status == "published":
        from pipelines.ledger import audit_text, memory_text

        _err.print(f"suppression memory: {memory_text(result.suppression_memory)}")
        _err.print(f"closure audit: {audit_text(result.closure_audit)}")
        _err.print(f"[green]published[/green] build {result.build_id} to {result.db}")
    _err.print(f"report: {result.report}")
