"""`passport import imd FILE`: the English Indices of Deprivation by LSOA, from the official CSV.

The file needs the columns lsoa_code, IMD_rank and IMD_decile (any others are ignored; an la_code or lad_code
column, when present, says which local authority each LSOA is in). Every row is checked before anything is
written; one bad row rejects the whole file. The LSOAs, their centroids (from lsoa_latlong.csv in GEO_DATA_DIR),
local authorities and population estimates are written in one transaction, so a second run of the same file
changes nothing. Method: docs/impact.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from passport.imports.csvfiles import FileRejected, read_table

REQUIRED = ("lsoa_code", "IMD_rank", "IMD_decile")
LSOA_CODE = re.compile(r"^E01\d{6}$")


@dataclass
class ImdResult:
    lsoas: int
    new: int
    located: int  # LSOAs with a centroid
    las: int  # local authorities with at least one LSOA

    def render(self) -> str:
        return (f"Imported deprivation for {self.lsoas:,} LSOAs ({self.new:,} new, {self.lsoas - self.new:,} "
                f"already there), {self.located:,} with a centroid, in {self.las:,} local authorities.\n")


def _number(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def read_imd(path: Path) -> dict[str, tuple[int, int, str]]:
    """code -> (rank, decile, LA code or ""), or FileRejected naming what is wrong in one line."""
    table = read_table(path, required=REQUIRED)
    la_column = next((key for key in ("la_code", "lad_code", "lad19cd", "lad20cd") if key in table.headers), "")
    found: dict[str, tuple[int, int, str]] = {}
    for row in table.rows:
        code = row.get("lsoa_code").upper()
        rank, decile = _number(row.get("imd_rank"), 1, 100_000), _number(row.get("imd_decile"), 1, 10)
        problem = (
            row.error
            or ("lsoa_code is not an English LSOA code like E01000001" if not LSOA_CODE.match(code) else "")
            or ("IMD_rank is not a whole number from 1" if rank is None else "")
            or ("IMD_decile is not a whole number from 1 to 10" if decile is None else "")
            or (f"{code} appears twice" if code in found else "")
        )
        if problem:
            raise FileRejected(f"{table.name} line {row.line}: {problem}; nothing was imported")
        found[code] = (rank, decile, row.get(la_column).upper() if la_column else "")
    if not found:
        raise FileRejected(f"{table.name} has no rows; nothing was imported")
    return found


@transaction.atomic
def import_imd(path: Path) -> ImdResult:
    """Create or update an Area for every LSOA in the file with its deprivation rank and decile."""
    from passport.impact import areas
    from passport.impact.models import Area, AreaType

    rows = read_imd(path)
    try:
        areas.geography_load()
        centroids = areas.lsoa_centroids(rows)
    except areas.AreaFileError as error:
        raise FileRejected(str(error)) from None
    la_names = dict(Area.objects.filter(type=AreaType.LA).values_list("code", "name"))
    given = {code: la for code, (_r, _d, la) in rows.items() if la in la_names}
    nearest = areas.nearest_la({c: p for c, p in centroids.items() if c not in given}, set(la_names))
    parents = {**nearest, **given}
    existing = set(Area.objects.filter(code__in=list(rows)).values_list("code", flat=True))
    lsoas = []
    for code, (rank, decile, _la) in rows.items():
        parent = parents.get(code)
        easting, northing = centroids.get(code, (None, None))
        name = f"{la_names[parent]} {code}" if parent else code
        lsoas.append(Area(code=code, type=AreaType.LSOA, name=name, parent_id=parent, easting=easting,
                          northing=northing, imd_rank=rank, imd_decile=decile))
    Area.objects.bulk_create(
        lsoas, batch_size=2000, update_conflicts=True, unique_fields=["code"],
        update_fields=["type", "name", "parent", "easting", "northing", "imd_rank", "imd_decile"],
    )
    areas.populations_estimate()
    return ImdResult(lsoas=len(rows), new=len(set(rows) - existing), located=len(centroids),
                     las=len(set(parents.values())))
