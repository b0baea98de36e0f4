"""Every dialect variant of an export loads to exactly the same values as its UTF-8 twin."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from pipelines.publish import Layout
from pipelines.run import run_pipeline
from tests.support import dump, small_org

DECIMAL_COLS = {"fte", "incapacity_pct"}
DATE_COLS = {"month", "wave", "start_date", "end_date"}
STAGING = ("stg_org_months", "stg_survey_responses", "stg_survey_answers", "stg_absence_rows")


def rewrite(src: Path, dst: Path, *, encoding: str, delimiter: str, decimal: str,
            dates: str, newline: str = "\n") -> None:
    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    for row in rows[1:]:
        cells = []
        for col, v in zip(header, row, strict=True):
            if col in DECIMAL_COLS and decimal == ",":
                v = v.replace(".", ",")
            if col in DATE_COLS and v and dates == "dmy":
                d = date.fromisoformat(v)
                v = f"{d.day:02d}-{d.month:02d}-{d.year}"
            cells.append(v)
        w.writerow(cells)
    dst.write_bytes(out.getvalue().encode(encoding))


VARIANTS = {
    "utf8_bom": dict(encoding="utf-8-sig", delimiter=",", decimal=".", dates="iso"),
    "utf16": dict(encoding="utf-16", delimiter=",", decimal=".", dates="iso"),
    "cp1252_excel_nl": dict(encoding="cp1252", delimiter=";", decimal=",", dates="dmy",
                            newline="\r\n"),
    "latin1_semicolon": dict(encoding="latin-1", delimiter=";", decimal=",", dates="iso"),
    "utf8_dutch_dates": dict(encoding="utf-8", delimiter=",", decimal=".", dates="dmy"),
}


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    folder = small_org(tmp_path_factory.mktemp("twin"), employees=80, months=3, seed=11)
    db = tmp_path_factory.mktemp("twin_db") / "d.duckdb"
    assert run_pipeline(folder, db).status == "published"
    return folder, db


def _values(db: Path) -> dict:
    published = dump(db, skip=("runs", "validation_runs", "input_files", "build_info"))
    work = dump(Layout(db).work_db)
    return {**published, **{k: work[k] for k in STAGING}}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_loads_same_values_as_utf8_twin(twin, tmp_path, name):
    folder, twin_db = twin
    if VARIANTS[name]["encoding"] == "latin-1":  # Latin-1 lacks € and curly quotes: compare
        folder = tmp_path / "twin_latin1"         # with a twin where they became ? as well
        folder.mkdir()
        for src in twin[0].glob("*.csv"):
            text = src.read_text("utf-8").encode("latin-1", "replace").decode("latin-1")
            (folder / src.name).write_text(text, "utf-8")
        twin_db = tmp_path / "t.duckdb"
        assert run_pipeline(folder, twin_db).status == "published"
    variant = tmp_path / name
    variant.mkdir()
    for src in folder.glob("*.csv"):
        rewrite(src, variant / src.name, **VARIANTS[name])
    db = tmp_path / "v.duckdb"
    result = run_pipeline(variant, db)
    assert result.status == "published", result.refusals
    assert _values(db) == _values(twin_db)
    d = result.files[0]["dialect"]
    assert d["delimiter"] == VARIANTS[name]["delimiter"]


def test_cp1252_is_decoded_strictly_not_as_latin1(tmp_path):
    from pipelines.reading import read_table

    p = tmp_path / "org.csv"
    p.write_bytes("team_id;team_name\nT1;Café € Coördinatie\n".encode("cp1252"))
    t = read_table(p)
    assert t.dialect["encoding"] == "cp1252"
    assert t.frame.loc[0, "team_name"] == "Café € Coördinatie"


def test_undefined_cp1252_bytes_are_refused_unless_latin1_is_pinned(tmp_path):
    from pipelines.errors import Refusal
    from pipelines.reading import read_table
    from pipelines.settings import FilePins

    p = tmp_path / "org.csv"
    p.write_bytes(b"team_id,team_name\nT1,A\x81B\n")
    with pytest.raises(Refusal) as e:
        read_table(p)
    assert e.value.refusals[0]["rule"] == "unreadable_encoding"
    assert "org.csv" in e.value.refusals[0]["message"]
    assert read_table(p, FilePins(encoding="latin-1")).frame.loc[0, "team_name"] == "A\x81B"


def test_ambiguous_delimiter_is_refused_and_can_be_pinned(tmp_path):
    from pipelines.errors import Refusal
    from pipelines.reading import read_table
    from pipelines.settings import FilePins

    p = tmp_path / "org.csv"
    p.write_text("a,b;c\n1,2;3\n4,5;6\n", encoding="utf-8")
    with pytest.raises(Refusal) as e:
        read_table(p)
    assert e.value.refusals[0]["rule"] == "ambiguous_delimiter"
    assert read_table(p, FilePins(delimiter=";")).header == ["a,b", "c"]


def test_slashed_dates_need_a_day_above_twelve_or_a_pin():
    import pandas as pd

    from pipelines import parsing

    with pytest.raises(parsing.Ambiguous):
        parsing.detect_date_format([pd.Series(["03/04/2025", "05/06/2025"])], None)
    assert parsing.detect_date_format([pd.Series(["03/04/2025", "25/06/2025"])],
                                      None)[0] == "dmy"
    got = parsing.parse_date(pd.Series(["03/04/2025"]), "mdy")
    assert got.iloc[0] == pd.Timestamp("2025-03-04")
