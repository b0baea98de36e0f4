"""The two-build measurement (python -m tests.scoring.cross_build) on hand-made tables."""

from __future__ import annotations

import pandas as pd

from tests.scoring.cross_build import exposed


def _teams(hidden: set[str]) -> pd.DataFrame:
    return pd.DataFrame([{"team_id": t, "department_id": "D", "period": "2024-03-01",
                          "headcount": 12, "suppressed": t in hidden} for t in "XYZ"])


def _dept(rate: float) -> pd.DataFrame:
    return pd.DataFrame([{"department_id": "D", "period": "2024-03-01", "suppressed": False,
                          "absence_rate": rate}])


def test_a_team_hidden_in_both_builds_with_different_partners_is_exposed():
    differs, bad = exposed(_teams({"X", "Y"}), _teams({"Y", "Z"}), _dept(4.2), _dept(4.2),
                           ["absence_rate"], k=10)
    assert differs == 2
    assert bad[["department_id", "teams"]].values.tolist() == [["D", 1]]


def test_no_exposure_when_the_pattern_or_the_department_figure_differs():
    assert exposed(_teams({"X", "Y"}), _teams({"X", "Y"}), _dept(4.2), _dept(4.2),
                   ["absence_rate"], k=10)[1].empty
    assert exposed(_teams({"X", "Y"}), _teams({"Y", "Z"}), _dept(4.2), _dept(4.5),
                   ["absence_rate"], k=10)[1].empty
