"""Measure: how many published absence months let the number of running spells be pinned by
chaining the published counts over months (docs/scoring.md, Anonymity point 5).

Per team (or department) in month order: running = running last month - closed last month +
started (started = notification frequency x headcount / 12), and none after a month at 0 %;
backwards, running = running next month + closed this month - started next month. A
published month with sick days whose running spells come out at one or two holds one or two
absent people, so its absence rate gives their days.

    python -m tests.scoring.spell_chain PUBLISHED.duckdb

Stop 10 measured the demo (`draagkracht run data_samples/org_demo`): with the counts
following the window (before the counts pass) 5 team-months pinned to one spell and 9 to
two; with the counts pass none.

It also counts the months with withheld details whose closures the flow of people absent
gives back, assuming one spell per person: closed(m) = absent(m - 1) - closed(m - 1) +
started(m) + started(m + 1) - absent(m + 1), with absent = (1 - zero-absence share) x
headcount (docs/scoring.md, "The closure audit"), and the months with withheld details that
show one or two spells closed outright (43 team-months of the demo before stop 16, when
spells_closed followed the counts). Stop 16 measured the demo: none of either.
"""

from __future__ import annotations

import argparse

import duckdb
import pandas as pd


def pinned(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows (unit, month, running) of published months with sick days and 1-2 running spells.
    ``frame``: unit, month, suppressed, absence_rate, notification_frequency, headcount,
    spells_closed."""
    out = []
    for unit, g in frame.sort_values(["unit", "month"]).groupby("unit", sort=True):
        g = g.reset_index(drop=True)
        started = g["notification_frequency"] * g["headcount"] / 12
        shown = ~g["suppressed"].astype(bool)
        zero = shown & (g["absence_rate"] == 0)
        running: list[float | None] = [0.0 if z else None for z in zero]
        for i in range(1, len(g)):  # forwards from a month at 0 %
            if running[i] is None and shown[i] and shown[i - 1] and running[i - 1] is not None:
                value = running[i - 1] - g["spells_closed"][i - 1] + started[i]
                running[i] = None if pd.isna(value) else round(value)
        for i in range(len(g) - 2, -1, -1):  # backwards from a month at 0 %
            if running[i] is None and shown[i] and shown[i + 1] and running[i + 1] is not None:
                value = running[i + 1] + g["spells_closed"][i] - started[i + 1]
                running[i] = None if pd.isna(value) else round(value)
        for i, r in enumerate(running):
            if r is not None and 1 <= r <= 2 and shown[i] and g["absence_rate"][i] > 0:
                out.append({"unit": unit, "month": g["month"][i], "running": r})
    return pd.DataFrame(out, columns=["unit", "month", "running"])


def placed_by_flow(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows (unit, month, closed) of published months with withheld details whose spells
    closed come out at one or two from the neighbouring months, one spell per person.
    ``frame`` as for :func:`pinned`, plus detail_suppressed and zero_absence_share."""
    out = []
    for unit, g in frame.sort_values(["unit", "month"]).groupby("unit", sort=True):
        g = g.reset_index(drop=True)
        started = g["notification_frequency"] * g["headcount"] / 12
        absent = (1 - g["zero_absence_share"]) * g["headcount"]
        for i in range(1, len(g) - 1):
            if g["suppressed"][i] or not g["detail_suppressed"][i]:
                continue
            closed = (absent[i - 1] - g["spells_closed"][i - 1] + started[i] + started[i + 1]
                      - absent[i + 1])
            if pd.notna(closed) and 1 <= round(closed) <= 2:
                out.append({"unit": unit, "month": g["month"][i], "closed": round(closed)})
    return pd.DataFrame(out, columns=["unit", "month", "closed"])


COLUMNS = ("month, suppressed, absence_rate, notification_frequency, headcount, spells_closed, "
           "detail_suppressed, zero_absence_share")
LEVELS = {
    "team": f"select team_id as unit, {COLUMNS} from team_month_absence "
            "where unit_kind = 'team'",
    "department": f"select department_id as unit, {COLUMNS} from department_month_absence",
}


def published_counts(con: duckdb.DuckDBPyConnection, level: str = "team") -> pd.DataFrame:
    """The frame :func:`pinned` reads, for teams or departments of a published database."""
    return con.sql(LEVELS[level]).df()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="published database")
    args = ap.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    for level in LEVELS:
        frame = published_counts(con, level)
        found = pinned(frame)
        published = int((~frame["suppressed"].astype(bool)).sum())
        placed = placed_by_flow(frame)
        shown = int((frame["detail_suppressed"].astype(bool) & frame["spells_closed"].between(1, 2)
                     ).sum())
        print(f"{level}: {published} published months; pinned to one running spell "
              f"{int((found['running'] == 1).sum())}, to two {int((found['running'] == 2).sum())}; "
              f"one or two closures in a month with withheld details: shown {shown}, "
              f"placed by the flow {len(placed)}")
    con.close()


if __name__ == "__main__":
    main()
