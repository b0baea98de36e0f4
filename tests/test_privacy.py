"""Detectors of forbidden columns and values (pipelines/privacy.py, domain.md §4)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.privacy import (
    Finding,
    formula_prefix,
    rules,
    scan_headers,
    scan_refs,
    scan_values,
)

UCI = Path("/work/shared/external-data/uci_absenteeism/Absenteeism_at_work.csv")


def frame_of(**columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    frame = pd.DataFrame({k: pd.array(v, dtype=object) for k, v in columns.items()})
    return frame, np.arange(2, len(frame) + 2)  # line 1 is the header


def rules_for(findings: list[Finding], column: str) -> set[str]:
    return {f.rule for f in findings if f.column == column}


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    "team_name", "parts", "department", "department_name", "team_id", "response_id", "wave",
    "employee_ref", "start_date", "end_date", "incapacity_pct", "fte", "headcount", "month",
    "Partners", "Departement", "renamed", "startdatum", "teamnaam", "Team name",
    "Naam afdeling", "afdeling_naam",
])
def test_harmless_headers_are_not_flagged(header):
    assert scan_headers([header], exempt=set()) == []


@pytest.mark.parametrize("header, category", [
    ("Reason for absence", "health"),
    ("E-mail adres", "contact"),
    ("e-mail", "contact"),
    ("E-Mail", "contact"),
    ("workEmail", "contact"),
    ("Voornaam", "name"),
    ("Achternaam", "name"),
    ("first_name", "name"),
    ("Naam medewerker", "name"),
    ("team_leader_name", "name"),
    ("diagnose_code", "health"),
    ("Diagnosis", "health"),
    ("ICD10", "health"),
    ("icd_10_code", "health"),
    ("Oorzaak", "health"),
    ("verzuimreden", "health"),
    ("Zwangerschap", "health"),
    ("pregnancy_leave", "health"),
    ("Medicatie", "health"),
    ("Bedrijfsarts", "health"),
    ("Klachten", "health"),
    ("Opmerking", "free_text"),
    ("Toelichting", "free_text"),
    ("Comments", "free_text"),
    ("notes", "free_text"),
    ("phone_number", "contact"),
    ("Telefoonnummer", "contact"),
    ("Postcode", "contact"),
    ("BSN", "identifier"),
    ("IBAN", "identifier"),
    ("date_of_birth", "identifier"),
    ("DOB", "identifier"),
    ("geboortedatum", "identifier"),
    ("SofiNummer", "identifier"),
    ("personeelsnummer", "personnel_number"),
    ("employee_id", "personnel_number"),
    ("EmployeeID", "personnel_number"),
    ("personnel_number", "personnel_number"),
    ("medewerkernummer", "personnel_number"),
    ("staff number", "personnel_number"),
])
def test_forbidden_headers_are_flagged_with_their_category(header, category):
    findings = scan_headers([header], exempt=set())
    assert [f.rule for f in findings] == [f"forbidden_column:{category}"]
    assert findings[0].column == header
    assert header in findings[0].message
    assert f"forbidden_column:{category}" in findings[0].message


def test_exempt_headers_are_never_flagged():
    headers = ["team_name", "Naam", "NOTE1"]
    assert scan_headers(headers, exempt={"naam", "NOTE1", "team_name"}) == []
    assert [f.column for f in scan_headers(headers, exempt={"team_name"})] == ["Naam", "NOTE1"]


def test_one_finding_per_header_and_line_passed_through():
    findings = scan_headers(["team_id", "Voornaam", "BSN", "wave"], exempt=set(), header_line=1)
    assert [(f.column, f.line) for f in findings] == [("Voornaam", 1), ("BSN", 1)]


@pytest.mark.skipif(not UCI.exists(), reason="shared UCI absenteeism export not present")
def test_real_uci_export_header_is_refused_for_reason_for_absence():
    header = UCI.read_text(encoding="utf-8").splitlines()[0].split(";")
    findings = scan_headers(header, exempt=set())
    assert ("Reason for absence", "forbidden_column:health") in {(f.column, f.rule)
                                                                 for f in findings}


# --- e-mail ---------------------------------------------------------------------------------


def test_email_in_any_column_is_found_once_with_count_and_first_line():
    frame, lines = frame_of(
        team_id=["T01", "T02", "T03", "T04"],
        wave=["2025-01-01", "piet.jansen@example.nl", "", "k.de.vries@zorg-noord.nl"],
    )
    findings = scan_values(frame, lines, text_columns=set())
    assert [(f.column, f.rule, f.line) for f in findings] == [
        ("wave", "forbidden_value:email", 3)]
    assert "2 values" in findings[0].message
    assert "example.nl" not in findings[0].message


@pytest.mark.parametrize("value", ["team@", "@home", "a@b", "info at example dot nl", "@@"])
def test_email_lookalikes_are_not_flagged(value):
    frame, lines = frame_of(x=[value, "1"])
    assert scan_values(frame, lines, text_columns={"x"}) == []


# --- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "06-12345678", "06 1234 5678", "+31 6 1234 5678", "+31612345678", "0031 6 12345678",
    "+31 (0)6 12345678", "020-1234567", "(020) 123 4567", "010 - 123 45 67", " 06-12345678 ",
])
def test_formatted_dutch_phone_number_in_a_cell_is_flagged(value):
    frame, lines = frame_of(team_id=["T01"] * 5 + ["T02"], x=["a", "b", "c", value, "", "d"])
    findings = scan_values(frame, lines, text_columns=set())
    assert [(f.column, f.rule, f.line) for f in findings] == [("x", "forbidden_value:phone", 5)]


@pytest.mark.parametrize("value", [
    "01-03-2025", "31-12-2025", "2025-03-01", "0,123456789", "0.123456789", "06-123456",
    "06-123456789", "123-456-7890", "0000012345",
])
def test_phone_lookalikes_are_not_flagged(value):
    frame, lines = frame_of(x=[value] * 5)
    assert "forbidden_value:phone" not in rules_for(scan_values(frame, lines, set()), "x")


def test_a_column_of_unformatted_phone_numbers_is_flagged():
    frame, lines = frame_of(x=["0612345678", "0201234567", "0687654321", ""])
    assert rules_for(scan_values(frame, lines, set()), "x") == {"forbidden_value:phone"}


def test_unformatted_phone_lookalikes_in_an_id_column_are_not_flagged():
    rng = np.random.default_rng(7)
    ids = [f"{x:010x}" for x in rng.integers(0, 16**10, 20_000)]
    ids[:5] = ["0612345678", "0698765432", "0611111111", "0622222222", "0633333333"]
    frame, lines = frame_of(employee_ref=ids)
    assert scan_values(frame, lines, set()) == []


# --- BSN ------------------------------------------------------------------------------------


def elfproef_ok(number: int) -> bool:
    digits = [int(c) for c in f"{number:09d}"]
    return sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True)) % 11 == 0


def valid_bsns(n: int, seed: int) -> list[int]:
    rng = np.random.default_rng(seed)
    out: set[int] = set()
    while len(out) < n:
        candidate = int(rng.integers(10_000_000, 999_999_999))
        if elfproef_ok(candidate):
            out.add(candidate)
    return sorted(out)


def test_random_nine_digit_numbers_are_not_a_bsn_column():
    rng = np.random.default_rng(20250301)
    numbers = rng.integers(100_000_000, 999_999_999, 1000)
    frame, lines = frame_of(x=[str(v) for v in numbers])
    assert 50 < sum(elfproef_ok(int(v)) for v in numbers) < 150  # about 1 in 11 pass
    assert scan_values(frame, lines, set()) == []


def test_consecutive_nine_digit_ids_are_not_a_bsn_column():
    frame, lines = frame_of(response_id=[str(v) for v in range(100_000_000, 100_020_000)])
    assert scan_values(frame, lines, set()) == []


def test_compact_dates_are_not_a_bsn_column():
    days = pd.date_range("2020-01-01", "2026-12-31", freq="D").strftime("%Y%m%d")
    frame, lines = frame_of(start_date=list(days))
    assert scan_values(frame, lines, set()) == []


def test_column_of_valid_bsns_is_flagged_with_count():
    values = [f"{v:09d}" for v in valid_bsns(200, seed=1)]
    frame, lines = frame_of(team_id=["T01"] * 200, x=values)
    findings = scan_values(frame, lines, set())
    assert [(f.column, f.rule, f.line) for f in findings] == [("x", "forbidden_value:bsn", 2)]
    assert "200 values" in findings[0].message
    assert values[0] not in findings[0].message


def test_bsn_column_mixed_with_random_numbers_is_flagged():
    rng = np.random.default_rng(3)
    noise = [str(v) for v in rng.integers(100_000_000, 999_999_999, 300)]
    values = noise + [f"{v:09d}" for v in valid_bsns(60, seed=4)]
    frame, lines = frame_of(x=values)
    assert rules_for(scan_values(frame, lines, set()), "x") == {"forbidden_value:bsn"}


def test_bsns_that_lost_their_leading_zero_or_are_formatted_are_flagged():
    small = [v for v in valid_bsns(400, seed=5) if v < 100_000_000][:3]
    assert len(small) == 3
    as_eight = [str(v) for v in small]
    assert all(len(v) == 8 for v in as_eight)
    frame, lines = frame_of(x=as_eight)
    assert rules_for(scan_values(frame, lines, set()), "x") == {"forbidden_value:bsn"}

    dotted = [f"{v:09d}"[:4] + "." + f"{v:09d}"[4:6] + "." + f"{v:09d}"[6:]
              for v in valid_bsns(5, seed=6)]
    frame, lines = frame_of(x=dotted)
    assert rules_for(scan_values(frame, lines, set()), "x") == {"forbidden_value:bsn"}


def test_three_distinct_valid_bsns_suffice_but_two_do_not():
    three = [str(v) for v in valid_bsns(3, seed=8) if v >= 100_000_000]
    if len(three) < 3:
        three = [str(v) for v in valid_bsns(10, seed=8) if v >= 100_000_000][:3]
    frame, lines = frame_of(x=three + ["", "abc"])
    assert rules_for(scan_values(frame, lines, set()), "x") == {"forbidden_value:bsn"}
    frame, lines = frame_of(x=three[:2] * 10)  # repeats are not new evidence
    assert scan_values(frame, lines, set()) == []


# --- IBAN -----------------------------------------------------------------------------------


def make_iban(country: str, bban: str) -> str:
    """Independent reference: check digits by Python big integers."""
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


def test_iban_with_valid_checksum_is_flagged_in_any_column():
    iban = make_iban("NL", "ABNA0417164300")
    assert iban == "NL91ABNA0417164300"  # the published example
    spaced = " ".join(make_iban("DE", "370400440532013000")[i:i + 4] for i in range(0, 22, 4))
    frame, lines = frame_of(team_id=["T01", "T02", "T03"], x=["", iban, spaced])
    findings = scan_values(frame, lines, set())
    assert [(f.column, f.rule, f.line) for f in findings] == [("x", "forbidden_value:iban", 3)]
    assert "2 values" in findings[0].message
    assert "0417164300" not in findings[0].message


@pytest.mark.parametrize("value", [
    "NL92ABNA0417164300",  # one check digit off
    "NL91ABNA0417164301",  # one account digit off
    "NL91ABNA041716430",  # wrong length for NL
    "ZZ91ABNA0417164300",  # not a country
])
def test_iban_with_invalid_checksum_or_shape_is_not_flagged(value):
    frame, lines = frame_of(x=[value, value])
    assert scan_values(frame, lines, set()) == []


def test_many_generated_ibans_are_all_found():
    rng = np.random.default_rng(11)
    ibans = [make_iban("NL", "RABO" + "".join(str(d) for d in rng.integers(0, 10, 10)))
             for _ in range(500)]
    frame, lines = frame_of(x=ibans)
    findings = scan_values(frame, lines, set())
    assert [f.rule for f in findings] == ["forbidden_value:iban"]
    assert "500 values" in findings[0].message


# --- ICD-10 ---------------------------------------------------------------------------------


def test_icd_codes_in_a_text_column_are_flagged():
    codes = ["F43.0", "J06.9", "M54.5", "F32.1", "", "K21.0", "Z73.0"]
    frame, lines = frame_of(label=codes)
    findings = scan_values(frame, lines, text_columns={"label"})
    assert [(f.column, f.rule, f.line) for f in findings] == [
        ("label", "forbidden_value:icd10", 2)]
    assert "6 values" in findings[0].message


def test_icd_codes_are_not_looked_for_outside_text_columns():
    frame, lines = frame_of(team_id=["F43.0", "J06.9", "M54.5"])
    assert scan_values(frame, lines, text_columns=set()) == []


def test_team_codes_like_T01_in_a_text_column_are_not_icd():
    frame, lines = frame_of(team_name=[f"T{i:02d}" for i in range(1, 60)])
    assert scan_values(frame, lines, text_columns={"team_name"}) == []


def test_column_mostly_of_undotted_icd_codes_is_flagged():
    frame, lines = frame_of(label=["F43", "M54", "J06", "K21", "F32", "Team Zuid"])
    assert rules_for(scan_values(frame, lines, {"label"}), "label") == {"forbidden_value:icd10"}


def test_one_stray_dotted_code_among_names_is_not_flagged():
    names = [f"Team {i}" for i in range(40)] + ["A12.3"]
    frame, lines = frame_of(label=names)
    assert scan_values(frame, lines, text_columns={"label"}) == []


# --- free text ------------------------------------------------------------------------------

SENTENCE = "Medewerker gaf aan dat de werkdruk al weken te hoog is en slaapt slecht sinds maart"


def test_long_free_text_in_a_text_column_is_flagged():
    frame, lines = frame_of(department_name=["Zorg Noord", SENTENCE, "Zorg Zuid"])
    findings = scan_values(frame, lines, text_columns={"department_name"})
    assert [(f.column, f.rule, f.line) for f in findings] == [
        ("department_name", "forbidden_value:free_text", 3)]
    assert "werkdruk" not in findings[0].message


def test_free_text_is_only_looked_for_in_text_columns():
    frame, lines = frame_of(x=[SENTENCE])
    assert scan_values(frame, lines, text_columns=set()) == []


def test_long_names_and_long_tokens_are_not_free_text():
    frame, lines = frame_of(department_name=[
        "Afdeling Verpleegkunde en Zorgondersteuning Noord-Holland",  # < 60 characters
        "x" * 80,  # one long token, not words
        "a" * 40 + " " + "b" * 40,  # two words
    ])
    assert scan_values(frame, lines, text_columns={"department_name"}) == []


def test_free_text_limit_is_a_parameter():
    value = "drie korte woorden hier samen"
    frame, lines = frame_of(team_name=[value])
    assert scan_values(frame, lines, {"team_name"}) == []
    findings = scan_values(frame, lines, {"team_name"}, free_text_max_chars=20)
    assert [f.rule for f in findings] == ["forbidden_value:free_text"]


# --- clean data and general behaviour -------------------------------------------------------


def test_realistic_clean_survey_and_absence_frames_have_no_findings():
    rng = np.random.default_rng(42)
    n = 5000
    items = {f"Q{i}": [str(v) if v else "" for v in rng.integers(0, 6, n)] for i in range(10)}
    survey, lines = frame_of(
        response_id=[f"R{i:06d}" for i in range(n)],
        team_id=[f"T{v:02d}" for v in rng.integers(1, 40, n)],
        wave=list(rng.choice(["2025-01-01", "2025-02-01", "01-03-2025"], n)),
        **items,
    )
    assert scan_values(survey, lines, text_columns=set()) == []
    absence, lines = frame_of(
        employee_ref=[f"{a:016x}{b:016x}" for a, b in zip(rng.integers(0, 2**62, n),
                                                         rng.integers(0, 2**62, n),
                                                         strict=True)],
        team_id=[f"T{v:02d}" for v in rng.integers(1, 40, n)],
        start_date=list(rng.choice(["2025-01-06", "2025-02-10"], n)),
        end_date=list(rng.choice(["2025-01-08", "", "14-02-2025"], n)),
        incapacity_pct=list(rng.choice(["100", "50", "33,3"], n)),
        fte=list(rng.choice(["1", "0.8", "0,56"], n)),
    )
    assert scan_values(absence, lines, text_columns=set()) == []
    org, lines = frame_of(team_name=["Zorg Noord", "ICT", "T01"], department_name=["A", "B", "C"])
    assert scan_values(org, lines, text_columns={"team_name", "department_name"}) == []


def test_several_rules_in_one_column_and_no_value_in_any_message():
    values = ["jan@example.nl", "06-12345678", "NL91ABNA0417164300", "plain"]
    frame, lines = frame_of(x=values)
    findings = scan_values(frame, lines, text_columns={"x"})
    assert {f.rule for f in findings} == {"forbidden_value:email", "forbidden_value:phone",
                                          "forbidden_value:iban"}
    for f in findings:
        assert "'x'" in f.message and f.rule in f.message
        assert not any(v in f.message for v in values)


def test_line_numbers_come_from_the_lines_array():
    frame = pd.DataFrame({"x": ["a", "b", "c@d.nl"]})
    findings = scan_values(frame, np.array([2, 5, 9]), text_columns=set())
    assert [f.line for f in findings] == [9]


def test_empty_and_all_empty_frames():
    frame, lines = frame_of(x=[], y=[])
    assert scan_values(frame, lines, {"x"}) == []
    frame, lines = frame_of(x=["", "", ""])
    assert scan_values(frame, lines, {"x"}) == []


def test_rule_names_are_the_documented_ones():
    assert set(rules()) == {
        "forbidden_column:name", "forbidden_column:contact", "forbidden_column:identifier",
        "forbidden_column:health", "forbidden_column:free_text",
        "forbidden_column:personnel_number", "forbidden_value:email", "forbidden_value:phone",
        "forbidden_value:bsn", "forbidden_value:iban", "forbidden_value:icd10",
        "forbidden_value:free_text", "forbidden_value:personnel_number",
    }


# --- formula prefix -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+A1", "-2+3+cmd|' /C calc'!A0", "  =1+1", "\t=HYPERLINK(1)",
    "+31 6 1234 5678",
])
def test_formula_prefixed_cells_are_marked(value):
    mask = formula_prefix(pd.Series(["1", value, ""], index=[10, 11, 12]))
    assert mask.tolist() == [False, True, False]
    assert list(mask.index) == [10, 11, 12]


@pytest.mark.parametrize("value", [
    "-3", "+31", "-1,5", "-0.25", "+1e3", "0.8", "", "abc", "-", "2025-01-01", "a=b", "50%",
])
def test_numbers_and_plain_text_are_not_formulas(value):
    assert not formula_prefix(pd.Series([value])).any()


def test_hex_pseudonyms_that_pass_mod97_by_chance_are_not_ibans():
    # 16 hex characters starting with "be" + 2 digits have Belgium's IBAN length; about 1
    # in 97 pass mod-97 by chance. A column of 200,000 such pseudonyms is not an IBAN column.
    rng = np.random.default_rng(3)
    refs = ["be" + f"{rng.integers(0, 100):02d}" + "".join(rng.choice(list("0123456789abcdef"), 12))
            for _ in range(20_000)]
    frame = pd.DataFrame({"employee_ref": refs})
    found = scan_values(frame, np.arange(2, len(refs) + 2), set())
    assert not [f for f in found if f.rule == "forbidden_value:iban"]
    frame.loc[7, "employee_ref"] = "NL91ABNA0417164300"  # one real Dutch IBAN is still caught
    found = scan_values(frame, np.arange(2, len(refs) + 2), set())
    assert [f.line for f in found if f.rule == "forbidden_value:iban"] == [9]


def test_names_have_their_own_free_text_limit():
    trust = "The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation Trust"  # 73
    note = "Dit team heeft het zwaar gehad door de reorganisatie en twee langdurig zieke collega's"
    frame, lines = frame_of(department_name=[trust, note])
    plain = scan_values(frame, lines, {"department_name"})
    assert [f.line for f in plain] == [2]  # the trust name is free text at 60 characters
    assert "free_text_max_chars" in plain[0].message
    named = scan_values(frame, lines, {"department_name"}, name_columns=frozenset(
        {"department_name"}), name_max_chars=80)
    assert [(f.rule, f.line) for f in named] == [("forbidden_value:free_text", 3)]
    assert "name_max_chars" in named[0].message


def test_personnel_numbers_as_employee_refs_are_found():
    frame, lines = frame_of(ref=[str(i) for i in range(1, 37)])
    found = scan_refs(frame, lines, {"ref"})
    assert [(f.column, f.rule, f.line) for f in found] == [
        ("ref", "forbidden_value:personnel_number", 2)]
    assert "draagkracht pseudonymise" in found[0].message
    assert "17" not in found[0].message.replace("7 digits", "")


def test_pseudonyms_and_long_numbers_are_not_personnel_numbers():
    for refs in (["2cd94c528a6cd5f0", "802d85cc087e1e12"], ["E1", "E2"],
                 ["123456789", "987654321"], ["17", "2cd94c528a6cd5f0"]):
        frame, lines = frame_of(ref=refs)
        assert scan_refs(frame, lines, {"ref"}) == [], refs
    frame, lines = frame_of(ref=["17", "18"])
    assert scan_refs(frame, lines, set()) == []
