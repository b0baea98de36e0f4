"""Entry point of the scoring models: staging tables in, publishable marts out.

``build_marts(con, settings)`` runs the steps of ``STEPS`` in order (SQL models by layer and
the Python steps between them), in the working database ``con``, and returns the names of the
mart tables to publish. Person-level tables (``int_*``) are never among them.

It also (re)writes the ``params`` table from ``settings`` (the lead's flattening plus list
parameters and derived values such as ``survey.z``), so the SQL always sees every parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.scoring.params import params_rows
from pipelines.scoring.runner import run_model, write_table
from pipelines.scoring.suppress_absence import suppress_absence
from pipelines.scoring.suppress_survey import suppress_survey
from pipelines.settings import Settings


@dataclass(frozen=True)
class Step:
    kind: str  # "intermediate", "marts" (SQL models) or "python"
    name: str
    run: Callable[[duckdb.DuckDBPyConnection, Settings], None] | None = None


def _sql(layer: str, *names: str) -> list[Step]:
    return [Step(layer, n) for n in names]


def _py(name: str, fn: Callable[[duckdb.DuckDBPyConnection, Settings], None]) -> Step:
    return Step("python", name, fn)


def _late(module: str, fn: str) -> Callable[[duckdb.DuckDBPyConnection, Settings], None]:
    """Import heavy Python steps only when they run."""

    def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
        import importlib

        getattr(importlib.import_module(module), fn)(con, settings)

    return run


STEPS: list[Step] = [
    *_sql("intermediate", "int_params_pivoted", "int_duration_bands_defined",
          "int_measures_defined", "int_waves_ordered"),
    # survey
    *_sql("intermediate", "int_answers_rescaled_to_points", "int_responses_scored_to_scales",
          "int_responses_scored_to_measures", "int_team_waves_counted",
          "int_team_waves_aggregated"),
    _py("suppress_survey", suppress_survey),
    *_sql("intermediate", "int_team_waves_mapped_to_units", "int_survey_units_counted",
          "int_survey_units_aggregated", "int_survey_units_estimated",
          "int_survey_units_pivoted", "int_survey_unit_scales_described"),
    # absence
    *_sql("intermediate", "int_absence_rows_clipped", "int_absence_rows_merged_to_spells",
          "int_absence_rows_split_to_months", "int_employee_team_months_contributed",
          "int_team_months_absence_aggregated", "int_employee_team_months_windowed"),
    _py("suppress_absence", suppress_absence),
    *_sql("intermediate", "int_team_months_mapped_to_units", "int_absence_units_aggregated",
          "int_absence_units_banded", "int_absence_units_measured",
          "int_absence_units_banded_masked"),
    # published marts
    *_sql("marts", "team_wave_scores", "team_wave_scale_scores", "department_wave_scores",
          "department_wave_scale_scores", "org_wave_scores", "org_wave_scale_scores",
          "team_month_absence", "team_month_absence_bands", "department_month_absence",
          "department_month_absence_bands", "org_month_absence", "org_month_absence_bands"),
    *_sql("marts", "scope_totals_visible", "suppression_summary", "suppressed_cells"),
    _py("risk", _late("pipelines.scoring.risk", "build_risk")),
    _py("lead_lag", _late("pipelines.scoring.lead_lag", "build_lead_lag")),
]

# Tables the publisher copies into the dashboard's database (aggregates only), with their grain.
MART_GRAINS: dict[str, tuple[str, ...]] = {
    "team_wave_scores": ("team_id", "wave"),
    "team_wave_scale_scores": ("team_id", "wave", "scale_id"),
    "department_wave_scores": ("department_id", "wave"),
    "department_wave_scale_scores": ("department_id", "wave", "scale_id"),
    "org_wave_scores": ("wave",),
    "org_wave_scale_scores": ("wave", "scale_id"),
    "team_month_absence": ("team_id", "month"),
    "team_month_absence_bands": ("team_id", "month", "band_no"),
    "department_month_absence": ("department_id", "month"),
    "department_month_absence_bands": ("department_id", "month", "band_no"),
    "org_month_absence": ("month",),
    "org_month_absence_bands": ("month", "band_no"),
    "scope_totals_visible": ("source", "period", "department_id"),
    "suppression_summary": ("source", "period", "level", "unit_id"),
    "suppressed_cells": ("source", "period", "unit_kind", "unit_id", "figure"),
    "team_risk": ("team_id",),
    "team_risk_history": ("team_id", "wave"),
    "department_risk": ("department_id",),
    "department_risk_history": ("department_id", "wave"),
    "department_lead_lag": ("department_id", "signal", "lag_months"),
    "org_lead_lag": ("signal", "lag_months"),
}
MARTS: list[str] = list(MART_GRAINS)

PARAMS_SCHEMA = {"section": "VARCHAR", "name": "VARCHAR", "value": "DOUBLE"}


def write_params(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """(Re)write ``params`` from the settings: one row per numeric parameter."""
    frame = pd.DataFrame(params_rows(dict(settings)), columns=list(PARAMS_SCHEMA))
    frame = frame.sort_values(["section", "name"]).reset_index(drop=True)
    write_table(con, "params", frame, PARAMS_SCHEMA)


def build_marts(con: duckdb.DuckDBPyConnection, settings: Settings,
                steps: list[Step] | None = None) -> list[str]:
    """Build every model in ``con`` and return the mart tables to publish."""
    write_params(con, settings)
    for step in STEPS if steps is None else steps:
        if step.kind == "python":
            assert step.run is not None
            step.run(con, settings)
        else:
            run_model(con, step.kind, step.name)
    existing = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()}
    return [m for m in MARTS if m in existing]
