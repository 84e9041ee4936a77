"""Reading CSV exports from other systems: encodings, headers and line numbers.

Exports are thousands of rows, not millions, so a file is read whole: that lets us reject a file that is not
text, or not CSV, before a single row is written. Line numbers are the file's physical lines, counting the
header as line 1, so they match what a spreadsheet or text editor shows (a quoted value that runs over several
lines is reported at the line where its row starts).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class FileRejected(Exception):
    """The file cannot be imported at all. The message is one line that names the file."""


def column_key(header: str) -> str:
    """Headers match whatever their case and surrounding spaces: ' First name ' is `first_name`."""
    return re.sub(r"[\s\-]+", "_", header.strip()).lower()


@dataclass
class Row:
    line: int
    values: dict[str, str]
    # Set when the row itself is broken (more values than the header has columns).
    error: str = ""

    def get(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Table:
    name: str
    headers: dict[str, str]  # column key -> the header as written in the file, in file order
    rows: list[Row] = field(default_factory=list)
    encoding: str = "utf-8"

    def header(self, key: str) -> str:
        return self.headers.get(key, key.upper())

    def drop(self, keys: Iterable[str]) -> None:
        """Forget columns entirely, so no later step can store or print them."""
        keys = set(keys)
        for row in self.rows:
            for key in keys:
                row.values.pop(key, None)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without a byte order mark), else Windows-1252 if the bytes are valid cp1252."""
    if b"\x00" in data:
        raise FileRejected(f"{name} is not a text file (it contains NUL bytes): export it again as CSV")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise FileRejected(f"{name} is neither UTF-8 nor Windows-1252 text: export it again as CSV UTF-8") from None


def read_table(path: Path, *, required: Iterable[str], name: str | None = None) -> Table:
    """Read a CSV file with a header row, or raise FileRejected naming the file and what is wrong."""
    name = name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileRejected(f"{name} cannot be read: {error.strerror or error}") from None
    text, encoding = decode(data, name)
    # strict: an unclosed quote must not swallow the rest of the file into one value.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    headers: dict[str, str] | None = None
    keys: list[str] = []
    table: Table | None = None
    try:
        previous = 0
        for record in reader:
            line, previous = previous + 1, reader.line_num
            if not any(value.strip() for value in record):
                continue
            if headers is None:
                headers, keys = _headers(record, name)
                table = Table(name=name, headers=headers, encoding=encoding)
                continue
            assert table is not None
            table.rows.append(_row(line, record, keys))
    except csv.Error as error:
        raise FileRejected(f"{name} is not a CSV file we can read (line {reader.line_num}: {error})") from None
    if table is None:
        raise FileRejected(f"{name} is empty: it has no header row")
    missing = [column for column in required if column_key(column) not in table.headers]
    if missing:
        raise FileRejected(f"{name} is missing required columns: {', '.join(missing)}")
    return table


def _headers(record: list[str], name: str) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    keys: list[str] = []
    for header in record:
        key = column_key(header)
        if key and key in headers:
            raise FileRejected(f"{name} has the column {header.strip()} twice")
        if key:
            headers[key] = header.strip()
        keys.append(key)
    return headers, keys


def _row(line: int, record: list[str], keys: list[str]) -> Row:
    extra = [value for value in record[len(keys):] if value.strip()]
    values = {key: value.strip() for key, value in zip(keys, record, strict=False) if key}
    for key in keys[len(record):]:
        if key:
            values[key] = ""  # spreadsheets drop empty values at the end of a row
    error = f"The row has {len(record)} values but the header names {len(keys)} columns" if extra else ""
    return Row(line=line, values=values, error=error)
