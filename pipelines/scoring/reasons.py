"""One plain sentence in Dutch and in English for a risk row, from its machine-readable reasons.

The sentence explains the most severe signal (the first in the reasons list); the JSON keeps
all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

TEXT = {
    "suppressed": (
        "Te weinig gegevens om deze {unit_nl} te tonen (anonimiteit).",
        "Not enough data to show this {unit_en} (anonymity).",
    ),
    "too_few_waves": (
        "Te weinig metingen ({visible_waves} van {min_waves}) voor een trend.",
        "Too few waves ({visible_waves} of {min_waves}) for a trend.",
    ),
    "bucket_alarm": (
        "De overbelastingsemmer staat op {value:.1f}, boven de drempel van {threshold:.1f}: "
        "de belasting is al meerdere metingen groter dan de draagkracht.",
        "The overload bucket is at {value:.1f}, above its threshold of {threshold:.1f}: "
        "load has exceeded capacity for several waves.",
    ),
    "overloaded_and_worsening": (
        "De balans ({balance_level:+.1f}) ligt onder de overbelastingslijn en daalt nog "
        "({slope:+.1f} per meting).",
        "The balance ({balance_level:+.1f}) is below the overload line and still falling "
        "({slope:+.1f} per wave).",
    ),
    "trending_to_overload": (
        "De balans daalt ({slope:+.1f} per meting) en komt naar verwachting over ongeveer "
        "{waves_to_overload:.0f} metingen onder de overbelastingslijn.",
        "The balance is falling ({slope:+.1f} per wave) and is projected to cross the "
        "overload line in about {waves_to_overload:.0f} waves.",
    ),
    "approaching_overload_line": (
        "De balans is gedaald van {baseline:+.1f} naar {recent:+.1f} en bereikt in dit tempo "
        "over ongeveer {waves_to_overload:.0f} metingen de overbelastingslijn.",
        "The balance has fallen from {baseline:+.1f} to {recent:+.1f} and at this pace reaches "
        "the overload line in about {waves_to_overload:.0f} waves.",
    ),
    # approaching_overload_line whose fitted balance has already reached the line (the
    # decline is not yet credible enough to call it below the line)
    "approaching_overload_line_reached": (
        "De balans is gedaald van {baseline:+.1f} naar {recent:+.1f} en heeft de "
        "overbelastingslijn bereikt.",
        "The balance has fallen from {baseline:+.1f} to {recent:+.1f} and has reached the "
        "overload line.",
    ),
    "bucket_filling": (
        "De overbelastingsemmer loopt vol ({value:.1f} van {threshold:.1f}).",
        "The overload bucket is filling ({value:.1f} of {threshold:.1f}).",
    ),
    "below_overload_line": (
        "De balans ({balance_level:+.1f}) ligt onder de overbelastingslijn.",
        "The balance ({balance_level:+.1f}) is below the overload line.",
    ),
    "stable": (
        "Geen signaal van overbelasting: balans {balance:+.1f}, emmer {bucket:.1f} van "
        "{threshold:.1f}.",
        "No signal of overload: balance {balance:+.1f}, bucket {bucket:.1f} of "
        "{threshold:.1f}.",
    ),
}
UNITS = {"team": ("team", "team"), "department": ("afdeling", "department")}


def _nl_decimal(text: str) -> str:
    """Dutch decimal comma in the numbers of a sentence (no thousands separators used)."""
    out = []
    for i, ch in enumerate(text):
        if ch == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(",")
        else:
            out.append(ch)
    return "".join(out)


def sentence(reasons: str, level: str = "team") -> tuple[str, str]:
    first = json.loads(reasons)[0]
    key = first["signal"]
    if key == "approaching_overload_line" and (first.get("waves_to_overload") or 0.0) < 0.5:
        key = "approaching_overload_line_reached"
    nl, en = TEXT[key]
    unit_nl, unit_en = UNITS.get(level, UNITS["team"])
    values = {k: (float("nan") if v is None else v) for k, v in first.items()}
    values.update(unit_nl=unit_nl, unit_en=unit_en)
    return _nl_decimal(nl.format(**values)), en.format(**values)


def sentences(reasons: Iterable[str], level: str = "team") -> tuple[list[str], list[str]]:
    pairs = [sentence(r, level) for r in reasons]
    return [p[0] for p in pairs], [p[1] for p in pairs]
