"""The risk model on planted scenarios (issue 3 quality bar; figures in docs/scoring.md).

Asserts the levels the method reaches on one generated organisation of pipelines/generate.py
and on the independent simulator; the full figures come from ``python -m
tests.scoring.quality``. The issue's bar (>= 90 % of drifting teams flagged one wave before the
crossing, <= 10 % of stable teams) is met on some organisations and not on others (80-95 % at
c-1): see docs/scoring.md, "Quality". The thresholds below are the measured levels minus a
small margin, so a change that makes the method worse fails.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pipelines.scoring.series import hinge_fits, window_mean
from tests.scoring.quality import (
    SCENARIOS,
    combine,
    evaluate,
    generated_history,
    oracle_decline,
    oracle_share,
    sim_database,
    team_history,
)


def share(figs, key):
    return figs[key][2]


def test_hinge_fit_recovers_a_planted_drift_by_hand():
    # level 10 for columns 0..4, then down 2 per column; known noise 1
    t = np.arange(10, dtype=float)
    y = np.where(t <= 4, 10.0, 10.0 - 2.0 * (t - 4))[None, :]
    noise = np.ones_like(y)
    fits = list(hinge_fits(y, noise, lookback=10, min_before=3, min_after=2))
    at4 = fits[4]
    assert at4["slope"][0, 9] == pytest.approx(-2.0)
    assert at4["level"][0, 9] == pytest.approx(10.0)
    assert at4["fitted"][0, 9] == pytest.approx(0.0)
    # se from the known noise: 1 / sqrt(sum (h - mean h)^2) with h = 0,0,0,0,0,1,..,5
    h = np.maximum(0, t - 4)
    assert at4["se"][0, 9] == pytest.approx(1 / np.sqrt(((h - h.mean()) ** 2).sum()))
    # the planted start gives the largest |z| of all candidate starts (the GLR scan)
    zs = np.array([abs(f["z"][0, 9]) if np.isfinite(f["z"][0, 9]) else 0.0 for f in fits])
    assert int(np.argmax(zs)) == 4
    # too few waves before or after a start: no fit
    assert np.isnan(fits[1]["z"][0, 9])  # 2 waves at or before column 1
    assert np.isnan(fits[8]["z"][0, 9])  # 1 wave after column 8
    assert np.isnan(at4["z"][0, 5])  # only 1 wave after the start at column 5


def test_window_mean_weights_by_noise():
    y = np.array([[0.0, 10.0, np.nan, 4.0]])
    noise = np.array([[1.0, 2.0, 1.0, 1.0]])
    m = window_mean(y, noise, window=3)
    assert m[0, 1] == pytest.approx((0 * 1 + 10 * 0.25) / 1.25)
    assert m[0, 3] == pytest.approx((10 * 0.25 + 4 * 1) / 1.25)  # column 0 left the window


@pytest.fixture(scope="module")
def generated():
    return combine([evaluate(*generated_history(100, employees=20000, months=24))])


@pytest.mark.slow
def test_generated_drifting_teams_are_flagged_before_the_crossing(generated):
    assert share(generated, "drifting_flagged_c-1") >= 0.90  # measured 94.7 % (107 / 113)


@pytest.mark.slow
def test_generated_drifting_teams_are_red_after_the_crossing(generated):
    assert share(generated, "drifting_red_c+3") >= 0.93  # measured 98.2 % (111 / 113)


@pytest.mark.slow
def test_generated_stable_teams_are_rarely_flagged(generated):
    assert share(generated, "stable_flagged_last") <= 0.10  # measured 5.8 %
    assert share(generated, "stable_flagged_any_wave") <= 0.10  # measured 7.5 %
    assert share(generated, "stable_red_any_wave") <= 0.02  # measured 0.3 %


@pytest.mark.slow
def test_independent_simulator_with_other_parameters():
    results, oracle = [], []
    for seed in (100, 101, 102):
        params = replace(SCENARIOS["default"], seed=seed, departments=10, share_drifting=0.25)
        with sim_database(params) as (con, truth, start):
            results.append(evaluate(team_history(con, start), truth))
            oracle.append(oracle_decline(con, truth, start))
    figs = combine(results)
    assert share(figs, "drifting_flagged_c-1") >= 0.85  # measured 90 % (18 / 20)
    assert share(figs, "drifting_red_c+3") >= 0.85  # measured 93 % (14 / 15)
    assert share(figs, "stable_flagged_any_wave") <= 0.10  # measured 6.3 %
    # the information limit (docs/scoring.md, "Quality"): knowing each drift's true start, the
    # decline evidence separates drifting from stable teams, but not perfectly
    hits, n, limit = oracle_share(oracle)
    assert n >= 15
    assert limit >= 0.6, (hits, n)
    drifting, stable = np.concatenate([o["drifting"] for o in oracle]), np.concatenate(
        [o["stable"] for o in oracle])
    assert np.median(drifting) > np.quantile(stable, 0.9)
    assert abs(np.median(stable)) < 0.5  # no drift: the z centres on zero
