"""Opportunity-data.csv and Session-data.csv: opportunities found again by PLACEMENTID, sessions as their shifts.

Tags map onto our causes and skills (passport.imports.tags); tagged skills are desirable, never required, so
a tag cannot shut volunteers out of matching. LOCATIONTYPE remote, online or virtual means remote. AUTHORISED
false, or an ENDDATE in the past, imports as a draft. Sessions are read first, so each opportunity is saved
once with all its shifts; a session row's outcome is its opportunity's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passport.accounts.models import User
from passport.core import geo
from passport.core.taxonomy import CAUSES
from passport.imports.common import (
    ProgressFactory,
    RowProblems,
    column_issue,
    edited_in_passport,
    issues_from,
    rejected_as_broken,
    rows_of,
)
from passport.imports.csvfiles import Row, Table
from passport.imports.report import ImportReport, Issue, Outcome, plural
from passport.imports.tags import DEFAULT_CAUSE, map_tags
from passport.imports.teamkinetic.files import ENTER_ID, OPPORTUNITIES, PROVIDERS, SOURCE
from passport.imports.teamkinetic.providers import Providers
from passport.imports.values import ValueProblem, clean, clean_name, parse_bool, parse_datetime
from passport.opportunities.models import Opportunity, OpportunityStatus, ScheduleType
from passport.opportunities.services import opportunity_save
from passport.organisations.models import Organisation

FIELDS = {
    "source_ref": "placementid", "organisation": "providerid", "title": "name", "description": "description",
    "cause": "tags", "postcode": "postalcode", "start": "startdate", "end": "enddate",
}
SESSION_FIELDS = {"source_ref": "sessionid", "placement": "placementid", "start": "startdate", "end": "enddate"}
REMOTE_LOCATIONS = {"remote", "online", "virtual"}
ONE_OFF_TYPES = re.compile(r"one[\s-]*off|event|single", re.IGNORECASE)
CAUSE_LABELS = dict(CAUSES)
SKIPPED_BECAUSE_EDITED = "Changed in Volunteer Passport since it was imported, so the export's changes were not applied"

Shift = tuple[dt.datetime, dt.datetime]


@dataclass
class Placement:
    line: int
    outcome: Outcome
    shifts_changed: bool = False


class Rejected(Exception):
    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(issue.text() for issue in issues))
        self.issues = issues


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def start_and_end(
    problems: RowProblems, what: str, required: bool = False
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """STARTDATE and ENDDATE; a date with no time starts at midnight, or ends at the end of that day."""
    moments: list[dt.datetime | None] = []
    for field, label in (("start", "Start date"), ("end", "End date")):
        try:
            parsed = parse_datetime(problems.raw(field), label)
        except ValueProblem as error:
            problems.add(field, str(error))
            parsed = None
        else:
            if parsed is None and required:
                problems.add(field, f"Enter the {label.lower()} of the {what}")
        if parsed is None:
            moments.append(None)
            continue
        moment, has_time = parsed
        if field == "end" and not has_time:
            moment += dt.timedelta(days=1)
        moments.append(_aware(moment))
    start, end = moments
    if start is not None and end is not None and end <= start:
        problems.add("end", f"The {what} must end after it starts")
    return start, end


class OpportunityImport:
    def __init__(self, report: ImportReport, actor: User, progress: ProgressFactory, providers: Providers):
        self.report, self.actor, self.progress, self.providers = report, actor, progress, providers
        self.today = timezone.localdate()
        self.have_sessions = False
        self.sessions: dict[str, list[tuple[int, Shift]]] = defaultdict(list)
        self.placements: dict[str, Placement] = {}
        self.unknown_tags: Counter[str] = Counter()
        self.default_causes = self.ended = self.written = 0

    # -- sessions -------------------------------------------------------------------------------------------------

    def read_sessions(self, table: Table) -> None:
        self.have_sessions = True
        file = self.report.file(table.name)
        refs: dict[str, int] = {}
        for row in rows_of(table, self.progress):
            if rejected_as_broken(row, file):
                continue
            problems = RowProblems(table, row, SESSION_FIELDS)
            ref, placement = clean(row.get("sessionid")), clean(row.get("placementid"))
            if not ref:
                problems.add("source_ref", ENTER_ID)
            if not placement:
                problems.add("placement", "Enter the PLACEMENTID of the session's opportunity")
            start, end = start_and_end(problems, "session", required=True)
            if problems.issues or start is None or end is None:
                file.add(row.line, Outcome.REJECTED, *problems.issues)
                continue
            if ref in refs:
                file.add(row.line, Outcome.DUPLICATE, column_issue(
                    table, row, "sessionid", f"Duplicate of line {refs[ref]}: the same SESSIONID"
                ))
                continue
            refs[ref] = row.line
            self.sessions[placement].append((row.line, (start, end)))

    def report_sessions(self, table: Table) -> None:
        file = self.report.file(table.name)
        for placement, sessions in self.sessions.items():
            state = self.placements.get(placement)
            for line, _shift in sessions:
                if state is None or state.outcome in (Outcome.REJECTED, Outcome.DUPLICATE):
                    reason = (
                        f"Its opportunity was not imported (see {OPPORTUNITIES} line {state.line})" if state
                        else f"Its opportunity is not in {OPPORTUNITIES}"
                    )
                    file.add(line, Outcome.REJECTED, Issue(reason, table.header("placementid"), placement))
                elif state.outcome == Outcome.SKIPPED:
                    file.add(line, Outcome.SKIPPED, Issue(SKIPPED_BECAUSE_EDITED + " (to its opportunity)"))
                elif state.outcome == Outcome.IMPORTED:
                    file.add(line, Outcome.IMPORTED)
                else:
                    file.add(line, Outcome.UPDATED if state.shifts_changed else Outcome.UNCHANGED)

    # -- opportunities ----------------------------------------------------------------------------------------------

    def import_opportunities(self, table: Table) -> None:
        file = self.report.file(table.name)
        for row in rows_of(table, self.progress):
            if rejected_as_broken(row, file):
                continue
            ref = clean(row.get("placementid"))
            if not ref:
                file.add(row.line, Outcome.REJECTED, column_issue(table, row, "placementid", ENTER_ID))
                continue
            if ref in self.placements:
                file.add(row.line, Outcome.DUPLICATE, column_issue(
                    table, row, "placementid", f"Duplicate of line {self.placements[ref].line}: the same PLACEMENTID"
                ))
                continue
            try:
                with transaction.atomic():  # a savepoint: an opportunity that fails leaves nothing behind
                    state = self._opportunity(table, row, ref)
            except ValidationError as error:
                state = Placement(row.line, Outcome.REJECTED)
                file.add(row.line, Outcome.REJECTED, *issues_from(error, table, row, FIELDS))
            except Rejected as rejected:
                state = Placement(row.line, Outcome.REJECTED)
                file.add(row.line, Outcome.REJECTED, *rejected.issues)
            else:
                skipped = state.outcome == Outcome.SKIPPED
                file.add(row.line, state.outcome, *([Issue(SKIPPED_BECAUSE_EDITED)] if skipped else []))
            self.placements[ref] = state

    def _organisation_for(self, table: Table, row: Row) -> Organisation:
        provider = clean(row.get("providerid"))
        organisation = self.providers.organisations.get(provider) or (
            Organisation.objects.filter(source=SOURCE, source_ref=provider).first() if provider else None
        )
        if organisation is not None:
            return organisation
        if provider in self.providers.not_imported:
            reason = f"Its provider was not imported (see {PROVIDERS} line {self.providers.not_imported[provider]})"
        elif not provider:
            reason = "Enter the PROVIDERID of the organisation offering this opportunity"
        else:
            reason = f"Its provider is not in {PROVIDERS} and was not imported before"
        raise Rejected([column_issue(table, row, "providerid", reason)])

    def _opportunity(self, table: Table, row: Row, ref: str) -> Placement:
        organisation = self._organisation_for(table, row)
        problems = RowProblems(table, row, FIELDS)
        tags = map_tags(row.get("tags"))
        remote = clean(row.get("locationtype")).lower() in REMOTE_LOCATIONS
        start, end = start_and_end(problems, "opportunity")
        place = None
        if not remote:
            try:
                place = geo.lookup(clean(row.get("postalcode")))
            except geo.PostcodeError as error:
                problems.add("postcode", str(error))
        if problems.issues:
            raise Rejected(problems.issues)
        existing = Opportunity.objects.filter(source=SOURCE, source_ref=ref).first()
        if existing is not None and existing.organisation_id != organisation.pk:
            raise Rejected([column_issue(
                table, row, "providerid", "The opportunity imported before with this PLACEMENTID has another provider"
            )])
        shifts = sorted(shift for _line, shift in self.sessions.get(ref, []))
        if not shifts and start and end and ONE_OFF_TYPES.search(row.get("opptype")):
            shifts = [(start, end)]
        schedule = ScheduleType.SHIFTS if shifts else ScheduleType.FLEXIBLE
        if existing is not None and not shifts and not self.have_sessions:
            schedule = ScheduleType(existing.schedule_type)  # no Session-data.csv this time: keep its shifts
        # The last day it runs: an ENDDATE with no time has become midnight at the end of that day.
        closes_on = timezone.localtime(end - dt.timedelta(microseconds=1)).date() if end else None
        ended = closes_on is not None and closes_on < self.today
        fields = {
            "title": clean_name(row.get("name")), "description": clean(row.get("description")),
            "cause": tags.cause, "desirable_skills": tags.skills, "remote": remote,
            "postcode": place.postcode if place else "", "schedule_type": schedule, "closes_on": closes_on,
        }
        publish = parse_bool(row.get("authorised")) is True and not ended
        state = self._save(existing, organisation, row.line, ref, fields, shifts, publish)
        if state.outcome in (Outcome.IMPORTED, Outcome.UPDATED):
            self.unknown_tags.update(tags.unknown)
            self.default_causes += not tags.causes
            self.ended += ended
            self.written += 1
        return state

    def _save(
        self, existing: Opportunity | None, organisation: Organisation, line: int, ref: str, fields: dict[str, Any],
        shifts: list[Shift], publish: bool,
    ) -> Placement:
        if existing is None:
            opportunity_save(actor=self.actor, organisation=organisation, shifts=shifts, publish=publish,
                             source=SOURCE, source_ref=ref, **fields)
            return Placement(line, Outcome.IMPORTED, shifts_changed=bool(shifts))
        current = {
            "title": existing.title, "description": existing.description, "cause": existing.cause_id,
            "desirable_skills": sorted(existing.desirable_skills.values_list("code", flat=True)),
            "remote": existing.remote, "postcode": existing.postcode, "schedule_type": existing.schedule_type,
            "closes_on": existing.closes_on,
        }
        shifts_changed = bool(shifts) and set(shifts) != set(existing.shifts.values_list("starts_at", "ends_at"))
        publishing = publish and existing.status == OpportunityStatus.DRAFT
        wanted = {**fields, "desirable_skills": sorted(fields["desirable_skills"])}
        if current == wanted and not (shifts_changed or publishing):
            return Placement(line, Outcome.UNCHANGED)
        if edited_in_passport(existing, self.actor):
            return Placement(line, Outcome.SKIPPED)
        opportunity_save(actor=self.actor, organisation=organisation, opportunity=existing,
                         shifts=shifts if shifts_changed else (), publish=publishing, **fields)
        return Placement(line, Outcome.UPDATED, shifts_changed=shifts_changed)

    def add_notes(self) -> None:
        notes = self.report.notes
        if self.unknown_tags:
            total = sum(self.unknown_tags.values())
            listed = ", ".join(f"{tag} ({n})" for tag, n in self.unknown_tags.most_common(10))
            more = " and others" if len(self.unknown_tags) > 10 else ""
            notes.append(f"{plural(total, 'tag')} matched none of our causes or skills and "
                         f"{'was' if total == 1 else 'were'} ignored: {listed}{more}.")
        if self.default_causes:
            notes.append(f"{plural(self.default_causes, 'opportunity', 'opportunities')} had no tag naming a cause, "
                         f"so {'it was' if self.default_causes == 1 else 'they were'} given the cause "
                         f"{CAUSE_LABELS[DEFAULT_CAUSE]}: coordinators should check.")
        if self.ended:
            one = self.ended == 1
            notes.append(f"{plural(self.ended, 'opportunity', 'opportunities')} had already ended (ENDDATE in the "
                         f"past), so {'it was' if one else 'they were'} imported as {'a draft' if one else 'drafts'}.")
        if self.written:
            notes.append("Imported opportunities ask for no DBS check: coordinators must set the check each role "
                         "needs.")
