"""Suppression of absence figures per month (reads and writes the working database).

People = headcount (org file) with k = anonymity.k_absence. The extra rule is dominance,
judged over the rolling window of ``int_employee_team_months_windowed``: a group whose
largest contributor supplies more than ``dominance_top1_share`` of its weighted sick days, or
its two largest more than ``dominance_top2_share``, is not published.

The window keeps one long spell from blanking every month, but inside a published month one
or two people may still supply all the days. The absence rate is then shown; what would say
how many people those days belong to is not. Two narrower passes, each with the same
complementary suppression within each department and over the organisation (a figure hidden
in one team is not left to subtraction from its department):

- *counts*: the spells started (notification frequency). Chained over months with the spells
  closed they give the number of spells running in a month (running = running last month -
  closed last month + started; none after a month at 0 %), so with the rate one person's
  days. Published only where the month alone passes the dominance rule on the sick days per
  person: then at least three people were absent, whatever the chain says.
- *details*, within the counts: the zero-absence share (with the headcount: how many people
  were absent), the mean duration of the spells closed in the month (one spell: its length)
  and the spells closed, in total and per duration band (one spell closed: with the spells
  started before it, a bound on its length, and its length class). Published only where the
  month alone also passes the rule on the closed spells' days per person.

A pool publishes counts only where its department does, it passes on its own, and the
department's visible teams that lost their counts (what the department minus its teams and
the pool then leaves) are none or pass together (:func:`_pools_with_counts`); it publishes
no details.

Every pass first adds what the previous publication withheld at its level
(suppression_memory).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd

from pipelines.scoring.closure_audit import Withheld, pinned_closures, shown_flags, unaudited
from pipelines.scoring.runner import write_table
from pipelines.scoring.suppression import (
    BELOW_K,
    ORG_ID,
    PROTECTED,
    PeriodResult,
    dominated,
    group_passes,
    pool_id,
    suppress_period,
    unit_rows,
    units_schema,
)
from pipelines.scoring.suppression_memory import (
    COUNTS,
    DETAILS,
    Prior,
    write_memory_applied,
)
from pipelines.settings import Settings

MAX_AUDIT_ROUNDS = 12  # each round withholds at least one more figure (closure_audit.py)


def team_dominance(win: pd.DataFrame, value: str = "window_days") -> pd.DataFrame:
    """Top-1, top-2 and total of ``value`` (days per employee) per team-month (vectorised)."""
    if win.empty:
        return pd.DataFrame(columns=["team_id", "month", "top1", "top2", "total"])
    w = win.sort_values(["team_id", "month", value], ascending=[True, True, False])
    rank = w.groupby(["team_id", "month"], sort=False).cumcount()
    g = w.assign(rank=rank)
    top1 = g[g["rank"] == 0].set_index(["team_id", "month"])[value]
    top2 = g[g["rank"] == 1].set_index(["team_id", "month"])[value]
    total = g.groupby(["team_id", "month"])[value].sum()
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
    # the month alone: sick days per employee, and days of the spells closed per employee
    sick, closed = (con.sql(f"""
        select team_id, month, employee_ref, {col} as window_days
        from int_employee_team_months_contributed where {col} > 0
    """).df() for col in ("weighted_days", "closed_days"))
    cells["dominated"] = _dominated_cells(cells, win, a)
    cells["count_dominated"] = _dominated_cells(cells, sick, a)
    cells["detail_dominated"] = cells["count_dominated"] | _dominated_cells(cells, closed, a)
    by_month = {name: dict(tuple(rows.groupby("month", sort=False))) if len(rows) else {}
                for name, rows in (("window", win), ("sick", sick), ("closed", closed))}
    bands = _closed_per_band(con)
    band_rows = dict(tuple(bands.groupby("month", sort=False))) if len(bands) else {}

    truth = con.sql("""
        with running as (
            select split.team_id, split.month,
                count(distinct (spells.employee_ref, spells.spell_no)) as spells_running
            from int_absence_rows_split_to_months as split
            inner join int_absence_rows_merged_to_spells as spells
                on split.employee_ref = spells.employee_ref
                and split.start_date between spells.start_date and spells.effective_end
            group by all
        )
        select agg.team_id, agg.department_id, agg.month, agg.headcount, agg.spells_started,
            agg.spells_closed, agg.n_absent, agg.weighted_sick_days,
            coalesce(running.spells_running, 0) as spells_running
        from int_team_months_absence_aggregated as agg
        left join running using (team_id, month)
    """).df()
    withheld = Withheld()
    prior = Prior.load(con, "absence")
    judged = {month: _judge_month(month, cells.iloc[idx].reset_index(drop=True), by_month,
                                  band_rows, a, prior, withheld)
              for month, idx in cells.groupby("month", sort=True).indices.items()}
    rounds, cache = 1, {}
    months = sorted(pd.Timestamp(m) for m in judged)

    def published(kind: str, unit: str, month, figure: str) -> bool:
        return kind in ("team", "department", "organisation") and prior.published(
            month, figure, kind, unit)

    # a shown rate may not be one or two people's days where the dominance rule forbids it
    running_limit = (2 if a.dominance_top2_share < 1 else 1 if a.dominance_top1_share < 1
                     else 0)
    teams_in = {(d, pd.Timestamp(m)): set(g) for (d, m), g in
                truth.groupby(["department_id", "month"])["team_id"]}
    covered = set(months)
    earlier_pools = [row for row in prior.pool_units(teams_in) if row["month"] in covered]
    while True:
        units = [row for month_units, _, _ in judged.values() for row in month_units]
        pinned = pinned_closures(units + earlier_pools, truth, cache, published,
                                 running_limit)
        if not pinned or rounds == MAX_AUDIT_ROUNDS:
            break
        changed = withheld.escalate(pinned, shown_flags(units), months, published)
        if not changed:
            break
        rounds += 1
        for month, idx in cells.groupby("month", sort=True).indices.items():
            if pd.Timestamp(month) in changed:
                judged[month] = _judge_month(month, cells.iloc[idx].reset_index(drop=True),
                                             by_month, band_rows, a, prior, withheld)
    prior.kept = sum(kept for _, _, kept in judged.values())
    pooled = [row for _, month_pooled, _ in judged.values() for row in month_pooled]
    audit = withheld.summary(rounds, unresolved=len(pinned),
                             unaudited=unaudited(cache))
    schema = units_schema("month") | {"counts_visible": "BOOLEAN", "detail_visible": "BOOLEAN"}
    write_table(con, "int_absence_units_suppressed",
                pd.DataFrame(units, columns=list(schema)), schema)
    write_table(con, "int_team_months_pooled",
                pd.DataFrame(pooled, columns=["team_id", "month", "pool_id"]),
                {"team_id": "VARCHAR", "month": "DATE", "pool_id": "VARCHAR"})
    write_memory_applied(con, "absence", prior)
    write_table(con, "int_closure_audit", pd.DataFrame([audit]),
                {k: "BIGINT" for k in audit})


def _judge_month(month, part: pd.DataFrame, by_month: dict, band_rows: dict, a,
                 prior: Prior, withheld: Withheld) -> tuple[list[dict], list[dict], int]:
    """The three passes of one month: its rows of ``int_absence_units_suppressed`` and
    ``int_team_months_pooled``, and the teams the memory kept hidden. ``withheld`` adds what
    the closure audit asked for."""
    kept_before = prior.kept
    people = part["headcount"].to_numpy(dtype=float)
    primary = [BELOW_K if p < a.k_absence else (PROTECTED if d else None)
               for p, d in zip(people, part["dominated"], strict=True)]
    group_ok = _dominance_check(part, by_month["window"].get(month), a)
    primary = withheld.teams("figures", month, part["team_id"], primary)
    res = prior.suppress(month, part["team_id"], primary,
                         departments=part["department_id"].to_numpy(), people=people,
                         group_ok=group_ok, k=a.k_absence, min_groups=a.complement_min_groups,
                         make_pools=a.pool_hidden_teams, sort_key=part["team_id"].to_numpy(),
                         dept_primary=withheld.departments("figures", month, {}))
    sick_ok = _dominance_check(part, by_month["sick"].get(month), a)
    closed_ok = _dominance_check(part, by_month["closed"].get(month), a)
    counts = _narrower_pass(part, res, people, "count_dominated", sick_ok, a,
                            prior.at(month, COUNTS), withheld=withheld.at(month, "counts"))
    details = _narrower_pass(part, counts, people, "detail_dominated",
                             _both(sick_ok, closed_ok), a, prior.at(month, DETAILS),
                             withheld=withheld.at(month, "details"),
                             remainder_ok=_band_mix_check(part, band_rows.get(month)))
    shown = {"counts_visible": _visible_units(part, counts)
             | _pools_with_counts(part, res, counts, people, sick_ok, a,
                                  prior.at(month, COUNTS)),
             "detail_visible": _visible_units(part, details)}
    units = [{**row, **{col: row["visible"] and vis.get((row["unit_kind"], row["unit_id"]),
                                                        False)
                        for col, vis in shown.items()}}
             for row in unit_rows(part, res, "month", month)]
    pooled = [{"team_id": part["team_id"].iloc[i], "month": month, "pool_id": pool_id(d)}
              for d, members in res.pools.items() for i in members]
    return units, pooled, prior.kept - kept_before


def _dominated_cells(cells: pd.DataFrame, rows: pd.DataFrame, a) -> np.ndarray:
    """Per team-month of ``cells``: do the days per employee in ``rows`` fail dominance?"""
    dom = cells[["team_id", "month"]].merge(team_dominance(rows), on=["team_id", "month"],
                                            how="left")
    dom = dom[["top1", "top2", "total"]].astype(float).fillna(0.0)
    return dominated(dom["top1"].to_numpy(), dom["top2"].to_numpy(), dom["total"].to_numpy(),
                     a.dominance_top1_share, a.dominance_top2_share)


def _both(first, second):
    """group_ok of two rules together."""
    return lambda mask: bool(first(mask)) and bool(second(mask))


def _narrower_pass(part: pd.DataFrame, base: PeriodResult, people: np.ndarray,
                   dominated_col: str, group_ok, a, prior,
                   remainder_ok=None, withheld=None) -> PeriodResult:
    """Which units of one month that ``base`` shows may also show a narrower set of figures.

    Everything ``base`` hides stays hidden (teams, departments, the organisation); a team
    whose month alone fails the rule (``part[dominated_col]``) is hidden too, and
    complementary suppression runs again with ``group_ok`` so nothing hidden follows from
    its department's or the organisation's figures. ``prior`` (a ``PriorAt``) adds what the
    previous publication withheld at this level, ``withheld`` what the closure audit asks
    for."""
    primary = [reason if not vis else (PROTECTED if dom else None)
               for reason, vis, dom in zip(base.team_reason, base.team_visible,
                                           part[dominated_col], strict=True)]
    primary = prior.teams(part["team_id"], primary)
    forced = prior.departments({d: base.dept_reason[d] or PROTECTED
                                for d, vis in base.dept_visible.items() if not vis})
    org_primary = prior.organisation()
    if withheld is not None:
        primary = withheld.teams(part["team_id"], primary)
        forced = withheld.departments(forced)
        org_primary = org_primary or withheld.organisation()
    res = suppress_period(part["department_id"].to_numpy(), people, primary, group_ok,
                          k=a.k_absence, min_groups=a.complement_min_groups, make_pools=False,
                          sort_key=part["team_id"].to_numpy(), dept_primary=forced,
                          org_primary=org_primary, remainder_ok=remainder_ok)
    if not base.org_visible:
        res = replace(res, org_visible=False, org_reason=base.org_reason or PROTECTED)
    return res


def _visible_units(part: pd.DataFrame, res: PeriodResult) -> dict[tuple[str, str], bool]:
    """(unit_kind, unit_id) -> visible, for the teams, departments and the organisation."""
    out = {("team", t): bool(v) for t, v in zip(part["team_id"], res.team_visible,
                                               strict=True)}
    out |= {("department", d): bool(v) for d, v in res.dept_visible.items()}
    out[("organisation", ORG_ID)] = bool(res.org_visible)
    return out


def _pools_with_counts(part: pd.DataFrame, base: PeriodResult, counts: PeriodResult,
                       people: np.ndarray, sick_ok, a, prior) -> dict[tuple[str, str], bool]:
    """A pool shows its counts when its department shows them, the pool passes the month's
    rule on its own, and the department's visible teams that lost their counts, the one
    group its figures minus its teams' and the pool's then give, are none or pass the
    complementary rule together (at least ``complement_min_groups`` teams and k people; so
    must those among them whose counts no earlier build showed), and
    the previous publication did not withhold its counts nor published them for other
    members in a way that isolates a team (``Prior.pool_change_ok``)."""
    out = {}
    departments = part["department_id"].to_numpy()
    teams = part["team_id"].to_numpy()

    def passes_mask(mask: np.ndarray) -> bool:
        return group_passes(mask, people, a.k_absence, a.complement_min_groups, sick_ok)

    def passes(group: set[str]) -> bool:
        return passes_mask(np.isin(teams, list(group)))

    for d, members in base.pools.items():
        pool = np.zeros(len(part), dtype=bool)
        pool[members] = True
        lost = (departments == d) & base.team_visible & ~counts.team_visible
        # an earlier build may have shown some of them: the rest must pass on its own too
        unknown = lost & ~np.isin(teams, list(prior.known_before(set(teams[lost]))))
        rest_ok = ((not lost.any() or passes_mask(lost))
                   and (not unknown.any() or passes_mask(unknown)))
        out[("pool", pool_id(d))] = (
            bool(counts.dept_visible[d]) and rest_ok and bool(sick_ok(pool))
            and not prior.pool_hidden(pool_id(d))
            and prior.pool_change_ok(pool_id(d), set(part["team_id"].iloc[members]), passes))
    return out


def _closed_per_band(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Spells closed per team, month and duration band (as ``int_absence_units_banded`` will
    count them for the units)."""
    return con.sql("""
        select spells.end_team_id as team_id,
            cast(date_trunc('month', spells.end_date) as date) as month,
            bands.band_no, count(*) as spells_closed
        from int_absence_rows_merged_to_spells as spells
        inner join int_duration_bands_defined as bands
            on spells.duration_days >= bands.min_days
            and (bands.max_days is null or spells.duration_days <= bands.max_days)
        where spells.end_date is not null
        group by all
    """).df()


def _band_mix_check(part: pd.DataFrame, rows: pd.DataFrame | None):
    """remainder_ok(mask) for the details of one month: the closed spells of the hidden teams
    together fall in at least two duration bands, or there are none. A remainder whose
    spells share one band gives that band to every hidden team's spells (the spells closed
    per team are published counts): a second privacy review read one person's spell length
    class that way."""
    if rows is None or rows.empty:
        return None
    team_pos = pd.Series(np.arange(len(part)), index=part["team_id"].to_numpy())
    pos = team_pos.reindex(rows["team_id"].to_numpy()).to_numpy()
    keep = ~np.isnan(pos.astype(float))
    band_no = rows["band_no"].to_numpy()[keep]
    bands_sorted = np.unique(band_no)
    matrix = np.zeros((len(part), len(bands_sorted)))
    np.add.at(matrix, (pos[keep].astype(int), np.searchsorted(bands_sorted, band_no)),
              rows["spells_closed"].to_numpy(dtype=float)[keep])

    def remainder_ok(mask: np.ndarray) -> bool:
        per_band = matrix[mask].sum(axis=0)
        return per_band.sum() == 0 or int((per_band > 0).sum()) >= 2

    return remainder_ok


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
