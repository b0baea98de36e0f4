"""Absence figures against hand-computed values (domain.md §3).

Organisation: department D1 with team A (headcount 10, FTE 8.0) and team B (12, 10.0);
department D2 with team C (10, 9.0) and team E (10, 9.0), both without absence.
Months Dec 2023 - Feb 2024, reference date 2024-02-29.

Spells:
  E1 (A, part-time 1.0)  2023-12-28 .. 2024-01-03 at 100 %  (crosses month and year)
  E2 (A, part-time 0.5)  2024-01-10 .. 2024-01-19 at 100 %, 2024-01-20 .. 2024-02-05 at 50 %
                         (adjacent rows: one spell of 27 days)
  E3 (A, part-time 1.0)  2024-01-05 .. 01-06 and 2024-01-15 .. 01-16 (relapse after a gap)
  E4 (B, part-time 0.8)  2024-02-20 .. still absent, at 60 %

Hand computation (weighted day = day x part-time x incapacity):
  A Dec: E1 4 days -> 4.0;                VP = 4 / (8 x 31) x 100      = 1.6129 %
         spells started 1 -> MF = 1 / 10 x 12 = 1.2; none closed; zero-absence 9/10
  A Jan: E1 3 + E2 (10 x .5 + 12 x .5 x .5 = 8) + E3 4 = 15; VP = 15 / (8 x 31) x 100
         started E2, E3, E3 = 3 -> MF 3.6; closed E1 (7 d), E3 (2 d, 2 d) -> mean 11/3
         zero-absence 7/10
  A Feb: E2 5 x .5 x .5 = 1.25;           VP = 1.25 / (8 x 29) x 100; MF 0; closed E2 27 d
  B Feb: E4 10 x .8 x .6 = 4.8;           VP = 4.8 / (10 x 29) x 100; MF 1 / 12 x 12 = 1
  C, E:  no absence: VP 0, MF 0, zero-absence 1, mean duration null
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines.settings import Settings
from tests.scoring.staging import build_database

MONTHS = ["2023-12-01", "2024-01-01", "2024-02-01"]
TEAMS = [("A", "D1", 10, 8.0), ("B", "D1", 12, 10.0), ("C", "D2", 10, 9.0),
         ("E", "D2", 10, 9.0)]
ROWS = [
    ("E1", "A", "2023-12-28", "2024-01-03", 100.0, 1.0),
    ("E2", "A", "2024-01-10", "2024-01-19", 100.0, 0.5),
    ("E2", "A", "2024-01-20", "2024-02-05", 50.0, 0.5),
    ("E3", "A", "2024-01-05", "2024-01-06", 100.0, 1.0),
    ("E3", "A", "2024-01-15", "2024-01-16", 100.0, 1.0),
    ("E4", "B", "2024-02-20", None, 60.0, 0.8),
]
# Relaxed anonymity so every figure is published and can be compared with the hand values.
OPEN = Settings.model_validate({"anonymity": {"k_absence": 5, "dominance_top1_share": 1.0,
                                              "dominance_top2_share": 1.0}})


def _org() -> pd.DataFrame:
    return pd.DataFrame([{"team_id": t, "department_id": d, "month": m, "headcount": h,
                          "fte": f} for t, d, h, f in TEAMS for m in MONTHS])


def _absence(rows=ROWS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["employee_ref", "team_id", "start_date", "end_date",
                                       "incapacity_pct", "fte"])


def _survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    resp = pd.DataFrame({"response_id": ["r1"], "team_id": ["A"], "wave": ["2024-01-01"]})
    ans = pd.DataFrame({"response_id": ["r1"], "wave": ["2024-01-01"], "item": ["WL1"],
                        "value": [3]})
    return resp, ans


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    resp, ans = _survey()
    path = tmp_path_factory.mktemp("golden") / "work.duckdb"
    con, _ = build_database(path, settings=OPEN, org=_org(), responses=resp, answers=ans,
                            absence=_absence(), as_of=date(2024, 2, 29))
    yield con
    con.close()


def _row(con, table, key, value, month):
    df = con.execute(f"select * from {table} where {key} = ? and month = ?",
                     [value, month]).df()
    assert len(df) == 1
    return df.iloc[0]


@pytest.mark.parametrize("month, vp, mf, duration, zero", [
    ("2023-12-01", 4 / (8 * 31) * 100, 1.2, None, 0.9),
    ("2024-01-01", 15 / (8 * 31) * 100, 3.6, 11 / 3, 0.7),
    ("2024-02-01", 1.25 / (8 * 29) * 100, 0.0, 27.0, 0.9),
])
def test_team_a_by_hand(con, month, vp, mf, duration, zero):
    r = _row(con, "team_month_absence", "team_id", "A", month)
    assert not r["suppressed"]
    assert r["absence_rate"] == pytest.approx(vp)
    assert r["notification_frequency"] == pytest.approx(mf)
    assert r["zero_absence_share"] == pytest.approx(zero)
    if duration is None:
        assert pd.isna(r["mean_duration_days"])
    else:
        assert r["mean_duration_days"] == pytest.approx(duration)


def test_ongoing_spell_counts_to_reference_date_with_part_time_and_partial_incapacity(con):
    r = _row(con, "team_month_absence", "team_id", "B", "2024-02-01")
    assert r["absence_rate"] == pytest.approx(4.8 / (10 * 29) * 100)
    assert r["notification_frequency"] == pytest.approx(1.0)
    assert pd.isna(r["mean_duration_days"])  # still open: not a closed spell


@pytest.mark.parametrize("team", ["C", "E"])
def test_team_without_absence(con, team):
    for month in MONTHS:
        r = _row(con, "team_month_absence", "team_id", team, month)
        assert r["absence_rate"] == 0
        assert r["notification_frequency"] == 0
        assert r["zero_absence_share"] == 1
        assert pd.isna(r["mean_duration_days"])


def test_adjacent_rows_are_one_spell_and_relapse_is_a_new_spell(con):
    spells = con.sql("select employee_ref, count(*) n from int_absence_rows_merged_to_spells "
                     "group by 1 order by 1").fetchall()
    assert dict(spells) == {"E1": 1, "E2": 1, "E3": 2, "E4": 1}
    e2 = con.sql("select duration_days from int_absence_rows_merged_to_spells "
                 "where employee_ref = 'E2'").fetchall()
    assert e2 == [(27,)]


def test_department_is_pooled_over_rows_not_averaged(con):
    r = _row(con, "department_month_absence", "department_id", "D1", "2024-01-01")
    assert r["absence_rate"] == pytest.approx(15 / ((8 + 10) * 31) * 100)
    assert r["notification_frequency"] == pytest.approx(3 / 22 * 12)
    assert r["zero_absence_share"] == pytest.approx(1 - 3 / 22)


def test_organisation_totals(con):
    r = _row(con, "org_month_absence", "1", 1, "2024-02-01")
    weighted = 1.25 + 4.8
    assert r["absence_rate"] == pytest.approx(weighted / ((8 + 10 + 9 + 9) * 29) * 100)
    assert r["notification_frequency"] == pytest.approx(1 / 42 * 12)


def test_duration_bands_count_closed_spells_by_total_length(con):
    jan = con.sql("select band_label, spells_closed from team_month_absence_bands "
                  "where team_id = 'A' and month = '2024-01-01' order by band_no").fetchall()
    assert jan == [("1-14", 3), ("15-91", 0), ("92-365", 0), ("366-730", 0), ("731+", 0)]
    feb = con.sql("select band_label, spells_closed from team_month_absence_bands "
                  "where team_id = 'A' and month = '2024-02-01' order by band_no").fetchall()
    assert dict(feb)["15-91"] == 1


def test_partial_last_month_uses_days_up_to_reference_date(tmp_path):
    resp, ans = _survey()
    con, _ = build_database(tmp_path / "w.duckdb", settings=OPEN, org=_org(), responses=resp,
                            answers=ans, absence=_absence(), as_of=date(2024, 2, 25))
    r = _row(con, "team_month_absence", "team_id", "B", "2024-02-01")
    assert r["period_days"] == 25
    assert r["absence_rate"] == pytest.approx(6 * 0.8 * 0.6 / (10 * 25) * 100)
    con.close()


def test_default_settings_hide_a_month_dominated_by_one_person(tmp_path):
    resp, ans = _survey()
    con, _ = build_database(tmp_path / "w.duckdb", org=_org(), responses=resp, answers=ans,
                            absence=_absence(), as_of=date(2024, 2, 29))
    r = _row(con, "team_month_absence", "team_id", "A", "2023-12-01")
    assert r["suppressed"] and r["suppression_reason"] == "protected"
    assert pd.isna(r["absence_rate"]) and pd.isna(r["notification_frequency"])
    con.close()


def test_annualisation_follows_configuration(tmp_path):
    resp, ans = _survey()
    settings = OPEN.model_copy(update={"absence": OPEN.absence.model_copy(
        update={"periods_per_year": 4})})
    con, _ = build_database(tmp_path / "w.duckdb", settings=settings, org=_org(),
                            responses=resp, answers=ans, absence=_absence(),
                            as_of=date(2024, 2, 29))
    r = _row(con, "team_month_absence", "team_id", "A", "2024-01-01")
    assert r["notification_frequency"] == pytest.approx(3 / 10 * 4)
    con.close()
