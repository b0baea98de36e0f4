"""The translation table: complete in both languages, and every t("...") key in the code exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard.i18n import LANGS, TEXT, t

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
KEY_CALL = re.compile(r"""\bt\(\s*(["'])([A-Za-z0-9_.]+)\1""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_every_language_and_no_empty_text():
    missing = [(k, lang) for k, entry in TEXT.items() for lang in LANGS
               if not str(entry.get(lang, "")).strip()]
    assert missing == []


def test_no_extra_languages_in_entries():
    extra = [(k, set(entry) - set(LANGS)) for k, entry in TEXT.items() if set(entry) - set(LANGS)]
    assert extra == []


def test_placeholders_match_between_languages():
    mismatched = [k for k, e in TEXT.items() if _placeholders(e["nl"]) != _placeholders(e["en"])]
    assert mismatched == []


def _keys_in_sources() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(DASHBOARD.rglob("*.py")):
        for m in KEY_CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(2), []).append(path.name)
    return found


def test_scanner_finds_keys_in_the_sources():
    # Guards the scan below against a broken pattern that finds nothing.
    keys = _keys_in_sources()
    assert "login.title" in keys and len(keys) > 30


def test_every_key_used_in_the_dashboard_is_in_the_table():
    unknown = {k: files for k, files in _keys_in_sources().items() if k not in TEXT}
    assert unknown == {}


def test_placeholders_are_filled():
    assert t("dq.rejected_detail", "en", n=3) == "All rejected rows (3)"
    assert t("dq.rejected_detail", "nl", n=3) == "Alle afgekeurde regels (3)"


def test_unknown_key_raises_unless_a_default_is_given():
    with pytest.raises(KeyError):
        t("no.such.key", "nl")
    assert t("no.such.key", "en", default="fallback") == "fallback"


def test_every_row_rule_of_the_pipeline_has_a_meaning_in_both_languages():
    from pipelines.run import RULE_TEXT

    for rule, english in RULE_TEXT.items():
        assert TEXT[f"rule.{rule}"]["en"] == english, rule
        assert TEXT[f"rule.{rule}"]["nl"] != english, rule


def test_rule_codes_get_their_meaning_beside_them():
    import pandas as pd

    from dashboard.ui import with_rule_text

    df = pd.DataFrame({"file": ["a.csv"], "rule": ["range"], "n": [3]})
    out = with_rule_text(df)
    assert list(out.columns) == ["file", "rule", "rule_text", "n"]
    assert out["rule_text"].iloc[0] in (TEXT["rule.range"]["nl"], TEXT["rule.range"]["en"])
