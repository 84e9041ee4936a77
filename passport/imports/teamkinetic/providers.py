"""Provider-data.csv: the organisations offering opportunities, found again by PROVIDERID.

Providers with the same charity number in one export are one organisation: the later rows are flagged, and
their opportunities join the first. A charity already registered in Volunteer Passport by its own coordinators
is flagged and left alone: its opportunities are for its coordinators to post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from passport.accounts.models import User
from passport.imports.common import ProgressFactory, RowProblems, column_issue, issues_from, rejected_as_broken, rows_of
from passport.imports.csvfiles import Row, Table
from passport.imports.report import FileReport, Outcome
from passport.imports.teamkinetic.files import ENTER_ID, SOURCE
from passport.imports.values import ValueProblem, clean, clean_name, parse_email, parse_website
from passport.organisations import orgid
from passport.organisations.models import IncomeBand, Organisation, OrganisationType
from passport.organisations.services import organisation_register

FIELDS = {
    "source_ref": "providerid", "name": "name", "org_id": "charitynumber", "postcode": "postcode",
    "email": "email", "website": "website", "description": "description",
}
# TeamKinetic does not record income; coordinators correct the band once they take over.
IMPORTED_INCOME_BAND = IncomeBand.SMALL
NOT_A_CHARITY_NUMBER = {"", "0", "EXEMPT", "EXCEPTED"}


def org_identity(raw: str) -> tuple[str, str]:
    """(org type, org-id) from a charity number: 1234567 is GB-CHC-1234567, SC012345 is GB-SC-SC012345."""
    value = re.sub(r"\s+", "", clean(raw)).upper()
    if value in NOT_A_CHARITY_NUMBER:
        return OrganisationType.COMMUNITY_GROUP, ""  # organisation_register gives it our own identifier
    if value.startswith("GB-"):
        return OrganisationType.REGISTERED_CHARITY, value
    if value.startswith("SC"):
        return OrganisationType.REGISTERED_CHARITY, f"GB-SC-{value}"
    return OrganisationType.REGISTERED_CHARITY, f"GB-CHC-{value}"


@dataclass
class Providers:
    """Where each PROVIDERID's opportunities go, and the lines of providers that were not imported."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    not_imported: dict[str, int] = field(default_factory=dict)


def import_providers(table: Table, file: FileReport, actor: User, progress: ProgressFactory) -> Providers:
    providers = Providers()
    refs: dict[str, int] = {}
    identifiers: dict[str, tuple[int, Organisation]] = {}
    for row in rows_of(table, progress):
        if rejected_as_broken(row, file):
            continue
        ref = clean(row.get("providerid"))
        if not ref:
            file.add(row.line, Outcome.REJECTED, column_issue(table, row, "providerid", ENTER_ID))
            continue
        if ref in refs:
            file.add(row.line, Outcome.DUPLICATE, column_issue(
                table, row, "providerid", f"Duplicate of line {refs[ref]}: the same PROVIDERID"
            ))
            continue
        refs[ref] = row.line
        org_type, org_id = org_identity(row.get("charitynumber"))
        org_id = orgid.normalise(org_id)
        existing = Organisation.objects.filter(source=SOURCE, source_ref=ref).first()
        if existing is not None:
            # There is no service to change an organisation's details yet, so they are read only once.
            providers.organisations[ref] = existing
            identifiers.setdefault(existing.org_id, (row.line, existing))
            file.add(row.line, Outcome.UNCHANGED)
            continue
        if org_id in identifiers:
            line, org = identifiers[org_id]
            providers.organisations[ref] = org
            file.add(row.line, Outcome.DUPLICATE, column_issue(
                table, row, "charitynumber",
                f"Duplicate of line {line}: the same charity number, so its opportunities go to that organisation",
            ))
            continue
        if org_id and Organisation.objects.filter(org_id=org_id).exists():
            providers.not_imported[ref] = row.line
            file.add(row.line, Outcome.DUPLICATE, column_issue(
                table, row, "charitynumber",
                "Duplicate of an organisation already registered in Volunteer Passport with this charity number: "
                "ask its coordinators to post the opportunities",
            ))
            continue
        registered = _register(table, row, file, actor, ref, org_type, org_id)
        if registered is None:
            providers.not_imported[ref] = row.line
        else:
            providers.organisations[ref] = registered
            identifiers[registered.org_id] = (row.line, registered)
    return providers


def _register(
    table: Table, row: Row, file: FileReport, actor: User, ref: str, org_type: str, org_id: str
) -> Organisation | None:
    problems = RowProblems(table, row, FIELDS)
    email = website = ""
    try:
        email = parse_email(row.get("email")) or ""
    except ValueProblem as error:
        problems.add("email", str(error))
    try:
        website = parse_website(row.get("website"))
    except ValueProblem as error:
        problems.add("website", str(error))
    name, description = clean_name(row.get("name")), clean(row.get("description"))
    if len(name) > 200:
        problems.add("name", "Name must be 200 characters or fewer")
    if len(description) > 2000:
        problems.add("description", "Description must be 2,000 characters or fewer")
    if problems.issues:
        file.add(row.line, Outcome.REJECTED, *problems.issues)
        return None
    try:
        with transaction.atomic():  # a savepoint: a provider that fails leaves nothing behind
            organisation = organisation_register(
                actor=actor, name=name, org_type=org_type, org_id=org_id, income_band=IMPORTED_INCOME_BAND,
                postcode=clean(row.get("postcode")), description=description, website=website, email=email,
                source=SOURCE, source_ref=ref,
            )
    except ValidationError as error:
        file.add(row.line, Outcome.REJECTED, *issues_from(error, table, row, FIELDS))
        return None
    file.add(row.line, Outcome.IMPORTED)
    return organisation
