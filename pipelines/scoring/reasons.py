"""One plain sentence in Dutch and in English for a risk row, from its machine-readable reasons.

The sentence explains the most severe signal (the first in the reasons list); the JSON keeps
all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

TEXT = {
    "suppressed": (
        "Te weinig gegevens om {unit_nl} te tonen (anonimiteit).",
        "Not enough data to show this {unit_en} (anonymity).",
    ),
    "too_few_waves": (
        "Te weinig metingen voor een trend: {visible_waves}, minstens {min_waves} nodig.",
        "Too few waves for a trend: {visible_waves}, at least {min_waves} needed.",
    ),
    # a pool or a team that moved: the series restarts when the members or the department
    # change, so earlier published waves do not count
    "too_few_waves_restart": (
        "Te weinig metingen voor een trend sinds de samenstelling of de afdeling veranderde: "
        "{visible_waves}, minstens {min_waves} nodig.",
        "Too few waves for a trend since the members or the department changed: "
        "{visible_waves}, at least {min_waves} needed.",
    ),
    # the plain statement first, the figures after it (an HR reader stopped at "emmer")
    "bucket_alarm": (
        "De belasting is al meerdere metingen groter dan de draagkracht: de opgebouwde "
        "overbelasting (emmer {value:.1f}) ligt boven de drempel van {threshold:.1f}.",
        "Load has exceeded capacity for several waves: the accumulated overload (bucket "
        "{value:.1f}) is above its threshold of {threshold:.1f}.",
    ),
    "overloaded_and_worsening": (
        "De balans ligt onder de overbelastingslijn ({level_nl}) en daalt nog "
        "({slope:+.1f} per meting {slope_nl}).",
        "The balance is below the overload line ({level_en}) and still falling "
        "({slope:+.1f} per wave {slope_en}).",
    ),
    "trending_to_overload": (
        "De balans daalt ({slope:+.1f} per meting) en komt naar verwachting {waves_nl} "
        "onder de overbelastingslijn.",
        "The balance is falling ({slope:+.1f} per wave) and is projected to cross the "
        "overload line {waves_en}.",
    ),
    # trending_to_overload whose Theil-Sen line has already reached the overload line
    "trending_to_overload_reached": (
        "De balans daalt ({slope:+.1f} per meting) en de trendlijn heeft de "
        "overbelastingslijn al bereikt ({balance_fitted:+.1f}).",
        "The balance is falling ({slope:+.1f} per wave) and its trend line has already "
        "reached the overload line ({balance_fitted:+.1f}).",
    ),
    "approaching_overload_line": (
        "De balans is gedaald van {baseline:+.1f} naar {recent:+.1f} en bereikt in dit tempo "
        "{waves_nl} de overbelastingslijn.",
        "The balance has fallen from {baseline:+.1f} to {recent:+.1f} and at this pace reaches "
        "the overload line {waves_en}.",
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
        "Overbelasting stapelt zich op: de emmer staat op {value:.1f} van {threshold:.1f}.",
        "Overload is building up: the bucket is at {value:.1f} of {threshold:.1f}.",
    ),
    "below_overload_line": (
        "De balans ligt onder de overbelastingslijn ({level_nl}).",
        "The balance is below the overload line ({level_en}).",
    ),
    "stable": (
        "Geen signaal van overbelasting: balans {balance:+.1f}, emmer {bucket:.1f} van "
        "{threshold:.1f}.",
        "No signal of overload: balance {balance:+.1f}, bucket {bucket:.1f} of "
        "{threshold:.1f}.",
    ),
}
UNITS = {"team": ("dit team", "team"), "department": ("deze afdeling", "department")}
# which estimate put the unit below the line (risk.assess): the quoted level is not always the
# wave's measured balance, so the sentence names it and gives the measured one beside it
LEVELS = {
    "measured": ("{balance_level:+.1f} deze meting", "{balance_level:+.1f} this wave"),
    "trend_line": ("trendlijn {balance_level:+.1f}; gemeten deze meting {balance:+.1f}",
                   "trend line {balance_level:+.1f}; measured this wave {balance:+.1f}"),
    "decline_fit": ("lijn door de daling {balance_level:+.1f}; gemeten deze meting "
                    "{balance:+.1f}",
                    "line through the decline {balance_level:+.1f}; measured this wave "
                    "{balance:+.1f}"),
}
SLOPES = {"trend_line": ("langs de trendlijn", "along the trend line"),
          "decline_fit": ("sinds het begin van de daling", "since the decline began")}


def _waves(x: float) -> tuple[str, str]:
    """'in about N waves', with the singular and 'within a wave' below half a wave."""
    if not x >= 0.5:
        return "binnen één meting", "within a wave"
    n = round(x)
    return ((f"over ongeveer {n} meting" + ("en" if n != 1 else "")),
            f"in about {n} wave" + ("s" if n != 1 else ""))


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
    if key == "trending_to_overload" and (first.get("waves_to_overload") or 0.0) == 0.0:
        key = "trending_to_overload_reached"
    if key == "too_few_waves" and first.get("restarted"):
        key = "too_few_waves_restart"
    nl, en = TEXT[key]
    unit_nl, unit_en = UNITS.get(level, UNITS["team"])
    values = {k: (float("nan") if v is None else v) for k, v in first.items()}
    values.update(unit_nl=unit_nl, unit_en=unit_en)
    if "waves_to_overload" in first:
        values["waves_nl"], values["waves_en"] = _waves(values["waves_to_overload"])
    if "balance_level" in first:
        level_nl, level_en = LEVELS[first.get("level_source") or "measured"]
        values["level_nl"], values["level_en"] = (level_nl.format(**values),
                                                  level_en.format(**values))
    slope_nl, slope_en = SLOPES[first.get("slope_source") or "trend_line"]
    values["slope_nl"], values["slope_en"] = slope_nl, slope_en
    return _nl_decimal(nl.format(**values)), en.format(**values)


def sentences(reasons: Iterable[str], level: str = "team") -> tuple[list[str], list[str]]:
    pairs = [sentence(r, level) for r in reasons]
    return [p[0] for p in pairs], [p[1] for p in pairs]
