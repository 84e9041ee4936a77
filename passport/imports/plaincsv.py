"""Importing volunteers from a plain CSV file with our own documented columns (see docs/import.md).

Rows are found again on the next run by source (default "csv") and source_ref: the `ref` column when the file
has one, otherwise a key made from the email address (or from name, date of birth and postcode when there is
no email). A `ref` from your own system is the steadier choice: it survives a change of email address.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from passport.core.taxonomy import SLOT_BITS, slots_to_mask
from passport.imports.common import ProgressFactory, RowProblems, import_user, no_progress, rows_of, whole_run
from passport.imports.csvfiles import Table, read_table
from passport.imports.people import Person, Profile, VolunteerWriter, read_person
from passport.imports.report import ImportReport, Issue, Outcome
from passport.imports.values import clean, parse_bool, split_list

DEFAULT_SOURCE = "csv"
REQUIRED = ("first_name", "last_name", "email", "date_of_birth", "postcode")
OPTIONAL = ("ref", "mobile", "skills", "causes", "languages", "availability", "max_travel_miles", "remote_only")
FIELDS = {column: column for column in REQUIRED + OPTIONAL} | {"source_ref": "ref"}
DEFAULT_TRAVEL_MILES = 5.0


def read_profile(problems: RowProblems) -> Profile | None:
    """Skills, causes, languages and availability as ';'-separated codes; travel in miles; remote yes or no."""
    codes = {field: [code.lower() for code in split_list(problems.raw(field))] for field in
             ("skills", "causes", "languages", "availability")}
    unknown = [code for code in codes["availability"] if code not in SLOT_BITS]
    if unknown:
        problems.add("availability", f"Select availability from the list: {', '.join(unknown)} is not one of them")
    miles = DEFAULT_TRAVEL_MILES
    if clean(problems.raw("max_travel_miles")):
        try:
            miles = float(clean(problems.raw("max_travel_miles")))
        except ValueError:
            problems.add("max_travel_miles", "Enter the distance as a number of miles, like 5")
    remote = parse_bool(problems.raw("remote_only"))
    if remote is None and clean(problems.raw("remote_only")):
        problems.add("remote_only", "Enter yes or no")
    if problems.issues:
        return None
    return Profile(
        skills=codes["skills"], causes=codes["causes"], languages=codes["languages"] or ["en"],
        availability=slots_to_mask(codes["availability"]), max_travel_miles=miles, remote_only=bool(remote),
    )


def derived_ref(person: Person) -> str:
    """A stable key for a row with no `ref`: a hash, so the email address is not stored a second time."""
    if person.email:
        basis = f"email:{person.email}"
    else:
        basis = f"person:{person.first_name.lower()}|{person.last_name.lower()}|{person.date_of_birth}|" \
                f"{person.place.postcode}"
    return "auto-" + hashlib.sha256(basis.encode()).hexdigest()[:40]


def _import(table: Table, report: ImportReport, source: str, progress: ProgressFactory) -> None:
    file = report.file(table.name)
    writer = VolunteerWriter(source=source, actor=import_user(), table=table, report=file, columns=FIELDS)
    for row in rows_of(table, progress):
        if row.error:
            file.add(row.line, Outcome.REJECTED, Issue(row.error))
            continue
        problems = RowProblems(table, row, FIELDS)
        person = read_person(problems, clean(row.get("ref")))
        profile = read_profile(problems)
        if person is None or profile is None:
            file.add(row.line, Outcome.REJECTED, *problems.issues)
            continue
        person.profile = profile
        person.source_ref = person.source_ref or derived_ref(person)
        writer.write(row, person)


def import_volunteers_csv(
    path: Path, *, source: str = DEFAULT_SOURCE, dry_run: bool = False, progress: ProgressFactory = no_progress
) -> ImportReport:
    """Import a volunteers CSV; raises FileRejected (nothing imported) if the file cannot be read."""
    table = read_table(path, required=REQUIRED)
    report = ImportReport(title=f"Volunteers import from {path}", dry_run=dry_run)
    if table.encoding == "cp1252":
        report.preamble.append(
            f"{table.name} is not UTF-8: it was read as Windows-1252 (cp1252). Check accented names look right."
        )
    unused = [header for key, header in table.headers.items() if key not in FIELDS]
    if unused:
        report.notes.append(f"{table.name}: these columns were not imported: {', '.join(unused)}.")
    with whole_run(dry_run):
        _import(table, report, source, progress)
    return report
