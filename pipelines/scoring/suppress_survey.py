"""Suppression of survey figures per wave (reads and writes the working database).

People per team-wave = the smallest number of respondents over the instrument's measures, so
every published measure rests on at least k respondents. The extra rule is homogeneity: a
group whose mean on any measure sits exactly on the range bound (all gave the extreme answer)
reveals every member's score and is not published (domain.md §5 attack 5).

Band distributions (share of respondents per cut-off band) get a second pass per scale with
cut-offs: a distribution where nobody is in the normal band reveals that every member is at
risk, so it is withheld, with complementary suppression so it cannot be recovered from its
siblings. Since the reason is the value, such a team takes its whole department's
distributions with it (and a department with nobody normal the organisation's), so the
pattern does not point it out. The pass starts from the survey pattern, so it only ever hides
more.

Both passes first add what the previous publication hid (suppression_memory).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipelines.scoring.runner import write_table
from pipelines.scoring.suppression import (
    BELOW_K,
    ORG_ID,
    PROTECTED,
    group_passes,
    homogeneous,
    pool_id,
    suppress_period,
    unit_rows,
    units_frame,
    units_schema,
)
from pipelines.scoring.suppression_memory import Prior, bands, write_memory_applied
from pipelines.settings import Settings


def survey_cells(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, np.ndarray,
                                                          np.ndarray, pd.DataFrame]:
    """Team-wave cells with aligned (cells x measures) matrices of n and score sums."""
    cells = con.sql("""
        select team_id, department_id, wave, headcount, n_responses
        from int_team_waves_counted order by wave, department_id, team_id
    """).df()
    measures = con.sql("""
        select measure_kind, measure, lo, hi from int_measures_defined order by sort_order
    """).df()
    agg = con.sql("""
        select team_id, wave, measure_kind, measure, n, sum_score
        from int_team_waves_aggregated
    """).df()
    cells = cells.reset_index(drop=True)
    n_mat = np.zeros((len(cells), len(measures)))
    s_mat = np.zeros((len(cells), len(measures)))
    if len(agg) and len(cells):
        row = pd.Series(np.arange(len(cells)),
                        index=pd.MultiIndex.from_frame(cells[["team_id", "wave"]]))
        col = pd.Series(np.arange(len(measures)),
                        index=pd.MultiIndex.from_frame(measures[["measure_kind", "measure"]]))
        r = row.reindex(pd.MultiIndex.from_frame(agg[["team_id", "wave"]])).to_numpy()
        c = col.reindex(pd.MultiIndex.from_frame(agg[["measure_kind", "measure"]])).to_numpy()
        keep = ~(np.isnan(r.astype(float)) | np.isnan(c.astype(float)))
        r, c = r[keep].astype(int), c[keep].astype(int)
        n_mat[r, c] = agg["n"].to_numpy()[keep]
        s_mat[r, c] = agg["sum_score"].to_numpy()[keep]
    return cells, n_mat, s_mat, measures


def suppress_survey(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Write ``int_survey_units_suppressed``, ``int_team_waves_pooled`` and
    ``int_survey_distributions_suppressed``."""
    a = settings.anonymity
    cells, n_mat, s_mat, measures = survey_cells(con)
    lo = measures["lo"].to_numpy(dtype=float)
    hi = measures["hi"].to_numpy(dtype=float)
    people_all = n_mat.min(axis=1) if len(measures) else np.zeros(len(cells))
    homog_all = homogeneous(n_mat, s_mat, lo, hi) if len(measures) else np.zeros(len(cells), bool)

    band_counts = _band_counts(con, cells)
    prior = Prior.load(con, "survey")
    units: list[dict] = []
    pooled: list[dict] = []
    dists: list[dict] = []
    for wave, idx in cells.groupby("wave", sort=True).indices.items():
        part = cells.iloc[idx]
        n_w, s_w = n_mat[idx], s_mat[idx]
        people = people_all[idx]
        primary = [BELOW_K if p < a.k_survey else (PROTECTED if h else None)
                   for p, h in zip(people, homog_all[idx], strict=True)]

        def group_ok(mask: np.ndarray, n_w=n_w, s_w=s_w) -> bool:
            return not bool(homogeneous(n_w[mask].sum(axis=0), s_w[mask].sum(axis=0), lo, hi))

        res = prior.suppress(wave, part["team_id"], primary,
                             departments=part["department_id"].to_numpy(), people=people,
                             group_ok=group_ok, k=a.k_survey, min_groups=a.complement_min_groups,
                             make_pools=a.pool_hidden_teams,
                             sort_key=part["team_id"].to_numpy())
        units += unit_rows(part, res, "wave", wave)
        for d, members in res.pools.items():
            for i in members:
                pooled.append({"team_id": part["team_id"].iloc[i], "wave": wave,
                               "pool_id": pool_id(d)})
        for scale, (n_normal, n_banded) in band_counts.items():
            dists += _distribution_rows(part, res, wave, scale, n_normal[idx], n_banded[idx],
                                        settings, prior)
    write_table(con, "int_survey_distributions_suppressed", pd.DataFrame(
        dists, columns=["wave", "unit_kind", "unit_id", "scale_id", "distribution_visible"]),
        {"wave": "DATE", "unit_kind": "VARCHAR", "unit_id": "VARCHAR", "scale_id": "VARCHAR",
         "distribution_visible": "BOOLEAN"})
    write_table(con, "int_survey_units_suppressed", units_frame(units, "wave"),
                units_schema("wave"))
    write_table(con, "int_team_waves_pooled",
                pd.DataFrame(pooled, columns=["team_id", "wave", "pool_id"]),
                {"team_id": "VARCHAR", "wave": "DATE", "pool_id": "VARCHAR"})
    write_memory_applied(con, "survey", prior)


def _band_counts(con: duckdb.DuckDBPyConnection,
                 cells: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per scale with cut-offs: (n_normal, n_banded) aligned with ``cells``."""
    agg = con.sql("""
        select team_id, wave, measure as scale_id, n_normal, n_banded
        from int_team_waves_aggregated
        where measure_kind = 'scale' and n_banded > 0
    """).df()
    out = {}
    key = pd.MultiIndex.from_frame(cells[["team_id", "wave"]])
    for scale, g in agg.groupby("scale_id"):
        g = g.set_index(["team_id", "wave"])
        out[scale] = (g["n_normal"].reindex(key).fillna(0).to_numpy(dtype=float),
                      g["n_banded"].reindex(key).fillna(0).to_numpy(dtype=float))
    return out


def _distribution_rows(part: pd.DataFrame, res, wave, scale: str, n_normal: np.ndarray,
                       n_banded: np.ndarray, settings: Settings, prior: Prior) -> list[dict]:
    a = settings.anonymity
    figure = bands(scale)
    primary = [res.team_reason[i] if not res.team_visible[i]
               else (PROTECTED if n_normal[i] == 0 and n_banded[i] > 0 else None)
               for i in range(len(part))]
    primary = prior.teams(wave, figure, part["team_id"], primary)

    def group_ok(mask: np.ndarray) -> bool:
        return not (n_banded[mask].sum() > 0 and n_normal[mask].sum() == 0)

    # Withheld by its own rule, a distribution says its value (nobody normal), and beside
    # visible siblings the order of the complements (smallest first) points out which team
    # that was: a reviewer read such a team (all very high) and its complement off the
    # department total. So a department with such a team shows no team's, pool's or own
    # distribution of the scale that wave (it is hidden at organisation level, with the
    # complementary rule among departments), and a department with nobody normal takes
    # the organisation's, and so every distribution of the scale that wave, with it.
    depts = part["department_id"].to_numpy()
    own = {d for i, d in enumerate(depts)
           if res.team_visible[i] and n_normal[i] == 0 and n_banded[i] > 0}
    # the same for the teams the survey pass hid (its pool 'other teams'): with nobody
    # normal among them, their hidden pool distribution and its complement would follow
    # from the department total (second privacy review)
    hidden_teams = ~np.asarray(res.team_visible, dtype=bool)
    for d in set(depts):
        pool = hidden_teams & (depts == d)
        if pool.any() and not group_ok(pool):
            own.add(d)
    forced = prior.departments(wave, figure,
                               {d: PROTECTED for d, vis in res.dept_visible.items()
                                if not vis or d in own})
    org_primary = prior.organisation(wave, figure)
    if any(vis and not group_ok(depts == d) for d, vis in res.dept_visible.items()):
        org_primary = PROTECTED

    dist = suppress_period(part["department_id"].to_numpy(), n_banded, primary, group_ok,
                           k=a.k_survey, min_groups=a.complement_min_groups,
                           make_pools=a.pool_hidden_teams, sort_key=part["team_id"].to_numpy(),
                           dept_primary=forced, org_primary=org_primary)
    teams = part["team_id"].to_numpy()

    def passes(group: set[str]) -> bool:
        return group_passes(np.isin(teams, list(group)), n_banded, a.k_survey,
                            a.complement_min_groups, group_ok)

    rows = [{"wave": wave, "unit_kind": "team", "unit_id": t, "scale_id": scale,
             "distribution_visible": bool(res.team_visible[i] and dist.team_visible[i])}
            for i, t in enumerate(part["team_id"])]
    rows += [{"wave": wave, "unit_kind": "department", "unit_id": d, "scale_id": scale,
              "distribution_visible": bool(vis and dist.dept_visible[d])}
             for d, vis in res.dept_visible.items()]
    rows += [{"wave": wave, "unit_kind": "pool", "unit_id": pool_id(d), "scale_id": scale,
              "distribution_visible": sorted(dist.pools.get(d, [])) == sorted(members)
              and not prior.pool_hidden(wave, figure, pool_id(d))
              and prior.pool_change_ok(wave, figure, pool_id(d),
                                       set(part["team_id"].iloc[members]), passes)}
             for d, members in res.pools.items()]
    rows.append({"wave": wave, "unit_kind": "organisation", "unit_id": ORG_ID,
                 "scale_id": scale,
                 "distribution_visible": bool(res.org_visible and dist.org_visible)})
    return rows
