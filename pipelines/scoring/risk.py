"""Risk per unit and reference date: the overload bucket, the balance trend, the tier, the phase
and the reasons (domain.md §6, §7; issue 3). Writes team_risk(_history) and
department_risk(_history).

Bucket (CUSUM, Page 1954) per wave t, in noise units (panel.py):
    z_balance = (overload_line - balance_t) / noise
    z_strain  = (strain_t - own baseline) / noise      (baseline: first bucket.baseline_waves)
    z_absence = (notification frequency_t, seasonally adjusted - own baseline) / Poisson noise
    z_t = sum(w_c z_c) / sqrt(sum(w_c^2)) over the components shown that wave
    B_t = max(0, B_{t-1} + z_t - cusum_slack); alarm when B_t >= cusum_threshold.
A wave without a published balance leaves B unchanged.

Trend: Theil-Sen slope of the balance over the last trend.window_waves waves, its interval,
the fitted balance at the reference wave and the waves until it reaches the overload line.
trending_to_overload = crossing projected within trend.horizon_waves and the slope's upper bound
below zero.

Decline evidence z (:func:`decline`): a change-point scan (GLR) for a linear decline from the
unit's own level over the last trend.drift_lookback_waves waves, pooling the stressor's rise,
the recovery's fall and the strain's rise, each in its own noise units; for teams only counted
when the unit also fell relative to the published department means (risk.context_min_z).
Level: the decline's fitted balance when its z > risk.level_min_z, else the noise-weighted mean
of the window.

Tier (first that applies):
    insufficient_data  unit not published at the reference wave, or fewer than
                       trend.min_waves published waves in the window
    red                bucket alarm; or the balance below the line and worsening (slope
                       credibly negative, or decline evidence z > risk.overload_min_z with a
                       falling fit). Below
                       the line: the Theil-Sen fitted balance and the level both below; or a
                       credible decline (z > risk.level_min_z) whose fitted balance is below
                       (the decline's fit follows a falling unit more closely than an 8-wave
                       Theil-Sen line); or the latest wave credibly below
    amber              trending_to_overload; approaching: crossing projected within
                       trend.horizon_waves (Theil-Sen line) or risk.approach_horizon_waves
                       (pace of the decline) with decline evidence z > risk.approach_min_z;
                       bucket >= risk.amber_bucket_fraction x threshold; or the balance below
                       the line
    green              otherwise
Phase (the kind of action; the tier is the urgency): 1 extinguish while the balance falls
towards or below the line (worsening, trending_to_overload or approaching/deteriorating);
2 recover when it no longer falls but the unit is strained (red or amber, or a bucket not yet
empty); 3 prevent otherwise; null when insufficient_data.
waves_to_overload: the projection the reasons quote: the decline's own pace when the
approaching reason quotes it (within risk.approach_horizon_waves), else the Theil-Sen line.
Early-warning indicators (experimental, never in the tier): Kendall tau of rolling variance and
lag-1 autocorrelation of the balance over the trailing run of consecutive published waves
ending at the reference wave, with risk.early_warning_min_points points or more.
"""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from pipelines.scoring.panel import Panel, build_panel, series_keys
from pipelines.scoring.params import z_value
from pipelines.scoring.reasons import sentences
from pipelines.scoring.runner import write_table
from pipelines.scoring.series import (
    cusum,
    early_warning,
    hinge_fits,
    quiet,
    rolling_theil_sen,
    window_mean,
)
from pipelines.settings import Settings

RISK_SCHEMA = {
    "unit_kind": "VARCHAR", "unit_id": "VARCHAR", "department_id": "VARCHAR", "wave": "DATE",
    "tier": "VARCHAR", "trending_to_overload": "BOOLEAN", "bucket": "DOUBLE",
    "bucket_threshold": "DOUBLE", "balance": "DOUBLE", "balance_fitted": "DOUBLE",
    "balance_slope": "DOUBLE", "balance_slope_low": "DOUBLE", "balance_slope_high": "DOUBLE",
    "waves_to_overload": "DOUBLE", "visible_waves": "INTEGER", "ew_points": "INTEGER",
    "ew_variance_tau": "DOUBLE", "ew_ac1_tau": "DOUBLE", "phase": "INTEGER",
    "reasons": "VARCHAR", "reason_nl": "VARCHAR", "reason_en": "VARCHAR",
}
INTERNAL = ["_alarm", "_worsening", "_filling", "_below", "_shown", "_enough", "_deteriorating",
            "_decline", "_decline_z", "_baseline", "_recent", "_by_pace", "_level",
            "_level_slope", "_level_source", "_slope_source"]


def expanding_baseline(values: np.ndarray, count: int) -> np.ndarray:
    """Mean of the first ``count`` observed values of each row, using only values up to each
    column (no look-ahead); NaN before the first observation."""
    valid = ~np.isnan(values)
    rank = np.cumsum(valid, axis=1)
    first = valid & (rank <= count)
    s = np.cumsum(np.where(first, values, 0.0), axis=1)
    c = np.cumsum(first, axis=1)
    with quiet():
        return np.where(c > 0, s / c, np.nan)


def bucket_increments(panel: Panel, settings: Settings) -> np.ndarray:
    """z_t per series and wave (NaN where the balance is not published)."""
    b, line = settings.bucket, settings.trend.overload_line
    bal = panel.mean["balance"]
    parts = [(b.weight_balance, (line - bal) / panel.noise["balance"])]
    strain = panel.mean["strain"]
    base = expanding_baseline(strain, b.baseline_waves)
    n_base = np.minimum(np.cumsum(~np.isnan(strain), axis=1), b.baseline_waves)
    with quiet():
        s_noise = panel.noise["strain"] * np.sqrt(1 + 1 / np.maximum(n_base, 1))
    parts.append((b.weight_strain, (strain - base) / s_noise))
    mf = panel.mf
    mf_base = expanding_baseline(mf, b.baseline_waves)
    parts.append((b.weight_absence, (mf - mf_base) / panel.mf_noise))
    num = np.zeros(bal.shape)
    den = np.zeros(bal.shape)
    for w, z in parts:
        if w <= 0:
            continue
        ok = ~np.isnan(z)
        num += np.where(ok, w * z, 0.0)
        den += np.where(ok, w * w, 0.0)
    with quiet():
        z = num / np.sqrt(den)
    return np.where(np.isnan(bal) | (den == 0), np.nan, z)


# The decline evidence pools three measurements of the same drift, each in its own noise units:
# the stressor's rise, the capacity's (recovery block's) fall and the strain's rise. Direction:
# +1 when a rise is the worse direction. The balance (recovery - stressor) is not a fourth: it
# is their difference, and judging its two parts each against their own noise is what gains.
DECLINE_COMPONENTS = (("stressor", 1.0), ("recovery", -1.0), ("strain", 1.0))


def component_weights(settings: Settings) -> np.ndarray:
    """Weights of DECLINE_COMPONENTS (the strain's from trend.drift_weight_strain)."""
    return np.array([1.0, 1.0, settings.trend.drift_weight_strain])


def noise_correlations(panel: Panel) -> np.ndarray:
    """Correlation matrix of the components' noise, each turned to its worse direction and in
    noise units, estimated from consecutive-wave changes over all units (changes cancel slow
    drifts); the identity with fewer than 30 complete changes."""
    changes = [np.diff(sign * panel.mean[m] / panel.noise[m], axis=1)
               for m, sign in DECLINE_COMPONENTS]
    ok = np.all([~np.isnan(c) for c in changes], axis=0)
    k = len(changes)
    if ok.sum() < 30:
        return np.eye(k)
    r = np.corrcoef(np.stack([c[ok] for c in changes]))
    return r if np.all(np.isfinite(r)) else np.eye(k)


def combine_z(zs: list[np.ndarray], weights: np.ndarray, corr: np.ndarray) -> np.ndarray:
    """sum(w_i z_i) / sd of that sum under noise alone (correlation ``corr``), elementwise over
    the components present (NaN where none is)."""
    w = [np.where(np.isnan(z), 0.0, wi) for z, wi in zip(zs, weights, strict=True)]
    num = sum(wi * np.nan_to_num(z) for wi, z in zip(w, zs, strict=True))
    var = sum(w[i] * w[j] * corr[i, j] for i in range(len(w)) for j in range(len(w)))
    with quiet():
        return np.where(var > 0, num / np.sqrt(var), np.nan)


def context_rows(panel: Panel, context: Panel | None, measure: str
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """The published department mean (and its noise) of ``measure`` aligned with the team
    panel's rows (NaN where the department is not published that wave)."""
    if context is None or len(context.keys) == 0 or context.shape[1] != panel.shape[1]:
        return None
    pos = pd.Series(np.arange(len(context.keys)), index=context.keys["unit_id"].to_numpy())
    r = pos.reindex(panel.keys["department_id"].to_numpy()).to_numpy()
    known = ~np.isnan(r)
    ri = np.where(known, r, 0).astype(int)
    mean = np.where(known[:, None], context.mean[measure][ri], np.nan)
    noise = np.where(known[:, None], context.noise[measure][ri], np.nan)
    return mean, noise


def decline(panel: Panel, settings: Settings, context: Panel | None = None
            ) -> dict[str, np.ndarray]:
    """Change-point test for a linear decline of the balance from the unit's own level.

    For every candidate start wave tau in the last trend.drift_lookback_waves waves, a
    broken-stick fit (level until tau, then a straight line; :func:`hinge_fits`) of the balance
    and of each of DECLINE_COMPONENTS, weighted by their known noise. The evidence z of a start
    pools the components' z in their worse direction (the stressor's rise, the recovery's fall,
    the strain's rise with weight trend.drift_weight_strain), corrected for their noise
    correlation (measured over all units, :func:`noise_correlations`); the start with the
    largest z wins (the GLR scan). The balance's fit at that start gives the level, the fitted
    balance and the pace. With a department ``context``, a start only counts when the team also
    fell relative to its published department means (the same pooled z over the team-minus-
    department series) by z > risk.context_min_z (a fall shared by the whole department, such
    as a department-wide shock, is not the team's own drift; the department itself is assessed
    on its own), unless the team's own z is above risk.context_override_z. Returns per unit
    and wave: ``z`` (-inf without a fit), ``baseline`` (fitted level at the start), ``recent``
    (fitted balance now), ``decline``, ``waves_to_overload`` at that pace, ``slope`` (of the
    fit), and ``level_now``: the fitted balance
    when z > risk.level_min_z, else the noise-weighted mean of the window (a unit without a
    credible decline is read at its long-run level, not at its latest excursion)."""
    tr, rk = settings.trend, settings.risk
    line, lb = tr.overload_line, tr.drift_lookback_waves
    mb, ma = tr.drift_min_before, tr.drift_min_after
    bal = panel.mean["balance"]
    corr, weights = noise_correlations(panel), component_weights(settings)
    fits_b = hinge_fits(bal, panel.noise["balance"], lb, mb, ma)
    fits = [hinge_fits(panel.mean[m], panel.noise[m], lb, mb, ma) for m, _ in DECLINE_COMPONENTS]
    ctxs = [(m, context_rows(panel, context, m)) for m, _ in DECLINE_COMPONENTS]
    rel = None if any(c is None for _, c in ctxs) else [
        hinge_fits(panel.mean[m] - c[0], np.sqrt(panel.noise[m] ** 2 + c[1] ** 2), lb, mb, ma)
        for m, c in ctxs]
    signs = [sign for _, sign in DECLINE_COMPONENTS]
    best = np.full(bal.shape, -np.inf)
    out = {k: np.full(bal.shape, np.nan) for k in ("level", "fitted", "slope")}
    for fb, *fc in zip(fits_b, *fits, strict=True):
        z = combine_z([s * f["z"] for s, f in zip(signs, fc, strict=True)], weights, corr)
        if rel is not None:
            zr = combine_z([s * next(f)["z"] for s, f in zip(signs, rel, strict=True)],
                           weights, corr)
            own = z > rk.context_override_z  # overwhelming own evidence is never vetoed
            z = np.where(np.isnan(zr) | (zr > rk.context_min_z) | own, z, np.nan)
        z = np.where(np.isnan(z), -np.inf, z)
        better = z > best
        best = np.where(better, z, best)
        for k in out:
            out[k] = np.where(better, fb[k], out[k])
    with quiet():
        waves = np.where(out["fitted"] <= line, 0.0, (out["fitted"] - line) / -out["slope"])
        flat = window_mean(bal, panel.noise["balance"], lb)
    return {"decline": out["level"] - out["fitted"], "z": best, "baseline": out["level"],
            "recent": out["fitted"], "slope": out["slope"],
            "waves_to_overload": np.where(out["slope"] < 0, waves, np.inf),
            "level_now": np.where(best > rk.level_min_z, out["fitted"], flat)}


def assess(panel: Panel, settings: Settings, context: Panel | None = None) -> pd.DataFrame:
    """One row per series per wave at which it has been observed: every risk figure.
    ``context``: the department panel, for teams (:func:`decline`)."""
    S, W = panel.shape
    if S == 0 or W == 0:
        return pd.DataFrame(columns=["series_key", "wave_no", *RISK_SCHEMA])
    b, tr, rk = settings.bucket, settings.trend, settings.risk
    line = tr.overload_line
    bal = panel.mean["balance"]
    z = bucket_increments(panel, settings)
    bucket = cusum(z, b.cusum_slack)
    ts = rolling_theil_sen(bal, tr.window_waves, tr.confidence)
    fitted, slope, lo, hi, nvis = (ts["fitted"], ts["slope"], ts["low_slope"],
                                   ts["high_slope"], ts["n"])
    with quiet():
        to_line = np.where(fitted <= line, 0.0,
                           np.where(slope < 0, (fitted - line) / -slope, np.inf))
    enough = nvis >= tr.min_waves
    shown = ~np.isnan(bal)
    # a trend line that has already reached the line (to_line 0) is within the horizon too
    trending = enough & (hi < 0) & (to_line <= tr.horizon_waves)
    upper_now = bal + z_value(settings.survey.confidence) * panel.noise["balance"]
    dec = decline(panel, settings, context)
    alarm = bucket >= b.cusum_threshold
    crossed = (dec["z"] > rk.level_min_z) & (dec["recent"] < line)
    both_below = (fitted < line) & (dec["level_now"] < line)
    below = enough & (both_below | (upper_now < line) | crossed)
    # the estimate that put the unit below the line, and the slope that says it still falls
    level = np.where(both_below, fitted, np.where(crossed, dec["recent"], bal))
    level_source = np.where(both_below, "trend_line", np.where(crossed, "decline_fit",
                                                                "measured"))
    by_theil_sen = (hi < 0) | np.isnan(dec["slope"])
    level_slope = np.where(by_theil_sen, slope, dec["slope"])
    slope_source = np.where(by_theil_sen, "trend_line", "decline_fit")
    worsening = below & ((hi < 0) | ((dec["z"] > rk.overload_min_z) & (dec["slope"] < 0)))
    filling = bucket >= rk.amber_bucket_fraction * b.cusum_threshold
    projected = ((to_line <= tr.horizon_waves)
                 | (dec["waves_to_overload"] <= rk.approach_horizon_waves))
    deteriorating = enough & projected & (dec["z"] > rk.approach_min_z)
    insufficient = ~shown | ~enough
    tier = np.select([insufficient, alarm | worsening,
                      trending | filling | below | deteriorating],
                     ["insufficient_data", "red", "amber"], "green")
    # phase = the kind of action (the tier is the urgency): 1 while the balance falls towards or
    # below the line, 2 when it no longer falls but the unit is strained, 3 otherwise
    falling = worsening | trending | deteriorating
    strained = (tier == "red") | (tier == "amber") | (np.nan_to_num(bucket) > 0)
    phase = np.select([falling, strained], [1, 2], 3).astype(float)
    phase = np.where(tier == "insufficient_data", np.nan, phase)
    # waves_to_overload: the projection the reasons quote. The approaching reason (deteriorating,
    # not trending, not worsening, not below) quotes the decline's own pace when that is within
    # risk.approach_horizon_waves, else the Theil-Sen line (which then is within its horizon);
    # every other row the Theil-Sen line.
    approaching = deteriorating & ~trending & ~worsening & ~below
    by_pace = approaching & (dec["waves_to_overload"] <= rk.approach_horizon_waves)
    waves_to = np.where(by_pace, dec["waves_to_overload"], to_line)

    ew_var = np.full((S, W), np.nan)
    ew_ac1 = np.full((S, W), np.nan)
    ew_n = np.zeros((S, W), dtype=int)
    for t in range(W):  # one reference wave at a time, all units at once
        ew = early_warning(bal[:, : t + 1], rk.early_warning_window, rk.early_warning_min_points)
        ew_var[:, t], ew_ac1[:, t], ew_n[:, t] = ew["variance_tau"], ew["ac1_tau"], ew["points"]

    seen = np.cumsum(shown, axis=1) > 0
    rr, cc = np.nonzero(seen)
    keys = panel.keys.iloc[rr].reset_index(drop=True)
    out = pd.DataFrame({
        "series_key": keys["series_key"], "unit_kind": keys["unit_kind"],
        "unit_id": keys["unit_id"], "department_id": keys["department_id"],
        "wave_no": cc + 1,
        "tier": tier[rr, cc], "trending_to_overload": trending[rr, cc],
        "bucket": bucket[rr, cc], "bucket_threshold": b.cusum_threshold,
        "balance": bal[rr, cc], "balance_fitted": np.where(enough, fitted, np.nan)[rr, cc],
        "balance_slope": np.where(enough, slope, np.nan)[rr, cc],
        "balance_slope_low": np.where(enough, lo, np.nan)[rr, cc],
        "balance_slope_high": np.where(enough, hi, np.nan)[rr, cc],
        "waves_to_overload": np.where(enough & np.isfinite(waves_to), waves_to, np.nan)[rr, cc],
        "visible_waves": nvis[rr, cc],
        "ew_points": ew_n[rr, cc], "ew_variance_tau": ew_var[rr, cc],
        "ew_ac1_tau": ew_ac1[rr, cc], "phase": phase[rr, cc],
        "_alarm": alarm[rr, cc], "_worsening": worsening[rr, cc], "_filling": filling[rr, cc],
        "_deteriorating": deteriorating[rr, cc], "_decline": dec["decline"][rr, cc],
        "_decline_z": dec["z"][rr, cc], "_baseline": dec["baseline"][rr, cc],
        "_recent": dec["recent"][rr, cc], "_by_pace": by_pace[rr, cc],
        "_level": level[rr, cc], "_level_slope": level_slope[rr, cc],
        "_level_source": level_source[rr, cc], "_slope_source": slope_source[rr, cc],
        "_below": below[rr, cc], "_shown": shown[rr, cc], "_enough": enough[rr, cc],
    })
    return out


def reasons_json(df: pd.DataFrame, settings: Settings) -> list[str]:
    """Machine-readable reasons: which signals fired, with their values."""
    b, tr, rk = settings.bucket, settings.trend, settings.risk
    out = []
    if "_restarted" not in df:  # set by publish_rows; an assessment alone has no history
        df = df.assign(_restarted=False)
    cols = df[["_shown", "_enough", "_alarm", "_worsening", "trending_to_overload", "_filling",
               "_below", "bucket", "balance", "balance_fitted", "balance_slope",
               "balance_slope_high", "waves_to_overload", "visible_waves", "_deteriorating",
               "_decline", "_decline_z", "_baseline", "_recent", "_by_pace", "_level",
               "_level_slope", "_level_source", "_slope_source", "_restarted"]].to_numpy(object)
    for (shown, enough, alarm, worse, trend, filling, below, bucket, bal, fit, slope, hi,
         to_line, nvis, deter, drop, dz, base, recent, by_pace, level, lslope, lsource,
         ssource, restarted) in cols:
        r: list[dict] = []
        if not shown:
            r.append({"signal": "suppressed"})
        elif not enough:
            r.append({"signal": "too_few_waves", "visible_waves": int(nvis),
                      "min_waves": tr.min_waves, "restarted": bool(restarted)})
        else:
            if alarm:
                r.append({"signal": "bucket_alarm", "value": _r(bucket),
                          "threshold": b.cusum_threshold})
            if worse:
                # level and slope are estimates: which one is named (level_source,
                # slope_source), next to the measured balance of the wave
                r.append({"signal": "overloaded_and_worsening", "balance_level": _r(level),
                          "level_source": lsource, "balance": _r(bal),
                          "slope": _r(lslope), "slope_source": ssource,
                          "line": tr.overload_line,
                          "balance_fitted": _r(fit), "theil_sen_slope": _r(slope),
                          "slope_high": _r(hi), "decline": _r(drop), "decline_z": _r(dz)})
            if trend:
                r.append({"signal": "trending_to_overload", "slope": _r(slope),
                          "slope_high": _r(hi), "waves_to_overload": _r(to_line),
                          "balance_fitted": _r(fit), "horizon": tr.horizon_waves})
            if deter and not trend and not worse and not below:
                # the projection that fired (waves_to_overload, chosen in assess): the
                # decline's own pace within its horizon, else the Theil-Sen line within
                # trend.horizon_waves
                horizon = rk.approach_horizon_waves if by_pace else tr.horizon_waves
                r.append({"signal": "approaching_overload_line", "baseline": _r(base),
                          "recent": _r(recent), "decline": _r(drop), "decline_z": _r(dz),
                          "waves_to_overload": _r(to_line), "horizon": horizon})
            if filling and not alarm:
                r.append({"signal": "bucket_filling", "value": _r(bucket),
                          "threshold": b.cusum_threshold})
            if below and not worse:
                r.append({"signal": "below_overload_line", "balance": _r(bal),
                          "balance_level": _r(level), "level_source": lsource,
                          "balance_fitted": _r(fit),
                          "line": tr.overload_line})
            if not r:
                r.append({"signal": "stable", "balance": _r(bal), "bucket": _r(bucket),
                          "threshold": b.cusum_threshold})
        out.append(json.dumps(r, separators=(",", ":")))
    return out


def _r(x) -> float | None:
    x = float(x)
    return None if not np.isfinite(x) else round(x, 3)


def publish_rows(con: duckdb.DuckDBPyConnection, panel: Panel, assessed: pd.DataFrame,
                 settings: Settings) -> pd.DataFrame:
    """Every unit x wave of the published grid, with its assessment (or insufficient_data)."""
    kinds = ("team", "pool") if panel.level == "team" else ("department",)
    grid = con.sql(f"""
        select unit_kind, unit_id, department_id, wave, members_key
        from int_survey_units_suppressed where unit_kind in {kinds!r}
    """.replace(",)", ")")).df()
    grid = grid.merge(panel.waves[["wave", "wave_no"]], on="wave", how="left")
    grid["series_key"] = series_keys(grid)
    assessed = assessed.reindex(columns=list(dict.fromkeys(
        [*assessed.columns, *INTERNAL, *RISK_SCHEMA, "series_key", "wave_no"])))
    merged = grid.merge(assessed.drop(columns=["unit_kind", "unit_id", "department_id", "wave"]),
                        on=["series_key", "wave_no"], how="left")
    missing = merged["tier"].isna()
    merged.loc[missing, "tier"] = "insufficient_data"
    merged.loc[missing, "trending_to_overload"] = False
    merged.loc[missing, "bucket_threshold"] = settings.bucket.cusum_threshold
    for c in ("_shown", "_enough", "_alarm", "_worsening", "_filling", "_below",
              "_deteriorating", "_by_pace", "trending_to_overload"):
        merged[c] = merged[c].fillna(False).astype(bool)
    hidden = ~merged["_shown"]
    # a hidden wave has no assessment of its own (its tier is insufficient_data): no flag
    merged.loc[hidden, "trending_to_overload"] = False
    for c in ("bucket", "balance", "balance_fitted", "balance_slope", "balance_slope_low",
              "balance_slope_high", "waves_to_overload", "ew_variance_tau", "ew_ac1_tau",
              "phase"):
        merged.loc[hidden, c] = np.nan
    merged["visible_waves"] = merged["visible_waves"].fillna(0)
    merged["ew_points"] = merged["ew_points"].fillna(0)
    # the unit's series began after its first wave (a pool's members or a team's department
    # changed): its earlier published waves do not count towards min_waves
    merged["_restarted"] = (merged.groupby(["unit_id", "series_key"])["wave"].transform("min")
                            > merged.groupby("unit_id")["wave"].transform("min"))
    merged["reasons"] = reasons_json(merged, settings)
    nl, en = sentences(merged["reasons"], panel.level)
    merged["reason_nl"], merged["reason_en"] = nl, en
    return merged[list(RISK_SCHEMA)].sort_values(["unit_id", "wave"]).reset_index(drop=True)


def build_risk(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    as_of = con.execute("select as_of from run_context").fetchall()[0][0]
    panels = {level: build_panel(con, settings, level) for level in ("department", "team")}
    for level, name in (("team", "team"), ("department", "department")):
        panel = panels[level]
        context = panels["department"] if level == "team" else None
        rows = publish_rows(con, panel, assess(panel, settings, context), settings)
        history = rows.rename(columns={"unit_id": f"{name}_id"}) if level == "team" else \
            rows.rename(columns={"unit_id": "department_id_"}).drop(columns=["department_id"]) \
                .rename(columns={"department_id_": "department_id"})
        schema = _schema_for(level)
        history = history[list(schema)]
        write_table(con, f"{name}_risk_history", history, schema)
        con.execute(f"""
            create or replace table {name}_risk as
            select * from {name}_risk_history
            where wave = (select max(wave) from {name}_risk_history
                          where wave <= cast(? as date))
        """, [as_of])


def _schema_for(level: str) -> dict[str, str]:
    schema = dict(RISK_SCHEMA)
    if level == "team":
        out = {"team_id": "VARCHAR"}
        out.update({k: v for k, v in schema.items() if k != "unit_id"})
        return out
    out = {"department_id": "VARCHAR"}
    out.update({k: v for k, v in schema.items()
                if k not in ("unit_id", "department_id", "unit_kind")})
    return out
