"""Small rendering helpers shared by the pages (language switch, downloads, number format)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import db, export
from dashboard.i18n import LANGS, MONTH_NAMES, current_lang, t
from dashboard.users import Viewer

LANG_KEY = "lang"


def language_switch() -> str:
    """NL/EN switch in the sidebar; ``?lang=en`` in the URL sets the first value."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", "nl")
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else "nl"
    elif st.session_state[LANG_KEY] not in LANGS:
        st.session_state[LANG_KEY] = "nl"
    with st.sidebar:
        st.segmented_control(
            t("app.language"),
            options=list(LANGS),
            format_func=lambda code: code.upper(),
            key=LANG_KEY,
            label_visibility="collapsed",
        )
    if st.session_state.get(LANG_KEY) not in LANGS:  # deselected: keep the previous language
        st.session_state[LANG_KEY] = "nl"
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


def fmt_num(value, digits: int = 1, lang: str | None = None, suffix: str = "") -> str:
    """A number for display: decimal comma in Dutch, "–" for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    text = f"{value:,.{digits}f}"
    if (lang or current_lang()) == "nl":
        text = text.replace(",", "\u2009").replace(".", ",")
    else:
        text = text.replace(",", "\u2009")
    return text + suffix


def download_buttons(df: pd.DataFrame, stem: str, key: str) -> None:
    """Two CSV downloads of a table that is already suppressed: Dutch Excel and plain."""
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        t("export.excel"),
        data=export.csv_bytes(df, "excel_nl"),
        file_name=export.file_name(stem, "excel_nl"),
        mime="text/csv",
        key=f"dl-xl-{key}",
        icon=":material/download:",
    )
    c2.download_button(
        t("export.plain"),
        data=export.csv_bytes(df, "plain"),
        file_name=export.file_name(stem, "plain"),
        mime="text/csv",
        key=f"dl-csv-{key}",
        icon=":material/download:",
    )


def for_screen(df: pd.DataFrame) -> pd.DataFrame:
    """Dates without a time of day shown as dates; missing text shown empty."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if (pd.api.types.is_datetime64_any_dtype(col) and col.notna().any()
                and (col.dropna().dt.normalize() == col.dropna()).all()):
            out[c] = col.dt.date
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            out[c] = col.astype(object).where(col.notna(), "")
    return out


def table(df: pd.DataFrame, stem: str, key: str, column_config: dict | None = None,
          height: int | str = "auto") -> None:
    """A data table with its two CSV downloads underneath (both made from ``df`` as shown)."""
    shown = for_screen(df)
    config = {c: st.column_config.NumberColumn(format="localized") for c in shown.columns
              if pd.api.types.is_float_dtype(shown[c])}
    config.update(date_columns(df))
    config.update(column_config or {})
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, height=height)
    download_buttons(shown, stem, key)


DATE_FORMATS = {"nl": ("DD-MM-YYYY", "DD-MM-YYYY HH:mm"), "en": ("D MMM YYYY", "D MMM YYYY HH:mm")}


def date_columns(df: pd.DataFrame, lang: str | None = None) -> dict:
    """Dates in a table the way the viewer writes them (``21-07-2025`` in Dutch), still sortable
    as dates; a column with a time of day keeps it."""
    day, stamp = DATE_FORMATS.get(lang or current_lang(), DATE_FORMATS["en"])
    out = {}
    for c in df.columns:
        col = df[c]
        if not pd.api.types.is_datetime64_any_dtype(col) or not col.notna().any():
            continue
        dated = (col.dropna().dt.normalize() == col.dropna()).all()
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
