"""Scoring and anonymity parameters: sections of ``draagkracht.toml``.

Every threshold used by the SQL models and the Python scorers lives here, with its default
and source. The SQL reads them from the ``params`` table (:func:`params_frame`), never as
literals; the Python scorers receive the models themselves. docs/scoring.md is the reference.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class AnonymitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Minimum responses for any survey figure (industry default 5, domain.md §5); < 5 refused.
    k_survey: int = Field(5, ge=5)
    # Minimum headcount for absence figures shown to managers (domain.md §5).
    k_absence: int = Field(10, ge=5)
    # Dominance ((n,k) rule, sdcTable style; domain.md §5 attack 6): an absence figure is
    # withheld when the largest contributor supplies more than this share of the sick days ...
    dominance_top1_share: float = Field(0.50, gt=0, le=1)
    # ... or the two largest together more than this share.
    dominance_top2_share: float = Field(0.85, gt=0, le=1)
    # Months over which dominance is judged (rolling, ending at the month shown; issue 3), so one
    # sick person does not blank every month.
    dominance_window_months: int = Field(3, ge=1, le=12)
    # Complementary suppression (domain.md §5 attack 1, Glint practice): within a parent, the
    # hidden set is empty or holds at least this many groups (and at least k people).
    complement_min_groups: int = Field(2, ge=2)
    # Publish hidden teams of a department as one pooled unit "<department>:other" when the pool
    # passes the same rules (users ask for it, domain.md §8).
    pool_hidden_teams: bool = True


class SurveySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Two-sided confidence level of every survey interval (mean: t-free normal interval with
    # finite population correction; shares: Wilson). domain.md §6.
    confidence: float = Field(0.95, gt=0.5, lt=1)
    # Empirical-Bayes shrinkage of team means towards their (published) department mean.
    shrinkage: bool = True


class AbsenceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Upper bounds (calendar days, inclusive) of the duration bands; the last band is open.
    # Default: Vernet 1-14 short, 15-91 medium, 92-365 long, 366-730 extra long, 731+ (domain §3).
    duration_band_upper_days: list[int] = [14, 91, 365, 730]
    # Notification frequency of a month is annualised by the number of months in a year (Vernet).
    periods_per_year: int = Field(12, ge=1)
    # Seasonal adjustment of notification frequency (for the bucket): the organisation's own
    # ratio-to-moving-average factors when it has at least this many months, else the national
    # quarterly factors below.
    seasonal_min_months: int = Field(24, ge=13)
    # National quarterly seasonal factors (Q1..Q4): CBS 80072ned, sick-leave % all sectors
    # (T001081), quarter / year mean, averaged over 2010-2019 (pre-COVID); computed from the copy
    # in shared/external-data/cbs_80072ned_ziekteverzuim. They describe the absence rate, used
    # as the best available proxy for notification frequency.
    national_quarter_factors: list[float] = [1.097, 0.969, 0.909, 1.025]

    @model_validator(mode="after")
    def _bands(self) -> AbsenceSettings:
        b = self.duration_band_upper_days
        if not b or any(x < 1 for x in b) or any(y <= x for x, y in zip(b, b[1:], strict=False)):
            raise ValueError("duration_band_upper_days must be increasing positive day counts")
        if len(self.national_quarter_factors) != 4 or min(self.national_quarter_factors) <= 0:
            raise ValueError("national_quarter_factors needs four positive factors (Q1..Q4)")
        return self


class BucketSettings(BaseModel):
    """The overload bucket: a one-sided CUSUM (Page 1954) of load minus capacity (domain §6)."""

    model_config = ConfigDict(extra="forbid")
    # Slack per wave in noise units: load absorbed normally. Page's rule: half the shift (in
    # noise units) the bucket must detect quickly, here a shift of one noise unit.
    cusum_slack: float = Field(0.5, ge=0)
    # Alarm threshold h in noise units. Calibrated by simulation (pipelines/scoring/calibrate.py,
    # docs/scoring.md "Calibration"): with slack 0.5, h = 5 gives an in-control average run
    # length of about 900 waves for a unit sitting exactly on the overload line, i.e. 1.9 %
    # false alarms within 24 monthly waves; a one-noise-unit overload alarms after ~10 waves.
    cusum_threshold: float = Field(5.0, gt=0)
    # Weights of the standardised load components. balance: distance of the balance below the
    # overload line; strain and absence: rise above the unit's own baseline (first waves).
    weight_balance: float = Field(1.0, ge=0)
    weight_strain: float = Field(0.5, ge=0)
    weight_absence: float = Field(0.5, ge=0)
    # Waves (from the unit's first visible wave) that define its own strain/absence baseline.
    baseline_waves: int = Field(6, ge=2)
    # Smallest noise reference (points on the 0-100 scale) so a near-census team is not read as
    # certain: the finite population correction goes to zero there (domain.md §6 guard).
    noise_floor: float = Field(2.0, gt=0)

    @model_validator(mode="after")
    def _weights(self) -> BucketSettings:
        if self.weight_balance + self.weight_strain + self.weight_absence <= 0:
            raise ValueError("at least one bucket weight must be positive")
        return self


class TrendSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # The overload line on the balance scale (recovery - stressor, points): below it, the
    # load is larger than the capacity.
    overload_line: float = 0.0
    # Waves in the Theil-Sen window (the most recent ones up to the reference date).
    window_waves: int = Field(8, ge=3)
    # Fewest visible waves in the window for a slope (else tier insufficient_data).
    min_waves: int = Field(5, ge=3)
    # Trending to overload: crossing projected within this many waves and the upper bound of
    # the slope's interval below zero (issue 3).
    horizon_waves: int = Field(6, ge=1)
    # Two-sided confidence of the slope interval (Sen 1968, as scipy.stats.theilslopes).
    confidence: float = Field(0.95, gt=0.5, lt=1)
    # Decline from the unit's own earlier level (pipelines/scoring/risk.py, decline): a
    # change-point scan (GLR for a linear drift from an unknown start; Hinkley 1971) over the
    # last drift_lookback_waves waves. Each candidate start needs drift_min_before waves at or
    # before it (the unit's own level) and drift_min_after after it. 24 waves (two years of
    # monthly waves) estimate the own level far better than 12 (tuned, docs/scoring.md
    # "Quality": drifting flagged at c-1 +3 to +6 points at equal false flags).
    drift_lookback_waves: int = Field(24, ge=4)
    drift_min_before: int = Field(3, ge=2)
    drift_min_after: int = Field(2, ge=2)
    # Weight of the strain's rise next to the stressor's rise and the recovery's fall (weight 1
    # each) in the decline evidence (the strain is a further measurement of the same drift,
    # domain.md §6). 0 leaves it out.
    drift_weight_strain: float = Field(1.0, ge=0)

    @model_validator(mode="after")
    def _window(self) -> TrendSettings:
        if self.min_waves > self.window_waves:
            raise ValueError("min_waves cannot exceed window_waves")
        if self.drift_min_before + self.drift_min_after > self.drift_lookback_waves:
            raise ValueError("drift_min_before + drift_min_after cannot exceed "
                             "drift_lookback_waves")
        return self


class RiskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Amber when the bucket has filled to this fraction of its threshold.
    amber_bucket_fraction: float = Field(0.5, gt=0, lt=1)
    # Amber "approaching the overload line": the crossing is projected within
    # approach_horizon_waves (by the pace of the decline, or within trend.horizon_waves by the
    # Theil-Sen line) and the decline evidence z (trend.drift_*) is above approach_min_z. The
    # z is the maximum over candidate start waves, so 2.1 is not a 98 % one-sided level: tuned
    # on simulated organisations to keep stable teams' flags under 10 % (docs/scoring.md
    # "Quality"; 1.9 flags about 1 point more drifting and stable teams, 2.25 fewer).
    approach_min_z: float = Field(2.1, ge=0)
    approach_horizon_waves: int = Field(8, ge=1)
    # Red "overloaded and worsening": the balance is below the overload line and either its
    # slope is credibly negative or the decline evidence z is above this.
    overload_min_z: float = Field(1.0, ge=0)
    # Department context (teams only, published department means): a candidate decline
    # counts only when the team also fell relative to its department's means (the decline
    # evidence of the team-minus-department series) with z above this; a fall the whole
    # department shares (a department-wide shock) is read at department level, not as every
    # team's own drift. Cuts stable teams' flags by about a
    # quarter on simulated organisations (docs/scoring.md "Quality"). -inf-like values
    # (e.g. -10) switch it off.
    context_min_z: float = 0.5
    # ... unless the team's own decline evidence is above this: a department shock explains a
    # moderate fall, not an overwhelming one. With several teams of one department drifting
    # together the department mean falls with them; 4.0 keeps their strongest cases
    # (+1 to +3 points of drifting teams flagged at c-1, stable flags +0.1 to +0.4 points per
    # wave on simulated organisations, docs/scoring.md "Quality").
    context_override_z: float = Field(4.0, ge=0)
    # Reading the balance "below the overload line": besides the Theil-Sen line, the unit's
    # level must be below the line too. That level is the fitted balance of the decline when
    # its z is above level_min_z, else the noise-weighted mean over trend.drift_lookback_waves
    # (a stable unit near the line is read at its long-run level, not its latest excursion).
    # 2.5 (was 2.0 before the decline evidence pooled three components and became sharper):
    # stable teams' red per wave 4.2 -> 2.8 % in the noisiest simulator scenario, drifting
    # red three waves after the crossing -1 point (docs/scoring.md "Quality").
    level_min_z: float = Field(2.5, ge=0)
    # Early-warning indicators (Scheffer et al. 2009) are computed only with at least this many
    # evenly spaced points (domain.md §6) and are experimental: never part of the tier.
    early_warning_min_points: int = Field(12, ge=8)
    # Rolling window (points) for the variance and lag-1 autocorrelation series.
    early_warning_window: int = Field(6, ge=4)


class LeadLagSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Lags tested (months by which the survey signal leads notification frequency).
    max_lag_months: int = Field(3, ge=1, le=12)
    # Fewest paired months for a correlation at any lag.
    min_months: int = Field(12, ge=6)
    # Two-sided confidence; the interval is Bonferroni-corrected over the lags tested.
    confidence: float = Field(0.95, gt=0.5, lt=1)


def _flat(section: str, model: BaseModel) -> list[dict]:
    rows = []
    for name, value in model.model_dump().items():
        if isinstance(value, bool | int | float):
            rows.append({"section": section, "name": name, "value": float(value)})
        elif isinstance(value, list) and all(isinstance(v, int | float) for v in value):
            rows += [{"section": section, "name": f"{name}_{i}", "value": float(v)}
                     for i, v in enumerate(value, start=1)]
    return rows


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile for a confidence level (0.95 -> 1.96)."""
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def params_rows(sections: dict[str, BaseModel]) -> list[dict]:
    """The ``params`` table: numeric settings flattened (lists as ``name_1..n``) plus derived
    values the SQL needs (``survey.z``, ``absence.n_bands``)."""
    rows: list[dict] = []
    for section, model in sections.items():
        if section == "input":
            continue
        rows += _flat(section, model)
    survey = sections.get("survey")
    if isinstance(survey, SurveySettings):
        rows.append({"section": "survey", "name": "z", "value": z_value(survey.confidence)})
    absence = sections.get("absence")
    if isinstance(absence, AbsenceSettings):
        rows.append({"section": "absence", "name": "n_bands",
                     "value": float(len(absence.duration_band_upper_days) + 1)})
    return rows
