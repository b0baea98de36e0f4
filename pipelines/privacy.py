"""Detectors of data that must never be loaded (domain.md §4).

Two kinds of check, both reporting :class:`Finding` objects that name the column and the rule,
never the offending value:

- :func:`scan_headers`: column names that announce forbidden content (names, contact details,
  identifiers, health content, free text, raw personnel numbers), matched on whole words.
- :func:`scan_values`: cell values that give forbidden content away whatever the column is
  called (e-mail addresses, Dutch phone numbers, BSN columns, IBANs, ICD-10 codes, free text).
- :func:`scan_refs`: an ``employee_ref`` column of plain short numbers (raw personnel numbers).

:func:`formula_prefix` is a row rule, not a refusal: it marks cells that a spreadsheet would run
as a formula (CSV injection), for the pipeline to quarantine.

All value checks are vectorised: a cheap test (length, first character, one literal) selects the
few candidate cells of a column, and only those go through the exact pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binomtest


@dataclass(frozen=True)
class Finding:
    column: str
    rule: str
    message: str
    line: int | None = None  # 1-based physical line in the file, when known


# --------------------------------------------------------------------------------------------
# Header words
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Category:
    name: str
    label: str  # plain English, completes "its name says it holds ..."
    words: frozenset[str]  # whole words
    stems: tuple[str, ...] = ()  # word prefixes (pregnan -> pregnancy, pregnant)
    phrases: tuple[tuple[str, ...], ...] = ()  # consecutive words (employee id)


# Dutch compounds are only caught when listed: matching inside words would turn `parts` into a
# doctor (arts) and `department` into a name. Order = priority when a header hits several.
_CATEGORIES: tuple[_Category, ...] = (
    _Category(
        "personnel_number",
        "raw personnel numbers (the contract wants employee_ref, an opaque pseudonym made with "
        "`draagkracht pseudonymise`)",
        frozenset({
            "personeelsnummer", "personeelsnr", "personeelsnummers", "medewerkernummer",
            "medewerkersnummer", "medewerkernr", "werknemernummer", "werknemersnummer",
            "werknemernr", "employeeid", "employeenumber", "employeeno", "employeenr",
            "personnelnumber", "personnelid", "staffnumber", "staffid", "staffno", "empid",
            "empno", "persnr", "personeelsid",
        }),
        phrases=tuple(
            (a, b)
            for a in ("employee", "emp", "personnel", "staff", "personeel", "pers",
                      "medewerker", "medewerkers", "werknemer", "werknemers")
            for b in ("id", "number", "no", "nr", "nummer", "num")
        ),
    ),
    _Category(
        "identifier",
        "direct identifiers (BSN, bank account or date of birth)",
        frozenset({
            "bsn", "bsnnummer", "sofi", "sofinummer", "sofinr", "burgerservicenummer", "ssn",
            "iban", "rekeningnummer", "bankrekening", "bankrekeningnummer", "paspoort",
            "paspoortnummer", "passport", "geboortedatum", "geboortedag", "gebdatum",
            "geboren", "birth", "birthdate", "birthday", "dob",
        }),
        phrases=(("geb", "datum"), ("social", "security")),
    ),
    _Category(
        "health",
        "health content (the nature or cause of an illness)",
        frozenset({
            "icd", "oorzaak", "oorzaken", "verzuimoorzaak", "ziekteoorzaak", "reden",
            "redenen", "verzuimreden", "ziektereden", "reason", "reasons", "cause", "causes",
            "arts", "artsen", "huisarts", "bedrijfsarts", "doctor", "doctors", "physician",
            "illness", "disease", "aandoening",
        }),
        stems=("diagnos", "medicat", "medicijn", "zwanger", "pregnan", "klacht", "complaint",
               "sympto"),
    ),
    _Category(
        "name",
        "personal names",
        frozenset({
            "naam", "namen", "voornaam", "voornamen", "achternaam", "roepnaam",
            "geboortenaam", "meisjesnaam", "tussenvoegsel", "voorletters", "initialen",
            "name", "names", "firstname", "lastname", "surname", "fullname", "givenname",
            "familyname", "forename", "initials",
        }),
    ),
    _Category(
        "contact",
        "contact details",
        frozenset({
            "email", "emails", "emailadres", "emailaddress", "mail", "mailadres", "telefoon",
            "telefoonnummer", "telefoonnr", "telnr", "phone", "phonenumber", "telephone", "mobiel",
            "mobielnummer", "mobile", "gsm", "adres", "adressen", "woonadres", "huisadres",
            "thuisadres", "postadres", "address", "addresses", "postcode", "zipcode", "zip",
            "huisnummer", "straat", "straatnaam", "street", "woonplaats",
        }),
    ),
    _Category(
        "free_text",
        "free text",
        frozenset({"note", "notes", "memo"}),
        stems=("notitie", "opmerking", "comment", "toelichting", "remark"),
    ),
)

_EMAIL_WORD = re.compile(r"(?<![A-Za-z0-9])[Ee][\s_\-]?[Mm][Aa][Ii][Ll]")


def header_words(header: str) -> list[str]:
    """Lower-case words of a header: split on non-alphanumerics, camelCase and letter/digit."""
    h = unicodedata.normalize("NFKC", header)
    h = re.sub(r"([a-z])([A-Z])", r"\1 \2", h)  # teamName -> team Name
    h = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", h)  # ICDCode -> ICD Code
    h = _EMAIL_WORD.sub("email", h)  # E-mail, e_mail, E Mail -> email
    h = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", h)  # ICD10 -> ICD 10
    return [w for w in re.split(r"[\W_]+", h.lower()) if w]


# "name" next to one of these names a unit, not a person: team_name, Naam afdeling.
_UNIT_WORDS = frozenset({
    "team", "teams", "department", "departments", "dept", "afdeling", "afdelingen", "unit",
    "division", "divisie", "organisation", "organization", "org", "organisatie", "company",
    "bedrijf", "location", "locatie", "site", "vestiging", "cluster", "group", "groep",
    "instrument", "scale", "schaal", "file", "bestand",
})
_NAME_WORDS = frozenset({"name", "names", "naam", "namen"})


def _unit_name(words: list[str], i: int) -> bool:
    neighbours = words[max(i - 1, 0):i] + words[i + 1:i + 2]
    return words[i] in _NAME_WORDS and any(n in _UNIT_WORDS for n in neighbours)


def _matches(words: list[str], cat: _Category) -> str | None:
    for i, w in enumerate(words):
        if (w in cat.words or w.startswith(cat.stems)) and not _unit_name(words, i):
            return w
    for phrase in cat.phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                return " ".join(phrase)
    return None


def scan_headers(headers: list[str], exempt: set[str],
                 header_line: int | None = None) -> list[Finding]:
    """Findings for column names that announce forbidden content (one per column).

    ``exempt`` holds names that are allowed whatever their words (contract columns such as
    ``team_name``, instrument item codes); compared exactly and case-insensitively.
    """
    exempt_lower = {e.strip().lower() for e in exempt}
    findings = []
    for header in headers:
        if header.strip().lower() in exempt_lower:
            continue
        words = header_words(header)
        for cat in _CATEGORIES:
            hit = _matches(words, cat)
            if hit is None:
                continue
            rule = f"forbidden_column:{cat.name}"
            findings.append(Finding(
                column=header, rule=rule, line=header_line,
                message=(f"column '{header}' is refused (rule {rule}): its name ('{hit}') says it "
                         f"holds {cat.label}, which may not be loaded; remove the column from "
                         "the export"),
            ))
            break
    return findings


# --------------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------------

BSN_ALPHA = 1e-6  # one-sided binomial test against the 1 in 11 that random numbers pass
BSN_ALL_PASS_MIN = 3  # ... or at least this many distinct numbers, all passing
PHONE_BARE_SHARE = 0.5  # unformatted 0XXXXXXXXX counts only as a column of such numbers
ICD_DOTTED_SHARE = 0.2  # share of non-empty values like F43.0 that marks an ICD column
ICD_MOSTLY_SHARE = 0.8  # ... or this share of values like F43 / M54 ...
ICD_MOSTLY_LETTERS = 3  # ... spread over at least this many chapter letters (not T01, T02)
FREE_TEXT_MIN_WORDS = 3

# Patterns avoid \s, \S and lookarounds so pandas can hand them to pyarrow (RE2) instead of
# falling back to Python's re cell by cell.
_SPACE = "[ \t\u00a0]"  # the characters themselves, not escapes
_BLANK = "[ \t\r\n\u00a0]"  # between words of free text
_NON_SPACE = "[^ \t\r\n\u00a0]"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_SEP = f"(?:{_SPACE}|-)"
# +31 6 1234 5678, 0031 20 123 4567, +31 (0)6 12345678: country code and nine digits
_PHONE_INTL = rf"(?:\+|00)31{_SPACE}?(?:\(0\))?{_SEP}?[1-9](?:{_SEP}?[0-9]){{8}}"
# 06-12345678, 020-1234567, (020) 123 4567, 010 - 123 45 67: exactly ten digits
_PHONE_NATIONAL = rf"\(?0[1-9](?:(?:{_SEP}|\)){{0,3}}[0-9]){{8}}"
_PHONE_BARE = r"0[1-9][0-9]{8}"
_BSN = r"[0-9]{8,9}|[0-9]{4}[ .][0-9]{2}[ .][0-9]{3}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}"
_IBAN_START = r"[A-Za-z]{2}[0-9]{2}"
_ICD = r"[A-Za-z][0-9]{2}(?:\.[0-9A-Za-z]{1,4})?"
_ICD_DOTTED = r"[A-Za-z][0-9]{2}\.[0-9A-Za-z]{1,4}"
_WORDS = f"{_NON_SPACE}+{_BLANK}+" * (FREE_TEXT_MIN_WORDS - 1) + f"{_NON_SPACE}+"
_FORMULA_START = ("=", "+", "-", "@")
_LEADING_SPACE = (" ", "\t", "\r", "\n")
_NUMBER = r"[+\-]?[.,]?[0-9][0-9.,]*(?:[eE][+\-]?[0-9]+)?%?"

# IBAN length per country (ISO 13616 registry), so random codes rarely qualify.
_IBAN_LENGTH = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# Exact national formats (upper case) of the accounts most likely in a Dutch export.
_IBAN_NATIONAL = ("NL[0-9]{2}[A-Z]{4}[0-9]{10}|BE[0-9]{14}|DE[0-9]{20}|LU[0-9]{5}[A-Z0-9]{13}"
                  "|FR[0-9]{12}[A-Z0-9]{11}[0-9]{2}|GB[0-9]{2}[A-Z]{4}[0-9]{14}")
_IBAN_MIN, _IBAN_MAX = min(_IBAN_LENGTH.values()), max(_IBAN_LENGTH.values())


def _as_text(series: pd.Series) -> pd.Series:
    """The column as Arrow-backed strings (fast .str methods), missing as empty."""
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("str")
    return series.fillna("")


class _Column:
    """One column's stripped text and lengths, with helpers to report on a subset of rows."""

    def __init__(self, name: str, series: pd.Series, lines: np.ndarray):
        self.name = name
        raw = _as_text(series)
        self.text = raw.str.strip()
        self.length = self.text.str.len().to_numpy(dtype=np.int64, na_value=0)
        self.nonempty = int(np.count_nonzero(self.length))
        self.lines = lines

    def rows_with_length(self, lo: int, hi: int | None = None) -> np.ndarray:
        ok = self.length >= lo
        if hi is not None:
            ok &= self.length <= hi
        return np.flatnonzero(ok)

    def values(self, rows: np.ndarray) -> pd.Series:
        return self.text.iloc[rows]

    def first_line(self, rows: np.ndarray) -> int | None:
        if len(rows) == 0 or len(self.lines) == 0:
            return None
        return int(np.min(self.lines[rows]))

    def finding(self, rule: str, rows: np.ndarray, what: str) -> Finding:
        line = self.first_line(rows)
        where = f", first on line {line}" if line is not None else ""
        n = len(rows)
        return Finding(
            column=self.name, rule=rule, line=line,
            message=(f"column '{self.name}' is refused (rule {rule}): it holds {what} "
                     f"({n} value{'s' if n != 1 else ''}{where}); such data may not be loaded"),
        )


def _mask(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype=bool, na_value=False, copy=True)


def _email(col: _Column) -> Finding | None:
    rows = col.rows_with_length(5)
    if len(rows) == 0:
        return None
    vals = col.values(rows)
    rows = rows[_mask(vals.str.contains("@", regex=False))]
    if len(rows) == 0:
        return None
    rows = rows[_mask(col.values(rows).str.contains(_EMAIL, regex=True))]
    if len(rows) == 0:
        return None
    return col.finding("forbidden_value:email", rows, "e-mail addresses")


def _phone(col: _Column) -> Finding | None:
    rows = col.rows_with_length(10, 20)
    if len(rows) == 0:
        return None
    rows = rows[_mask(col.values(rows).str.startswith(("0", "+", "(")))]
    if len(rows) == 0:
        return None
    vals = col.values(rows)
    bare = _mask(vals.str.fullmatch(_PHONE_BARE))
    hits = _mask(vals.str.fullmatch(_PHONE_INTL)) | _mask(vals.str.fullmatch(_PHONE_NATIONAL))
    hits &= ~bare
    # Unformatted numbers count only as a column of them: a zero-padded id or an all-digit
    # hash may look like 06xxxxxxxx now and then.
    if col.nonempty and np.count_nonzero(bare) / col.nonempty >= PHONE_BARE_SHARE:
        hits |= bare
    if not hits.any():
        return None
    return col.finding("forbidden_value:phone", rows[hits], "Dutch phone numbers")


def _bsn_passes(numbers: np.ndarray) -> np.ndarray:
    """The BSN 11-check (elfproef) on 9-digit integers: 9*d1 + 8*d2 + ... + 2*d8 - d9."""
    total = np.zeros(len(numbers), dtype=np.int64)
    rest = numbers.copy()
    for weight in (-1, 2, 3, 4, 5, 6, 7, 8, 9):  # from the last digit to the first
        total += weight * (rest % 10)
        rest //= 10
    return (total % 11 == 0) & (numbers > 0)


def _n_distinct(values: np.ndarray) -> int:
    ordered = np.sort(values)
    return int(len(ordered) and 1 + np.count_nonzero(ordered[1:] != ordered[:-1]))


def _bsn(col: _Column) -> Finding | None:
    rows = col.rows_with_length(8, 11)
    if len(rows) == 0:
        return None
    rows = rows[_mask(col.values(rows).str.fullmatch(_BSN))]
    if len(rows) == 0:
        return None
    vals = col.values(rows)
    formatted = col.length[rows] > 9  # 1234.56.782, 123 456 782
    if formatted.any():
        vals = vals.where(~formatted, vals.str.replace(r"[^0-9]", "", regex=True))
    # 8 digits = a BSN that lost its leading zero
    numbers = vals.astype("int64[pyarrow]").to_numpy(dtype=np.int64)
    passing = _bsn_passes(numbers)
    if not passing.any():
        return None
    # Distinct numbers: a repeated number (one employee's many rows) is no new evidence.
    n, k = _n_distinct(numbers), _n_distinct(numbers[passing])
    all_pass = n >= BSN_ALL_PASS_MIN and k == n
    if not all_pass and binomtest(k, n, 1 / 11, alternative="greater").pvalue >= BSN_ALPHA:
        return None
    hits = rows[passing]
    what = (f"citizen service numbers: {k} of its {n} distinct 8- or 9-digit numbers pass the "
            "BSN 11-check, where about 1 in 11 would by chance")
    return col.finding("forbidden_value:bsn", hits, what)


def _iban_valid(codes: list[str]) -> np.ndarray:
    """ISO 7064 mod 97-10 on upper-case, space-free candidates, vectorised over positions."""
    width = max(len(c) for c in codes)
    padded = "".join(c[4:] + c[:4] + "#" * (width - len(c)) for c in codes)
    chars = np.frombuffer(padded.encode("ascii"), dtype=np.uint8).reshape(len(codes), width)
    rem = np.zeros(len(codes), dtype=np.int64)
    for j in range(width):
        c = chars[:, j].astype(np.int64)
        digit = (c >= 48) & (c <= 57)
        letter = (c >= 65) & (c <= 90)
        rem = np.where(digit, (rem * 10 + (c - 48)) % 97, rem)
        rem = np.where(letter, (rem * 100 + (c - 55)) % 97, rem)
    return rem == 1


def _iban(col: _Column) -> Finding | None:
    rows = col.rows_with_length(_IBAN_MIN, _IBAN_MAX + 8)  # room for spaces between groups
    if len(rows) == 0:
        return None
    rows = rows[_mask(col.values(rows).str.match(_IBAN_START))]
    if len(rows) == 0:
        return None
    compact = col.values(rows).str.replace(" ", "", regex=False).str.upper()
    ok = _mask(compact.str.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}"))
    expected = compact.str[:2].map(_IBAN_LENGTH).to_numpy(dtype=float, na_value=np.nan)
    ok &= compact.str.len().to_numpy(dtype=float) == expected
    if not ok.any():
        return None
    rows, codes = rows[ok], compact[ok]
    distinct, inverse = np.unique(codes.to_numpy(dtype=object).astype(str), return_inverse=True)
    valid = _iban_valid(list(distinct))[inverse]
    if not valid.any():
        return None
    # A random code of the right shape passes mod-97 about 1 time in 97: a hex pseudonym
    # column ("be034a57ec78b03e") throws up a few. A value counts on its own when its
    # country-specific account number has the exact national format; otherwise the column
    # must pass far more often than chance, as with the BSN 11-check.
    national = _mask(codes.str.fullmatch(_IBAN_NATIONAL))
    n, k = len(distinct), int(np.count_nonzero(_iban_valid(list(distinct))))
    by_chance = binomtest(k, n, 1 / 97, alternative="greater").pvalue >= BSN_ALPHA
    hits = valid & national if by_chance else valid
    if not hits.any():
        return None
    return col.finding("forbidden_value:iban", rows[hits],
                       "IBANs with a valid checksum")


def _icd10(col: _Column) -> Finding | None:
    if col.nonempty == 0:
        return None
    rows = col.rows_with_length(3, 8)
    if len(rows) == 0:
        return None
    vals = col.values(rows)
    like = _mask(vals.str.fullmatch(_ICD))
    if not like.any():
        return None
    dotted = like & _mask(vals.str.fullmatch(_ICD_DOTTED))
    n_like, n_dotted = int(np.count_nonzero(like)), int(np.count_nonzero(dotted))
    letters = vals[like].str[:1].str.upper().nunique()
    if n_dotted / col.nonempty >= ICD_DOTTED_SHARE:
        hits = rows[dotted]
    elif n_like / col.nonempty >= ICD_MOSTLY_SHARE and letters >= ICD_MOSTLY_LETTERS:
        hits = rows[like]
    else:
        return None
    return col.finding("forbidden_value:icd10", hits, "ICD-10 diagnosis codes")


def _free_text(col: _Column, max_chars: int, setting: str) -> Finding | None:
    rows = col.rows_with_length(max_chars + 1)
    if len(rows) == 0:
        return None
    rows = rows[_mask(col.values(rows).str.contains(_WORDS, regex=True))]
    if len(rows) == 0:
        return None
    return col.finding("forbidden_value:free_text", rows,
                       f"free text (longer than {max_chars} characters, several words; "
                       f"if it is not, raise [input] {setting})")


def scan_values(frame: pd.DataFrame, lines: np.ndarray, text_columns: set[str],
                free_text_max_chars: int = 60, name_columns: frozenset[str] = frozenset(),
                name_max_chars: int = 80) -> list[Finding]:
    """Findings for forbidden values, at most one per column per rule (with count and line).

    ``frame`` holds every cell as a string (empty string = empty cell); ``lines[i]`` is the
    physical line of row ``i``. ICD-10 codes and free text are only looked for in
    ``text_columns`` (free-string columns, not ids such as ``team_id`` where ``T01`` is a team);
    in ``name_columns`` (team and department names, which run long: "Barking, Havering and
    Redbridge University Hospitals NHS Trust") text counts as free only above ``name_max_chars``.
    """
    lines = np.asarray(lines)
    findings: list[Finding] = []
    for name in frame.columns:
        col = _Column(str(name), frame[name], lines)
        if col.nonempty == 0:
            continue
        checks: list[Finding | None] = [_email(col), _phone(col), _bsn(col), _iban(col)]
        if name in text_columns:
            limit = ((name_max_chars, "name_max_chars") if name in name_columns
                     else (free_text_max_chars, "free_text_max_chars"))
            checks += [_icd10(col), _free_text(col, *limit)]
        findings.extend(f for f in checks if f is not None)
    return findings


PERSONNEL_NUMBER = r"[0-9]{1,7}"


def scan_refs(frame: pd.DataFrame, lines: np.ndarray, ref_columns: set[str]) -> list[Finding]:
    """Findings for ``employee_ref`` columns that hold raw personnel numbers rather than
    pseudonyms: every value a plain number of at most seven digits (``17``, ``004711``), as HR
    systems number their staff. A pseudonym of ``draagkracht pseudonymise`` is 16 hex
    characters; longer numbers are left to the BSN check (a random 9-digit code may be one)."""
    findings = []
    for name in ref_columns:
        col = _Column(str(name), frame[name], np.asarray(lines))
        rows = col.rows_with_length(1)
        if len(rows) and _mask(col.values(rows).str.fullmatch(PERSONNEL_NUMBER)).all():
            findings.append(col.finding(
                "forbidden_value:personnel_number", rows,
                "plain numbers of at most 7 digits, which look like personnel numbers; replace "
                "them first with `draagkracht pseudonymise`"))
    return findings


def formula_prefix(series: pd.Series) -> pd.Series:
    """Cells a spreadsheet would run as a formula: text starting with = + - @ (after optional
    whitespace) that is not a plain number (``-3``, ``+31``, ``-1,5``) or a lone sign."""
    text = _as_text(series)
    result = np.zeros(len(text), dtype=bool)
    rows = np.flatnonzero(_mask(text.str.startswith(_FORMULA_START + _LEADING_SPACE)))
    if len(rows):
        vals = text.iloc[rows].str.strip()
        prefixed = _mask(vals.str[:1].isin(list(_FORMULA_START)))
        rows, vals = rows[prefixed], vals[prefixed]
        harmless = _mask(vals.str.fullmatch(_NUMBER)) | _mask(vals.isin(["-", "+"]))
        result[rows[~harmless]] = True
    return pd.Series(result, index=series.index, name=series.name)


def rules() -> Iterable[str]:
    """Every rule name these detectors can report."""
    yield from (f"forbidden_column:{c.name}" for c in _CATEGORIES)
    yield from (f"forbidden_value:{v}"
                for v in ("email", "phone", "bsn", "iban", "icd10", "free_text",
                          "personnel_number"))
