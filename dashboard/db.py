"""The dashboard's one data-access module: read-only, parameterised, scoped, cached.

Rules this module keeps (docs/dashboard.md):

- The published DuckDB file is opened read-only for each read and closed right after. DuckDB
  reuses one database instance per path while any connection to it is open (duckdb #15912), so
  all reads go through one lock and no connection outlives its read: the next read after the
  pipeline swaps in a new build (``os.replace``) opens the new file.
- Cached results are keyed on the file's identity (path, inode, mtime, size), so a new build
  is a new key and is picked up without a restart.
- Every function takes the ``Viewer`` and filters departments from ``viewer.departments``
  inside the SQL; the scope is part of every cached call, so cached data never crosses viewers.
  Widget values only narrow the scope further, never widen it.
- Only parameterised queries; table names are constants of this module.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard.config import db_path
from dashboard.users import Viewer

READ_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
    "threads": 2,
}
# Tables without which the dashboard cannot show anything useful.
REQUIRED_TABLES = ("org_structure", "build_info", "runs")
CACHE_TTL_S = 3600
CACHE_ENTRIES = 512

_read_lock = threading.Lock()


@dataclass(frozen=True)
class BuildKey:
    """Identity of one published file; a new build (os.replace) gives a new key."""

    path: str
    inode: int
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class DbStatus:
    ok: bool
    reason: str  # ok | missing | unreadable | incomplete
    detail: str = ""
    key: BuildKey | None = None


class DatabaseUnavailable(RuntimeError):
    """The published database is missing or unreadable; pages show a help text instead."""


def build_key(path: Path | None = None) -> BuildKey | None:
    p = Path(path) if path is not None else db_path()
    try:
        st_ = os.stat(p)
    except OSError:
        return None
    return BuildKey(str(p.resolve()), st_.st_ino, st_.st_mtime_ns, st_.st_size)


def _read(key: BuildKey, queries: Mapping[str, tuple[str, dict]]) -> dict[str, pd.DataFrame]:
    """Run named queries on one short-lived read-only connection, under the process lock."""
    with _read_lock:
        try:
            con = duckdb.connect(key.path, read_only=True, config=READ_CONFIG)
        except (duckdb.Error, OSError) as e:
            raise DatabaseUnavailable(str(e).splitlines()[0]) from e
        try:
            return {name: con.execute(sql, params).df() for name, (sql, params) in queries.items()}
        finally:
            con.close()


@st.cache_data(ttl=CACHE_TTL_S, max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(key: BuildKey, sql: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return _read(key, {"q": (sql, dict(params))})["q"]


def _frame(key: BuildKey, sql: str, **params) -> pd.DataFrame:
    """A cached query result; ``params`` (including the scope) are part of the cache key."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    df = _cached(key, sql, frozen)
    return df.copy()


def _scope(viewer: Viewer) -> list[str] | None:
    return None if viewer.departments is None else list(viewer.departments)


def _scope_param(viewer: Viewer) -> list[str] | None:
    # ``None`` = the whole organisation. A manager always has at least one department; an
    # empty tuple would match nothing, which is the safe side.
    return _scope(viewer)


def in_scope(column: str = "department_id") -> str:
    """SQL condition: ``column`` is one of the viewer's departments (``$scope``; null = all).

    ``column`` is always a constant of this module, never user input."""
    return f"($scope::varchar[] is null or list_contains($scope::varchar[], {column}))"


SCOPE_SQL = in_scope()


def status(path: Path | None = None) -> DbStatus:
    """Whether the published database can be shown, and if not, why (no traceback)."""
    p = Path(path) if path is not None else db_path()
    key = build_key(p)
    if key is None:
        return DbStatus(False, "missing", str(p))
    try:
        tables = set(_tables(key))
    except DatabaseUnavailable as e:
        return DbStatus(False, "unreadable", str(e), key)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        return DbStatus(False, "incomplete", ", ".join(missing), key)
    return DbStatus(True, "ok", "", key)


@st.cache_data(ttl=CACHE_TTL_S, max_entries=64, show_spinner=False)
def _tables(key: BuildKey) -> list[str]:
    df = _read(key, {"t": ("select table_name from information_schema.tables "
                           "where table_schema = 'main' order by 1", {})})["t"]
    return df["table_name"].tolist()


def has_table(key: BuildKey, name: str) -> bool:
    return name in _tables(key)


def current_key() -> BuildKey:
    key = build_key()
    if key is None:
        raise DatabaseUnavailable(f"no database at {db_path()}")
    return key


# ------------------------------------------------------------------ organisation structure

ORG = "org_structure"


def departments(viewer: Viewer) -> pd.DataFrame:
    """``department_id, department_name, headcount, n_teams`` in the viewer's scope (latest month)."""
    key = current_key()
    sql = f"""
        with latest as (
            select department_id, department_name, team_id, headcount,
                row_number() over (partition by team_id order by month desc) as rn
            from {ORG}
            where {SCOPE_SQL}
        )
        select department_id, any_value(department_name) as department_name,
            sum(headcount)::bigint as headcount, count(*)::bigint as n_teams
        from latest where rn = 1
        group by department_id
        order by department_name, department_id
    """
    return _frame(key, sql, scope=_scope_param(viewer))


def department_names(viewer: Viewer) -> list[str]:
    return departments(viewer)["department_name"].tolist()


def teams(viewer: Viewer, department_id: str | None = None) -> pd.DataFrame:
    """``team_id, team_name, department_id, department_name, headcount`` (latest month)."""
    key = current_key()
    sql = f"""
        select team_id, team_name, department_id, department_name, headcount
        from (
            select *, row_number() over (partition by team_id order by month desc) as rn
            from {ORG}
            where {SCOPE_SQL} and ($dept::varchar is null or department_id = $dept::varchar)
        )
        where rn = 1
        order by department_name, team_name, team_id
    """
    return _frame(key, sql, scope=_scope_param(viewer), dept=department_id)


def allowed_department(viewer: Viewer, department_id: str | None) -> str | None:
    """A department id from a widget or the URL, kept only if the viewer may see it."""
    if not department_id:
        return None
    ids = set(departments(viewer)["department_id"])
    return department_id if department_id in ids else None


# ------------------------------------------------------------------ build and pipeline meta


def build_info(viewer: Viewer) -> dict:
    """The published build: ``build_id, as_of, pipeline_version, instrument_*``."""
    df = _frame(current_key(), "select * from build_info limit 1")
    return {} if df.empty else df.iloc[0].to_dict()


def _org_counts(viewer: Viewer, *columns: str) -> str:
    """``columns`` (each after a comma) for a viewer of the whole organisation; nothing for
    a viewer scoped to departments (a manager). Row counts of the input files, runs and
    validations are organisation-wide: a file per wave minus the manager's own responses
    would give the rest of the organisation's, also where the scope rule withholds the
    organisation's figures (two departments). A refusal's message quotes them too."""
    return "".join(f", {c}" for c in columns) if viewer.sees_all else ""


def runs(viewer: Viewer, limit: int = 25) -> pd.DataFrame:
    """The latest pipeline runs, refused ones included (no person data in this table)."""
    sql = f"""
        select started_at, status, build_id, as_of, n_files
            {_org_counts(viewer, "rows_read", "rows_loaded", "rows_rejected")},
            n_refusals {_org_counts(viewer, "message")}
        from runs order by started_at desc limit $limit
    """
    return _frame(current_key(), sql, limit=int(limit))


def input_files(viewer: Viewer) -> pd.DataFrame:
    sql = f"""
        select file, kind, encoding, delimiter, decimal, date_format
            {_org_counts(viewer, "rows_read", "rows_loaded", "rows_rejected")}
        from input_files order by kind, file
    """
    return _frame(current_key(), sql)


def suppression_memory(viewer: Viewer) -> dict | None:
    """The suppression pattern the published build carried over (``from_build``, ``cells``),
    from the run that published it; None for a first build or a database without it."""
    key = current_key()
    cols = _frame(key, "select column_name from information_schema.columns "
                       "where table_name = 'runs'")
    if "suppression_carried_from" not in set(cols["column_name"]):
        return None
    df = _frame(key, """
        select r.suppression_carried_from as from_build, r.suppression_cells_carried as cells
        from runs r join build_info b using (build_id)
        where r.status = 'published' order by r.started_at desc limit 1
    """)
    if df.empty or pd.isna(df.iloc[0]["from_build"]) or not df.iloc[0]["cells"]:
        return None
    return {"from_build": str(df.iloc[0]["from_build"]), "cells": int(df.iloc[0]["cells"])}


def rejected_by_rule(viewer: Viewer) -> pd.DataFrame:
    """Quarantined rows of this build counted per file, column and rule."""
    sql = f"""
        select file, "column", rule, any_value(message) as message
            {_org_counts(viewer, "count(*)::bigint as rows")}
        from rejected_rows group by file, "column", rule
        order by file {_org_counts(viewer, "rows desc")}, rule, "column"
    """
    return _frame(current_key(), sql)


def rejected_rows(viewer: Viewer) -> pd.DataFrame | None:
    """Line-level quarantine list (file, line, column, rule): HR and consultants only."""
    if viewer.role == "manager":
        return None
    sql = """select file, line, "column", rule, message from rejected_rows
             order by file, line, "column" """
    return _frame(current_key(), sql)


def validation_results(viewer: Viewer) -> pd.DataFrame:
    """Expectation results (counts only) of the run that published this build."""
    key = current_key()
    sql = f"""
        with current_run as (
            select r.run_id from runs r join build_info b using (build_id)
            where r.status = 'published' order by r.started_at desc limit 1
        )
        select v.source, v.expectation, v."column", v.rule
            {_org_counts(viewer, "v.element_count", "v.unexpected_count")}, v.success
        from validation_runs v join current_run using (run_id)
        order by v.source, v.success, v.expectation, v."column"
    """
    return _frame(key, sql)


def instrument_scales(viewer: Viewer) -> pd.DataFrame:
    if not has_table(current_key(), "instrument_scales"):
        return pd.DataFrame()
    return _frame(current_key(), "select * from instrument_scales order by block, scale_id")


def params(viewer: Viewer | None) -> pd.DataFrame:
    """Numeric settings of this build (``section, name, value``), if published."""
    key = current_key()
    if not has_table(key, "params"):
        return pd.DataFrame(columns=["section", "name", "value"])
    return _frame(key, "select section, name, value from params order by section, name")


# ------------------------------------------------------------------ survey and absence marts
# Every query below filters on department_id with the viewer's scope (SCOPE_SQL). Names come
# from the latest month of org_structure; pooled units ('<department>:other') have no name there.

NAMES_CTE = f"""
    names as (
        select team_id, team_name, department_id, department_name
        from (
            select *, row_number() over (partition by team_id order by month desc) as rn
            from {ORG}
        )
        where rn = 1
    ),
    dept_names as (
        select distinct on (department_id) department_id, department_name
        from names order by department_id
    )
"""


def _available(name: str) -> bool:
    return has_table(current_key(), name)


def waves(viewer: Viewer) -> list:
    """Survey waves in the build, oldest first (the same for every viewer)."""
    if not _available("department_wave_scores"):
        return []
    df = _frame(current_key(), "select distinct wave from department_wave_scores order by wave")
    return df["wave"].tolist()


def months(viewer: Viewer) -> list:
    """Absence months in the build, oldest first."""
    if not _available("department_month_absence"):
        return []
    df = _frame(current_key(),
                "select distinct month from department_month_absence order by month")
    return df["month"].tolist()


def department_wave_scores(viewer: Viewer, department_ids: list[str] | None = None
                           ) -> pd.DataFrame | None:
    """``department_wave_scores`` in scope, with ``department_name``; None if not in the build."""
    if not _available("department_wave_scores"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select d.department_id, n.department_name, d.* exclude (department_id)
        from department_wave_scores d left join dept_names n using (department_id)
        where {in_scope("d.department_id")}
            and ($only::varchar[] is null or list_contains($only::varchar[], d.department_id))
        order by n.department_name, d.wave
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), only=department_ids)


def department_month_absence(viewer: Viewer, department_ids: list[str] | None = None
                             ) -> pd.DataFrame | None:
    if not _available("department_month_absence"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select d.department_id, n.department_name, d.* exclude (department_id)
        from department_month_absence d left join dept_names n using (department_id)
        where {in_scope("d.department_id")}
            and ($only::varchar[] is null or list_contains($only::varchar[], d.department_id))
        order by n.department_name, d.month
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), only=department_ids)


def department_month_bands(viewer: Viewer, department_ids: list[str] | None = None
                           ) -> pd.DataFrame | None:
    if not _available("department_month_absence_bands"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select b.department_id, n.department_name, b.* exclude (department_id)
        from department_month_absence_bands b left join dept_names n using (department_id)
        where {in_scope("b.department_id")}
            and ($only::varchar[] is null or list_contains($only::varchar[], b.department_id))
        order by n.department_name, b.month, b.band_no
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), only=department_ids)


def team_wave_scores(viewer: Viewer, department_id: str) -> pd.DataFrame | None:
    """Teams and the pooled 'other teams' unit of one department, every wave."""
    if not _available("team_wave_scores"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select s.team_id, n.team_name, s.* exclude (team_id)
        from team_wave_scores s left join names n using (team_id)
        where {in_scope("s.department_id")}
            and s.department_id = $dept
        order by s.unit_kind desc, n.team_name, s.team_id, s.wave
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), dept=department_id)


def team_month_absence(viewer: Viewer, department_id: str) -> pd.DataFrame | None:
    if not _available("team_month_absence"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select a.team_id, n.team_name, a.* exclude (team_id)
        from team_month_absence a left join names n using (team_id)
        where {in_scope("a.department_id")}
            and a.department_id = $dept
        order by a.unit_kind desc, n.team_name, a.team_id, a.month
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), dept=department_id)


def team_month_bands(viewer: Viewer, team_id: str) -> pd.DataFrame | None:
    """Duration bands of one team or pool; its department is checked against the scope."""
    if not _available("team_month_absence_bands"):
        return None
    sql = f"""
        with unit as (
            select distinct team_id, department_id from team_month_absence
            where team_id = $team and {SCOPE_SQL}
        )
        select b.* from team_month_absence_bands b join unit using (team_id)
        order by b.month, b.band_no
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), team=team_id)


def scale_scores(viewer: Viewer, department_id: str, team_id: str | None = None
                 ) -> pd.DataFrame | None:
    """Scale scores of a department (``team_id=None``) or of one of its teams, every wave,
    with the scale's block and labels."""
    table = "department_wave_scale_scores" if team_id is None else "team_wave_scale_scores"
    if not _available(table) or not _available("instrument_scales"):
        return None
    unit_filter = "" if team_id is None else "and s.team_id = $team"
    sql = f"""
        select s.*, i.block, i.label_nl, i.label_en
        from {table} s left join instrument_scales i using (scale_id)
        where {in_scope("s.department_id")}
            and s.department_id = $dept {unit_filter}
        order by s.wave, i.block, s.scale_id
    """
    params = {"scope": _scope_param(viewer), "dept": department_id}
    if team_id is not None:
        params["team"] = team_id
    return _frame(current_key(), sql, **params)


def _k(source: str) -> int | None:
    """The anonymity threshold of this build for ``survey`` or ``absence`` (params table)."""
    p = params(None)  # not scoped: build settings
    name = "k_survey" if source == "survey" else "k_absence"
    hit = p[(p["section"] == "anonymity") & (p["name"] == name)]
    return int(hit["value"].iloc[0]) if len(hit) else None


def org_visible_periods(viewer: Viewer, source: str) -> set | None:
    """Periods in which this viewer may see organisation totals; None = every period.

    A viewer who sees part of the organisation sees its total only where the rest is at least
    two departments and k people (issue 3): for one department the build answers this in
    ``scope_totals_visible``; for several, ``pipelines.scoring.scope.org_total_visible`` is
    applied to published sizes. Without the information the answer is: no period."""
    if viewer.sees_all:
        return None
    key = current_key()
    if not has_table(key, "scope_totals_visible"):
        return set()
    if len(viewer.departments or ()) == 1:
        df = _frame(key, """select period from scope_totals_visible
                            where source = $source and department_id = $dept
                                and org_total_visible""",
                    source=source, dept=viewer.departments[0])
        return {pd.Timestamp(p) for p in df["period"]}
    return _multi_department_periods(viewer, source)


def _multi_department_periods(viewer: Viewer, source: str) -> set:
    from pipelines.scoring.scope import org_total_visible

    k = _k(source)
    if k is None:
        return set()
    key = current_key()
    if source == "survey":
        dep_sql = """select wave as period, department_id,
                         case when suppressed then null else n_responses end as people
                     from department_wave_scores"""
        org_sql = """select wave as period, case when suppressed then null else n_responses
                     end as people from org_wave_scores"""
    else:
        dep_sql = """select month as period, department_id,
                         case when suppressed then null else headcount end as people
                     from department_month_absence"""
        org_sql = """select month as period, case when suppressed then null else headcount
                     end as people from org_month_absence"""
    deps = _frame(key, dep_sql)  # sizes of every department: used here, never returned
    org = _frame(key, org_sql).set_index("period")["people"]
    out = set()
    for period, g in deps.groupby("period"):
        sizes = {d: (None if pd.isna(p) else float(p))
                 for d, p in zip(g["department_id"], g["people"], strict=True)}
        total = org.get(period)
        if org_total_visible(viewer.departments, None if pd.isna(total) else float(total),
                             sizes, k=k):
            out.add(pd.Timestamp(period))
    return out


def org_wave_scores(viewer: Viewer) -> pd.DataFrame | None:
    """Organisation totals per wave, limited to the waves this viewer may see."""
    if not _available("org_wave_scores"):
        return None
    df = _frame(current_key(), "select * from org_wave_scores order by wave")
    periods = org_visible_periods(viewer, "survey")
    return df if periods is None else df[df["wave"].isin(periods)].reset_index(drop=True)


def org_month_absence(viewer: Viewer) -> pd.DataFrame | None:
    """Organisation absence per month, limited to the months this viewer may see."""
    if not _available("org_month_absence"):
        return None
    df = _frame(current_key(), "select * from org_month_absence order by month")
    periods = org_visible_periods(viewer, "absence")
    return df if periods is None else df[df["month"].isin(periods)].reset_index(drop=True)


def response_rates(viewer: Viewer) -> pd.DataFrame | None:
    """Response rate (%) per department and wave, in scope."""
    df = department_wave_scores(viewer)
    if df is None:
        return None
    out = df[["department_name", "wave", "headcount", "n_responses", "response_rate"]].copy()
    out["response_rate"] = (out["response_rate"] * 100).round(1)
    return out


def suppression_summary(viewer: Viewer) -> pd.DataFrame | None:
    """What is hidden and why, per source and department in scope, for the latest period of
    each source: teams in total, shown, pooled into 'other teams', hidden because they are too
    small, hidden to protect others. Counts only: no hidden unit is named. HR and consultants
    also get the organisation row."""
    if not _available("suppression_summary"):
        return None
    sql = f"""
        with {NAMES_CTE},
        latest as (select source, max(period) as period from suppression_summary group by 1)
        select s.source, s.period, s.level,
            case when s.level = 'organisation' then null else dn.department_name end
                as department_name,
            s.unit_shown, s.suppression_reason, s.teams_total, s.teams_shown, s.teams_pooled,
            s.teams_hidden_below_k, s.teams_hidden_protected
        from suppression_summary s
        join latest using (source, period)
        left join dept_names dn on dn.department_id = s.unit_id
        where (s.level = 'department' and {in_scope("s.unit_id")})
            or (s.level = 'organisation' and $scope::varchar[] is null)
        order by s.source desc, s.level desc, dn.department_name
    """
    df = _frame(current_key(), sql, scope=_scope_param(viewer))
    for c in ("teams_total", "teams_shown", "teams_pooled", "teams_hidden_below_k",
              "teams_hidden_protected"):
        df[c] = df[c].astype("Int64")
    return df


# ------------------------------------------------------------------ overview helpers

SCORE_MEASURES = ("stressor", "recovery", "strain", "balance")
ABSENCE_MEASURES = ("absence_rate", "notification_frequency")


def _none_if_nan(value):
    return None if value is None or pd.isna(value) else value


def headline(viewer: Viewer, wave, month, department_id: str | None = None) -> dict:
    """Headline figures: of the organisation (``department_id=None``, viewers who see every
    department) or of one department in the viewer's scope. Hidden figures are None."""
    out: dict = {}
    if department_id is None:
        if not viewer.sees_all:
            return out
        ws, ma = org_wave_scores(viewer), org_month_absence(viewer)
    else:
        if allowed_department(viewer, department_id) is None:
            return out
        ws = department_wave_scores(viewer, [department_id])
        ma = department_month_absence(viewer, [department_id])
    if ws is not None and wave is not None:
        row = ws[ws["wave"] == pd.Timestamp(wave)]
        if len(row) and not bool(row["suppressed"].iloc[0]):
            r = row.iloc[0]
            out.update(response_rate=_none_if_nan(r["response_rate"]),
                       n_responses=_none_if_nan(r["n_responses"]),
                       headcount=_none_if_nan(r["headcount"]))
    if ma is not None and month is not None:
        row = ma[ma["month"] == pd.Timestamp(month)]
        if len(row) and not bool(row["suppressed"].iloc[0]):
            r = row.iloc[0]
            out.update(absence_rate=_none_if_nan(r["absence_rate"]),
                       notification_frequency=_none_if_nan(r["notification_frequency"]))
    return out


def heat_rows(viewer: Viewer, wave, month, only: list[str] | None = None
              ) -> pd.DataFrame | None:
    """One row per department in scope: headline scores at ``wave`` and absence at ``month``,
    with ``<measure>_hidden`` flags, ``n_responses`` and ``headcount_absence``."""
    deps = departments(viewer)
    if only:
        deps = deps[deps["department_id"].isin(only)]
    out = deps[["department_id", "department_name"]].copy()
    ws = department_wave_scores(viewer, only)
    ma = department_month_absence(viewer, only)
    if ws is None and ma is None:
        return None
    if ws is not None and wave is not None:
        w = ws[ws["wave"] == pd.Timestamp(wave)]
        w = w[["department_id", "n_responses", "suppressed", *SCORE_MEASURES]]
        out = out.merge(w, on="department_id", how="left")
        for m in SCORE_MEASURES:
            out[f"{m}_hidden"] = out["suppressed"].fillna(False).astype(bool)
        out = out.drop(columns=["suppressed"])
    else:
        for m in SCORE_MEASURES:
            out[m], out[f"{m}_hidden"] = float("nan"), False
        out["n_responses"] = float("nan")
    if ma is not None and month is not None:
        a = ma[ma["month"] == pd.Timestamp(month)]
        a = a[["department_id", "headcount", "suppressed", *ABSENCE_MEASURES]]
        a = a.rename(columns={"headcount": "headcount_absence"})
        out = out.merge(a, on="department_id", how="left")
        for m in ABSENCE_MEASURES:
            out[f"{m}_hidden"] = out["suppressed"].fillna(False).astype(bool)
        out = out.drop(columns=["suppressed"])
    else:
        for m in ABSENCE_MEASURES:
            out[m], out[f"{m}_hidden"] = float("nan"), False
        out["headcount_absence"] = float("nan")
    return out.reset_index(drop=True)


SPARK_WAVES = 12


def _risk_wave(wave) -> pd.Timestamp | None:
    return None if wave is None else pd.Timestamp(wave)


def tier_counts(viewer: Viewer, wave=None, only: list[str] | None = None) -> dict | None:
    """Teams per risk tier at ``wave`` (default: the reference date), in scope. Pooled units
    are not teams and are not counted."""
    if not _available("team_risk_history"):
        return None
    sql = f"""
        select tier, count(*)::bigint as n from team_risk_history
        where unit_kind = 'team' and {SCOPE_SQL}
            and ($only::varchar[] is null or list_contains($only::varchar[], department_id))
            and wave = coalesce($wave::date, (select max(wave) from team_risk_history))
        group by tier
    """
    df = _frame(current_key(), sql, scope=_scope_param(viewer), only=only,
                wave=_risk_wave(wave))
    return dict(zip(df["tier"], df["n"].astype(int), strict=True))


def urgent_units(viewer: Viewer, wave=None, only: list[str] | None = None
                 ) -> pd.DataFrame | None:
    """Teams, pooled units and departments that are red or amber or trending to overload at
    ``wave``, most urgent first, with the balance of their last waves for a sparkline: the
    rows of ``unit_risks`` (one cached query) that are flagged, in the same order."""
    everyone = unit_risks(viewer, wave, only)
    if everyone is None:
        return None
    flagged = everyone["tier"].isin(["red", "amber"]) | everyone["trending_to_overload"]
    return everyone[flagged.fillna(False).astype(bool)].reset_index(drop=True)


def unit_risks(viewer: Viewer, wave=None, only: list[str] | None = None
               ) -> pd.DataFrame | None:
    """Every team, pooled unit and department in scope at ``wave`` with its tier, trend and
    reason, most urgent first, with the balance of its last waves for a sparkline."""
    if not (_available("team_risk_history") and _available("department_risk_history")):
        return None
    sql = f"""
        with {NAMES_CTE},
        ref as (
            select coalesce($wave::date, (select max(wave) from team_risk_history)) as wave
        ),
        units as (
            select 'team' as level, r.team_id as unit_id, r.unit_kind, r.department_id,
                r.wave, r.tier, r.trending_to_overload, r.waves_to_overload, r.bucket,
                r.bucket_threshold, r.balance, r.balance_slope, r.balance_slope_low,
                r.balance_slope_high, r.phase, r.reason_nl, r.reason_en
            from team_risk_history r
            union all
            select 'department', d.department_id, 'department', d.department_id, d.wave,
                d.tier, d.trending_to_overload, d.waves_to_overload, d.bucket,
                d.bucket_threshold, d.balance, d.balance_slope, d.balance_slope_low,
                d.balance_slope_high, d.phase, d.reason_nl, d.reason_en
            from department_risk_history d
        ),
        at_ref as (
            select u.* from units u, ref
            where u.wave = ref.wave and {in_scope("u.department_id")}
                and ($only::varchar[] is null
                     or list_contains($only::varchar[], u.department_id))
        ),
        spark as (
            -- a team's waves in its current department only: those in an earlier one are
            -- that department's figures
            select level, unit_id, department_id,
                list(h.balance order by h.wave) as balance_history
            from (
                select 'team' as level, team_id as unit_id, department_id, wave, balance
                from team_risk_history
                union all
                select 'department', department_id, department_id, wave, balance
                from department_risk_history
            ) h, ref
            where h.wave <= ref.wave and h.wave > ref.wave - interval ($months) month
                and {in_scope("h.department_id")}
            group by level, unit_id, department_id
        )
        select f.*, n.team_name, dn.department_name,
            coalesce(s.balance_history, []) as balance_history
        from at_ref f
        left join names n on f.level = 'team' and n.team_id = f.unit_id
        left join dept_names dn on dn.department_id = f.department_id
        left join spark s on s.level = f.level and s.unit_id = f.unit_id
            and s.department_id = f.department_id
        order by case f.tier when 'red' then 0 when 'amber' then 1 else 2 end,
            f.trending_to_overload desc, f.waves_to_overload nulls last,
            f.bucket / nullif(f.bucket_threshold, 0) desc nulls last, f.level desc,
            dn.department_name, n.team_name
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), only=only,
                  wave=_risk_wave(wave), months=SPARK_WAVES)


def unit_risk(viewer: Viewer, department_id: str, team_id: str | None = None) -> dict | None:
    """Risk of a department (``team_id=None``) or of one of its teams at the reference date."""
    table = "department_risk" if team_id is None else "team_risk"
    if not _available(table):
        return None
    team_filter = "" if team_id is None else "and team_id = $team"
    sql = f"""select * from {table} where {SCOPE_SQL} and department_id = $dept {team_filter}
              order by wave desc limit 1"""
    params = {"scope": _scope_param(viewer), "dept": department_id}
    if team_id is not None:
        params["team"] = team_id
    df = _frame(current_key(), sql, **params)
    return {} if df.empty else df.iloc[0].to_dict()


def unit_risk_history(viewer: Viewer, department_id: str, team_id: str | None = None
                      ) -> pd.DataFrame | None:
    """``date, bucket, threshold, tier`` per wave for a department or team."""
    table = "department_risk_history" if team_id is None else "team_risk_history"
    if not _available(table):
        return None
    team_filter = "" if team_id is None else "and team_id = $team"
    sql = f"""select wave as date, bucket, bucket_threshold as threshold, tier, balance
              from {table} where {SCOPE_SQL} and department_id = $dept {team_filter}
              order by wave"""
    params = {"scope": _scope_param(viewer), "dept": department_id}
    if team_id is not None:
        params["team"] = team_id
    return _frame(current_key(), sql, **params)


def lead_lag(viewer: Viewer, only: list[str] | None = None) -> pd.DataFrame | None:
    """``department_lead_lag`` in scope, with ``department_name``: per department, survey
    signal and lag, the correlation with later notification frequency and its interval."""
    if not _available("department_lead_lag"):
        return None
    sql = f"""
        with {NAMES_CTE}
        select l.department_id, n.department_name, l.* exclude (department_id)
        from department_lead_lag l left join dept_names n using (department_id)
        where {in_scope("l.department_id")}
            and ($only::varchar[] is null or list_contains($only::varchar[], l.department_id))
        order by n.department_name, l.signal, l.lag_months
    """
    return _frame(current_key(), sql, scope=_scope_param(viewer), only=only)


def org_lead_lag(viewer: Viewer) -> pd.DataFrame | None:
    """The organisation's pooled lead-lag: for viewers who see every department only."""
    if not viewer.sees_all or not _available("org_lead_lag"):
        return None
    return _frame(current_key(), "select * from org_lead_lag order by signal, lag_months")
