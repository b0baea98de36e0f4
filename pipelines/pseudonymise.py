"""Replace raw personnel numbers with keyed pseudonyms, for HR to run before handing data over.

``draagkracht pseudonymise IN OUT --column NAME --key-file F``

The pseudonym is the lower-case hex HMAC-SHA256 of the personnel number under a key that only
the employer holds, so the same number under the same key always gives the same pseudonym (spells
of one employee stay linked across files and months), and nobody without the key can recompute
it from a list of personnel numbers.

Normalisation: only surrounding whitespace is stripped before hashing. Leading zeros and case
are kept, so ``0012`` and ``12`` give different pseudonyms: export personnel numbers the same way
every time. An empty (or whitespace-only) cell stays empty.

Key file: written by :func:`generate_key` (32 random bytes as 64 hex characters, mode 0600).
A file whose content, without surrounding whitespace, is only hex digits is read as hex; any other
file is used as raw bytes. Either way the key must be at least 32 bytes. Keep the key: losing it
means new pseudonyms, so history no longer links up.

The CSV keeps its encoding (UTF-8 with or without byte order mark, UTF-16 with byte order mark,
else Windows-1252 decoded strictly), its delimiter (``,`` or ``;``, taken from the header line)
and its line endings. All other cells keep their values; quoting is rewritten minimally (a field
quoted without need in the input may come out unquoted). The output is written to a temporary
file beside it and moved into place, so it is never half-written; it is readable by its owner only.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
import string
import tempfile
from pathlib import Path

from pipelines.errors import ConfigError

KEY_BYTES = 32


def generate_key(path: Path) -> Path:
    """Write a new random key (32 bytes as hex) readable by the owner only. Never overwrites."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise ConfigError(f"key file {path} already exists; refusing to overwrite it (a new key "
                          "gives new pseudonyms, so history would no longer link up)") from e
    except OSError as e:
        raise ConfigError(f"cannot create key file {path}: {e.strerror}") from e
    with os.fdopen(fd, "w", encoding="ascii") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(secrets.token_hex(KEY_BYTES) + "\n")
    return path


def load_key(key_file: Path) -> bytes:
    """The key bytes; ConfigError when the file is missing, empty or too short."""
    key_file = Path(key_file)
    if not key_file.is_file():
        raise ConfigError(f"key file {key_file} does not exist; pseudonymising needs an "
                          f"employer-held key of at least {KEY_BYTES} random bytes")
    data = key_file.read_bytes()
    text = data.strip()
    if not text:
        raise ConfigError(f"key file {key_file} is empty")
    if all(chr(b) in string.hexdigits for b in text) and len(text) % 2 == 0:
        key = bytes.fromhex(text.decode("ascii"))
    else:
        key = data
    if len(key) < KEY_BYTES:
        raise ConfigError(f"key file {key_file} holds a {len(key)}-byte key; at least "
                          f"{KEY_BYTES} bytes are needed (64 hex characters)")
    return key


def pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the whitespace-stripped value, as 64 hex characters; empty stays empty."""
    value = value.strip()
    if not value:
        return ""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = "utf-8"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        if codec != "utf-8":
            raise ConfigError(f"{path.name}: cannot be decoded as {codec}") from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path.name}: neither UTF-8 nor Windows-1252 (byte 0x{data[e.start]:02x}"
                          f" at offset {e.start})") from None


def _header_fields(first_line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([first_line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return []
    return [h.strip() for h in row]


def _dialect(text: str, column: str, path: Path) -> tuple[str, str]:
    """(delimiter, line terminator): the delimiter whose split of the header has ``column``."""
    first, sep, _ = text.partition("\n")
    terminator = "\r\n" if first.endswith("\r") else "\n"
    first = first.rstrip("\r")
    found = [d for d in (",", ";") if column in _header_fields(first, d)]
    if len(found) == 2:  # a one-column header, or the column's name has no delimiter around it
        found = [d for d in found if len(_header_fields(first, d)) > 1] or [","]
    if len(found) == 1:
        return found[0], terminator
    headers = _header_fields(first, ";" if first.count(";") > first.count(",") else ",")
    if not found:
        raise ConfigError(f"{path.name}: has no column '{column}' (columns: "
                          f"{', '.join(repr(h) for h in headers)})")
    raise ConfigError(f"{path.name}: the header splits on both ',' and ';' with a column "
                      f"'{column}'; cannot tell the delimiter")


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def pseudonymise(in_path: Path, out_path: Path, column: str, key_file: Path, *,
                 rename_to: str | None = None) -> int:
    """Write ``in_path`` to ``out_path`` with ``column`` pseudonymised; returns data rows written.

    ``rename_to`` (e.g. ``employee_ref``) also renames the column in the header: a load refuses
    a header such as ``personeelsnummer`` whatever it holds.

    Raises ConfigError (nothing written) without a usable key, without the column, when the
    output would overwrite the input or the key, or when a row's field count differs from the
    header's (a shifted row could leave a raw number in another column).
    """
    in_path, out_path, key_file = Path(in_path), Path(out_path), Path(key_file)
    key = load_key(key_file)
    if not in_path.is_file():
        raise ConfigError(f"input file {in_path} does not exist")
    if _same_file(in_path, out_path):
        raise ConfigError(f"output {out_path} is the input file; write to a new file")
    if _same_file(key_file, out_path):
        raise ConfigError(f"output {out_path} is the key file; write to a new file")
    text, codec = _decode(in_path.read_bytes(), in_path)
    delimiter, terminator = _dialect(text, column, in_path)

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out_dir = out_path.parent if str(out_path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_dir)
    tmp = Path(tmp_name)
    rows = 0
    try:
        with os.fdopen(fd, "w", encoding=codec, newline="") as out:
            writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator)
            try:
                header = next(reader)
                names = [h.strip() for h in header]
                index = names.index(column)
                if rename_to is not None:
                    if rename_to in names and rename_to != column:
                        raise ConfigError(f"{in_path.name}: already has a column '{rename_to}'")
                    header = [*header[:index], rename_to, *header[index + 1:]]
                writer.writerow(header)
                for record in reader:
                    if not record:
                        writer.writerow(record)  # blank line stays blank
                        continue
                    if len(record) != len(header):
                        raise ConfigError(
                            f"{in_path.name}: line {reader.line_num} has {len(record)} fields "
                            f"where the header has {len(header)}; fix the file first")
                    record[index] = pseudonym(record[index], key)
                    writer.writerow(record)
                    rows += 1
            except csv.Error as e:
                raise ConfigError(f"{in_path.name}: line {reader.line_num}: {e}") from None
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return rows
