"""A team that moves to another department starts a new series there: its waves in the old
department are that department's figures, which the new department's manager may not see,
not even through a change, a bucket, a trend or a sparkline that carries them (independent
review: 10 of 10 balances of the old department read back off the Overview sparkline)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import db
from dashboard.users import Viewer

DEMO = Path(__file__).resolve().parents[2] / "data_samples" / "org_demo"
TEAM, OLD, NEW, MOVED = "team-0107", "afd-09", "afd-01", "2025-07-01"


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Path:
    """The demo with TEAM (red at the end, in OLD) moved to NEW from MOVED on."""
    from pipelines.run import run_pipeline

    root = tmp_path_factory.mktemp("moved")
    shutil.copytree(DEMO, root / "in")
    org = pd.read_csv(root / "in" / "org.csv", dtype=str, keep_default_na=False)
    new_name = org.loc[org["department_id"] == NEW, "department_name"].iloc[0]
    later = (org["team_id"] == TEAM) & (org["month"] >= MOVED)
    assert (org.loc[(org["team_id"] == TEAM) & ~later, "department_id"] == OLD).all()
    org.loc[later, ["department_id", "department_name"]] = [NEW, new_name]
    org.to_csv(root / "in" / "org.csv", index=False)
    result = run_pipeline(root / "in", root / "out" / "d.duckdb")
    assert result.status == "published", result.refusals
    return root / "out" / "d.duckdb"


def rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, [TEAM]).fetchall()
    finally:
        con.close()


def test_no_change_across_the_move(moved):
    changes = rows(moved, """select wave, department_id, stressor_change, recovery_change,
                                    balance_change
                             from team_wave_scores where team_id = ? order by wave""")
    first_new = next(i for i, r in enumerate(changes) if r[1] == NEW)
    assert changes[first_new - 1][1] == OLD
    assert changes[first_new][2:] == (None, None, None)
    assert all(c is not None for c in changes[first_new - 1][2:])
    assert all(c is not None for c in changes[first_new + 1][2:])


def test_risk_starts_afresh_in_the_new_department(moved):
    history = rows(moved, """select department_id, visible_waves, tier, bucket, reason_en
                             from team_risk_history where team_id = ? order by wave""")
    new = [r for r in history if r[0] == NEW]
    assert [r[1] for r in new] == list(range(1, len(new) + 1))
    assert new[0][2] == "insufficient_data"
    # the sentence says why the published waves before do not count
    assert new[0][4] == ("Too few waves for a trend since the members or the department "
                         "changed: 1, at least 5 needed.")
    assert all("since the members" not in r[4] for r in history if r[0] == OLD)
    # the old department's history had filled the bucket; the new series starts from one wave
    old_last = [r for r in history if r[0] == OLD][-1]
    assert old_last[3] > new[0][3]
    assert new[-1][2] == "red"  # flagged again on its own waves, so the sparkline is drawn


@pytest.mark.parametrize("viewer", [Viewer("hr", "hr", None),
                                    Viewer("m", "manager", (NEW,))])
def test_sparkline_shows_the_new_department_only(moved, monkeypatch, viewer):
    monkeypatch.setenv("DRAAGKRACHT_DB", str(moved))
    urgent = db.urgent_units(viewer)
    team = urgent[(urgent["level"] == "team") & (urgent["unit_id"] == TEAM)]
    assert len(team) == 1 and team.iloc[0]["department_id"] == NEW
    expected = [b for d, b in rows(moved, """select department_id, balance
                                             from team_risk_history
                                             where team_id = ? order by wave""") if d == NEW]
    assert list(team.iloc[0]["balance_history"]) == pytest.approx(expected)
