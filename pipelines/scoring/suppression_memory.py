"""Suppression memory: what an earlier publication withheld stays withheld.

A viewer who keeps two builds sees the union of their visible figures. Where a department's
figure is the same in both builds but a correction of other months moved its hidden teams,
subtracting the teams visible in either build can isolate fewer than the rule allows
(docs/scoring.md, "Across builds"). Statistical offices carry the published suppression
pattern into every revision; so does this build.

Before the build, the pipeline copies the live published database's ``suppressed_cells`` and
pool members, together with what the previous working database remembered, into the working
database as ``prior_suppressed_cells`` and ``prior_pool_members``
(``store.write_prior_suppression``). Every
suppression pass then adds the cells hidden there to its primary suppression, and
complementary suppression runs as before. So, for every period the builds cover, the hidden
set only grows, and what is hidden in both builds is the earlier build's hidden set, which
passed the rules when it was published. Periods no earlier build covered are judged
afresh. A pool that shows counts or a band distribution may not change members in a way
whose difference isolates a team that withheld them (:meth:`Prior.pool_change_ok`).

Figures (``suppressed_cells.figure``): ``figures`` (the unit is hidden), ``counts`` and
``details`` (absence, see suppress_absence) and ``bands:<scale>`` (survey band distribution).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import duckdb
import pandas as pd

from pipelines.scoring.suppression import (
    ORG_ID,
    POOL_SUFFIX,
    PROTECTED,
    PeriodResult,
    suppress_period,
)

PRIOR_TABLE = "prior_suppressed_cells"
POOL_TABLE = "prior_pool_members"
UNITS_TABLE = "prior_units"
SHOWN_TABLE = "prior_shown_cells"
FIGURES = "figures"
COUNTS = "counts"
DETAILS = "details"


def bands(scale_id: str) -> str:
    return f"bands:{scale_id}"


def period_key(period) -> str:
    return pd.Timestamp(period).strftime("%Y-%m-%d")


class Prior:
    """The cells an earlier publication hid, for one source (``survey`` or ``absence``).

    ``kept`` counts the team-periods hidden only because of this memory: visible when the
    period is judged afresh (:meth:`suppress`); ``run.py`` reports it."""

    def __init__(self, rows: Iterable[tuple] = (), pool_members: Iterable[tuple] = (),
                 units: Iterable[tuple] = (), shown: Iterable[tuple] = ()) -> None:
        self._cells: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for period, figure, kind, unit in rows:
            self._cells[(period_key(period), figure, kind)].add(unit)
        self._members: dict[tuple[str, str], list[frozenset[str]]] = defaultdict(list)
        for period, pool, key in pool_members:
            self._members[(period_key(period), pool)].append(frozenset(key.split("|")))
        self._units = {(period_key(period), kind, unit) for period, kind, unit in units}
        self._shown = {(period_key(period), figure, kind, unit)
                       for period, figure, kind, unit in shown}
        self._unit_periods = {k[0] for k in self._units}
        # periods only a memory written before units were remembered covers: a period counts
        # as published when an earlier build withheld something in it
        self._periods = {k[0] for k in self._cells}
        self.kept = 0

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, source: str) -> Prior:
        """The prior cells and pool members of ``source``; none where the working database
        has no such table (a test database built without the pipeline)."""

        def rows(table: str, cols: str) -> list[tuple]:
            exists = con.execute("select count(*) from information_schema.tables "
                                 "where table_schema = 'main' and table_name = ?",
                                 [table]).fetchall()[0][0]
            return con.execute(f"select {cols} from {table} where source = ? order by all",
                               [source]).fetchall() if exists else []

        return cls(rows(PRIOR_TABLE, "period, figure, unit_kind, unit_id"),
                   rows(POOL_TABLE, "period, pool_id, members_key"),
                   rows(UNITS_TABLE, "period, unit_kind, unit_id"),
                   rows(SHOWN_TABLE, "period, figure, unit_kind, unit_id"))

    def hidden(self, period, figure: str, kind: str) -> set[str]:
        return self._cells.get((period_key(period), figure, kind), set())

    def teams(self, period, figure: str, team_ids: Iterable[str],
              primary: list[str | None]) -> list[str | None]:
        """``primary`` with the teams hidden before added (reason ``protected``)."""
        before = self.hidden(period, figure, "team")
        if not before:
            return primary
        return [PROTECTED if reason is None and team in before else reason
                for team, reason in zip(team_ids, primary, strict=True)]

    def departments(self, period, figure: str,
                    forced: dict[str, str] | None = None) -> dict[str, str]:
        """``forced`` (department -> reason) with the departments hidden before added."""
        out = dict(forced or {})
        for d in self.hidden(period, figure, "department"):
            out.setdefault(d, PROTECTED)
        return out

    def organisation(self, period, figure: str) -> str | None:
        return PROTECTED if ORG_ID in self.hidden(period, figure, "organisation") else None

    def pool_hidden(self, period, figure: str, pool: str) -> bool:
        return pool in self.hidden(period, figure, "pool")

    def pool_change_ok(self, period, figure: str, pool: str, members: set[str],
                       passes: Callable[[set[str]], bool]) -> bool:
        """May ``pool`` show ``figure`` now that its members are ``members``?

        A pool published before with other members gives, with this build, the sum over the
        teams in only one of the two. The teams among them that showed the figure before are
        known; the others (``unknown``) must be none or pass the rule as a group
        (``passes``: at least ``complement_min_groups`` teams, k people and the source's extra
        rule). A pool that lost a member withholds the figure (the member's would be the
        difference). Checked against every membership the pool has had."""
        withheld = self.hidden(period, figure, "team") | self.hidden(period, FIGURES, "team")
        for before in self._members.get((period_key(period), pool), []):
            if before == members:
                continue
            if before - members:
                return False
            unknown = (members - before) & withheld
            if unknown and not passes(unknown):
                return False
        return True

    def known_before(self, period, figure: str, teams: set[str]) -> set[str]:
        """The teams of ``teams`` whose ``figure`` an earlier build published."""
        return {t for t in teams if self.published(period, figure, "team", t)}

    def pool_units(self, teams_in: dict[tuple[str, pd.Timestamp], set[str]]) -> list[dict]:
        """Unit rows (as the closure audit reads them) for every membership a pool had in an
        earlier build that showed its spells started: a viewer who kept that build knows the
        sum over those members. Only where the members are still teams of the pool's
        department that month (``teams_in``: (department, month) -> teams)."""
        out = []
        for (period, pool), memberships in self._members.items():
            dept, month = pool.removesuffix(POOL_SUFFIX), pd.Timestamp(period)
            if not self.published(period, COUNTS, "pool", pool):
                continue
            out += [{"month": month, "unit_kind": "pool", "unit_id": pool,
                     "department_id": dept, "members_key": "|".join(sorted(members)),
                     "visible": True, "counts_visible": True, "detail_visible": False}
                    for members in memberships
                    if members <= teams_in.get((dept, month), set())]
        return out

    def published(self, period, figure: str, kind: str, unit: str) -> bool:
        """Did an earlier build publish ``figure`` of this unit in ``period``? A viewer who
        kept that build knows it, whatever a later build withholds.

        Yes when an earlier build published the unit's row (``prior_units``) and either
        showed the figure before a later build withheld it (``prior_shown_cells``: the
        hidden set only grows, so the first build after the unit appeared shows the most)
        or no build withheld the figure or a wider one (details < counts < figures). For a
        period no remembered unit covers (a memory written by an older version), the period
        counts as published when an earlier build withheld something in it."""
        key = period_key(period)
        if key in self._unit_periods:
            if (key, kind, unit) not in self._units:
                return False
        elif key not in self._periods:
            return False
        if (key, figure, kind, unit) in self._shown:
            return True
        wider = {DETAILS: (DETAILS, COUNTS, FIGURES), COUNTS: (COUNTS, FIGURES),
                 FIGURES: (FIGURES,)}[figure]
        return not any(unit in self.hidden(period, f, kind) for f in wider)

    def suppress(self, period, team_ids, primary: list[str | None], **kw) -> PeriodResult:
        """``suppress_period`` of the main pass with the memory of ``figures`` added; where the
        memory changes anything, the period is also judged afresh to count what it kept."""
        team_ids = list(team_ids)
        with_memory = self.teams(period, FIGURES, team_ids, primary)
        given = kw.pop("dept_primary", None) or {}
        depts = self.departments(period, FIGURES, given)
        org = self.organisation(period, FIGURES)
        res = suppress_period(primary=with_memory, dept_primary=depts, org_primary=org, **kw)
        if with_memory != primary or depts != given or org:
            fresh = suppress_period(primary=primary, dept_primary=given, **kw)
            self.kept += int((fresh.team_visible & ~res.team_visible).sum())
        return res

    def at(self, period, figure: str) -> PriorAt:
        return PriorAt(self, period, figure)


class PriorAt:
    """The methods of :class:`Prior` bound to one period and figure."""

    def __init__(self, prior: Prior, period, figure: str) -> None:
        self.prior, self.period, self.figure = prior, period, figure

    def teams(self, team_ids: Iterable[str], primary: list[str | None]) -> list[str | None]:
        return self.prior.teams(self.period, self.figure, team_ids, primary)

    def departments(self, forced: dict[str, str] | None = None) -> dict[str, str]:
        return self.prior.departments(self.period, self.figure, forced)

    def organisation(self) -> str | None:
        return self.prior.organisation(self.period, self.figure)

    def pool_hidden(self, pool: str) -> bool:
        return self.prior.pool_hidden(self.period, self.figure, pool)

    def pool_change_ok(self, pool: str, members: set[str],
                       passes: Callable[[set[str]], bool]) -> bool:
        return self.prior.pool_change_ok(self.period, self.figure, pool, members, passes)

    def known_before(self, teams: set[str]) -> set[str]:
        return self.prior.known_before(self.period, self.figure, teams)


def write_memory_applied(con: duckdb.DuckDBPyConnection, source: str, prior: Prior) -> None:
    """``int_suppression_memory_<source>``: the team-periods hidden only because of the
    memory (one row; ``store.memory_applied`` reports it)."""
    from pipelines.scoring.runner import write_table

    write_table(con, f"int_suppression_memory_{source}",
                pd.DataFrame([{"teams_kept_hidden": prior.kept}]),
                {"teams_kept_hidden": "BIGINT"})
