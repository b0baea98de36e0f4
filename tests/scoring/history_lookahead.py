"""How far ``team_risk_history`` is from what a build on data cut at that date publishes.

Run: ``.venv/bin/python -m tests.scoring.history_lookahead [--seed 100] [--employees 20000]``.

Every history row uses the unit's own values up to its wave, but three organisation-wide
nuisance estimates come from all published waves: the excess variance in the noise reference,
the noise correlations of the decline components and the absence seasonal factors (national
factors below ``absence.seasonal_min_months``). This script builds one organisation of
``pipelines/generate.py`` in full and again with its data cut after months 12, 15, 18 and 21
(an open spell at the cut has no end yet), and compares every team's tier at the cut's last
wave with the full build's history row for that wave.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.generate import generate
from pipelines.scoring.build import build_marts
from pipelines.settings import Settings
from tests.scoring.bench_scoring import load_staging_sql

FLAGGED = ("amber", "red")
CUT_AFTER_MONTHS = (12, 15, 18, 21)


def build(folder: Path, path: Path, cut=None) -> duckdb.DuckDBPyConnection:
    """A working database of the organisation in ``folder``, with its data cut after ``cut``."""
    con = duckdb.connect(str(path), config={"threads": 2})
    load_staging_sql(con, folder)
    if cut is not None:
        end = f"last_day(date '{cut}')"
        con.execute(f"delete from stg_org_months where month > date '{cut}'")
        con.execute(f"delete from stg_survey_responses where wave > date '{cut}'")
        con.execute(f"delete from stg_survey_answers where wave > date '{cut}'")
        con.execute(f"delete from stg_absence_rows where start_date > {end}")
        con.execute(f"update stg_absence_rows set end_date = null where end_date > {end}")
        con.execute("delete from wave_instruments "
                    "where wave not in (select wave from stg_survey_responses)")
        con.execute(f"create or replace table run_context as select 'cut' build_id, {end} as_of")
    build_marts(con, Settings())
    return con


def flagged(df: pd.DataFrame, suffix: str) -> pd.Series:
    return df[f"tier{suffix}"].isin(FLAGGED) | df[f"trending_to_overload{suffix}"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=100)
    ap.add_argument("--employees", type=int, default=20000)
    args = ap.parse_args()
    cols = "team_id, wave, tier, trending_to_overload"
    total = {"assessments": 0, "tier differs": 0, "flag differs": 0, "flagged (history)": 0,
             "flagged (cut build)": 0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        generate(folder, employees=args.employees, months=24, seed=args.seed)
        full = build(folder, Path(tmp) / "full.duckdb")
        history = full.sql(f"select {cols} from team_risk_history").df()
        months = sorted(full.sql("select distinct month from stg_org_months").df()["month"])
        full.close()
        for n in CUT_AFTER_MONTHS:
            cut = pd.Timestamp(months[n - 1]).date()
            con = build(folder, Path(tmp) / f"cut{n}.duckdb", cut)
            now = con.sql(f"select {cols} from team_risk").df()
            con.close()
            m = now.merge(history, on=["team_id", "wave"], suffixes=("_cut", "_full"))
            row = {"assessments": len(m),
                   "tier differs": int((m["tier_cut"] != m["tier_full"]).sum()),
                   "flag differs": int((flagged(m, "_cut") != flagged(m, "_full")).sum()),
                   "flagged (history)": int(flagged(m, "_full").sum()),
                   "flagged (cut build)": int(flagged(m, "_cut").sum())}
            print(f"cut after month {n} ({cut}): {row}", flush=True)
            for k in total:
                total[k] += row[k]
    print(f"total: {total}")


if __name__ == "__main__":
    main()
