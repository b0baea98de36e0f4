"""Typed values from text cells: decimal separator and date order, detected per file.

ISO (``2025-12-31``) and Dutch day-first with dashes (``31-12-2025``) cannot be confused.
Slashed dates (``03/04/2025``) can be day-first or month-first: decided only by a value whose
day or month exceeds 12, else the file is ambiguous and the user pins ``date_format``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_ISO = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?$")
_DASH_DMY = re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{4}$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{4}$")
_TIME_SUFFIX = re.compile(r"[ T]0{1,2}:00(:00)?$")
_DEC_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DEC_POINT = re.compile(r"^[+-]?\d+\.\d+$")
_NUMBER = {".": re.compile(r"^[+-]?\d+(\.\d+)?$"), ",": re.compile(r"^[+-]?\d+(,\d+)?$")}


class Ambiguous(ValueError):
    """Detection cannot decide; the message says what to pin."""


def clean(series: pd.Series) -> pd.Series:
    """Stripped text; missing cells become empty strings."""
    if series.hasnans:
        series = series.astype(object).where(series.notna(), "")
    return series.astype(str).str.strip()


_SMALL_INTS = {str(i): float(i) for i in range(-100, 101)}


def parse_whole(series: pd.Series) -> pd.Series:
    """Float for whole numbers written without decimals, NaN for anything else."""
    s = clean(series)
    out = s.map(_SMALL_INTS)  # fast path for survey answers
    rest = out.isna() & (s != "")
    if rest.any():
        r = s[rest]
        out[rest] = pd.to_numeric(r.where(r.str.fullmatch(r"[+-]?\d+"), None), errors="coerce")
    return out.astype("float64")


def detect_decimal(columns: list[pd.Series], pinned: str | None) -> tuple[str, str]:
    if pinned:
        return pinned, "pinned in configuration"
    comma = point = 0
    for s in columns:
        s = clean(s)
        comma += int(s.str.match(_DEC_COMMA).sum())
        point += int(s.str.match(_DEC_POINT).sum())
    if comma and point:
        raise Ambiguous(f"numbers use both decimal comma ({comma}x) and point ({point}x); "
                        'pin decimal = "," or "."')
    if comma:
        return ",", f"decimal comma ({comma} values)"
    if point:
        return ".", f"decimal point ({point} values)"
    return ".", "no decimals seen"


def parse_number(series: pd.Series, decimal: str) -> pd.Series:
    """Float for well-formed numbers, NaN for empty or malformed cells."""
    s = clean(series)
    ok = s.str.match(_NUMBER[decimal])
    if decimal == ",":
        s = s.str.replace(",", ".", regex=False)
    out = pd.to_numeric(s.where(ok, None), errors="coerce")
    return out.astype("float64")


def detect_date_format(columns: list[pd.Series], pinned: str | None) -> tuple[str, str]:
    if pinned:
        return pinned, "pinned in configuration"
    iso = dmy = 0
    day_first = month_first = slashed = 0
    for s in columns:
        s = clean(s).str.replace(_TIME_SUFFIX, "", regex=True)
        s = s[s != ""]
        iso += int(s.str.match(_ISO).sum())
        dmy += int(s.str.match(_DASH_DMY).sum())
        parts = s.str.extract(_SLASH).dropna().astype(int)
        slashed += len(parts)
        if len(parts):
            day_first += int((parts[0] > 12).sum())
            month_first += int((parts[1] > 12).sum())
    if slashed:
        if day_first and month_first:
            raise Ambiguous("slashed dates are day-first in some rows and month-first in others")
        if not day_first and not month_first:
            raise Ambiguous("slashed dates like 03/04/2025 can be day-first or month-first; "
                            'pin date_format = "dmy" or "mdy"')
        dmy += slashed if day_first else 0
        if month_first:
            if iso or dmy:
                raise Ambiguous("month-first slashed dates mixed with other formats")
            return "mdy", f"month-first slashed dates ({slashed} values)"
    if iso and dmy:
        return "mixed", f"ISO ({iso}) and day-first ({dmy}) dates, each unambiguous"
    if dmy:
        return "dmy", f"day-first dates ({dmy} values)"
    return "iso", f"ISO dates ({iso} values)"


def parse_date(series: pd.Series, fmt: str, month_only: bool = False) -> pd.Series:
    """datetime64 for valid dates, NaT for empty or invalid cells (31-02-2025 is invalid).

    ``month_only`` also accepts ``2025-03`` (and ``03-2025``) as the first day of that month.
    """
    s = clean(series).str.replace(_TIME_SUFFIX, "", regex=True)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    if fmt in ("iso", "mixed"):
        m = s.str.match(r"^\d{4}-\d{1,2}-\d{1,2}$")
        out[m] = pd.to_datetime(s[m], format="%Y-%m-%d", errors="coerce")
        if month_only:
            m = s.str.match(r"^\d{4}-\d{1,2}$")
            out[m] = pd.to_datetime(s[m] + "-01", format="%Y-%m-%d", errors="coerce")
    if fmt in ("dmy", "mixed"):
        m = s.str.match(_DASH_DMY) | s.str.match(_SLASH)
        norm = s[m].str.replace(r"[./]", "-", regex=True)
        out[m] = pd.to_datetime(norm, format="%d-%m-%Y", errors="coerce")
        if month_only:
            m = s.str.match(r"^\d{1,2}-\d{4}$")
            out[m] = pd.to_datetime("01-" + s[m], format="%d-%m-%Y", errors="coerce")
    if fmt == "mdy":
        m = s.str.match(_SLASH)
        out[m] = pd.to_datetime(s[m], format="%m/%d/%Y", errors="coerce")
    return out


def nonempty(series: pd.Series) -> np.ndarray:
    return (clean(series) != "").to_numpy()
