"""National sick-leave benchmark: CBS StatLine table 80072ned, shipped in ``dashboard/data/``.

Source: Centraal Bureau voor de Statistiek (CBS), "Ziekteverzuim volgens werkgevers; bedrijfstak
(SBI 2008) en bedrijfsgrootte", table 80072ned, 1996 Q1 - 2023 Q4, licence CC BY 4.0. Origin and
checksums in ``dashboard/data/cbs_80072ned_SOURCE.txt``. Nothing is downloaded at run time.

The table holds the absence rate (verzuimpercentage) per sector and quarter. A month is
compared with its quarter's national rate; for a quarter after the last one in the table (or a
quarter without a value) the latest earlier same quarter is used and labelled as such.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import pandas as pd

ATTRIBUTION = (
    "CBS StatLine 80072ned, Ziekteverzuim volgens werkgevers (CC BY 4.0), "
    "Centraal Bureau voor de Statistiek"
)
DEFAULT_SECTOR = "T001081"  # A-U Alle economische activiteiten
SECTOR_ENV = "DRAAGKRACHT_BENCHMARK_SECTOR"


@dataclass(frozen=True)
class BenchmarkValue:
    rate: float
    year: int
    quarter: int
    carried_forward: bool  # True: a later quarter, shown with the latest same quarter's value

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def _data_file(name: str):
    return resources.files("dashboard").joinpath("data", name)


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with _data_file("cbs_80072ned.csv").open("rb") as f:
        raw = pd.read_csv(f, dtype={"BedrijfskenmerkenSBI2008": str, "Perioden": str})
    raw["sector"] = raw["BedrijfskenmerkenSBI2008"].str.strip()
    quarters = raw[raw["Perioden"].str.contains("KW", regex=False)].copy()
    quarters["year"] = quarters["Perioden"].str[:4].astype(int)
    quarters["quarter"] = quarters["Perioden"].str[-2:].astype(int)
    quarters = quarters.rename(columns={"Ziekteverzuimpercentage_1": "rate"})
    return quarters[["sector", "year", "quarter", "rate"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def sectors() -> pd.DataFrame:
    """Sector codes with their CBS titles (Dutch, ``title``) and an English translation
    (``title_en``, ours: see cbs_80072ned_SOURCE.txt), in the table's order."""
    with _data_file("cbs_80072ned_sectors.csv").open("rb") as f:
        df = pd.read_csv(f, dtype=str)
    with _data_file("cbs_80072ned_sectors_en.csv").open("rb") as f:
        en = pd.read_csv(f, dtype=str)
    out = pd.DataFrame({"code": df["sbi"].str.strip(), "title": df["sbi_title"].str.strip()})
    english = dict(zip(en["sbi"].str.strip(), en["title_en"].str.strip(), strict=True))
    out["title_en"] = out["code"].map(english).fillna(out["title"])
    return out


def sector_titles(lang: str = "nl") -> dict[str, str]:
    """Code -> title in ``lang`` (English where translated, else the CBS title)."""
    s = sectors()
    return dict(zip(s["code"], s["title_en" if lang == "en" else "title"], strict=True))


def default_sector() -> str:
    """The configured sector: ``$DRAAGKRACHT_BENCHMARK_SECTOR`` if it is a known code."""
    code = os.environ.get(SECTOR_ENV, "").strip()
    return code if code in set(sectors()["code"]) else DEFAULT_SECTOR


def sector_title(code: str, lang: str = "nl") -> str:
    return sector_titles(lang).get(code, code)


def quarterly_rates(sector: str = DEFAULT_SECTOR) -> pd.DataFrame:
    """``year, quarter, rate`` (percent) for one sector; quarters without a value are left out."""
    return _rates(sector).copy()


@lru_cache(maxsize=64)
def _rates(sector: str) -> pd.DataFrame:
    t = _table()
    out = t[(t["sector"] == sector) & t["rate"].notna()]
    if out.empty:
        raise KeyError(f"unknown CBS sector code {sector!r}")
    return out[["year", "quarter", "rate"]].reset_index(drop=True)


@lru_cache(maxsize=64)
def _by_quarter(sector: str) -> dict[int, list[tuple[int, float]]]:
    """quarter -> [(year, rate), ...] newest first."""
    out: dict[int, list[tuple[int, float]]] = {1: [], 2: [], 3: [], 4: []}
    for year, quarter, rate in _rates(sector).itertuples(index=False):
        out[int(quarter)].append((int(year), float(rate)))
    for v in out.values():
        v.sort(reverse=True)
    return out


def rate_for_quarter(year: int, quarter: int, sector: str = DEFAULT_SECTOR) -> BenchmarkValue | None:
    """The national rate for a quarter, or the latest earlier same quarter (carried forward)."""
    for y, rate in _by_quarter(sector)[int(quarter)]:
        if y <= year:
            return BenchmarkValue(rate=rate, year=y, quarter=int(quarter),
                                  carried_forward=y != year)
    return None


def benchmark_for_months(months, sector: str = DEFAULT_SECTOR) -> pd.DataFrame:
    """One row per month: ``month, rate, source`` (e.g. "2023 Q1") and ``carried_forward``."""
    rows = []
    for m in months:
        d = pd.Timestamp(m).date() if not isinstance(m, date) else m
        v = rate_for_quarter(d.year, (d.month - 1) // 3 + 1, sector)
        rows.append(
            {
                "month": pd.Timestamp(d.year, d.month, 1),
                "rate": v.rate if v else float("nan"),
                "source": v.label if v else None,
                "carried_forward": v.carried_forward if v else False,
            }
        )
    return pd.DataFrame(rows, columns=["month", "rate", "source", "carried_forward"])


def last_quarter() -> tuple[int, int]:
    t = _table().dropna(subset=["rate"])
    last = t.sort_values(["year", "quarter"]).iloc[-1]
    return int(last["year"]), int(last["quarter"])
