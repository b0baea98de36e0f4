"""The clean base input folder that every bad-input case is laid over.

Deterministic (fixed seed, no dates from the clock), so ``make_cases.py`` can write case files
that replace one base file and stay consistent with the others (same teams, same months).

Shape (reference date 2025-12-31, the last day of the latest org month):

- ``org.csv``: 10 teams (T01-T10, two departments) x 12 months (2025-01 .. 2025-12) = 120 rows.
  The January rows (lines 2-11) have no survey response or absence spell pointing at them, so a
  case that quarantines one of them does not cascade into unknown_team rows elsewhere.
- ``survey.csv``: 120 responses R0001-R0120 in three waves (2025-03-03, 2025-06-02,
  2025-09-01), items of the built-in pulse instrument, values 1-5, a few left empty.
- ``absence.csv``: 120 sickness rows of 100 employees (E001-E100). Twenty employees have a
  second row that starts the day after the first ends (a change of incapacity): adjacent, not
  overlapping. Starts from February on; the last two spells are still open (empty end_date).

With 120 rows per file, quarantining up to two rows of a file stays under the default 2 %
``max_rejected_share``.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

TEAMS = [f"T{i:02d}" for i in range(1, 11)]
TEAM_NAMES = {
    "T01": "Planning", "T02": "Klantcontact", "T03": "Inkoop", "T04": "Facilitair",
    "T05": "Salarisadministratie", "T06": "Werkvoorbereiding", "T07": "Monteurs Noord",
    "T08": "Monteurs Zuid", "T09": "Magazijn", "T10": "Kwaliteit",
}
DEPARTMENTS = {"D1": "Bedrijfsvoering", "D2": "Techniek"}
MONTHS = [date(2025, m, 1) for m in range(1, 13)]
WAVES = [date(2025, 3, 3), date(2025, 6, 2), date(2025, 9, 1)]
ITEMS = ["WL1", "WL2", "WL3", "ED1", "ED2", "AU1", "AU2", "SU1", "SU2", "SU3",
         "RC1", "RC2", "RC3", "RC4", "EX1", "EX2", "EX3"]

ORG_HEADER = ["team_id", "team_name", "department_id", "department_name", "month",
              "headcount", "fte"]
SURVEY_HEADER = ["response_id", "team_id", "wave", *ITEMS]
ABSENCE_HEADER = ["employee_ref", "team_id", "start_date", "end_date", "incapacity_pct", "fte"]

Table = tuple[list[str], list[list[str]]]


def _department(team: str) -> str:
    return "D1" if int(team[1:]) <= 5 else "D2"


def org_table() -> Table:
    rng = random.Random(101)
    size = {t: rng.randint(6, 24) for t in TEAMS}
    rows = []
    for month in MONTHS:  # month-major: the January rows come first (lines 2-11)
        for team in TEAMS:
            headcount = size[team]
            fte = round(headcount * rng.choice([0.7, 0.8, 0.9]), 1)
            dep = _department(team)
            rows.append([team, TEAM_NAMES[team], dep, DEPARTMENTS[dep], month.isoformat(),
                         str(headcount), f"{fte:.1f}"])
    return ORG_HEADER, rows


def survey_table() -> Table:
    rng = random.Random(202)
    rows = []
    for i in range(120):
        wave = WAVES[i % len(WAVES)]
        team = TEAMS[(i // 3) % len(TEAMS)]
        values = [str(rng.randint(1, 5)) for _ in ITEMS]
        if i % 17 == 5:
            values[rng.randrange(len(values))] = ""  # not answered
        rows.append([f"R{i + 1:04d}", team, wave.isoformat(), *values])
    return SURVEY_HEADER, rows


def absence_table() -> Table:
    rng = random.Random(303)
    rows = []
    for e in range(100):
        ref = f"E{e + 1:03d}"
        team = TEAMS[e % len(TEAMS)]
        fte = rng.choice(["1.0", "0.8", "0.6", "0.5"])
        start = date(2025, 2, 1) + timedelta(days=rng.randrange(0, 280))
        end = start + timedelta(days=rng.choice([1, 2, 3, 5, 8, 14, 21]))
        if e < 20:  # 100 % then 50 % from the next day: one spell in two adjacent rows
            mid = start + timedelta(days=3)
            rows.append([ref, team, start.isoformat(), (mid - timedelta(days=1)).isoformat(),
                         "100", fte])
            rows.append([ref, team, mid.isoformat(), (mid + timedelta(days=6)).isoformat(),
                         "50", fte])
        elif e >= 98:  # still absent
            rows.append([ref, team, date(2025, 12, 15 + e - 98).isoformat(), "", "100", fte])
        else:
            rows.append([ref, team, start.isoformat(), end.isoformat(), "100", fte])
    return ABSENCE_HEADER, rows


def clean_tables() -> dict[str, Table]:
    """File name -> (header, rows) of the clean base folder."""
    return {"org.csv": org_table(), "survey.csv": survey_table(),
            "absence.csv": absence_table()}


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_clean_inputs(folder: Path) -> Path:
    """Write the clean base CSVs (UTF-8, comma, LF) into ``folder``; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in clean_tables().items():
        (folder / name).write_text(csv_text(header, rows), encoding="utf-8", newline="")
    return folder
