"""Absence: per department over time against the national benchmark, duration bands, lead-lag."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, benchmark, charts, db, ui
from dashboard.i18n import current_lang, t

viewer = auth.require_viewer()
lang = current_lang()
st.title(t("ab.title"))
st.caption(t("ab.intro"))
MAX_COLOURED = 4

deps = db.departments(viewer)
names = dict(zip(deps["department_id"], deps["department_name"], strict=True))
sector_titles = benchmark.sector_titles(lang)
if len(names) > 1:
    f1, f2 = st.columns([2, 1])
    chosen = f1.multiselect(t("common.departments"), options=list(names),
                            format_func=lambda d: names.get(d, d), key="ab_deps",
                            placeholder=t("common.all_departments"))
else:  # one department (a manager): no filter that can only hold it, and no gap for it
    f2, chosen = st.columns([1, 2])[0], []
if st.session_state.get("ab_sector") not in sector_titles:
    st.session_state["ab_sector"] = benchmark.default_sector()
sector = f2.selectbox(t("ab.sector"), options=list(sector_titles),
                      format_func=lambda c: sector_titles.get(c, c), key="ab_sector")
only = [d for d in chosen if db.allowed_department(viewer, d)] or None

dma = db.department_month_absence(viewer, only)
if dma is None:
    ui.missing_mart("department_month_absence")
    st.stop()
if dma.empty:
    st.info(t("common.no_rows"))
    st.stop()

bench = benchmark.benchmark_for_months(sorted(dma["month"].unique()), sector)
org = db.org_month_absence(viewer) if only is None else None

# ------------------------------------------------------------------ absence rate over time
st.subheader(t("ab.rate_title"))
lines = dma[["department_name", "month", "absence_rate"]].rename(
    columns={"department_name": "unit"})
if org is not None:
    lines = pd.concat([lines, org[["month", "absence_rate"]].assign(
        unit=t("ab.organisation"))], ignore_index=True)
# Many departments at once are unreadable as coloured lines: then only the organisation is
# coloured and the departments are grey context (selecting departments colours them).
org_label = t("ab.organisation")
many = only is None and dma["department_id"].nunique() > MAX_COLOURED
highlight = {org_label} if many and org is not None and not org.empty else None
if highlight:
    st.caption(t("ab.grey_lines"))
ui.chart(charts.absence_lines(lines, bench, lang, series="unit", highlight=highlight))
last_year, last_q = benchmark.last_quarter()
if bench["carried_forward"].any():
    st.caption(t("ab.carried_note", quarter=ui.fmt_quarter(f"{last_year} Q{last_q}", lang)))
st.caption(t("ab.source", source=benchmark.ATTRIBUTION))

st.subheader(t("ab.frequency_title"))
st.caption(t("ab.frequency_help"))
freq = dma[["department_name", "month", "notification_frequency"]].rename(
    columns={"department_name": "unit"})
if org is not None:
    freq = pd.concat([freq, org[["month", "notification_frequency"]].assign(
        unit=t("ab.organisation"))], ignore_index=True)

ui.chart(charts.absence_lines(freq, None, lang, series="unit", value="notification_frequency",
                              highlight=highlight))

# ------------------------------------------------------------------ duration bands
st.subheader(t("ab.bands_title"))
bands = db.department_month_bands(viewer, only)
if bands is None:
    ui.missing_mart("department_month_absence_bands")
else:
    last = pd.Timestamp(max(dma["month"]))
    since = last - pd.DateOffset(months=11)
    recent = bands[(bands["month"] >= since) & ~bands["suppressed"].astype(bool)]
    mix = (recent.groupby(["department_name", "band_no", "band_label"], as_index=False)
           ["spells_closed"].sum().rename(columns={"department_name": "unit"}))
    if mix.empty or mix["spells_closed"].sum() == 0:
        st.info(t("common.no_rows"))
    else:
        st.caption(t("ab.bands_help", start=ui.fmt_month(since, lang),
                     end=ui.fmt_month(last, lang)))
        ui.chart(charts.band_mix(mix, lang))

# ------------------------------------------------------------------ lead-lag
st.subheader(t("ab.leadlag_title"))
ll = db.lead_lag(viewer, only)
if ll is None:
    ui.missing_mart("department_lead_lag")
elif ll.empty:
    st.info(t("common.no_rows"))
else:
    st.caption(t("ab.leadlag_help"))
    org_ll = db.org_lead_lag(viewer) if only is None else None
    choices: dict[str, str] = {}
    if org_ll is not None and not org_ll.empty:
        choices["__org__"] = t("ab.organisation")
    choices.update(dict(zip(ll["department_id"], ll["department_name"], strict=False)))
    pick = st.columns([1, 2])[0].selectbox(t("common.department"), options=list(choices),
                                           format_func=choices.get, key="ab_ll_unit")
    sel = org_ll if pick == "__org__" else ll[ll["department_id"] == pick]
    shrunk = "shrunk_correlation" in sel
    if shrunk:  # a department: its estimate shrunk towards the org's
        sel = sel.assign(own_r=sel["correlation"], own_low=sel["ci_low"],
                         own_high=sel["ci_high"], correlation=sel["shrunk_correlation"],
                         ci_low=sel["shrunk_ci_low"], ci_high=sel["shrunk_ci_high"])
    plot = sel.assign(series=ui.translated(sel["signal"], "measure"),
                      lag=sel["lag_months"], estimate=sel["correlation"])
    ui.chart(charts.lead_lag_chart(plot, lang))
    for signal, g in sel.groupby("signal", sort=False):
        best = g[g["is_best_lag"].fillna(False).astype(bool)]
        name = t(f"measure.{signal}", default=str(signal))
        if len(best) and bool(best["lead_detected"].iloc[0]):
            b = best.iloc[0]
            lag = int(b["lag_months"])
            figures = {"signal": name,
                       "lag": t("ab.month" if lag == 1 else "ab.months", n=lag),
                       "r": ui.fmt_num(b["correlation"], 2, lang),
                       "low": ui.fmt_num(b["ci_low"], 2, lang),
                       "high": ui.fmt_num(b["ci_high"], 2, lang)}
            if shrunk and pd.notna(b["own_low"]) and b["own_low"] <= 0 <= b["own_high"]:
                # the lead is the organisation's, borrowed by the shrinkage: the department's
                # own result first, then where the lead comes from
                line = t("ab.lead_borrowed", **figures, signal_lc=name.lower(),
                         own_r=ui.fmt_num(b["own_r"], 2, lang),
                         own_low=ui.fmt_num(b["own_low"], 2, lang),
                         own_high=ui.fmt_num(b["own_high"], 2, lang))
            else:
                line = t("ab.lead_found", **figures)
            st.markdown("- " + line)
        else:
            st.markdown("- " + t("ab.lead_none", signal=name))
    summary = ll[ll["is_best_lag"].fillna(False).astype(bool)]
    cols = [c for c in ("department_name", "signal", "lag_months", "shrunk_correlation",
                        "shrunk_ci_low", "shrunk_ci_high", "correlation", "ci_low", "ci_high",
                        "n_pairs", "lead_detected") if c in summary]
    tbl = summary[cols].assign(signal=ui.translated(summary["signal"], "measure"))
    if "shrunk_correlation" in summary:
        # the shrunk lead can be the organisation's: show whether the department alone shows it
        tbl["lead_detected_alone"] = ui.lead_alone(summary)
    for c in ("shrunk_correlation", "shrunk_ci_low", "shrunk_ci_high", "correlation",
              "ci_low", "ci_high"):
        if c in tbl:
            tbl[c] = tbl[c].round(2) + 0.0  # no "-0,00"
    with st.expander(t("ab.leadlag_table")):
        ui.table(tbl.rename(columns=ui.col_label), "lead-lag", "ab-ll")

# ------------------------------------------------------------------ table
with st.expander(t("ab.table_title")):
    cols = ["department_name", "month", "headcount", "absence_rate", "notification_frequency",
            "mean_duration_days", "zero_absence_share", "spells_closed", "suppressed",
            "suppression_reason", "counts_suppressed", "detail_suppressed"]
    tbl = dma[[c for c in cols if c in dma]].copy()
    tbl["zero_absence_share"] = tbl["zero_absence_share"] * 100  # a percentage, as the rate
    for c in ("absence_rate", "notification_frequency", "mean_duration_days",
              "zero_absence_share"):
        tbl[c] = tbl[c].round(2)
    if "suppression_reason" in tbl:
        tbl["suppression_reason"] = ui.translated(tbl["suppression_reason"], "suppression")
    ui.table(tbl.rename(columns=ui.col_label), "absence-departments", "ab-table")
