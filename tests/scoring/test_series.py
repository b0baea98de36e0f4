"""Vectorised statistics against their reference implementations (scipy) and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kendalltau, theilslopes

from pipelines.scoring.series import (
    cusum,
    early_warning,
    kendall_tau_time,
    rolling_theil_sen,
    theil_sen,
)


def test_theil_sen_matches_scipy_with_missing_values():
    rng = np.random.default_rng(0)
    y = rng.normal(size=(300, 9)).cumsum(axis=1)
    y[rng.random(y.shape) < 0.2] = np.nan
    x = np.tile(np.arange(9.0), (300, 1))
    got = theil_sen(y, x)
    checked = 0
    for i in range(300):
        m = ~np.isnan(y[i])
        if m.sum() < 3:
            continue
        ref = theilslopes(y[i][m], x[i][m])
        assert got["slope"][i] == pytest.approx(ref.slope)
        assert got["intercept"][i] == pytest.approx(ref.intercept)
        assert got["low_slope"][i] == pytest.approx(ref.low_slope)
        assert got["high_slope"][i] == pytest.approx(ref.high_slope)
        checked += 1
    assert checked > 250


def test_rolling_theil_sen_uses_the_window_ending_at_each_column():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(5, 12))
    res = rolling_theil_sen(y, window=6)
    ref = theilslopes(y[2, 4:10], np.arange(4, 10))
    assert res["slope"][2, 9] == pytest.approx(ref.slope)
    assert res["fitted"][2, 9] == pytest.approx(ref.intercept + ref.slope * 9)


def test_kendall_tau_matches_scipy():
    rng = np.random.default_rng(2)
    v = np.round(rng.normal(size=(100, 12)), 1)  # with ties
    v[rng.random(v.shape) < 0.1] = np.nan
    got = kendall_tau_time(v)
    for i in range(100):
        m = ~np.isnan(v[i])
        assert got[i] == pytest.approx(kendalltau(np.arange(12)[m], v[i][m]).statistic)


def test_cusum_by_hand_and_carried_over_missing_waves():
    z = np.array([[1.0, 2.0, np.nan, -3.0, 1.5]])
    # slack 0.5: 0.5, 2.0, (carried) 2.0, max(0, 2 - 3.5) = 0, 1.0
    assert cusum(z, 0.5)[0].tolist() == [0.5, 2.0, 2.0, 0.0, 1.0]
    assert np.isnan(cusum(np.array([[np.nan, 1.0]]), 0.5)[0, 0])


def test_early_warning_needs_enough_points_and_detects_rising_variance():
    rng = np.random.default_rng(3)
    t = np.arange(24)
    rising = rng.normal(size=(200, 24)) * (0.2 + t / 12)
    flat = rng.normal(size=(200, 24))
    assert early_warning(rising, 6, 12)["variance_tau"].mean() > 0.4
    assert abs(early_warning(flat, 6, 12)["variance_tau"].mean()) < 0.15
    assert np.isnan(early_warning(flat[:, :10], 6, 12)["variance_tau"]).all()
