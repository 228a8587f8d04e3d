"""Reading a CSV file that someone else wrote: every cell as text, or one clear error line.

Contributors and instructors supply these files, so nothing in them is trusted. Every problem is
a ValueError naming the file, the line and what was expected, never a traceback from inside a
parser. Nothing is changed or dropped silently either: a row with more or fewer fields than the
header is an error, where pandas would shift the columns (extra fields become an index) or fill
the gap. The standard library's :mod:`csv` module does the parsing; pandas only holds the result.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

DICTIONARY = "see medmassage/finder/data/README.md"
QUOTING_HINT = (
    "a field with a comma, a quote or a line break in it must be in double quotes, with each quote inside doubled"
)


def read_text_table(path: Path, columns: Sequence[str], *, what: str, row_name: str, max_bytes: int) -> pd.DataFrame:
    """The records of the CSV file at ``path`` after its header, every cell a string ('' where empty).

    The header must name each of ``columns`` once and nothing else, in any order; the first of
    ``columns`` is the id that messages quote for a bad row. ``what`` names the file in messages
    ("registry file"), ``row_name`` what a row is ("therapist"). A file over ``max_bytes`` is refused
    without being read whole. Any problem raises ValueError with a one-line message.
    """
    where = f"{what} {path}"
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # never more than the limit, whatever the file's size
    except OSError as error:
        raise ValueError(f"{where}: cannot be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise ValueError(
            f"{where}: is larger than the {max_bytes / 1e6:g} MB limit for this file: is it the right file?"
        )
    text = _decode(data, where)
    if not text.strip():
        raise ValueError(
            f"{where}: is empty ({len(data)} bytes): expected a header line ({','.join(columns[:3])},...) "
            f"and one row per {row_name}"
        )
    records = _records(text, where)
    header_line, header = records[0]
    _check_header(header, columns, f"{where}: line {header_line}")
    if len(records) == 1:
        raise ValueError(f"{where}: has a header line but no {row_name}s: expected one row per {row_name} after it")
    id_at = header.index(columns[0])
    for line, row in records[1:]:
        if len(row) != len(header):
            # The id is quoted only if the row reaches its column; a row can be too short for that.
            who = f" ({row_name} {row[id_at].strip()})" if len(row) > id_at and row[id_at].strip() else ""
            raise ValueError(
                f"{where}: line {line}{who}: {len(row)} field{'s' * (len(row) != 1)}, expected {len(header)} "
                "(one per column of the header): look for a missing or extra comma, or a comma inside a field "
                "that is not in double quotes"
            )
    return pd.DataFrame([row for _, row in records[1:]], columns=header, dtype=str)


def _decode(data: bytes, where: str) -> str:
    """The file as text: UTF-8 (a byte-order mark from a spreadsheet is allowed), no NUL bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{where}: line {line}: not UTF-8 text (byte 0x{data[error.start]:02x} at byte "
            f"{error.start - line_start + 1} of the line): save the file as UTF-8"
        ) from None
    if "\x00" in text:
        # UTF-16 without a byte-order mark decodes as "UTF-8" with a NUL between letters.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ValueError(f"{where}: line {line}: contains a NUL byte (0x00), so it is not plain text: save it as UTF-8")
    return text


def _records(text: str, where: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, its fields) for every non-blank record; a quoted field may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row:  # a blank line holds no data (pandas skips them too)
                records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValueError(f"{where}: line {start}: not valid CSV ({error}): {QUOTING_HINT}") from None
    return records


def _check_header(header: list[str], columns: Sequence[str], where: str) -> None:
    """Each expected column once, and no other: an unknown column would be dropped without a word."""
    twice = [(name, n) for name, n in Counter(header).items() if n > 1]
    if twice:
        name, n = twice[0]
        raise ValueError(
            f"{where}: column {name!r} appears {n} times in the header: expected each column once ({DICTIONARY})"
        )
    unknown = [name for name in header if name not in columns]
    missing = [name for name in columns if name not in header]
    problems = [
        f"{label} column{'s' * (len(names) > 1)} {', '.join(map(repr, names))}"
        for label, names in (("unknown", unknown), ("missing", missing))
        if names
    ]
    if problems:
        raise ValueError(f"{where}: {'; '.join(problems)}: expected the columns {','.join(columns)} ({DICTIONARY})")
