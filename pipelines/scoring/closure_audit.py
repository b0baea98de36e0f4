"""Audit of the spells closed against chains over months (docs/scoring.md, Anonymity point 5).

The details pass withholds the spells closed in a month whose closed spells one or two people
dominate: one or two spells closed there would place those people's returns, and with the
spells started before them bound how long they were sick. Chained over the months, the other
published figures can still pin them: between two months at 0 % every spell started also
closed, so with the spells started and closed of every other month shown, the one month that
withholds its closures gives them back; a sibling's closures pinned that way give a team's as
the department's minus the sibling's (two independent reviews, stops 15 and 16).

This module solves the linear programme such an attacker would. Unknowns per team and month:
spells started, closed, running, and running at the start of the month (running = at the
start + started; at the start = last month's running − its closed, plus spells moved in or out
where a spell moved between teams; closed ≤ running). Every figure this build or an earlier
one published adds a constraint: spells started where the counts are shown, spells closed
where the details are, none running at 0 %, at least one running otherwise, and where the
details show the people absent, as many spells running where each had one spell that month
(an attacker may assume so; the audit knows where it holds), at least as many elsewhere.

It solves one programme per group of departments that a team moved between: the group's
teams, and every other department as one unit, with the organisation as the total of all (the
organisation minus the other departments bounds the group's). Department closures that one
group's programme pins to one value are constraints of the others', back and forth until none
pins a new one. A team- or department-month whose one or two spells closed are withheld is
*pinned* when every solution closes one or two spells there; so is one whose rate is shown
over one or two spells running in every solution (the rate is then one or two people's days). :class:`Withheld` then withholds one more figure for it, in
the order of :data:`LADDER`, and the passes of that month run again (with their complementary
suppression) until nothing is pinned or the ladder runs out (``int_closure_audit.unresolved``,
in the run report). ``tests/scoring/test_privacy_attacker.py`` solves the whole organisation
at once, which is too large here at 100,000 employees.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, vstack

from pipelines.scoring.suppression import ORG_ID, PROTECTED

KINDS = ("started", "closed", "running", "at_start")
LATEST = "latest"  # cache entry: the programmes' answers of the last call
MAX_EXCHANGES: int | None = None  # None: exchange until nothing new (tests set 1: one pass)
FIGURE_OF = {"counts": "counts_visible", "details": "detail_visible", "figures": "visible"}
# What to withhold for a pinned unit, one step per round (figure, whose, months later), per
# reason. A withheld closure ("closed"): a team's spells started that month, its department's
# details and spells started, its own details and spells started of the next month (what an
# earlier build published cannot be taken back, so the chain is broken after it), the
# organisation's details and spells started of that month and the next, its whole month, its
# department's; for a department the same with the organisation in the department's place.
# A shown rate with at most two spells running ("running": the rate is one or two people's
# days): the counts and details that bound the spells running, the team's own, its
# department's and the organisation's (a complementary pair whose remainder of spells started
# is 2), then the rate itself.
LADDER = {
    "closed": {"team": (("counts", "self", 0), ("details", "department", 0),
                        ("counts", "department", 0), ("details", "self", 1),
                        ("counts", "self", 1), ("details", "organisation", 0),
                        ("counts", "organisation", 0), ("details", "organisation", 1),
                        ("counts", "organisation", 1), ("figures", "self", 0),
                        ("figures", "department", 0)),
               "department": (("counts", "self", 0), ("details", "organisation", 0),
                              ("counts", "organisation", 0), ("details", "self", 1),
                              ("counts", "self", 1), ("details", "organisation", 1),
                              ("counts", "organisation", 1), ("figures", "self", 0))},
    "running": {"team": (("counts", "self", 0), ("details", "self", 0),
                         ("counts", "department", 0), ("details", "department", 0),
                         ("counts", "organisation", 0), ("details", "organisation", 0),
                         ("figures", "self", 0), ("figures", "department", 0)),
                "department": (("counts", "self", 0), ("details", "self", 0),
                               ("counts", "organisation", 0), ("details", "organisation", 0),
                               ("figures", "self", 0))},
}


@dataclass
class Withheld:
    """Figures withheld beyond the passes' own rules: figure -> {(unit_kind, unit_id, month)}."""

    cells: dict[str, set[tuple[str, str, pd.Timestamp]]] = field(
        default_factory=lambda: defaultdict(set))
    step: dict[tuple[str, str, pd.Timestamp, str], int] = field(default_factory=dict)

    def teams(self, figure: str, month, team_ids, primary: list[str | None]) -> list[str | None]:
        """``primary`` with the teams withheld here added (reason ``protected``)."""
        month = pd.Timestamp(month)
        mine = {u for kind, u, m in self.cells[figure] if kind == "team" and m == month}
        return [PROTECTED if reason is None and team in mine else reason
                for team, reason in zip(team_ids, primary, strict=True)]

    def organisation(self, figure: str, month) -> str | None:
        return (PROTECTED if ("organisation", ORG_ID, pd.Timestamp(month)) in self.cells[figure]
                else None)

    def departments(self, figure: str, month, forced: dict[str, str]) -> dict[str, str]:
        month = pd.Timestamp(month)
        out = dict(forced)
        for kind, unit, m in self.cells[figure]:
            if kind == "department" and m == month:
                out.setdefault(unit, PROTECTED)
        return out

    def at(self, month, figure: str) -> WithheldAt:
        return WithheldAt(self, pd.Timestamp(month), figure)

    def escalate(self, pinned: list[tuple[str, str, pd.Timestamp, str]],
                 shown: dict[tuple[str, str, pd.Timestamp], dict[str, bool]],
                 months: list[pd.Timestamp], published=None) -> set[pd.Timestamp]:
        """For each pinned (unit_kind, unit_id, month, department, reason), withhold the next
        figure of its ladder that is shown now and was not published by an earlier build
        (``published(kind, unit, month, figure)``). Returns the months that changed (none:
        nothing more could be withheld)."""
        changed = set()
        for kind, unit, month, dept, reason in pinned:
            key = (kind, unit, pd.Timestamp(month), reason)
            ladder = LADDER[reason][kind]
            while self.step.get(key, 0) < len(ladder):
                figure, whose, later = ladder[self.step.get(key, 0)]
                self.step[key] = self.step.get(key, 0) + 1
                at = months.index(key[2]) + later
                if at >= len(months):
                    continue
                owner = {"self": key[:2], "department": ("department", dept),
                         "organisation": ("organisation", ORG_ID)}[whose]
                cell = (*owner, months[at])
                if (shown.get(cell, {}).get(FIGURE_OF[figure], False)
                        and not (published and published(*cell, figure))):
                    self.cells[figure].add(cell)
                    changed.add(months[at])
                    break
        return changed

    def summary(self, rounds: int, unresolved: int, unaudited: int) -> dict[str, int]:
        """One row of ``int_closure_audit``: the rounds, the figures withheld per kind, the
        closures still pinned when the ladder ran out and the departments whose programme
        had no solution (the run report warns of both)."""
        return {"rounds": rounds, **{f"withheld_{figure}": len(self.cells[figure])
                                     for figure in ("counts", "details", "figures")},
                "unresolved": unresolved, "unaudited_departments": unaudited}

class WithheldAt:
    """:class:`Withheld` bound to one month and figure (as ``PriorAt`` is for the memory)."""

    def __init__(self, withheld: Withheld, month: pd.Timestamp, figure: str) -> None:
        self.withheld, self.month, self.figure = withheld, month, figure

    def teams(self, team_ids, primary: list[str | None]) -> list[str | None]:
        return self.withheld.teams(self.figure, self.month, team_ids, primary)

    def departments(self, forced: dict[str, str]) -> dict[str, str]:
        return self.withheld.departments(self.figure, self.month, forced)

    def organisation(self) -> str | None:
        return self.withheld.organisation(self.figure, self.month)


def shown_flags(units: list[dict]) -> dict[tuple[str, str, pd.Timestamp], dict[str, bool]]:
    """(unit_kind, unit_id, month) -> visible, counts_visible, detail_visible."""
    return {(u["unit_kind"], u["unit_id"], pd.Timestamp(u["month"])):
            {c: bool(u[c]) for c in FIGURE_OF.values()} for u in units}


def pinned_closures(units: list[dict], truth: pd.DataFrame, cache: dict | None = None,
                    published=None, running_limit: int = 2) -> list[tuple]:
    """The team- and department-months whose one or two spells closed are withheld and
    pinned, or whose shown rate is pinned to one or two spells running, by the published
    figures, this build's and (``published(kind, unit, month, figure)``) the earlier
    builds': (unit_kind, unit_id, month, department, ``closed`` or ``running``).
    ``running_limit``: the most spells running the dominance rule forbids a shown month to
    be (2 when the two largest may not supply all days, 1 when only the largest is limited,
    0 when neither is). ``units``: the suppression rows of every month (with
    ``members_key`` for pools); ``cache`` keeps each group's answer between rounds;
    ``truth``: per team and month ``team_id, department_id, month, headcount,
    spells_started, spells_closed, n_absent, weighted_sick_days, spells_running`` (spells
    with sick days in the month). One programme per group of departments that a team moved
    between, so that a team's chain is whole."""
    truth = truth.assign(month=pd.to_datetime(truth["month"]))
    units_df = pd.DataFrame(units)
    units_df["month"] = pd.to_datetime(units_df["month"])
    if published is not None:  # what an earlier build published is known too
        for figure, col in FIGURE_OF.items():
            before = [published(k, u, m, figure) for k, u, m in
                      zip(units_df["unit_kind"], units_df["unit_id"], units_df["month"],
                          strict=True)]
            units_df[col] = units_df[col].astype(bool) | np.array(before, dtype=bool)
    cache = {} if cache is None else cache
    if units_df.empty or truth.empty:
        return []
    flags = ["unit_kind", "unit_id", "month", "visible", "counts_visible", "detail_visible"]
    dept_rows, dept_units = _departments_as_teams(truth, units_df)
    org_units = units_df[units_df["unit_kind"] == "organisation"]
    groups = []
    for group in _linked_departments(truth):
        own = truth["department_id"].isin(group)
        rows = pd.concat([truth[own], dept_rows[~dept_rows["department_id"].isin(group)]],
                         ignore_index=True)
        mine = pd.concat([units_df[units_df["department_id"].isin(group)],
                          dept_units[~dept_units["department_id"].isin(group)], org_units],
                         ignore_index=True)
        groups.append((group, rows, mine,
                       tuple(mine[flags].sort_values(flags[:3]).itertuples(index=False))))
    # Each group's programme holds its own teams and the other departments as wholes, with
    # the organisation as the total of all (the organisation minus the other departments
    # bounds the group's). Department closures one group's programme pins to one value are
    # constraints of the others', back and forth until none pins a new one (each exchange
    # adds a department-month or ends, so it ends). The cache keeps every variant of a
    # programme that was solved (key: its flags and what it was given).
    known: dict = {}
    latest: dict = {}
    exchanges = 0
    while True:
        exchanges += 1
        todo, keys = [], {}
        for group, rows, mine, flag_key in groups:
            theirs = {k: v for k, v in known.items() if k[0] not in group}
            keys[group] = (group, hash((flag_key, tuple(sorted(theirs.items())))))
            if keys[group] not in cache:
                todo.append((keys[group], rows, mine, theirs))
        # HiGHS solves outside the GIL: groups in parallel threads
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            found = pool.map(lambda job: _group(*job[1:], determine=True,
                                                running_limit=running_limit), todo)
            for (key, *_), result in zip(todo, found, strict=True):
                cache[key] = result
        latest = {group: cache[key] for group, key in keys.items()}
        new = {k: v for result in latest.values() for k, v in result[2].items()
               if k not in known}
        if not new or exchanges == MAX_EXCHANGES:
            break
        known.update(new)
    cache[LATEST] = latest
    return sorted({p for result in latest.values() for p in result[0]})


def unaudited(cache: dict) -> int:
    """The programmes of the last :func:`pinned_closures` call that had no solution."""
    return sum(not result[1] for result in cache.get(LATEST, {}).values())


REST = "\0"  # prefix of a department standing as one unit in another group's programme


def _departments_as_teams(truth: pd.DataFrame, units: pd.DataFrame
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each department as one "team" (id ``REST + department``) of its own department, with
    its published figures: how a group's programme sees the departments outside it."""
    cols = ["headcount", "spells_started", "spells_closed", "n_absent", "weighted_sick_days",
            "spells_running"]
    rows = truth.groupby(["department_id", "month"], as_index=False)[cols].sum()
    rows["team_id"] = REST + rows["department_id"]
    kept = units[units["unit_kind"] == "department"].copy()
    kept["unit_kind"] = "team"
    kept["unit_id"] = REST + kept["unit_id"]
    return rows, kept


def _linked_departments(truth: pd.DataFrame) -> list[tuple[str, ...]]:
    """Departments joined by a team that belonged to more than one of them (union-find)."""
    parent: dict[str, str] = {d: d for d in truth["department_id"].unique()}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for depts in truth.groupby("team_id")["department_id"].unique():
        for d in depts[1:]:
            parent[root(d)] = root(depts[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for d in parent:
        groups[root(d)].append(d)
    return sorted(tuple(sorted(g)) for g in groups.values())


def _group(rows: pd.DataFrame, units: pd.DataFrame, known: dict | None = None,
           determine: bool = False, running_limit: int = 2) -> tuple[list[tuple], bool, dict]:
    """The group's pinned targets (unit_kind, unit_id, month, department, reason: ``closed``
    or ``running``), whether its programme could be solved, and (``determine``) the withheld
    closures of its own departments that every solution gives the same value, as
    {(department, month): value}. ``rows`` and ``units`` hold the group's teams and the other
    departments as wholes (:func:`_departments_as_teams`); ``known``: closures of other
    departments fixed by their groups' programmes."""
    flags = units.drop_duplicates(["unit_kind", "unit_id", "month"]).set_index(
        ["unit_kind", "unit_id", "month"])[["visible", "detail_visible"]].astype(bool)

    def shows(kind: str, frame: pd.DataFrame, unit_col: str) -> tuple[np.ndarray, np.ndarray]:
        """The rate and the details shown, per row of ``frame``."""
        index = pd.MultiIndex.from_arrays([np.full(len(frame), kind), frame[unit_col],
                                           frame["month"]])
        got = flags.reindex(index).fillna(False).astype(bool).to_numpy()
        return got[:, 0], got[:, 0] & got[:, 1]

    own = rows[~rows["team_id"].str.startswith(REST)]
    rate, details = shows("team", own, "team_id")
    # (pinned key, members, unknown): one or two withheld spells closed, and a shown rate
    # over one or two spells running (the attacker's two targets)
    closed = own["spells_closed"].between(1, 2).to_numpy() & ~details
    running = (own["spells_running"].between(1, running_limit).to_numpy()
               & (own["weighted_sick_days"] > 0).to_numpy() & rate)
    targets = [(("team", t, m, d, why), [t], why)
               for why, mask in (("closed", closed), ("running", running))
               for t, m, d in own.loc[mask, ["team_id", "month", "department_id"]].itertuples(
                   index=False)]
    by_dept = own.groupby(["department_id", "month"], as_index=False).agg(
        members=("team_id", list), closed=("spells_closed", "sum"),
        running=("spells_running", "sum"), sick=("weighted_sick_days", "sum"))
    rate, details = shows("department", by_dept, "department_id")
    departments = list(by_dept[["department_id", "month", "members"]].itertuples(index=False))
    for why, mask in (("closed", by_dept["closed"].between(1, 2).to_numpy() & ~details),
                      ("running", by_dept["running"].between(1, running_limit).to_numpy()
                       & (by_dept["sick"] > 0).to_numpy() & rate)):
        targets += [(("department", d, m, d, why), members, why)
                    for (d, m, members), hit in zip(departments, mask, strict=True) if hit]
    known = known or {}
    cells = ([((d, m), members, m) for (d, m, members), shown in
              zip(departments, details, strict=True) if (d, m) not in known and not shown]
             if determine else [])
    if not targets and not cells:
        return [], True, {}
    lp = _Programme(rows, units, known)
    limit = {"closed": 2, "running": running_limit}
    found = lp.pinned([(members, key[2], unknown, limit[unknown])
                       for key, members, unknown in targets]) if targets else []
    if found is None:
        return [], False, {}
    values = lp.determined(cells)
    if values is None:
        return [], False, {}
    return [targets[i][0] for i in found], True, values


class _Programme:
    """The attacker's linear programme over a group of departments' teams and months.
    Unknowns per team and month (:data:`KINDS`): spells started, closed, running, and
    running at the start of the month; and the spells moved in or out where a true chain
    breaks (:meth:`_breaks`)."""

    def __init__(self, rows: pd.DataFrame, units: pd.DataFrame,
                 known: dict | None = None) -> None:
        self.teams = {t: i for i, t in enumerate(sorted(rows["team_id"].unique()))}
        self.months = {m: j for j, m in enumerate(sorted(rows["month"].unique()))}
        n_t, n_m = len(self.teams), len(self.months)
        self.n_var = len(KINDS) * n_t * n_m
        grid = np.arange(n_t * n_m).reshape(n_t, n_m)
        started, closed, running, at_start = (grid + k * n_t * n_m for k in range(len(KINDS)))
        # running = at the start + started; at the start = last month's running - its closed
        eq = [_rows([running, at_start, started], [1.0, -1.0, -1.0]),
              _rows([at_start[:, 1:], running[:, :-1], closed[:, :-1]], [1.0, -1.0, 1.0])]
        ub = [_rows([closed, running], [1.0, -1.0])]  # closed <= running
        eq_rhs = [np.zeros(n_t * n_m), np.zeros(n_t * (n_m - 1))]  # one row per cell
        ub_rhs = [np.zeros(n_t * n_m)]
        self.vars = {"started": started, "closed": closed, "running": running}
        cols = ["spells_started", "spells_closed", "n_absent", "weighted_sick_days",
                "spells_running"]
        truth = dict(zip(zip(rows["team_id"], rows["month"], strict=True),
                         rows[cols].to_numpy(dtype=float), strict=True))
        members_in = rows.groupby(["department_id", "month"])["team_id"].apply(list).to_dict()
        all_in = rows.groupby("month")["team_id"].apply(list).to_dict()
        extra_eq, extra_ub = [], []  # (kind, team indices, month index, coef, rhs)
        for u in units.itertuples():
            if not u.visible or u.month not in self.months:
                continue
            if u.unit_kind == "team":
                members = [u.unit_id]
            elif u.unit_kind == "pool":
                members = str(u.members_key).split("|")
            elif u.unit_kind == "department":
                members = members_in.get((u.unit_id, u.month), [])
            else:  # the organisation: every team and department in the programme
                members = all_in.get(u.month, [])
            members = [t for t in members if (t, u.month) in truth]
            if not members:
                continue
            n_started, n_closed, absent, sick, n_running = np.sum(
                [truth[(t, u.month)] for t in members], axis=0)
            idx, j = [self.teams[t] for t in members], self.months[u.month]
            if u.counts_visible:
                extra_eq.append(("started", idx, j, 1.0, n_started))
            if u.unit_kind != "pool" and u.detail_visible:
                extra_eq.append(("closed", idx, j, 1.0, n_closed))
                if n_running == absent:  # one spell per person: the attacker may assume it
                    extra_eq.append(("running", idx, j, 1.0, absent))
                else:
                    extra_ub.append(("running", idx, j, -1.0, -absent))
            if sick == 0:
                extra_eq.append(("running", idx, j, 1.0, 0.0))
            else:
                extra_ub.append(("running", idx, j, -1.0, -1.0))
        for (unit, month), value in (known or {}).items():
            if month not in self.months:
                continue
            members = members_in.get((unit, month), [unit] if unit in self.teams else [])
            if members:
                extra_eq.append(("closed", [self.teams[t] for t in members],
                                 self.months[month], 1.0, value))
        self.a_eq, self.b_eq = self._matrix(eq, eq_rhs, extra_eq)
        self.a_ub, self.b_ub = self._matrix(ub, ub_rhs, extra_ub)
        # any finite bound above the truth keeps the programme bounded (one person can have
        # several spells a month, so the headcount alone is no bound)
        cap = 2.0 * float(rows["headcount"].max()) + 2.0 * float(
            rows[["spells_started", "spells_closed", "spells_running"]].to_numpy().max()) + 10.0
        breaks = self._breaks(rows)
        # a spell that moves between teams leaves one team's chain and joins another's: where
        # the true chain breaks (or a month is missing), an unknown moved in or out (+/-)
        n_break = len(breaks)
        moved = csr_matrix((-np.ones(n_break), (
            [n_t * n_m + i * (n_m - 1) + (j - 1) for i, j in breaks], np.arange(n_break))),
            shape=(self.a_eq.shape[0], n_break))
        self.a_eq = hstack([self.a_eq, moved]).tocsr()
        # within a department whose teams and chain hold from one month to the next, what
        # moved in and out of its teams adds up to nothing (a spell moved between two of them)
        within = self._moved_within(rows, breaks)
        if within:
            block = csr_matrix((np.ones(sum(len(b) for b in within)), (
                np.concatenate([np.full(len(b), r) for r, b in enumerate(within)]),
                self.n_var + np.concatenate(within))), shape=(len(within), self.n_var + n_break))
            self.a_eq = vstack([self.a_eq, block]).tocsr()
            self.b_eq = np.concatenate([self.b_eq, np.zeros(len(within))])
        self.a_ub = hstack([self.a_ub, csr_matrix((self.a_ub.shape[0], n_break))]).tocsr()
        self.bounds = np.column_stack([
            np.concatenate([np.zeros(self.n_var), np.full(n_break, -cap)]),
            np.full(self.n_var + n_break, cap)])
        self.n_var += n_break
        self.n_breaks = n_break

    def _moved_within(self, rows: pd.DataFrame, breaks: list[tuple[int, int]]
                      ) -> list[np.ndarray]:
        """Per department and month whose teams are those of the month before and whose own
        chain holds: the indices (into the moved unknowns) of its teams' breaks."""
        if not breaks:
            return []
        members = rows.groupby(["department_id", "month"])["team_id"].apply(frozenset)
        totals = rows.groupby(["department_id", "month"])[
            ["spells_started", "spells_closed", "spells_running"]].sum()
        months = sorted(self.months, key=self.months.get)
        at = defaultdict(list)
        for b, (i, j) in enumerate(breaks):
            at[(i, j)].append(b)
        out = []
        for (d, month), teams in members.items():
            j = self.months[month]
            before = (d, months[j - 1]) if j > 0 else None
            if before is None or members.get(before) != teams:
                continue
            now, last = totals.loc[(d, month)], totals.loc[before]
            if not np.isclose(now["spells_running"], last["spells_running"]
                              - last["spells_closed"] + now["spells_started"]):
                continue
            idx = [b for t in teams for b in at.get((self.teams[t], j), [])]
            if idx:
                out.append(np.array(idx))
        return out

    def _breaks(self, rows: pd.DataFrame) -> list[tuple[int, int]]:
        """(team, month) positions, month > 0, where the true spells running are not last
        month's minus its closed plus this month's started, or either month is missing."""
        shape = (len(self.teams), len(self.months))
        grid = {c: np.full(shape, np.nan) for c in ("spells_started", "spells_closed",
                                                    "spells_running")}
        ti = rows["team_id"].map(self.teams).to_numpy()
        mj = rows["month"].map(self.months).to_numpy()
        for c, g in grid.items():
            g[ti, mj] = rows[c].to_numpy(dtype=float)
        run, closed, started = (grid[c] for c in ("spells_running", "spells_closed",
                                                   "spells_started"))
        flows = run[:, :-1] - closed[:, :-1] + started[:, 1:]
        broken = ~np.isclose(run[:, 1:], flows)  # also true where a value is missing (nan)
        return [(int(i), int(j) + 1) for i, j in zip(*np.nonzero(broken), strict=True)]

    def _matrix(self, blocks, rhs, extra):
        """The structural blocks ((row, col, value) arrays, rows from 0, with their right-hand
        sides) stacked, then one row per published figure in ``extra``."""
        ri, ci, vals, offset = [], [], [], 0
        for (r, c, v), b in zip(blocks, rhs, strict=True):
            ri.append(r + offset)
            ci.append(c)
            vals.append(v)
            offset += len(b)
        for n, (kind, idx, j, coef, _) in enumerate(extra):
            cols = self.vars[kind][idx, j]
            ri.append(np.full(len(cols), offset + n))
            ci.append(cols)
            vals.append(np.full(len(cols), coef))
        b = np.concatenate([*rhs, np.array([e[4] for e in extra], dtype=float)])
        a = csr_matrix((np.concatenate(vals), (np.concatenate(ri), np.concatenate(ci))),
                       shape=(len(b), self.n_var))
        return a, b

    def _solve(self, objective: np.ndarray, a_ub=None, b_ub=None, a_eq=None, bounds=None):
        return linprog(objective, A_eq=self.a_eq if a_eq is None else a_eq, b_eq=self.b_eq,
                       A_ub=self.a_ub if a_ub is None else a_ub,
                       b_ub=self.b_ub if b_ub is None else b_ub,
                       bounds=self.bounds if bounds is None else bounds, method="highs")

    def closures(self, members: list[str], month, unknown: str = "closed") -> np.ndarray:
        """The unknowns of the spells closed (or ``unknown``) by ``members`` in ``month``."""
        return self.vars[unknown][[self.teams[t] for t in members], self.months[month]]

    def _vector(self, index_sets: list[np.ndarray]) -> np.ndarray:
        vec = np.zeros(self.n_var)
        for idx in index_sets:
            vec[idx] += 1.0
        return vec

    def _least(self, targets: list[np.ndarray]) -> np.ndarray | None:
        res = self._solve(self._vector(targets))
        return res.x if res.status == 0 else None

    def _most(self, targets: list[np.ndarray]) -> np.ndarray | None:
        """A solution with as many targets as possible at three or more spells closed: it
        maximises the sum of min(closures, 3) (one capped helper per target), so one target's
        large value does not stand in for the others'."""
        n = len(targets)
        rows = np.concatenate([np.full(len(idx), i) for i, idx in enumerate(targets)])
        cols = np.concatenate(targets)
        helper = csr_matrix((np.concatenate([-np.ones(len(cols)), np.ones(n)]),
                             (np.concatenate([rows, np.arange(n)]),
                              np.concatenate([cols, self.n_var + np.arange(n)]))),
                            shape=(n, self.n_var + n))
        a_ub = vstack([hstack([self.a_ub, csr_matrix((self.a_ub.shape[0], n))]), helper])
        a_eq = hstack([self.a_eq, csr_matrix((self.a_eq.shape[0], n))])
        cost = np.concatenate([np.zeros(self.n_var), -np.ones(n)])
        bounds = np.vstack([self.bounds, np.column_stack([np.zeros(n), np.full(n, 3.0)])])
        res = self._solve(cost, a_ub=a_ub, b_ub=np.concatenate([self.b_ub, np.zeros(n)]),
                          a_eq=a_eq, bounds=bounds)
        return res.x[:self.n_var] if res.status == 0 else None

    def pinned(self, targets: list[tuple[list[str], pd.Timestamp, str, int]]
               ) -> list[int] | None:
        """The indices of ``targets`` (members, month, unknown: ``closed`` or ``running``,
        limit: 1 or 2) in which every solution has one to ``limit`` such spells. One solution with the most
        remaining targets at three or more (:meth:`_most`), then one that minimises them,
        clears each target it gives three or more (or none); the rest are solved one by one.
        None when there is no solution at all."""
        obj = [self.closures(members, month, unknown) for members, month, unknown, _ in targets]
        remaining = list(range(len(targets)))
        for find, clears in ((self._most, lambda v: v >= 2.5), (self._least, lambda v: v <= 0.5)):
            while remaining:
                x = find([obj[i] for i in remaining])
                if x is None:
                    return None
                keep = [i for i in remaining if not clears(float(x[obj[i]].sum()))]
                if len(keep) == len(remaining):
                    break
                remaining = keep
        out = []
        for i in remaining:
            vec = self._vector([obj[i]])
            high, low = self._solve(-vec), self._solve(vec)
            # a solver in trouble clears nothing: the target counts as pinned
            if (high.status != 0 or low.status != 0
                    or (-high.fun < targets[i][3] + 0.5 and low.fun > 0.5)):
                out.append(i)
        return out

    def determined(self, cells: list[tuple[tuple, list[str], pd.Timestamp]]) -> dict | None:
        """{key: value} for the cells (key, members, month) whose spells closed every solution
        gives the same value (None: no solution). Two solutions (least and most of them all)
        clear every cell they differ on; the rest are solved one by one."""
        obj = [self.closures(members, m) for _, members, m in cells]
        if not obj:
            return {}
        low, high = self._least(obj), self._most(obj)
        if low is None or high is None:
            return None
        out = {}
        for ((cell, _, _), idx) in zip(cells, obj, strict=True):
            if abs(low[idx].sum() - high[idx].sum()) > 0.5:
                continue
            vec = self._vector([idx])
            top, bottom = self._solve(-vec), self._solve(vec)
            if top.status != 0 or bottom.status != 0:
                return None  # a solver in trouble: the programme counts as unaudited
            if -top.fun - bottom.fun < 1e-6:
                out[cell] = round(bottom.fun)
        return out


def _rows(blocks: list[np.ndarray], coefs: list[float]):
    """One constraint row per cell of equally shaped index arrays: sum of coef x unknown."""
    n = blocks[0].size
    ri = np.tile(np.arange(n), len(blocks))
    ci = np.concatenate([b.ravel() for b in blocks])
    vals = np.repeat(np.array(coefs, dtype=float), n)
    return ri, ci, vals
