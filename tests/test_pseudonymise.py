"""Keyed pseudonyms for raw personnel numbers (pipelines/pseudonymise.py)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import stat
from pathlib import Path

import pytest

from pipelines.errors import ConfigError
from pipelines.pseudonymise import generate_key, load_key, pseudonymise

ROWS = [
    ["personeelsnummer", "team_id", "start_date", "end_date"],
    ["10023", "T01", "2025-01-06", "2025-01-08"],
    ["10023", "T01", "2025-03-03", ""],
    ["20077", "T02", "2025-02-10", "2025-02-14"],
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8",
              terminator: str = "\n") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return path


def read_csv(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return generate_key(tmp_path / "employer.key")


def test_pseudonyms_are_keyed_hmac_sha256_and_other_cells_untouched(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "absence.csv"
    assert pseudonymise(src, out, "personeelsnummer", key) == 3
    rows = read_csv(out)
    expected = hmac.new(load_key(key), b"10023", hashlib.sha256).hexdigest()
    assert rows[0] == ROWS[0]
    assert rows[1][0] == expected
    assert [r[1:] for r in rows] == [r[1:] for r in ROWS]
    assert rows[1][0] == rows[2][0] != rows[3][0]
    assert "10023" not in out.read_text() and "20077" not in out.read_text()


def test_same_input_and_key_give_identical_output(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    pseudonymise(src, tmp_path / "a.csv", "personeelsnummer", key)
    pseudonymise(src, tmp_path / "b.csv", "personeelsnummer", key)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_different_keys_give_different_pseudonyms(tmp_path, key):
    other = generate_key(tmp_path / "other.key")
    src = write_csv(tmp_path / "in.csv", ROWS)
    pseudonymise(src, tmp_path / "a.csv", "personeelsnummer", key)
    pseudonymise(src, tmp_path / "b.csv", "personeelsnummer", other)
    a, b = read_csv(tmp_path / "a.csv"), read_csv(tmp_path / "b.csv")
    assert {r[0] for r in a[1:]}.isdisjoint({r[0] for r in b[1:]})


def test_whitespace_is_stripped_but_leading_zeros_are_kept(tmp_path, key):
    rows = [["nr"], ["123"], [" 123 "], ["0123"], [""], ["   "]]
    src = write_csv(tmp_path / "in.csv", rows)
    pseudonymise(src, tmp_path / "out.csv", "nr", key)
    out = [r[0] for r in read_csv(tmp_path / "out.csv")[1:]]
    assert out[0] == out[1] != out[2]
    assert out[3] == "" and out[4] == ""


def test_output_keeps_semicolon_cp1252_and_crlf(tmp_path, key):
    rows = [["team_id", "Personeelsnr", "toelichting"],
            ["T01", "777", "€ 12,50 café"],
            ["T02", "778", "naïef"]]
    src = write_csv(tmp_path / "in.csv", rows, delimiter=";", encoding="cp1252",
                    terminator="\r\n")
    out = tmp_path / "out.csv"
    pseudonymise(src, out, "Personeelsnr", key)
    data = out.read_bytes()
    assert data.count(b"\r\n") == 3
    assert "€ 12,50 café".encode("cp1252") in data
    got = read_csv(out, delimiter=";", encoding="cp1252")
    assert got[0] == rows[0]
    assert [r[0] for r in got] == [r[0] for r in rows]
    assert [r[2] for r in got] == [r[2] for r in rows]
    assert len(got[1][1]) == 64


def test_utf8_bom_is_kept(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS, encoding="utf-8-sig")
    out = tmp_path / "out.csv"
    pseudonymise(src, out, "personeelsnummer", key)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfpersoneelsnummer,")


def test_refuses_without_key_file(tmp_path):
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match="does not exist"):
        pseudonymise(src, out, "personeelsnummer", tmp_path / "missing.key")
    assert not out.exists()


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"\n  \n", "empty"),
    (b"ab" * 31 + b"\n", "31-byte"),  # 62 hex characters = 31 bytes
    (b"short passphrase", "16-byte"),
])
def test_refuses_empty_or_short_key(tmp_path, content, problem):
    keyfile = tmp_path / "weak.key"
    keyfile.write_bytes(content)
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match=problem):
        pseudonymise(src, out, "personeelsnummer", keyfile)
    assert not out.exists()


def test_accepts_a_long_non_hex_key(tmp_path):
    keyfile = tmp_path / "raw.key"
    keyfile.write_bytes(b"a long passphrase that is not hex at all!")
    src = write_csv(tmp_path / "in.csv", ROWS)
    assert pseudonymise(src, tmp_path / "out.csv", "personeelsnummer", keyfile) == 3


def test_refuses_missing_column_naming_it(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match="employee_nr"):
        pseudonymise(src, out, "employee_nr", key)
    assert not out.exists()


def test_never_writes_over_the_input(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    before = src.read_bytes()
    with pytest.raises(ConfigError, match="input"):
        pseudonymise(src, tmp_path / "." / "in.csv", "personeelsnummer", key)
    assert src.read_bytes() == before


def test_refuses_rows_with_wrong_field_count_and_leaves_no_output(tmp_path, key):
    src = tmp_path / "in.csv"
    src.write_text("personeelsnummer,team_id\n1,T01\n2,T01,extra\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match="line 3"):
        pseudonymise(src, out, "personeelsnummer", key)
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_generate_key_is_private_random_and_never_overwrites(tmp_path):
    a = generate_key(tmp_path / "a.key")
    b = generate_key(tmp_path / "b.key")
    assert stat.S_IMODE(a.stat().st_mode) == 0o600
    text = a.read_text().strip()
    assert len(text) == 64 and int(text, 16) >= 0
    assert load_key(a) != load_key(b) and len(load_key(a)) == 32
    with pytest.raises(ConfigError, match="already exists"):
        generate_key(a)
    assert a.read_text().strip() == text


def test_rename_to_gives_the_contract_column_name(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    pseudonymise(src, out, "personeelsnummer", key, rename_to="employee_ref")
    rows = read_csv(out)
    assert rows[0] == ["employee_ref", "team_id", "start_date", "end_date"]
    assert len(rows[1][0]) == 64


def test_rename_to_an_existing_column_is_refused(tmp_path, key):
    src = write_csv(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match="already has a column 'team_id'"):
        pseudonymise(src, out, "personeelsnummer", key, rename_to="team_id")
    assert not out.exists()
