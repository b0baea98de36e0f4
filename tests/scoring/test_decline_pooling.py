"""The decline evidence pools the stressor's rise, the recovery's fall and the strain's rise
(pipelines/scoring/risk.py, docs/scoring.md "Decline evidence"), on synthetic panels where the
answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.scoring.panel import MEASURES, Panel
from pipelines.scoring.risk import (
    DECLINE_COMPONENTS,
    combine_z,
    decline,
    noise_correlations,
)
from pipelines.settings import Settings


def panel(means: dict[str, np.ndarray], noise: float = 1.0) -> Panel:
    rows, cols = means["stressor"].shape
    full = dict(means)
    full["balance"] = means["recovery"] - means["stressor"]
    keys = pd.DataFrame({"series_key": [f"T{i}" for i in range(rows)], "unit_kind": "team",
                         "unit_id": [f"T{i}" for i in range(rows)], "department_id": "D"})
    waves = pd.DataFrame({"wave": pd.date_range("2024-01-01", periods=cols, freq="MS"),
                          "wave_no": np.arange(1, cols + 1)})
    waves["wave_month"] = waves["wave"]
    noise_of = {m: np.full((rows, cols), noise * (np.sqrt(2) if m == "balance" else 1.0))
                for m in MEASURES}
    nan = np.full((rows, cols), np.nan)
    return Panel("team", keys, waves, {m: full[m] for m in MEASURES}, noise_of, nan, nan)


def test_combine_z_by_hand():
    eye = np.eye(3)
    z = combine_z([np.array([1.0]), np.array([2.0]), np.array([3.0])], np.array([1, 1, 1.0]), eye)
    assert z[0] == pytest.approx(6 / np.sqrt(3))
    # a missing component leaves the others, renormalised
    z = combine_z([np.array([1.0]), np.array([np.nan]), np.array([3.0])], np.array([1, 1, 2.0]),
                  eye)
    assert z[0] == pytest.approx((1 + 6) / np.sqrt(1 + 4))
    # two copies of one measurement (correlation 1) count once, not twice
    same = np.ones((3, 3))
    z = combine_z([np.array([2.0])] * 3, np.array([1, 1, 1.0]), same)
    assert z[0] == pytest.approx(2.0)
    assert np.isnan(combine_z([np.array([np.nan])] * 3, np.ones(3), eye)[0])


def test_noise_correlations_recover_a_planted_correlation():
    rng = np.random.default_rng(1)
    rows, cols, rho = 200, 24, 0.6
    common = rng.normal(size=(rows, cols))
    own = rng.normal(size=(3, rows, cols))
    # stressor and strain share noise (both rise together); the recovery's noise is its own
    means = {"stressor": 50 + np.sqrt(rho) * common + np.sqrt(1 - rho) * own[0],
             "recovery": 60 + own[1],
             "strain": 40 + np.sqrt(rho) * common + np.sqrt(1 - rho) * own[2]}
    corr = noise_correlations(panel(means))
    order = [m for m, _ in DECLINE_COMPONENTS]
    s, r, st = order.index("stressor"), order.index("recovery"), order.index("strain")
    assert corr[s, st] == pytest.approx(rho, abs=0.05)
    assert abs(corr[s, r]) < 0.05
    assert np.allclose(np.diag(corr), 1.0)


def test_a_fall_of_capacity_under_load_shocks_is_found_by_pooling():
    """A team whose capacity falls steadily while its load only swings with shocks: the
    recovery's fall, judged against its own small noise, is found; the balance alone drowns
    it in the stressor's swings."""
    rng = np.random.default_rng(7)
    rows, cols = 300, 24
    t = np.arange(cols)
    fall = np.where(t >= 12, 0.5 * (t - 12), 0.0)  # from wave 12, 0.5 points a wave
    shocks = rng.normal(0, 4.0, (rows, cols))  # load swings, not in the known noise
    means = {"stressor": 50 + shocks + rng.normal(0, 1, (rows, cols)),
             "recovery": 60 - fall + rng.normal(0, 1, (rows, cols)),
             "strain": 40 + rng.normal(0, 1, (rows, cols))}
    p = panel(means)
    p.noise["stressor"] = np.full((rows, cols), 4.1)  # the stressor's noise includes the swings
    p.noise["balance"] = np.full((rows, cols), np.sqrt(4.1 ** 2 + 1))
    z = decline(p, Settings())["z"][:, -1]
    found = np.mean(z > Settings().risk.approach_min_z)
    # balance only: the same scan on the balance alone
    settings = Settings()
    bal_only = panel({"stressor": -(means["recovery"] - means["stressor"]),
                      "recovery": np.zeros((rows, cols)), "strain": np.zeros((rows, cols))})
    bal_only.noise["stressor"] = p.noise["balance"]
    bal_only.mean["recovery"] = np.full((rows, cols), np.nan)
    bal_only.mean["strain"] = np.full((rows, cols), np.nan)
    z_bal = decline(bal_only, settings)["z"][:, -1]
    found_bal = np.mean(z_bal > settings.risk.approach_min_z)
    assert found > 0.9, found
    assert found > found_bal + 0.3, (found, found_bal)


def test_no_drift_gives_no_systematic_decline():
    rng = np.random.default_rng(3)
    rows, cols = 400, 24
    means = {m: 50 + rng.normal(0, 1, (rows, cols)) for m in ("stressor", "recovery", "strain")}
    z = decline(panel(means), Settings())["z"][:, -1]
    # the maximum over candidate starts of a pooled N(0, 1) z: well under the threshold mostly
    assert np.mean(z > Settings().risk.approach_min_z) < 0.10


def department_of(p: Panel, noise: float = 0.7) -> Panel:
    """The department panel of a team panel whose teams all belong to department D."""
    cols = p.shape[1]
    keys = pd.DataFrame({"series_key": ["D"], "unit_kind": "department", "unit_id": ["D"],
                         "department_id": ["D"]})
    mean = {m: np.nanmean(p.mean[m], axis=0)[None, :] for m in MEASURES}
    nz = {m: np.full((1, cols), noise) for m in MEASURES}
    nan = np.full((1, cols), np.nan)
    return Panel("department", keys, p.waves, mean, nz, nan, nan)


@pytest.mark.parametrize("rate, vetoed", [(0.15, True), (1.0, False)])
def test_department_context_vetoes_a_shared_fall_unless_the_evidence_is_overwhelming(
        rate, vetoed):
    """Every team of the department falls alike, so no team falls relative to its
    department: a moderate fall is read as the department's (vetoed), an overwhelming one
    still counts for the team (risk.context_override_z)."""
    rng = np.random.default_rng(11)
    rows, cols = 4, 24
    t = np.arange(cols)
    fall = np.where(t >= 12, rate * (t - 12), 0.0)
    means = {"stressor": 50 + fall / 2 + rng.normal(0, 0.3, (rows, cols)),
             "recovery": 60 - fall / 2 + rng.normal(0, 0.3, (rows, cols)),
             "strain": 40 + fall / 2 + rng.normal(0, 0.3, (rows, cols))}
    p = panel(means)
    settings = Settings()
    own = decline(p, settings)["z"][:, -1]
    with_context = decline(p, settings, department_of(p))["z"][:, -1]
    if vetoed:
        assert np.all((own > settings.risk.context_min_z)
                      & (own < settings.risk.context_override_z)), own
        assert np.all(np.isneginf(with_context)), with_context
    else:
        assert np.all(own > settings.risk.context_override_z), own
        assert np.allclose(with_context, own)
        strict = settings.model_copy(update={"risk": settings.risk.model_copy(
            update={"context_override_z": 1e9})})
        assert np.all(np.isneginf(decline(p, strict, department_of(p))["z"][:, -1]))
