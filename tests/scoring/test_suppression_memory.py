"""Suppression memory across builds, on one period of one department.

The two-build measurement of tests/scoring/cross_build.py is the attacker: with the same
department figure in both builds, the teams hidden in both must be none or at least two
teams and k people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.scoring.suppression import PROTECTED, suppress_period
from pipelines.scoring.suppression_memory import COUNTS, FIGURES, Prior
from tests.scoring.cross_build import exposed

PERIOD = "2024-03-01"
TEAMS = np.array(["X", "Y", "Z", "E1", "E2"])
DEPTS = np.array(["D", "D", "D", "E", "E"])
PEOPLE = np.array([12.0, 13.0, 11.0, 20.0, 20.0])
K = 10


def _suppress(primary, prior: Prior | None = None):
    kw = dict(departments=DEPTS, people=PEOPLE, group_ok=lambda m: True, k=K,
              sort_key=TEAMS)
    if prior is None:
        return suppress_period(primary=primary, **kw)
    return prior.suppress(PERIOD, TEAMS, primary, **kw)


def _teams(res) -> pd.DataFrame:
    return pd.DataFrame({"team_id": TEAMS, "department_id": DEPTS, "period": PERIOD,
                         "headcount": PEOPLE, "suppressed": ~res.team_visible})


def _dept() -> pd.DataFrame:
    return pd.DataFrame([{"department_id": "D", "period": PERIOD, "suppressed": False,
                          "absence_rate": 4.2}])


def _prior_of(res) -> Prior:
    return Prior([(PERIOD, FIGURES, "team", t)
                  for t, v in zip(TEAMS, res.team_visible, strict=True) if not v])


def test_a_moved_primary_exposes_the_shared_complement_without_memory():
    # build 1: X dominated, Z (smallest) its complement; a correction of earlier months makes
    # Y dominated instead, and Z is again the complement: Z = D - X(new) - Y(old)
    old = _suppress([PROTECTED, None, None, None, None])
    new = _suppress([None, PROTECTED, None, None, None])
    assert list(TEAMS[~old.team_visible]) == ["X", "Z"]
    assert list(TEAMS[~new.team_visible]) == ["Y", "Z"]
    _, bad = exposed(_teams(old), _teams(new), _dept(), _dept(), ["absence_rate"], k=K)
    assert bad[["department_id", "teams"]].values.tolist() == [["D", 1]]


def test_memory_keeps_the_old_pattern_and_nothing_is_exposed():
    old = _suppress([PROTECTED, None, None, None, None])
    prior = _prior_of(old)
    new = _suppress([None, PROTECTED, None, None, None], prior)
    hidden = set(TEAMS[~new.team_visible])
    assert hidden >= {"X", "Z"} and "Y" in hidden
    differs, bad = exposed(_teams(old), _teams(new), _dept(), _dept(), ["absence_rate"], k=K)
    assert bad.empty
    # X is hidden only because of the memory: a fresh judgement would show it
    assert prior.kept == 1
    # the new pattern still obeys the rule on its own: what D hides is >= 2 teams and k people
    assert len(hidden & {"X", "Y", "Z"}) >= 2


def test_the_same_pattern_again_is_kept_as_is():
    old = _suppress([PROTECTED, None, None, None, None])
    prior = _prior_of(old)
    again = _suppress([PROTECTED, None, None, None, None], prior)
    assert list(again.team_visible) == list(old.team_visible)
    assert prior.kept == 0


def test_departments_and_the_organisation_hidden_before_stay_hidden():
    prior = Prior([(PERIOD, FIGURES, "department", "E")])
    res = _suppress([None] * 5, prior)
    assert not res.dept_visible["E"] and not res.team_visible[3:].any()
    # a lone hidden department is a remainder of one: D goes too, and with it everything
    assert not res.org_visible or not res.dept_visible["D"]
    prior = Prior([(PERIOD, FIGURES, "organisation", "organisation")])
    res = _suppress([None] * 5, prior)
    assert not res.org_visible and not res.team_visible.any()
    assert not any(res.dept_visible.values())


def test_memory_is_per_period_and_figure():
    prior = Prior([("2024-02-01", FIGURES, "team", "X"), (PERIOD, COUNTS, "team", "Y")])
    res = _suppress([None] * 5, prior)
    assert res.team_visible.all()
    assert prior.at(PERIOD, COUNTS).teams(TEAMS, [None] * 5) == [None, PROTECTED, None,
                                                                None, None]


def _passes(group: set[str]) -> bool:
    return len(group) >= 2 and PEOPLE[np.isin(TEAMS, list(group))].sum() >= K


def test_a_pool_may_not_grow_by_a_team_whose_counts_were_withheld():
    # before: the pool of D held X and showed its counts; Y showed its rate but not its
    # counts. Now Y joins the pool: pool(now) - pool(before) would be Y's counts.
    prior = Prior([(PERIOD, COUNTS, "team", "Y"), (PERIOD, FIGURES, "team", "X")],
                  [(PERIOD, "D:other", "X")])
    at = prior.at(PERIOD, COUNTS)
    assert not at.pool_change_ok("D:other", {"X", "Y"}, _passes)
    # a team whose counts were shown before adds nothing new
    assert at.pool_change_ok("D:other", {"X", "Z"}, _passes)
    # the same members, or no earlier publication of the pool: nothing to difference
    assert at.pool_change_ok("D:other", {"X"}, _passes)
    assert prior.at("2024-04-01", COUNTS).pool_change_ok("D:other", {"Y"}, _passes)
    # a pool that lost a member would give that member's figure
    assert not at.pool_change_ok("D:other", {"Z"}, _passes)


def test_a_pool_may_grow_by_withheld_teams_that_pass_together():
    prior = Prior([(PERIOD, COUNTS, "team", "Y"), (PERIOD, COUNTS, "team", "Z")],
                  [(PERIOD, "D:other", "X")])
    at = prior.at(PERIOD, COUNTS)
    assert at.pool_change_ok("D:other", {"X", "Y", "Z"}, _passes)  # 2 teams, 24 people
    assert not at.pool_change_ok("D:other", {"X", "Y", "Z"}, lambda g: False)


def test_known_teams_do_not_make_a_withheld_one_pass():
    # Y withheld its counts, Z showed them: Y and Z joining together still isolate Y
    # (pool(now) - pool(before) - Z = Y), whatever the pair would pass
    prior = Prior([(PERIOD, COUNTS, "team", "Y")], [(PERIOD, "D:other", "X")])
    at = prior.at(PERIOD, COUNTS)
    assert not at.pool_change_ok("D:other", {"X", "Y", "Z"}, _passes)
    assert at.known_before({"Y", "Z"}) == {"Z"}
    # a period no earlier build published: nothing is known
    assert prior.at("2024-05-01", COUNTS).known_before({"Y", "Z"}) == set()


def test_every_earlier_membership_is_checked():
    # the pool had {X} and later {X, Y}; now {X, Y, W}: against {X, Y} only W joins (known),
    # but against {X} the withheld Y joins as well
    prior = Prior([(PERIOD, COUNTS, "team", "Y")],
                  [(PERIOD, "D:other", "X"), (PERIOD, "D:other", "X|Y")])
    assert not prior.at(PERIOD, COUNTS).pool_change_ok("D:other", {"X", "Y", "W"}, _passes)


def test_teams_that_lost_their_counts_are_judged_without_those_shown_before():
    """The department minus its teams' and pool's counts gives the teams that lost their
    counts. Two of them pass together; but if an earlier build showed one of them, the other
    is alone, and the pool may not show its counts."""
    from pipelines.scoring.suppress_absence import _pools_with_counts
    from pipelines.scoring.suppression import PeriodResult
    from pipelines.settings import Settings

    part = pd.DataFrame({"team_id": ["P1", "L1", "L2", "V"], "department_id": ["D"] * 4})
    people = np.array([12.0, 12.0, 12.0, 12.0])

    def result(visible):
        return PeriodResult(team_visible=np.array(visible), team_reason=[None] * 4,
                            dept_visible={"D": True}, dept_reason={"D": None},
                            org_visible=True, org_reason=None, pools={"D": [0]})

    base, counts = result([False, True, True, True]), result([False, False, False, True])
    a = Settings().anonymity

    def shown(prior):
        return _pools_with_counts(part, base, counts, people, lambda m: True, a,
                                  prior.at(PERIOD, COUNTS))[("pool", "D:other")]

    assert shown(Prior())
    assert not shown(Prior([(PERIOD, COUNTS, "team", "L1"), (PERIOD, FIGURES, "team", "P1")]))
    # both withheld before: nothing new is known, the pair passes as in a single build
    assert shown(Prior([(PERIOD, COUNTS, "team", "L1"), (PERIOD, COUNTS, "team", "L2")]))


def test_published_reads_the_units_each_build_published_and_older_memory_by_period():
    """``Prior.published``: where the memory remembers the units an earlier build published,
    a figure is known for exactly those units, unless withheld (or a wider figure was), and
    also when a build showed it before a later one withheld it. A period only a memory of an
    older version covers (withheld cells, no units) counts as published wherever it
    withheld nothing (the review of stop 17: an upgrade must not forget it)."""
    old, new, never = "2024-01-01", "2024-02-01", "2024-03-01"
    prior = Prior(rows=[(old, COUNTS, "team", "T"), (new, COUNTS, "team", "T"),
                        (new, FIGURES, "team", "W")],
                  units=[(new, "team", "T"), (new, "team", "U"), (new, "team", "W"),
                         (new, "department", "D")],
                  shown=[(new, FIGURES, "team", "W")])
    assert prior.published(old, FIGURES, "team", "T") and prior.published(old, FIGURES,
                                                                          "team", "U")
    assert not prior.published(old, COUNTS, "team", "T")
    assert prior.published(new, FIGURES, "team", "T") and not prior.published(
        new, COUNTS, "team", "T") and not prior.published(new, "details", "team", "T")
    assert prior.published(new, COUNTS, "team", "U") and prior.published(new, COUNTS,
                                                                         "department", "D")
    assert not prior.published(new, FIGURES, "team", "X")  # no row of X was published
    assert prior.published(new, FIGURES, "team", "W")  # shown, then withheld
    assert not prior.published(new, COUNTS, "team", "W")  # not recorded as shown
    assert not prior.published(never, FIGURES, "team", "U")
    assert prior.at(new, COUNTS).known_before({"T", "U", "X"}) == {"U"}
