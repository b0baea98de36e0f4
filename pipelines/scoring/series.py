"""Vectorised time-series statistics over many units at once (rows = units, columns = time).

Missing values are NaN (a suppressed or absent wave). Nothing loops over rows.

- :func:`theil_sen`: Theil-Sen slope with Sen's (1968) interval, as ``scipy.stats.theilslopes``
  (method ``separate``), without the tie correction (scores are continuous means).
- :func:`rolling_theil_sen`: the same over the last ``window`` columns ending at every column.
- :func:`cusum`: one-sided Page CUSUM, carried over missing waves.
- :func:`kendall_tau_time`: Kendall's tau-b of each row against time.
- :func:`hinge_fits`: broken-stick (level, then linear change) fits for every candidate
  change point, the scan of a GLR change-point test for a drift.
- :func:`window_mean`: noise-weighted mean over a trailing window.
- :func:`early_warning`: rolling variance and lag-1 autocorrelation of the detrended series and
  the Kendall tau of each against time (Scheffer et al. 2009; Dakos et al. 2012), over the
  trailing run of consecutive observed columns (:func:`trailing_run`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import norm


@contextmanager
def quiet() -> Iterator[None]:
    """Silence numpy's warnings for all-NaN rows and divisions by zero (NaN is the answer)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def theil_sen(y: np.ndarray, x: np.ndarray, confidence: float = 0.95) -> dict[str, np.ndarray]:
    """Row-wise Theil-Sen: slope, intercept, low_slope, high_slope, n (valid points)."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    x = np.atleast_2d(np.asarray(x, dtype=float))
    x = np.where(np.isnan(y), np.nan, x)
    w = y.shape[1]
    i, j = np.triu_indices(w, k=1)
    dx = x[:, j] - x[:, i]
    dy = y[:, j] - y[:, i]
    with quiet():
        slopes = np.where(dx > 0, dy / dx, np.nan)
    slopes.sort(axis=1)  # NaN last
    nt = (~np.isnan(slopes)).sum(axis=1)
    ny = (~np.isnan(y)).sum(axis=1)
    out = np.full(len(y), np.nan)
    slope, low, high, intercept = out.copy(), out.copy(), out.copy(), out.copy()
    ok = nt > 0
    if ok.any():
        # median of the first nt sorted values per row
        lo_i = (nt[ok] - 1) // 2
        hi_i = nt[ok] // 2
        rows = np.flatnonzero(ok)
        slope[ok] = (slopes[rows, lo_i] + slopes[rows, hi_i]) / 2
        z = norm.ppf((1 - confidence) / 2)  # negative, as in scipy
        sigma = np.sqrt(ny[ok] * (ny[ok] - 1) * (2 * ny[ok] + 5) / 18.0)
        ru = np.minimum(np.round((nt[ok] - z * sigma) / 2).astype(int), nt[ok] - 1)
        rl = np.maximum(np.round((nt[ok] + z * sigma) / 2).astype(int) - 1, 0)
        low[ok] = slopes[rows, np.clip(rl, 0, nt[ok] - 1)]
        high[ok] = slopes[rows, np.clip(ru, 0, nt[ok] - 1)]
        with quiet():
            intercept[ok] = np.nanmedian(y[ok], axis=1) - slope[ok] * np.nanmedian(x[ok], axis=1)
    return {"slope": slope, "intercept": intercept, "low_slope": low, "high_slope": high,
            "n": ny}


def rolling_theil_sen(y: np.ndarray, window: int, confidence: float = 0.95
                      ) -> dict[str, np.ndarray]:
    """Theil-Sen over the ``window`` columns ending at each column (x = column index).

    Returns arrays shaped like ``y``; ``fitted`` is the fitted line at the window's last
    column (the reference wave)."""
    y = np.asarray(y, dtype=float)
    n_rows, n_cols = y.shape
    pad = np.full((n_rows, window - 1), np.nan)
    yp = np.concatenate([pad, y], axis=1)
    xs = np.arange(-(window - 1), n_cols, dtype=float)
    yw = sliding_window_view(yp, window, axis=1)  # (rows, cols, window)
    xw = sliding_window_view(xs, window)  # (cols, window)
    flat_y = yw.reshape(-1, window)
    flat_x = np.broadcast_to(xw, (n_rows, n_cols, window)).reshape(-1, window)
    res = theil_sen(flat_y, flat_x, confidence)
    out = {k: v.reshape(n_rows, n_cols) for k, v in res.items()}
    out["fitted"] = out["intercept"] + out["slope"] * np.arange(n_cols)[None, :]
    return out


def cusum(z: np.ndarray, slack: float) -> np.ndarray:
    """B_t = max(0, B_{t-1} + z_t - slack); a missing z_t carries B over; NaN before the first
    observation."""
    z = np.asarray(z, dtype=float)
    out = np.full(z.shape, np.nan)
    b = np.full(z.shape[0], np.nan)
    for t in range(z.shape[1]):
        zt = z[:, t]
        step = np.maximum(0.0, np.nan_to_num(b, nan=0.0) + zt - slack)
        b = np.where(np.isnan(zt), b, step)
        out[:, t] = b
    return out


def kendall_tau_time(v: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of each row against its column order, ignoring NaN."""
    v = np.asarray(v, dtype=float)
    i, j = np.triu_indices(v.shape[1], k=1)
    a, b = v[:, i], v[:, j]
    valid = ~(np.isnan(a) | np.isnan(b))
    s = np.where(valid, np.sign(b - a), 0.0)
    n0 = valid.sum(axis=1)
    ties = (valid & (a == b)).sum(axis=1)
    denom = np.sqrt(n0 * (n0 - ties).astype(float))
    with quiet():
        return np.where(denom > 0, s.sum(axis=1) / denom, np.nan)


def trailing_run(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's trailing run of consecutive observed (non-NaN) values ending at the last
    column: the values of ``y`` in that run (NaN elsewhere) and its length (0 when the last
    column is missing). A missing value restarts the run."""
    y = np.asarray(y, dtype=float)
    col = np.arange(y.shape[1])
    last_gap = np.max(np.where(np.isnan(y), col[None, :], -1), axis=1, initial=-1)
    return np.where(col[None, :] > last_gap[:, None], y, np.nan), y.shape[1] - 1 - last_gap


def early_warning(y: np.ndarray, window: int, min_points: int) -> dict[str, np.ndarray]:
    """Per row: Kendall tau (against time) of the rolling variance and of the rolling lag-1
    autocorrelation of the linearly detrended balance, over the trailing run of consecutive
    observed columns ending at the last column (the reference wave): an evenly spaced series
    (domain.md §6), so a hidden wave restarts it and a hidden reference wave has none. NaN
    with fewer than ``min_points`` points; ``points`` is the run's length."""
    pts, n = trailing_run(y)
    cols = pts.shape[1]
    t = np.where(np.isnan(pts), np.nan, np.arange(cols, dtype=float)[None, :])
    with quiet():
        tm = np.nanmean(t, axis=1, keepdims=True)
        ym = np.nanmean(pts, axis=1, keepdims=True)
        beta = np.nansum((t - tm) * (pts - ym), axis=1, keepdims=True) / np.nansum(
            (t - tm) ** 2, axis=1, keepdims=True)
        resid = pts - ym - beta * (t - tm)
    res = {"variance_tau": np.full(len(y), np.nan), "ac1_tau": np.full(len(y), np.nan),
           "points": n}
    if cols < window:
        return res
    win = sliding_window_view(resid, window, axis=1)  # rows, cols-window+1, window
    with quiet():
        var = np.var(win, axis=2, ddof=1)
        a, b = win[..., :-1], win[..., 1:]
        am = a - a.mean(axis=2, keepdims=True)
        bm = b - b.mean(axis=2, keepdims=True)
        ac1 = (am * bm).sum(axis=2) / np.sqrt((am ** 2).sum(axis=2) * (bm ** 2).sum(axis=2))
    ok = n >= min_points
    res["variance_tau"] = np.where(ok, kendall_tau_time(var), np.nan)
    res["ac1_tau"] = np.where(ok, kendall_tau_time(ac1), np.nan)
    return res


def hinge_fits(y: np.ndarray, noise: np.ndarray, lookback: int, min_before: int,
               min_after: int) -> Iterator[dict[str, np.ndarray]]:
    """Broken-stick fits of every row, one candidate change point at a time.

    For each candidate change column ``tau`` and every reference column t, a weighted least
    squares fit (weights 1/noise^2, the known noise of each value) of the observed values in
    the ``lookback`` columns ending at t on a level and a hinge max(0, column - tau): a level
    that holds until tau and then moves linearly. Yields, per tau, arrays shaped like ``y``:
    ``slope`` (change per column after tau), its standard error ``se`` (from the known noise,
    not the residual scatter), ``z`` = slope / se, ``level`` (fitted value at tau, the unit's
    own earlier level) and ``fitted`` (fitted value at t); NaN where fewer than ``min_before``
    observations lie at or before tau or fewer than ``min_after`` after it, or tau >= t.
    Scanning tau and keeping the largest |z| is the generalised likelihood ratio test for a
    linear drift starting at an unknown wave (Hinkley 1971; Siegmund & Zhang 1994)."""
    y = np.asarray(y, dtype=float)
    rows, cols = y.shape
    ok = ~(np.isnan(y) | np.isnan(noise)) & (noise > 0)
    w = np.where(ok, 1.0 / np.where(ok, noise, 1.0) ** 2, 0.0)
    yy = np.where(ok, y, 0.0)
    col = np.arange(cols)

    def wsum(a: np.ndarray) -> np.ndarray:
        cs = np.concatenate([np.zeros((rows, 1)), np.cumsum(a, axis=1)], axis=1)
        lo = np.maximum(0, col - lookback + 1)
        return cs[:, col + 1] - cs[:, lo]

    s1, sy = wsum(w), wsum(w * yy)
    for tau in range(cols - 1):
        h = np.maximum(0, col - tau).astype(float)[None, :]
        sx, sxx, sxy = wsum(w * h), wsum(w * h * h), wsum(w * h * yy)
        before = wsum((ok & (h == 0)).astype(float))
        after = wsum((ok & (h > 0)).astype(float))
        with quiet():
            sxx_c = sxx - sx * sx / s1
            slope = (sxy - sx * sy / s1) / sxx_c
            se = 1.0 / np.sqrt(sxx_c)
            level = (sy - slope * sx) / s1
            fitted = level + slope * (col - tau)[None, :]
            z = slope / se
        valid = (before >= min_before) & (after >= min_after) & (col > tau)[None, :]
        nan = np.full((rows, cols), np.nan)
        yield {"tau": np.full((rows, cols), float(tau)),
               "slope": np.where(valid, slope, nan), "se": np.where(valid, se, nan),
               "z": np.where(valid, z, nan), "level": np.where(valid, level, nan),
               "fitted": np.where(valid, fitted, nan)}


def window_mean(y: np.ndarray, noise: np.ndarray, window: int) -> np.ndarray:
    """Noise-weighted (1/noise^2) mean of the observed values of the ``window`` columns
    ending at each column; NaN without any."""
    y = np.asarray(y, dtype=float)
    rows, cols = y.shape
    ok = ~(np.isnan(y) | np.isnan(noise)) & (noise > 0)
    w = np.where(ok, 1.0 / np.where(ok, noise, 1.0) ** 2, 0.0)
    col = np.arange(cols)
    lo = np.maximum(0, col - window + 1)

    def wsum(a: np.ndarray) -> np.ndarray:
        cs = np.concatenate([np.zeros((rows, 1)), np.cumsum(a, axis=1)], axis=1)
        return cs[:, col + 1] - cs[:, lo]

    sw = wsum(w)
    with quiet():
        return np.where(sw > 0, wsum(w * np.where(ok, y, 0.0)) / sw, np.nan)
