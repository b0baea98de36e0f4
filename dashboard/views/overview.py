"""Overview: headline figures, departments × measures heat map, units trending to overload."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, benchmark, charts, db, ui
from dashboard.i18n import current_lang, t

viewer = auth.require_viewer()
lang = current_lang()
st.title(t("ov.title"))
st.caption(t("ov.intro"))
TRENDING_SHOWN = 10

waves = db.waves(viewer)
months = db.months(viewer)
deps = db.departments(viewer)
if not waves and not months:
    ui.missing_mart("department_wave_scores")
    st.stop()

names = dict(zip(deps["department_id"], deps["department_name"], strict=True))
f1, f2 = st.columns([1, 2])
wave = f1.selectbox(t("ov.period"), options=list(reversed(waves)),
                    format_func=lambda w: ui.fmt_date(w, lang), key="ov_wave")
# a viewer with one department (a manager) gets no filter that can only hold it
chosen = f2.multiselect(t("common.departments"), options=list(names),
                        format_func=lambda d: names.get(d, d), key="ov_deps",
                        placeholder=t("common.all_departments")) if len(names) > 1 else []
period = ui.file_part(wave) if wave is not None else "latest"
# Widget values only narrow the viewer's scope; db filters on the scope again.
only = [d for d in chosen if db.allowed_department(viewer, d)] or None
# a table row picked for one wave and selection of departments is not carried to another
scope_key = "-".join([period, *(only or [])])
ref_month = None
if months:
    wave_month = pd.Timestamp(wave).to_period("M").to_timestamp() if wave is not None else None
    eligible = [m for m in months if wave_month is None or pd.Timestamp(m) <= wave_month]
    ref_month = eligible[-1] if eligible else months[-1]

# ------------------------------------------------------------------ headline figures
sector = benchmark.default_sector()
bench = benchmark.benchmark_for_months([ref_month], sector) if ref_month is not None else None
bench_rate = None if bench is None or bench.empty or pd.isna(bench["rate"].iloc[0]) \
    else float(bench["rate"].iloc[0])


def setting(section: str, name: str) -> str:
    """A numeric setting of this build as text ("5"), or "?" when the build has none."""
    p = db.params(viewer)
    hit = p[(p["section"] == section) & (p["name"] == name)]["value"]
    return ui.fmt_num(float(hit.iloc[0]), 0, lang) if len(hit) else "?"


def headline_row(head: dict, tiers: dict | None, label: str | None = None) -> None:
    """One row of headline figures: teams per tier, absence against the benchmark, notification
    frequency and response rate."""
    if label:
        st.markdown(f"**{ui.md_escape(label)}**")
    h1, h2, h3, h4 = st.columns(4)
    with h1:
        if tiers is None:
            ui.metric(t("ov.tiers"), "–")
            st.caption(t("ov.tiers_missing"))
        else:
            ui.metric(t("ov.teams_red"), int(tiers.get("red", 0)))
            st.caption(t("ov.tiers_line", amber=int(tiers.get("amber", 0)),
                         green=int(tiers.get("green", 0)),
                         none=int(tiers.get("insufficient_data", 0))),
                       help=t("ov.insufficient_help", k=setting("anonymity", "k_survey"),
                              waves=setting("trend", "min_waves"))
                       if tiers.get("insufficient_data") else None)
    with h2:
        rate = head.get("absence_rate")
        delta = None if rate is None or bench_rate is None else round(rate - bench_rate, 1)
        ui.metric(t("ov.absence_rate", month=ui.fmt_month(ref_month, lang)),
                  ui.fmt_num(rate, 1, lang, " %"),
                  # the quarter compared with in the badge itself: it can be years old
                  delta=None if delta is None else t("ov.vs_benchmark", delta=ui.fmt_num(
                      delta, 1, lang, " pp") if delta else "±0",
                      quarter=ui.fmt_quarter(bench["source"].iloc[0], lang)),
                  delta_color="inverse" if delta else "off",
                  delta_arrow="auto" if delta else "off")
        if bench_rate is not None:
            note = "ov.benchmark_carried" if bench["carried_forward"].iloc[0] else "ov.benchmark"
            st.caption(t(note, rate=ui.fmt_num(bench_rate, 1, lang, " %"),
                         quarter=ui.fmt_quarter(bench["source"].iloc[0], lang),
                         sector=benchmark.sector_title(sector, lang)))
    with h3:
        ui.metric(t("ov.frequency", month=ui.fmt_month(ref_month, lang)),
                  ui.fmt_num(head.get("notification_frequency"), 2, lang))
        st.caption(t("ov.frequency_help"))
    with h4:
        rr = head.get("response_rate")
        ui.metric(t("ov.response", wave=ui.fmt_date(wave, lang)),
                  ui.fmt_num(None if rr is None else rr * 100, 0, lang, " %"))
        if head.get("n_responses") is not None:
            st.caption(t("ov.response_n", n=ui.fmt_num(head["n_responses"], 0, lang),
                         headcount=ui.fmt_num(head.get("headcount") or 0, 0, lang)))


if viewer.sees_all:
    headline_row(db.headline(viewer, wave, ref_month), db.tier_counts(viewer, wave, only))
else:
    # A manager: one row per own department (there is no published total over several).
    for dep in [d for d in names if only is None or d in only]:
        headline_row(db.headline(viewer, wave, ref_month, dep),
                     db.tier_counts(viewer, wave, [dep]),
                     label=names[dep] if len(names) > 1 else None)

# ------------------------------------------------------------------ heat map
st.subheader(t("ov.heat_title"))
st.caption(t("ov.heat_help") + " " + t("ov.heat_scale", ranges="; ".join(
    t("ov.heat_range", measure=t(f"heat.{m}"), light=ui.fmt_num(lo, 0 if lo == int(lo) else 1),
      dark=ui.fmt_num(hi, 0 if hi == int(hi) else 1))
    for m, (lo, hi) in charts.HEAT_RANGES.items())))
heat = db.heat_rows(viewer, wave, ref_month, only)
if heat is None or heat.empty:
    st.info(t("common.no_rows"))
else:
    measures = ["stressor", "recovery", "strain", "balance", "absence_rate",
                "notification_frequency"]
    show = heat.copy()
    show["unit"] = show["department_name"]
    for m in measures:
        digits = 2 if m == "notification_frequency" else (1 if m == "absence_rate" else 0)
        n_col = "n_responses" if m in ("stressor", "recovery", "strain", "balance") \
            else "headcount_absence"
        show[f"{m}_text"] = [
            t("common.hidden") if h or pd.isna(v) else
            f"<b>{ui.fmt_num(v, digits, lang)}</b><br><span style='font-size:11px'>"
            f"n={int(n) if pd.notna(n) else '–'}</span>"
            for v, h, n in zip(show[m], show[f"{m}_hidden"], show[n_col], strict=True)]
    ui.chart(charts.heatmap(show, lang, measures))
    with st.expander(t("ov.heat_table")):
        table = show[["department_name", "n_responses", *measures[:4], "headcount_absence",
                      *measures[4:]]].copy()
        for m in measures[:4]:
            table[m] = table[m].round(1)
        table["absence_rate"] = table["absence_rate"].round(2)
        table["notification_frequency"] = table["notification_frequency"].round(2)
        ui.table(table.rename(columns=ui.col_label), f"overview-departments-{period}",
                 "ov-heat")


def risk_card(r: dict) -> None:
    """One unit of ``db.unit_risks``: name, tier, sparkline of its balance, the reason in full
    and a link to its details."""
    label = ui.unit_label(r, lang) if r["level"] == "team" else r["department_name"]
    kind = r["unit_kind"] if r["level"] == "team" else "department"
    history = [float(x) for x in r["balance_history"] if x is not None and x == x]
    with st.container(border=True):
        c1, c2, c3 = st.columns([3, 2, 6], vertical_alignment="center")
        c1.markdown(f"**{ui.md_escape(label)}**  \n"
                    f"{ui.md_escape(r['department_name'])} · {t(f'level.{kind}')}")
        badges = ui.tier_badge(r["tier"], lang)
        if r["trending_to_overload"]:
            badges += " :violet-badge[:material/trending_down: " + \
                ui.md_escape(t("ov.trending_badge")) + "]"
        c1.markdown(badges)
        c2.markdown(charts.sparkline_svg(
            history, t("ov.spark_title", n=len(history))), unsafe_allow_html=True)
        c2.caption(t("ov.spark_caption", wave=ui.fmt_date(r["wave"], lang),
                     last=ui.fmt_num(history[-1] if history else None, 0, lang)))
        c3.markdown(ui.md_escape(r[f"reason_{lang}"] or "–"))
        link = {"dept": r["department_id"]}
        if r["level"] == "team":
            link["unit"] = r["unit_id"]
        # the details page shows the latest wave: say so when another one is chosen here
        c3.page_link("views/department_team.py",
                     label=t("ov.open" if wave is None or wave == waves[-1]
                             else "ov.open_latest"),
                     icon=":material/arrow_forward:", query_params=link)


def risk_table(risks: pd.DataFrame, stem: str, key: str) -> None:
    """Every row of ``risks`` as a table; a row clicked shows that unit's card underneath
    (the table cannot wrap the reason, the card shows it in full)."""
    st.caption(t("ov.risk_table_help", n=ui.WAVES_SHOWN_MAX))
    rows = ui.table(ui.risk_table(risks, lang).rename(columns=ui.col_label), stem, key,
                    select=True)
    for i in rows:
        risk_card(risks.iloc[i].to_dict())


# ------------------------------------------------------------------ trending towards overload
st.subheader(t("ov.trending_title"))
urgent = db.urgent_units(viewer, wave, only)
if urgent is None:
    ui.missing_mart("team_risk")
elif urgent.empty:
    st.success(t("ov.trending_none"))
else:
    st.caption(t("ov.trending_help"))
    records = urgent.to_dict("records")
    for r in records[:TRENDING_SHOWN]:
        risk_card(r)
    if len(records) > TRENDING_SHOWN:
        st.caption(t("ov.trending_more", n=len(records) - TRENDING_SHOWN))
    with st.expander(t("ov.trending_table", n=len(records))):
        risk_table(urgent, f"trending-{period}", f"ov-trend-{scope_key}")

# every unit in scope, for a consultant's or HR's own analysis (the same cached query)
everyone = db.unit_risks(viewer, wave, only)
if everyone is not None and not everyone.empty:
    with st.expander(t("ov.all_units_table", n=len(everyone))):
        risk_table(everyone, f"risk-all-units-{period}", f"ov-all-{scope_key}")
