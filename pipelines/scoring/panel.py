"""Published figures as aligned arrays (rows = unit series, columns = waves) for the risk model.

Only visible (published) figures enter, so every risk figure is a function of what a viewer can
already see. A pool's series is keyed by its membership: a pool whose member teams change
starts a new series (no trend over a changing membership, issue 3).

Noise reference of a unit's wave mean (domain.md §6, "fixed reference"): its published
sampling error ``se`` = s/sqrt(n)*FPC, with s the pooled within-team SD of that wave and
measure (plus the variance between team means for a pool or department; see
int_survey_units_estimated), plus the pooled variance tau2 of unit means around their own
level that sampling does not explain (:func:`excess_variance`), floored at
``bucket.noise_floor``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from pipelines.scoring.seasonal import seasonal_factors
from pipelines.scoring.series import quiet
from pipelines.settings import Settings

MEASURES = ("stressor", "recovery", "strain", "balance")


@dataclass
class Panel:
    level: str  # "team" (teams and pools) or "department"
    keys: pd.DataFrame  # one row per series: series_key, unit_kind, unit_id, department_id
    waves: pd.DataFrame  # wave, wave_no, wave_month (ordered, column j = wave_no j+1)
    mean: dict[str, np.ndarray]
    noise: dict[str, np.ndarray]
    mf: np.ndarray  # seasonally adjusted notification frequency per wave (NaN = not shown)
    mf_noise: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.keys), len(self.waves)


def series_keys(frame: pd.DataFrame) -> np.ndarray:
    """The series a unit's wave belongs to (columns unit_kind, unit_id, department_id,
    members_key). A pool is a new series whenever its members change; a team whenever its
    department does: its waves in another department are that department's figures, which
    a manager of the new one may not see, not even through a bucket, a trend or a change
    that carries them."""
    unit = frame["unit_id"].astype(str)
    return np.where(frame["unit_kind"] == "pool",
                    unit + "|" + frame["members_key"].fillna("").astype(str),
                    np.where(frame["unit_kind"] == "team",
                             unit + "@" + frame["department_id"].astype(str), unit))


def load_waves(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.sql("select wave, wave_no, wave_month from int_waves_ordered order by wave_no").df()


def build_panel(con: duckdb.DuckDBPyConnection, settings: Settings, level: str) -> Panel:
    kinds = ("team", "pool") if level == "team" else ("department",)
    waves = load_waves(con)
    est = con.sql(f"""
        select e.unit_kind, e.unit_id, e.department_id, e.wave_no, e.measure, e.n,
               e.mean, e.se, s.members_key
        from int_survey_units_estimated e
        join int_survey_units_suppressed s
          on s.unit_kind = e.unit_kind and s.unit_id = e.unit_id and s.wave = e.wave
        where e.measure_kind = 'headline' and e.unit_kind in {kinds!r}
    """.replace(",)", ")")).df()
    est["series_key"] = series_keys(est)
    keys = (est[["series_key", "unit_kind", "unit_id", "department_id"]]
            .drop_duplicates("series_key").sort_values("series_key").reset_index(drop=True))
    row = pd.Series(np.arange(len(keys)), index=keys["series_key"])
    S, W = len(keys), len(waves)
    r = row.reindex(est["series_key"]).to_numpy()
    c = est["wave_no"].to_numpy(dtype=int) - 1

    b = settings.bucket
    mean, noise = {}, {}
    for m in MEASURES:
        sel = (est["measure"] == m).to_numpy()
        grid = np.full((S, W), np.nan)
        se = np.full((S, W), np.nan)
        sub = est[sel]
        grid[r[sel], c[sel]] = sub["mean"].to_numpy()
        se[r[sel], c[sel]] = sub["se"].to_numpy(dtype=float)
        tau2 = excess_variance(grid, se)
        mean[m] = grid
        noise[m] = np.maximum(np.sqrt(se ** 2 + tau2), b.noise_floor)
    mf, mf_noise = _absence(con, settings, level, keys, waves)
    return Panel(level, keys, waves, mean, noise, mf, mf_noise)


def excess_variance(grid: np.ndarray, se: np.ndarray, min_waves: int = 6) -> float:
    """Variance of a unit's wave means around its own mean that sampling error does not
    explain (real month-to-month movement, shared shocks), pooled as the median over units
    with at least ``min_waves`` published waves (the median keeps the few drifting or
    recovering units from inflating it): median(var(y) - mean(se^2)), at least 0."""
    ok = ~(np.isnan(grid) | np.isnan(se))
    n = ok.sum(axis=1)
    use = n >= min_waves
    if use.sum() < 3:
        return 0.0
    y = np.where(ok, grid, np.nan)[use]
    v = np.where(ok, se ** 2, np.nan)[use]
    with quiet():
        excess = np.nanvar(y, axis=1, ddof=1) - np.nanmean(v, axis=1)
    return float(max(0.0, np.nanmedian(excess)))


def _absence(con: duckdb.DuckDBPyConnection, settings: Settings, level: str, keys: pd.DataFrame,
             waves: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Seasonally adjusted notification frequency per series and wave (months since the
    previous wave averaged), with its Poisson noise. Pools get none (absence pools are other
    groups than survey pools)."""
    S, W = len(keys), len(waves)
    mf = np.full((S, W), np.nan)
    noise = np.full((S, W), np.nan)
    org = con.sql("select month, notification_frequency from org_month_absence "
                  "order by month").df()
    if org.empty or W == 0:
        return mf, noise
    factors, _ = seasonal_factors(org["month"], org["notification_frequency"], settings.absence)
    table = "team_month_absence" if level == "team" else "department_month_absence"
    idcol = "team_id" if level == "team" else "department_id"
    kind = "and unit_kind = 'team'" if level == "team" else ""
    ab = con.sql(f"""
        select '{level}' as unit_kind, {idcol} as unit_id, department_id,
            null::varchar as members_key, month, headcount, notification_frequency
        from {table} where not suppressed {kind}
    """).df()
    if ab.empty:
        return mf, noise
    month = pd.to_datetime(ab["month"])
    wave_months = pd.to_datetime(waves["wave_month"]).to_numpy()
    j = np.searchsorted(wave_months, month.to_numpy(), side="left")
    ab["col"] = j
    ab = ab[j < W].copy()
    ab["mf_sa"] = ab["notification_frequency"] / factors[pd.to_datetime(ab["month"]).dt.month - 1]
    unit_rows = keys[keys["unit_kind"] != "pool"].reset_index()
    pos = pd.Series(unit_rows["index"].to_numpy(), index=unit_rows["series_key"].to_numpy())
    ab["row"] = pos.reindex(series_keys(ab)).to_numpy()
    ab = ab[ab["row"].notna()]
    g = ab.groupby(["row", "col"]).agg(mf=("mf_sa", "mean"), months=("mf_sa", "size"),
                                       headcount=("headcount", "mean")).reset_index()
    rr, cc = g["row"].to_numpy(dtype=int), g["col"].to_numpy(dtype=int)
    mf[rr, cc] = g["mf"].to_numpy()
    org_rate = float(np.nanmean(org["notification_frequency"])) if org[
        "notification_frequency"].notna().any() else 1.0
    # Poisson: var(MF) = periods_per_year * rate / headcount per month, averaged over months
    per = settings.absence.periods_per_year
    noise[rr, cc] = np.sqrt(per * max(org_rate, 0.1) / g["headcount"].to_numpy()
                            / g["months"].to_numpy())
    return mf, noise
