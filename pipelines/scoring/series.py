"""Vectorised time-series statistics over many units at once (rows = units, columns = time).

Missing values are NaN (a suppressed or absent wave). Nothing loops over rows.

- :func:`theil_sen`: Theil-Sen slope with Sen's (1968) interval, as ``scipy.stats.theilslopes``
  (method ``separate``), without the tie correction (scores are continuous means).
- :func:`rolling_theil_sen`: the same over the last ``window`` columns ending at every column.
- :func:`cusum`: one-sided Page CUSUM, carried over missing waves.
- :func:`kendall_tau_time`: Kendall's tau-b of each row against time.
- :func:`early_warning`: rolling variance and lag-1 autocorrelation of the detrended series and
  the Kendall tau of each against time (Scheffer et al. 2009; Dakos et al. 2012).
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


def left_justify(y: np.ndarray) -> np.ndarray:
    """Move each row's non-NaN values to the left, keeping their order."""
    y = np.asarray(y, dtype=float)
    order = np.argsort(np.isnan(y), axis=1, kind="stable")
    return np.take_along_axis(y, order, axis=1)


def early_warning(y: np.ndarray, window: int, min_points: int) -> dict[str, np.ndarray]:
    """Per row: Kendall tau (against time) of the rolling variance and of the rolling lag-1
    autocorrelation of the linearly detrended observed points; NaN with fewer than
    ``min_points`` points."""
    pts = left_justify(y)
    n = (~np.isnan(pts)).sum(axis=1)
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


def window_contrast(y: np.ndarray, noise: np.ndarray, recent: int, baseline: int,
                    lookback: int, min_baseline: int = 3, min_recent: int = 2
                    ) -> dict[str, np.ndarray]:
    """Per row and column t: mean of the observed values of the last ``recent`` columns minus
    the mean over the ``baseline`` columns starting ``lookback`` columns back (or at column 0),
    ending before the recent window, with the standard error from ``noise`` (per value) and the
    centres (mean column) of both windows. NaN where a window has too few observations."""
    y = np.asarray(y, dtype=float)
    rows, cols = y.shape
    ok = ~np.isnan(y) & ~np.isnan(noise)
    col = np.arange(cols, dtype=float)

    def csum(a: np.ndarray) -> np.ndarray:
        return np.concatenate([np.zeros((rows, 1)), np.cumsum(a, axis=1)], axis=1)

    cs_y = csum(np.where(ok, y, 0.0))
    cs_v = csum(np.where(ok, noise ** 2, 0.0))
    cs_n = csum(ok.astype(float))
    cs_c = csum(np.where(ok, col[None, :], 0.0))
    t = np.arange(cols)
    r_lo = np.maximum(0, t - recent + 1)
    b_lo = np.maximum(0, t - lookback + 1)
    b_hi = np.minimum(b_lo + baseline - 1, t - recent)  # inclusive; may be < b_lo

    def window(cs: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        hi_c = np.maximum(hi + 1, lo)
        return cs[:, hi_c] - cs[:, lo]

    n_r, n_b = window(cs_n, r_lo, t), window(cs_n, b_lo, b_hi)
    with quiet():
        m_r = window(cs_y, r_lo, t) / n_r
        m_b = window(cs_y, b_lo, b_hi) / n_b
        se = np.sqrt(window(cs_v, r_lo, t) / n_r ** 2 + window(cs_v, b_lo, b_hi) / n_b ** 2)
        c_r = window(cs_c, r_lo, t) / n_r
        c_b = window(cs_c, b_lo, b_hi) / n_b
    valid = (n_r >= min_recent) & (n_b >= min_baseline)
    nan = np.full((rows, cols), np.nan)
    return {"recent": np.where(valid, m_r, nan), "baseline": np.where(valid, m_b, nan),
            "se": np.where(valid, se, nan), "recent_centre": np.where(valid, c_r, nan),
            "baseline_centre": np.where(valid, c_b, nan)}
