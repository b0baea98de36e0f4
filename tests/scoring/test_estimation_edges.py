"""Edges of the survey estimates (docs/scoring.md "Survey scores"), on a real DuckDB build of a
small organisation whose expected figures are recomputed here from the documented formulas:

- a team where every member answered (n = N) gets no finite population correction: its
  interval is s/sqrt(n) wide, not a point (n >= N is a data problem, not certainty);
- the empirical-Bayes shrinkage weight of a team is B = (sigma2/n) / (sigma2/n + tau2);
- a department's interval adds the spread between its teams: sqrt(sigma2 + tau2)/sqrt(n)*FPC;
- a score exactly on a scale's at-risk cut-off is in the at-risk band ("a score >= the cut-off
  is in the band").

The organisation has teams with clearly different levels (tau2 well above zero on the
balance) and a custom two-item instrument whose cut-offs are reachable scores.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from pipelines.instrument import Instrument, Range, Scale
from pipelines.settings import Settings
from tests.scoring.staging import build_database

WAVE = "2024-03-01"
LO, HI = 1, 5
# a reachable at-risk cut-off: the mean of two 1-5 items can be exactly 3.5 (and 4.5)
CUT_AT_RISK, CUT_VERY_HIGH = 3.5, 4.5
INSTRUMENT = Instrument(
    name="edge-test", version="1", scale=Range(min=LO, max=HI),
    scales=[
        Scale(id="load", block="demands", items=["L1", "L2"]),
        Scale(id="capacity", block="resources", items=["C1", "C2"]),
        Scale(id="tired", block="strain", items=["S1", "S2"],
              cutoffs={"at_risk": CUT_AT_RISK, "very_high": CUT_VERY_HIGH}),
    ])
ITEMS = ["L1", "L2", "C1", "C2", "S1", "S2"]
# team -> (department, headcount, respondents, centre of load items, centre of capacity items)
TEAMS = {
    "T1": ("D1", 6, 6, 2.8, 3.6),   # every member answered: n = N
    "T2": ("D1", 12, 8, 3.0, 3.3),
    "T3": ("D2", 10, 7, 3.3, 3.0),
    "T4": ("D2", 14, 9, 3.6, 2.8),
}
# T2's answers on the strain items: raw means 3.5, 3.5 (exactly the at-risk cut-off), 1.5,
# 2.0, 4.5 (exactly the very-high cut-off), 1.0, 2.5, 3.0
T2_TIRED = [(3, 4), (4, 3), (1, 2), (2, 2), (5, 4), (1, 1), (2, 3), (3, 3)]


def _answers() -> pd.DataFrame:
    """One wide row per respondent (response_id, team_id, wave, item values)."""
    rng = np.random.default_rng(11)
    rows = []
    for team, (_, _, n, load, cap) in TEAMS.items():
        for i in range(n):
            v = {}
            for item, centre in (("L1", load), ("L2", load), ("C1", cap), ("C2", cap)):
                v[item] = int(np.clip(round(centre + rng.normal(0, 0.9)), LO, HI))
            if team == "T2":
                v["S1"], v["S2"] = T2_TIRED[i]
            else:  # a spread of strain answers with someone in the normal band
                v["S1"], v["S2"] = (1 + i % 4, 2 + (i * 3) % 3)
            rows.append({"response_id": f"{team}-{i}", "team_id": team, "wave": WAVE, **v})
    return pd.DataFrame(rows)


def _points(raw_mean: pd.Series) -> pd.Series:
    return (raw_mean - LO) / (HI - LO) * 100


def _respondent_scores(wide: pd.DataFrame) -> pd.DataFrame:
    """The documented scoring rule, by hand: scale score = mean of the items rescaled to
    0-100; stressor = the demands scale, recovery = the resources scale, strain = the strain
    scale, balance = recovery - stressor."""
    out = wide[["response_id", "team_id"]].copy()
    out["department_id"] = out["team_id"].map(lambda t: TEAMS[t][0])
    out["stressor"] = _points(wide[["L1", "L2"]].mean(axis=1))
    out["recovery"] = _points(wide[["C1", "C2"]].mean(axis=1))
    out["strain"] = _points(wide[["S1", "S2"]].mean(axis=1))
    out["balance"] = out["recovery"] - out["stressor"]
    out["tired_raw"] = wide[["S1", "S2"]].mean(axis=1)
    return out


def _sigma2_tau2(scores: pd.DataFrame, measure: str) -> tuple[float, float]:
    """sigma2 = pooled within-team variance over every team of the wave; tau2 =
    max(0, Var(team means) - mean(sigma2 / n)) over the (all published) team means."""
    g = scores.groupby("team_id")[measure]
    sigma2 = float(((scores[measure] - g.transform("mean")) ** 2).sum() / (g.size() - 1).sum())
    tau2 = max(0.0, float(g.mean().var(ddof=1) - (sigma2 / g.size()).mean()))
    return sigma2, tau2


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    wide = _answers()
    answers = wide.melt(id_vars=["response_id", "wave"], value_vars=ITEMS, var_name="item",
                        value_name="value")
    org = pd.DataFrame([{"team_id": t, "department_id": d, "month": WAVE, "headcount": h}
                        for t, (d, h, _, _, _) in TEAMS.items()])
    absence = pd.DataFrame(columns=["employee_ref", "team_id", "start_date", "end_date"])
    path = tmp_path_factory.mktemp("edges") / "work.duckdb"
    con, _ = build_database(path, org=org, responses=wide[["response_id", "team_id", "wave"]],
                            answers=answers, absence=absence, as_of=date(2024, 3, 31),
                            instrument=INSTRUMENT, settings=Settings())
    yield con, _respondent_scores(wide)
    con.close()


def _team(con, team: str) -> pd.Series:
    return con.sql(f"select * from team_wave_scores where team_id = '{team}' "
                   f"and wave = '{WAVE}'").df().iloc[0]


def test_every_team_is_published(built):
    """The premise of the tests below: no team, department or distribution is withheld."""
    con, _ = built
    teams = con.sql("select team_id, unit_kind, suppressed from team_wave_scores").df()
    assert set(teams["team_id"]) == set(TEAMS)
    assert not teams["suppressed"].any()
    deps = con.sql("select suppressed from department_wave_scores").df()
    assert len(deps) == 2 and not deps["suppressed"].any()


def test_a_team_where_everyone_answered_gets_no_finite_population_correction(built):
    """T1: 6 respondents of a headcount of 6. sqrt(1 - n/N) would be 0 and the interval a
    point; docs/scoring.md: "When n >= N the correction is not applied". So the half-width
    is z * s / sqrt(n), s the pooled within-team SD of the wave."""
    con, scores = built
    z = norm.ppf(0.975)
    row = _team(con, "T1")
    assert row["n_responses"] == TEAMS["T1"][1] == 6
    assert row["response_rate"] == pytest.approx(1.0)
    for measure in ("stressor", "recovery", "balance"):
        mine = scores.loc[scores["team_id"] == "T1", measure]
        sigma2, _ = _sigma2_tau2(scores, measure)
        half = z * math.sqrt(sigma2) / math.sqrt(6)
        lo, hi = (-100, 100) if measure == "balance" else (0, 100)
        assert row[f"{measure}_ci_low"] == pytest.approx(max(lo, mine.mean() - half)), measure
        assert row[f"{measure}_ci_high"] == pytest.approx(min(hi, mine.mean() + half)), measure
        assert row[f"{measure}_ci_high"] - row[f"{measure}_ci_low"] > 1.0, measure


def test_a_partly_answered_team_keeps_the_correction(built):
    """T2: 8 of 12 answered; SE = s/sqrt(n) * sqrt(1 - n/N) (contrast with the census team)."""
    con, scores = built
    z = norm.ppf(0.975)
    row = _team(con, "T2")
    mine = scores.loc[scores["team_id"] == "T2", "balance"]
    sigma2, _ = _sigma2_tau2(scores, "balance")
    se = math.sqrt(sigma2) / math.sqrt(8) * math.sqrt(1 - 8 / 12)
    assert row["balance_ci_low"] == pytest.approx(mine.mean() - z * se)
    assert row["balance_ci_high"] == pytest.approx(mine.mean() + z * se)


@pytest.mark.parametrize("team", list(TEAMS))
def test_shrunk_balance_is_the_hand_computed_empirical_bayes_estimate(built, team):
    """theta = B * mu + (1 - B) * ybar with B = (sigma2/n) / (sigma2/n + tau2), mu the
    published department mean (pooled over its respondents). tau2 is clearly positive here
    (the teams sit at different levels), so B is neither 0 nor 1 and neither is 1 - B."""
    con, scores = built
    sigma2, tau2 = _sigma2_tau2(scores, "balance")
    assert tau2 > sigma2 / 3  # clearly positive: comparable to sigma2
    mine = scores.loc[scores["team_id"] == team, "balance"]
    dep = TEAMS[team][0]
    mu = scores.loc[scores["department_id"] == dep, "balance"].mean()
    n, ybar = len(mine), mine.mean()
    b = (sigma2 / n) / (sigma2 / n + tau2)
    assert 0.1 < b < 0.4  # so B and 1 - B differ
    row = _team(con, team)
    [(d,)] = con.sql(f"select balance from department_wave_scores "
                     f"where department_id = '{dep}' and wave = '{WAVE}'").fetchall()
    assert d == pytest.approx(mu)
    assert row["balance"] == pytest.approx(ybar)
    assert abs(ybar - mu) > 1.0  # the shrinkage visibly moves the estimate
    assert row["balance_shrunk"] == pytest.approx(b * mu + (1 - b) * ybar)


def test_shrinkage_weight_in_the_working_database(built):
    """The weight itself (int_survey_units_estimated.shrinkage_weight) for every team and
    headline measure with tau2 > 0."""
    con, scores = built
    est = con.sql("select unit_id, measure, n, shrinkage_weight from int_survey_units_estimated "
                  "where unit_kind = 'team' and measure_kind = 'headline'").df()
    checked = 0
    for measure in ("stressor", "recovery", "balance"):
        sigma2, tau2 = _sigma2_tau2(scores, measure)
        if tau2 <= 0:
            continue
        for _, r in est[est["measure"] == measure].iterrows():
            b = (sigma2 / r["n"]) / (sigma2 / r["n"] + tau2)
            assert r["shrinkage_weight"] == pytest.approx(b), (measure, r["unit_id"])
            checked += 1
    assert checked >= 8


@pytest.mark.parametrize("dep", ["D1", "D2"])
def test_a_department_interval_adds_a_positive_spread_between_its_teams(built, dep):
    """SE of a department = sqrt(sigma2 + tau2) / sqrt(n) * sqrt(1 - n/N), with tau2 > 0
    here (the existing test in test_survey_scoring.py uses a wave where tau2 = 0)."""
    con, scores = built
    z = norm.ppf(0.975)
    sigma2, tau2 = _sigma2_tau2(scores, "balance")
    assert tau2 > sigma2 / 3
    mine = scores.loc[scores["department_id"] == dep, "balance"]
    n = len(mine)
    headcount = sum(h for d, h, *_ in TEAMS.values() if d == dep)
    se = math.sqrt(sigma2 + tau2) / math.sqrt(n) * math.sqrt(1 - n / headcount)
    d = con.sql(f"select * from department_wave_scores where department_id = '{dep}' "
                f"and wave = '{WAVE}'").df().iloc[0]
    assert d["balance_ci_low"] == pytest.approx(mine.mean() - z * se)
    assert d["balance_ci_high"] == pytest.approx(mine.mean() + z * se)
    # and not the within-team spread alone
    without = math.sqrt(sigma2) / math.sqrt(n) * math.sqrt(1 - n / headcount)
    assert d["balance_ci_high"] - d["balance_ci_low"] > 2 * z * without * 1.1


def test_a_score_exactly_on_the_at_risk_cut_off_is_in_the_at_risk_band(built):
    """T2: two respondents with a raw strain mean of exactly 3.5 = the at-risk cut-off, one at
    exactly 4.5 = the very-high cut-off. Bands (raw units, a score >= the cut-off is in it):
    normal 5, at_risk 2, very_high 1 of 8."""
    con, scores = built
    raw = scores.loc[scores["team_id"] == "T2", "tired_raw"]
    expected = {"normal": int((raw < CUT_AT_RISK).sum()),
                "at_risk": int(((raw >= CUT_AT_RISK) & (raw < CUT_VERY_HIGH)).sum()),
                "very_high": int((raw >= CUT_VERY_HIGH).sum())}
    assert expected == {"normal": 5, "at_risk": 2, "very_high": 1}
    person = con.sql(f"""
        select response_id, raw_score, band from int_responses_scored_to_scales
        where scale_id = 'tired' and team_id = 'T2' and raw_score = {CUT_AT_RISK}
    """).df()
    assert len(person) == 2 and (person["band"] == "at_risk").all()
    row = con.sql(f"select * from team_wave_scale_scores where team_id = 'T2' "
                  f"and wave = '{WAVE}' and scale_id = 'tired'").df().iloc[0]
    assert not row["distribution_suppressed"]
    assert row["share_normal"] == pytest.approx(expected["normal"] / 8)
    assert row["share_at_risk"] == pytest.approx(expected["at_risk"] / 8)
    assert row["share_very_high"] == pytest.approx(expected["very_high"] / 8)
