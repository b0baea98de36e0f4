"""The viewer-scope rule for organisation totals (issue 3, domain.md §5)."""

from __future__ import annotations

import pytest

from pipelines.scoring.scope import org_total_visible
from tests.scoring.simulate import SimParams, simulate
from tests.scoring.staging import build_database

SIZES = {"A": 40.0, "B": 30.0, "C": 3.0, "D": None}


def test_hr_scope_sees_the_total():
    assert org_total_visible(SIZES, 100.0, SIZES, k=5)


def test_two_departments_and_k_people_outside_are_needed():
    assert org_total_visible({"A"}, 100.0, SIZES, k=5)
    sizes = {**SIZES, "D": 24.0}
    assert org_total_visible({"A", "B"}, 100.0, sizes, k=5)  # C and D outside, 27 people
    assert not org_total_visible({"A", "B", "C"}, 100.0, sizes, k=5)  # one department outside


def test_only_departments_known_to_hold_people_count_outside():
    """An empty department is no group: with it outside, the rest can be one department. A
    hidden one may be empty, so from published figures it does not count either (the build's
    own table, which knows the sizes, counts it when it holds people)."""
    assert not org_total_visible({"A"}, 70.0, {"A": 40.0, "B": 30.0, "E": 0.0}, k=5)
    assert org_total_visible({"A"}, 73.0, {"A": 40.0, "B": 30.0, "C": 3.0}, k=5)
    assert not org_total_visible({"A", "B"}, 100.0, SIZES, k=5)  # C with people, D hidden


def test_people_outside_must_reach_k():
    sizes = {"A": 96.0, "B": 2.0, "C": 2.0}
    assert not org_total_visible({"A"}, 100.0, sizes, k=5)


def test_hidden_department_in_scope_or_hidden_total_means_no():
    assert not org_total_visible({"D"}, 100.0, SIZES, k=5)
    assert not org_total_visible({"A"}, None, SIZES, k=5)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    sim = simulate(SimParams(departments=3, teams_per_department=(2, 3), months=4, seed=9))
    c, _ = build_database(tmp_path_factory.mktemp("scope") / "w.duckdb", **sim.staging())
    yield c
    c.close()


def test_published_single_department_rule_agrees_with_the_function(con):
    rows = con.sql("""
        select s.period, s.department_id, s.org_total_visible, o.n_responses, o.suppressed
        from scope_totals_visible s join org_wave_scores o on o.wave = s.period
        where s.source = 'survey'""").df()
    depts = con.sql("""select wave, department_id, n_responses, suppressed
                       from department_wave_scores""").df()
    for _, r in rows.iterrows():
        d = depts[depts["wave"] == r["period"]]
        sizes = {x: (None if s else float(n)) for x, n, s in
                 zip(d["department_id"], d["n_responses"], d["suppressed"], strict=True)}
        expected = org_total_visible({r["department_id"]},
                                     None if r["suppressed"] else float(r["n_responses"]),
                                     sizes, k=5)
        if sizes[r["department_id"]] is None:
            assert not r["org_total_visible"]  # a hidden department's manager: no total
        elif None in sizes.values():
            assert bool(r["org_total_visible"]) >= expected  # the function is the stricter
        else:
            assert bool(r["org_total_visible"]) == expected


def test_a_department_without_respondents_does_not_make_the_rest_two(tmp_path):
    """The reviewer's case: D (20 respondents), E (8) and F (two teams in org.csv, nobody
    answered). Outside D lie E and F, but only E holds people: organisation minus D would be
    E's figure, so D's manager may not see the organisation total (it was shown). Hidden or
    empty departments' managers get no total either."""
    from datetime import date

    import pandas as pd

    from pipelines.instrument import builtin_instrument

    month = "2024-01-01"
    items = builtin_instrument("pulse").items
    teams = [("D1", "D", 12, 10), ("D2", "D", 12, 10), ("E1", "E", 5, 4), ("E2", "E", 5, 4),
             ("F1", "F", 9, 0), ("F2", "F", 9, 0)]
    org = pd.DataFrame([{"team_id": t, "department_id": d, "month": month, "headcount": h}
                        for t, d, h, _ in teams])
    responses = pd.DataFrame([{"response_id": f"{t}-{i}", "team_id": t, "wave": month}
                              for t, _, _, n in teams for i in range(n)])
    answers = pd.DataFrame([{"response_id": r, "wave": month, "item": item,
                             "value": 2 + (i + j) % 3}
                            for i, r in enumerate(responses["response_id"])
                            for j, item in enumerate(items)])
    absence = pd.DataFrame({"employee_ref": ["x"], "team_id": ["D1"],
                            "start_date": pd.to_datetime(["2024-01-02"]),
                            "end_date": pd.to_datetime(["2024-01-03"]),
                            "incapacity_pct": [100.0], "fte": [1.0]})
    con, _ = build_database(tmp_path / "w.duckdb", org=org, responses=responses,
                            answers=answers, absence=absence, as_of=date(2024, 1, 31))
    try:
        shown = dict(con.sql("""select department_id, org_total_visible
                                from scope_totals_visible where source = 'survey'""")
                     .fetchall())
        org_shown = con.sql("select not suppressed from org_wave_scores").fetchall()
    finally:
        con.close()
    assert org_shown == [(True,)]
    assert shown.get("D") is False
    assert not any(shown.values())
