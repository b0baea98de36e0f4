"""An independent attacker against the published marts (issue 3, domain.md §5).

Over random organisations (hypothesis), the attacker sees everything an HR viewer sees: every
published figure of teams, pools, departments and the organisation (means with their counts,
scale means, band shares, absence figures), the organisation structure (team headcounts and
departments month by month: in 23 of the 200 one team moves department) and,
as a worst case, the true number of respondents of every hidden team. It turns each published
figure into a linear equation over per-team unknowns (score sums, band
counts, weighted sick days, spells) with their natural bounds, and solves linear programmes
for the smallest and largest value of

- every hidden team's unknowns, and
- the total of every set of hidden teams (up to three) holding fewer than k people.

A value is *determined* when its feasible interval is (numerically) a point. The test fails
when any value about a group of fewer than k people is determined, and for survey scores also
when a hidden team's band distribution is pinned to "nobody normal" (every member at risk).

Zero absence is the one accepted exception: when a published group of at least k people had
no absence at all, every part of it had none (the same homogeneity that a visible team with
0 % absence shows about each member); docs/scoring.md explains the choice.

The attacker uses none of the suppressor's code.
"""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from pipelines.instrument import Instrument
from pipelines.settings import Settings
from tests.scoring.staging import build_database

pytestmark = pytest.mark.slow

K_SURVEY, K_ABSENCE = 5, 10
WAVE = "2024-03-01"
MONTHS = ["2024-01-01", "2024-02-01", "2024-03-01"]
# A small instrument keeps each example fast: one scale per block, strain with cut-offs.
INSTRUMENT = Instrument.model_validate({
    "name": "attack", "scale": {"min": 1, "max": 5},
    "scales": [
        {"id": "load", "block": "demands", "items": ["D1", "D2"], "reverse": ["D2"]},
        {"id": "support", "block": "resources", "items": ["R1", "R2"]},
        {"id": "rest", "block": "recovery", "items": ["C1"]},
        {"id": "tired", "block": "strain", "items": ["S1", "S2"],
         "cutoffs": {"at_risk": 3.0, "very_high": 4.0}},
    ]})
ITEMS = [i for s in INSTRUMENT.scales for i in s.items]
TOL = 1e-6


@st.composite
def organisations(draw):
    n_depts = draw(st.integers(1, 4))
    teams = []
    for d in range(n_depts):
        for t in range(draw(st.integers(1, 4))):
            teams.append({"team_id": f"d{d}t{t}", "department_id": f"d{d}",
                          "headcount": draw(st.integers(1, 14))})
    return {
        "teams": teams,
        "seed": draw(st.integers(0, 2**32 - 1)),
        "response": draw(st.sampled_from([0.5, 0.8, 1.0])),
        "answers": draw(st.sampled_from(["random", "random", "constant", "extreme"])),
        "sick": draw(st.sampled_from([0.0, 0.05, 0.2, 0.5])),
        # in a third of the draws one team moves to another department from February or
        # March on, with its people and their spells (a shift back onto its own department,
        # as with one department, moves nothing: 23 of the 200 examples have a mover)
        "move": draw(st.one_of(st.none(), st.none(), st.tuples(
            st.integers(0, len(teams) - 1), st.integers(1, 3),
            st.sampled_from(MONTHS[1:])))),
    }


def make_org(spec) -> dict:
    rng = np.random.default_rng(spec["seed"])
    org = pd.DataFrame([{**t, "month": m, "fte": t["headcount"] * 0.9}
                        for t in spec["teams"] for m in MONTHS])
    if spec.get("move"):
        team, shift, since = spec["move"]
        depts = sorted({t["department_id"] for t in spec["teams"]})
        here = spec["teams"][team]
        to = depts[(depts.index(here["department_id"]) + shift) % len(depts)]
        org.loc[(org["team_id"] == here["team_id"]) & (org["month"] >= since),
                "department_id"] = to
    resp, ans = [], []
    for t in spec["teams"]:
        n = int(rng.binomial(t["headcount"], spec["response"]))
        level = rng.integers(1, 6)
        for i in range(n):
            rid = f"{t['team_id']}-{i}"
            resp.append({"response_id": rid, "team_id": t["team_id"], "wave": WAVE})
            for item in ITEMS:
                if spec["answers"] == "random":
                    v = rng.integers(1, 6)
                elif spec["answers"] == "constant":
                    v = level
                else:
                    v = 5 if rng.random() < 0.8 else rng.integers(1, 6)
                ans.append({"response_id": rid, "wave": WAVE, "item": item, "value": int(v)})
    rows = []
    for t in spec["teams"]:
        for e in range(t["headcount"]):
            if rng.random() < spec["sick"]:
                start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 80)))
                length = int(rng.choice([2, 5, 12, 40]))
                end = start + pd.Timedelta(days=length - 1)
                rows.append({"employee_ref": f"{t['team_id']}e{e}", "team_id": t["team_id"],
                             "start_date": start,
                             "end_date": None if end > pd.Timestamp("2024-03-31") else end,
                             "incapacity_pct": float(rng.choice([100, 50])),
                             "fte": float(rng.choice([1.0, 0.6]))})
    absence = pd.DataFrame(rows, columns=["employee_ref", "team_id", "start_date", "end_date",
                                          "incapacity_pct", "fte"])
    return {"org": org, "responses": pd.DataFrame(resp, columns=["response_id", "team_id",
                                                                 "wave"]),
            "answers": pd.DataFrame(ans, columns=["response_id", "wave", "item", "value"]),
            "absence": absence, "as_of": date(2024, 3, 31), "instrument": INSTRUMENT}


class System:
    """Linear equalities over per-team unknowns, with bounds."""

    def __init__(self, teams: list[str], lo: np.ndarray, hi: np.ndarray):
        self.teams = teams
        self.lo, self.hi = lo, hi
        self.rows: list[np.ndarray] = []
        self.rhs: list[float] = []
        self._has_interior: bool | None = None

    def add(self, members: list[str], total: float) -> None:
        row = np.array([1.0 if t in members else 0.0 for t in self.teams])
        self.rows.append(row)
        self.rhs.append(float(total))
        self._has_interior = None

    def _interior(self) -> bool:
        """True when some solution lies strictly inside every bound (then a value is fixed
        only if it is a combination of the equations: a rank test suffices)."""
        if self._has_interior is None:
            n = len(self.teams)
            a = np.vstack(self.rows)
            b = np.array(self.rhs)
            slack = TOL * np.maximum(1.0, np.abs(b))
            free = self.hi > self.lo
            # variables x (n) and t; maximise t subject to lo + t <= x <= hi - t (free ones)
            a_eq = np.hstack([a, np.zeros((len(b), 1))])
            a_ub = [np.hstack([a_eq]), np.hstack([-a_eq])]
            b_ub = [b + slack, -(b - slack)]
            for i in np.flatnonzero(free):
                lo_row = np.zeros(n + 1)
                lo_row[i], lo_row[n] = -1.0, 1.0
                hi_row = np.zeros(n + 1)
                hi_row[i], hi_row[n] = 1.0, 1.0
                a_ub += [lo_row[None, :], hi_row[None, :]]
                b_ub += [np.array([-self.lo[i]]), np.array([self.hi[i]])]
            c = np.zeros(n + 1)
            c[n] = -1.0
            bounds = [(lo, hi) for lo, hi in zip(self.lo, self.hi, strict=True)] + [(0, None)]
            res = linprog(c, A_ub=np.vstack(a_ub), b_ub=np.concatenate(b_ub), bounds=bounds,
                          method="highs")
            self._has_interior = res.status == 0 and -res.fun > 1e-3
        return self._has_interior

    def determined(self, target: np.ndarray) -> tuple[bool, float]:
        """(is the value of target . x fixed by the published figures, its upper end)."""
        if self.rows and self._interior():
            a = np.vstack(self.rows)
            y, *_ = np.linalg.lstsq(a.T, target, rcond=None)
            if np.abs(a.T @ y - target).max() > 1e-8:
                return False, float("nan")
            value = float(y @ np.array(self.rhs))
            return True, value
        lo, hi = self.interval(target)
        return hi - lo < 1e-4 * max(1.0, abs(hi)), hi

    def interval(self, target: np.ndarray) -> tuple[float, float]:
        if not self.rows:
            return (float(target @ self.lo), float(target @ self.hi))
        a = np.vstack(self.rows)
        b = np.array(self.rhs)
        slack = TOL * np.maximum(1.0, np.abs(b))
        a_ub = np.vstack([a, -a])
        b_ub = np.concatenate([b + slack, -(b - slack)])
        bounds = list(zip(self.lo, self.hi, strict=True))
        lo = linprog(target, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        hi = linprog(-target, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        assert lo.status == 0 and hi.status == 0, "published figures are inconsistent"
        return lo.fun, -hi.fun


def department_members(org: pd.DataFrame, department: str, period) -> list[str]:
    """The teams a department has in the month of ``period`` (a team may move department)."""
    month = pd.Timestamp(period).to_period("M").to_timestamp()
    at = org[(org["department_id"] == department) & (pd.to_datetime(org["month"]) == month)]
    return at["team_id"].tolist()


def published_groups(con, org: pd.DataFrame, level_tables: dict[str, str], period_col: str
                     ) -> list[tuple[list[str], pd.Series]]:
    """(member teams, published row) for every visible team, pool, department, organisation."""
    teams = org.drop_duplicates("team_id")
    out = []
    t = con.sql(f"select * from {level_tables['team']}").df()
    pooled = t[t["pooled_into"].notna()].groupby("pooled_into")["team_id"].apply(list)
    for _, row in t[~t["suppressed"]].iterrows():
        members = pooled[row["team_id"]] if row["unit_kind"] == "pool" else [row["team_id"]]
        out.append((members, row))
    d = con.sql(f"select * from {level_tables['department']}").df()
    for _, row in d[~d["suppressed"]].iterrows():
        out.append((department_members(org, row["department_id"], row[period_col]), row))
    o = con.sql(f"select * from {level_tables['org']}").df()
    for _, row in o[~o["suppressed"]].iterrows():
        out.append((teams["team_id"].tolist(), row))
    return out


def small_groups(hidden: list[str], size: dict[str, float], k: int) -> list[tuple[str, ...]]:
    groups = []
    for r in (1, 2, 3):
        for g in itertools.combinations(hidden, r):
            if sum(size[t] for t in g) < k and sum(size[t] for t in g) > 0:
                groups.append(g)
    return groups


def attack_survey(con, org, answers, responses) -> list[str]:
    teams = org.drop_duplicates("team_id")["team_id"].tolist()
    scored = respondent_scores(answers, responses)
    n_true = scored.groupby("team_id").size().reindex(teams).fillna(0).to_numpy()
    size = dict(zip(teams, n_true, strict=True))
    groups = published_groups(con, org, {"team": "team_wave_scores",
                                         "department": "department_wave_scores",
                                         "org": "org_wave_scores"}, "wave")
    tw = con.sql("select team_id, suppressed from team_wave_scores where unit_kind = 'team'"
                 ).df()
    hidden = tw.loc[tw["suppressed"], "team_id"].tolist()
    problems = []
    for m, (lo_v, hi_v) in {"stressor": (0, 100), "recovery": (0, 100), "strain": (0, 100),
                            "balance": (-100, 100)}.items():
        sys_ = System(teams, lo_v * n_true, hi_v * n_true)
        for members, row in groups:
            if pd.notna(row.get(m)):
                sys_.add(members, row[m] * row["n_responses"])
        problems += _check(sys_, teams, hidden, size, K_SURVEY, f"survey {m}")
    # band distribution of the strain scale: normal counts per team
    scale = con.sql("select * from team_wave_scale_scores where scale_id = 'tired'").df()
    dept = con.sql("select * from department_wave_scale_scores where scale_id = 'tired'").df()
    orgs = con.sql("select * from org_wave_scale_scores where scale_id = 'tired'").df()
    sys_ = System(teams, np.zeros(len(teams)), n_true.astype(float))
    tws = con.sql("select team_id, pooled_into from team_wave_scores").df()
    pooled = tws[tws["pooled_into"].notna()].groupby("pooled_into")["team_id"].apply(list)
    for _, row in pd.concat([scale, dept, orgs]).iterrows():
        if pd.isna(row.get("share_normal")):
            continue
        if pd.notna(row.get("team_id")):
            members = pooled[row["team_id"]] if row["unit_kind"] == "pool" else [row["team_id"]]
        elif pd.notna(row.get("department_id")):
            members = department_members(org, row["department_id"], row["wave"])
        else:
            members = teams
        sys_.add(members, row["share_normal"] * row["n"])
    for t in hidden:
        if size[t] == 0 or not sys_.rows:
            continue
        target = np.array([1.0 if x == t else 0.0 for x in teams])
        _, hi = sys_.interval(target)
        if hi < 0.5:
            problems.append(f"survey band: hidden team {t} shown to have nobody normal")
    return problems


def respondent_scores(answers: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    wide = answers.pivot(index="response_id", columns="item", values="value").reindex(
        columns=ITEMS).astype(float)
    pts = (wide - 1) / 4 * 100
    pts["D2"] = 100 - pts["D2"]
    out = pd.DataFrame({"stressor": pts[["D1", "D2"]].mean(axis=1),
                        "recovery": (pts[["R1", "R2"]].mean(axis=1) + pts["C1"]) / 2,
                        "strain": pts[["S1", "S2"]].mean(axis=1)})
    out["balance"] = out["recovery"] - out["stressor"]
    return out.join(responses.set_index("response_id")["team_id"]).reset_index()


def dominated_in_month(absence: pd.DataFrame, as_of: str = "2024-03-31"
                       ) -> dict[str, set[tuple[str, str]]]:
    """From the raw input, per measure: the (team, month) cells whose month alone fails the
    dominance rule (largest person > 50 %, two largest > 85 %): weighted sick days per person,
    and days of the spells closed in the month per person. Each input row is one spell here."""
    sick, closed = {}, {}
    for r in absence.itertuples():
        start = pd.Timestamp(r.start_date)
        end = pd.Timestamp(r.end_date) if pd.notna(r.end_date) else pd.Timestamp(as_of)
        for day in pd.date_range(start, end):
            key = (r.team_id, day.strftime("%Y-%m-01"))
            per = sick.setdefault(key, {})
            per[r.employee_ref] = per.get(r.employee_ref, 0.0) + r.incapacity_pct / 100 * r.fte
        if pd.notna(r.end_date):
            key = (r.team_id, end.strftime("%Y-%m-01"))
            per = closed.setdefault(key, {})
            per[r.employee_ref] = per.get(r.employee_ref, 0.0) + (end - start).days + 1

    def failing(cells):
        out = set()
        for key, per in cells.items():
            top = sorted(per.values(), reverse=True) + [0.0]
            total = sum(per.values())
            if total > 0 and (top[0] > 0.5 * total or top[0] + top[1] > 0.85 * total):
                out.add(key)
        return out

    return {"absent people": failing(sick), "closed days": failing(closed)}


def attack_absence(con, org, absence: pd.DataFrame | None = None,
                   months: list[str] | None = None) -> list[str]:
    """Hidden teams' figures, and (given the raw ``absence``) one person's days: in a month
    that one or two people dominate, neither the number of absent people (with the sick days,
    their days), nor its spells started or closed (chained over months, the same), nor the
    closed spells' days of that team may be determined."""
    months = months or MONTHS
    dominated = (dominated_in_month(absence, str(pd.Timestamp(months[-1])
                                                 + pd.offsets.MonthEnd(0))[:10])
                 if absence is not None else {})
    teams = org.drop_duplicates("team_id")
    ids = teams["team_id"].tolist()
    hc = dict(zip(ids, teams["headcount"].astype(float), strict=True))
    problems = []
    t = con.sql("select * from team_month_absence").df()
    d = con.sql("select * from department_month_absence").df()
    o = con.sql("select * from org_month_absence").df()
    for month in months:
        ts = pd.Timestamp(month)
        tt, dd, oo = (x[pd.to_datetime(x["month"]) == ts] for x in (t, d, o))
        pooled = tt[tt["pooled_into"].notna()].groupby("pooled_into")["team_id"].apply(list)
        hidden = tt[(tt["unit_kind"] == "team") & tt["suppressed"]]["team_id"].tolist()
        groups = []
        for _, row in tt[~tt["suppressed"]].iterrows():
            groups.append((pooled[row["team_id"]] if row["unit_kind"] == "pool"
                           else [row["team_id"]], row))
        for _, row in dd[~dd["suppressed"]].iterrows():
            groups.append((department_members(org, row["department_id"], ts), row))
        for _, row in oo[~oo["suppressed"]].iterrows():
            groups.append((ids, row))
        days = ts.days_in_month
        measures = {
            "sick days": (lambda r: r["absence_rate"] * r["fte"] * r["period_days"] / 100,
                          np.array([hc[i] * days for i in ids])),
            "spells started": (lambda r: r["notification_frequency"] * r["headcount"] / 12,
                               np.array([hc[i] * 2 for i in ids])),
            "absent people": (lambda r: (1 - r["zero_absence_share"]) * r["headcount"],
                              np.array([hc[i] for i in ids])),
            "closed spells": (lambda r: r["spells_closed"], np.array([hc[i] * 2 for i in ids])),
            "closed days": (lambda r: 0.0 if r["spells_closed"] == 0
                            else r["mean_duration_days"] * r["spells_closed"],
                            np.array([hc[i] * 400 for i in ids])),
        }
        # a team with published sick days above zero had at least one absent person
        sick_days = measures["sick days"][0]
        sick_known = {members[0]: sick_days(row) for members, row in groups
                      if len(members) == 1 and pd.notna(sick_days(row))}
        for name, (value, upper) in measures.items():
            lo = np.array([1.0 if name == "absent people" and sick_known.get(i, 0) > 1e-9
                           else 0.0 for i in ids])
            sys_ = System(ids, lo, upper)
            for members, row in groups:
                v = value(row)
                if pd.notna(v):
                    sys_.add(members, v)
            problems += _check(sys_, ids, hidden, hc, K_ABSENCE, f"absence {name} {month}",
                               zero_ok=True)
            # spells started follow the sick days' dominance; spells closed, and their days,
            # the closed spells' (one or two people's spells closed in a month would place
            # their ends, and with the spells started bound their lengths). No spell started
            # (or closed) is the accepted zero: a group without any has none in each part;
            # the spells running, which would count the people, are the over-time attacker's
            rule = {"spells started": "absent people", "closed spells": "closed days"}
            for team, m in sorted(dominated.get(rule.get(name, name), ())):
                if m != month:
                    continue
                vec = np.array([1.0 if t == team else 0.0 for t in ids])
                fixed, v = sys_.determined(vec)
                if fixed and not (name in rule and abs(v) < 1e-3):
                    problems.append(f"absence {name} {month}: {team}, dominated by one or two "
                                    f"people this month, determined at {v:.4f}")
    return problems


def attack_absence_over_time(con, org, absence: pd.DataFrame | None = None,
                             as_of: str = "2024-03-31") -> list[str]:
    """Spells chained over months: no published group with sick days in a month may be shown
    to have had at most two spells running then (at most two people: the two largest
    supply all the days, so with the absence rate their own days). Given the raw
    ``absence``, no team-month whose closed spells' days one or two people dominate may be
    shown to have closed one or two spells (placing one person's spell's end, which with
    the spells started before it bounds that spell's length).

    Unknowns per team and month: spells started, closed, running, and running at the start
    of the month. Running = running at the start + started; running at the start = running
    last month - closed last month; closed <= running. Every published group gives its
    started (notification frequency x headcount / 12) and closed spells, and a group at
    0 % had none running (one with sick days at least one). The largest number of spells
    running in each published group-month with sick days, over every solution of these
    (a linear programme), must exceed two. A department's figures of a month are the sum
    over the teams it has that month (a team that moves takes its spells along). Uses none
    of the suppressor's code."""
    teams = org.drop_duplicates("team_id")
    ids = teams["team_id"].tolist()
    months = sorted(pd.to_datetime(org["month"]).unique())
    n_t, n_m = len(ids), len(months)
    hc = org.groupby("team_id")["headcount"].max().reindex(ids).to_numpy(dtype=float)
    kinds = ("started", "closed", "running", "at_start")

    def var(kind: str, team: int, month: int) -> int:
        return (kinds.index(kind) * n_t + team) * n_m + month

    n_var = len(kinds) * n_t * n_m
    eq, eq_rhs, ub, ub_rhs = [], [], [], []

    def row(terms) -> np.ndarray:
        r = np.zeros(n_var)
        for coef, kind, team, month in terms:
            r[var(kind, team, month)] += coef
        return r

    for i in range(n_t):
        for j in range(n_m):
            eq.append(row([(1, "running", i, j), (-1, "at_start", i, j), (-1, "started", i, j)]))
            eq_rhs.append(0.0)
            if j > 0:
                eq.append(row([(1, "at_start", i, j), (-1, "running", i, j - 1),
                               (1, "closed", i, j - 1)]))
                eq_rhs.append(0.0)
            ub.append(row([(1, "closed", i, j), (-1, "running", i, j)]))
            ub_rhs.append(0.0)
    targets = []
    for level, table in (("team", "team_month_absence"),
                         ("department", "department_month_absence"),
                         ("organisation", "org_month_absence")):
        t = con.sql(f"select * from {table} where not suppressed").df()
        if level == "team":
            members_of = con.sql("select team_id, month, pooled_into from team_month_absence "
                                 "where pooled_into is not null").df()
        for _, r in t.iterrows():
            j = months.index(pd.Timestamp(r["month"]))
            if level == "team" and r["unit_kind"] == "pool":
                same = members_of[(members_of["pooled_into"] == r["team_id"])
                                  & (pd.to_datetime(members_of["month"]) == months[j])]
                members = [ids.index(x) for x in same["team_id"]]
            elif level == "team":
                members = [ids.index(r["team_id"])]
            elif level == "department":  # the month's members: a team may move department
                members = [ids.index(t) for t in department_members(
                    org, r["department_id"], months[j])]
            else:
                members = list(range(n_t))
            for kind, value in (("started", r["notification_frequency"] * r["headcount"] / 12
                                 if pd.notna(r["notification_frequency"]) else None),
                                ("closed", r["spells_closed"])):
                if value is not None and pd.notna(value):
                    eq.append(row([(1, kind, i, j) for i in members]))
                    eq_rhs.append(float(round(value)))
            running = row([(1, "running", i, j) for i in members])
            if r["absence_rate"] == 0:
                eq.append(running)
                eq_rhs.append(0.0)
            else:
                ub.append(-running)
                ub_rhs.append(-1.0)
                targets.append((f"{r.get('team_id', r.get('department_id', 'organisation'))} "
                                f"{months[j]:%Y-%m}", running))
    bounds = [(0.0, 2 * hc[(v // n_m) % n_t]) for v in range(n_var)]
    system = {"A_eq": np.vstack(eq), "b_eq": np.array(eq_rhs), "A_ub": np.vstack(ub),
              "b_ub": np.array(ub_rhs), "bounds": bounds, "method": "highs"}
    problems = []
    for label, target in targets:
        res = linprog(-target, **system)
        assert res.status == 0, "published absence counts are inconsistent"
        if -res.fun < 2.5:
            problems.append(f"absence over time: {label} had at most {-res.fun:.0f} spells "
                            f"running")
    closed_dominated = (dominated_in_month(absence, as_of)["closed days"]
                        if absence is not None else set())
    for team, month in sorted(closed_dominated):
        if pd.Timestamp(month) not in months:
            continue
        j = months.index(pd.Timestamp(month))
        target = row([(1, "closed", ids.index(team), j)])
        low, high = (linprog(sign * target, **system) for sign in (1, -1))
        assert low.status == 0 and high.status == 0
        if low.fun > 0.5 and -high.fun < 2.5:
            problems.append(f"absence over time: {team} {month[:7]} closed "
                            f"{low.fun:.0f}-{-high.fun:.0f} spells, one or two people's")
    return problems


def _check(sys_: System, teams, hidden, size, k, label, zero_ok=False) -> list[str]:
    problems = []
    targets = [((t,), size[t]) for t in hidden if size[t] > 0]
    targets += [(g, sum(size[t] for t in g)) for g in small_groups(hidden, size, k)]
    for group, _ in targets:
        vec = np.array([1.0 if t in group else 0.0 for t in teams])
        fixed, value = sys_.determined(vec)
        if fixed:
            if zero_ok and abs(value) < 1e-3:
                continue
            problems.append(f"{label}: group {group} determined at {value:.4f}")
    return problems


@settings(max_examples=int(__import__("os").environ.get("ATTACK_EXAMPLES", "200")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=organisations())
def test_no_small_group_can_be_determined(tmp_path_factory, spec):
    data = make_org(spec)
    path = tmp_path_factory.mktemp("attack") / "w.duckdb"
    con, _ = build_database(path, settings=Settings(), **data)
    try:
        problems = attack_survey(con, data["org"], data["answers"], data["responses"])
        problems += attack_absence(con, data["org"], data["absence"])
        problems += attack_absence_over_time(con, data["org"], data["absence"])
    finally:
        con.close()
    assert not problems, problems[:5]


def test_the_attacker_finds_a_leak_when_complementary_suppression_is_off(tmp_path,
                                                                        monkeypatch):
    """The attacker is not toothless: primary suppression alone leaks a small team."""
    import pipelines.scoring.suppress_absence as sa
    import pipelines.scoring.suppress_survey as ss
    import pipelines.scoring.suppression_memory as sm
    from pipelines.scoring.suppression import PeriodResult

    def primary_only(departments, people, primary, group_ok, k, **kw):
        depts = sorted(set(departments.tolist()))
        return PeriodResult(team_visible=np.array([r is None for r in primary]),
                            team_reason=list(primary), dept_visible={d: True for d in depts},
                            dept_reason={d: None for d in depts}, org_visible=True,
                            org_reason=None)

    monkeypatch.setattr(ss, "suppress_period", primary_only)
    monkeypatch.setattr(sa, "suppress_period", primary_only)
    monkeypatch.setattr(sm, "suppress_period", primary_only)  # the main pass (Prior.suppress)
    spec = {"teams": [{"team_id": "d0t0", "department_id": "d0", "headcount": 3},
                      {"team_id": "d0t1", "department_id": "d0", "headcount": 12},
                      {"team_id": "d1t0", "department_id": "d1", "headcount": 12}],
            "seed": 3, "response": 1.0, "answers": "random", "sick": 0.5}
    data = make_org(spec)
    con, _ = build_database(tmp_path / "w.duckdb", **data)
    try:
        problems = attack_survey(con, data["org"], data["answers"], data["responses"])
        problems += attack_absence(con, data["org"], data["absence"])
    finally:
        con.close()
    assert any("survey" in p and "d0t0" in p for p in problems)
    assert any(p.startswith("absence") for p in problems)
