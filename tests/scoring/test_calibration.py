"""The bucket threshold against its documented false-alarm rate (docs/scoring.md)."""

from __future__ import annotations

import pytest

from pipelines.scoring.calibrate import average_run_length, false_alarm_rate, threshold_for
from pipelines.settings import Settings


def test_default_threshold_keeps_false_alarms_of_a_unit_on_the_line_below_five_percent():
    b = Settings().bucket
    rate = false_alarm_rate(b.cusum_slack, b.cusum_threshold, waves=24)
    assert rate <= 0.05
    assert rate == pytest.approx(0.019, abs=0.006)  # the figure in docs/scoring.md


def test_default_threshold_detects_a_one_noise_unit_overload_within_a_year():
    b = Settings().bucket
    assert average_run_length(b.cusum_slack, b.cusum_threshold, shift=1.0) < 12


def test_threshold_search_is_monotone():
    assert threshold_for(0.05, 0.5) <= threshold_for(0.01, 0.5)


def test_the_method_page_quotes_the_measured_false_alarm_rate():
    """The dashboard's method page states the rate in both languages; it must be the one
    the calibration measures (rounded to a whole percent)."""
    import re

    from dashboard.i18n import TEXT

    b = Settings().bucket
    rate = round(100 * false_alarm_rate(b.cusum_slack, b.cusum_threshold, waves=24))
    for lang in ("nl", "en"):
        quoted = re.findall(r"(\d+) %", TEXT["method.bucket.body"][lang])
        assert quoted == [str(rate)], (lang, quoted, rate)
