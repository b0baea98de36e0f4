"""Do survey signals lead absence? Cross-correlation per department (issue 3).

For each department and survey signal (stressor, strain, balance) against the seasonally
adjusted notification frequency, both monthly and published:

1. detrend both series linearly (co-trending series correlate at every lag);
2. prewhiten (Box & Jenkins): fit an AR(1) to the detrended survey signal and apply the same
   filter to both series, so the survey signal is close to white noise and a correlation at lag
   L is not smeared over neighbouring lags;
3. correlate signal(t) with absence(t + L) for L = 0 .. lead_lag.max_lag_months;
4. Fisher-z interval per lag, Bonferroni-corrected over the lags 1 .. max (two-sided
   lead_lag.confidence).

``org_lead_lag`` pools the prewhitened series of all departments (more power, one answer for
the organisation). A department's two dozen months give wide intervals, so its estimate is also
shrunk towards the organisation's (empirical Bayes on the Fisher-z scale, as domain.md §6 does
for small teams; the target is the published ``org_lead_lag``): ``shrunk_correlation`` with
its interval, pulled in as far as the departments' estimates scatter no more than their
sampling error explains. ``lead_detected`` when the lag (>= 1) with the strongest estimate in
the expected direction (+ for stressor and strain, - for balance) has an interval that excludes
zero: the shrunk estimate for departments (``correlation`` and ``ci_*`` are the department on
its own), the pooled one for the organisation.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import norm

from pipelines.scoring.runner import write_table
from pipelines.scoring.seasonal import seasonal_factors
from pipelines.scoring.series import quiet
from pipelines.settings import Settings

SIGNALS = {"stressor": 1.0, "strain": 1.0, "balance": -1.0}
SCHEMA = {
    "department_id": "VARCHAR", "signal": "VARCHAR", "absence_measure": "VARCHAR",
    "lag_months": "INTEGER", "expected_sign": "INTEGER", "n_pairs": "INTEGER",
    "correlation": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE", "is_best_lag": "BOOLEAN",
    "best_lag_months": "INTEGER", "lead_detected": "BOOLEAN",
}
SHRUNK = {"shrunk_correlation": "DOUBLE", "shrunk_ci_low": "DOUBLE", "shrunk_ci_high": "DOUBLE"}
DEPARTMENT_SCHEMA = {**SCHEMA, **SHRUNK}


def detrend_rows(y: np.ndarray) -> np.ndarray:
    """Residuals of a row-wise least-squares line over the observed points."""
    t = np.where(np.isnan(y), np.nan, np.arange(y.shape[1], dtype=float)[None, :])
    with quiet():
        tm = np.nanmean(t, axis=1, keepdims=True)
        ym = np.nanmean(y, axis=1, keepdims=True)
        beta = np.nansum((t - tm) * (y - ym), axis=1, keepdims=True) / np.nansum(
            (t - tm) ** 2, axis=1, keepdims=True)
        return y - ym - np.nan_to_num(beta) * (t - tm)


def ar1_rows(y: np.ndarray) -> np.ndarray:
    """Row-wise lag-1 autocorrelation (Yule-Walker) of observed consecutive pairs."""
    a, b = y[:, :-1], y[:, 1:]
    ok = ~(np.isnan(a) | np.isnan(b))
    with quiet():
        num = np.nansum(np.where(ok, a * b, np.nan), axis=1)
        den = np.nansum(y ** 2, axis=1)
        phi = num / den
    return np.clip(np.nan_to_num(phi), -0.95, 0.95)


def corr_rows(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise Pearson correlation over positions observed in both, and the pair count."""
    ok = ~(np.isnan(a) | np.isnan(b))
    n = ok.sum(axis=1)
    a = np.where(ok, a, np.nan)
    b = np.where(ok, b, np.nan)
    with quiet():
        am = a - np.nanmean(a, axis=1, keepdims=True)
        bm = b - np.nanmean(b, axis=1, keepdims=True)
        r = np.nansum(am * bm, axis=1) / np.sqrt(np.nansum(am ** 2, axis=1)
                                                 * np.nansum(bm ** 2, axis=1))
    return np.where(n >= 3, r, np.nan), n


def shift_left(y: np.ndarray, lag: int) -> np.ndarray:
    """y(t + lag) aligned at t."""
    if lag == 0:
        return y
    out = np.full(y.shape, np.nan)
    out[:, :-lag] = y[:, lag:]
    return out


def prewhiten(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xd, yd = detrend_rows(x), detrend_rows(y)
    phi = ar1_rows(xd)[:, None]
    xw = np.full(x.shape, np.nan)
    yw = np.full(y.shape, np.nan)
    xw[:, 1:] = xd[:, 1:] - phi * xd[:, :-1]
    yw[:, 1:] = yd[:, 1:] - phi * yd[:, :-1]
    return xw, yw


def shrink_fisher_z(z: np.ndarray, var: np.ndarray, target: float, target_var: float,
                    min_units: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Empirical-Bayes shrinkage of unit estimates ``z`` (sampling variances ``var``) towards a
    published ``target`` (its variance ``target_var``): tau^2 = max(0, Var(z) - mean(var))
    over the units with an estimate, B = var / (var + tau^2); returns the shrunk estimates
    B * target + (1 - B) * z and their variances (1 - B) * var + B^2 * target_var.
    Unchanged with fewer than ``min_units`` estimates: a manager sees their department's
    shrunk estimate, so what lies outside it must be at least two departments (the scope rule
    for organisation totals), or the target would give one other department away."""
    ok = np.isfinite(z) & np.isfinite(var)
    if not np.isfinite(target) or ok.sum() < max(min_units, 2):
        return z, var
    tau2 = max(0.0, float(np.var(z[ok], ddof=1) - np.mean(var[ok])))
    with quiet():
        b = np.where(ok, var / (var + tau2), np.nan)
    return b * target + (1 - b) * z, (1 - b) * var + b ** 2 * target_var


def lag_table(x: np.ndarray, y: np.ndarray, ids: list[str], signal: str,
              settings: Settings, pooled: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows per unit and lag for one signal; x, y: (units, months), prewhitened. ``pooled``:
    the organisation's rows of :func:`pooled_lags` (the shrinkage target per lag)."""
    ll = settings.lead_lag
    sign = SIGNALS[signal]
    alpha = 1 - ll.confidence
    zc = norm.ppf(1 - alpha / (2 * ll.max_lag_months))
    rows = []
    rs = []
    for lag in range(ll.max_lag_months + 1):
        r, n = corr_rows(x, shift_left(y, lag))
        r = np.where(n >= ll.min_months, r, np.nan)
        with quiet():
            zr = np.arctanh(np.clip(r, -0.999999, 0.999999))
            var = 1 / np.maximum(n - 3, 1)
        target, target_var = np.nan, np.nan
        if pooled is not None:
            prow = pooled[pooled["lag_months"] == lag].iloc[0]
            target = float(np.arctanh(np.clip(prow["correlation"], -0.999999, 0.999999)))
            target_var = 1 / max(int(prow["n_pairs"]) - 3, 1)
        zs, vs = shrink_fisher_z(zr, var, target, target_var,
                                 settings.anonymity.complement_min_groups + 1)
        rs.append(sign * np.tanh(zs))
        rows.append(pd.DataFrame({
            "department_id": ids, "signal": signal,
            "absence_measure": "notification_frequency_sa", "lag_months": lag,
            "expected_sign": int(sign), "n_pairs": n, "correlation": r,
            "ci_low": np.tanh(zr - zc * np.sqrt(var)), "ci_high": np.tanh(zr + zc * np.sqrt(var)),
            "shrunk_correlation": np.tanh(zs), "shrunk_ci_low": np.tanh(zs - zc * np.sqrt(vs)),
            "shrunk_ci_high": np.tanh(zs + zc * np.sqrt(vs))}))
    out = pd.concat(rows, ignore_index=True)
    lead = np.vstack(rs[1:]).T if ll.max_lag_months >= 1 else np.zeros((len(ids), 0))
    with quiet():
        best = np.where(np.isnan(lead).all(axis=1), -1,
                        np.nanargmax(np.where(np.isnan(lead), -np.inf, lead), axis=1) + 1)
    best_map = dict(zip(ids, best, strict=True))
    out["best_lag_months"] = out["department_id"].map(best_map)
    out["is_best_lag"] = out["lag_months"] == out["best_lag_months"]
    bound = np.where(sign > 0, out["shrunk_ci_low"], -out["shrunk_ci_high"])
    detected = out[out["is_best_lag"]].assign(d=bound[out["is_best_lag"].to_numpy()] > 0)
    det_map = dict(zip(detected["department_id"], detected["d"], strict=True))
    out["lead_detected"] = out["department_id"].map(det_map).fillna(False).astype(bool)
    out.loc[out["best_lag_months"] < 1, "best_lag_months"] = np.nan
    return out


def monthly_series(con: duckdb.DuckDBPyConnection, settings: Settings
                   ) -> tuple[list[str], pd.DatetimeIndex, dict[str, np.ndarray], np.ndarray]:
    """Published department series on a common month axis (NaN = not shown)."""
    ab = con.sql("""
        select department_id, month, notification_frequency from department_month_absence
        where not suppressed
    """).df()
    sv = con.sql("""
        select department_id, cast(date_trunc('month', wave) as date) as month,
               avg(stressor) as stressor, avg(strain) as strain, avg(balance) as balance
        from department_wave_scores where not suppressed group by all
    """).df()
    org = con.sql("select month, notification_frequency from org_month_absence order by month"
                  ).df()
    all_months = pd.concat([pd.to_datetime(ab["month"]), pd.to_datetime(sv["month"])])
    if all_months.empty:
        return [], pd.DatetimeIndex([]), {}, np.zeros((0, 0))
    months = pd.date_range(all_months.min(), all_months.max(), freq="MS")
    ids = sorted(set(ab["department_id"]) | set(sv["department_id"]))
    factors, _ = seasonal_factors(org["month"], org["notification_frequency"], settings.absence)

    def grid(frame: pd.DataFrame, col: str) -> np.ndarray:
        g = frame.pivot_table(index="department_id", columns="month", values=col)
        g.columns = pd.to_datetime(g.columns)
        return g.reindex(index=ids, columns=months).to_numpy(dtype=float)

    y = grid(ab, "notification_frequency") / factors[months.month.to_numpy() - 1][None, :]
    xs = {s: grid(sv, s) for s in SIGNALS}
    return ids, months, xs, y


def build_lead_lag(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    ids, _, xs, y = monthly_series(con, settings)
    frames, pooled = [], []
    for signal, x in xs.items():
        xw, yw = prewhiten(x, y)
        # pooled: all departments' prewhitened pairs as one long series per lag
        pooled.append(pooled_lags(xw, yw, signal, settings))
        frames.append(lag_table(xw, yw, ids, signal, settings, pooled[-1]))
    cols = list(DEPARTMENT_SCHEMA)
    dept = pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)
    write_table(con, "department_lead_lag", dept, DEPARTMENT_SCHEMA)
    org_schema = {k: v for k, v in SCHEMA.items() if k != "department_id"}
    org = pd.concat(pooled, ignore_index=True)[list(org_schema)] if pooled else pd.DataFrame(
        columns=list(org_schema))
    write_table(con, "org_lead_lag", org, org_schema)


def pooled_lags(xw: np.ndarray, yw: np.ndarray, signal: str, settings: Settings
                ) -> pd.DataFrame:
    """All departments' prewhitened pairs as one sample per lag (each department's pairs
    centred, so departments do not correlate through their levels)."""
    ll = settings.lead_lag
    alpha = 1 - ll.confidence
    zc = norm.ppf(1 - alpha / (2 * ll.max_lag_months))
    sign = SIGNALS[signal]
    out = []
    for lag in range(ll.max_lag_months + 1):
        ys = shift_left(yw, lag)
        ok = ~(np.isnan(xw) | np.isnan(ys))
        with quiet():
            xc = xw - np.nanmean(np.where(ok, xw, np.nan), axis=1, keepdims=True)
            yc = ys - np.nanmean(np.where(ok, ys, np.nan), axis=1, keepdims=True)
        r, n = corr_rows(np.where(ok, xc, np.nan).reshape(1, -1),
                         np.where(ok, yc, np.nan).reshape(1, -1))
        r, n = float(r[0]), int(n[0])
        if n < ll.min_months:
            r = float("nan")
        zr = np.arctanh(np.clip(r, -0.999999, 0.999999))
        half = zc / np.sqrt(max(n - 3, 1))
        out.append({"signal": signal, "absence_measure": "notification_frequency_sa",
                    "lag_months": lag, "expected_sign": int(sign), "n_pairs": n,
                    "correlation": r, "ci_low": float(np.tanh(zr - half)),
                    "ci_high": float(np.tanh(zr + half))})
    frame = pd.DataFrame(out)
    lead = frame[frame["lag_months"] >= 1]
    signed = sign * lead["correlation"]
    best, detected = None, False
    if signed.notna().any():
        best = int(lead.loc[signed.idxmax(), "lag_months"])
        brow = frame[frame["lag_months"] == best].iloc[0]
        detected = bool(brow["ci_low"] > 0) if sign > 0 else bool(brow["ci_high"] < 0)
    frame["best_lag_months"] = best
    frame["is_best_lag"] = frame["lag_months"] == best
    frame["lead_detected"] = detected
    return frame
