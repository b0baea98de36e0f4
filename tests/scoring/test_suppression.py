"""Primary and complementary suppression of one period (pipelines/scoring/suppression.py)."""

from __future__ import annotations

import numpy as np

from pipelines.scoring.suppression import (
    BELOW_K,
    PROTECTED,
    dominated,
    homogeneous,
    suppress_period,
)


def _run(depts, people, k=5, group_ok=None, **kw):
    primary = [BELOW_K if p < k else None for p in people]
    return suppress_period(np.array(depts, dtype=object), np.array(people, float), primary,
                           group_ok or (lambda m: True), k=k, **kw)


def test_all_large_teams_are_shown():
    res = _run(["A", "A", "B"], [6, 7, 8])
    assert res.team_visible.all() and res.org_visible
    assert res.dept_visible == {"A": True, "B": True}
    assert res.pools == {}


def test_a_single_small_team_hides_its_smallest_sibling_too():
    res = _run(["A", "A", "A"], [3, 9, 6], sort_key=np.array(["t1", "t2", "t3"]))
    assert res.team_visible.tolist() == [False, True, False]
    assert res.team_reason == [BELOW_K, None, PROTECTED]
    assert res.pools == {"A": [0, 2]}


def test_hidden_set_must_reach_k_people():
    # two small teams (1 + 2 people) are not enough: a third is added
    res = _run(["A", "A", "A", "A"], [1, 2, 6, 7])
    assert res.team_visible.tolist() == [False, False, False, True]
    assert sorted(res.pools["A"]) == [0, 1, 2]


def test_no_pool_when_every_team_is_hidden_and_department_equals_the_pool():
    res = _run(["A", "A", "B", "B"], [3, 4, 6, 6])
    assert res.dept_visible["A"]
    assert not res.team_visible[:2].any()
    assert "A" not in res.pools


def test_small_department_hides_another_department_at_organisation_level():
    res = _run(["A", "B", "B", "C", "C"], [3, 6, 6, 20, 20])
    assert not res.dept_visible["A"]
    assert not res.dept_visible["B"]  # smallest other department, hidden with all its teams
    assert res.dept_visible["C"]
    assert not res.team_visible[:3].any() and res.team_visible[3:].all()
    assert res.org_visible


def test_organisation_below_k_hides_everything():
    res = _run(["A", "B"], [2, 2])
    assert not res.org_visible and res.org_reason == BELOW_K
    assert not res.team_visible.any()


def test_extra_rule_on_the_remainder_adds_teams():
    # the remainder {0, 1} fails the extra rule; adding team 2 makes it pass
    ok = lambda m: not (m[0] and m[1] and not m[2])  # noqa: E731
    res = _run(["A"] * 4, [2, 3, 6, 9], group_ok=ok)
    assert res.team_visible.tolist() == [False, False, False, True]


def test_dominance_rule():
    assert dominated(np.array([60.0]), np.array([10.0]), np.array([100.0]), 0.5, 0.85)[0]
    assert dominated(np.array([45.0]), np.array([45.0]), np.array([100.0]), 0.5, 0.85)[0]
    assert not dominated(np.array([40.0]), np.array([30.0]), np.array([100.0]), 0.5, 0.85)[0]
    assert not dominated(np.array([0.0]), np.array([0.0]), np.array([0.0]), 0.5, 0.85)[0]


def test_homogeneous_extreme_is_detected():
    lo, hi = np.array([0.0, -100.0]), np.array([100.0, 100.0])
    assert homogeneous(np.array([5, 5]), np.array([500.0, 30.0]), lo, hi)
    assert homogeneous(np.array([5, 5]), np.array([40.0, -500.0]), lo, hi)
    assert not homogeneous(np.array([5, 5]), np.array([499.0, 30.0]), lo, hi)


def test_a_team_without_people_does_not_make_a_remainder_of_two_groups():
    """X holds A (10), B (6, withheld by its own rule) and C (in the org file, nobody in it).
    The remainder {B, C} had two groups and 6 people, so A stayed visible and X minus A was
    B (privacy review). A team without people is no group: A is hidden too."""
    primary = [None, PROTECTED, BELOW_K]
    res = suppress_period(np.array(["X", "X", "X"], dtype=object), np.array([10.0, 6.0, 0.0]),
                          primary, lambda m: True, k=5, make_pools=False)
    assert res.dept_visible["X"]
    assert res.team_visible.tolist() == [False, False, False]


def test_a_department_without_people_does_not_make_the_rest_two_departments():
    """D (20), E (8, withheld by its own rule), F (teams in the org file, no respondents): the
    organisation minus D was E (privacy review). Now D is hidden as E's complement."""
    primary = [None, PROTECTED, BELOW_K]
    res = suppress_period(np.array(["D", "E", "F"], dtype=object), np.array([20.0, 8.0, 0.0]),
                          primary, lambda m: True, k=5,
                          dept_primary={"E": PROTECTED})
    assert not (res.org_visible and res.dept_visible["D"])
    assert not res.dept_visible["E"]
