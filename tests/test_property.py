"""Property: random valid and corrupted inputs never crash a run, and read = loaded + rejected."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.run import run_pipeline
from tests.support import query, small_org

CORRUPTIONS = ["", "0", "6", "9", "-1", "abc", "=1+1", "2025-13-45", "31-02-2025", "1,5",
               "1.5", "9999", "T_UNKNOWN", '"', "é€", "  ", "2099-01-01", "NaN", "1e3"]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return small_org(tmp_path_factory.mktemp("prop"), employees=60, months=3, seed=5)


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


edits = st.lists(
    st.tuples(st.sampled_from(["org", "survey", "absence"]), st.integers(0, 10_000),
              st.integers(0, 50), st.sampled_from(CORRUPTIONS)),
    max_size=12)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits, drop_line=st.booleans(), share=st.sampled_from([0.02, 1.0]))
def test_random_inputs_never_crash_and_counts_reconcile(base, tmp_path_factory, edits,
                                                        drop_line, share):
    folder = tmp_path_factory.mktemp("case")
    for p in base.iterdir():
        shutil.copy(p, folder / p.name)
    (folder / "draagkracht.toml").write_text(f"[input]\nmax_rejected_share = {share}\n")
    files = {k: sorted(folder.glob(f"{k}*.csv"))[0] for k in ("org", "survey", "absence")}
    for kind, row, col, value in edits:
        rows = _cells(files[kind])
        r = 1 + row % (len(rows) - 1)
        rows[r][col % len(rows[r])] = value
        if drop_line:
            rows[r] = rows[r][:-1]
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(rows)
        files[kind].write_text(out.getvalue(), encoding="utf-8")
    db = folder / "out" / "d.duckdb"
    result = run_pipeline(folder, db)
    assert result.status in ("published", "refused")
    if result.status == "refused":
        assert result.refusals and all(r["rule"] and r["file"] for r in result.refusals)
    for f in result.files:
        if f["rows_loaded"] or f["rows_rejected"]:
            assert f["rows_read"] == f["rows_loaded"] + f["rows_rejected"]
    if result.status == "published":
        stored = dict(query(db, "select file, rows_loaded + rows_rejected from input_files"))
        assert stored == {f["path"]: f["rows_read"] for f in result.files}
