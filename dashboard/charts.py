"""Chart builders: plain functions ``(DataFrame, lang) -> plotly Figure``, no ``st.*`` calls.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms
of colour blindness; lines also differ in marker or dash, and tiers are written out in words,
so colour is never the only cue. Every axis is labelled in the viewer's language.

Figures are assembled as one dict of traces and layout and validated once by ``go.Figure``:
Plotly's ``update_*`` calls validate again on every call and cost tens of milliseconds.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import MONTH_NAMES, t

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SERIES = [OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "vermillion",
                                  "reddish_purple", "sky_blue", "black")]
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star", "cross"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "solid", "dash"]
STRESSOR_COLOUR = OKABE_ITO["vermillion"]
RECOVERY_COLOUR = OKABE_ITO["blue"]
BALANCE_COLOUR = OKABE_ITO["black"]
BENCHMARK_COLOUR = "#6E6E6E"
BAND_COLOURS = [OKABE_ITO[c] for c in ("sky_blue", "orange", "vermillion", "reddish_purple",
                                       "black")]
PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
TEXT_COLOUR = "#31333F"
GRID = "#E6E6E6"

# New figures would otherwise deep-copy Plotly's large default template first (~40 ms each).
pio.templates.default = "none"


def _axis(title: str = "", **extra) -> dict:
    return {"title": {"text": title, "font": {"size": 13}}, "tickfont": {"size": 12},
            "gridcolor": GRID, "linecolor": "#BBBBBB", "zerolinecolor": "#CCCCCC",
            "automargin": True, **extra}


def _layout(lang: str, *, x: str = "", y: str = "", height: int = 340, legend: bool = True,
            **extra) -> dict:
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": _axis(x),
        "yaxis": _axis(y),
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                   "traceorder": "normal", "font": {"size": 13}},
        "font": {"size": 13, "color": TEXT_COLOUR},
        "hovermode": "x unified",
        "hoverlabel": {"font": {"size": 13}},
        # Decimal comma (and a space for thousands) in Dutch.
        "separators": ", " if lang == "nl" else ". ",
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def month_ticks(dates, lang: str) -> dict:
    """Axis settings with month names in the viewer's language (Plotly ships English only):
    every month for short series, else every quarter (every half year for long ones)."""
    ds = pd.to_datetime(pd.Series(list(dates))).dropna()
    if ds.empty:
        return {}
    start = ds.min().to_period("M").to_timestamp()
    end = ds.max().to_period("M").to_timestamp()
    n_months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if n_months <= 8 else (3 if n_months <= 36 else 6)
    first = pd.Timestamp(start.year, ((start.month - 1) // step) * step + 1, 1)
    if first < ds.min():  # a tick before the first point may fall outside the axis range
        first = first + pd.DateOffset(months=step)
    ticks = list(pd.date_range(first, end, freq=f"{step}MS"))
    names = MONTH_NAMES[lang]
    labels = [f"{names[d.month - 1]}<br>{d.year}" if (i == 0 or d.month <= step)
              else names[d.month - 1] for i, d in enumerate(ticks)]
    # never turned on end in a narrow chart (two side by side at 1024 px)
    return {"tickmode": "array", "tickvals": ticks, "ticktext": labels, "tickangle": 0,
            "hoverformat": "%d-%m-%Y" if lang == "nl" else "%Y-%m-%d"}


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _band(x, lo, hi, colour: str, **axes) -> dict:
    """A shaded interval between ``lo`` and ``hi``, broken where either is missing (a hidden
    wave): one closed shape per run of consecutive known points, separated by None, so the
    shading never bridges a gap the line leaves open."""
    xs, ys = [], []
    run: list[tuple] = []
    for point in [*zip(x, lo, hi, strict=True), None]:
        if point is not None and not any(v is None or v != v for v in point[1:]):
            run.append(point)
            continue
        if run:
            if xs:
                xs.append(None)
                ys.append(None)
            xs += [p[0] for p in run] + [p[0] for p in reversed(run)]
            ys += [p[2] for p in run] + [p[1] for p in reversed(run)]
            run = []
    return {"type": "scatter", "x": xs, "y": ys,
            "fill": "toself", "fillcolor": _rgba(colour, 0.18), "line": {"width": 0},
            "hoverinfo": "skip", "showlegend": False, **axes}


def _line(x, y, name: str, colour: str, i: int = 0, **extra) -> dict:
    """Series ``i`` of a chart. The seven colours repeat from the eighth series on (callers
    pass ``SERIES[i % 7]``), so every later round shifts the marker and the dash: series
    0..48 differ in colour, marker or dash."""
    shift = i // 7
    return {"type": "scatter", "x": list(x), "y": list(y), "mode": "lines+markers",
            "name": name,
            "line": {"color": colour, "width": 2.3, "dash": DASHES[(i + 2 * shift) % 7]},
            "marker": {"symbol": SYMBOLS[(i + shift) % 7], "size": 6}, **extra}


def _hline(y: float, colour: str, yref: str = "y", dash: str = "dash") -> dict:
    return {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": yref, "y0": y, "y1": y,
            "line": {"color": colour, "width": 1.5, "dash": dash}}


def _sorted(df: pd.DataFrame, x: str) -> pd.DataFrame:
    return df.sort_values(x).reset_index(drop=True)


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    return go.Figure(data=traces, layout=layout)


# more departments than this: the response rate as a grid (departments × waves), not lines
RESPONSE_LINES_MAX = 4
# low response is the concern: darker where few answered, light where most did; the dark end
# stays light enough for the dark cell text (contrast ≥ 4.5 : 1)
RESPONSE_COLOURS = [[0, "#E08A1E"], [0.5, "#F3C770"], [1, "#FFF8E6"]]


def response_rate_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """The response rate per department and wave: lines for a few departments, a grid of
    departments × waves with the percentage in each cell for more (nine lines cross too
    often to follow one)."""
    if df["department_name"].nunique() <= RESPONSE_LINES_MAX:
        return response_rate_lines(df, lang)
    return response_rate_grid(df, lang)


def response_rate_grid(df: pd.DataFrame, lang: str) -> go.Figure:
    """Departments (rows, by name) × waves (columns), coloured and labelled by the response
    rate (0-100); a wave without a figure stays grey. The scale runs from the lowest tens
    below the lowest rate (at most 50) to 100, so 55 and 80 differ at a glance. Columns: wave,
    department_name, response_rate."""
    grid = df.pivot_table(index="department_name", columns="wave", values="response_rate",
                          aggfunc="first").sort_index()
    waves = list(grid.columns)
    z = [[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()]
    text = [["" if v is None else f"{v:.0f}" for v in row] for row in z]
    lowest = grid.min().min()
    zmin = 0.0 if pd.isna(lowest) else min(50.0, math.floor(lowest / 10) * 10)
    trace = {
        "type": "heatmap", "z": z, "x": waves, "y": [str(n) for n in grid.index],
        "text": text, "texttemplate": "%{text}", "textfont": {"size": 11},
        "colorscale": RESPONSE_COLOURS, "zmin": zmin, "zmax": 100, "hoverongaps": False,
        "xgap": 2, "ygap": 2,
        "colorbar": {"title": {"text": t("chart.response_rate", lang), "side": "right"},
                     "thickness": 12, "len": 0.8},
        "hovertemplate": "%{y} · %{x|" + ("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")
                         + "}: %{text} %<extra></extra>"}
    return _figure([trace], _layout(
        lang, x=t("chart.wave", lang), height=max(240, 90 + 34 * len(grid.index)),
        legend=False, hovermode="closest", plot_bgcolor="#D9D9D9",
        margin={"l": 10, "r": 10, "t": 20, "b": 50},
        xaxis={**month_ticks(waves, lang), "showgrid": False},
        yaxis={"autorange": "reversed", "showgrid": False}))


def response_rate_lines(df: pd.DataFrame, lang: str) -> go.Figure:
    """Response rate (%) per wave, one line per department. Columns: wave, department_name,
    response_rate (0-100)."""
    traces = [_line(g["wave"], g["response_rate"], str(name), SERIES[i % 7], i)
              for i, (name, g) in enumerate(_sorted(df, "wave").groupby("department_name",
                                                                         sort=True))]
    return _figure(traces, _layout(lang, x=t("chart.wave", lang),
                                   y=t("chart.response_rate", lang),
                                   xaxis=month_ticks(df["wave"], lang),
                                   yaxis={"range": [0, 100]}))


def score_lines(df: pd.DataFrame, lang: str) -> go.Figure:
    """Stressor and recovery over time with their intervals; below, the balance with the
    overload line at zero. Columns: wave, stressor[_ci_low|_ci_high], recovery[...],
    balance[...]. Hidden waves are null and show as gaps."""
    d = _sorted(df, "wave")
    traces = []
    for i, (m, colour) in enumerate((("stressor", STRESSOR_COLOUR),
                                     ("recovery", RECOVERY_COLOUR))):
        traces.append(_band(d["wave"], d[f"{m}_ci_low"], d[f"{m}_ci_high"], colour))
        traces.append(_line(d["wave"], d[m], t(f"measure.{m}", lang), colour, i))
    traces.append(_band(d["wave"], d["balance_ci_low"], d["balance_ci_high"],
                        BALANCE_COLOUR, xaxis="x2", yaxis="y2"))
    ok = d[d["balance"].notna()]
    traces.append(_line(d["wave"], d["balance"], t("measure.balance", lang), BALANCE_COLOUR,
                        2, xaxis="x2", yaxis="y2"))
    low = min(-5.0, float(ok["balance_ci_low"].min()) - 3) if len(ok) else -10.0
    high = max(5.0, float(ok["balance_ci_high"].max()) + 3) if len(ok) else 10.0
    ticks = month_ticks(d["wave"], lang)
    layout = _layout(
        lang, height=480,
        xaxis={**ticks, "domain": [0, 1], "anchor": "y", "matches": "x2",
               "showticklabels": False},
        yaxis=_axis(t("chart.score", lang), domain=[0.42, 1], range=[0, 100]),
        xaxis2=_axis(t("chart.wave", lang), **ticks, domain=[0, 1], anchor="y2"),
        yaxis2=_axis(t("measure.balance", lang), domain=[0, 0.34], range=[low, high]),
        shapes=[_hline(0, STRESSOR_COLOUR, "y2")],
        annotations=[{"text": t("chart.overload_line", lang), "xref": "paper", "x": 0,
                      "xanchor": "left", "yref": "y2", "y": 0, "yanchor": "bottom",
                      "showarrow": False, "font": {"color": STRESSOR_COLOUR, "size": 12}}],
    )
    return _figure(traces, layout)


def bucket_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """The accumulated overload (CUSUM) over time against its threshold.
    Columns: date, bucket, threshold."""
    d = _sorted(df, "date")
    traces = [
        {"type": "scatter", "x": list(d["date"]), "y": list(d["bucket"]),
         "mode": "lines+markers", "name": t("chart.bucket", lang), "fill": "tozeroy",
         "fillcolor": _rgba(OKABE_ITO["orange"], 0.25), "cliponaxis": False,
         "line": {"color": OKABE_ITO["orange"], "width": 2.5}},
        {"type": "scatter", "x": list(d["date"]), "y": list(d["threshold"]), "mode": "lines",
         "name": t("chart.threshold", lang),
         "line": {"color": STRESSOR_COLOUR, "dash": "dash", "width": 2}},
    ]
    return _figure(traces, _layout(lang, x=t("chart.wave", lang),
                                   y=t("chart.bucket_axis", lang), height=300,
                                   xaxis=month_ticks(d["date"], lang),
                                   yaxis={"rangemode": "tozero"}))


def absence_lines(df: pd.DataFrame, bench: pd.DataFrame | None, lang: str,
                  series: str | None = None, value: str = "absence_rate",
                  highlight: set | None = None) -> go.Figure:
    """Absence rate (%) or notification frequency per month, one line per ``series`` value
    (e.g. department), with the national benchmark as a step line whose carried-forward part
    (quarters after the CBS series) is dotted. ``bench``: month, rate, carried_forward,
    source. With ``highlight``, only those series are coloured and in the legend; the others
    are thin grey context lines (their name shows on hover)."""
    groups = [(None, df)] if series is None else list(df.groupby(series, sort=False))
    traces = []
    coloured = 0
    for name, g in groups:
        g = _sorted(g, "month")
        label = str(name) if name is not None else t(f"measure.{value}", lang)
        if highlight is None or name in highlight:
            traces.append(_line(g["month"], g[value], label, SERIES[coloured % 7], coloured))
            coloured += 1
        else:
            traces.insert(0, {"type": "scatter", "x": list(g["month"]), "y": list(g[value]),
                              "mode": "lines", "name": label, "showlegend": False,
                              "line": {"color": "#C8C8C8", "width": 1.2},
                              "hovertemplate": f"{label}: %{{y:.2f}}<extra></extra>"})
    if bench is not None and not bench.empty and bench["rate"].notna().any():
        b = _sorted(bench, "month")
        cf = b["carried_forward"].astype(bool)
        actual = b["rate"].where(~cf)
        carried = b["rate"].where(cf)
        if cf.any() and (~cf).any():  # join the two parts at the boundary
            first = int(cf.to_numpy().argmax())
            if first > 0:
                carried.iloc[first - 1] = b["rate"].iloc[first - 1]
        for part, key, dash in ((actual, "chart.benchmark", "solid"),
                                (carried, "chart.benchmark_carried", "dot")):
            if part.notna().any():
                traces.append({
                    "type": "scatter", "x": list(b["month"]), "y": list(part), "mode": "lines",
                    "name": t(key, lang), "customdata": list(b["source"]),
                    "hovertemplate": "%{y:.1f} (CBS %{customdata})",
                    "line": {"color": BENCHMARK_COLOUR, "width": 2.5, "dash": dash,
                             "shape": "hv"}})
    return _figure(traces, _layout(lang, x=t("chart.month", lang), y=t(f"axis.{value}", lang),
                                   xaxis=month_ticks(df["month"], lang),
                                   yaxis={"rangemode": "tozero"}))


def band_bars(df: pd.DataFrame, lang: str) -> go.Figure:
    """Closed spells per month by duration band, stacked. Columns: month, band_no,
    band_label, spells_closed."""
    traces = []
    for i, ((_, label), g) in enumerate(df.groupby(["band_no", "band_label"], sort=True)):
        g = _sorted(g, "month")
        traces.append({"type": "bar", "x": list(g["month"]), "y": list(g["spells_closed"]),
                       "name": t("chart.band_days", lang, band=label),
                       "marker": {"color": BAND_COLOURS[i % len(BAND_COLOURS)]}})
    # counts: whole-number ticks, also when a few spells would give ticks at 0.5
    top = df.groupby("month")["spells_closed"].sum().max() if len(df) else 0
    yaxis = {"tick0": 0, "dtick": 1} if top <= 10 else {"tickformat": ",d"}
    yaxis["rangemode"] = "nonnegative"  # a count: never an axis below zero
    return _figure(traces, _layout(lang, x=t("chart.month", lang),
                                   y=t("chart.spells_closed", lang), height=320,
                                   barmode="stack", xaxis=month_ticks(df["month"], lang),
                                   yaxis=yaxis))


def band_mix(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of closed spells per duration band, one horizontal 100 % bar per unit.
    Columns: unit, band_no, band_label, spells_closed."""
    d = df.copy()
    totals = d.groupby("unit")["spells_closed"].transform("sum")
    d["share"] = (d["spells_closed"] / totals.where(totals > 0) * 100).round(1)
    traces = []
    for i, ((_, label), g) in enumerate(d.groupby(["band_no", "band_label"], sort=True)):
        traces.append({
            "type": "bar", "orientation": "h", "y": list(g["unit"]), "x": list(g["share"]),
            "name": t("chart.band_days", lang, band=label),
            "marker": {"color": BAND_COLOURS[i % len(BAND_COLOURS)]},
            "text": [f"{v:.0f} %" if v >= 6 else "" for v in g["share"]],
            "textposition": "inside", "insidetextanchor": "middle",
            "hovertemplate": "%{y}: %{x:.1f}%<extra>" + label + "</extra>"})
    height = max(220, 90 + 38 * d["unit"].nunique())
    return _figure(traces, _layout(lang, x=t("chart.share_spells", lang), height=height,
                                   barmode="stack", hovermode="closest",
                                   xaxis={"range": [0, 100]},
                                   yaxis={"autorange": "reversed"}))


def drivers_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Change per scale since the previous wave with a 95 % interval. Columns: label, change,
    change_se, harmful (bool: the change adds risk), credible (bool)."""
    d = df.dropna(subset=["change"]).copy()
    d = d.assign(order=d["change"].abs()).sort_values("order")
    trace = {
        "type": "bar", "orientation": "h", "y": list(d["label"]), "x": list(d["change"]),
        "marker": {"color": [STRESSOR_COLOUR if h else RECOVERY_COLOUR for h in d["harmful"]],
                   "opacity": [1.0 if c else 0.4 for c in d["credible"]]},
        "error_x": {"type": "data", "array": list(1.96 * d["change_se"].fillna(0)),
                    "visible": True, "color": "#555", "thickness": 1.2},
        "hovertemplate": "%{y}: %{x:+.1f}<extra></extra>"}
    zero = {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": 0, "x1": 0,
            "line": {"color": "#444", "width": 1}}
    height = max(240, 80 + 36 * len(d))
    return _figure([trace], _layout(lang, x=t("chart.change_points", lang), height=height,
                                    legend=False, hovermode="closest", shapes=[zero],
                                    margin={"l": 10, "r": 20, "t": 20, "b": 50},
                                    yaxis={"tickfont": {"size": 13}}))


# Colour ranges of the heat map: only for shading, never for a decision. For each measure the
# value shaded lightest (low risk) and darkest (high risk); linear in between, clipped.
HEAT_RANGES: dict[str, tuple[float, float]] = {
    "stressor": (30.0, 70.0),
    "recovery": (70.0, 30.0),
    "strain": (20.0, 60.0),
    "balance": (25.0, -25.0),
    "absence_rate": (2.0, 9.0),
    "notification_frequency": (0.5, 2.5),
}
# Light yellow to dark brown through Okabe-Ito orange: readable for the common colour-vision
# deficiencies because it varies mainly in lightness.
HEAT_COLOURS = [[0, "#FFF6D5"], [0.5, "#E69F00"], [1, "#8C3B00"]]


def heat_level(measure: str, value) -> float | None:
    """Position of a value between its low-risk (0) and high-risk (1) end, clipped."""
    if value is None or pd.isna(value):
        return None
    lo, hi = HEAT_RANGES[measure]
    return min(1.0, max(0.0, (float(value) - lo) / (hi - lo)))


def heatmap(df: pd.DataFrame, lang: str, measures: list[str]) -> go.Figure:
    """Units × measures. ``df``: one row per unit with ``unit``, each measure, ``<m>_text``
    (the cell text, e.g. value and n) and ``<m>_hidden`` (bool). Colour = position between
    the measure's low-risk and high-risk ends (HEAT_RANGES); hidden cells stay grey."""
    d = df.reset_index(drop=True)
    z = [[None if bool(r.get(f"{m}_hidden", False)) else heat_level(m, r.get(m))
          for m in measures] for r in d.to_dict("records")]
    text = [[str(r.get(f"{m}_text", "")) for m in measures] for r in d.to_dict("records")]
    y = [str(u) for u in d["unit"]]
    trace = {
        "type": "heatmap", "z": z, "x": [t(f"heat.{m}", lang) for m in measures], "y": y,
        "text": text, "texttemplate": "%{text}", "textfont": {"size": 14},
        "colorscale": HEAT_COLOURS, "zmin": 0, "zmax": 1, "showscale": True,
        "hoverongaps": False, "xgap": 3, "ygap": 3,
        "colorbar": {"title": {"text": t("heat.risk", lang), "side": "right"},
                     "tickvals": [0, 1], "ticktext": [t("heat.low", lang), t("heat.high", lang)],
                     "thickness": 12, "len": 0.8},
        "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>"}
    height = max(220, 80 + 52 * len(y))
    return _figure([trace], _layout(
        lang, height=height, legend=False, hovermode="closest", plot_bgcolor="#D9D9D9",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"side": "top", "showgrid": False, "tickfont": {"size": 13}},
        yaxis={"autorange": "reversed", "showgrid": False, "tickfont": {"size": 13}}))


def lead_lag_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Association of a survey signal with later absence per lag. Columns: series (label),
    lag, estimate, ci_low, ci_high, and optionally signal (code): the lines follow the codes'
    order, so a signal keeps its colour and marker in either language."""
    traces = []
    key = "signal" if "signal" in df else "series"
    for i, (_, g) in enumerate(df.groupby(key, sort=True)):
        g = g.sort_values("lag")
        name = g["series"].iloc[0]
        traces.append({
            **_line(g["lag"], g["estimate"], str(name), SERIES[i % 7], i),
            "error_y": {"type": "data", "symmetric": False, "visible": True,
                        "array": list(g["ci_high"] - g["estimate"]),
                        "arrayminus": list(g["estimate"] - g["ci_low"])}})
    zero = _hline(0, "#444", dash="solid")
    return _figure(traces, _layout(lang, x=t("chart.lag_months", lang),
                                   y=t("chart.association", lang), height=320,
                                   shapes=[zero], xaxis={"dtick": 1}))


def sparkline_svg(values, title: str = "", width: int = 160, height: int = 46) -> str:
    """A small inline SVG of a balance series with the overload line (zero) dashed. The
    vertical range always includes zero, so the distance to the line is visible."""
    vals = [float(v) for v in values if v is not None and v == v]
    pad = 4
    lo = min([*vals, 0.0]) - 3
    hi = max([*vals, 0.0]) + 3

    def y(v: float) -> float:
        v = min(hi, max(lo, v))
        return round(pad + (hi - v) / (hi - lo) * (height - 2 * pad), 1)

    # scales down with a narrow column (the viewBox keeps its proportions) instead of
    # running into the text beside it
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
             f'style="max-width:{width}px;height:auto" viewBox="0 0 {width} {height}" '
             'role="img">']
    if title:
        safe = (title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        parts.append(f"<title>{safe}</title>")
    parts.append(f'<line x1="0" y1="{y(0)}" x2="{width}" y2="{y(0)}" '
                 f'stroke="{STRESSOR_COLOUR}" stroke-width="1" stroke-dasharray="3,3"/>')
    if len(vals) >= 2:
        step = (width - 2 * pad) / (len(vals) - 1)
        pts = " ".join(f"{round(pad + i * step, 1)},{y(v)}" for i, v in enumerate(vals))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{BALANCE_COLOUR}" '
                     f'stroke-width="1.8" stroke-linejoin="round"/>')
        parts.append(f'<circle cx="{round(pad + (len(vals) - 1) * step, 1)}" '
                     f'cy="{y(vals[-1])}" r="2.8" fill="{BALANCE_COLOUR}"/>')
    elif vals:
        parts.append(f'<circle cx="{width / 2}" cy="{y(vals[0])}" r="2.8" '
                     f'fill="{BALANCE_COLOUR}"/>')
    parts.append("</svg>")
    return "".join(parts)
