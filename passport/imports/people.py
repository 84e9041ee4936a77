"""Volunteers from any export: reading a row into a person, then registering, refreshing or flagging them.

Both the TeamKinetic and the plain CSV import come through here, so they find earlier imports and duplicates
the same way. Writes go through passport.volunteers.services, so the rules are the pages' rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from passport.accounts.models import User
from passport.core import geo
from passport.core.choices import ConsentMethod
from passport.imports.common import RowProblems, edited_in_passport, issues_from
from passport.imports.csvfiles import Row, Table
from passport.imports.report import FileReport, Issue, Outcome
from passport.imports.values import ValueProblem, clean, clean_name, parse_date, parse_email, parse_phone
from passport.volunteers.models import Volunteer
from passport.volunteers.services import METRES_PER_MILE, volunteer_register, volunteer_update

NAME_LIMIT = 100


@dataclass
class Profile:
    """What a volunteer offers; only the plain CSV import carries it."""

    skills: list[str]
    causes: list[str]
    languages: list[str]
    availability: int
    max_travel_miles: float
    remote_only: bool


# What an export that says nothing about skills or availability gives: the sign-up form's defaults.
NO_PROFILE = Profile(skills=[], causes=[], languages=["en"], availability=0, max_travel_miles=5, remote_only=False)


@dataclass
class Person:
    source_ref: str
    first_name: str
    last_name: str
    email: str | None
    date_of_birth: dt.date | None
    place: geo.Place
    mobile: str
    profile: Profile | None = None


def read_person(problems: RowProblems, source_ref: str) -> Person | None:
    """The person a row describes, or None with the row's problems collected."""
    first_name, last_name = clean_name(problems.raw("first_name")), clean_name(problems.raw("last_name"))
    for field, value, label in (("first_name", first_name, "First name"), ("last_name", last_name, "Last name")):
        if len(value) > NAME_LIMIT:
            problems.add(field, f"{label} must be {NAME_LIMIT} characters or fewer")
    email = date_of_birth = place = None
    mobile = ""
    try:
        email = parse_email(problems.raw("email"))
    except ValueProblem as error:
        problems.add("email", str(error))
    try:
        date_of_birth = parse_date(problems.raw("date_of_birth"), "Date of birth")
    except ValueProblem as error:
        problems.add("date_of_birth", str(error))
    try:
        mobile = parse_phone(problems.raw("mobile"))
    except ValueProblem as error:
        problems.add("mobile", str(error))
    try:
        place = geo.lookup(clean(problems.raw("postcode")))
    except geo.PostcodeError as error:
        problems.add("postcode", str(error))
    if problems.issues or place is None:
        return None
    return Person(source_ref, first_name, last_name, email, date_of_birth, place, mobile)


class VolunteerWriter:
    """Writes people from one file, remembering the ones already seen so duplicates within it are flagged."""

    def __init__(self, *, source: str, actor: User, table: Table, report: FileReport, columns: dict[str, str]):
        self.source, self.actor, self.table, self.report, self.columns = source, actor, table, report, columns
        self.refs: dict[str, int] = {}
        self.emails: dict[str, int] = {}
        self.people: dict[tuple[str, str, dt.date | None, str], int] = {}
        self.row = Row(line=0, values={})

    def write(self, row: Row, person: Person) -> None:
        self.row = row
        try:
            with transaction.atomic():  # a savepoint: a row that fails leaves nothing behind
                outcome, issues = self._write(person)
        except ValidationError as error:
            self.report.add(row.line, Outcome.REJECTED, *issues_from(error, self.table, row, self.columns))
            return
        self.report.add(row.line, outcome, *issues)
        if outcome != Outcome.DUPLICATE:
            self._remember(row.line, person)

    def _issue(self, field: str, message: str) -> Issue:
        key = self.columns.get(field, "")
        return Issue(message, self.table.header(key), self.row.get(key)) if key else Issue(message)

    def _write(self, person: Person) -> tuple[Outcome, list[Issue]]:
        duplicate = self._duplicate_in_file(person)
        if duplicate:
            return Outcome.DUPLICATE, [duplicate]
        existing = Volunteer.objects.filter(source=self.source, source_ref=person.source_ref).first()
        if existing is not None:
            return self._refresh(existing, person)
        duplicate = self._duplicate_of_existing(person)
        if duplicate:
            return Outcome.DUPLICATE, [duplicate]
        profile = person.profile or NO_PROFILE
        # No streams: joining the reserve or any stream is consent only the volunteer can give.
        volunteer_register(
            email=person.email, first_name=person.first_name, last_name=person.last_name,
            date_of_birth=person.date_of_birth, postcode=person.place.postcode, mobile=person.mobile,
            skills=profile.skills, causes=profile.causes, languages=profile.languages,
            availability=profile.availability, max_travel_miles=profile.max_travel_miles,
            remote_only=profile.remote_only, consent_method=ConsentMethod.IMPORT, recorded_by=self.actor,
            source=self.source, source_ref=person.source_ref,
        )
        return Outcome.IMPORTED, []

    def _duplicate_in_file(self, person: Person) -> Issue | None:
        if person.email and person.email in self.emails:
            return self._issue("email", f"Duplicate of line {self.emails[person.email]}: the same email address")
        key = _person_key(person)
        if key in self.people:
            return Issue(f"Duplicate of line {self.people[key]}: the same name, date of birth and postcode")
        if person.source_ref in self.refs:
            label = self.table.header(self.columns["source_ref"])
            return self._issue("source_ref", f"Duplicate of line {self.refs[person.source_ref]}: the same {label}")
        return None

    def _duplicate_of_existing(self, person: Person) -> Issue | None:
        if person.email and User.objects.filter(email__iexact=person.email).exists():
            return self._issue("email", "Duplicate of an existing account: it uses the same email address")
        if person.date_of_birth and Volunteer.objects.filter(
            first_name__iexact=person.first_name, last_name__iexact=person.last_name,
            date_of_birth=person.date_of_birth, postcode=person.place.postcode, erased_at__isnull=True,
        ).exists():
            return Issue("Duplicate of an existing volunteer with the same name, date of birth and postcode")
        return None

    def _refresh(self, volunteer: Volunteer, person: Person) -> tuple[Outcome, list[Issue]]:
        """Someone imported before: apply the export's changes, unless they were edited here since."""
        if volunteer.is_erased:
            return Outcome.SKIPPED, [Issue("Skipped: this person asked for their data to be erased")]
        if volunteer.date_of_birth != person.date_of_birth:
            label = self.table.header(self.columns["source_ref"])
            raise ValidationError({"source_ref": (
                f"The volunteer imported before with this {label} has a different date of birth: "
                "check this is the same person"
            )})
        profile = person.profile or Profile(
            skills=list(volunteer.skills.values_list("code", flat=True)),
            causes=list(volunteer.causes.values_list("code", flat=True)),
            languages=list(volunteer.languages),
            availability=volunteer.availability,
            max_travel_miles=volunteer.max_travel_m / METRES_PER_MILE,
            remote_only=volunteer.remote_only,
        )
        wanted = _state(person.first_name, person.last_name, person.mobile, person.place.postcode, profile)
        if wanted == _current(volunteer):
            return Outcome.UNCHANGED, []
        if edited_in_passport(volunteer, self.actor):
            return Outcome.SKIPPED, [Issue(
                "Changed in Volunteer Passport since it was imported, so the export's changes were not applied"
            )]
        volunteer_update(
            volunteer=volunteer, actor=self.actor, first_name=person.first_name, last_name=person.last_name,
            mobile=person.mobile, postcode=person.place.postcode, max_travel_miles=profile.max_travel_miles,
            remote_only=profile.remote_only, availability=profile.availability, skills=profile.skills,
            causes=profile.causes, languages=profile.languages,
            streams=volunteer.consents.filter(withdrawn_at__isnull=True).values_list("stream", flat=True),
        )
        return Outcome.UPDATED, []

    def _remember(self, line: int, person: Person) -> None:
        self.refs.setdefault(person.source_ref, line)
        if person.email:
            self.emails.setdefault(person.email, line)
        self.people.setdefault(_person_key(person), line)


def _person_key(person: Person) -> tuple[str, str, dt.date | None, str]:
    return (person.first_name.lower(), person.last_name.lower(), person.date_of_birth, person.place.postcode)


def _state(first: str, last: str, mobile: str, postcode: str, profile: Profile) -> tuple[object, ...]:
    return (
        first, last, mobile, postcode, frozenset(profile.skills), frozenset(profile.causes),
        tuple(profile.languages), profile.availability, round(profile.max_travel_miles * METRES_PER_MILE),
        profile.remote_only,
    )


def _current(volunteer: Volunteer) -> tuple[object, ...]:
    return (
        volunteer.first_name, volunteer.last_name, volunteer.mobile, volunteer.postcode,
        frozenset(volunteer.skills.values_list("code", flat=True)),
        frozenset(volunteer.causes.values_list("code", flat=True)), tuple(volunteer.languages),
        volunteer.availability, volunteer.max_travel_m, volunteer.remote_only,
    )
