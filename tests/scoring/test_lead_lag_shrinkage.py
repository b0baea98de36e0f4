"""Department lead-lag estimates shrunk towards the organisation's (empirical Bayes, Fisher z).

A department has about two dozen monthly pairs: alone, a planted lead of r ~ 0.45 is shown in
fewer than half of the departments. Shrinking towards the published pooled estimate recovers
it where the departments share it, and adds no lead where none was planted.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.scoring.lead_lag import lag_table, pooled_lags, shrink_fisher_z
from pipelines.settings import Settings


def test_shrinkage_by_hand():
    # departments no more scattered than their sampling error: all the way to the target
    z, var = np.array([0.1, 0.3, 0.5]), np.full(3, 0.05)  # Var(z) = 0.04 < 0.05
    zs, vs = shrink_fisher_z(z, var, 0.2, 0.001)
    assert zs == pytest.approx([0.2, 0.2, 0.2])
    assert vs == pytest.approx([0.001] * 3)
    # scattered: tau^2 = Var(z) - mean(var) = 1 - 0.1, B = 0.1 / (0.1 + 0.9) = 0.1
    z, var = np.array([0.0, 1.0, 2.0]), np.full(3, 0.1)
    zs, vs = shrink_fisher_z(z, var, 0.5, 0.01)
    assert zs == pytest.approx(0.1 * 0.5 + 0.9 * z)
    assert vs == pytest.approx(0.9 * 0.1 + 0.1 ** 2 * 0.01)
    # a department without an estimate stays without one
    zs, _ = shrink_fisher_z(np.array([0.0, 1.0, 2.0, np.nan]), np.full(4, 0.1), 0.5, 0.01)
    assert np.isnan(zs[3])


def test_no_shrinkage_with_fewer_than_three_departments():
    """Outside a manager's department there must be two departments, or the target (which
    their department's shrunk and own estimates reveal) would be one other department's."""
    z, var = np.array([0.1, 0.5]), np.full(2, 0.05)
    zs, vs = shrink_fisher_z(z, var, 0.3, 0.01, min_units=3)
    assert zs == pytest.approx(z) and vs == pytest.approx(var)


def _detections(share_with_lead: float, beta: float, shrink: bool, reps: int = 40):
    settings = Settings()
    rng = np.random.default_rng(11)
    found = {True: [], False: []}
    for _ in range(reps):
        x = rng.normal(size=(20, 24))
        y = rng.normal(size=(20, 24))
        lead = np.arange(20) < round(share_with_lead * 20)
        y[lead, 2:] += beta * x[lead, :-2]
        ids = [f"d{i}" for i in range(20)]
        pooled = pooled_lags(x, y, "stressor", settings) if shrink else None
        t = lag_table(x, y, ids, "stressor", settings, pooled)
        best = t[t["is_best_lag"]].set_index("department_id")
        for i, d in enumerate(ids):
            hit = d in best.index and bool(best.loc[d, "lead_detected"])
            found[bool(lead[i])].append(hit and best.loc[d, "lag_months"] == 2 if lead[i]
                                        else hit)
    return {k: float(np.mean(v)) if v else float("nan") for k, v in found.items()}


def test_a_lead_all_departments_share_is_recovered_in_each():
    alone = _detections(1.0, 0.5, shrink=False)
    shrunk = _detections(1.0, 0.5, shrink=True)
    assert alone[True] < 0.6  # each department on its own: mostly not shown
    assert shrunk[True] >= 0.9


def test_no_lead_is_added_where_none_is_planted():
    """At most the nominal 5 %: departments now share the organisation's rare false lead (all
    at once), where alone each had its own."""
    assert _detections(0.0, 0.0, shrink=True)[False] <= 0.05


def test_departments_without_the_lead_among_departments_with_it():
    """The price of borrowing strength: half the departments lead, half do not."""
    shrunk = _detections(0.5, 0.8, shrink=True)
    assert shrunk[True] >= 0.75
    assert shrunk[False] <= 0.05
