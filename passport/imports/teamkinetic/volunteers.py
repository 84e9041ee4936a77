"""Volunteer-data.csv: one volunteer a row, found again by VOLID."""

from __future__ import annotations

from passport.accounts.models import User
from passport.imports.common import ProgressFactory, RowProblems, column_issue, rejected_as_broken, rows_of
from passport.imports.csvfiles import Table
from passport.imports.people import VolunteerWriter, read_person
from passport.imports.report import FileReport, Outcome
from passport.imports.teamkinetic.files import ENTER_ID, SOURCE
from passport.imports.values import clean

# Service field -> column key, so a service's error points at the column the value came from.
FIELDS = {
    "source_ref": "volid", "first_name": "firstname", "last_name": "surname", "date_of_birth": "dob",
    "postcode": "postcode", "mobile": "mobile", "email": "email",
}
# People who left TeamKinetic are not brought into a new system.
LEFT_STATUSES = {"deleted", "archived"}


def import_volunteers(table: Table, file: FileReport, actor: User, progress: ProgressFactory) -> None:
    writer = VolunteerWriter(source=SOURCE, actor=actor, table=table, report=file, columns=FIELDS)
    for row in rows_of(table, progress):
        if rejected_as_broken(row, file):
            continue
        ref = clean(row.get("volid"))
        if not ref:
            file.add(row.line, Outcome.REJECTED, column_issue(table, row, "volid", ENTER_ID))
            continue
        status = clean(row.get("status")).lower()
        if status in LEFT_STATUSES:
            file.add(row.line, Outcome.SKIPPED, column_issue(
                table, row, "status", f"Skipped: TeamKinetic marks this volunteer as {status}"
            ))
            continue
        problems = RowProblems(table, row, FIELDS)
        person = read_person(problems, ref)
        if person is None:
            file.add(row.line, Outcome.REJECTED, *problems.issues)
            continue
        writer.write(row, person)
