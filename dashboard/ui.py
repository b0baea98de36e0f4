"""Small rendering helpers shared by the pages (language switch, downloads, number format)."""

from __future__ import annotations

import html
import math
import re
from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import db, export
from dashboard.i18n import LANGS, MONTH_NAMES, current_lang, t
from dashboard.users import Viewer

LANG_KEY = "lang"
LANG_KEPT = "_lang_kept"  # the language in use, restored when the switch is deselected


def language_switch() -> str:
    """NL/EN switch in the sidebar; ``?lang=en`` in the URL sets the first value, and the URL
    follows a change of the switch (a bookmark or shared link opens in the language in use).
    Clicking the language already selected deselects the control; the language in use is
    kept."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", "nl")
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else "nl"
    elif st.session_state[LANG_KEY] not in LANGS:
        st.session_state[LANG_KEY] = st.session_state.get(LANG_KEPT, "nl")
    with st.sidebar:
        st.segmented_control(
            t("app.language"),
            options=list(LANGS),
            format_func=lambda code: code.upper(),
            key=LANG_KEY,
            label_visibility="collapsed",
        )
    if st.session_state.get(LANG_KEY) not in LANGS:  # deselected: keep the language in use
        st.session_state[LANG_KEY] = st.session_state.get(LANG_KEPT, "nl")
    lang = st.session_state[LANG_KEY]
    before = st.session_state.get(LANG_KEPT)
    st.session_state[LANG_KEPT] = lang
    if before is not None and before != lang:
        # only the language: writing the URL sends its whole query string back to the
        # browser, and a deep link's ?dept= may name a department outside the viewer's scope
        # (the page ignores it; the server must not echo it)
        st.query_params.from_dict({"lang": lang})
    return current_lang()


def sidebar_user(viewer: Viewer) -> None:
    from dashboard import auth

    with st.sidebar:
        role = t(f"role.{viewer.role}")
        st.caption(t("app.signed_in_as", user=viewer.username, role=role))
        if viewer.departments is not None:
            names = db.department_names(viewer)
            st.caption(t("app.scope", departments=", ".join(names)))
        if st.button(t("login.logout"), key="logout", icon=":material/logout:"):
            auth.log_out()
            st.rerun()


def no_database_page() -> None:
    status = db.status()
    st.title(t("nodb.title"))
    st.info(t(f"nodb.{status.reason}", path=str(db.db_path()), detail=status.detail))
    st.markdown(t("nodb.howto", path=str(db.db_path())))


def fmt_num(value, digits: int = 1, lang: str | None = None, suffix: str = "",
            group_from: float = 0) -> str:
    """A number for display: decimal comma in Dutch, "–" for missing; thousands grouped with a
    thin space when the number reaches ``group_from``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    group = "," if abs(value) >= group_from else ""
    text = f"{value:{group}.{digits}f}"
    if (lang or current_lang()) == "nl":
        text = text.replace(",", "\u2009").replace(".", ",")
    else:
        text = text.replace(",", "\u2009")
    return text + suffix


def download_buttons(df: pd.DataFrame, stem: str, key: str) -> None:
    """Two CSV downloads of a table that is already suppressed: Dutch Excel and plain."""
    row = st.container(horizontal=True)  # buttons as wide as their labels, at any width
    row.download_button(
        t("export.excel"),
        data=export.csv_bytes(df, "excel_nl", current_lang()),
        file_name=export.file_name(stem, "excel_nl"),
        mime="text/csv",
        key=f"dl-xl-{key}",
        icon=":material/download:",
    )
    row.download_button(
        t("export.plain"),
        data=export.csv_bytes(df, "plain"),
        file_name=export.file_name(stem, "plain"),
        mime="text/csv",
        key=f"dl-csv-{key}",
        icon=":material/download:",
    )


EMPTY_CELL = "–"


def for_screen(df: pd.DataFrame) -> pd.DataFrame:
    """Dates without a time of day shown as dates; missing text kept missing (``None``), so the
    table shows it as an empty cell, "–", like a missing number."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if (pd.api.types.is_datetime64_any_dtype(col) and col.notna().any()
                and (col.dropna().dt.normalize() == col.dropna()).all()):
            out[c] = col.dt.date
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            out[c] = col.astype(object).where(col.notna(), None)
    return out


def table(df: pd.DataFrame, stem: str, key: str, column_config: dict | None = None,
          height: int | str = "auto", select: bool = False) -> list[int]:
    """A data table with its two CSV downloads underneath (both made from ``df`` as shown).
    With ``select`` one row can be clicked: its position in ``df`` is returned (whatever the
    sort order on screen), else an empty list."""
    shown = for_screen(df)
    config = date_columns(df)
    config.update(column_config or {})
    # st.dataframe draws every missing cell (NaN, None, NaT) as its ``placeholder`` ("None"
    # unless given) and ignores the Styler's na_rep there; the columns keep their types, so
    # numbers and dates still sort as numbers and dates.
    picked = st.dataframe(styled(shown), hide_index=True, width="stretch",
                          column_config=config, height=height, placeholder=EMPTY_CELL,
                          **({"on_select": "rerun", "selection_mode": "single-row",
                              "key": f"tbl-{key}"} if select else {}))
    download_buttons(shown, stem, key)
    rows = picked.selection.rows if select else []
    return [i for i in rows if 0 <= i < len(df)]


def column_digits(col: pd.Series, most: int = 2) -> int:
    """Decimals that show a numeric column's values (at most ``most``), the same for every row:
    a column of 3.86 and 4.0 shows 3,86 and 4,00, not 4."""
    values = col.dropna().astype(float)
    for digits in range(most):
        if ((values - values.round(digits)).abs() < 1e-9).all():
            return digits
    return most


def styled(df: pd.DataFrame, lang: str | None = None):
    """The table's numbers in the app's language, whatever the browser's: decimal comma in
    Dutch, one number of decimals per column, thin-space thousands from 10 000 (so a year or
    a count of 2025 stays 2025), "–" for an empty cell. Sorting still uses the numbers."""
    lang = lang or current_lang()
    formats = {}
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
            continue
        digits = column_digits(col)
        formats[c] = (lambda v, d=digits: fmt_num(v, d, lang, group_from=10_000))
    return df.style.format(formats, na_rep=EMPTY_CELL)


DATE_FORMATS = {"nl": ("DD-MM-YYYY", "DD-MM-YYYY HH:mm"), "en": ("D MMM YYYY", "D MMM YYYY HH:mm")}


MONTH_FORMATS = {"nl": "MM-YYYY", "en": "MMM YYYY"}


def date_columns(df: pd.DataFrame, lang: str | None = None) -> dict:
    """Dates in a table the way the viewer writes them (``21-07-2025`` in Dutch), still sortable
    as dates; a column with a time of day keeps it; a month column (``month`` or its label,
    every value the first of a month) shows the month only (``01-2024``, ``Jan 2024``)."""
    lang = lang or current_lang()
    day, stamp = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
    out = {}
    for c in df.columns:
        col = df[c]
        if not pd.api.types.is_datetime64_any_dtype(col) or not col.notna().any():
            continue
        values = col.dropna()
        dated = (values.dt.normalize() == values).all()
        if dated and c in ("month", t("col.month", lang)) and (values.dt.day == 1).all():
            out[c] = st.column_config.DateColumn(format=MONTH_FORMATS.get(lang, "MMM YYYY"))
        else:
            out[c] = (st.column_config.DateColumn(format=day) if dated
                      else st.column_config.DatetimeColumn(format=stamp))
    return out


def translated(series: pd.Series, prefix: str) -> pd.Series:
    """Codes such as ``published`` or ``below_k`` in the viewer's language."""
    return series.map(lambda v: v if v is None or pd.isna(v)
                      else t(f"{prefix}.{v}", default=str(v)))


def missing_mart(name: str) -> None:
    st.info(t("common.mart_missing", table=name))


def col_label(column: str) -> str:
    """Translated column header; an unknown column keeps its own name."""
    return t(f"col.{column}", default=str(column))


MONTHS = MONTH_NAMES


def fmt_date(value, lang: str | None = None) -> str:
    """``15 jan 2025`` (language-aware month names, no locale needed)."""
    if value is None or pd.isna(value):
        return "–"
    d = pd.Timestamp(value)
    return f"{d.day} {MONTHS[lang or current_lang()][d.month - 1]} {d.year}"


def fmt_month(value, lang: str | None = None) -> str:
    """``jan 2025``."""
    if value is None or pd.isna(value):
        return "–"
    d = pd.Timestamp(value)
    return f"{MONTHS[lang or current_lang()][d.month - 1]} {d.year}"


def unit_label(row, lang: str | None = None) -> str:
    """Display name of a team or of a department's pooled 'other teams' unit."""
    if row.get("unit_kind") == "pool":
        # without a count where none is given: the survey and absence pools of a department
        # are other groups, and their members change from period to period
        n = row.get("member_teams")
        if n is None or pd.isna(n):
            return t("unit.pool_plain", lang)
        return t("unit.pool", lang, n=int(n))
    name = row.get("team_name")
    return str(name) if isinstance(name, str) and name else str(row.get("team_id"))


def chart(fig) -> None:
    from dashboard.charts import PLOT_CONFIG

    st.plotly_chart(fig, width="stretch", config=PLOT_CONFIG)


def from_url(name: str, key: str) -> str | None:
    """A URL parameter that was not applied yet (a new deep link), else None. Only a hint:
    the caller checks it against the viewer's scope."""
    value = st.query_params.get(name)
    if not value or st.session_state.get(f"_url_{key}") == value:
        return None
    st.session_state[f"_url_{key}"] = value
    return value


def department_picker(viewer: Viewer, key: str, label_key: str = "common.department") -> str | None:
    """One department from the viewer's scope. ``?dept=`` in the URL preselects it, but only
    if the viewer may see it; anything else falls back to the first allowed department."""
    deps = db.departments(viewer)
    if deps.empty:
        return None
    ids = deps["department_id"].tolist()
    names = dict(zip(deps["department_id"], deps["department_name"], strict=True))
    wanted = db.allowed_department(viewer, from_url("dept", key))
    if wanted:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in ids:
        st.session_state[key] = ids[0]
    choice = st.selectbox(t(label_key), options=ids, format_func=lambda d: names.get(d, d),
                          key=key)
    return db.allowed_department(viewer, choice)


TIER_BADGE = {"red": ("red", ":material/error:"), "amber": ("orange", ":material/warning:"),
              "green": ("green", ":material/check_circle:"),
              "insufficient_data": ("gray", ":material/help:")}
MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~:$"


def md_escape(text: object) -> str:
    """Text from the data (team names, reasons) shown literally in Markdown."""
    return "".join("\\" + c if c in MD_SPECIAL else c for c in str(text))


def tier_label(tier: str, lang: str | None = None) -> str:
    """The tier in words (tables and downloads)."""
    return t(f"tier.{tier}", lang, default=str(tier))


def tier_badge(tier: str, lang: str | None = None) -> str:
    """Markdown badge: colour, icon and word, so colour is never the only cue."""
    colour, icon = TIER_BADGE.get(tier, ("gray", ":material/help:"))
    return f":{colour}-badge[{icon} {md_escape(tier_label(tier, lang))}]"


def months_word(n: int, lang: str | None = None) -> str:
    return t("word.month" if n == 1 else "word.months", lang)


def trending_text(waves, lang: str | None = None) -> str:
    """The trending warning: a projected crossing in so many waves, within about one, or a
    trend line that has already reached the overload line (``waves_to_overload`` 0)."""
    if waves is None or pd.isna(waves) or waves < 0.5:
        return t("dt.trending_reached", lang)
    if waves < 1.5:
        return t("dt.trending_one", lang)
    return t("dt.trending", lang, waves=fmt_num(waves, 0, lang))


def fmt_quarter(source: str, lang: str | None = None) -> str:
    """A CBS quarter ``2023 Q4`` as ``4e kwartaal 2023`` / ``Q4 2023``; other text as is."""
    m = re.fullmatch(r"(\d{4}) Q([1-4])", str(source).strip())
    if not m:
        return str(source)
    return t("word.quarter", lang, year=m.group(1), q=m.group(2))


def file_part(value) -> str:
    """A piece of a download's file name: a date as 2025-12-15, an id without characters that
    file systems refuse (``afd-01:other`` → ``afd-01-other``)."""
    if isinstance(value, pd.Timestamp | date):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", str(value)).strip("-")


def lead_alone(rows: pd.DataFrame) -> pd.Series:
    """Whether a department's own (unshrunk) interval shows the lead at the row's lag: a lag
    of at least one month whose interval excludes zero in the expected direction."""
    up = rows["expected_sign"] > 0
    shown = (up & (rows["ci_low"] > 0)) | (~up & (rows["ci_high"] < 0))
    return (shown & (rows["lag_months"] >= 1)).fillna(False).astype(bool)


# a projected crossing further ahead than this is not shown as a number of waves: a flat or
# rising balance gives projections of hundreds of waves that forecast nothing
WAVES_SHOWN_MAX = 24


def risk_table(risks: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Rows of ``db.unit_risks`` as a table: unit, department, kind, tier, trend, waves to
    the overload line (0: the trend line has reached it; empty for a green unit, with no
    decline, or further ahead than ``WAVES_SHOWN_MAX``), phase, the figures behind the tier
    (balance, its slope per wave with the 95 % interval, the bucket and its threshold) and
    the reason in the viewer's language."""
    lang = lang or current_lang()
    records = risks.to_dict("records")
    waves = risks["waves_to_overload"].astype(float)
    # a green unit's projection is a line through noise: it forecasts nothing
    waves = waves.where((waves <= WAVES_SHOWN_MAX) & (risks["tier"] != "green"))

    def rounded(column: str) -> np.ndarray:
        return (risks[column].astype(float).round(1) + 0.0).to_numpy()  # no "-0,0"

    return pd.DataFrame({
        "unit": [unit_label(r, lang) if r["level"] == "team" else r["department_name"]
                 for r in records],
        "department_name": risks["department_name"].to_numpy(),
        "level": translated(risks["unit_kind"].where(risks["level"] == "team", "department"),
                            "level").to_numpy(),
        "tier": risks["tier"].map(lambda x: tier_label(x, lang)).to_numpy(),
        "trending_to_overload": risks["trending_to_overload"].to_numpy(),
        "waves_to_overload": waves.round(1).to_numpy(),
        "phase": [t(f"phase.{int(p)}", lang) if pd.notna(p) else None
                  for p in risks["phase"]],
        "balance": rounded("balance"),
        "balance_slope": rounded("balance_slope"),
        "balance_slope_low": rounded("balance_slope_low"),
        "balance_slope_high": rounded("balance_slope_high"),
        "bucket": rounded("bucket"),
        "bucket_threshold": rounded("bucket_threshold"),
        "reason": risks[f"reason_{lang}"].to_numpy(),
    })


def with_rule_text(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the meaning of its ``rule`` codes in the viewer's language beside them."""
    if "rule" not in df:
        return df
    out = df.copy()
    out.insert(out.columns.get_loc("rule") + 1, "rule_text", translated(out["rule"], "rule"))
    return out


def metric(label: str, value, **kwargs) -> None:
    """``st.metric`` whose label wraps in a narrow column (four across at 1024 px) instead of
    ending in "…": the label is written above it, the metric's own label hidden."""
    st.markdown(f'<div style="font-size:0.875rem;line-height:1.35;margin-bottom:-0.6rem;'
                f'display:flex;align-items:flex-end;min-height:2.7em">'
                f"{html.escape(label)}</div>", unsafe_allow_html=True)
    st.metric(label, value, label_visibility="collapsed", **kwargs)
