"""The closure audit passes department totals between the groups' programmes
(pipelines/scoring/closure_audit.py).

A published pattern built by hand, months December 2023 to August 2024, everything at 100 %
incapacity and one spell per person:

- D1 = T + S. T: four people sick from January; P1 returns in June, the other three stay
  sick. S is never sick. D1 and T withhold their details (spells closed, people absent) in
  June and July; the rest of D1 is shown.
- D2 = U1 + U2. U1: three people sick April to June, 0 % in July and August. U2: three people
  sick January to June, three short spells in July, and three more sick from December
  throughout (so D2 is never at 0 %). Both teams show everything except June's details; D2
  shows its counts but withholds its details in every month.
- D3 = V, D4 = X: three short spells a month each, everything shown; the organisation shows
  everything.

Seen with D2 as one unit (as D1's group's programme sees it), D1's closures in June and July
add up to 1 (its people absent in May, 4, and in August, 3, with no spell started), and
D1 + D2 in June is the organisation's 13 minus D3's and D4's 3 + 3, but D2's June is open, so
D1's June closure lies in 0..1. D2's group's programme sees its teams: U1 went from 3 people
absent in May to 0 % in July, U2 from 6 (three long-term and three) to 6 (the three
long-term and the three who started in July), so D2 closed 3 + 3 = 6 in June. The
organisation's 13 − 3 − 3 − 6 then gives D1's 1, and with S's 0, T's 1: P1's return. Only
the exchange of department totals between the groups finds it.
"""

from __future__ import annotations

import pandas as pd

from pipelines.scoring import closure_audit
from pipelines.scoring.closure_audit import pinned_closures

MONTHS = list(pd.date_range("2023-12-01", "2024-08-01", freq="MS"))
TEAMS = {"T": "D1", "S": "D1", "U1": "D2", "U2": "D2", "V": "D3", "X": "D4"}


def _team(started: dict[int, int], closed: dict[int, int],
          n_months: int = len(MONTHS)) -> list[tuple[int, int, int]]:
    """(started, closed, running) per month index from the month's starts and closures."""
    out, running = [], 0
    for j in range(n_months):
        running += started.get(j, 0)
        out.append((started.get(j, 0), closed.get(j, 0), running))
        running -= closed.get(j, 0)
    return out


JUN, JUL = 6, 7
CHAINS = {"T": _team({1: 4}, {JUN: 1}), "S": _team({}, {}),
          "U1": _team({4: 3}, {JUN: 3}), "U2": _team({0: 3, 1: 3, JUL: 3}, {JUN: 3, JUL: 3}),
          "V": _team(dict.fromkeys(range(9), 3), dict.fromkeys(range(9), 3)),
          "X": _team(dict.fromkeys(range(9), 3), dict.fromkeys(range(9), 3))}


def _truth() -> pd.DataFrame:
    return pd.DataFrame([
        {"team_id": t, "department_id": TEAMS[t], "month": m, "headcount": 12,
         "spells_started": s, "spells_closed": c, "n_absent": r, "spells_running": r,
         "weighted_sick_days": 5.0 * r}
        for t, chain in CHAINS.items() for m, (s, c, r) in zip(MONTHS, chain, strict=True)])


def _units(detail_hidden: set[tuple[str, int]]) -> list[dict]:
    rows = []
    for j, m in enumerate(MONTHS):
        units = [("team", t, d) for t, d in TEAMS.items()]
        units += [("department", d, d) for d in sorted(set(TEAMS.values()))]
        units += [("organisation", "organisation", None)]
        for kind, unit, dept in units:
            rows.append({"month": m, "unit_kind": kind, "unit_id": unit, "department_id": dept,
                         "visible": True, "counts_visible": True,
                         "detail_visible": (unit, j) not in detail_hidden
                         and unit != "D2"})
    return rows


HIDDEN = {("T", JUN), ("T", JUL), ("D1", JUN), ("D1", JUL), ("U1", JUN), ("U2", JUN)}


def test_the_published_pattern_is_as_the_docstring_says():
    truth = _truth()
    june = truth[truth["month"] == MONTHS[JUN]].set_index("team_id")["spells_closed"]
    assert june.sum() == 13 and june["T"] == 1 and june["U1"] + june["U2"] == 6
    assert (truth.groupby("team_id")["spells_started"].sum()
            - truth.groupby("team_id")["spells_closed"].sum()).to_dict() == {
        "T": 3, "S": 0, "U1": 0, "U2": 3, "V": 0, "X": 0}


def test_department_totals_pinned_by_a_groups_team_chains_reach_the_organisation():
    pinned = pinned_closures(_units(HIDDEN), _truth())
    assert ("department", "D1", MONTHS[JUN], "D1", "closed") in pinned
    assert ("team", "T", MONTHS[JUN], "D1", "closed") in pinned


def test_one_pass_from_the_organisation_to_the_groups_misses_it(monkeypatch):
    """One pass (each group's programme alone, no totals exchanged) finds nothing here."""
    monkeypatch.setattr(closure_audit, "MAX_EXCHANGES", 1)
    assert pinned_closures(_units(HIDDEN), _truth()) == []


def test_nothing_is_pinned_where_the_figures_leave_the_closure_open():
    """With the organisation's details of June and July withheld too, D1 closed one spell in
    June or in July, and nothing says which: the exchange pins nothing that is open."""
    hidden = HIDDEN | {("organisation", JUN), ("organisation", JUL)}
    assert pinned_closures(_units(hidden), _truth()) == []


def _zig_zag(hops: int) -> tuple[list[dict], pd.DataFrame]:
    """The review of stop 17: D1 and D2 withhold their details in every month, the
    organisation shows everything, and chain team Ck (in D1 for odd k, D2 for even k) has
    four people sick from the first month, one of whom returns in month k, and withholds its
    details in months k and k + 1. Each hop needs the organisation minus one department and
    then a team chain of the other: one exchange of department totals pins about two."""
    months = list(pd.date_range("2023-01-01", periods=hops + 3, freq="MS"))
    teams = {f"C{k:02d}": ("D1" if k % 2 else "D2", {0: 4}, {k: 1}, {k, k + 1})
             for k in range(1, hops + 1)}
    teams |= {"S1": ("D1", {0: 3}, {}, set()), "S2": ("D2", {0: 3}, {}, set())}

    truth = pd.DataFrame([
        {"team_id": t, "department_id": d, "month": m, "headcount": 12, "spells_started": s,
         "spells_closed": c, "n_absent": r, "spells_running": r, "weighted_sick_days": 5.0 * r}
        for t, (d, st, cl, _) in teams.items()
        for m, (s, c, r) in zip(months, _team(st, cl, len(months)), strict=True)])
    units = []
    for j, m in enumerate(months):
        units += [{"month": m, "unit_kind": "team", "unit_id": t, "department_id": d,
                   "visible": True, "counts_visible": True, "detail_visible": j not in window}
                  for t, (d, _, _, window) in teams.items()]
        units += [{"month": m, "unit_kind": "department", "unit_id": d, "department_id": d,
                   "visible": True, "counts_visible": True, "detail_visible": False}
                  for d in ("D1", "D2")]
        units.append({"month": m, "unit_kind": "organisation", "unit_id": "organisation",
                      "department_id": None, "visible": True, "counts_visible": True,
                      "detail_visible": True})
    return units, truth


def test_the_exchange_runs_until_nothing_new_is_pinned(monkeypatch):
    units, truth = _zig_zag(24)
    cache: dict = {}
    pinned = pinned_closures(units, truth, cache)
    assert sorted(u for kind, u, _, _, _ in pinned if kind == "team") == [
        f"C{k:02d}" for k in range(1, 25)]
    assert closure_audit.unaudited(cache) == 0
    # the same call again is answered from the cache: nothing is solved twice
    calls = []
    original = closure_audit._group
    monkeypatch.setattr(closure_audit, "_group",
                        lambda *a, **kw: calls.append(1) or original(*a, **kw))
    assert pinned_closures(units, truth, cache) == pinned
    assert calls == []
