"""Measure: what a viewer who keeps two builds can subtract (docs/scoring.md, Accepted
disclosures).

For every source (survey wave, absence month) and department whose published row is the same in
both builds, the teams visible in either build are known; the teams hidden in both are what the
department minus those leaves. That remainder must be empty or hold at least two teams and k
people (k_survey respondents are not public for hidden teams, so the headcount is used).
A pool published in both builds with other members gives the sum over the teams in only one
of them (``pool_exposures``; for absence the pool's counts): those of them that show the
figure in neither build must be none, or at least two teams and k people.

    python -m tests.scoring.cross_build OLD.duckdb NEW.duckdb

With the suppression memory (stop 11) no team hidden in OLD is shown in NEW; the demo
figures are in docs/scoring.md (Across builds), made with tests/scoring/perturb_inputs.py.

Stop 10 on the demo: a rebuild with a month less data and one with reordered input lines
change no team's visibility; shortening 30 long spells of 2024 by 5-14 days changes 6
team-months' visibility and exposes no remainder.
"""

from __future__ import annotations

import argparse

import duckdb
import pandas as pd

SOURCES = {
    "survey": ("team_wave_scores", "department_wave_scores", "wave",
               ["n_responses", "stressor", "recovery", "strain", "balance"], "k_survey"),
    "absence": ("team_month_absence", "department_month_absence", "month",
                ["headcount", "fte", "absence_rate", "notification_frequency"], "k_absence"),
}


def exposed(old_teams: pd.DataFrame, new_teams: pd.DataFrame, old_depts: pd.DataFrame,
            new_depts: pd.DataFrame, figures: list[str], k: float, min_groups: int = 2
            ) -> tuple[int, pd.DataFrame]:
    """(team-periods whose visibility differs, remainders that break the rule).

    Teams: team_id, department_id, period, headcount, suppressed. Departments:
    department_id, period, suppressed and ``figures``."""
    keys = ["team_id", "department_id", "period"]
    both = old_teams.merge(new_teams, on=keys, suffixes=("_old", "_new"))
    differs = int((both["suppressed_old"] != both["suppressed_new"]).sum())
    d = old_depts.merge(new_depts, on=["department_id", "period"], suffixes=("_old", "_new"))
    same = ~d["suppressed_old"] & ~d["suppressed_new"]
    for f in figures:
        a, b = d[f"{f}_old"], d[f"{f}_new"]
        same &= (a == b) | (a.isna() & b.isna())
    d = d[same]
    hidden = both[both["suppressed_old"] & both["suppressed_new"]]
    rest = (hidden.merge(d[["department_id", "period"]], on=["department_id", "period"])
            .groupby(["department_id", "period"])
            .agg(teams=("team_id", "count"), people=("headcount_new", "sum")).reset_index())
    bad = rest[(rest["teams"] < min_groups) | (rest["people"] < k)]
    return differs, bad


POOL_FIGURES = {"survey": ("team_wave_scores", "wave", "suppressed"),
                "absence": ("team_month_absence", "month", "counts_suppressed")}


def pool_exposures(old: pd.DataFrame, new: pd.DataFrame, k: float, min_groups: int = 2
                   ) -> pd.DataFrame:
    """Pools published (with the figure) in both builds whose members differ: the difference
    of the two pool figures is the sum over the teams in only one of them; those that show
    the figure in neither build must be none, or at least two teams and k people.

    Frames: team_id, unit_kind, period, headcount, pooled_into, withheld (the figure, for
    teams) and shown (the figure, for pools)."""
    rows = []
    for (period, pool), _ in old[(old["unit_kind"] == "pool") & old["shown"]].groupby(
            ["period", "team_id"]):
        new_pool = new[(new["unit_kind"] == "pool") & (new["team_id"] == pool)
                       & (new["period"] == period) & new["shown"]]
        if new_pool.empty:
            continue
        members = [set(f.loc[(f["period"] == period) & (f["pooled_into"] == pool), "team_id"])
                   for f in (old, new)]
        diff = members[0] ^ members[1]
        if not diff:
            continue
        teams = [f[(f["period"] == period) & (f["unit_kind"] == "team")].set_index("team_id")
                 for f in (old, new)]
        unknown = [t for t in diff if all(t not in f.index or bool(f.at[t, "withheld"])
                                          for f in teams)]
        # the teams that show the figure in either build are known: the rest is isolated
        people = float(teams[1]["headcount"].reindex(sorted(unknown)).fillna(0).sum())
        if unknown and (len(unknown) < min_groups or people < k):
            rows.append({"period": period, "pool": pool, "teams": len(unknown),
                         "people": people, "unknown": ",".join(sorted(unknown))})
    return pd.DataFrame(rows, columns=["period", "pool", "teams", "people", "unknown"])


def unhidden(old: tuple[pd.DataFrame, pd.DataFrame], new: tuple[pd.DataFrame, pd.DataFrame]
             ) -> int:
    """Team-periods hidden in the old build and shown in the new one (none with the
    suppression memory)."""
    both = old[0].merge(new[0], on=["team_id", "department_id", "period"],
                        suffixes=("_old", "_new"))
    return int((both["suppressed_old"] & ~both["suppressed_new"]).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    args = ap.parse_args()
    cons = [duckdb.connect(p, read_only=True) for p in (args.old, args.new)]
    for source, (teams, depts, period, figures, k_name) in SOURCES.items():
        frames = []
        for con in cons:
            t = con.sql(f"""select team_id, department_id, {period} as period, headcount,
                                   suppressed
                            from {teams} where unit_kind = 'team'""").df()
            d = con.sql(f"select department_id, {period} as period, suppressed, "
                        f"{', '.join(figures)} from {depts}").df()
            frames.append((t, d))
        k = cons[1].execute("select value from params where name = ?", [k_name]).fetchall()[0][0]
        differs, bad = exposed(frames[0][0], frames[1][0], frames[0][1], frames[1][1],
                               figures, k)
        table, period, flag = POOL_FIGURES[source]
        pools = [con.sql(f"""select team_id, unit_kind, {period} as period, headcount,
                                    pooled_into, suppressed or {flag} as withheld,
                                    not (suppressed or {flag}) as shown
                             from {table}""").df() for con in cons]
        leaks = pool_exposures(*pools, k)
        print(f"{source}: {differs} team-periods change visibility ({unhidden(*frames)} "
              f"hidden in OLD are shown in NEW); {len(bad)} remainders of the teams hidden "
              f"in both builds break the rule; {len(leaks)} pool differences isolate "
              "withheld teams")
        if len(leaks):
            print(leaks.to_string(index=False))
    for con in cons:
        con.close()


if __name__ == "__main__":
    main()
