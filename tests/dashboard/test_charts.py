"""Chart builders: plain functions from DataFrames to labelled, colour-blind-safe figures."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts
from dashboard.i18n import t

WAVES = pd.to_datetime(["2025-01-15", "2025-02-15", "2025-03-15", "2025-04-15"])


def _scores(hidden_wave: int | None = None) -> pd.DataFrame:
    df = pd.DataFrame({"wave": WAVES})
    for m, base in (("stressor", 50.0), ("recovery", 55.0)):
        df[m] = [base + i for i in range(4)]
        df[f"{m}_ci_low"] = df[m] - 5
        df[f"{m}_ci_high"] = df[m] + 5
    df["balance"] = df["recovery"] - df["stressor"]
    df["balance_ci_low"] = df["balance"] - 6
    df["balance_ci_high"] = df["balance"] + 6
    if hidden_wave is not None:
        df.loc[hidden_wave, [c for c in df.columns if c != "wave"]] = float("nan")
    return df


def _colours(fig: go.Figure) -> set[str]:
    return {tr.line.color for tr in fig.data if getattr(tr, "line", None) and tr.line.color}


def test_score_lines_labels_axes_and_draws_the_overload_line():
    fig = charts.score_lines(_scores(), "nl")
    assert fig.layout.yaxis.title.text == t("chart.score", "nl")
    assert fig.layout.yaxis2.title.text == t("measure.balance", "nl")
    assert fig.layout.xaxis2.title.text == t("chart.wave", "nl")
    assert any(s.y0 == 0 and s.yref == "y2" for s in fig.layout.shapes)
    names = {tr.name for tr in fig.data if tr.showlegend is not False}
    assert {t("measure.stressor", "nl"), t("measure.recovery", "nl")} <= names
    assert _colours(fig) <= set(charts.OKABE_ITO.values())


def test_hidden_wave_is_a_gap_not_a_zero():
    fig = charts.score_lines(_scores(hidden_wave=2), "en")
    stressor = next(tr for tr in fig.data if tr.name == t("measure.stressor", "en"))
    assert math.isnan(stressor.y[2]) and stressor.y[1] == 51.0


def test_interval_band_does_not_bridge_a_hidden_wave():
    fig = charts.score_lines(_scores(hidden_wave=2), "nl")
    bands = [tr for tr in fig.data if tr.fill == "toself"]
    assert len(bands) == 3
    for band in bands:
        xs = list(band.x)
        assert None in xs  # two closed shapes: waves 0-1 and wave 3
        assert WAVES[2] not in [pd.Timestamp(x) for x in xs if x is not None]


def test_month_ticks_use_the_viewers_language():
    nl = charts.month_ticks(pd.date_range("2024-01-01", "2025-12-01", freq="MS"), "nl")
    en = charts.month_ticks(pd.date_range("2024-01-01", "2025-12-01", freq="MS"), "en")
    assert nl["ticktext"][0] == "jan<br>2024" and "mrt" not in nl["ticktext"]
    assert "okt" in nl["ticktext"] and "Oct" in en["ticktext"]
    short = charts.month_ticks(pd.date_range("2025-01-01", "2025-05-01", freq="MS"), "nl")
    assert len(short["tickvals"]) == 5  # every month for a short series


def test_dutch_figures_use_a_decimal_comma():
    fig = charts.absence_lines(pd.DataFrame({"month": WAVES, "absence_rate": [4.5] * 4}),
                               None, "nl")
    assert fig.layout.separators.startswith(",")
    assert charts.absence_lines(pd.DataFrame({"month": WAVES, "absence_rate": [1.0] * 4}),
                                None, "en").layout.separators.startswith(".")


def test_benchmark_carried_forward_part_is_dotted_and_labelled():
    months = pd.to_datetime(["2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"])
    bench = pd.DataFrame({"month": months, "rate": [5.0, 5.0, 5.7, 5.7],
                          "carried_forward": [False, False, True, True],
                          "source": ["2023 Q4", "2023 Q4", "2023 Q1", "2023 Q1"]})
    df = pd.DataFrame({"month": months, "absence_rate": [4.0, 4.2, 4.4, 4.6]})
    fig = charts.absence_lines(df, bench, "en")
    actual = next(tr for tr in fig.data if tr.name == t("chart.benchmark", "en"))
    carried = next(tr for tr in fig.data if tr.name == t("chart.benchmark_carried", "en"))
    assert carried.line.dash == "dot" and actual.line.dash == "solid"
    assert list(carried.customdata[2:]) == ["2023 Q1", "2023 Q1"]
    assert math.isnan(actual.y[2]) and carried.y[1] == 5.0  # joined at the boundary


def test_highlight_keeps_other_series_grey_and_out_of_the_legend():
    df = pd.DataFrame({"month": list(WAVES) * 2, "absence_rate": [1, 2, 3, 4] * 2,
                       "unit": ["A"] * 4 + ["B"] * 4})
    fig = charts.absence_lines(df, None, "nl", series="unit", highlight={"B"})
    a = next(tr for tr in fig.data if tr.name == "A")
    b = next(tr for tr in fig.data if tr.name == "B")
    assert a.showlegend is False and a.line.color == "#C8C8C8"
    assert b.line.color in charts.SERIES


def test_heatmap_hidden_cells_have_no_colour_and_risk_is_oriented():
    df = pd.DataFrame({"unit": ["A", "B"], "stressor": [70.0, 30.0], "recovery": [30.0, 70.0],
                       "stressor_hidden": [False, True], "recovery_hidden": [False, False],
                       "stressor_text": ["70", "hidden"], "recovery_text": ["30", "70"]})
    fig = charts.heatmap(df, "en", ["stressor", "recovery"])
    z = fig.data[0].z
    assert list(z[0]) == [1.0, 1.0]  # high stressor and low recovery: both the high-risk end
    assert z[1][0] is None and z[1][1] == 0.0
    assert list(fig.data[0].x) == [t("heat.stressor", "en"), t("heat.recovery", "en")]


@pytest.mark.parametrize("measure,value,expected", [("balance", 25.0, 0.0),
                                                     ("balance", -25.0, 1.0),
                                                     ("absence_rate", 100.0, 1.0),
                                                     ("stressor", None, None)])
def test_heat_level(measure, value, expected):
    assert charts.heat_level(measure, value) == expected


def test_drivers_colour_harm_and_fade_noise():
    df = pd.DataFrame({"label": ["Werkdruk", "Steun"], "change": [5.0, -2.0],
                       "change_se": [1.0, 2.0], "harmful": [True, False],
                       "credible": [True, False]})
    fig = charts.drivers_chart(df, "nl")
    bar = fig.data[0]
    order = list(bar.y)
    assert bar.marker.color[order.index("Werkdruk")] == charts.STRESSOR_COLOUR
    assert bar.marker.opacity[order.index("Steun")] < 1
    assert bar.error_x.array[order.index("Werkdruk")] == pytest.approx(1.96)
    assert fig.layout.xaxis.title.text == t("chart.change_points", "nl")


def test_band_charts_stack_in_band_order():
    df = pd.DataFrame({"month": [WAVES[0]] * 2 + [WAVES[1]] * 2, "band_no": [2, 1, 2, 1],
                       "band_label": ["15-91", "1-14"] * 2, "spells_closed": [1, 4, 0, 3]})
    fig = charts.band_bars(df, "en")
    assert [tr.name for tr in fig.data] == ["1-14 days", "15-91 days"]
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.rangemode == "nonnegative"  # a count axis never runs below 0
    totals = df.groupby(["band_no", "band_label"], as_index=False)["spells_closed"].sum()
    mix = charts.band_mix(totals.assign(unit="A"), "en")
    assert sum(tr.x[0] for tr in mix.data) == pytest.approx(100.0)


def test_sparkline_always_shows_zero_and_escapes_its_title():
    svg = charts.sparkline_svg([10.0, 5.0, -3.0], "<b>x</b> & y")
    assert svg.startswith("<svg") and "stroke-dasharray" in svg
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in svg and "<b>" not in svg
    assert "polyline" not in charts.sparkline_svg([], "")
    # it shrinks with a narrow column instead of overlapping the text beside it (review at
    # 1024 px); the viewBox keeps its proportions
    assert 'width="100%"' in svg and "max-width:160px" in svg and 'viewBox="0 0 160 46"' in svg


def test_more_series_than_colours_still_differ_in_marker_or_dash():
    names = [f"Afdeling {i:02d}" for i in range(12)]
    df = pd.DataFrame([{"wave": w, "department_name": n, "response_rate": 50.0}
                       for n in names for w in WAVES])
    fig = charts.response_rate_lines(df, "nl")
    styles = {(tr.line.color, tr.line.dash, tr.marker.symbol) for tr in fig.data}
    assert len(fig.data) == 12 and len(styles) == 12
    # the eighth department shares the first one's colour, so its marker must differ
    assert fig.data[7].line.color == fig.data[0].line.color
    assert fig.data[7].marker.symbol != fig.data[0].marker.symbol


def test_response_rate_and_lead_lag():
    df = pd.DataFrame({"wave": WAVES, "department_name": "A", "response_rate": [60, 70, 65, 80]})
    fig = charts.response_rate_lines(df, "nl")
    assert list(fig.layout.yaxis.range) == [0, 100]
    ll = pd.DataFrame({"series": "Draaglast", "lag": [0, 1, 2], "estimate": [0.1, 0.4, 0.2],
                       "ci_low": [-0.1, 0.1, -0.1], "ci_high": [0.3, 0.7, 0.5]})
    fig = charts.lead_lag_chart(ll, "nl")
    assert list(fig.data[0].error_y.array) == pytest.approx([0.2, 0.3, 0.3])


def test_response_rate_of_many_departments_is_a_grid_with_the_percentages():
    names = [f"Afdeling {i}" for i in range(9)]
    df = pd.DataFrame([{"wave": w, "department_name": n, "response_rate": 40.0 + 5 * i + j}
                       for i, n in enumerate(names) for j, w in enumerate(WAVES)])
    df.loc[(df["department_name"] == "Afdeling 3") & (df["wave"] == WAVES[1]),
           "response_rate"] = float("nan")  # a wave without a figure
    fig = charts.response_rate_chart(df, "nl")
    assert len(fig.data) == 1 and fig.data[0].type == "heatmap"
    grid = fig.data[0]
    assert list(grid.y) == names
    assert list(grid.z[0]) == [40.0, 41.0, 42.0, 43.0]
    assert grid.z[3][1] is None and grid.text[3][1] == ""
    assert list(grid.text[8]) == ["80", "81", "82", "83"]
    # the colour scale starts at the tens below the lowest rate, so 40 and 83 differ
    assert grid.zmin == 40 and grid.zmax == 100
    assert grid.colorbar.title.text == t("chart.response_rate", "nl")
    # few departments: lines, one per department
    few = df[df["department_name"].isin(names[:4])]
    lines = charts.response_rate_chart(few, "nl")
    assert [tr.type for tr in lines.data] == ["scatter"] * 4


def test_lead_lag_signal_keeps_its_colour_in_either_language():
    rows = []
    for signal in ("balance", "strain", "stressor"):
        for lag in (0, 1, 2):
            rows.append({"signal": signal, "lag": lag, "estimate": 0.1, "ci_low": 0.0,
                         "ci_high": 0.2})
    df = pd.DataFrame(rows)
    style = {}
    for lang in ("nl", "en"):
        plot = df.assign(series=[t(f"measure.{s}", lang) for s in df["signal"]])
        fig = charts.lead_lag_chart(plot, lang)
        names = {t(f"measure.{s}", lang): s for s in ("balance", "strain", "stressor")}
        style[lang] = {names[tr.name]: (tr.line.color, tr.marker.symbol) for tr in fig.data}
    assert style["nl"] == style["en"] and len(set(style["nl"].values())) == 3
