"""Reading ONS and org-id files about local authorities (from `settings.GEO_DATA_DIR`).

`local_authorities_load` is the loader `passport demo` runs and `passport import areas` can reuse; the other
readers give the demo real council identifiers and the county or city region each district belongs to.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from passport.core.models import LocalAuthority

LA_FILE = "la_all_codes.csv"
COUNCIL_FILE = "la_orgid_to_gss.csv"


def data_path(name: str) -> Path:
    return Path(settings.GEO_DATA_DIR) / name


def _rows(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the org-id file starts with a byte order mark.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _is_true(value: str | None) -> bool:
    return (value or "").strip().upper() == "TRUE"


@transaction.atomic
def local_authorities_load(*, path: Path | None = None) -> int | None:
    """Create or update core.LocalAuthority from the ONS codes file; how many, or None when it is missing."""
    path = path or data_path(LA_FILE)
    if not path.is_file():
        return None
    authorities = {
        row["LADCD"]: LocalAuthority(
            code=row["LADCD"].strip(),
            name=row["LADNM"].strip(),
            region_code=(row.get("RGNCD") or "").strip(),
            region_name=(row.get("RGNNM") or "").strip(),
            country_code=(row.get("CTRYCD") or "").strip(),
        )
        for row in _rows(path)
        if _is_true(row.get("Current")) and row.get("LADCD")
    }
    LocalAuthority.objects.bulk_create(
        authorities.values(), batch_size=500, update_conflicts=True, unique_fields=["code"],
        update_fields=["name", "region_code", "region_name", "country_code"],
    )
    return len(authorities)


def area_groups(*, path: Path | None = None) -> dict[str, str]:
    """District code -> the wider area people name it by: its combined authority, else its county."""
    path = path or data_path(LA_FILE)
    if not path.is_file():
        return {}
    groups = {}
    for row in _rows(path):
        if _is_true(row.get("Current")):
            groups[row["LADCD"]] = (row.get("CAUTHNM") or "").strip() or (row.get("UTLANM") or "").strip()
    return groups


@dataclass(frozen=True)
class Council:
    org_id: str
    name: str


def councils(*, path: Path | None = None) -> dict[str, Council]:
    """GSS code -> the council's org-id identifier and name, for active English councils."""
    path = path or data_path(COUNCIL_FILE)
    if not path.is_file():
        return {}
    found = {}
    for row in _rows(path):
        org_id = (row.get("org_id") or "").strip()
        if _is_true(row.get("active")) and org_id.startswith("GB-LAE-") and row.get("gss_code"):
            found[row["gss_code"].strip()] = Council(org_id=org_id, name=(row.get("name") or "").strip())
    return found
