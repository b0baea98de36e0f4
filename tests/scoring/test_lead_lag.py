"""department_lead_lag / org_lead_lag recover a planted lead and report none where none is."""

from __future__ import annotations

import pytest

from pipelines.generate import generate
from tests.scoring.simulate import SimParams, simulate
from tests.scoring.staging import build_database
from tests.scoring.staging_from_csv import read_generated

pytestmark = pytest.mark.slow


def _lead(con, signal="stressor"):
    rows = con.sql(f"""select best_lag_months, lead_detected from org_lead_lag
                       where signal = '{signal}' and is_best_lag""").fetchall()
    return rows[0] if rows else (None, False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = {}
    for lead in (2, None):
        tmp = tmp_path_factory.mktemp(f"lead{lead}")
        generate(tmp / "data", employees=4000, months=24, seed=7, lead_months=lead)
        con, _ = build_database(tmp / "w.duckdb", **read_generated(tmp / "data"))
        out[lead] = con
    yield out
    for con in out.values():
        con.close()


def test_generator_lead_of_two_months_is_recovered(generated):
    con = generated[2]
    assert _lead(con, "stressor") == (2, True)
    assert _lead(con, "balance") == (2, True)


def test_departments_recover_the_generator_lead(generated):
    """department_lead_lag: each department's (shrunk) estimate shows the planted lead."""
    for signal in ("stressor", "balance"):
        share = generated[2].sql(f"""select avg((best_lag_months = 2 and lead_detected)::int)
            from department_lead_lag where is_best_lag and signal = '{signal}'
            """).fetchall()[0][0]
        assert share >= 0.9, signal


def test_no_lead_is_reported_when_none_is_planted(generated):
    con = generated[None]
    detected = con.sql("select count(*) from org_lead_lag where lead_detected").fetchall()
    assert detected[0][0] == 0
    share = con.sql("""select avg(lead_detected::int) from department_lead_lag
                       where is_best_lag""").fetchall()[0][0]
    assert share <= 0.10


def test_department_rows_carry_intervals_and_pair_counts(generated):
    con = generated[2]
    bad = con.sql("""select count(*) from department_lead_lag
        where correlation is not null and not (ci_low <= correlation
              and correlation <= ci_high and n_pairs >= 12)""").fetchall()[0][0]
    assert bad == 0


@pytest.mark.parametrize("lead", [1, 3])
def test_other_planted_leads_are_recovered_on_the_independent_simulator(tmp_path, lead):
    sim = simulate(SimParams(departments=12, teams_per_department=(6, 10), lead_months=lead,
                             dept_shock_sd=4.0, seed=4))
    con, _ = build_database(tmp_path / "w.duckdb", **sim.staging())
    try:
        assert _lead(con) == (lead, True)
    finally:
        con.close()


def test_simulator_without_link_reports_no_lead(tmp_path):
    sim = simulate(SimParams(departments=12, teams_per_department=(6, 10), absence_beta=0.0,
                             dept_shock_sd=4.0, seed=4))
    con, _ = build_database(tmp_path / "w.duckdb", **sim.staging())
    try:
        assert con.sql("select count(*) from org_lead_lag where lead_detected"
                       ).fetchall()[0][0] == 0
    finally:
        con.close()
