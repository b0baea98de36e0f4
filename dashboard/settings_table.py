"""The Method page's table of a build's settings: the key a user sets in ``draagkracht.toml``,
what it means in the viewer's language, and its value as the build used it.

The ``params`` table stores every setting as a number (a list as ``name_1..n``, a switch as
1/0); here a list is one row again and a switch reads yes/no. Derived values that the SQL
needs (``survey.z``, ``absence.n_bands``) are listed after the settings, without a key.
"""

from __future__ import annotations

import re
import typing

import pandas as pd

from dashboard.i18n import current_lang, t
from dashboard.ui import fmt_num
from pipelines.settings import Settings

DERIVED = ("survey.z", "absence.n_bands")


def _field_kinds() -> dict[str, str]:
    """``section.name`` → ``bool``, ``list`` or ``number`` for every setting of the file."""
    kinds = {}
    for section, field in Settings.model_fields.items():
        if section == "input":
            continue
        for name, sub in field.annotation.model_fields.items():
            ann = sub.annotation
            kind = ("bool" if ann is bool else
                    "list" if typing.get_origin(ann) is list else "number")
            kinds[f"{section}.{name}"] = kind
    return kinds


def _number(value: float, lang: str, most: int = 3) -> str:
    """As few decimals as show the value exactly, at most ``most`` (1,097; 14; 0,5)."""
    digits = next((d for d in range(most) if abs(value - round(value, d)) < 1e-9), most)
    return fmt_num(value, digits, lang)


def settings_table(params: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``params`` (``section, name, value``) as rows of setting, meaning and value, in the
    order of the configuration file; a setting the build did not record is left out."""
    lang = lang or current_lang()
    values = {f"{s}.{n}": float(v) for s, n, v in
              params[["section", "name", "value"]].itertuples(index=False)}
    rows = []
    for key, kind in _field_kinds().items():
        if kind == "list":
            items = sorted((int(m.group(1)), v) for k, v in values.items()
                           if (m := re.fullmatch(re.escape(key) + r"_(\d+)", k)))
            if not items:
                continue
            shown = "; ".join(_number(v, lang) for _, v in items)
        elif key not in values:
            continue
        elif kind == "bool":
            shown = t("common.yes" if values[key] else "common.no", lang)
        else:
            shown = _number(values[key], lang)
        rows.append({"setting": key, "meaning": t(f"param.{key}", lang), "value": shown})
    for key in DERIVED:
        if key in values:
            rows.append({"setting": None, "meaning": t(f"param.{key}", lang),
                         "value": _number(values[key], lang, most=2)})
    return pd.DataFrame(rows, columns=["setting", "meaning", "value"])
