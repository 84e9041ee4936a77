"""What every import shares: the import user, savepoints per row, and turning errors into report lines."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models, transaction

from passport.accounts.models import User
from passport.core.models import AuditEvent
from passport.imports.csvfiles import Row, Table
from passport.imports.report import FileReport, Issue, Outcome

IMPORT_USER_EMAIL = "import@volunteer-passport.invalid"
IMPORT_USER_NAME = "Data import"


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


ProgressFactory = Callable[[int, str], Progress]


class NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(total: int, desc: str) -> Progress:
    return NoProgress()


def import_user() -> User:
    """The account imports act as: it registers imported organisations and records who wrote each row.

    It cannot sign in (inactive, no password), and the .invalid domain can never receive email."""
    user = User.objects.filter(email=IMPORT_USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=IMPORT_USER_EMAIL, display_name=IMPORT_USER_NAME, is_active=False)
    return user


@contextlib.contextmanager
def whole_run(dry_run: bool) -> Iterator[None]:
    """A dry run happens in one transaction that is rolled back; a real run commits row by row."""
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def issues_from(error: ValidationError, table: Table, row: Row, columns: dict[str, str]) -> list[Issue]:
    """A service's errors, pointed at the column (and value) of the file each field came from."""
    if not hasattr(error, "error_dict"):
        return [Issue(message) for message in error.messages]
    issues = []
    for field_name, messages in error.message_dict.items():
        key = columns.get(field_name, "")
        for message in messages:
            issues.append(Issue(message, table.header(key), row.get(key)) if key else Issue(message))
    return issues


def edited_in_passport(subject: models.Model, importer: User) -> bool:
    """Whether anyone but the import has changed the record since it was imported (per the audit trail).

    A later import never overwrites such a record: the person or their coordinator now owns it."""
    return (
        AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
        .exclude(actor=importer)
        .exists()
    )


def rows_of(table: Table, progress: ProgressFactory) -> Iterator[Row]:
    bar = progress(len(table.rows), table.name)
    try:
        for row in table.rows:
            yield row
            bar.update(1)
    finally:
        bar.close()


def column_issue(table: Table, row: Row, key: str, message: str) -> Issue:
    """A problem with one column of a row, showing the value as written."""
    return Issue(message, table.header(key), row.get(key))


def rejected_as_broken(row: Row, file: FileReport) -> bool:
    """Report a row whose shape is wrong (too many values); True if it was."""
    if row.error:
        file.add(row.line, Outcome.REJECTED, Issue(row.error))
    return bool(row.error)


class RowProblems:
    """Collects what is wrong with one row, each pointed at its column and value."""

    def __init__(self, table: Table, row: Row, columns: dict[str, str]):
        self.table, self.row, self.columns = table, row, columns
        self.issues: list[Issue] = []

    def raw(self, field: str) -> str:
        return self.row.get(self.columns[field]) if field in self.columns else ""

    def add(self, field: str, message: str) -> None:
        key = self.columns.get(field, "")
        self.issues.append(Issue(message, self.table.header(key), self.row.get(key)) if key else Issue(message))
