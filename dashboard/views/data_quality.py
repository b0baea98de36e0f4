"""Data and quality: pipeline runs, files, quarantined rows, validation, response and suppression."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, charts, db, ui
from dashboard.i18n import current_lang, t

viewer = auth.require_viewer()
lang = current_lang()
st.title(t("dq.title"))
st.caption(t("dq.intro"))

info = db.build_info(viewer)
st.markdown(" · ".join([
    f"{t('dq.build')}: **{str(info.get('build_id', '–'))[:12]}**",
    f"{t('dq.as_of')}: **{ui.fmt_date(info.get('as_of'), lang)}**",
    f"{t('dq.instrument')}: **{info.get('instrument_name', '–')} "
    f"{info.get('instrument_version', '')}**",
    f"{t('dq.pipeline_version')}: **{info.get('pipeline_version', '–')}**",
]))

st.subheader(t("dq.runs"))
runs = db.runs(viewer)
runs["status"] = ui.translated(runs["status"], "status")
runs["started_at"] = pd.to_datetime(runs["started_at"], utc=True, errors="coerce") \
    .dt.tz_convert(None).dt.floor("s")
runs["as_of"] = pd.to_datetime(runs["as_of"], errors="coerce")  # a date like the others
ui.table(runs.rename(columns=ui.col_label), "runs", "runs")

st.subheader(t("dq.files"))
files = db.input_files(viewer)
files["kind"] = ui.translated(files["kind"], "source")
ui.table(files.rename(columns=ui.col_label), "input-files", "files")

st.subheader(t("dq.rejected"))
by_rule = db.rejected_by_rule(viewer)
if by_rule.empty:
    st.success(t("dq.rejected_none"))
else:
    ui.table(ui.with_rule_text(by_rule).rename(columns=ui.col_label), "rejected-by-rule",
             "rej-rule")
    detail = db.rejected_rows(viewer)
    if detail is None:
        st.caption(t("dq.rejected_detail_hr_only"))
    else:
        with st.expander(t("dq.rejected_detail", n=len(detail))):
            ui.table(ui.with_rule_text(detail).rename(columns=ui.col_label),
                     "rejected-rows", "rej-rows")

st.subheader(t("dq.validation"))
val = db.validation_results(viewer)
if val.empty:
    st.info(t("dq.validation_none"))
else:
    failed = val[~val["success"].astype(bool)]
    st.write(t("dq.validation_summary", n=len(val), failed=len(failed)))
    val["source"] = ui.translated(val["source"], "source")
    val = ui.with_rule_text(val)
    if len(failed):
        ui.table(val[~val["success"].astype(bool)].rename(columns=ui.col_label),
                 "validation-failed", "val-failed")
    with st.expander(t("dq.validation_all", n=len(val))):
        ui.table(val.rename(columns=ui.col_label), "validation", "val")

st.subheader(t("dq.response"))
resp = db.response_rates(viewer)
if resp is None:
    ui.missing_mart("department_wave_scores")
elif resp.empty:
    st.info(t("common.no_rows"))
else:
    st.plotly_chart(charts.response_rate_chart(resp, lang), width="stretch",
                    config=charts.PLOT_CONFIG)
    with st.expander(t("dq.response_table")):
        ui.table(resp.rename(columns=ui.col_label), "response-rates", "resp")

st.subheader(t("dq.suppression"))
st.caption(t("dq.suppression_intro"))
memory = db.suppression_memory(viewer)
if memory:
    st.caption(t("dq.memory", n=ui.fmt_num(memory["cells"], 0, lang),
                 build=memory["from_build"][:12]))
sup = db.suppression_summary(viewer)
if sup is None:
    ui.missing_mart("suppression_summary")
elif sup.empty:
    st.info(t("dq.suppression_none"))
else:
    sup = sup.assign(source=ui.translated(sup["source"], "source"),
                     level=ui.translated(sup["level"], "level"),
                     suppression_reason=ui.translated(sup["suppression_reason"],
                                                      "suppression"),
                     department_name=sup["department_name"].fillna(t("level.organisation")))
    if sup["suppression_reason"].isna().all():  # every department itself is shown
        sup = sup.drop(columns=["suppression_reason", "unit_shown"])
    if sup["level"].nunique() == 1:
        sup = sup.drop(columns=["level"])
    ui.table(sup.rename(columns=ui.col_label), "suppression", "sup")
