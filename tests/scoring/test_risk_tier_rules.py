"""The bucket (Page CUSUM) and its steps to the tier (docs/scoring.md "Risk"; risk.py), on
constructed series whose bucket is recomputed here from the documented formula:

    z = (w_b (line - balance) / noise_b + w_s (strain - own baseline) / noise_s') / sqrt(w_b^2 + w_s^2)
    B = max(0, B + z - slack)

with the own baseline the mean of the first ``bucket.baseline_waves`` published waves
(expanding until there are that many) and noise_s' = noise_s * sqrt(1 + 1/n_base). Absence is
not shown in these panels, so its term drops out.

The balance is held constant above the line (no slope, no decline, not below the line), so the
bucket is the only signal: between amber_bucket_fraction x threshold and the threshold the
tier is amber (bucket_filling); at or above the threshold red (bucket_alarm).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pipelines.scoring.panel import MEASURES, Panel
from pipelines.scoring.risk import assess, expanding_baseline, reasons_json
from pipelines.settings import Settings

WAVES = 12
NOISE = 1.0  # known noise of the stressor, recovery and strain means; the balance's is sqrt 2
BALANCE = 2.0  # recovery 52 - stressor 50: just above the overload line 0, every wave


# Constant stressor and recovery make the noise correlations of the decline components 0/0
# (numpy warns; risk.noise_correlations then uses the identity, which the bucket never reads).
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")


def panel_of(strain: dict[str, list[float]]) -> Panel:
    """A team panel: one series per entry, published every wave, constant stressor 50 and
    recovery 52, the given strain per wave, no absence."""
    ids = list(strain)
    rows = len(ids)
    means = {"stressor": np.full((rows, WAVES), 50.0),
             "recovery": np.full((rows, WAVES), 50.0 + BALANCE),
             "strain": np.array([strain[i] for i in ids], dtype=float)}
    means["balance"] = means["recovery"] - means["stressor"]
    noise = {m: np.full((rows, WAVES), NOISE * (np.sqrt(2) if m == "balance" else 1.0))
             for m in MEASURES}
    keys = pd.DataFrame({"series_key": ids, "unit_kind": "team", "unit_id": ids,
                         "department_id": "D"})
    waves = pd.DataFrame({"wave": pd.date_range("2024-01-01", periods=WAVES, freq="MS"),
                          "wave_no": np.arange(1, WAVES + 1)})
    waves["wave_month"] = waves["wave"]
    nan = np.full((rows, WAVES), np.nan)
    return Panel("team", keys, waves, means, noise, nan, nan)


def hand_bucket(strain: list[float], settings: Settings) -> list[float]:
    """The documented CUSUM, one wave at a time, in plain Python."""
    b, line = settings.bucket, settings.trend.overload_line
    seen: list[float] = []
    bucket, out = 0.0, []
    for s in strain:
        seen.append(s)
        first = seen[: b.baseline_waves]  # the first published waves only
        base = sum(first) / len(first)
        s_noise = NOISE * (1 + 1 / len(first)) ** 0.5
        z_bal = (line - BALANCE) / (NOISE * 2 ** 0.5)
        z_str = (s - base) / s_noise
        z = (b.weight_balance * z_bal + b.weight_strain * z_str) / (
            b.weight_balance ** 2 + b.weight_strain ** 2) ** 0.5
        bucket = max(0.0, bucket + z - b.cusum_slack)
        out.append(bucket)
    return out


FLAT = [40.0] * WAVES
# one wave of strain 12 points above the own level at the end: the bucket fills part-way
FILLING = [40.0] * (WAVES - 1) + [52.0]
# two such waves: past the threshold
ALARM = [40.0] * (WAVES - 2) + [52.0, 52.0]
# the strain level shifts by 8 points right after the 6 baseline waves and stays there
SHIFT = [40.0] * 6 + [48.0] * (WAVES - 6)
SERIES = {"flat": FLAT, "filling": FILLING, "alarm": ALARM, "shift": SHIFT}


@pytest.fixture(scope="module")
def assessed():
    settings = Settings()
    df = assess(panel_of(SERIES), settings)
    df = df.assign(reasons=reasons_json(df, settings))
    return df, settings


def at(df: pd.DataFrame, unit: str, wave: int) -> pd.Series:
    return df[(df["unit_id"] == unit) & (df["wave_no"] == wave)].iloc[0]


def signals(row: pd.Series) -> list[str]:
    return [r["signal"] for r in json.loads(row["reasons"])]


def test_defaults_assumed_here():
    s = Settings()
    assert (s.bucket.cusum_threshold, s.bucket.cusum_slack, s.risk.amber_bucket_fraction,
            s.bucket.baseline_waves, s.trend.overload_line) == (5.0, 0.5, 0.5, 6, 0.0)


@pytest.mark.parametrize("unit", list(SERIES))
def test_bucket_follows_the_documented_cusum(assessed, unit):
    df, settings = assessed
    got = df[df["unit_id"] == unit].sort_values("wave_no")["bucket"].to_numpy()
    assert got == pytest.approx(hand_bucket(SERIES[unit], settings), abs=1e-9)


def test_a_flat_unit_above_the_line_is_green(assessed):
    df, _ = assessed
    row = at(df, "flat", WAVES)
    assert row["bucket"] == 0.0
    assert row["tier"] == "green"
    assert signals(row) == ["stable"]


def test_a_bucket_between_the_amber_fraction_and_the_threshold_is_amber(assessed):
    """Bucket 3.2 in [0.5 x 5, 5): amber, and the reason is the filling bucket alone."""
    df, settings = assessed
    expected = hand_bucket(FILLING, settings)[-1]
    threshold = settings.bucket.cusum_threshold
    assert settings.risk.amber_bucket_fraction * threshold <= expected < threshold
    assert expected == pytest.approx(3.2, abs=0.05)
    row = at(df, "filling", WAVES)
    assert row["bucket"] == pytest.approx(expected)
    assert row["tier"] == "amber"
    assert signals(row) == ["bucket_filling"]
    # the wave before: bucket empty, green
    assert at(df, "filling", WAVES - 1)["tier"] == "green"


def test_a_bucket_at_or_above_the_threshold_is_red(assessed):
    """Bucket 6.4 >= 5 (and < 2 x 5): red with the alarm as its reason."""
    df, settings = assessed
    expected = hand_bucket(ALARM, settings)
    threshold = settings.bucket.cusum_threshold
    assert threshold <= expected[-1] < 2 * threshold
    row = at(df, "alarm", WAVES)
    assert row["bucket"] == pytest.approx(expected[-1])
    assert row["tier"] == "red"
    assert signals(row) == ["bucket_alarm"]
    # one wave earlier the same bucket was only filling
    before = at(df, "alarm", WAVES - 1)
    assert 0.5 * threshold <= before["bucket"] < threshold
    assert before["tier"] == "amber" and signals(before) == ["bucket_filling"]


def test_a_level_shift_after_the_baseline_is_measured_against_the_first_waves(assessed):
    """Strain 40 for the six baseline waves, then 48: every later wave is 8 points above the
    own baseline (the mean of the first six waves, which stays 40), so the bucket grows by the
    same step each wave and alarms at wave 10. A baseline that kept averaging in the new level
    would follow the shift and let the bucket stall."""
    df, settings = assessed
    expected = hand_bucket(SHIFT, settings)
    steps = np.diff(expected[6:])
    assert steps == pytest.approx(np.full(len(steps), steps[0]))  # constant growth
    got = df[df["unit_id"] == "shift"].sort_values("wave_no")
    assert got["bucket"].to_numpy() == pytest.approx(expected, abs=1e-9)
    first_alarm = next(i for i, v in enumerate(expected) if v >= settings.bucket.cusum_threshold)
    assert first_alarm + 1 == 10
    assert at(df, "shift", 10)["tier"] == "red"
    assert "bucket_alarm" in signals(at(df, "shift", 10))
    assert at(df, "shift", WAVES)["tier"] == "red"


def test_expanding_baseline_uses_only_the_first_waves():
    """The mean of the first ``count`` observed values, with only values up to each column; a
    hidden wave (NaN) does not count as one of them."""
    values = np.array([[10.0, 20.0, 30.0, 100.0, 200.0],
                       [np.nan, 4.0, np.nan, 8.0, 60.0]])
    got = expanding_baseline(values, 2)
    want = np.array([[10.0, 15.0, 15.0, 15.0, 15.0],
                     [np.nan, 4.0, 4.0, 6.0, 6.0]])
    np.testing.assert_allclose(got, want)
