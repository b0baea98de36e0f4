"""From one raw CSV file to a typed frame in contract columns, or refusals.

Steps per file: decode (reading.py) → map headers to contract names → drop configured
columns → refuse forbidden, missing and unexpected columns → scan values for personal data →
parse numbers and dates with the file's detected conventions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines import parsing, privacy
from pipelines.contract import SourceKind
from pipelines.errors import Refusal
from pipelines.instrument import Instrument
from pipelines.reading import RawTable, read_table, refusal
from pipelines.settings import Settings


@dataclass
class IngestedFile:
    path: Path
    kind: SourceKind
    sha256: str = ""
    rows_read: int | None = None  # None: the file could not be split into rows
    dialect: dict = field(default_factory=dict)
    frame: pd.DataFrame | None = None  # typed contract columns + source_file, source_line
    bad_rows: list[dict] = field(default_factory=list)
    refusals: list[dict] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    raw: RawTable | None = None  # kept for the cells of quarantined rows
    source_names: dict[str, str] = field(default_factory=dict)  # contract -> mapped header

    def raw_cells(self, line: int) -> dict:
        """The raw cells of the record starting at ``line`` ({} for unparsed records)."""
        if self.raw is None:
            return {}
        pos = int(np.searchsorted(self.raw.lines, line))
        if pos >= len(self.raw.lines) or self.raw.lines[pos] != line:
            return {}
        return {str(k): v for k, v in self.raw.frame.iloc[pos].items()}

    @property
    def name(self) -> str:
        return self.path.name


def ingest_file(path: Path, kind: SourceKind, settings: Settings,
                instrument: Instrument) -> IngestedFile:
    out = IngestedFile(path=path, kind=kind)
    pins = settings.input.pins_for(path.name)
    try:
        raw = read_table(path, pins)
    except Refusal as r:
        out.refusals.extend(r.refusals)
        out.sha256 = _sha256(path)
        return out
    out.sha256, out.rows_read, out.dialect = raw.sha256, raw.rows_read, raw.dialect
    out.bad_rows = raw.bad_rows
    out.raw = raw
    if raw.rows_read == 0:
        out.refusals.append(refusal(path, "no_data_rows",
                                    "has a header but no data rows (a failed export?)"))
        return out
    frame, refusals, out.source_names = _map_columns(raw, kind, settings, instrument)
    out.refusals.extend(refusals)
    if out.refusals:
        return out
    drop = {d.strip().lower() for d in settings.input.drop_columns}
    out.dropped = [h for h in raw.header if h.lower() in drop]
    try:
        out.frame = _typed(frame, raw, kind, instrument, pins, out.dialect)
    except parsing.Ambiguous as e:
        out.refusals.append(refusal(
            path, "ambiguous_dialect",
            f"{e} in [input.files.\"{path.name}\"] of draagkracht.toml"))
    return out


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _map_columns(raw: RawTable, kind: SourceKind, settings: Settings,
                 instrument: Instrument) -> tuple[pd.DataFrame, list[dict], dict[str, str]]:
    """The contract columns under their contract names, the refusals, and contract name ->
    the user's header for the columns that were mapped (for messages about them)."""
    path = raw.path
    contract = {c.lower(): c for c in kind.columns}
    items = {i.lower(): i for i in instrument.items} if kind.has_items else {}
    mapping = {k.strip().lower(): v for k, v in settings.input.mapping_for(path.name).items()}
    drop = {d.strip().lower() for d in settings.input.drop_columns}
    refusals: list[dict] = []

    # Privacy first: a forbidden column refuses the file even when configured to be dropped.
    exempt = set()
    renamed: dict[str, str] = {}
    for h in raw.header:
        key = h.lower()
        target = mapping.get(key, h)
        tkey = target.lower()
        if tkey in contract:
            renamed[h] = contract[tkey]
        elif tkey in items:
            renamed[h] = items[tkey]
        # A header mapped to employee_ref is still scanned: "Personeelsnummer" holds raw
        # personnel numbers whatever it is mapped to (pseudonymise it first).
        if h in renamed and renamed[h] != "employee_ref":
            exempt.add(h)
    forbidden = set()
    for f in privacy.scan_headers(raw.header, exempt, header_line=raw.header_line):
        refusals.append(refusal(path, f.rule, f.message, column=f.column, line=f.line))
        forbidden.add(f.column)
    text_cols = {h for h in raw.header
                 if h not in renamed or kind.types.get(renamed[h]) == "text"}
    names = frozenset(h for h in text_cols if renamed.get(h, "").endswith("_name"))
    for f in privacy.scan_values(raw.frame, raw.lines, text_cols,
                                 settings.input.free_text_max_chars, names,
                                 settings.input.name_max_chars):
        refusals.append(refusal(path, f.rule, f.message, column=f.column, line=f.line))
    refs = {h for h, v in renamed.items() if v == "employee_ref"}
    for f in privacy.scan_refs(raw.frame, raw.lines, refs):
        refusals.append(refusal(path, f.rule, f.message, column=f.column, line=f.line))

    targets = list(renamed.values())
    for t in {t for t in targets if targets.count(t) > 1}:
        sources = [h for h, v in renamed.items() if v == t]
        refusals.append(refusal(path, "duplicate_column",
                                f"columns {sources} all map to '{t}'", column=t))
    # a forbidden column is refused as such, not a second time as unexpected
    unexpected = [h for h in raw.header
                  if h not in renamed and h.lower() not in drop and h not in forbidden]
    for h in unexpected:
        hint = _suggest(h, list(kind.columns) + list(items.values()))
        refusals.append(refusal(
            path, "unexpected_column",
            f"column '{h}' is neither in the {kind.name} contract nor an item of instrument "
            f"'{instrument.name}'{hint}; map it in [input.columns] or list it in "
            "[input] drop_columns", column=h, line=raw.header_line))
    present = set(renamed.values())
    constants = settings.input.pins_for(path.name).constants
    for col in constants:
        if col in present or col not in kind.columns:
            refusals.append(refusal(
                path, "bad_constant",
                f"[input.files.\"{path.name}\"] constants sets '{col}', which "
                + ("the file already has" if col in present else "is not a contract column"),
                column=col))
    present |= set(constants)
    for col in kind.required:
        if col not in present:
            hint = _suggest(col, [h for h in raw.header if h not in renamed])
            refusals.append(refusal(path, "missing_column",
                                    f"required column '{col}' is missing{hint}", column=col,
                                    line=raw.header_line))
    if kind.has_items:
        missing = [i for i in instrument.items if i not in present]
        if missing:
            refusals.append(refusal(
                path, "missing_column",
                f"items of instrument '{instrument.name}' are missing: {', '.join(missing)}",
                column=missing[0], line=raw.header_line))
    frame = raw.frame[[h for h in raw.header if h in renamed]].rename(columns=renamed)
    for col, value in constants.items():
        frame[col] = value
    return frame, refusals, {c: h for h, c in renamed.items() if c != h}


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name.lower(), [c.lower() for c in candidates], n=1,
                                      cutoff=0.75)
    if not close:
        return ""
    match = next(c for c in candidates if c.lower() == close[0])
    return f" (did you mean '{match}'?)"


def _typed(frame: pd.DataFrame, raw: RawTable, kind: SourceKind, instrument: Instrument,
           pins, dialect: dict) -> pd.DataFrame:
    for col, default in kind.optional.items():
        if col not in frame.columns:
            frame[col] = default
    decimals = [frame[c] for c, t in kind.types.items() if t in ("decimal", "int")]
    dec, dec_note = parsing.detect_decimal(decimals, pins.decimal)
    dates = [frame[c] for c, t in kind.types.items() if t in ("date", "month")]
    fmt, date_note = parsing.detect_date_format(dates, pins.date_format)
    dialect.update(decimal=dec, decimal_note=dec_note, date_format=fmt, date_note=date_note)

    out = pd.DataFrame(index=frame.index)
    for col, typ in kind.types.items():
        s = parsing.clean(frame[col])
        present = s != ""
        if typ in ("id", "text"):
            out[col] = s.where(present, None)
            # ids too: team and department ids are shown and exported like names
            out[f"_formula_{col}"] = privacy.formula_prefix(s)
        elif typ in ("int", "decimal"):
            val = parsing.parse_number(s, dec)
            out[col] = val
            ok = ~present | val.notna()
            if typ == "int":
                ok &= ~present | (val.fillna(0) % 1 == 0)
            out[f"_typeok_{col}"] = ok
        else:
            val = parsing.parse_date(s, fmt, month_only=(typ == "month"))
            out[col] = val
            out[f"_typeok_{col}"] = ~present | val.notna()
        out[f"_present_{col}"] = present
    if kind.has_items:
        for item in instrument.items:
            s = parsing.clean(frame[item])
            present = s != ""
            val = parsing.parse_whole(s)
            out[item] = val
            out[f"_typeok_{item}"] = ~present | val.notna()
        answered = out[instrument.items].notna().any(axis=1) | ~pd.concat(
            [out[f"_typeok_{i}"] for i in instrument.items], axis=1).all(axis=1)
        out["_answered"] = answered
    out["source_file"] = raw.path.name
    out["source_line"] = np.asarray(raw.lines, dtype=np.int64)
    return out


_EMPTY_DTYPES = {"id": object, "text": object, "int": "float64", "decimal": "float64",
                 "date": "datetime64[ns]", "month": "datetime64[ns]"}


def empty_frame(kind: SourceKind, instrument: Instrument) -> pd.DataFrame:
    """The typed frame of a source kind with no file in the folder."""
    cols = {c: pd.Series(dtype=_EMPTY_DTYPES[t]) for c, t in kind.types.items()}
    flags = [f"_present_{c}" for c in kind.types]
    if kind.has_items:
        cols.update({i: pd.Series(dtype="float64") for i in instrument.items})
        flags += ["_answered", *(f"_typeok_{i}" for i in instrument.items)]
    cols.update({f: pd.Series(dtype=bool) for f in flags})
    cols["source_file"] = pd.Series(dtype=object)
    cols["source_line"] = pd.Series(dtype="int64")
    return pd.DataFrame(cols)
