"""Department and team: load against recovery over time, the bucket, absence, drivers, risk."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, benchmark, charts, db, ui
from dashboard.i18n import current_lang, t

DEPT = "__department__"


def pool_members_caption(row, key: str, period: str) -> None:
    """How many teams a pool's latest shown period pools (its survey and absence pools are
    other groups, so each part says its own)."""
    if row.get("unit_kind") == "pool" and pd.notna(row.get("member_teams")):
        st.caption(t(key, n=int(row["member_teams"]), period=period))


viewer = auth.require_viewer()
lang = current_lang()
st.title(t("dt.title"))

c1, c2 = st.columns(2)
with c1:
    dep = ui.department_picker(viewer, key="dt_dept")
if dep is None:
    st.info(t("common.no_rows"))
    st.stop()
dep_name = db.departments(viewer).set_index("department_id").loc[dep, "department_name"]

tws = db.team_wave_scores(viewer, dep)
tma = db.team_month_absence(viewer, dep)
units: dict[str, str] = {DEPT: t("dt.whole_department", department=dep_name)}
for frame in (tws, tma):
    if frame is not None:
        for _, r in frame.drop_duplicates("team_id").iterrows():
            # a pool's members differ per source and period: its label carries no count
            units.setdefault(r["team_id"], ui.unit_label(r.drop("member_teams", errors="ignore"),
                                                         lang))
with c2:
    wanted_unit = ui.from_url("unit", "dt_unit")
    if wanted_unit in units:  # units hold only teams of a department in scope
        st.session_state["dt_unit"] = wanted_unit
    elif st.session_state.get("dt_unit") not in units:
        st.session_state["dt_unit"] = DEPT
    unit = st.selectbox(t("dt.unit"), options=list(units), format_func=units.get, key="dt_unit")
is_dept = unit == DEPT
label = units[unit]
file_unit = ui.file_part(dep if is_dept else unit)  # exports say whose figures they hold

# ------------------------------------------------------------------ data for the unit
if is_dept:
    scores = db.department_wave_scores(viewer, [dep])
    absence = db.department_month_absence(viewer, [dep])
    bands = db.department_month_bands(viewer, [dep])
    scales = db.scale_scores(viewer, dep)
else:
    scores = None if tws is None else tws[tws["team_id"] == unit]
    absence = None if tma is None else tma[tma["team_id"] == unit]
    bands = db.team_month_bands(viewer, unit)
    scales = db.scale_scores(viewer, dep, unit)
risk = db.unit_risk(viewer, dep, None if is_dept else unit)

# ------------------------------------------------------------------ risk tier and phase
st.subheader(t("dt.risk_title", unit=label))
if risk is None:
    ui.missing_mart("team_risk")
elif not risk:
    st.info(t("common.no_rows"))
else:
    r1, r2, r3 = st.columns([1, 1, 3])
    r1.caption(t("col.tier"))
    r1.markdown(ui.tier_badge(risk["tier"], lang))
    phase = risk.get("phase")
    r2.caption(t("dt.phase"))
    r2.markdown("**" + (t(f"phase.{int(phase)}") if phase is not None and pd.notna(phase)
                        else "–") + "**")
    with r3:
        st.markdown(f"**{t('dt.why')}** {ui.md_escape(risk.get(f'reason_{lang}') or '–')}")
        if phase is not None and pd.notna(phase):
            st.caption(t(f"phase.{int(phase)}.advice"))
        if risk.get("trending_to_overload"):
            st.warning(ui.trending_text(risk.get("waves_to_overload"), lang))
    slope = risk.get("balance_slope")
    if slope is not None and pd.notna(slope):
        st.caption(t("dt.slope", slope=ui.fmt_num(slope, 1, lang),
                     low=ui.fmt_num(risk.get("balance_slope_low"), 1, lang),
                     high=ui.fmt_num(risk.get("balance_slope_high"), 1, lang),
                     bucket=ui.fmt_num(risk.get("bucket"), 1, lang),
                     threshold=ui.fmt_num(risk.get("bucket_threshold"), 1, lang)))
    with st.expander(t("dt.ew_title")):
        st.caption(t("dt.ew_help"))
        var_tau, ac1_tau = risk.get("ew_variance_tau"), risk.get("ew_ac1_tau")
        if var_tau is None or pd.isna(var_tau) or ac1_tau is None or pd.isna(ac1_tau):
            st.write(t("dt.ew_too_short", n=int(risk.get("ew_points") or 0)))
        else:
            e1, e2 = st.columns(2)
            e1.metric(t("dt.ew_variance"), ui.fmt_num(var_tau, 2, lang))
            e2.metric(t("dt.ew_ac1"), ui.fmt_num(ac1_tau, 2, lang))
            st.caption(t("dt.ew_points", n=int(risk.get("ew_points") or 0)))

# ------------------------------------------------------------------ latest wave and change
if scores is None:
    ui.missing_mart("team_wave_scores")
elif scores.empty:
    st.info(t("common.no_rows"))
else:
    s = scores.sort_values("wave")
    latest = s.iloc[-1]
    st.subheader(t("dt.latest_title", wave=ui.fmt_date(latest["wave"], lang)))
    if bool(latest["suppressed"]):
        pooled = latest.get("pooled_into")
        st.info(t(f"suppression.{latest['suppression_reason']}",
                  default=t("dt.hidden_generic")) +
                (" " + t("dt.pooled_hint") if isinstance(pooled, str) and pooled else ""))
    else:
        cols = st.columns(4)
        for col, m in zip(cols, db.SCORE_MEASURES, strict=True):
            change = latest.get(f"{m}_change")
            credible = latest.get(f"{m}_change_credible")
            harmful_up = m in ("stressor", "strain")
            flat = change is None or pd.isna(change) or round(change, 1) == 0
            # red or green only for a change larger than noise: a manager acts on colour
            noise = credible is None or pd.isna(credible) or not bool(credible)
            col.metric(
                t(f"measure.{m}"), ui.fmt_num(latest[m], 0, lang),
                delta=None if change is None or pd.isna(change)
                else ui.fmt_num(change, 1, lang),
                delta_color="off" if flat or noise else "inverse" if harmful_up else "normal",
                delta_arrow="off" if flat else "auto")
            if change is not None and pd.notna(change):
                col.caption(t("dt.noise_yes") if bool(credible) else t("dt.noise_no"))
        st.caption(t("dt.latest_help", n=int(latest["n_responses"]),
                     headcount=int(latest["headcount"]) if pd.notna(latest["headcount"])
                     else 0))
        pool_members_caption(latest, "dt.pool_members", ui.fmt_date(latest["wave"], lang))

    st.subheader(t("dt.scores_title"))
    st.caption(t("dt.scores_help"))
    if "unit_kind" in s and (s["unit_kind"] == "pool").any():
        st.caption(t("dt.pool_series_help"))
    ui.chart(charts.score_lines(s, lang))

# ------------------------------------------------------------------ the bucket
st.subheader(t("dt.bucket_title"))
history = db.unit_risk_history(viewer, dep, None if is_dept else unit)
if history is None:
    ui.missing_mart("team_risk_history")
elif history.empty:
    st.info(t("common.no_rows"))
else:
    st.caption(t("dt.bucket_help"))
    ui.chart(charts.bucket_chart(history, lang))

# ------------------------------------------------------------------ absence
MIN_ABSENCE_MONTHS = 3  # published months with a rate before the team's charts are drawn
st.subheader(t("dt.absence_title"))
if absence is None:
    ui.missing_mart("team_month_absence")
elif absence.empty or absence["absence_rate"].isna().all():
    st.info(t("dt.absence_hidden"))
elif absence["absence_rate"].notna().sum() < MIN_ABSENCE_MONTHS:
    # a chart of one or two dots among hidden months reads as broken: say it instead
    st.info(t("dt.absence_mostly_hidden", shown=int(absence["absence_rate"].notna().sum()),
              total=len(absence)))
else:
    a = absence.sort_values("month")
    bench = benchmark.benchmark_for_months(a["month"], benchmark.default_sector())
    g1, g2 = st.columns(2)
    with g1:
        ui.chart(charts.absence_lines(a, bench, lang))
    with g2:
        if a["notification_frequency"].notna().any():
            ui.chart(charts.absence_lines(a, None, lang, value="notification_frequency"))
    if bands is not None and bands["spells_closed"].notna().any():
        st.caption(t("dt.bands_help"))
        ui.chart(charts.band_bars(bands, lang))
    shown = a[~a["suppressed"].astype(bool)]
    if not shown.empty:
        pool_members_caption(shown.iloc[-1], "dt.pool_members_month",
                             ui.fmt_month(shown.iloc[-1]["month"], lang))
    hidden = int(a["suppressed"].sum())
    if hidden:
        st.caption(t("dt.absence_some_hidden", n=hidden, months=ui.months_word(hidden)))
    counts_hidden = int(a["counts_suppressed"].fillna(False).astype(bool).sum()
                        if "counts_suppressed" in a else 0)
    if counts_hidden:
        st.caption(t("dt.absence_counts_hidden", n=counts_hidden,
                     months=ui.months_word(counts_hidden)))

# ------------------------------------------------------------------ drivers
st.subheader(t("dt.drivers_title"))
if scales is None:
    ui.missing_mart("team_wave_scale_scores")
elif scales.empty:
    st.info(t("common.no_rows"))
else:
    last_wave = scales["wave"].max()
    d = scales[(scales["wave"] == last_wave) & ~scales["suppressed"].astype(bool)].copy()
    if d.empty or d["change"].isna().all():
        st.info(t("dt.drivers_none"))
    else:
        d["label"] = d[f"label_{lang}"].fillna(d["scale_id"])
        d["harmful"] = [(c > 0) == (b in ("demands", "strain"))
                        for c, b in zip(d["change"].fillna(0), d["block"], strict=True)]
        d["credible"] = d["change_credible"].fillna(False).astype(bool)
        st.caption(t("dt.drivers_help", wave=ui.fmt_date(last_wave, lang)))
        ui.chart(charts.drivers_chart(d, lang))
        tbl = d[["label", "block", "n", "mean", "change", "change_credible"]].copy()
        tbl["block"] = tbl["block"].map(lambda b: t(f"block.{b}", default=str(b)))
        tbl[["mean", "change"]] = tbl[["mean", "change"]].round(1)
        ui.table(tbl.rename(columns=ui.col_label), f"scales-{file_unit}-{ui.file_part(last_wave)}",
                 "dt-scales")

# ------------------------------------------------------------------ the figures as a table
if scores is not None and not scores.empty:
    with st.expander(t("dt.table_title")):
        cols = ["wave", "n_responses", "headcount", "response_rate", *db.SCORE_MEASURES,
                "suppressed", "suppression_reason"]
        tbl = scores[[c for c in cols if c in scores]].copy()
        tbl["response_rate"] = (tbl["response_rate"] * 100).round(1)
        for m in db.SCORE_MEASURES:
            tbl[m] = tbl[m].round(1)
        if "suppression_reason" in tbl:
            tbl["suppression_reason"] = ui.translated(tbl["suppression_reason"], "suppression")
        ui.table(tbl.rename(columns=ui.col_label), f"wave-scores-{file_unit}", "dt-table")
