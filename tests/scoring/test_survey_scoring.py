"""The survey scoring rule and team/department figures, recomputed independently in plain Python.

Rule (issue 3): a respondent's scale score is the mean of their answered items after reversal,
rescaled (x - min) / (max - min) x 100; a block score is the mean of their scale scores in the
block (recovery = resources and recovery blocks together); balance = recovery - stressor; a
team figure is the mean over respondents; department figures pool all respondents.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from pipelines.instrument import builtin_instrument
from pipelines.settings import Settings
from tests.scoring.staging import build_database

INSTRUMENT = builtin_instrument("pulse")
TEAMS = {"T1": ("D1", 8, 7), "T2": ("D1", 12, 9), "T3": ("D2", 10, 7), "T4": ("D2", 10, 8)}
WAVES = ["2024-03-01", "2024-04-01"]


def _answers(seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    resp, ans, raw = [], [], {}
    for w, wave in enumerate(WAVES):
        for team, (_, _, n) in TEAMS.items():
            for i in range(n - w % 2):  # a different number of respondents per wave
                rid = f"{team}-{wave}-{i}"
                resp.append({"response_id": rid, "team_id": team, "wave": wave})
                given = {}
                for item in INSTRUMENT.items:
                    if item == "WL2" and i == 0:
                        continue  # skipped item
                    if item.startswith("EX") and i == 1:
                        continue  # skipped the whole strain block
                    given[item] = int(rng.integers(1, 6))
                raw[(rid, wave)] = (team, given)
                ans += [{"response_id": rid, "wave": wave, "item": k, "value": v}
                        for k, v in given.items()]
    return pd.DataFrame(resp), pd.DataFrame(ans), raw


def _respondent_scores(given: dict) -> dict[str, float]:
    """Independent re-implementation of the scoring rule for one respondent."""
    scales = {}
    for s in INSTRUMENT.scales:
        rng_ = s.scale or INSTRUMENT.scale
        vals = [(rng_.min + rng_.max - given[i]) if i in s.reverse else given[i]
                for i in s.items if i in given]
        if vals:
            raw = sum(vals) / len(vals)
            scales[s.id] = ((raw - rng_.min) / (rng_.max - rng_.min) * 100, raw, s.block)
    def block(*names):
        v = [sc for sc, _, b in scales.values() if b in names]
        return sum(v) / len(v) if v else None
    out = {"stressor": block("demands"), "recovery": block("resources", "recovery"),
           "strain": block("strain")}
    out["balance"] = (out["recovery"] - out["stressor"]
                      if out["recovery"] is not None and out["stressor"] is not None else None)
    out.update({f"scale:{k}": v[0] for k, v in scales.items()})
    out["raw:exhaustion"] = scales["exhaustion"][1] if "exhaustion" in scales else None
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    resp, ans, raw = _answers()
    org = pd.DataFrame([{"team_id": t, "department_id": d, "month": w, "headcount": h}
                        for t, (d, h, _) in TEAMS.items() for w in WAVES])
    absence = pd.DataFrame(columns=["employee_ref", "team_id", "start_date", "end_date"])
    path = tmp_path_factory.mktemp("survey") / "work.duckdb"
    con, marts = build_database(path, org=org, responses=resp, answers=ans, absence=absence,
                                as_of=date(2024, 4, 30), instrument=INSTRUMENT)
    scores = pd.DataFrame([{"response_id": rid, "wave": wave, "team_id": team,
                            "department_id": TEAMS[team][0], **_respondent_scores(given)}
                           for (rid, wave), (team, given) in raw.items()])
    yield con, scores
    con.close()


def test_team_headline_means_follow_the_scoring_rule(built):
    con, scores = built
    tw = con.sql("select * from team_wave_scores where unit_kind = 'team'").df()
    assert not tw["suppressed"].any()
    for _, row in tw.iterrows():
        mine = scores[(scores["team_id"] == row["team_id"])
                      & (scores["wave"] == row["wave"].strftime("%Y-%m-%d"))]
        assert row["n_responses"] == len(mine)
        assert row["response_rate"] == pytest.approx(len(mine) / TEAMS[row["team_id"]][1])
        for m in ("stressor", "recovery", "strain", "balance"):
            assert row[m] == pytest.approx(mine[m].dropna().mean()), m


def _within_and_between(scores: pd.DataFrame, wave: str, measure: str) -> tuple[float, float]:
    """Pooled within-team variance over every team of the wave, and the variance between the
    team means that sampling does not explain (domain.md section 6)."""
    x = scores[scores["wave"] == wave].dropna(subset=[measure])
    g = x.groupby("team_id")[measure]
    sigma2 = float(((x[measure] - g.transform("mean")) ** 2).sum() / (g.size() - 1).sum())
    tau2 = max(0.0, float(g.mean().var(ddof=1) - (sigma2 / g.size()).mean()))
    return sigma2, tau2


def test_interval_uses_finite_population_correction(built):
    """SE = s / sqrt(n) x sqrt(1 - n / N), s the pooled within-team SD of the wave."""
    con, scores = built
    z = norm.ppf(0.975)
    row = con.sql("select * from team_wave_scores where team_id = 'T2' "
                  "and wave = '2024-03-01'").df().iloc[0]
    x = scores[(scores["team_id"] == "T2") & (scores["wave"] == "2024-03-01")]["stressor"]
    sigma2, _ = _within_and_between(scores, "2024-03-01", "stressor")
    se = math.sqrt(sigma2) / math.sqrt(len(x)) * math.sqrt(1 - len(x) / 12)
    assert row["stressor_ci_low"] == pytest.approx(max(0, x.mean() - z * se))
    assert row["stressor_ci_high"] == pytest.approx(min(100, x.mean() + z * se))


def test_a_department_interval_adds_the_spread_between_its_teams(built):
    con, scores = built
    z = norm.ppf(0.975)
    d = con.sql("select * from department_wave_scores where department_id = 'D2' "
                "and wave = '2024-04-01'").df().iloc[0]
    sigma2, tau2 = _within_and_between(scores, "2024-04-01", "balance")
    mine = scores[(scores["department_id"] == "D2") & (scores["wave"] == "2024-04-01")]
    n = len(mine["balance"].dropna())
    se = math.sqrt(sigma2 + tau2) / math.sqrt(n) * math.sqrt(1 - n / 20)
    assert d["balance_ci_high"] - d["balance_ci_low"] == pytest.approx(2 * z * se)


def test_a_team_interval_says_nothing_about_its_own_spread(tmp_path):
    """Every respondent of T1 gives the same answers: a team's own SD (zero here) would make
    its interval a point and so give every respondent's score."""
    resp, ans, _ = _answers()
    t1 = set(resp.loc[resp["team_id"] == "T1", "response_id"])
    ans = ans.assign(value=np.where(ans["response_id"].isin(t1), 3, ans["value"]))
    org = pd.DataFrame([{"team_id": t, "department_id": d, "month": w, "headcount": h}
                        for t, (d, h, _) in TEAMS.items() for w in WAVES])
    absence = pd.DataFrame(columns=["employee_ref", "team_id", "start_date", "end_date"])
    con, _ = build_database(tmp_path / "same.duckdb", org=org, responses=resp, answers=ans,
                            absence=absence, as_of=date(2024, 4, 30), instrument=INSTRUMENT)
    try:
        rows = con.sql("""
            select team_id, n, ci_low, ci_high, headcount from team_wave_scale_scores s
            join (select distinct team_id, wave, headcount from team_wave_scores) h
              using (team_id, wave)
            where s.unit_kind = 'team' and not s.suppressed and s.scale_id = 'workload'
              and s.wave = '2024-03-01'
        """).df()
    finally:
        con.close()
    assert "T1" in set(rows["team_id"])
    assert (rows["ci_high"] > rows["ci_low"]).all()
    # one s for every team of the wave: half-width x sqrt(n) / FPC is the same for all
    s_ref = ((rows["ci_high"] - rows["ci_low"]) / 2 * np.sqrt(rows["n"])
             / np.sqrt(1 - rows["n"] / rows["headcount"]))
    assert s_ref.max() - s_ref.min() < 1e-6 * s_ref.max()


def test_department_pools_respondents_instead_of_averaging_teams(built):
    con, scores = built
    d = con.sql("select * from department_wave_scores where department_id = 'D1' "
                "and wave = '2024-03-01'").df().iloc[0]
    mine = scores[(scores["department_id"] == "D1") & (scores["wave"] == "2024-03-01")]
    assert d["stressor"] == pytest.approx(mine["stressor"].mean())
    team_avg = mine.groupby("team_id")["stressor"].mean().mean()
    assert d["stressor"] != pytest.approx(team_avg)  # unequal team sizes: they differ
    o = con.sql("select * from org_wave_scores where wave = '2024-03-01'").df().iloc[0]
    allw = scores[scores["wave"] == "2024-03-01"]
    assert o["balance"] == pytest.approx(allw["balance"].mean())
    assert o["n_responses"] == len(allw)


def test_change_since_previous_wave(built):
    con, scores = built
    row = con.sql("select * from team_wave_scores where team_id = 'T3' "
                  "and wave = '2024-04-01'").df().iloc[0]
    t3 = scores[scores["team_id"] == "T3"]
    now = t3[t3["wave"] == "2024-04-01"]["recovery"].mean()
    before = t3[t3["wave"] == "2024-03-01"]["recovery"].mean()
    assert row["recovery_change"] == pytest.approx(now - before)
    first = con.sql("select recovery_change from team_wave_scores where team_id = 'T3' "
                    "and wave = '2024-03-01'").fetchall()
    assert first == [(None,)]


def test_scale_scores_and_wilson_band_shares(built):
    con, scores = built
    row = con.sql("select * from team_wave_scale_scores where team_id = 'T1' "
                  "and wave = '2024-03-01' and scale_id = 'exhaustion'").df().iloc[0]
    mine = scores[(scores["team_id"] == "T1") & (scores["wave"] == "2024-03-01")]
    raw = mine["raw:exhaustion"].dropna()
    assert row["n"] == len(raw)
    assert row["mean"] == pytest.approx(mine["scale:exhaustion"].dropna().mean())
    x = int((raw >= 3.05).sum())
    n = len(raw)
    if row["distribution_suppressed"]:
        assert pd.isna(row["share_normal"])
        return
    assert row["share_at_risk"] + row["share_very_high"] == pytest.approx(x / n)
    z = norm.ppf(0.975)
    p = (n - x) / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert row["share_normal"] == pytest.approx(p)
    assert row["share_normal_low"] == pytest.approx(max(0, centre - half))
    assert row["share_normal_high"] == pytest.approx(min(1, centre + half))


def test_shrinkage_pulls_towards_the_published_department_mean(built):
    con, _ = built
    rows = con.sql("""
        select t.team_id, t.balance, t.balance_shrunk, d.balance as dept
        from team_wave_scores t join department_wave_scores d
          on d.department_id = t.department_id and d.wave = t.wave
        where t.unit_kind = 'team'
    """).df()
    lo = np.minimum(rows["balance"], rows["dept"]) - 1e-9
    hi = np.maximum(rows["balance"], rows["dept"]) + 1e-9
    assert ((rows["balance_shrunk"] >= lo) & (rows["balance_shrunk"] <= hi)).all()


def test_k_below_five_is_refused():
    with pytest.raises(ValueError):
        Settings.model_validate({"anonymity": {"k_survey": 4}})
