"""CSV downloads made from the (already suppressed) DataFrames the pages show.

Two variants:

- ``excel_nl``: opens correctly in Dutch Excel: ``;`` separator, decimal comma, UTF-8 with BOM,
  CRLF line endings.
- ``plain``: ``,`` separator, decimal point, UTF-8 without BOM, LF line endings.

A float column whose values are all whole numbers (a count that is a float only because
suppressed cells are empty) is written without decimals: ``80``, not ``80,0``.

Text cells (and headers) that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading ``'``. Numeric columns are written as
numbers, so a negative number is not escaped.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Variant = Literal["excel_nl", "plain"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [_escape(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s):
            whole = s.dropna()
            if len(whole) and (whole == whole.round()).all():
                out[col] = s.astype("Int64")
            continue
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_datetime64_any_dtype(s):
            continue
        out[col] = s.map(_escape, na_action="ignore")
    return out


YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


def _is_yes_no(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return True
    values = s.dropna()
    return s.dtype == object and len(values) > 0 and all(
        isinstance(v, bool | np.bool_) for v in values)


def csv_bytes(df: pd.DataFrame, variant: Variant = "excel_nl", lang: str = "nl") -> bytes:
    """The CSV file for a download button; ``df`` must already be the suppressed view. In the
    Excel variant a yes/no column is written as words in ``lang`` (``ja``/``nee``), not as
    ``True``/``False``, which Dutch Excel shows as text."""
    safe = _safe_frame(df)
    if variant == "excel_nl":
        yes, no = YES_NO.get(lang, YES_NO["en"])
        for col in safe.columns:
            if _is_yes_no(safe[col]):
                safe[col] = safe[col].map({True: yes, False: no}, na_action="ignore")
        text = safe.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
        return text.encode("utf-8-sig")
    if variant == "plain":
        text = safe.to_csv(index=False, sep=",", decimal=".", lineterminator="\n")
        return text.encode("utf-8")
    raise ValueError(f"unknown CSV variant {variant!r}")


def file_name(stem: str, variant: Variant) -> str:
    suffix = "-excel" if variant == "excel_nl" else ""
    return f"{stem}{suffix}.csv"
