"""The shipped CBS 80072ned copy and the quarter lookup with carry-forward."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from dashboard import benchmark

DATA = Path(benchmark.__file__).parent / "data"
ZORG = "422400"  # Q Gezondheids- en welzijnszorg


def test_shipped_copy_is_the_checksummed_source_file():
    digest = hashlib.sha256((DATA / "cbs_80072ned.csv").read_bytes()).hexdigest()
    assert digest == "898c2d2e7e37cfb03d5cfcdd7be1b150e0fc0b47f48b42a625bae6d0d6eb17ce"
    source = (DATA / "cbs_80072ned_SOURCE.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in source and "Centraal Bureau voor de Statistiek" in source


def test_2022_q1_total_and_health_care():
    assert benchmark.rate_for_quarter(2022, 1).rate == pytest.approx(6.3)
    assert benchmark.rate_for_quarter(2022, 1, ZORG).rate == pytest.approx(8.9)
    assert benchmark.rate_for_quarter(2022, 4).rate == pytest.approx(5.6)
    assert benchmark.rate_for_quarter(2022, 4, ZORG).rate == pytest.approx(8.0)


def test_quarters_only_no_year_rows():
    q = benchmark.quarterly_rates()
    assert len(q) == 112 and set(q["quarter"]) == {1, 2, 3, 4}


def test_after_last_quarter_uses_latest_same_quarter_labelled():
    assert benchmark.last_quarter() == (2023, 4)
    v = benchmark.rate_for_quarter(2025, 1)
    assert v.carried_forward and v.label == "2023 Q1"
    assert v.rate == pytest.approx(5.7)
    same = benchmark.rate_for_quarter(2023, 1)
    assert not same.carried_forward and same.rate == v.rate


def test_months_map_to_their_quarter():
    df = benchmark.benchmark_for_months([date(2022, 2, 1), date(2022, 3, 1), date(2025, 11, 1)],
                                        ZORG)
    assert df["rate"].iloc[0] == pytest.approx(8.9)
    assert df["source"].tolist() == ["2022 Q1", "2022 Q1", "2023 Q4"]
    assert df["carried_forward"].tolist() == [False, False, True]


def test_before_the_table_there_is_no_benchmark():
    assert benchmark.rate_for_quarter(1990, 1) is None


def test_unknown_sector_is_an_error_and_codes_are_stripped():
    with pytest.raises(KeyError):
        benchmark.quarterly_rates("999999")
    assert "301000" in set(benchmark.sectors()["code"])  # stored as "301000 " in the CBS file
    assert benchmark.sector_title(ZORG) == "Q Gezondheids- en welzijnszorg"


def test_sector_from_environment(monkeypatch):
    monkeypatch.setenv(benchmark.SECTOR_ENV, ZORG)
    assert benchmark.default_sector() == ZORG
    monkeypatch.setenv(benchmark.SECTOR_ENV, "nonsense")
    assert benchmark.default_sector() == benchmark.DEFAULT_SECTOR


def test_every_sector_has_an_english_title():
    s = benchmark.sectors()
    assert len(s) == 39 and s["title_en"].notna().all()
    assert (s["title_en"] != s["title"]).all()  # every code translated, none left in Dutch
    assert benchmark.sector_title(ZORG, "en") == "Q Human health and social work"
    assert benchmark.sector_title(ZORG, "nl") == "Q Gezondheids- en welzijnszorg"
    # the section letter or SBI number leads both titles
    assert (s["title"].str.split().str[0] == s["title_en"].str.split().str[0]).sum() >= 36
