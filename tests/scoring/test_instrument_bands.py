"""Cut-off bands that no scale score can reach (the Method page says so; tests/dashboard/
test_pages.py checks the page and the marts)."""

from __future__ import annotations

import pytest

from pipelines.instrument import Range, Scale

LIKERT = Range(min=1, max=5)


def scale(n_items: int, **cutoffs: float) -> Scale:
    return Scale(id="s", block="strain", items=[f"I{i}" for i in range(n_items)],
                 cutoffs=cutoffs)


@pytest.mark.parametrize("n_items,cutoffs,expected", [
    # means of 1..3 answered items: 3.00, 3.33, 3.50 ... nothing in [3.05, 3.31)
    (3, {"at_risk": 3.05, "very_high": 3.31}, ["at_risk"]),
    # eight items (BAT-23 exhaustion): 3.125 lies in the band
    (8, {"at_risk": 3.05, "very_high": 3.31}, []),
    # two items: 3.0, 3.5; the band [3.6, 3.9) holds no mean of one or two items
    (2, {"at_risk": 3.6, "very_high": 3.9}, ["at_risk"]),
    # a very-high cut-off above the maximum leaves that band empty
    (3, {"at_risk": 3.0, "very_high": 5.5}, ["very_high"]),
    # a cut-off exactly on a possible mean (10/3) counts it in the band
    (3, {"at_risk": 3.0, "very_high": 10 / 3}, []),
    (3, {}, []),
])
def test_unreachable_bands(n_items, cutoffs, expected):
    assert scale(n_items, **cutoffs).unreachable_bands(LIKERT) == expected
