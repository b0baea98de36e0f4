"""Fill the staging tables of docs/working-database.md straight from pandas frames.

This is the contract between the lead's pipeline and the scoring models; tests use it to build
real DuckDB working databases without the ingest pipeline.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.instrument import Instrument, builtin_instrument
from pipelines.scoring.build import build_marts, write_params
from pipelines.settings import Settings

SCHEMAS: dict[str, dict[str, str]] = {
    "stg_org_months": {
        "team_id": "VARCHAR", "team_name": "VARCHAR", "department_id": "VARCHAR",
        "department_name": "VARCHAR", "month": "DATE", "headcount": "INTEGER",
        "fte": "DOUBLE", "source_file": "VARCHAR", "source_line": "BIGINT"},
    "stg_survey_responses": {
        "response_id": "VARCHAR", "team_id": "VARCHAR", "wave": "DATE",
        "source_file": "VARCHAR", "source_line": "BIGINT"},
    "stg_survey_answers": {
        "response_id": "VARCHAR", "wave": "DATE", "item": "VARCHAR", "value": "INTEGER"},
    "stg_absence_rows": {
        "employee_ref": "VARCHAR", "team_id": "VARCHAR", "start_date": "DATE",
        "end_date": "DATE", "incapacity_pct": "DOUBLE", "fte": "DOUBLE",
        "source_file": "VARCHAR", "source_line": "BIGINT"},
}


def _load(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame,
          schema: dict[str, str]) -> None:
    frame = frame.copy()
    for col in schema:
        if col not in frame.columns:
            frame[col] = f"{name}.csv" if col == "source_file" else (
                range(2, len(frame) + 2) if col == "source_line" else None)
    frame = frame[list(schema)]
    for col, typ in schema.items():
        if typ == "DATE":
            frame[col] = pd.to_datetime(frame[col])
        elif typ == "VARCHAR":
            frame[col] = frame[col].astype("string")
    casts = ", ".join(f"cast({c} as {t}) as {c}" for c, t in schema.items())
    con.register("_f", frame)
    con.execute(f"create or replace table {name} as select {casts} from _f")
    con.unregister("_f")


def write_staging(con: duckdb.DuckDBPyConnection, *, org: pd.DataFrame,
                  responses: pd.DataFrame, answers: pd.DataFrame, absence: pd.DataFrame,
                  as_of: date, instrument: Instrument | None = None,
                  settings: Settings | None = None) -> None:
    """Create every staging table. ``answers`` is long (response_id, wave, item, value)."""
    instrument = instrument or builtin_instrument("pulse")
    settings = settings or Settings()
    org = org.copy()
    for col, default in (("team_name", None), ("department_name", None)):
        if col not in org.columns:
            org[col] = org["team_id" if col == "team_name" else "department_id"]
        del default
    if "fte" not in org.columns:
        org["fte"] = org["headcount"] * 0.85
    _load(con, "stg_org_months", org, SCHEMAS["stg_org_months"])
    _load(con, "stg_survey_responses", responses, SCHEMAS["stg_survey_responses"])
    _load(con, "stg_survey_answers", answers, SCHEMAS["stg_survey_answers"])
    absence = absence.copy()
    if "incapacity_pct" not in absence.columns:
        absence["incapacity_pct"] = 100.0
    if "fte" not in absence.columns:
        absence["fte"] = 1.0
    _load(con, "stg_absence_rows", absence, SCHEMAS["stg_absence_rows"])
    items = pd.DataFrame(instrument.item_rows())
    con.register("_i", items)
    con.execute("""create or replace table instrument_items as select
        cast(item as varchar) item, cast(scale_id as varchar) scale_id,
        cast(block as varchar) block, cast(reversed as boolean) reversed,
        cast(min_value as integer) min_value, cast(max_value as integer) max_value from _i""")
    con.unregister("_i")
    scales = pd.DataFrame(instrument.scale_rows())
    con.register("_s", scales)
    con.execute("""create or replace table instrument_scales as select
        cast(scale_id as varchar) scale_id, cast(block as varchar) block,
        cast(label_nl as varchar) label_nl, cast(label_en as varchar) label_en,
        cast(min_value as integer) min_value, cast(max_value as integer) max_value,
        cast(cutoff_at_risk as double) cutoff_at_risk,
        cast(cutoff_very_high as double) cutoff_very_high,
        cast(n_items as integer) n_items from _s""")
    con.unregister("_s")
    con.execute("""create or replace table wave_instruments as
        select distinct wave, ? as instrument_name, ? as instrument_version
        from stg_survey_responses""", [instrument.name, instrument.version])
    con.execute("create or replace table run_context as select 'test-build' as build_id, "
                "cast(? as date) as as_of", [as_of])
    write_params(con, settings)


def build_database(path: Path, settings: Settings | None = None, **staging) -> tuple[
        duckdb.DuckDBPyConnection, list[str]]:
    """Write staging tables into a new DuckDB file at ``path`` and build the marts."""
    settings = settings or Settings()
    con = duckdb.connect(str(path))
    write_staging(con, settings=settings, **staging)
    marts = build_marts(con, settings)
    return con, marts


def answers_long(wide: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    """Wide survey rows (response_id, wave, item columns) -> staging long answers."""
    long = wide.melt(id_vars=["response_id", "wave"], value_vars=items, var_name="item",
                     value_name="value")
    return long[long["value"].notna()].reset_index(drop=True)
