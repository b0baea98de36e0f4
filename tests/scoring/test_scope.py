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
    assert org_total_visible({"A", "B"}, 100.0, SIZES, k=5)  # C and D outside, 30 people
    assert not org_total_visible({"A", "B", "C"}, 100.0, SIZES, k=5)  # one department outside


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
        if sizes[r["department_id"]] is not None:
            assert bool(r["org_total_visible"]) == expected
