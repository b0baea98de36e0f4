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

It solves one programme over the departments as wholes (the organisation as their total)
and one per group of departments that a team moved between. Department closures that every
solution of one side gives the same value are constraints of the other, back and forth until
neither pins a new one (the organisation minus departments, a department minus its teams). A team- or
department-month whose one or two spells closed are withheld is *pinned* when every solution
closes one or two spells there. :class:`Withheld` then withholds one more figure for it, in
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
# What to withhold for a pinned unit, one step per round (figure, whose, months later): a
# team's spells started that month, its department's details and spells started, its own
# details and spells started of the next month (what an earlier build published cannot be
# taken back, so the chain is broken after it), the organisation's details and spells
# started of that month and the next, its whole month, its department's; for a department
# the same with the organisation in the department's place.
LADDER = {"team": (("counts", "self", 0), ("details", "department", 0),
                   ("counts", "department", 0), ("details", "self", 1), ("counts", "self", 1),
                   ("details", "organisation", 0), ("counts", "organisation", 0),
                   ("details", "organisation", 1), ("counts", "organisation", 1),
                   ("figures", "self", 0), ("figures", "department", 0)),
          "department": (("counts", "self", 0), ("details", "organisation", 0),
                         ("counts", "organisation", 0), ("details", "self", 1),
                         ("counts", "self", 1), ("details", "organisation", 1),
                         ("counts", "organisation", 1), ("figures", "self", 0))}


@dataclass
class Withheld:
    """Figures withheld beyond the passes' own rules: figure -> {(unit_kind, unit_id, month)}."""

    cells: dict[str, set[tuple[str, str, pd.Timestamp]]] = field(
        default_factory=lambda: defaultdict(set))
    step: dict[tuple[str, str, pd.Timestamp], int] = field(default_factory=dict)

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
        """For each pinned (unit_kind, unit_id, month, department), withhold the next figure of
        its ladder that is shown now and was not published by an earlier build
        (``published(kind, unit, month, figure)``). Returns the months that changed (none:
        nothing more could be withheld)."""
        changed = set()
        for kind, unit, month, dept in pinned:
            key = (kind, unit, pd.Timestamp(month))
            ladder = LADDER[kind]
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
                    published=None) -> list[tuple]:
    """The team- and department-months whose one or two spells closed are withheld and
    pinned by the published figures, this build's and (``published(kind, unit, month,
    figure)``) the earlier builds'. ``units``: the suppression rows of every month (with
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
    rows_o, units_o = _departments_as_teams(truth, units_df)
    flags_o = tuple(units_o[flags].sort_values(flags[:3]).itertuples(index=False))
    groups = [(g, truth[truth["department_id"].isin(g)],
               units_df[units_df["department_id"].isin(g)]) for g in _linked_departments(truth)]
    group_flags = {g: tuple(mine[flags].sort_values(flags[:3]).itertuples(index=False))
                   for g, _, mine in groups}
    # Department totals pass both ways until neither side pins a new one: the organisation's
    # programme (departments as teams) pins some (the organisation minus the departments that
    # show theirs, a department's own chain), which every group's programme then knows (a
    # department minus its teams); a group's team chains pin others, which the organisation's
    # programme then subtracts in turn. Each exchange adds a department-month to
    # ``from_groups`` or ends, so it ends. The cache keeps every variant of a programme that
    # was solved (key: its flags and what it was given).
    from_groups: dict = {}
    latest: dict = {}
    exchanges = 0
    while True:
        exchanges += 1
        key = (ORG_ID, hash((flags_o, tuple(sorted(from_groups.items())))))
        if key not in cache:
            pinned, audited, known = _group(rows_o, units_o, from_groups, determine="teams")
            pinned = [("department", d, m, d) for kind, d, m, _ in pinned if kind == "team"]
            cache[key] = (pinned, audited, known)
        latest[ORG_ID] = cache[key]
        from_org = cache[key][2]  # never a department-month in from_groups (known to it)
        todo, keys = [], {}
        for group, rows, mine in groups:
            # what the organisation's programme pinned of this group's departments (a
            # group's own totals are not given back to it)
            theirs = {k: v for k, v in from_org.items() if k[0] in group}
            keys[group] = (group, hash((group_flags[group], tuple(sorted(theirs.items())))))
            if keys[group] not in cache:
                todo.append((keys[group], rows, mine, theirs))
        # HiGHS solves outside the GIL: groups in parallel threads
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            found = pool.map(lambda job: _group(*job[1:], determine="departments"), todo)
            for (key, *_), result in zip(todo, found, strict=True):
                cache[key] = result
        latest.update({group: cache[key] for group, key in keys.items()})
        new = {k: v for g, _, _ in groups for k, v in latest[g][2].items()
               if k not in from_groups and k not in from_org}
        if not new or exchanges == MAX_EXCHANGES:
            break
        from_groups.update(new)
    cache[LATEST] = latest
    return sorted({p for result in latest.values() for p in result[0]})


def unaudited(cache: dict) -> int:
    """The programmes of the last :func:`pinned_closures` call that had no solution."""
    return sum(not result[1] for result in cache.get(LATEST, {}).values())


def _departments_as_teams(truth: pd.DataFrame, units: pd.DataFrame
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The organisation's programme: the same one with each department as a "team" and the
    organisation as their one "department" (a department's own chain, and the organisation
    minus the departments that show theirs, give another department's closures)."""
    cols = ["headcount", "spells_started", "spells_closed", "n_absent", "weighted_sick_days",
            "spells_running"]
    rows = (truth.groupby(["department_id", "month"], as_index=False)[cols].sum()
            .rename(columns={"department_id": "team_id"}).assign(department_id=ORG_ID))
    kept = units[units["unit_kind"].isin(["department", "organisation"])].copy()
    is_dept = kept["unit_kind"] == "department"
    kept.loc[is_dept, "unit_kind"] = "team"
    kept.loc[~is_dept, "unit_kind"] = "department"
    kept["department_id"] = ORG_ID
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
           determine: str | None = None) -> tuple[list[tuple], bool, dict]:
    """The group's pinned targets (unit_kind, unit_id, month, department), whether its
    programme could be solved, and the withheld closures that every solution gives the same
    value, as {(unit, month): value}: of its "teams" (``determine="teams"``: in the
    organisation's programme the departments are the "teams") or of its departments whose
    details are withheld (``"departments"``). ``known``: closures fixed by the other
    programmes, {(team or department, month): value}."""
    closed_of = rows.set_index(["team_id", "month"])["spells_closed"]
    dept_of = rows.set_index(["team_id", "month"])["department_id"]
    shown = {(r.unit_kind, r.unit_id, r.month): r for r in units.itertuples()}
    hidden = [(t, m) for (t, m) in closed_of.index
              if not _shows(shown.get(("team", t, m)), "detail_visible")]
    targets = [(("team", t, m, dept_of[(t, m)]), [t]) for (t, m) in hidden
               if 1 <= closed_of[(t, m)] <= 2]
    for (d, m), part in rows.groupby(["department_id", "month"]):
        if (1 <= part["spells_closed"].sum() <= 2
                and not _shows(shown.get(("department", d, m)), "detail_visible")):
            targets.append((("department", d, m, d), list(part["team_id"])))
    known = known or {}
    if determine == "teams":
        cells = [((t, m), [t], m) for t, m in hidden if (t, m) not in known]
    elif determine == "departments":
        cells = [((d, m), list(part["team_id"]), m)
                 for (d, m), part in rows.groupby(["department_id", "month"])
                 if (d, m) not in known
                 and not _shows(shown.get(("department", d, m)), "detail_visible")]
    else:
        cells = []
    if not targets and not cells:
        return [], True, {}
    lp = _Programme(rows, units, known)
    found = lp.pinned([(members, key[2]) for key, members in targets]) if targets else []
    if found is None:
        return [], False, {}
    values = lp.determined(cells)
    if values is None:
        return [], False, {}
    return [targets[i][0] for i in found], True, values


def _shows(row, col: str) -> bool:
    return row is not None and bool(row.visible) and bool(getattr(row, col))


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
            else:
                continue
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
        self.a_ub = hstack([self.a_ub, csr_matrix((self.a_ub.shape[0], n_break))]).tocsr()
        self.bounds = np.column_stack([
            np.concatenate([np.zeros(self.n_var), np.full(n_break, -cap)]),
            np.full(self.n_var + n_break, cap)])
        self.n_var += n_break
        self.n_breaks = n_break

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

    def closures(self, members: list[str], month) -> np.ndarray:
        """The unknowns of the spells closed by ``members`` in ``month``."""
        return self.vars["closed"][[self.teams[t] for t in members], self.months[month]]

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

    def pinned(self, targets: list[tuple[list[str], pd.Timestamp]]) -> list[int] | None:
        """The indices of ``targets`` (members, month) in which every solution closes one or
        two spells. One solution with the most remaining targets at three or more spells
        closed (:meth:`_most`), then one that minimises their closures, clears each target it
        gives three or more (or none); the rest are solved one by one. None when there is
        no solution at all (spells moving between teams: the chain does not hold per
        team)."""
        obj = [self.closures(members, month) for members, month in targets]
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
                    or (-high.fun < 2.5 and low.fun > 0.5)):
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
            if top.status == 0 and bottom.status == 0 and -top.fun - bottom.fun < 1e-6:
                out[cell] = round(bottom.fun)
        return out


def _rows(blocks: list[np.ndarray], coefs: list[float]):
    """One constraint row per cell of equally shaped index arrays: sum of coef x unknown."""
    n = blocks[0].size
    ri = np.tile(np.arange(n), len(blocks))
    ci = np.concatenate([b.ravel() for b in blocks])
    vals = np.repeat(np.array(coefs, dtype=float), n)
    return ri, ci, vals
