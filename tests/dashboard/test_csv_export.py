"""CSV downloads: Dutch Excel and plain variants, formula cells escaped, numbers kept."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.export import csv_bytes, file_name


def _frame():
    return pd.DataFrame({
        "team": ["=cmd|' /C calc'!A0", "+31 6", "-rate", "@SUM(A1)", "Zorg, Oost", "Ëlla"],
        "score": [12.5, -3.25, 0.0, 100.0, 7.0, None],
        "n": [5, 6, 7, 8, 9, 10],
    })


def test_excel_variant_bytes():
    data = csv_bytes(_frame(), "excel_nl")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "team;score;n"
    assert lines[1] == "'=cmd|' /C calc'!A0;12,5;5"
    assert lines[2] == "'+31 6;-3,25;6"  # a negative number stays a number
    assert "\n" not in text.replace("\r\n", "")


def test_plain_variant_bytes():
    data = csv_bytes(_frame(), "plain")
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[0] == "team,score,n"
    assert lines[3] == "'-rate,0.0,7"
    assert lines[4] == "'@SUM(A1),100.0,8"
    assert lines[5] == '"Zorg, Oost",7.0,9'
    assert lines[6] == "Ëlla,,10"


def test_round_trip_keeps_values():
    df = _frame()
    back = pd.read_csv(io.BytesIO(csv_bytes(df, "excel_nl")), sep=";", decimal=",",
                       encoding="utf-8-sig")
    assert back["score"].tolist()[:5] == df["score"].tolist()[:5]
    assert back["n"].tolist() == df["n"].tolist()
    assert back["team"].iloc[4] == "Zorg, Oost"


def test_header_starting_with_formula_is_escaped():
    data = csv_bytes(pd.DataFrame({"=x": [1]}), "plain").decode()
    assert data.splitlines()[0] == "'=x"


def test_object_column_with_numbers_keeps_numbers():
    df = pd.DataFrame({"mixed": [-1, "-1", "a"]}, dtype=object)
    assert csv_bytes(df, "plain").decode().splitlines()[1:] == ["-1", "'-1", "a"]


def test_input_frame_is_not_modified():
    df = _frame()
    before = df.copy()
    csv_bytes(df, "excel_nl")
    pd.testing.assert_frame_equal(df, before)


def test_file_names():
    assert file_name("runs", "excel_nl") == "runs-excel.csv"
    assert file_name("runs", "plain") == "runs.csv"


def test_whole_valued_float_column_is_written_as_counts():
    # a count is a float only because suppressed cells are empty; Excel must not show "80,0"
    df = pd.DataFrame({"headcount": [80.0, None, 12.0], "rate": [4.0, 5.5, None]})
    lines = csv_bytes(df, "excel_nl")[3:].decode().split("\r\n")
    assert lines[1:4] == ["80;4,0", ";5,5", "12;"]
    assert df["headcount"].dtype == "float64"


def test_yes_no_columns_are_words_in_excel_and_booleans_in_plain():
    df = pd.DataFrame({"hidden": [True, False], "n": [1, 2]})
    assert csv_bytes(df, "excel_nl", "nl")[3:].decode().split("\r\n")[1:3] == ["ja;1", "nee;2"]
    assert csv_bytes(df, "excel_nl", "en")[3:].decode().split("\r\n")[1] == "yes;1"
    assert csv_bytes(df, "plain").decode().splitlines()[1] == "True,1"


def test_yes_no_column_with_empty_cells():
    df = pd.DataFrame({"hidden": pd.array([True, None, False], dtype=object), "n": [1, 2, 3]})
    assert csv_bytes(df, "excel_nl", "nl")[3:].decode().split("\r\n")[1:4] == [
        "ja;1", ";2", "nee;3"]
