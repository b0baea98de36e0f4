"""Review fixes of the risk assessment (pipelines/scoring/risk.py, docs/scoring.md "Risk"):
the phase follows the kind of action (falling -> 1, strained -> 2, else 3), the published
waves_to_overload is the projection the reasons quote, and the early-warning indicators use
only the consecutive published waves ending at the reference wave."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipelines.scoring.risk import assess, reasons_json
from pipelines.scoring.series import early_warning
from pipelines.settings import Settings
from tests.scoring.test_decline_pooling import panel

COLS = 24


def scenario():
    """T0 falls 2 points a wave from wave 11 (balance +20 -> about -6): green, then amber
    (approaching, then trending), then red below the line. T1 sits steadily 5 points below the
    line (a bucket alarm, not falling). T2 is stable far above the line."""
    rng = np.random.default_rng(5)
    t = np.arange(COLS)
    fall = np.where(t >= 10, 2.0 * (t - 10), 0.0)
    noise = rng.normal(0, 0.5, (3, 3, COLS))
    means = {
        "stressor": np.stack([50 + fall / 2, np.full(COLS, 55.0), np.full(COLS, 50.0)]),
        "recovery": np.stack([70 - fall / 2, np.full(COLS, 50.0), np.full(COLS, 70.0)]),
        "strain": np.stack([40 + fall / 2, np.full(COLS, 45.0), np.full(COLS, 40.0)]),
    }
    means = {m: v + noise[i] for i, (m, v) in enumerate(means.items())}
    settings = Settings()
    return assess(panel(means), settings), settings


def drifting_teams(rows: int = 300, seed: int = 17):
    """Many teams, a third stable, the rest drifting from a random wave at a random pace."""
    rng = np.random.default_rng(seed)
    t = np.arange(COLS)
    start = rng.integers(6, 20, rows)[:, None]
    rate = np.where(rng.random(rows) < 1 / 3, 0.0, rng.uniform(0.5, 3.0, rows))[:, None]
    level = rng.uniform(5, 25, rows)[:, None]
    fall = rate * np.maximum(0, t[None, :] - start)
    means = {"stressor": 50 + fall / 2 + rng.normal(0, 1, (rows, COLS)),
             "recovery": 50 + level - fall / 2 + rng.normal(0, 1, (rows, COLS)),
             "strain": 40 + fall / 2 + rng.normal(0, 1, (rows, COLS))}
    settings = Settings()
    return assess(panel(means), settings), settings


def row(df, unit, wave):
    return df[(df["unit_id"] == unit) & (df["wave_no"] == wave)].iloc[0]


# ------------------------------------------------------------------------------ 1. phase
def test_phase_is_the_kind_of_action_not_the_tier():
    df, _ = scenario()
    # amber while falling towards the line (approaching, then trending): extinguish
    approaching = row(df, "T0", 14)
    assert approaching["tier"] == "amber" and approaching["_deteriorating"]
    assert not approaching["trending_to_overload"] and not approaching["_below"]
    assert approaching["phase"] == 1
    trending = row(df, "T0", 18)
    assert trending["tier"] == "amber" and trending["trending_to_overload"]
    assert trending["phase"] == 1
    # red, below the line and still falling: extinguish
    worsening = row(df, "T0", 24)
    assert worsening["tier"] == "red" and worsening["_worsening"] and worsening["phase"] == 1
    # red by a full bucket, but the balance no longer falls: recover
    stuck = row(df, "T1", 24)
    assert stuck["tier"] == "red" and stuck["_alarm"] and not stuck["_worsening"]
    assert not stuck["trending_to_overload"] and not stuck["_deteriorating"]
    assert stuck["phase"] == 2
    # stable: prevent; too few waves: no phase
    assert row(df, "T2", 24)["tier"] == "green" and row(df, "T2", 24)["phase"] == 3
    assert np.isnan(row(df, "T0", 3)["phase"])


@pytest.mark.parametrize("make", [scenario, drifting_teams])
def test_phase_rule_holds_on_every_row(make):
    df, _ = make()
    falling = df["_worsening"] | df["trending_to_overload"] | df["_deteriorating"]
    strained = df["tier"].isin(["red", "amber"]) | (df["bucket"].fillna(0) > 0)
    expected = np.select([falling, strained], [1.0, 2.0], 3.0)
    expected = np.where(df["tier"] == "insufficient_data", np.nan, expected)
    np.testing.assert_array_equal(df["phase"].to_numpy(), expected)
    # the change from the tier-only rule occurs (red in phase 2: the first test)
    assert ((df["tier"] == "amber") & (df["phase"] == 1)).any()


# ------------------------------------------------------------------- 2. waves_to_overload
@pytest.mark.parametrize("make", [scenario, drifting_teams])
def test_waves_to_overload_is_the_projection_the_reasons_quote(make):
    df, settings = make()
    quoted = by_pace = 0
    for col, reasons in zip(df["waves_to_overload"], reasons_json(df, settings), strict=True):
        for r in json.loads(reasons):
            if "waves_to_overload" in r:
                quoted += 1
                by_pace += (r["signal"] == "approaching_overload_line"
                            and r["horizon"] == settings.risk.approach_horizon_waves)
                got = None if not np.isfinite(col) else round(float(col), 3)
                assert got == r["waves_to_overload"], (r, col)
    assert quoted > 0
    assert by_pace > 0  # the decline's own pace is quoted (and published) somewhere


def test_approaching_by_pace_publishes_the_pace_not_the_theil_sen_line():
    df, settings = scenario()
    r = row(df, "T0", 14)
    assert r["waves_to_overload"] <= settings.risk.approach_horizon_waves
    # the Theil-Sen line is still well above the line and projects a later crossing
    assert r["balance_fitted"] / -r["balance_slope"] > r["waves_to_overload"]


# ---------------------------------------------------------------------- 3. early warning
def test_early_warning_uses_only_the_trailing_consecutive_run():
    rng = np.random.default_rng(3)
    t = np.arange(COLS)
    y = rng.normal(size=(4, COLS)) * (0.2 + t / 12)
    y[0, 14] = np.nan  # run of 9 after the gap: too short
    y[1, 5] = np.nan  # run of 18 after the gap
    y[2, -1] = np.nan  # the reference wave itself is hidden: no run
    window, min_points = 6, 12
    ew = early_warning(y, window, min_points)
    assert ew["points"].tolist() == [9, 18, 0, COLS]
    assert np.isnan(ew["variance_tau"][[0, 2]]).all() and np.isnan(ew["ac1_tau"][[0, 2]]).all()
    assert np.isfinite(ew["variance_tau"][[1, 3]]).all()
    # only the run counts: the same figures as the run on its own
    alone = early_warning(y[1:2, 6:], window, min_points)
    assert ew["variance_tau"][1] == pytest.approx(alone["variance_tau"][0])
    assert ew["ac1_tau"][1] == pytest.approx(alone["ac1_tau"][0])


def test_assess_counts_consecutive_published_waves_for_early_warning():
    rng = np.random.default_rng(9)
    means = {m: 50 + rng.normal(0, 1, (2, COLS)) for m in ("stressor", "recovery", "strain")}
    for m in means:
        means[m][0, 14] = np.nan  # T0 hidden at wave 15
    settings = Settings()
    df = assess(panel(means), settings)  # the helper's balance is hidden where they are
    min_points = settings.risk.early_warning_min_points
    last0, last1 = row(df, "T0", COLS), row(df, "T1", COLS)
    assert last0["ew_points"] == COLS - 15 < min_points
    assert np.isnan(last0["ew_variance_tau"]) and np.isnan(last0["ew_ac1_tau"])
    assert row(df, "T0", 15)["ew_points"] == 0  # the hidden wave itself
    assert row(df, "T0", 14)["ew_points"] == 14 >= min_points
    assert np.isfinite(row(df, "T0", 14)["ew_variance_tau"])
    assert last1["ew_points"] == COLS and np.isfinite(last1["ew_variance_tau"])
