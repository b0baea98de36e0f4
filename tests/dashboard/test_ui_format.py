"""Display helpers: Dutch number and date formats, Markdown escaping, tier labels."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from dashboard import ui


def test_numbers_in_dutch_and_english():
    assert ui.fmt_num(1234.56, 1, "nl") == "1\u2009234,6"
    assert ui.fmt_num(1234.56, 1, "en") == "1\u2009234.6"
    assert ui.fmt_num(-0.25, 2, "nl", " %") == "-0,25 %"
    assert ui.fmt_num(None, 1, "nl") == "–" and ui.fmt_num(float("nan"), 1, "en") == "–"


def test_dates_with_month_names():
    assert ui.fmt_date("2025-03-15", "nl") == "15 mrt 2025"
    assert ui.fmt_month(pd.Timestamp("2025-10-01"), "en") == "Oct 2025"
    assert ui.fmt_date(None, "nl") == "–"


def test_markdown_from_data_is_shown_literally():
    assert ui.md_escape("**x** [link](y)") == r"\*\*x\*\* \[link\]\(y\)"


def test_tier_badge_has_word_and_icon():
    badge = ui.tier_badge("red", "nl")
    assert badge.startswith(":red-badge[") and "rood" in badge and ":material/" in badge


def test_pool_label():
    assert ui.unit_label({"unit_kind": "pool", "member_teams": 3}, "nl") == \
        "Overige teams (3 samen)"
    assert ui.unit_label({"unit_kind": "team", "team_name": "Kas", "team_id": "t1"}) == "Kas"
    # no count where none is known (risk rows; the selector, whose pool differs per source)
    assert ui.unit_label({"unit_kind": "pool"}, "nl") == "Overige teams (samengenomen)"
    assert ui.unit_label({"unit_kind": "pool", "member_teams": float("nan")}, "en") == \
        "Other teams (pooled)"


def test_screen_frame_shows_dates_and_keeps_missing_text_missing():
    df = pd.DataFrame({"d": pd.to_datetime(["2025-01-15", None]), "s": ["a", None],
                       "x": [1.5, None]})
    out = ui.for_screen(df)
    # missing text stays missing, so the table draws it as "–" like a missing number
    assert str(out["d"].iloc[0]) == "2025-01-15" and out["s"].iloc[1] is None
    assert pd.isna(out["x"].iloc[1])


def _table_script():
    import pandas as pd

    from dashboard import ui

    ui.table(pd.DataFrame({"naam": ["a", None, "c"], "grens": [3.05, None, 12.5],
                           "n": [4.0, 2.0, None],
                           "wave": pd.to_datetime(["2025-07-21", None, "2025-01-06"])}),
             "t", "t")


def test_table_shows_a_dash_not_none_for_every_empty_cell():
    """st.dataframe draws a missing cell as its ``placeholder`` ("None" by default) and never
    uses the Styler's na_rep there (its drawCell checks isMissingValue before the display
    value): the element must carry "–" as placeholder, and the columns keep their types so
    numbers and dates still sort as numbers and dates."""
    at = AppTest.from_function(_table_script, default_timeout=60).run()
    assert not at.exception, at.exception
    [frame] = at.dataframe
    assert frame.proto.HasField("placeholder") and frame.proto.placeholder == "–"
    shown = frame.value
    assert pd.api.types.is_float_dtype(shown["grens"]) and pd.isna(shown["grens"].iloc[1])
    assert pd.api.types.is_float_dtype(shown["n"]) and pd.isna(shown["n"].iloc[2])
    assert pd.isna(shown["naam"].iloc[1]) and pd.isna(shown["wave"].iloc[1])
    # the Styler's display values agree where Streamlit does use them
    display = pa.ipc.open_stream(frame.proto.arrow_data.styler.display_values).read_pandas()
    assert display["grens"].tolist() == ["3,05", "–", "12,50"]


def test_table_dates_in_the_viewers_format():
    df = pd.DataFrame({"wave": pd.to_datetime(["2025-07-21", None]),
                       "run": pd.to_datetime(["2025-07-21 14:05", "2025-07-22 09:00"]),
                       "n": [1.0, 2.0]})
    nl, en = ui.date_columns(df, "nl"), ui.date_columns(df, "en")
    assert set(nl) == {"wave", "run"}
    assert nl["wave"]["type_config"]["type"] == "date"
    assert nl["wave"]["type_config"]["format"] == "DD-MM-YYYY"
    assert nl["run"]["type_config"]["format"] == "DD-MM-YYYY HH:mm"
    assert en["wave"]["type_config"]["format"] == "D MMM YYYY"


def test_a_month_column_shows_the_month_only():
    months = pd.to_datetime(["2024-01-01", "2024-02-01"])
    df = pd.DataFrame({"Maand": months, "Month": months, "wave": months,
                       "month": pd.to_datetime(["2024-01-15", "2024-02-01"])})
    nl, en = ui.date_columns(df, "nl"), ui.date_columns(df, "en")
    assert nl["Maand"]["type_config"]["format"] == "MM-YYYY"
    assert en["Month"]["type_config"]["format"] == "MMM YYYY"
    assert nl["wave"]["type_config"]["format"] == "DD-MM-YYYY"  # a date, not a month
    assert nl["month"]["type_config"]["format"] == "DD-MM-YYYY"  # not all firsts of a month


def test_table_numbers_follow_the_app_language_not_the_browser():
    df = pd.DataFrame({"rate": [3.86, 4.0, None], "n": [31284, 2025, 5],
                       "score": [68.0, 61.5, 70.25], "name": ["a", "b", "c"]})
    nl = ui.styled(df, "nl").to_html()
    for text in ("3,86", "4,00", "31\u2009284", ">2025<", "68,00", "61,50", "–"):
        assert text in nl, text
    en = ui.styled(df, "en").to_html()
    assert "3.86" in en and "4.00" in en and "3,86" not in en
    assert ui.column_digits(pd.Series([80.0, None, 12.0])) == 0
    assert ui.column_digits(pd.Series([1.5, 2.0])) == 1


def test_trending_warning_never_says_zero_waves():
    assert "al op of onder" in ui.trending_text(0.0, "nl")
    assert "already at or below" in ui.trending_text(0.3, "en")
    assert "ongeveer één meting" in ui.trending_text(1.2, "nl")
    assert "over 4 metingen" in ui.trending_text(3.6, "nl")
    assert ui.months_word(1, "nl") == "maand" and ui.months_word(3, "en") == "months"


def test_lead_alone_reads_the_departments_own_interval():
    rows = pd.DataFrame({"expected_sign": [1, 1, -1, -1, 1],
                         "ci_low": [0.05, -0.1, -0.6, -0.2, 0.2],
                         "ci_high": [0.6, 0.5, -0.1, 0.3, 0.7],
                         "lag_months": [2, 2, 1, 3, 0]})
    assert ui.lead_alone(rows).tolist() == [True, False, True, False, False]


def test_risk_table_shows_waves_to_overload_only_within_sight():
    risks = pd.DataFrame({
        "level": ["team", "team", "department", "team", "team"],
        "unit_kind": ["team", "pool", "department", "team", "team"],
        "unit_id": ["t1", "d1:other", "d1", "t2", "t3"],
        "team_name": ["Kas", None, None, "Post", "Bank"],
        "department_name": ["Financiën"] * 5,
        "tier": ["red", "amber", "green", "green", "green"],
        "trending_to_overload": [True, False, False, False, False],
        # reached, 3.26 waves ahead, a flat balance's far projection, no decline at all, and
        # a green team's projection within sight (its slope is not credibly negative)
        "waves_to_overload": [0.0, 3.26, 1324.2, float("inf"), 22.2],
        "phase": [1, 2, 3, None, 3],
        "balance": [-3.04, 4.0, 30.0, None, 12.0],
        "balance_slope": [-2.26, -1.0, 0.1, None, -0.04],
        "balance_slope_low": [-3.0, -2.0, -0.5, None, -0.9],
        "balance_slope_high": [-1.5, 0.1, 0.7, None, 0.8],
        "bucket": [36.61, 1.0, 0.0, None, 0.0],
        "bucket_threshold": [5.0] * 5,
        "reason_nl": ["a", "b", "c", "d", "e"], "reason_en": ["A", "B", "C", "D", "E"],
    })
    table = ui.risk_table(risks, "nl")
    waves = table["waves_to_overload"].tolist()
    assert waves[:2] == [0.0, 3.3]
    assert all(pd.isna(w) for w in waves[2:])
    assert table["unit"].tolist() == ["Kas", "Overige teams (samengenomen)", "Financiën", "Post",
                                      "Bank"]
    assert table["reason"].tolist() == ["a", "b", "c", "d", "e"]
    # the figures behind the tier, as numbers (an export sorts and computes with them)
    assert table["balance"].tolist()[:3] == [-3.0, 4.0, 30.0]
    assert table["bucket"].tolist()[0] == 36.6 and table["balance_slope"].tolist()[4] == 0.0
    assert str(table["balance_slope"].tolist()[4]) == "0.0"  # not -0.0
    assert list(table.columns)[-1] == "reason"


def test_a_cbs_quarter_reads_as_a_quarter_in_each_language():
    from dashboard.ui import fmt_quarter

    assert fmt_quarter("2023 Q4", "nl") == "4e kwartaal 2023"
    assert fmt_quarter("2023 Q4", "en") == "Q4 2023"
    assert fmt_quarter("2023", "nl") == "2023"  # anything else as it is
