"""docs/scoring.md's configuration reference states every scoring setting with the default the
code uses (docs match behaviour)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pipelines.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
SECTIONS = ("anonymity", "survey", "absence", "bucket", "trend", "risk", "lead_lag")


def documented() -> dict[str, object]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Configuration reference", 1)[1].split("\n## ", 1)[0]
    out: dict[str, object] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        values = [v.strip() for v in cells[1].split(" / ")]
        assert len(names) == len(values), line
        section = names[0].split(".", 1)[0]
        for name, value in zip(names, values, strict=True):
            key = name if "." in name else f"{section}.{name}"
            literal = {"true": "True", "false": "False"}.get(value, value)
            out[key] = ast.literal_eval(literal)
    return out


def test_every_scoring_setting_is_documented_with_its_default():
    docs = documented()
    settings = Settings()
    code = {f"{s}.{k}": v for s in SECTIONS for k, v in getattr(settings, s).model_dump().items()}
    assert sorted(set(code) - set(docs)) == [], "settings missing from docs/scoring.md"
    assert sorted(set(docs) - set(code)) == [], "docs/scoring.md names settings that do not exist"
    wrong = {k: (docs[k], code[k]) for k in code if docs[k] != code[k]}
    assert wrong == {}, "documented default differs from the code (docs, code)"
