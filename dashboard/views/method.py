"""Method: how each figure is computed, thresholds and their sources, limitations."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, benchmark, db, ui
from dashboard.i18n import current_lang, t
from dashboard.settings_table import settings_table

viewer = auth.require_viewer()
lang = current_lang()
st.title(t("method.title"))
st.markdown(t("method.intro"))

for section in ("scores", "balance", "bucket", "trend", "tiers", "absence", "anonymity",
                "benchmark", "limitations"):
    st.subheader(t(f"method.{section}.title"))
    st.markdown(t(f"method.{section}.body"))

st.subheader(t("method.instrument"))
scales = db.instrument_scales(viewer)
if scales.empty:
    st.info(t("common.no_rows"))
else:
    label = "label_nl" if lang == "nl" else "label_en"
    show = scales.assign(
        block=scales["block"].map(lambda b: t(f"block.{b}", default=b)),
        label=scales[label] if label in scales else scales["scale_id"],
    )
    for c in ("cutoff_at_risk", "cutoff_very_high"):
        if c in show:  # raw units of the scale; most scales have none; numbers in exports
            show[c] = show[c].astype(float).round(2)
    cols = [c for c in ("scale_id", "label", "block", "n_items", "min_value", "max_value",
                        "cutoff_at_risk", "cutoff_very_high") if c in show]
    ui.table(show[cols].rename(columns=ui.col_label), "instrument-scales", "scales")
    empty = show.dropna(subset=["unreachable_bands"]) if "unreachable_bands" in show \
        else show.iloc[:0]
    for _, row in empty.iterrows():  # a band no score can reach always shows 0 %
        for band in row["unreachable_bands"].split(","):
            st.caption(t("method.unreachable_band", scale=row["label"],
                         band=t(f"band.{band}", default=band), n=int(row["n_items"])))

st.subheader(t("method.parameters"))
params = db.params(viewer)
if params.empty:
    st.info(t("method.parameters_none"))
else:
    settings = settings_table(params, lang)
    ui.table(settings.rename(columns=ui.col_label), "parameters", "params",
             column_config={ui.col_label("meaning"): st.column_config.TextColumn(width="large")},
             height=35 * (len(settings) + 1) + 3)  # a reference: every row, no inner scroll

st.caption(t("method.benchmark_source", source=benchmark.ATTRIBUTION))
