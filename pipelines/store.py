"""The pipeline's only DuckDB writer: the working database and the published copy.

The working database holds person-level staging tables (docs/working-database.md) and the
marts computed from them. The published database receives only the marts and the meta tables
(``PUBLISHED_META``) the dashboard may read. Every published table is written in a fixed row
order so that the same input always gives the same table contents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.instrument import Instrument
from pipelines.scoring.suppression import ORG_ID
from pipelines.settings import Settings

SQL_DIR = Path(__file__).parent / "sql"
PUBLISHED_META = ("runs", "input_files", "rejected_rows", "validation_runs", "org_structure",
                  "instrument_scales", "instrument_items", "params", "build_info")


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    # One thread: parallel aggregation adds floating-point numbers in a varying order, and the
    # same input must give bit-identical tables.
    return duckdb.connect(str(path), config={"threads": 1})


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


def _load_frame(con, name: str, frame: pd.DataFrame, order: str) -> None:
    con.register("_frame", frame)
    con.execute(f"create or replace table {name} as select * from _frame order by {order}")
    con.unregister("_frame")


def flatten_params(settings: Settings) -> pd.DataFrame:
    rows = []
    for section, model in settings:
        if section == "input":
            continue
        for name, value in model.model_dump().items():
            if isinstance(value, bool | int | float):
                rows.append({"section": section, "name": name, "value": float(value)})
    return pd.DataFrame(rows, columns=["section", "name", "value"])


def _insert(con, name: str, frame: pd.DataFrame, order: str) -> None:
    con.register("_frame", frame)
    cols = ", ".join(frame.columns)
    con.execute(f"insert into {name} ({cols}) select {cols} from _frame order by {order}")
    con.unregister("_frame")


def write_staging(con: duckdb.DuckDBPyConnection, *, org: pd.DataFrame, survey: pd.DataFrame,
                  absence: pd.DataFrame, instrument: Instrument, settings: Settings,
                  build_id: str, as_of) -> None:
    """Fill the staging tables of docs/working-database.md from validated frames."""
    run_sql_file(con, SQL_DIR / "staging" / "stg_tables.sql")
    org_cols = ["team_id", "team_name", "department_id", "department_name", "month",
                "headcount", "fte", "source_file", "source_line"]
    _insert(con, "stg_org_months", org[org_cols], "team_id, month")
    resp = survey[["response_id", "team_id", "wave", "source_file", "source_line"]]
    _insert(con, "stg_survey_responses", resp, "wave, response_id")
    items = instrument.items
    con.register("_wide", survey[["response_id", "wave", *items]])
    on = ", ".join(f'"{i}"' for i in items)
    con.execute(f"""
        insert into stg_survey_answers (response_id, wave, item, value)
        select response_id, wave, item, value::integer
        from (unpivot _wide on {on} into name item value value)
        order by wave, response_id, item
    """)  # UNPIVOT leaves out NULLs: unanswered items get no row
    con.unregister("_wide")
    a = absence[["employee_ref", "team_id", "start_date", "end_date", "incapacity_pct", "fte",
                 "source_file", "source_line"]]
    _insert(con, "stg_absence_rows", a, "employee_ref, start_date")

    _load_frame(con, "instrument_items", pd.DataFrame(instrument.item_rows()), "item")
    _load_frame(con, "instrument_scales", pd.DataFrame(instrument.scale_rows()), "scale_id")
    waves = sorted({w.date() for w in resp["wave"]})
    _load_frame(con, "wave_instruments", pd.DataFrame({
        "wave": pd.Series(waves, dtype="object"),
        "instrument_name": instrument.name,
        "instrument_version": instrument.version}), "wave")
    _load_frame(con, "run_context", pd.DataFrame({"build_id": [build_id], "as_of": [as_of]}),
                "build_id")
    _load_frame(con, "params", flatten_params(settings), "section, name")


PRIOR_TABLES = {
    "prior_suppressed_cells": "source VARCHAR, period DATE, unit_kind VARCHAR, unit_id VARCHAR, "
                              "figure VARCHAR",
    "prior_pool_members": "source VARCHAR, period DATE, pool_id VARCHAR, members_key VARCHAR",
    "prior_units": "source VARCHAR, period DATE, unit_kind VARCHAR, unit_id VARCHAR",
    "prior_shown_cells": "source VARCHAR, period DATE, unit_kind VARCHAR, unit_id VARCHAR, "
                         "figure VARCHAR",
}
# every unit a build published a row for (shown or withheld); grain: source, period, unit
UNITS_SQL = """
    select 'survey' as source, wave as period, unit_kind, team_id as unit_id
    from {db}.team_wave_scores
    union all
    select 'survey', wave, 'department', department_id from {db}.department_wave_scores
    union all
    select 'survey', wave, 'organisation', '""" + ORG_ID + """' from {db}.org_wave_scores
    union all
    select 'absence', month, unit_kind, team_id from {db}.team_month_absence
    union all
    select 'absence', month, 'department', department_id from {db}.department_month_absence
    union all
    select 'absence', month, 'organisation', '""" + ORG_ID + """' from {db}.org_month_absence
"""
UNIT_MARTS = {"team_wave_scores", "department_wave_scores", "org_wave_scores",
              "team_month_absence", "department_month_absence", "org_month_absence"}
# the figures a build withheld that the builds before it had shown: the unit was published
# before (prior_units) and no earlier build withheld the figure or a wider one. An absence
# cell stands for the narrower figures it implies (figures > counts > details); a survey
# 'figures' cell for its band distributions, which stay implied (Prior.published).
# grain: source, period, unit, figure
SHOWN_SQL = """
    with implied (source, figure, level) as (
        values ('absence', 'figures', 'figures'), ('absence', 'figures', 'counts'),
            ('absence', 'figures', 'details'), ('absence', 'counts', 'counts'),
            ('absence', 'counts', 'details'), ('absence', 'details', 'details')
    ),
    withheld_now as (
        select c.source, c.period, c.unit_kind, c.unit_id, coalesce(i.level, c.figure) as figure
        from {db}.suppressed_cells as c
        left join implied as i on i.source = c.source and i.figure = c.figure
    ),
    withheld_before as (
        select c.source, c.period, c.unit_kind, c.unit_id, coalesce(i.level, c.figure) as figure
        from {db}.prior_suppressed_cells as c
        left join implied as i on i.source = c.source and i.figure = c.figure
    )
    select n.* from withheld_now as n
    semi join {db}.prior_units as u
        on u.source = n.source and u.period = n.period and u.unit_kind = n.unit_kind
        and u.unit_id = n.unit_id
    anti join withheld_before as b
        on b.source = n.source and b.period = n.period and b.unit_kind = n.unit_kind
        and b.unit_id = n.unit_id and (b.figure = n.figure or b.figure = 'figures')
"""
POOL_MEMBERS_SQL = """
    select 'survey' as source, wave as period, pooled_into as pool_id,
        string_agg(team_id, '|' order by team_id) as members_key
    from {db}.team_wave_scores where pooled_into is not null group by all
    union all
    select 'absence', month, pooled_into, string_agg(team_id, '|' order by team_id)
    from {db}.team_month_absence where pooled_into is not null group by all
"""


def write_prior_suppression(con: duckdb.DuckDBPyConnection, published: Path | None,
                            earlier: Path | None = None) -> dict:
    """Fill the prior tables of the working database for the suppression memory
    (pipelines/scoring/suppression_memory.py): every cell an earlier build withheld
    (``prior_suppressed_cells``), every membership a pool had (``prior_pool_members``),
    every unit a build published a row for (``prior_units``) and every figure a build
    withheld that the builds before it had shown (``prior_shown_cells``, worked out from the
    previous working database, which holds both that build's cells and the memory it read).

    Read from the live published database ``published`` (its ``suppressed_cells`` and the
    pools' members from ``pooled_into``) and from the previous working database ``earlier``
    (the same of the build that made it, which a rollback of the published file does not
    undo, plus the prior tables that build received: every build before it). ``published``
    None (``--forget-suppression``) leaves both empty. Returns ``{"from_build", "cells",
    "earlier_only", "note"}``: the live build, the cells carried, and how many of them the
    live build does not withhold itself.

    Raises ``PriorUnreadable`` when a file exists but cannot be read: building without its
    pattern could publish what it hid, so the run stops instead."""
    for name, cols in PRIOR_TABLES.items():
        con.execute(f"create or replace table {name} ({cols})")
    info = {"from_build": None, "cells": 0, "earlier_only": 0}
    if published is None:
        return info | {"note": "forgotten (--forget-suppression)", "forgotten": True}
    if earlier is not None and earlier.exists():
        with _attached(con, earlier, "prior_pub") as tables:
            _read_pattern(con, tables)
            current = {name for name in PRIOR_TABLES
                       if name in tables and _same_columns(con, name)}
            for name in current:
                con.execute(f"insert into {name} select * from prior_pub.{name}")
            if {"prior_suppressed_cells", "prior_units"} <= current \
                    and "suppressed_cells" in tables:
                con.execute("insert into prior_shown_cells " + SHOWN_SQL.format(db="prior_pub"))
    note, has_live = "nothing published yet", False
    if published.exists():
        with _attached(con, published, "prior_pub") as tables:
            rows = (con.execute("select build_id from prior_pub.build_info limit 1").fetchall()
                    if "build_info" in tables else [])
            info["from_build"] = rows[0][0] if rows else None
            _read_pattern(con, tables)
            note = ("carried over from the published build" if "suppressed_cells" in tables
                    else "the published build has no suppressed_cells (older version)")
            has_live = "suppressed_cells" in tables
            if has_live:
                con.execute("create temporary table _live as select source, period, "
                            "unit_kind, unit_id, figure from prior_pub.suppressed_cells")
    for name in PRIOR_TABLES:
        con.execute(f"create or replace table {name} as "
                    f"select distinct * from {name} order by all")
    # a narrower withheld figure (counts, details, bands) implied by a wider one of the same
    # unit and period adds nothing
    con.execute("""
        delete from prior_suppressed_cells as c where c.figure <> 'figures' and exists (
            select 1 from prior_suppressed_cells as w
            where w.source = c.source and w.period = c.period and w.unit_kind = c.unit_kind
                and w.unit_id = c.unit_id
                and (w.figure = 'figures' or (c.figure = 'details' and w.figure = 'counts')))
    """)
    info["cells"] = _count(con, "prior_suppressed_cells")
    info["earlier_only"] = int(con.execute(
        "select count(*) from (select * from prior_suppressed_cells except select * from _live)"
        if has_live else "select count(*) from prior_suppressed_cells").fetchall()[0][0])
    if has_live:
        con.execute("drop table _live")
    return info | {"note": note, "forgotten": False}


def _read_pattern(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """Add the withheld cells and pool memberships of the attached ``prior_pub`` build."""
    if "suppressed_cells" in tables:
        con.execute("""
            insert into prior_suppressed_cells
            select source, period, unit_kind, unit_id, figure from prior_pub.suppressed_cells
        """)
    if {"team_wave_scores", "team_month_absence"} <= tables:
        con.execute("insert into prior_pool_members "
                    + POOL_MEMBERS_SQL.format(db="prior_pub"))
    if tables >= UNIT_MARTS | {"suppressed_cells"}:  # an older build's withheld cells are
        # unknown: its units would make every figure of it count as published
        con.execute("insert into prior_units " + UNITS_SQL.format(db="prior_pub"))


def _same_columns(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Does ``prior_pub.<table>`` have the columns of the working table (not an older form)?"""
    cols = [con.execute("select column_name from duckdb_columns() where database_name = ? "
                        "and table_name = ? order by column_index", [db, table]).fetchall()
            for db in ("prior_pub", con.execute("select current_database()").fetchall()[0][0])]
    return cols[0] == cols[1]


@contextmanager
def _attached(con: duckdb.DuckDBPyConnection, path: Path, alias: str) -> Iterator[set[str]]:
    """Attach ``path`` read-only as ``alias``; yields its table names."""
    quoted = str(path).replace("'", "''")
    try:
        con.execute(f"attach '{quoted}' as {alias} (read_only)")
    except duckdb.Error as e:
        raise PriorUnreadable(path, f"{path}: cannot be read ({e})") from e
    try:
        yield {r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = ?", [alias]
        ).fetchall()}
    finally:
        con.execute(f"detach {alias}")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"select count(*) from {table}").fetchall()[0][0])


def memory_applied(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per source: the team-periods hidden only because of the suppression memory (a fresh
    judgement would show them; ``int_suppression_memory_<source>``) and the cells this build
    withholds that no earlier one did."""
    out = {}
    for source in ("survey", "absence"):
        kept = con.execute(
            f"select teams_kept_hidden from int_suppression_memory_{source}").fetchall()[0][0]
        new = con.execute("""
            select count(*) from (
                select source, period, unit_kind, unit_id, figure from suppressed_cells
                where source = $s
                except
                select source, period, unit_kind, unit_id, figure from prior_suppressed_cells
                where source = $s)
        """, {"s": source}).fetchall()[0][0]
        out[source] = {"teams_kept_hidden": int(kept), "newly_withheld": int(new)}
    return out


def closure_audit(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """What the closure audit of the absence suppression withheld (``int_closure_audit``:
    rounds, withheld_counts, withheld_details, withheld_figures, unresolved)."""
    row = con.execute("select * from int_closure_audit").df().iloc[0]
    return {k: int(v) for k, v in row.items()}


class PriorUnreadable(RuntimeError):
    """The live published database (or the previous working database) exists but its
    suppression pattern cannot be read."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def loaded_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows loaded per source file, counted in the database itself."""
    rows = con.execute("""
        select source_file, count(*) from stg_org_months group by all
        union all
        select source_file, count(*) from stg_survey_responses group by all
        union all
        select source_file, count(*) from stg_absence_rows group by all
    """).fetchall()
    return {f: int(n) for f, n in rows}


def write_published(path: Path, work_path: Path, marts: list[str],
                    meta: dict[str, pd.DataFrame]) -> None:
    """Create the published database: marts copied from the working build plus meta tables."""
    con = connect(path)
    try:
        con.execute(f"attach '{work_path}' as work (read_only)")
        for name in marts:
            con.execute(f"create table {name} as select * from work.{name} order by all")
        con.execute("""
            create table org_structure as
            select team_id, team_name, department_id, department_name, month, headcount, fte
            from work.stg_org_months order by department_id, team_id, month
        """)
        for name in ("instrument_scales", "instrument_items", "params"):
            con.execute(f"create table {name} as select * from work.{name} order by all")
        con.execute("detach work")
        for name, frame in meta.items():
            _load_frame(con, name, frame, "all")
        con.execute("checkpoint")
    finally:
        con.close()


def write_rejected_raw(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Quarantined rows with all their cells, kept in the working database only."""
    frame = pd.DataFrame(rows, columns=["source_file", "source_line", "rules", "cells"])
    frame["cells"] = frame["cells"].map(lambda c: json.dumps(c, ensure_ascii=False))
    _load_frame(con, "rejected_raw", frame, "source_file, source_line")
