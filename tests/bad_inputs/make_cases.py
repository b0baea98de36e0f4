"""Write the bad-input corpus: one folder per case plus the manifest ``cases.toml``.

Run from anywhere:  python tests/bad_inputs/make_cases.py

Each case folder holds only the files that differ from the clean base (``base_inputs.py``): a
file with a base file's name replaces it, other files are added, and ``remove`` in the manifest
deletes base files. The test (tests/test_bad_inputs.py) lays each case over a fresh copy of the
base and checks the outcome recorded here. The generated files are committed; the test also
checks that this script still reproduces them byte for byte.

Manifest fields per ``[[case]]``:

- ``name``, ``description``
- ``outcome``: ``refused`` (exit 1), ``quarantined`` (published, rows in ``rejected_rows``),
  ``published`` (loads cleanly) or ``config_error`` (exit 2)
- ``via``: ``inprocess`` (pipelines.run.run_pipeline) or ``cli`` (``draagkracht run --json``)
- ``expect``: refusals (outcome refused) or rejected rows (outcome quarantined), each
  ``{file, rule, column, line}``; an absent column or line means NULL. Matched exactly.
- ``allow``: further refusal rules that may also be reported (e.g. a forbidden column is
  also an unexpected one)
- ``message_contains``: text one of the refusal messages (or the CLI's stderr) must contain
- ``raw_values``: raw cell values that must appear nowhere in what is published or reported
- ``late``: the refusal happens after the build started (build_id is set, counts reconcile)
- ``roundtrip``: ``{team_id, team_name}`` that must be in the published ``org_structure``
- ``remove``: base files to delete
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from base_inputs import (  # noqa: E402
    ABSENCE_HEADER,
    ITEMS,
    clean_tables,
    csv_text,
)

HERE = Path(__file__).resolve().parent
FORMULA = "=cmd|' /C calc'!A0"


@dataclass
class Case:
    name: str
    description: str
    outcome: str
    files: dict[str, bytes] = field(default_factory=dict)
    expect: list[dict] = field(default_factory=list)
    via: str = "inprocess"
    allow: list[str] = field(default_factory=list)
    message_contains: str | None = None
    raw_values: list[str] = field(default_factory=list)
    late: bool = False
    roundtrip: dict | None = None
    remove: list[str] = field(default_factory=list)


def _exp(file: str, rule: str, column: str | None = None, line: int | None = None) -> dict:
    d = {"file": file, "rule": rule}
    if column is not None:
        d["column"] = column
    if line is not None:
        d["line"] = line
    return d


def _base(name: str) -> tuple[list[str], list[list[str]]]:
    header, rows = clean_tables()[name]
    return list(header), copy.deepcopy(rows)


def _utf8(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    return csv_text(header, rows, delimiter).encode("utf-8")


def _row(line: int) -> int:
    """Index in the rows list of the record on physical ``line`` (header = line 1)."""
    return line - 2


def _set(name: str, line: int, column: str, value: str) -> bytes:
    header, rows = _base(name)
    rows[_row(line)][header.index(column)] = value
    return _utf8(header, rows)


def _set_many(name: str, line: int, values: dict[str, str]) -> bytes:
    h, rows = _base(name)
    for column, value in values.items():
        rows[_row(line)][h.index(column)] = value
    return _utf8(h, rows)


def _add_column(name: str, column: str, values) -> bytes:
    header, rows = _base(name)
    header.append(column)
    for i, r in enumerate(rows):
        r.append(values(i))
    return _utf8(header, rows)


def _rename(name: str, old: str, new: str) -> bytes:
    header, rows = _base(name)
    header[header.index(old)] = new
    return _utf8(header, rows)


def _bsn_numbers(n: int, seed: int) -> list[str]:
    """Distinct 9-digit numbers that pass the BSN 11-check."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check == 10:
            continue
        number = "".join(map(str, digits)) + str(check)
        if number not in out:
            out.append(number)
    return out


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def structure_cases() -> list[Case]:
    cases = []
    h, rows = _base("survey.csv")
    i = h.index("wave")
    cases.append(Case(
        "missing_column", "survey.csv lacks the required wave column", "refused",
        {"survey.csv": _utf8([c for c in h if c != "wave"],
                             [r[:i] + r[i + 1:] for r in rows])},
        [_exp("survey.csv", "missing_column", "wave", 1)], via="cli"))
    cases.append(Case(
        "misspelled_column", "org.csv has 'headcont' for headcount", "refused",
        {"org.csv": _rename("org.csv", "headcount", "headcont")},
        [_exp("org.csv", "unexpected_column", "headcont", 1),
         _exp("org.csv", "missing_column", "headcount", 1)],
        message_contains="did you mean 'headcount'"))
    cases.append(Case(
        "misspelled_item", "survey.csv has item column 'EX03' for EX3", "refused",
        {"survey.csv": _rename("survey.csv", "EX3", "EX03")},
        [_exp("survey.csv", "unexpected_column", "EX03", 1),
         _exp("survey.csv", "missing_column", "EX3", 1)],
        message_contains="did you mean 'EX3'"))
    cases.append(Case(
        "unexpected_extra_column", "absence.csv has an extra contract_type column", "refused",
        {"absence.csv": _add_column("absence.csv", "contract_type",
                                    lambda i: "vast" if i % 3 else "tijdelijk")},
        [_exp("absence.csv", "unexpected_column", "contract_type", 1)]))
    h, rows = _base("org.csv")
    cases.append(Case(
        "duplicate_column", "org.csv has the fte column twice", "refused",
        {"org.csv": _utf8([*h, "fte"], [[*r, r[-1]] for r in rows])},
        [_exp("org.csv", "duplicate_column", "fte", 1)]))
    cases.append(Case(
        "empty_file", "survey.csv is zero bytes", "refused", {"survey.csv": b""},
        [_exp("survey.csv", "empty_file")]))
    cases.append(Case(
        "header_only", "absence.csv has a header and no rows", "refused",
        {"absence.csv": _utf8(ABSENCE_HEADER, [])},
        [_exp("absence.csv", "no_data_rows")]))
    text = _base_text("org.csv").splitlines(keepends=True)
    text[39] = text[39].replace("Magazijn", '"Magazijn')  # line 40 opens a quote, never closed
    assert '"Magazijn' in text[39]
    cases.append(Case(
        "unterminated_quote", "org.csv line 40 opens a quote that is never closed", "refused",
        {"org.csv": "".join(text).encode("utf-8")},
        [_exp("org.csv", "malformed_csv", line=40)]))
    text = _base_text("absence.csv").splitlines(keepends=True)
    text[5] = '"' + text[5]  # line 6 opens a quote ...
    first, rest = text[19].split(",", 1)
    text[19] = first + '",' + rest  # ... that a stray quote on line 20 closes
    cases.append(Case(
        "stray_quote", "absence.csv: a stray quote at line 6 and another at line 20 would "
        "turn lines 6-20 into one field (14 spells gone unseen)", "refused",
        {"absence.csv": "".join(text).encode("utf-8")},
        [_exp("absence.csv", "malformed_csv", "employee_ref", 6)]))
    cases.append(Case(
        "unknown_file", "a payroll.csv that matches no input kind", "refused",
        {"payroll.csv": b"team_id,month,cost\nT01,2025-01-01,1000\n"},
        [_exp("payroll.csv", "unknown_file")]))
    cases.append(Case(
        "missing_org", "org.csv is not in the folder", "refused", {},
        [_exp("org.csv", "missing_file")], remove=["org.csv"]))
    raw = _base_text("org.csv").encode("utf-8").replace(b"Inkoop", b"Ink\x81oop", 1)
    cases.append(Case(
        "unreadable_encoding", "org.csv has byte 0x81 (neither UTF-8 nor Windows-1252)",
        "refused", {"org.csv": raw}, [_exp("org.csv", "unreadable_encoding", line=4)]))
    h, rows = _base("org.csv")
    for r in rows:
        if r[0] == "T05":
            r[1] = "Financiën"
    lines = csv_text(h, rows).splitlines(keepends=True)
    assert "T05" in lines[5] and lines[-1].startswith("T10")
    last = lines[-1].replace("Kwaliteit", "Kwaliteït")  # the appended line, in Windows-1252
    cases.append(Case(
        "mixed_encoding", "org.csv in UTF-8 (Financiën) whose last line was appended in "
        "Windows-1252 (Kwaliteït): refused naming the line, not published as FinanciÃ«n",
        "refused", {"org.csv": "".join(lines[:-1]).encode("utf-8") + last.encode("cp1252")},
        [_exp("org.csv", "mixed_encoding", line=121)]))
    cases.append(Case(
        "ambiguous_slashed_dates", "absence.csv dates like 03/04/2025, no day above 12",
        "refused", {"absence.csv": _slashed_absence()},
        [_exp("absence.csv", "ambiguous_dialect")]))
    h, rows = _base("org.csv")
    for k, r in enumerate(rows):
        if k % 2 == 0:
            r[-1] = r[-1].replace(".", ",")
    cases.append(Case(
        "mixed_decimal", "org.csv (';'-delimited) has fte with decimal comma and point",
        "refused", {"org.csv": _utf8(h, rows, ";")}, [_exp("org.csv", "ambiguous_dialect")]))
    return cases


def _base_text(name: str) -> str:
    header, rows = clean_tables()[name]
    return csv_text(header, rows)


def _slashed_absence() -> bytes:
    rng = random.Random(404)
    rows = []
    for e in range(100):
        start = date(2025, 2 + e % 10, rng.randint(1, 8))
        end = start + timedelta(days=rng.randint(0, 4))
        rows.append([f"E{e + 1:03d}", f"T{e % 10 + 1:02d}", start.strftime("%d/%m/%Y"),
                     end.strftime("%d/%m/%Y"), "100", "1.0"])
    return _utf8(ABSENCE_HEADER, rows)


def privacy_cases() -> list[Case]:
    cases = []
    h, rows = _base("absence.csv")
    refs = sorted({r[0] for r in rows})
    bsn = dict(zip(refs, _bsn_numbers(len(refs), 505), strict=True))
    for r in rows:
        r[0] = bsn[r[0]]
    cases.append(Case(
        "bsn_column", "absence.csv employee_ref holds BSNs (all pass the 11-check)", "refused",
        {"absence.csv": _utf8(h, rows)},
        [_exp("absence.csv", "forbidden_value:bsn", "employee_ref", 2)],
        raw_values=[rows[0][0], rows[57][0]]))
    h, rows = _base("absence.csv")
    random_refs = {}
    rng = random.Random(606)
    for r in rows:
        random_refs.setdefault(r[0], str(rng.randint(100_000_000, 999_999_999)))
        r[0] = random_refs[r[0]]
    cases.append(Case(
        "nine_digit_refs_not_bsn", "absence.csv employee_ref holds random 9-digit numbers "
        "(about 1 in 11 pass the 11-check by chance): must load", "published",
        {"absence.csv": _utf8(h, rows)}))
    h, rows = _base("absence.csv")
    numbers = {}
    for r in rows:
        r[0] = numbers.setdefault(r[0], str(len(numbers) + 1))
    cases.append(Case(
        "personnel_numbers_as_refs", "absence.csv employee_ref holds plain numbers 1, 2, 3, ... "
        "(an export's personnel numbers, not pseudonyms)", "refused",
        {"absence.csv": _utf8(h, rows)},
        [_exp("absence.csv", "forbidden_value:personnel_number", "employee_ref", 2)],
        message_contains="draagkracht pseudonymise"))
    cases.append(Case(
        "email_in_cell", "absence.csv line 30 has an e-mail address as employee_ref", "refused",
        {"absence.csv": _set("absence.csv", 30, "employee_ref", "p.devries@example.nl")},
        [_exp("absence.csv", "forbidden_value:email", "employee_ref", 30)], via="cli",
        raw_values=["p.devries@example.nl"]))
    cases.append(Case(
        "iban_in_cell", "absence.csv line 50 has an IBAN as employee_ref", "refused",
        {"absence.csv": _set("absence.csv", 50, "employee_ref", "NL91ABNA0417164300")},
        [_exp("absence.csv", "forbidden_value:iban", "employee_ref", 50)],
        raw_values=["NL91ABNA0417164300"]))
    cases.append(Case(
        "phone_in_cell", "org.csv line 20 has a mobile number as department_name", "refused",
        {"org.csv": _set("org.csv", 20, "department_name", "06-12345678")},
        [_exp("org.csv", "forbidden_value:phone", "department_name", 20)],
        raw_values=["06-12345678"]))
    cases.append(Case(
        "phone_column", "absence.csv has a telefoon column", "refused",
        {"absence.csv": _add_column("absence.csv", "telefoon",
                                    lambda i: f"06-{31415926 + i * 7919:08d}")},
        [_exp("absence.csv", "forbidden_column:contact", "telefoon", 1)],
        allow=["forbidden_value:phone"]))
    cases.append(Case(
        "diagnosis_column", "absence.csv has a diagnose column", "refused",
        {"absence.csv": _add_column("absence.csv", "diagnose",
                                    lambda i: ["burn-out", "griep", "rugklachten"][i % 3])},
        [_exp("absence.csv", "forbidden_column:health", "diagnose", 1)],
        allow=["unexpected_column"]))
    cases.append(Case(
        "free_text_column", "absence.csv has an opmerking column", "refused",
        {"absence.csv": _add_column("absence.csv", "opmerking",
                                    lambda i: "belt zelf" if i % 4 == 0 else "")},
        [_exp("absence.csv", "forbidden_column:free_text", "opmerking", 1)],
        allow=["unexpected_column"]))
    sentence = ("Dit team heeft het zwaar gehad door de reorganisatie en twee langdurig "
                "zieke collega's")
    cases.append(Case(
        "free_text_value", "org.csv line 6 has a sentence as team_name", "refused",
        {"org.csv": _set("org.csv", 6, "team_name", sentence)},
        [_exp("org.csv", "forbidden_value:free_text", "team_name", 6)],
        raw_values=[sentence], message_contains="raise [input] name_max_chars"))
    h, rows = _base("org.csv")
    trust = "The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation Trust"
    for r in rows:
        if r[h.index("department_id")] == "D1":
            r[h.index("department_name")] = trust
    cases.append(Case(
        "long_department_name", "org.csv names department D1 with a real 73-character NHS "
        "trust name (longer than free_text_max_chars): a name, must load", "published",
        {"org.csv": _utf8(h, rows)}))
    cases.append(Case(
        "dob_column", "absence.csv has a geboortedatum column", "refused",
        {"absence.csv": _add_column("absence.csv", "geboortedatum",
                                    lambda i: f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}")},
        [_exp("absence.csv", "forbidden_column:identifier", "geboortedatum", 1)],
        allow=["unexpected_column"]))
    cases.append(Case(
        "personnel_number_column", "absence.csv has a Personeelsnummer column", "refused",
        {"absence.csv": _add_column("absence.csv", "Personeelsnummer",
                                    lambda i: f"P{40000 + i}")},
        [_exp("absence.csv", "forbidden_column:personnel_number", "Personeelsnummer", 1)],
        allow=["unexpected_column"]))
    cases.append(Case(
        "name_column", "absence.csv has an Achternaam column", "refused",
        {"absence.csv": _add_column("absence.csv", "Achternaam",
                                    lambda i: ["Jansen", "de Vries", "Bakker"][i % 3])},
        [_exp("absence.csv", "forbidden_column:name", "Achternaam", 1)],
        allow=["unexpected_column"], raw_values=["de Vries"]))
    icd = ["F43.0", "M54.5", "J06.9", "F32.1", "S93.4"]
    drop_icd = b'[input]\ndrop_columns = ["ICD10"]\n'
    cases.append(Case(
        "icd10_column_dropped", "absence.csv has an ICD10 column that draagkracht.toml drops "
        "on read: still refused", "refused",
        {"absence.csv": _add_column("absence.csv", "ICD10", lambda i: icd[i % len(icd)]),
         "draagkracht.toml": drop_icd},
        [_exp("absence.csv", "forbidden_column:health", "ICD10", 1)],
        allow=["forbidden_value:icd10"], raw_values=["F43.0", "M54.5"]))
    cases.append(Case(
        "icd10_values_dropped", "absence.csv has a 'code' column of ICD-10 codes, dropped on "
        "read in draagkracht.toml: still refused by its values", "refused",
        {"absence.csv": _add_column("absence.csv", "code",
                                    lambda i: icd[i % len(icd)] if i % 2 == 0 else ""),
         "draagkracht.toml": b'[input]\ndrop_columns = ["code"]\n'},
        [_exp("absence.csv", "forbidden_value:icd10", "code", 2)],
        raw_values=["F43.0", "M54.5"]))
    return cases


def quarantine_cases() -> list[Case]:
    cases = []
    cases.append(Case(
        "formula_prefix", "org.csv line 4 (T03, January) has a spreadsheet formula as "
        "team_name", "quarantined",
        {"org.csv": _set("org.csv", 4, "team_name", FORMULA)},
        [_exp("org.csv", "formula_prefix", "team_name", 4)], via="cli", raw_values=[FORMULA]))
    cases.append(Case(
        "formula_prefix_id", "org.csv line 5 (T04, January) has a formula as department_id "
        "(ids are shown and exported like names)", "quarantined",
        {"org.csv": _set("org.csv", 5, "department_id", "=D1")},
        [_exp("org.csv", "formula_prefix", "department_id", 5)], raw_values=["=D1"]))
    for value, item, line in (("0", "WL2", 10), ("6", "SU1", 20), ("9", "EX3", 30)):
        cases.append(Case(
            f"item_value_{value}", f"survey.csv line {line}: {item} = {value} (range 1-5)",
            "quarantined", {"survey.csv": _set("survey.csv", line, item, value)},
            [_exp("survey.csv", "range", item, line)]))
    cases.append(Case(
        "item_value_text", "survey.csv line 40: RC2 = 'heel veel'", "quarantined",
        {"survey.csv": _set("survey.csv", 40, "RC2", "heel veel")},
        [_exp("survey.csv", "type", "RC2", 40)], raw_values=["heel veel"]))
    cases.append(Case(
        "unknown_team", "survey.csv line 50: team TEAM77 is not in org.csv", "quarantined",
        {"survey.csv": _set("survey.csv", 50, "team_id", "TEAM77")},
        [_exp("survey.csv", "unknown_team", "team_id", 50)], raw_values=["TEAM77"]))
    cases.append(Case(
        "wave_before_org", "survey.csv line 55: wave 2024-06-03, before org.csv's first month "
        "(2025-01): in no month, so quarantined rather than loaded and then lost",
        "quarantined", {"survey.csv": _set("survey.csv", 55, "wave", "2024-06-03")},
        [_exp("survey.csv", "unknown_team", "team_id", 55)], raw_values=["2024-06-03"]))
    h, rows = _base("survey.csv")
    rows[_row(50)][h.index("team_id")] = "TEAM77"
    h[h.index("team_id")] = "Teamcode"
    cases.append(Case(
        "unknown_team_mapped_header", "survey.csv names its team column 'Teamcode' (mapped to "
        "team_id in draagkracht.toml); line 50 has team TEAM77: the message names 'Teamcode'",
        "quarantined", {"survey.csv": _utf8(h, rows),
                        "draagkracht.toml": b'[input.columns]\n"Teamcode" = "team_id"\n'},
        [_exp("survey.csv", "unknown_team", "team_id", 50)],
        message_contains="column 'Teamcode' in the file"))
    h, rows = _base("survey.csv")
    assert rows[_row(60)][2] == rows[_row(63)][2]  # same wave
    rows[_row(63)][0] = rows[_row(60)][0]
    cases.append(Case(
        "duplicate_response_id", "survey.csv lines 60 and 63: same response_id in one wave",
        "quarantined", {"survey.csv": _utf8(h, rows)},
        [_exp("survey.csv", "duplicate_response_id", "response_id", 60),
         _exp("survey.csv", "duplicate_response_id", "response_id", 63)]))
    h, rows = _base("survey.csv")
    for item in ITEMS:
        rows[_row(90)][h.index(item)] = ""
    cases.append(Case(
        "no_answers", "survey.csv line 90 answers no item", "quarantined",
        {"survey.csv": _utf8(h, rows)}, [_exp("survey.csv", "no_answers", "response_id", 90)]))
    cases.append(Case(
        "future_wave", "survey.csv line 80: wave 2026-03-02, after the reference date (and "
        "so in no org.csv month)", "quarantined",
        {"survey.csv": _set("survey.csv", 80, "wave", "2026-03-02")},
        [_exp("survey.csv", "future_date", "wave", 80),
         _exp("survey.csv", "unknown_team", "team_id", 80)], raw_values=["2026-03-02"]))

    h, rows = _base("absence.csv")
    r = rows[_row(60)]
    r[3] = (date.fromisoformat(r[2]) - timedelta(days=3)).isoformat()
    cases.append(Case(
        "end_before_start", "absence.csv line 60 ends three days before it starts",
        "quarantined", {"absence.csv": _utf8(h, rows)},
        [_exp("absence.csv", "end_before_start", "end_date", 60)]))
    h, rows = _base("absence.csv")
    rows[_row(70)][2:4] = ["2025-12-20", "2026-01-15"]
    cases.append(Case(
        "future_end_date", "absence.csv line 70 ends on 2026-01-15, after the reference date",
        "quarantined", {"absence.csv": _utf8(h, rows)},
        [_exp("absence.csv", "future_date", "end_date", 70)], raw_values=["2026-01-15"]))
    h, rows = _base("absence.csv")
    victim = rows[_row(75)]
    start = date.fromisoformat(victim[2])
    rows.append([victim[0], victim[1], (start + timedelta(days=1)).isoformat(),
                 (start + timedelta(days=30)).isoformat(), "50", victim[5]])
    cases.append(Case(
        "overlapping_spells", f"absence.csv: employee {victim[0]} (line 75) has a second row "
        "(line 122) starting inside the first", "quarantined", {"absence.csv": _utf8(h, rows)},
        [_exp("absence.csv", "overlapping_spell", "start_date", 75),
         _exp("absence.csv", "overlapping_spell", "start_date", 122)]))
    cases.append(Case(
        "impossible_date", "absence.csv line 90 starts on 2025-02-30", "quarantined",
        {"absence.csv": _set("absence.csv", 90, "start_date", "2025-02-30")},
        [_exp("absence.csv", "type", "start_date", 90)]))
    cases.append(Case(
        "incapacity_out_of_range", "absence.csv line 100: incapacity_pct 150", "quarantined",
        {"absence.csv": _set("absence.csv", 100, "incapacity_pct", "150")},
        [_exp("absence.csv", "range", "incapacity_pct", 100)]))
    cases.append(Case(
        "required_empty", "absence.csv line 110 has no team_id", "quarantined",
        {"absence.csv": _set("absence.csv", 110, "team_id", "")},
        [_exp("absence.csv", "required", "team_id", 110)]))
    cases.append(Case(
        "optional_value_empty", "absence.csv line 115 has the incapacity_pct column but an "
        "empty cell (the default 100 applies only when the column is absent)", "quarantined",
        {"absence.csv": _set("absence.csv", 115, "incapacity_pct", "")},
        [_exp("absence.csv", "required", "incapacity_pct", 115)]))

    h, rows = _base("org.csv")
    rows[_row(8)].append("extra")
    cases.append(Case(
        "field_count", "org.csv line 8 has one field more than the header", "quarantined",
        {"org.csv": _utf8(h, rows)}, [_exp("org.csv", "field_count", line=8)]))
    cases.append(Case(
        "negative_headcount", "org.csv line 5: headcount -3 (so fte is also above it)",
        "quarantined", {"org.csv": _set("org.csv", 5, "headcount", "-3")},
        [_exp("org.csv", "range", "headcount", 5),
         _exp("org.csv", "fte_above_headcount", "fte", 5)]))
    cases.append(Case(
        "zero_headcount", "org.csv line 4: headcount 0 and fte 0.0 (a team-month without "
        "people has no denominator)", "quarantined",
        {"org.csv": _set_many("org.csv", 4, {"headcount": "0", "fte": "0.0"})},
        [_exp("org.csv", "range", "headcount", 4), _exp("org.csv", "range", "fte", 4)]))
    cases.append(Case(
        "zero_fte", "org.csv line 6: fte 0.0 with people in the team", "quarantined",
        {"org.csv": _set("org.csv", 6, "fte", "0.0")},
        [_exp("org.csv", "range", "fte", 6)]))
    h, rows = _base("org.csv")
    assert rows[_row(10)][0] == "T09" and rows[_row(11)][0] == "T10"
    rows[_row(11)] = list(rows[_row(10)])
    cases.append(Case(
        "duplicate_team_month", "org.csv lines 10 and 11: T09 twice for 2025-01",
        "quarantined", {"org.csv": _utf8(h, rows)},
        [_exp("org.csv", "duplicate_team_month", "team_id", 10),
         _exp("org.csv", "duplicate_team_month", "team_id", 11)]))
    cases.append(Case(
        "month_not_first_day", "org.csv line 7: month 2025-01-15", "quarantined",
        {"org.csv": _set("org.csv", 7, "month", "2025-01-15")},
        [_exp("org.csv", "month_not_first_day", "month", 7)]))
    cases.append(Case(
        "fte_above_headcount", "org.csv line 9: fte 99.0 above the headcount", "quarantined",
        {"org.csv": _set("org.csv", 9, "fte", "99.0")},
        [_exp("org.csv", "fte_above_headcount", "fte", 9)]))
    cases.append(Case(
        "text_headcount", "org.csv line 3: headcount 'twaalf'", "quarantined",
        {"org.csv": _set("org.csv", 3, "headcount", "twaalf")},
        [_exp("org.csv", "type", "headcount", 3)], raw_values=["twaalf"]))
    return cases


def late_and_config_cases() -> list[Case]:
    h, rows = _base("survey.csv")
    lines = list(range(12, 103, 10))  # 10 of 120 rows, 8.3 % > the default 2 %
    for line in lines:
        rows[_row(line)][h.index("EX1")] = "7"
    return [
        Case("too_many_rejected", "survey.csv: 10 of 120 rows have EX1 = 7; refused after the "
             "build, when the quarantined share is known", "refused",
             {"survey.csv": _utf8(h, rows)},
             [_exp("survey.csv", "too_many_rejected", "EX1", lines[0])], late=True),
        Case("invalid_config", "draagkracht.toml sets max_rejected_share to text",
             "config_error", {"draagkracht.toml": b'[input]\nmax_rejected_share = "veel"\n'},
             via="cli", message_contains="max_rejected_share"),
    ]


def encoding_cases() -> list[Case]:
    name_cp = "Financiën €-beheer"
    h, rows = _base("org.csv")
    for r in rows:
        if r[0] == "T05":
            r[1] = name_cp
    cp1252 = csv_text(h, rows).replace("\n", "\r\n").encode("cp1252")
    name_16 = "Coördinatie – Łódź"
    h, rows = _base("org.csv")
    for r in rows:
        if r[0] == "T02":
            r[1] = name_16
    utf16 = csv_text(h, rows).encode("utf-16")
    return [
        Case("cp1252_euro_e_trema", "org.csv in Windows-1252 (CRLF) with € and ë in a team name:"
             " loads, text decoded exactly", "published", {"org.csv": cp1252},
             roundtrip={"team_id": "T05", "team_name": name_cp}),
        Case("utf16_bom", "org.csv in UTF-16 with BOM, a team name outside Windows-1252: loads",
             "published", {"org.csv": utf16},
             roundtrip={"team_id": "T02", "team_name": name_16}),
    ]


def all_cases() -> list[Case]:
    cases = (structure_cases() + privacy_cases() + quarantine_cases()
             + late_and_config_cases() + encoding_cases())
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def manifest_text(cases: list[Case]) -> str:
    out = ["# Bad-input corpus: generated by make_cases.py (edit that, not this).", ""]
    for c in cases:
        out.append("[[case]]")
        out.append(f"name = {_toml_value(c.name)}")
        out.append(f"description = {_toml_value(c.description)}")
        out.append(f"outcome = {_toml_value(c.outcome)}")
        out.append(f"via = {_toml_value(c.via)}")
        if c.expect:
            out.append("expect = [")
            out += [f"  {_toml_value(e)}," for e in c.expect]
            out.append("]")
        for key in ("allow", "raw_values", "remove"):
            if getattr(c, key):
                out.append(f"{key} = {_toml_value(getattr(c, key))}")
        if c.message_contains:
            out.append(f"message_contains = {_toml_value(c.message_contains)}")
        if c.late:
            out.append("late = true")
        if c.roundtrip:
            out.append(f"roundtrip = {_toml_value(c.roundtrip)}")
        out.append("")
    return "\n".join(out)


def generate(target: Path) -> list[Case]:
    """Write every case folder and ``cases.toml`` under ``target``."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    cases = all_cases()
    names = {c.name for c in cases}
    for old in target.iterdir():  # case folders of cases that no longer exist
        if old.is_dir() and old.name not in names and not old.name.startswith(("_", ".")) \
                and not any(old.glob("*.py")):
            shutil.rmtree(old)
    for c in cases:
        folder = target / c.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        for fname, data in c.files.items():
            (folder / fname).write_bytes(data)
    (target / "cases.toml").write_text(manifest_text(cases), encoding="utf-8")
    return cases


if __name__ == "__main__":
    written = generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"wrote {len(written)} cases")
