"""The trend rule on the demo organisation (independent review, stop 12): a unit whose
Theil-Sen line has already reached the overload line with a credibly falling slope is trending
(35 demo team-waves were not, and some came out green and 'stable'); a hidden wave is never
flagged (99 hidden rows of generated organisations were)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.scoring.reasons import sentence


@pytest.fixture(scope="module")
def demo(demo_published: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(demo_published), read_only=True)
    yield con
    con.close()


def test_a_trend_line_that_reached_the_line_is_trending(demo):
    rows = demo.execute("""
        select tier, trending_to_overload, reasons, reason_en from team_risk_history
        where tier <> 'insufficient_data' and balance_slope_high < 0
            and balance_fitted <= (select value from params
                                   where section = 'trend' and name = 'overload_line')
    """).fetchall()
    assert len(rows) >= 10, "the demo must have such team-waves, or this shows nothing"
    assert all(trending for _, trending, _, _ in rows)
    assert all(tier in ("amber", "red") for tier, *_ in rows)
    # the reason names it; its sentence says the trend line has reached the line
    reached = [r for _, _, reasons, _ in rows for r in json.loads(reasons)
               if r["signal"] == "trending_to_overload"]
    assert reached and all(r["waves_to_overload"] == 0 for r in reached)
    nl, en = sentence(json.dumps(reached[:1]))
    assert "trend line has already reached the overload line" in en
    assert "trendlijn heeft de overbelastingslijn al bereikt" in nl


def test_hidden_waves_are_never_flagged(demo):
    for kind in ("team", "department"):
        assert demo.execute(f"""
            select count(*) from {kind}_risk_history
            where tier = 'insufficient_data' and trending_to_overload""").fetchall() == [(0,)]


def test_bucket_sentences_say_the_plain_thing_first():
    """HR reads the sentence, not the model: what the bucket means comes first, its figures
    after, in the Dutch decimal format."""
    nl, en = sentence(json.dumps([{"signal": "bucket_alarm", "value": 36.62, "threshold": 5.0}]))
    assert nl == ("De belasting is al meerdere metingen groter dan de draagkracht: de "
                  "opgebouwde overbelasting (emmer 36,6) ligt boven de drempel van 5,0.")
    assert en.startswith("Load has exceeded capacity for several waves:")
    nl, en = sentence(json.dumps([{"signal": "bucket_filling", "value": 3.1, "threshold": 5.0}]))
    assert nl == "Overbelasting stapelt zich op: de emmer staat op 3,1 van 5,0."
    assert en == "Overload is building up: the bucket is at 3.1 of 5.0."
