"""Seasonal factors for notification frequency (one factor per calendar month, mean 1).

With at least ``absence.seasonal_min_months`` months of a published organisation series, the
classical ratio-to-moving-average method: the series divided by its centred 2x12 moving average,
averaged per calendar month and normalised to mean 1. Otherwise the national quarterly factors
of ``absence.national_quarter_factors`` (CBS 80072ned), repeated over the quarter's months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.scoring.params import AbsenceSettings


def national_factors(settings: AbsenceSettings) -> np.ndarray:
    q = np.asarray(settings.national_quarter_factors, dtype=float)
    f = np.repeat(q, 3)
    return f / f.mean()


def seasonal_factors(months: pd.Series, rate: pd.Series, settings: AbsenceSettings
                     ) -> tuple[np.ndarray, str]:
    """Factors for calendar months 1..12 (index 0 = January) and the method used.

    months: first days of consecutive months; rate: the organisation's notification frequency
    (NaN where not published)."""
    s = pd.Series(np.asarray(rate, dtype=float), index=pd.to_datetime(months)).sort_index()
    if len(s) >= settings.seasonal_min_months and s.notna().sum() >= settings.seasonal_min_months:
        full = s.asfreq("MS")
        ma = full.rolling(12, center=True).mean().rolling(2).mean().shift(-1)
        ratio = (full / ma).dropna()
        ratio = ratio[np.isfinite(ratio)]
        by_month = ratio.groupby(ratio.index.month).mean()
        if len(by_month) == 12 and (by_month > 0).all():
            f = by_month.reindex(range(1, 13)).to_numpy()
            return f / f.mean(), "organisation"
    return national_factors(settings), "national"
