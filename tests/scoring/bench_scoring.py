"""Time the scoring models on a large generated organisation (issue 3, "Performance").

    .venv/bin/python -m tests.scoring.bench_scoring --employees 100000 --months 24

Generates the organisation with pipelines/generate.py (unless --data points at one), loads
its clean CSVs into the staging tables with DuckDB's own CSV reader (the ingest pipeline's
validation is not part of this measurement), then times build_marts step by step and reports
the peak memory of the process. ``--memory`` then re-runs the two suppression steps with
the build's own ``suppressed_cells`` and pool members as the previous publication's pattern (a monthly
rebuild: the suppression memory judges every period twice) and prints the ratio.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.instrument import builtin_instrument
from pipelines.scoring import build as b
from pipelines.settings import Settings


def load_staging_sql(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Staging tables straight from the generator's CSVs (clean input assumed)."""
    inst = builtin_instrument("pulse")
    f = str(folder)
    con.execute(f"""create or replace table stg_org_months as
        select team_id, team_name, department_id, department_name, cast(month as date) as month,
               cast(headcount as integer) as headcount, cast(fte as double) as fte,
               'org.csv' source_file, cast(row_number() over () + 1 as bigint) source_line
        from read_csv('{f}/org.csv', header = true, all_varchar = true)""")
    con.execute(f"""create or replace table _survey as
        select * from read_csv('{f}/survey*.csv', header = true, all_varchar = true,
                               filename = true)""")
    con.execute("""create or replace table stg_survey_responses as
        select response_id, team_id, cast(wave as date) wave, filename source_file,
               cast(row_number() over () + 1 as bigint) source_line from _survey""")
    items = ", ".join(inst.items)
    con.execute(f"""create or replace table stg_survey_answers as
        select response_id, cast(wave as date) wave, item, cast(value as integer) value
        from (unpivot (select response_id, wave, {items} from _survey)
              on {items} into name item value value)
        where value is not null and value <> ''""")
    con.execute("drop table _survey")
    con.execute(f"""create or replace table stg_absence_rows as
        select employee_ref, team_id, cast(start_date as date) start_date,
               cast(nullif(end_date, '') as date) end_date,
               cast(incapacity_pct as double) incapacity_pct, cast(fte as double) fte,
               filename source_file, cast(row_number() over () + 1 as bigint) source_line
        from read_csv('{f}/absence*.csv', header = true, all_varchar = true,
                      filename = true)""")
    for name, rows in (("instrument_items", inst.item_rows()),
                       ("instrument_scales", inst.scale_rows())):

        con.register("_r", pd.DataFrame(rows))
        con.execute(f"create or replace table {name} as select * from _r")
        con.unregister("_r")
    con.execute("""create or replace table wave_instruments as
        select distinct wave, 'draagkracht-pulse' instrument_name, '1.0' instrument_version
        from stg_survey_responses""")
    con.execute("""create or replace table run_context as
        select 'bench' build_id, cast(last_day(max(month)) as date) as_of
        from stg_org_months""")


def _time_audit(con: duckdb.DuckDBPyConnection, settings: Settings,
                took: dict[str, float]) -> None:
    """suppress_absence again with the closure audit switched off, and what the audit did."""
    import pipelines.scoring.suppress_absence as sa

    audit = con.sql("select * from int_closure_audit").df().iloc[0].to_dict()
    step = next(s for s in b.STEPS if s.name == "suppress_absence")
    audited = sa.pinned_closures
    sa.pinned_closures = lambda units, truth, cache, published=None, running_limit=2: []
    try:
        t = time.time()
        step.run(con, settings)
        without = time.time() - t
    finally:
        sa.pinned_closures = audited
    print(f"  closure audit: {audit}; suppress_absence {took[step.name]:.1f} s with it, "
          f"{without:.1f} s without (ratio {took[step.name] / without:.2f})")
    step.run(con, settings)  # leave the audited tables for what follows


def _time_memory(con: duckdb.DuckDBPyConnection, settings: Settings,
                 took: dict[str, float]) -> None:
    """The suppression steps again, with this build's pattern as the previous one."""
    from pipelines.store import POOL_MEMBERS_SQL

    con.execute("""create or replace table prior_suppressed_cells as
                   select source, period, unit_kind, unit_id, figure from suppressed_cells""")
    con.execute("create or replace table prior_pool_members as "
                + POOL_MEMBERS_SQL.format(db="main"))
    cells = con.sql("select count(*) from prior_suppressed_cells").fetchall()[0][0]
    for step in b.STEPS:
        if step.name in ("suppress_survey", "suppress_absence"):
            t = time.time()
            step.run(con, settings)
            with_memory = time.time() - t
            kept = con.sql(f"select teams_kept_hidden from "
                           f"int_suppression_memory_{step.name.split('_')[1]}").fetchall()[0][0]
            print(f"  {step.name} with memory of {cells} cells: {with_memory:.1f} s "
                  f"(without {took[step.name]:.1f} s, ratio {with_memory / took[step.name]:.2f});"
                  f" kept hidden {kept}")
    con.execute("drop table prior_suppressed_cells")
    con.execute("drop table prior_pool_members")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory", action="store_true",
                    help="also time the suppression steps with a previous pattern")
    ap.add_argument("--audit", action="store_true",
                    help="also time suppress_absence without the closure audit")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data
        if folder is None:
            from pipelines.generate import generate

            folder = Path(tmp) / "data"
            t = time.time()
            generate(folder, employees=args.employees, months=args.months, seed=1)
            print(f"generate: {time.time() - t:.1f} s")
        con = duckdb.connect(str(Path(tmp) / "work.duckdb"), config={"threads": args.threads})
        t = time.time()
        load_staging_sql(con, folder)
        counts = {n: con.sql(f"select count(*) from {n}").fetchall()[0][0] for n in
                  ("stg_org_months", "stg_survey_responses", "stg_survey_answers",
                   "stg_absence_rows")}
        print(f"staging: {time.time() - t:.1f} s {counts}")
        settings = Settings()
        b.write_params(con, settings)
        total = time.time()
        took = {}
        for step in b.STEPS:
            t = time.time()
            if step.kind == "python":
                step.run(con, settings)
            else:
                b.run_model(con, step.kind, step.name)
            took[step.name] = time.time() - t
            print(f"  {step.name:40s} {took[step.name]:7.1f} s")
        print(f"build_marts: {time.time() - total:.1f} s on {args.threads} threads; "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if args.audit:
            _time_audit(con, settings, took)
        if args.memory:
            _time_memory(con, settings, took)
        if (folder / "ground_truth.json").exists():
            from tests.scoring.quality import evaluate, oracle_decline, oracle_share, team_history
            from tests.scoring.staging_from_csv import read_truth

            truth, labels = read_truth(folder)
            start = labels[0] + "-01"
            figs = evaluate(team_history(con, start), truth)
            hits, n, _ = oracle_share([oracle_decline(con, truth, start, settings)])
            figs["oracle_decline_c-1_at_10%"] = (hits, n)
            for k, (hits, n) in figs.items():
                print(f"  quality {k:26s} {hits:5d} / {n:5d} = {hits / max(n, 1):6.1%}")
        con.close()


if __name__ == "__main__":
    main()
