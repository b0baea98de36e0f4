"""Organisation totals for a manager, and a login token bound to its session (issue 3,
domain.md §5, docs/scoring.md "Anonymity" 7, dashboard/auth.py).

A viewer whose scope is part of the organisation may see the organisation total only where
the rest of the organisation is at least 2 departments (complement_min_groups, domain.md §5
attack 1) and k people; otherwise scope total and organisation total give the rest away.

Real builds of the clean base input (tests/conftest.py: 10 teams, 3 waves, 12 months) with
its teams spread over 2 (as shipped), 3 or 4 departments. The expected periods are computed
here from the raw input (respondents and headcounts) and the published organisation and
department rows, not from ``scope_totals_visible`` or ``pipelines.scoring.scope``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.runtime.scriptrunner import script_runner
from test_pages import app

from dashboard import auth, db, users
from dashboard.i18n import t
from dashboard.users import Viewer
from pipelines.settings import Settings

K = {"survey": Settings().anonymity.k_survey, "absence": Settings().anonymity.k_absence}
MIN_DEPARTMENTS_OUTSIDE = 2  # domain.md §5 attack 1: at least 2 groups in the rest
HR = Viewer("hr", "hr", None)
SPREADS = {
    3: {"D1": range(1, 5), "D2": range(5, 8), "D3": range(8, 11)},
    4: {"D1": range(1, 4), "D2": range(4, 6), "D3": range(6, 9), "D4": range(9, 11)},
}


@dataclass
class Build:
    db: Path
    inputs: Path  # the raw input it was published from


def _publish(root: Path, make_clean_inputs, n_departments: int) -> Build:
    from pipelines.run import run_pipeline

    data = make_clean_inputs(root / "in")
    org = pd.read_csv(data / "org.csv", dtype=str, keep_default_na=False)
    dept = {f"T{i:02d}": d for d, nums in SPREADS[n_departments].items() for i in nums}
    org["department_id"] = org["team_id"].map(dept)
    org["department_name"] = "Afdeling " + org["department_id"]
    org.to_csv(data / "org.csv", index=False)
    result = run_pipeline(data, root / "out" / "draagkracht.duckdb")
    assert result.status == "published", result.refusals
    return Build(root / "out" / "draagkracht.duckdb", data)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, make_clean_inputs, published_template) -> dict[int, Build]:
    """Number of departments -> build. The 2-department one is the shared clean build (only
    read here); its input is written again beside it (the clean base is deterministic)."""
    out = {2: Build(published_template,
                    make_clean_inputs(tmp_path_factory.mktemp("depts2") / "in"))}
    for n in SPREADS:
        out[n] = _publish(tmp_path_factory.mktemp(f"depts{n}"), make_clean_inputs, n)
    return out


def _read(path: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _people(build: Build, source: str) -> pd.DataFrame:
    """(period, department_id, people) from the raw input of the build: respondents per
    wave (survey.csv) or headcount per month (org.csv)."""
    data = build.inputs
    org = pd.read_csv(data / "org.csv")
    dept_of = org.drop_duplicates("team_id").set_index("team_id")["department_id"]
    if source == "survey":
        resp = pd.read_csv(data / "survey.csv", usecols=["team_id", "wave"])
        resp["department_id"] = resp["team_id"].map(dept_of)
        people = resp.groupby(["wave", "department_id"]).size().rename("people")
    else:
        people = org.groupby(["month", "department_id"])["headcount"].sum().rename("people")
    people = people.reset_index()
    people.columns = ["period", "department_id", "people"]
    people["period"] = pd.to_datetime(people["period"])
    return people


def _published(path: Path, source: str) -> tuple[pd.Series, pd.DataFrame]:
    """Organisation suppressed per period, department suppressed per (period, department)."""
    if source == "survey":
        org = _read(path, "select wave as period, suppressed from org_wave_scores")
        dep = _read(path, """select wave as period, department_id, suppressed
                             from department_wave_scores""")
    else:
        org = _read(path, "select month as period, suppressed from org_month_absence")
        dep = _read(path, """select month as period, department_id, suppressed
                             from department_month_absence""")
    org["period"] = pd.to_datetime(org["period"])
    dep["period"] = pd.to_datetime(dep["period"])
    return org.set_index("period")["suppressed"], dep


def _rule(build: Build, scope: tuple[str, ...], source: str) -> tuple[set, set]:
    """(allowed, clearly allowed) periods for a viewer scoped to ``scope``.

    allowed: the organisation total is published, at least 2 departments lie outside the
    scope and they hold at least k people. Clearly allowed: allowed and every department of
    the scope is published too (a total the dashboard must then show)."""
    people = _people(build, source)
    org_hidden, dep = _published(build.db, source)
    allowed, clear = set(), set()
    for period, g in people.groupby("period"):
        if period not in org_hidden.index or org_hidden[period]:
            continue
        outside = g[~g["department_id"].isin(scope)]
        if outside["department_id"].nunique() < MIN_DEPARTMENTS_OUTSIDE:
            continue
        if outside["people"].sum() < K[source]:
            continue
        allowed.add(period)
        d = dep[(dep["period"] == period) & dep["department_id"].isin(scope)]
        if len(d) == len(scope) and not d["suppressed"].any():
            clear.add(period)
    return allowed, clear


def _periods(viewer: Viewer, source: str):
    out = db.org_visible_periods(viewer, source)
    return out if out is None else {pd.Timestamp(p) for p in out}


# ------------------------------------------------------------------ two departments


def test_two_departments_the_published_mart_shows_no_manager_the_total(builds):
    """One department outside a single-department scope is not enough: every row of
    scope_totals_visible says no, though the total itself is published and the other
    department holds k people (so only the department count decides)."""
    build = builds[2]
    vis = _read(build.db, "select * from scope_totals_visible")
    assert set(vis["source"]) == {"survey", "absence"}
    assert set(vis["department_id"]) == {"D1", "D2"}
    for source in ("survey", "absence"):
        org_hidden, _ = _published(build.db, source)
        people = _people(build, source)
        assert (~org_hidden).any()
        for dept in ("D1", "D2"):
            rest = people[people["department_id"] != dept].groupby("period")["people"].sum()
            assert (rest[~org_hidden.reindex(rest.index, fill_value=True)] >= K[source]).any()
    assert not vis["org_total_visible"].any(), vis[vis["org_total_visible"]]


@pytest.mark.parametrize("dept", ["D1", "D2"])
def test_two_departments_the_dashboard_shows_no_manager_the_total(builds, monkeypatch,
                                                                    dept):
    monkeypatch.setenv("DRAAGKRACHT_DB", str(builds[2].db))
    manager = Viewer("m", "manager", (dept,))
    assert db.org_wave_scores(HR) is not None and len(db.org_wave_scores(HR))
    assert len(db.org_month_absence(HR))
    for source in ("survey", "absence"):
        assert _periods(manager, source) == set()
    assert db.org_wave_scores(manager).empty
    assert db.org_month_absence(manager).empty


# ------------------------------------------------------------------ three and four departments


CASES = [  # (departments in the organisation, the manager's scope, may the rule say yes?)
    (3, ("D1",), True),  # D2 and D3 outside
    (3, ("D1", "D2"), False),  # D3 alone outside
    (4, ("D1", "D2"), True),  # D3 and D4 outside
    (4, ("D1", "D2", "D3"), False),  # D4 alone outside
    (4, ("D2",), True),
]


@pytest.mark.parametrize(("n_departments", "scope", "yes"), CASES)
@pytest.mark.parametrize("source", ["survey", "absence"])
def test_org_visible_periods_follow_the_rule(builds, monkeypatch, n_departments, scope,
                                             yes, source):
    """Every period shown is one the rule allows, and every period it clearly allows (the
    scope's own departments published too) is shown."""
    build = builds[n_departments]
    monkeypatch.setenv("DRAAGKRACHT_DB", str(build.db))
    allowed, clear = _rule(build, scope, source)
    if yes:
        assert clear, "the organisation gives the rule something to allow"
    else:
        assert allowed == set()
    assert _periods(HR, source) is None  # HR sees every period
    got = _periods(Viewer("m", "manager", scope), source)
    assert got is not None
    assert clear <= got <= allowed, (sorted(clear - got), sorted(got - allowed))
    frame, col = ((db.org_wave_scores, "wave") if source == "survey"
                  else (db.org_month_absence, "month"))
    shown = {pd.Timestamp(p) for p in frame(Viewer("m", "manager", scope))[col]}
    assert shown == got


# ------------------------------------------------------------------ login token and session


@pytest.fixture
def browser_sessions(monkeypatch):
    """``run(at, session_id)``: run an AppTest as the browser session ``session_id``.

    A Streamlit server gives every browser session its own id; AppTest gives every instance
    the same one ('test session id'), so two AppTests would be one session to dashboard.auth.
    This gives each run the id of the session it stands for (the test harness only; the
    dashboard reads it as always, from the script run context)."""
    current: dict[str, str | None] = {"id": None}
    original = script_runner.ScriptRunner.__init__

    def init(self, *args, **kwargs):
        if current["id"] is not None:
            kwargs["session_id"] = current["id"]
        original(self, *args, **kwargs)

    monkeypatch.setattr(script_runner.ScriptRunner, "__init__", init)

    def run(at, session_id: str):
        current["id"] = session_id
        try:
            return at.run()
        finally:
            current["id"] = None

    return run


def test_a_token_logs_in_only_the_session_it_was_issued_to(builds, tmp_path, monkeypatch,
                                                            browser_sessions):
    path = tmp_path / "draagkracht.duckdb"
    shutil.copy2(builds[3].db, path)
    monkeypatch.setenv("DRAAGKRACHT_DB", str(path))
    store = tmp_path / "users.json"
    monkeypatch.setenv("DRAAGKRACHT_USERS", str(store))
    users.add_user(store, "manager", "manager-pw-1", "manager", ["D1"])

    first = browser_sessions(app(), "browser-a")
    first.text_input[0].input("manager")
    first.text_input[1].input("manager-pw-1")
    first.button[0].click()
    browser_sessions(first, "browser-a")
    assert not first.exception, first.exception
    assert first.title[0].value == t("ov.title", "nl")
    token = first.session_state[auth.TOKEN_KEY]
    assert isinstance(token, str) and token

    other = app()
    other.session_state[auth.TOKEN_KEY] = token  # the same token, in another session
    browser_sessions(other, "browser-b")
    assert not other.exception, other.exception
    assert other.title[0].value == t("login.title", "nl")

    # the token still works in its own session
    browser_sessions(first, "browser-a")
    assert first.title[0].value == t("ov.title", "nl")
