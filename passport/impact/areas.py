"""Areas: England, its regions and local authorities (from the ONS codes file in GEO_DATA_DIR), LSOAs (from the
IMD import), population estimates, and locating grid points in their nearest LSOA. Method: docs/impact.md."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Sum
from scipy.spatial import cKDTree

from passport.impact.models import Area, AreaType, PointArea

ENGLAND = "E92000001"
LA_FILE = "la_all_codes.csv"
CENTROID_FILE = "lsoa_latlong.csv"
# ONS mid-2019 population estimate for England over the 32,844 LSOAs (2011) it is divided into.
ENGLAND_POPULATION_2019 = 56_286_961
ENGLAND_LSOAS = 32_844
PEOPLE_PER_LSOA = round(ENGLAND_POPULATION_2019 / ENGLAND_LSOAS)  # 1,714
POPULATION_SOURCE = (
    f"Estimate: {PEOPLE_PER_LSOA:,} people per LSOA (ONS mid-2019 England population "
    f"{ENGLAND_POPULATION_2019:,} over {ENGLAND_LSOAS:,} LSOAs)"
)


class AreaFileError(ValueError):
    """A geography file that cannot be used; the message says why in one line."""


def data_path(name: str) -> Path:
    return Path(settings.GEO_DATA_DIR) / name


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def geography_load(*, path: Path | None = None) -> int:
    """Create or update England, its regions and its current local authorities; returns how many areas.

    Raises AreaFileError when the file is missing or lacks the ONS columns."""
    path = path or data_path(LA_FILE)
    if not path.is_file():
        raise AreaFileError(f"The local authority codes file {path} does not exist")
    rows = _rows(path)
    needed = {"LADCD", "LADNM", "RGNCD", "RGNNM", "CTRYCD", "Current"}
    missing = sorted(needed - set(rows[0] if rows else ()))
    if missing:
        raise AreaFileError(f"The local authority codes file {path} has no column {', '.join(missing)}")
    english = [r for r in rows if r["CTRYCD"].strip() == ENGLAND and r["Current"].strip().upper() == "TRUE"]
    areas = {ENGLAND: Area(code=ENGLAND, type=AreaType.COUNTRY, name="England")}
    for row in english:
        region = row["RGNCD"].strip()
        areas.setdefault(region, Area(code=region, type=AreaType.REGION, name=row["RGNNM"].strip(),
                                      parent_id=ENGLAND))
        code = row["LADCD"].strip()
        areas[code] = Area(code=code, type=AreaType.LA, name=row["LADNM"].strip(), parent_id=region)
    # Parents before children, so each parent exists when its children are written.
    ordered = sorted(areas.values(), key=lambda a: AreaType.values.index(a.type))
    Area.objects.bulk_create(ordered, batch_size=500, update_conflicts=True, unique_fields=["code"],
                             update_fields=["type", "name", "parent"])
    return len(areas)


def ensure_geography() -> bool:
    """Load England, regions and LAs if they are not there yet; False when the file is not available."""
    if Area.objects.filter(code=ENGLAND).exists():
        return True
    try:
        geography_load()
    except AreaFileError:
        return False
    return True


def to_grid(latitudes: np.ndarray, longitudes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 latitude/longitude to British National Grid metres (EPSG:27700) with pyproj."""
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    eastings, northings = transformer.transform(longitudes, latitudes)
    return np.rint(eastings).astype(np.int64), np.rint(northings).astype(np.int64)


def lsoa_centroids(codes: Iterable[str], *, path: Path | None = None) -> dict[str, tuple[int, int]]:
    """Grid centroids of the given LSOAs from the ONS centroid file; codes not in the file are left out."""
    path = path or data_path(CENTROID_FILE)
    if not path.is_file():
        raise AreaFileError(f"The LSOA centroids file {path} does not exist")
    wanted = set(codes)
    found_codes, lats, lons = [], [], []
    for row in _rows(path):
        code = (row.get("LSOACD") or row.get("lsoa11cd") or "").strip()
        if code in wanted:
            found_codes.append(code)
            lats.append(float(row["latitude"]))
            lons.append(float(row["longitude"]))
    if not found_codes:
        return {}
    eastings, northings = to_grid(np.array(lats), np.array(lons))
    return {code: (int(e), int(n)) for code, e, n in zip(found_codes, eastings, northings, strict=True)}


def nearest_la(points: dict[str, tuple[int, int]], la_codes: set[str]) -> dict[str, str]:
    """Each point's local authority: that of the nearest postcode in one of `la_codes` (ONS Postcode Directory)."""
    from passport.core import geo

    if not points:
        return {}
    postcodes = [row for row in geo.all_postcodes() if row[3] in la_codes]
    if not postcodes:
        return {}
    grid = np.array([(east, north) for _pc, east, north, _la in postcodes], dtype=np.float64)
    las = np.array([la for *_rest, la in postcodes])
    keys = list(points)
    _distance, index = cKDTree(grid).query(np.array([points[k] for k in keys], dtype=np.float64))
    return dict(zip(keys, las[index].tolist(), strict=True))


def populations_estimate() -> None:
    """LSOAs get the England average; LAs, regions and England the sum over the LSOAs within them."""
    Area.objects.filter(type=AreaType.LSOA).update(population=PEOPLE_PER_LSOA, population_source=POPULATION_SOURCE)
    for kind, child in ((AreaType.LA, "children"), (AreaType.REGION, "children__children"),
                        (AreaType.COUNTRY, "children__children__children")):
        counted = Area.objects.filter(type=kind).annotate(n=Count(child))
        changed = []
        for area in counted:
            area.population = area.n * PEOPLE_PER_LSOA
            area.population_source = POPULATION_SOURCE if area.n else ""
            changed.append(area)
        Area.objects.bulk_update(changed, ["population", "population_source"], batch_size=500)


# The last tree built and what it was built from, replaced in one assignment (server threads share it).
_last_tree: dict[str, tuple] = {}


def _lsoa_tree() -> tuple[np.ndarray, cKDTree] | None:
    """The LSOA codes and a k-d tree of their centroids, or None before any LSOA is imported. The tree is kept
    while the LSOAs stay the same (their count, first and last codes and centroid sums: one small query), since
    the tallies place one new point at a time as volunteers register or have hours confirmed."""
    located = Area.objects.filter(type=AreaType.LSOA, easting__isnull=False)
    version = tuple(located.aggregate(n=Count("code"), e=Sum("easting"), no=Sum("northing"), first=Min("code"),
                                      last=Max("code")).values())
    if not version[0]:
        return None
    built_from, found = _last_tree.get("tree", (None, None))
    if built_from != version:
        lsoas = list(located.values_list("code", "easting", "northing"))
        codes = np.array([code for code, _e, _n in lsoas])
        found = codes, cKDTree(np.array([(e, n) for _c, e, n in lsoas], dtype=np.float64))
        _last_tree["tree"] = (version, found)
    return found


def _place_points(points: list[tuple[int, int]], found: tuple[np.ndarray, cKDTree]) -> list[str]:
    codes, tree = found
    _distance, index = tree.query(np.array(points, dtype=np.float64))
    nearest = codes[index].tolist()
    PointArea.objects.bulk_create(
        [PointArea(easting=e, northing=n, lsoa_id=code) for (e, n), code in zip(points, nearest, strict=True)],
        batch_size=5000, ignore_conflicts=True,
    )
    return nearest


def locate_point(easting: int, northing: int) -> str | None:
    """The LSOA of one grid point not located before (saved for next time); None before any LSOA is imported."""
    found = _lsoa_tree()
    return _place_points([(easting, northing)], found)[0] if found else None


def locate_points(*, volunteers: bool = True) -> int:
    """Find the nearest LSOA centroid for every grid point where a volunteer, organisation or opportunity is and
    that has not been located before; returns how many new points. Nothing to do until LSOAs are imported.
    volunteers=False leaves out the volunteers: the tallies locate each one's point as they count them."""
    from passport.opportunities.models import Opportunity
    from passport.organisations.models import Organisation
    from passport.volunteers.models import Volunteer

    if not Area.objects.filter(type=AreaType.LSOA, easting__isnull=False).exists():
        return 0
    known = PointArea.objects.filter(easting=OuterRef("easting"), northing=OuterRef("northing"))
    points: set[tuple[int, int]] = set()
    for model in (Volunteer, Organisation, Opportunity) if volunteers else (Organisation, Opportunity):
        new = (model.objects.filter(easting__isnull=False, northing__isnull=False).exclude(Exists(known))
               .values_list("easting", "northing").distinct())
        points.update(new)
    found = _lsoa_tree() if points else None  # the tree only when there is something to place
    if found is None:
        return 0
    _place_points(sorted(points), found)
    return len(points)
