"""Row rules, validated with Great Expectations: one suite per source, defined in code.

GX reports; it does not filter. Each expectation carries the rule name and column in its
``meta``; its ``unexpected_index_list`` says which rows break the rule, and those rows are
quarantined by the caller. Only counts are persisted (``validation_runs``), never values.
Cross-row and cross-file facts (team known in ``org.csv`` that month, overlapping spells,
dates after the reference date) are computed here as boolean columns first, so that GX
validates them like any other column.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipelines.contract import ABSENCE, ORG, SURVEY, SourceKind
from pipelines.instrument import Instrument


@dataclass
class Violation:
    index: int  # row position in the combined frame
    column: str
    rule: str


@dataclass
class SuiteResult:
    source: str
    expectations: list[dict]  # counts only: expectation, column, rule, element/unexpected
    violations: list[Violation]


def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TQDM_DISABLE", "1")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx, gxe


class Validator:
    """Holds one ephemeral GX context for a run (importing GX is slow: do it once)."""

    def __init__(self) -> None:
        self.gx, self.gxe = _gx()
        self.context = self.gx.get_context(mode="ephemeral")
        self.source = self.context.data_sources.add_pandas("draagkracht")

    def run(self, name: str, frame: pd.DataFrame, rules: list[tuple]) -> SuiteResult:
        asset = self.source.add_dataframe_asset(name)
        batch_def = asset.add_batch_definition_whole_dataframe(f"{name}_all")
        suite = self.gx.ExpectationSuite(name=f"{name}_suite")
        for rule, column, expectation in rules:
            expectation.meta = {"rule": rule, "column": column}
            suite.add_expectation(expectation)
        suite = self.context.suites.add(suite)
        frame = frame.reset_index(drop=True)
        results = []
        # Each expectation sees only the columns it names: GX filters the whole batch frame
        # per expectation, so a slim frame is several times faster on wide survey files.
        for expectation in suite.expectations:
            batch = batch_def.get_batch(
                batch_parameters={"dataframe": frame[_columns_of(expectation)]})
            with contextlib.redirect_stderr(io.StringIO()):  # GX's tqdm progress bars
                results.append(batch.validate(expectation, result_format={
                    "result_format": "COMPLETE", "partial_unexpected_count": 0,
                    "include_unexpected_rows": False}))
        expectations, violations = [], []
        for r in results:
            meta = r.expectation_config.meta or {}
            res = r.result or {}
            idx = res.get("unexpected_index_list") or []
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX expectation {r.expectation_config.type} failed to run: "
                                   f"{r.exception_info.get('exception_message')}")
            expectations.append({
                "source": name, "expectation": r.expectation_config.type,
                "column": meta.get("column"), "rule": meta.get("rule"),
                "element_count": int(res.get("element_count") or len(frame)),
                "unexpected_count": int(res.get("unexpected_count") or 0),
                "success": bool(r.success)})
            violations.extend(Violation(int(i), meta["column"], meta["rule"]) for i in idx)
        return SuiteResult(name, expectations, violations)


def _columns_of(expectation) -> list[str]:
    cols = []
    for attr in ("column", "column_A", "column_B"):
        if getattr(expectation, attr, None):
            cols.append(getattr(expectation, attr))
    cols += list(getattr(expectation, "column_list", None) or [])
    return list(dict.fromkeys(cols))


def _in_true(gxe, col: str):
    return gxe.ExpectColumnValuesToBeInSet(column=col, value_set=[True])


def _common_rules(gxe, frame: pd.DataFrame, kind: SourceKind, as_of: date) -> list[tuple]:
    rules = []
    for col, typ in kind.types.items():
        # an optional column's default applies when the column is absent; where the file
        # has the column, an empty cell is a missing value like any other
        if col in kind.columns and col != "end_date":
            rules.append(("required", col, _in_true(gxe, f"_present_{col}")))
        if f"_typeok_{col}" in frame:
            rules.append(("type", col, _in_true(gxe, f"_typeok_{col}")))
        if f"_formula_{col}" in frame:
            frame[f"_noformula_{col}"] = ~frame[f"_formula_{col}"]
            rules.append(("formula_prefix", col, _in_true(gxe, f"_noformula_{col}")))
        if typ in ("date", "month"):
            frame[f"_notfuture_{col}"] = ~(frame[col] > pd.Timestamp(as_of))
            rules.append(("future_date", col, _in_true(gxe, f"_notfuture_{col}")))
    return rules


def org_rules(gxe, frame: pd.DataFrame, as_of: date) -> list[tuple]:
    rules = _common_rules(gxe, frame, ORG, as_of)
    frame["_month_start"] = frame["month"].isna() | (frame["month"].dt.day == 1)
    rules += [
        ("month_not_first_day", "month", _in_true(gxe, "_month_start")),
        # a team-month without people has no denominator: its spells' days would count in
        # the department's absence rate while its people do not
        ("range", "headcount", gxe.ExpectColumnValuesToBeBetween(
            column="headcount", min_value=1, max_value=1_000_000)),
        ("range", "fte", gxe.ExpectColumnValuesToBeBetween(column="fte", min_value=0,
                                                             strict_min=True)),
        ("fte_above_headcount", "fte", gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="headcount", column_B="fte", or_equal=True, ignore_row_if="either_value_is_missing")),
        ("duplicate_team_month", "team_id", gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["team_id", "month"])),
    ]
    return rules


def _team_known(frame: pd.DataFrame, when: pd.Series, org: pd.DataFrame,
                before_org: bool = False) -> pd.Series:
    """Team listed in org.csv for the month of ``when``. ``before_org``: a date before org's
    first month counts as that month (a sickness spell that began before the period the
    organisation covers; its earlier days fall outside every published month). A survey
    response has no such part: a wave before org's first month belongs to no month."""
    if org.empty:
        return pd.Series(False, index=frame.index)
    first = org["month"].min()
    month = when.dt.to_period("M").dt.to_timestamp()
    if before_org:
        month = month.where(month >= first, first)
    keys = pd.MultiIndex.from_arrays([org["team_id"], org["month"]])
    known = pd.MultiIndex.from_arrays([frame["team_id"], month]).isin(keys)
    return pd.Series(known, index=frame.index) | frame["team_id"].isna() | when.isna()


def survey_rules(gxe, frame: pd.DataFrame, as_of: date, org: pd.DataFrame,
                 instrument: Instrument) -> list[tuple]:
    rules = _common_rules(gxe, frame, SURVEY, as_of)
    frame["_team_known"] = _team_known(frame, frame["wave"], org)
    rules += [
        ("unknown_team", "team_id", _in_true(gxe, "_team_known")),
        ("duplicate_response_id", "response_id", gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["response_id", "wave"])),
        ("no_answers", "response_id", _in_true(gxe, "_answered")),
    ]
    for item in instrument.items:
        rng = instrument.item_range(item)
        rules.append(("type", item, _in_true(gxe, f"_typeok_{item}")))
        rules.append(("range", item, gxe.ExpectColumnValuesToBeBetween(
            column=item, min_value=rng.min, max_value=rng.max)))
    return rules


def absence_rules(gxe, frame: pd.DataFrame, as_of: date, org: pd.DataFrame) -> list[tuple]:
    rules = _common_rules(gxe, frame, ABSENCE, as_of)
    frame["_team_known"] = _team_known(frame, frame["start_date"], org, before_org=True)
    frame["_no_overlap"] = ~_overlaps(frame, as_of)
    rules += [
        ("unknown_team", "team_id", _in_true(gxe, "_team_known")),
        ("end_before_start", "end_date", gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_date", column_B="start_date", or_equal=True,
            ignore_row_if="either_value_is_missing")),
        ("overlapping_spell", "start_date", _in_true(gxe, "_no_overlap")),
        ("range", "incapacity_pct", gxe.ExpectColumnValuesToBeBetween(
            column="incapacity_pct", min_value=1, max_value=100)),
        ("range", "fte", gxe.ExpectColumnValuesToBeBetween(
            column="fte", min_value=0.01, max_value=1.0)),
    ]
    return rules


def _overlaps(frame: pd.DataFrame, as_of: date) -> pd.Series:
    """Rows of one employee whose day ranges overlap (adjacent rows are fine): both flagged."""
    result = pd.Series(False, index=frame.index)
    valid = frame["employee_ref"].notna() & frame["start_date"].notna()
    if not valid.any():
        return result
    d = frame.loc[valid, ["employee_ref", "start_date", "end_date"]].copy()
    d["end"] = d["end_date"].fillna(pd.Timestamp(as_of) + pd.Timedelta(days=36500))
    d = d.sort_values(["employee_ref", "start_date", "end"], kind="mergesort")
    same = d["employee_ref"].eq(d["employee_ref"].shift())
    prev_end = d.groupby("employee_ref", sort=False)["end"].cummax().shift()
    hit = same & (d["start_date"] <= prev_end)
    flagged = hit | hit.shift(-1, fill_value=False) & same.shift(-1, fill_value=False)
    result.loc[flagged[flagged].index] = True
    return result
