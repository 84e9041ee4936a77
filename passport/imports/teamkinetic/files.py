"""The files of a TeamKinetic CSV export, the columns we read from each, and the ones we never keep."""

from __future__ import annotations

from pathlib import Path

from passport.imports.csvfiles import FileRejected, Table, read_table
from passport.imports.values import clean

SOURCE = "teamkinetic"
VOLUNTEERS, PROVIDERS = "Volunteer-data.csv", "Provider-data.csv"
OPPORTUNITIES, SESSIONS = "Opportunity-data.csv", "Session-data.csv"
FILES = (VOLUNTEERS, PROVIDERS, OPPORTUNITIES, SESSIONS)

REQUIRED = {
    VOLUNTEERS: ("VOLID", "FIRSTNAME", "SURNAME", "DOB", "POSTCODE", "MOBILE", "EMAIL"),
    PROVIDERS: ("PROVIDERID", "NAME", "POSTCODE"),
    OPPORTUNITIES: ("PLACEMENTID", "PROVIDERID", "NAME", "DESCRIPTION", "POSTALCODE"),
    SESSIONS: ("SESSIONID", "PLACEMENTID", "STARTDATE", "ENDDATE"),
}
# Columns read beyond the required ones; any other column is listed in the report as not imported.
OPTIONAL = {
    VOLUNTEERS: ("STATUS",),
    PROVIDERS: ("CHARITYNUMBER", "EMAIL", "WEBSITE", "DESCRIPTION"),
    OPPORTUNITIES: ("TAGS", "LOCATIONTYPE", "OPPTYPE", "STARTDATE", "ENDDATE", "AUTHORISED"),
    SESSIONS: (),
}
HOURS_COLUMN = "totalvolhours"
ENTER_ID = "Enter the TeamKinetic ID"


def is_dbs_column(key: str) -> bool:
    """CRIMINALCHECK, CRIMINALCHECKENHANCED, CRIMINALCHECKNUMBER, CHECKEXPIRES, and any DBS... column."""
    return key.startswith(("criminalcheck", "dbs")) or key == "checkexpires"


def load(directory: Path) -> dict[str, Table]:
    """Read and check every file of the export, or raise FileRejected: nothing is written either way."""
    if not directory.is_dir():
        raise FileRejected(f"{directory} is not a folder: give the folder holding the TeamKinetic CSV files")
    present = {path.name.lower(): path for path in directory.iterdir() if path.is_file()}
    if VOLUNTEERS.lower() not in present:
        raise FileRejected(f"{VOLUNTEERS} is missing from {directory}: a TeamKinetic export needs at least that file")
    return {
        name: read_table(present[name.lower()], required=REQUIRED[name], name=name)
        for name in FILES
        if name.lower() in present
    }


def drop_never_imported(table: Table) -> tuple[int, int]:
    """Forget DBS check and hours columns as soon as the file is read; return how many rows carried each.

    The vetting officer records checks: we never hold a copy of what another system said about someone."""
    dbs_keys = [key for key in table.headers if is_dbs_column(key)]
    with_dbs = sum(any(_says_something(row.get(key)) for key in dbs_keys) for row in table.rows)
    with_hours = sum(_has_hours(row.get(HOURS_COLUMN)) for row in table.rows)
    table.drop([*dbs_keys, HOURS_COLUMN])
    return with_dbs, with_hours


def unused_columns(table: Table) -> list[str]:
    used = {key.lower() for key in REQUIRED[table.name] + OPTIONAL[table.name]}
    return [
        header for key, header in table.headers.items()
        if key not in used and not is_dbs_column(key) and key != HOURS_COLUMN
    ]


def _says_something(raw: str) -> bool:
    return clean(raw).lower() not in {"", "no", "n", "false", "0"}


def _has_hours(raw: str) -> bool:
    try:
        return float(clean(raw) or 0) > 0
    except ValueError:
        return bool(clean(raw))
