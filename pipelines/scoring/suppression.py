"""Which figures may be published: primary and complementary suppression (domain.md §5).

The hierarchy is organisation -> department -> team, judged per period (survey wave or
absence month). A *group* here is any set of teams whose total a viewer could compute: a team,
a department, the organisation, and also every remainder that subtraction exposes (a
department minus its visible teams, the organisation minus its visible departments). Every such
group must

- hold at least ``k`` people (respondents for surveys, headcount for absence),
- pass the extra rule of its source (``group_ok``): no homogeneous extreme for surveys, the
  dominance rule for absence,
- and, when it is a remainder, consist of at least ``min_groups`` teams or departments
  (complementary suppression: hide the next-smallest visible sibling until it does).

A department hidden at organisation level hides all its teams (and publishes no pool), so its
total cannot be rebuilt from its parts. Hidden teams of a visible department form the pool
``<department>:other`` (published when it is a proper part of the department; it passes the
rules by construction).

Reasons published: ``below_k`` (fewer than k people, a fact the viewer can see in the org
structure anyway) and ``protected`` (complementary suppression, homogeneity or dominance; kept
as one reason so the reason itself reveals nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

BELOW_K = "below_k"
PROTECTED = "protected"
POOL_SUFFIX = ":other"
ORG_ID = "organisation"


def pool_id(department_id: str) -> str:
    return f"{department_id}{POOL_SUFFIX}"


@dataclass
class PeriodResult:
    """Suppression of one period. Arrays are aligned with the input teams."""

    team_visible: np.ndarray
    team_reason: list[str | None]
    dept_visible: dict[str, bool]
    dept_reason: dict[str, str | None]
    org_visible: bool
    org_reason: str | None
    pools: dict[str, list[int]] = field(default_factory=dict)  # department -> team indices


def groups_with_people(people) -> int:
    """Groups that hold anyone: a team or department without people is no group, so it cannot
    make a remainder of one group look like two (a privacy review read a hidden department's
    mean off organisation minus department when the rest was it and an empty one)."""
    return int((np.asarray(people, dtype=float) > 0).sum())


def suppress_period(
    departments: np.ndarray,
    people: np.ndarray,
    primary: list[str | None],
    group_ok: Callable[[np.ndarray], bool],
    k: int,
    min_groups: int = 2,
    make_pools: bool = True,
    sort_key: np.ndarray | None = None,
    dept_primary: dict[str, str] | None = None,
    org_primary: str | None = None,
    remainder_ok: Callable[[np.ndarray], bool] | None = None,
) -> PeriodResult:
    """Suppress one period.

    departments: department id per team; people: people per team (respondents or headcount);
    primary: the team's own reason to be hidden (``None`` = publishable on its own);
    group_ok(mask): the extra rule for the union of the teams in ``mask``;
    sort_key: tie-breaker for "smallest" (team ids), defaults to position;
    dept_primary: departments that must be hidden whatever their size, with the reason;
    org_primary: the reason the organisation must be hidden whatever its size (hides all);
    remainder_ok(mask): a further rule for a remainder only (the hidden teams of a
    department, the hidden departments), not for a unit shown on its own.
    """
    n = len(people)
    people = np.asarray(people, dtype=float)
    departments = np.asarray(departments, dtype=object)
    order_key = np.arange(n) if sort_key is None else np.asarray(sort_key, dtype=object)
    hidden = np.array([r is not None for r in primary], dtype=bool)
    reason: list[str | None] = list(primary)
    dept_ids = sorted(set(departments.tolist()))
    dept_mask = {d: departments == d for d in dept_ids}
    dept_people = {d: float(people[m].sum()) for d, m in dept_mask.items()}

    def ok(mask: np.ndarray, groups: int, check_groups: bool) -> bool:
        if check_groups and groups < min_groups:
            return False
        if check_groups and remainder_ok is not None and not remainder_ok(mask):
            return False
        return float(people[mask].sum()) >= k and bool(group_ok(mask))

    all_mask = np.ones(n, dtype=bool)
    if n == 0 or org_primary is not None or not ok(all_mask, 1, False):
        org_reason = BELOW_K if people.sum() < k else (org_primary or PROTECTED)
        return PeriodResult(
            team_visible=np.zeros(n, dtype=bool),
            team_reason=[r or (BELOW_K if people[i] < k else PROTECTED)
                         for i, r in enumerate(reason)],
            dept_visible={d: False for d in dept_ids},
            dept_reason={d: BELOW_K if dept_people[d] < k else PROTECTED for d in dept_ids},
            org_visible=False,
            org_reason=org_reason,
        )

    dept_hidden: dict[str, bool] = {}
    dept_reason: dict[str, str | None] = {}
    forced = dept_primary or {}
    for d in dept_ids:
        if d in forced:
            dept_hidden[d], dept_reason[d] = True, forced[d]
        elif dept_people[d] < k:
            dept_hidden[d], dept_reason[d] = True, BELOW_K
        elif not group_ok(dept_mask[d]):
            dept_hidden[d], dept_reason[d] = True, PROTECTED
        else:
            dept_hidden[d], dept_reason[d] = False, None

    org_visible, org_reason = True, None
    changed = True
    while changed:
        changed = False
        # Organisation level: the hidden departments form one remainder.
        while True:
            hd = [d for d in dept_ids if dept_hidden[d]]
            if not hd:
                break
            mask = np.logical_or.reduce([dept_mask[d] for d in hd])
            if ok(mask, groups_with_people([dept_people[d] for d in hd]), True):
                break
            cand = sorted((d for d in dept_ids if not dept_hidden[d]),
                          key=lambda d: (dept_people[d], d))
            if not cand:
                org_visible, org_reason = False, PROTECTED
                break
            dept_hidden[cand[0]], dept_reason[cand[0]] = True, PROTECTED
        if not org_visible:
            break
        # Department level: the hidden teams of each visible department form one remainder.
        for d in dept_ids:
            if dept_hidden[d]:
                continue
            idx = np.flatnonzero(dept_mask[d])
            while True:
                h = idx[hidden[idx]]
                if len(h) == 0:
                    break
                mask = np.zeros(n, dtype=bool)
                mask[h] = True
                if ok(mask, groups_with_people(people[h]), True):
                    break
                vis = idx[~hidden[idx]]
                if len(vis) == 0:
                    # Even all teams together fail: the department itself cannot be shown.
                    dept_hidden[d], dept_reason[d] = True, PROTECTED
                    changed = True
                    break
                smallest = min(vis, key=lambda i: (people[i], order_key[i]))
                hidden[smallest] = True
                reason[smallest] = PROTECTED

    if not org_visible:
        for d in dept_ids:
            dept_hidden[d] = True
            dept_reason[d] = dept_reason[d] or PROTECTED
    for d in dept_ids:
        if dept_hidden[d]:
            m = dept_mask[d]
            hidden[m] = True
            for i in np.flatnonzero(m):
                reason[i] = reason[i] or PROTECTED

    pools: dict[str, list[int]] = {}
    if make_pools and org_visible:
        for d in dept_ids:
            if dept_hidden[d]:
                continue
            idx = np.flatnonzero(dept_mask[d])
            h = idx[hidden[idx]]
            if 0 < len(h) < len(idx):
                pools[d] = h.tolist()

    return PeriodResult(
        team_visible=~hidden,
        team_reason=[None if not hidden[i] else (reason[i] or PROTECTED) for i in range(n)],
        dept_visible={d: not dept_hidden[d] for d in dept_ids},
        dept_reason={d: (dept_reason[d] if dept_hidden[d] else None) for d in dept_ids},
        org_visible=org_visible,
        org_reason=org_reason,
        pools=pools,
    )


def group_passes(mask: np.ndarray, people: np.ndarray, k: float, min_groups: int,
                 group_ok: Callable[[np.ndarray], bool]) -> bool:
    """The teams in ``mask`` as one exposed group: at least ``min_groups`` teams with people
    in them, ``k`` people and the source's extra rule."""
    people = np.asarray(people, dtype=float)
    return (groups_with_people(people[mask]) >= min_groups and float(people[mask].sum()) >= k
            and bool(group_ok(mask)))


def homogeneous(n: np.ndarray, sums: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                tol: float = 1e-9) -> np.ndarray:
    """True where a group's mean sits exactly on the range bound of its measure (every member
    gave the extreme score). n, sums: (..., measures); lo, hi: (measures,)."""
    n = np.asarray(n, dtype=float)
    at_lo = np.abs(sums - n * lo) <= tol * np.maximum(n, 1) * (hi - lo)
    at_hi = np.abs(sums - n * hi) <= tol * np.maximum(n, 1) * (hi - lo)
    return ((n > 0) & (at_lo | at_hi)).any(axis=-1)


def dominated(top1: np.ndarray, top2: np.ndarray, total: np.ndarray,
              top1_share: float, top2_share: float) -> np.ndarray:
    """The (n,k) dominance rule: largest contributor > top1_share of the total, or the two
    largest > top2_share. A zero total is not dominated (nothing to reveal)."""
    total = np.asarray(total, dtype=float)
    safe = np.where(total > 0, total, 1.0)
    return (total > 0) & ((top1 / safe > top1_share) | ((top1 + top2) / safe > top2_share))


def unit_rows(part: pd.DataFrame, res: PeriodResult, period_col: str, period) -> list[dict]:
    rows = []
    for i, (team, dept) in enumerate(zip(part["team_id"], part["department_id"], strict=True)):
        rows.append({period_col: period, "unit_kind": "team", "unit_id": team,
                     "department_id": dept, "visible": bool(res.team_visible[i]),
                     "suppression_reason": res.team_reason[i], "member_teams": 1,
                     "members_key": team})
    for d, vis in res.dept_visible.items():
        members = sorted(part.loc[part["department_id"] == d, "team_id"])
        rows.append({period_col: period, "unit_kind": "department", "unit_id": d,
                     "department_id": d, "visible": vis,
                     "suppression_reason": res.dept_reason[d], "member_teams": len(members),
                     "members_key": "|".join(members)})
    for d, members in res.pools.items():
        ids = sorted(part["team_id"].iloc[members])
        rows.append({period_col: period, "unit_kind": "pool", "unit_id": pool_id(d),
                     "department_id": d, "visible": True, "suppression_reason": None,
                     "member_teams": len(ids), "members_key": "|".join(ids)})
    rows.append({period_col: period, "unit_kind": "organisation", "unit_id": ORG_ID,
                 "department_id": None, "visible": res.org_visible,
                 "suppression_reason": res.org_reason, "member_teams": len(part),
                 "members_key": None})
    return rows


def units_schema(period_col: str) -> dict[str, str]:
    """Column types of ``int_<source>_units_suppressed``."""
    return {period_col: "DATE", "unit_kind": "VARCHAR", "unit_id": "VARCHAR",
            "department_id": "VARCHAR", "visible": "BOOLEAN", "suppression_reason": "VARCHAR",
            "member_teams": "BIGINT", "members_key": "VARCHAR"}


def units_frame(rows: list[dict], period_col: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(units_schema(period_col)))
