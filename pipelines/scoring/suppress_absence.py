"""Suppression of absence figures per month (reads and writes the working database).

People = headcount (org file) with k = anonymity.k_absence. The extra rule is dominance,
judged over the rolling window of ``int_employee_team_months_windowed``: a group whose
largest contributor supplies more than ``dominance_top1_share`` of its weighted sick days, or
its two largest more than ``dominance_top2_share``, is not published.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipelines.scoring.runner import write_table
from pipelines.scoring.suppression import (
    BELOW_K,
    PROTECTED,
    dominated,
    pool_id,
    suppress_period,
    unit_rows,
    units_frame,
    units_schema,
)
from pipelines.settings import Settings


def team_dominance(win: pd.DataFrame) -> pd.DataFrame:
    """Top-1, top-2 and total window days per team-month (vectorised)."""
    if win.empty:
        return pd.DataFrame(columns=["team_id", "month", "top1", "top2", "total"])
    w = win.sort_values(["team_id", "month", "window_days"], ascending=[True, True, False])
    rank = w.groupby(["team_id", "month"], sort=False).cumcount()
    g = w.assign(rank=rank)
    top1 = g[g["rank"] == 0].set_index(["team_id", "month"])["window_days"]
    top2 = g[g["rank"] == 1].set_index(["team_id", "month"])["window_days"]
    total = g.groupby(["team_id", "month"])["window_days"].sum()
    out = pd.DataFrame({"total": total})
    out["top1"] = top1.reindex(out.index).fillna(0.0)
    out["top2"] = top2.reindex(out.index).fillna(0.0)
    return out.reset_index()


def suppress_absence(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Write ``int_absence_units_suppressed`` and ``int_team_months_pooled``."""
    a = settings.anonymity
    cells = con.sql("""
        select team_id, department_id, month, headcount
        from int_team_months_absence_aggregated order by month, department_id, team_id
    """).df()
    win = con.sql("""
        select team_id, month, employee_ref, window_days
        from int_employee_team_months_windowed where window_days > 0
    """).df()
    dom = team_dominance(win)
    cells = cells.merge(dom, on=["team_id", "month"], how="left")
    for c in ("top1", "top2", "total"):
        cells[c] = cells[c].fillna(0.0)
    cells["dominated"] = dominated(cells["top1"].to_numpy(), cells["top2"].to_numpy(),
                                   cells["total"].to_numpy(), a.dominance_top1_share,
                                   a.dominance_top2_share)
    win_by_month = dict(tuple(win.groupby("month", sort=False))) if len(win) else {}

    units: list[dict] = []
    pooled: list[dict] = []
    for month, idx in cells.groupby("month", sort=True).indices.items():
        part = cells.iloc[idx].reset_index(drop=True)
        people = part["headcount"].to_numpy(dtype=float)
        primary = [BELOW_K if p < a.k_absence else (PROTECTED if d else None)
                   for p, d in zip(people, part["dominated"], strict=True)]
        group_ok = _dominance_check(part, win_by_month.get(month), a)
        res = suppress_period(part["department_id"].to_numpy(), people, primary, group_ok,
                              k=a.k_absence, min_groups=a.complement_min_groups,
                              make_pools=a.pool_hidden_teams,
                              sort_key=part["team_id"].to_numpy())
        units += unit_rows(part, res, "month", month)
        for d, members in res.pools.items():
            for i in members:
                pooled.append({"team_id": part["team_id"].iloc[i], "month": month,
                               "pool_id": pool_id(d)})
    write_table(con, "int_absence_units_suppressed", units_frame(units, "month"),
                units_schema("month"))
    write_table(con, "int_team_months_pooled",
                pd.DataFrame(pooled, columns=["team_id", "month", "pool_id"]),
                {"team_id": "VARCHAR", "month": "DATE", "pool_id": "VARCHAR"})


def _dominance_check(part: pd.DataFrame, rows: pd.DataFrame | None, a):
    """group_ok(mask) for one month: the union of the masked teams passes dominance."""
    if rows is None or rows.empty:
        return lambda mask: True
    team_pos = pd.Series(np.arange(len(part)), index=part["team_id"].to_numpy())
    row_team = team_pos.reindex(rows["team_id"].to_numpy()).to_numpy()
    keep = ~np.isnan(row_team.astype(float))
    row_team = row_team[keep].astype(int)
    emp, _ = pd.factorize(rows["employee_ref"].to_numpy()[keep])
    days = rows["window_days"].to_numpy(dtype=float)[keep]

    def group_ok(mask: np.ndarray) -> bool:
        sel = mask[row_team]
        if not sel.any():
            return True
        per_emp = np.bincount(emp[sel], weights=days[sel])
        total = per_emp.sum()
        if per_emp.size >= 2:
            top = np.partition(per_emp, per_emp.size - 2)[-2:]
            top1, top2 = float(top.max()), float(top.min())
        else:
            top1, top2 = float(per_emp.max()), 0.0
        return not bool(dominated(np.array([top1]), np.array([top2]), np.array([total]),
                                  a.dominance_top1_share, a.dominance_top2_share)[0])

    return group_ok
