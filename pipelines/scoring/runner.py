"""Execute the SQL models: each ``.sql`` file is one ``select`` that becomes a table of its name.

Files live in ``pipelines/sql/<layer>/<name>.sql``; the build (``build.py``) declares the
order. A model file holds only its query (import CTEs, step CTEs, ``select * from final``);
the runner wraps it in ``create or replace table``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LAYERS = ("intermediate", "marts")


def model_path(layer: str, name: str) -> Path:
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}")
    return SQL_DIR / layer / f"{name}.sql"


def run_model(con: duckdb.DuckDBPyConnection, layer: str, name: str) -> None:
    """Create (or replace) table ``name`` from ``sql/<layer>/<name>.sql``."""
    query = model_path(layer, name).read_text(encoding="utf-8").strip().rstrip(";")
    con.execute(f"create or replace table {name} as\n{query}")


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame,
                schema: dict[str, str]) -> None:
    """Create (or replace) table ``name`` from a DataFrame computed in Python, with the column
    types of ``schema`` (column -> DuckDB type), also when the frame is empty."""
    frame = frame.reindex(columns=list(schema))
    for col, typ in schema.items():
        if frame[col].dtype == object and typ in ("DOUBLE", "BIGINT", "INTEGER"):
            frame[col] = pd.to_numeric(frame[col])
        if frame[col].dtype == object and frame[col].isna().all():
            frame[col] = frame[col].astype("string")
    casts = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in schema.items())
    con.register("_scoring_frame", frame)
    try:
        con.execute(f"create or replace table {name} as select {casts} from _scoring_frame")
    finally:
        con.unregister("_scoring_frame")
