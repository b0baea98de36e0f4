"""Measure: what a viewer who keeps two builds can subtract (docs/scoring.md, Accepted
disclosures).

For every source (survey wave, absence month) and department whose published row is the same in
both builds, the teams visible in either build are known; the teams hidden in both are what the
department minus those leaves. That remainder must be empty or hold at least two teams and k
people (k_survey respondents are not public for hidden teams, so the headcount is used).

    python -m tests.scoring.cross_build OLD.duckdb NEW.duckdb

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
        print(f"{source}: {differs} team-periods change visibility; {len(bad)} remainders "
              "of the teams hidden in both builds break the rule")
    for con in cons:
        con.close()


if __name__ == "__main__":
    main()
