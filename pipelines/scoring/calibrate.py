"""Calibration of the bucket threshold (CUSUM h) by simulation (domain.md §6).

In control, a unit sits exactly on the overload line with increments z ~ N(0, 1) (the noise
reference makes them unit-variance): the worst case for a stable unit, since stable units
above the line have negative increments. ``false_alarm_rate`` is the share of such units whose
bucket reaches ``threshold`` within ``waves`` waves; ``average_run_length`` the mean number of
waves until it does. ``threshold_for`` finds the smallest threshold meeting a target rate.

Run ``python -m pipelines.scoring.calibrate`` for the table in docs/scoring.md.
"""

from __future__ import annotations

import numpy as np

from pipelines.scoring.series import cusum


def false_alarm_rate(slack: float, threshold: float, waves: int = 24, units: int = 20000,
                     seed: int = 0, shift: float = 0.0) -> float:
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((units, waves)) + shift
    b = cusum(z, slack)
    return float((b >= threshold).any(axis=1).mean())


def average_run_length(slack: float, threshold: float, units: int = 4000, max_waves: int = 5000,
                       seed: int = 0, shift: float = 0.0) -> float:
    rng = np.random.default_rng(seed)
    b = np.zeros(units)
    run = np.full(units, max_waves, dtype=float)
    alive = np.ones(units, dtype=bool)
    for t in range(max_waves):
        b = np.maximum(0.0, b + rng.standard_normal(units) + shift - slack)
        hit = alive & (b >= threshold)
        run[hit] = t + 1
        alive &= ~hit
        if not alive.any():
            break
    return float(run.mean())


def threshold_for(target: float, slack: float, waves: int = 24, step: float = 0.25) -> float:
    h = step
    while false_alarm_rate(slack, h, waves) > target:
        h += step
    return h


def main() -> None:
    print("slack  threshold  false alarms in 24 waves  ARL0 (waves)  ARL at +1 noise unit")
    for h in (3.0, 4.0, 5.0, 6.0):
        print(f"0.5    {h:4.1f}       {false_alarm_rate(0.5, h):6.1%}"
              f"                   {average_run_length(0.5, h):7.0f}"
              f"       {average_run_length(0.5, h, shift=1.0):5.1f}")


if __name__ == "__main__":
    main()
