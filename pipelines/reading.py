"""Reading one CSV export: detect its dialect, decode strictly, split into records.

Nothing here guesses silently: every detected property is reported in ``RawTable.dialect``,
and where a file is ambiguous the read is refused with a message that names the setting to pin
in ``draagkracht.toml`` (``[input.files."NAME"]``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.errors import Refusal
from pipelines.settings import FilePins

# Bytes 0x80-0x9F are printable in Windows-1252 (€, curly quotes, ...) but control codes in
# Latin-1; five of them are undefined in cp1252 and make a strict cp1252 decode fail.
_C1 = re.compile(rb"[\x80-\x9f]")
csv.field_size_limit(10_000_000)


@dataclass
class RawTable:
    """A decoded CSV: all cells as strings (empty string = empty cell)."""

    path: Path
    sha256: str
    header: list[str]
    header_line: int  # physical line of the header record
    frame: pd.DataFrame  # columns = header, index 0..n-1, dtype object (str)
    lines: np.ndarray  # physical 1-based line number where each record starts
    rows_read: int  # records in the file, counted by the csv parser before any loading
    dialect: dict = field(default_factory=dict)
    bad_rows: list[dict] = field(default_factory=list)  # {line, rule, message}


def refusal(path: Path, rule: str, message: str, column: str | None = None,
            line: int | None = None) -> dict:
    text = message if rule in message else f"{message} (rule {rule})"
    return {"file": path.name, "column": column, "line": line, "rule": rule,
            "message": f"{path.name}: {text}"}


# a well-formed UTF-8 sequence of two to four bytes (a letter such as é or €)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes, path: Path, pinned: str | None) -> tuple[str, str]:
    """Return (codec, note). Raises Refusal when the bytes cannot be decoded unambiguously."""
    if pinned:
        return pinned, "pinned in configuration"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", "UTF-8 with byte order mark"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "UTF-16 with byte order mark"
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") >= len(head) // 3:
        # UTF-16 without a BOM: the NUL bytes sit on one side of each code unit.
        if head[1::2].count(b"\x00") > head[0::2].count(b"\x00"):
            return "utf-16-le", "UTF-16 little-endian without byte order mark"
        return "utf-16-be", "UTF-16 big-endian without byte order mark"
    try:
        data.decode("utf-8")
        return "utf-8", "UTF-8"
    except UnicodeDecodeError as e:
        bad = e.start
    utf8_before = _UTF8_MULTIBYTE.search(data, 0, bad)
    if utf8_before:
        # UTF-8 text (é, €, ë ...) up to a byte that is not: two exports pasted together.
        # Decoding it all as Windows-1252 would turn every earlier é into Ã©.
        raise Refusal([refusal(
            path, "mixed_encoding",
            f"line {_line_of(data, bad)}: byte 0x{data[bad]:02x} is not UTF-8, while line "
            f"{_line_of(data, utf8_before.start())} has UTF-8 text "
            f"('{utf8_before.group().decode('utf-8')}'): the file mixes two encodings; "
            "save it again in one (UTF-8)", line=_line_of(data, bad))])
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise Refusal([refusal(
            path, "unreadable_encoding",
            f"line {_line_of(data, e.start)}: not UTF-8 and not Windows-1252 (byte "
            f"0x{data[e.start]:02x} at offset {e.start} is undefined in Windows-1252); if the "
            f'file really is Latin-1, pin [input.files."{path.name}"] encoding = "latin-1"',
            line=_line_of(data, e.start))]) from e
    if _C1.search(data):
        return "cp1252", "Windows-1252 (has bytes 0x80-0x9F, such as €, that Latin-1 lacks)"
    return "cp1252", "Windows-1252 (identical to Latin-1 for this file)"


def detect_delimiter(text: str, path: Path, pinned: str | None) -> tuple[str, str]:
    if pinned:
        return pinned, "pinned in configuration"
    sample = text[:65536]
    first = sample.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(first, d) for d in (",", ";")}
    present = [d for d, n in counts.items() if n > 0]
    if len(present) == 1:
        return present[0], f"'{present[0]}' (only delimiter in the header)"
    if not present:
        return ",", "',' (header has a single column)"
    consistent = [d for d in present if _consistent_width(sample, d)]
    if len(consistent) == 1:
        return consistent[0], (f"'{consistent[0]}' (the only delimiter that gives every line the "
                               "header's width)")
    raise Refusal([refusal(
        path, "ambiguous_delimiter",
        "both ',' and ';' could be the delimiter; pin it with "
        f'[input.files."{path.name}"] delimiter = ";" (or ",")')])


def _count_outside_quotes(line: str, delim: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            n += 1
    return n


def _consistent_width(sample: str, delim: str) -> bool:
    lines = sample.splitlines()[:-1] or sample.splitlines()
    try:
        widths = {len(r) for r in csv.reader(lines[:200], delimiter=delim) if r}
    except csv.Error:
        return False
    return len(widths) == 1


def _split_records(text: str, delim: str, path: Path
                   ) -> tuple[list[list[str]], list[int], list[int]]:
    """Records, the physical line each starts on and the line it ends on. Blank lines are
    not records."""
    if '"' not in text:
        # No quoting anywhere: a record is a line (fast path, same result as the csv module).
        records, starts = [], []
        for i, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(line.split(delim))
                starts.append(i)
        return records, starts, starts
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    records, starts, ends = [], [], []
    prev_end = 0
    try:
        for rec in reader:
            start = prev_end + 1
            prev_end = reader.line_num
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # blank line: not a record
            records.append(rec)
            starts.append(start)
            ends.append(prev_end)
    except csv.Error as e:
        raise Refusal([refusal(
            path, "malformed_csv",
            f"line {prev_end + 1}: {e} (an unterminated quote swallows the rest of the file)",
            line=prev_end + 1)]) from e
    return records, starts, ends


def _swallowed_records(records: list[list[str]], starts: list[int], ends: list[int],
                       header: list[str], delim: str, path: Path) -> None:
    """Refuse a quoted field that runs over lines holding whole records: a stray quote mark
    (opened on one line, closed by another stray one further down) turns the lines between
    into one field, and those rows would vanish without being read or rejected. A line break
    inside a text (an address, a comment) has no line with a full record's delimiters."""
    width = len(header)
    for rec, start, end in zip(records, starts, ends, strict=True):
        if end == start:
            continue
        for i, value in enumerate(rec):
            inner = value.split("\n")[1:]
            if any(_count_outside_quotes(line, delim) >= width - 1 for line in inner):
                column = header[i] if i < width else None
                raise Refusal([refusal(
                    path, "malformed_csv",
                    f"lines {start}-{end}: a quoted field"
                    + (f" in column '{column}'" if column else "")
                    + f" runs over {end - start + 1} lines that hold whole rows (a stray "
                    f"quote mark at line {start}?); fix the quote and run again",
                    column=column, line=start)])


def read_table(path: Path, pins: FilePins | None = None) -> RawTable:
    """Decode and split one CSV file. Refuses unreadable or ambiguous files."""
    pins = pins or FilePins()
    path = Path(path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise Refusal([refusal(path, "empty_file", "the file is empty")])
    codec, enc_note = detect_encoding(data, path, pins.encoding)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as e:
        raise Refusal([refusal(path, "unreadable_encoding",
                               f"cannot be decoded as {codec}: {e}")]) from e
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise Refusal([refusal(path, "unreadable_encoding",
                               f"contains NUL characters after decoding as {codec}")])
    delim, delim_note = detect_delimiter(text, path, pins.delimiter)
    records, starts, ends = _split_records(text, delim, path)
    if not records:
        raise Refusal([refusal(path, "empty_file", "the file has no header")])
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    _swallowed_records(records, starts, ends, header, delim, path)
    seen: set[str] = set()
    for h in header:
        key = h.lower()
        if key in seen:
            raise Refusal([refusal(path, "duplicate_column", f"column '{h}' appears twice",
                                   column=h, line=starts[0])])
        seen.add(key)
    width = len(header)
    body, lines, bad = [], [], []
    for rec, line in zip(records[1:], starts[1:], strict=True):
        if len(rec) == width:
            body.append(rec)
            lines.append(line)
        else:
            bad.append({"line": line, "column": None, "rule": "field_count",
                        "message": f"{len(rec)} fields where the header has {width}"})
    rows_read = len(records) - 1
    cols = list(zip(*body, strict=True)) if body else [()] * width
    frame = pd.DataFrame({h: pd.array(list(c), dtype=object) for h, c in zip(header, cols,
                                                                           strict=True)})
    frame.index = pd.RangeIndex(len(body))
    dialect = {
        "encoding": codec,
        "encoding_note": enc_note,
        "delimiter": delim,
        "delimiter_note": delim_note,
        "line_endings": "CRLF" if "\r\n" in text[:65536] else "LF",
    }
    return RawTable(path=path, sha256=digest, header=header, header_line=starts[0], frame=frame,
                    lines=np.asarray(lines, dtype=np.int64), rows_read=rows_read,
                    dialect=dialect, bad_rows=bad)
