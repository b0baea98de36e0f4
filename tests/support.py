"""Helpers shared by the pipeline tests: small real organisations and database dumps."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb

from pipelines.generate import generate


def small_org(folder: Path, employees: int = 120, months: int = 4, seed: int = 7) -> Path:
    """A generated, valid input folder (CSV files only; ground truth moved aside)."""
    generate(folder, employees=employees, months=months, seed=seed)
    for p in list(folder.iterdir()):
        if p.suffix.lower() != ".csv":
            p.unlink() if p.is_file() else shutil.rmtree(p)
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dump(db: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), for comparing builds by content."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("show tables").fetchall()]
        return {n: sorted(con.execute(f'select * from "{n}"').fetchall(), key=repr)
                for n in names if n not in skip}
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
