"""Logging, confirming, querying and disputing hours; milestones, time credits and signed statements.

Rules (README.md in this folder says why):
- hours are more than 0, in quarter hours, at most 24 in a day for one volunteer across all live entries;
- the date is not in the future and at most MAX_AGE_DAYS ago;
- against an opportunity, the volunteer needs an accepted application to it; informal help may name any organisation,
  because that organisation must confirm it before it counts;
- only the organisation's coordinators confirm, query or reject; confirmed and rejected are final;
- a volunteer answers a query by correcting and resubmitting; they may dispute hours someone else logged for them
  until the organisation confirms them, and the dispute goes back to the organisation.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from passport.activity.models import (
    LIVE_STATUSES,
    MILESTONE_HOURS,
    CreditEntry,
    CreditKind,
    EntryStatus,
    HoursEntry,
    HoursStatement,
    LoggedBy,
    Milestone,
    MilestoneAward,
)
from passport.activity.statement import hours_text, statement_credential
from passport.core import events
from passport.credentials import services as credential_services
from passport.credentials import vc
from passport.credentials.models import CredentialKind, IssuedCredential
from passport.impact import tally
from passport.notifications import services as notify
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, Shift
from passport.organisations.models import Membership, Organisation
from passport.reserve.models import CallOut, CallOutStatus, IncidentStatus
from passport.volunteers.models import Volunteer

MAX_AGE_DAYS = 365
DAY_LIMIT = Decimal(24)
QUARTER = Decimal("0.25")
STATEMENT_KIND = CredentialKind.HOURS_STATEMENT


def _check_hours(*, volunteer: Volunteer, date: dt.date, hours: Decimal, exclude: Any = None) -> None:
    """Raise a ValidationError, with GOV.UK wording, for hours that cannot be logged."""
    errors: dict[str, str] = {}
    if hours <= 0:
        errors["hours"] = "Hours must be more than 0"
    elif hours % QUARTER:
        errors["hours"] = "Hours must be in quarter hours, like 2.5 or 2.75"
    elif hours > DAY_LIMIT:
        errors["hours"] = "Hours must be 24 or fewer"
    today = timezone.localdate()
    if date > today:
        errors["date"] = "Date must be today or in the past"
    elif date < today - dt.timedelta(days=MAX_AGE_DAYS):
        errors["date"] = "Date must be within the last 12 months"
    if not errors:
        others = HoursEntry.objects.filter(volunteer=volunteer, date=date, status__in=LIVE_STATUSES)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        already = others.aggregate(total=Sum("hours", default=Decimal(0)))["total"]
        if already + hours > DAY_LIMIT:
            errors["hours"] = (
                f"Hours in one day must be 24 or fewer: {hours_text(already)} hours are already logged "
                f"for {date:%-d %B %Y}"
            )
    if errors:
        raise ValidationError(errors)


def _check_opportunity(*, volunteer: Volunteer, organisation: Any, opportunity: Opportunity | None) -> None:
    if opportunity is None:
        return
    if opportunity.organisation_id != organisation.pk:
        raise ValidationError({"opportunity": "Select an opportunity of this organisation"})
    accepted = Application.objects.filter(
        volunteer=volunteer, opportunity=opportunity, status=ApplicationStatus.ACCEPTED
    ).exists()
    if not accepted:
        raise ValidationError({"opportunity": "Select an opportunity you have been accepted for, or informal help"})


def _lock_volunteer(volunteer: Volunteer) -> Volunteer:
    """Serialise writes for one volunteer, so two requests cannot both fit into the same day or balance."""
    return Volunteer.objects.select_for_update().get(pk=volunteer.pk)


def _is_coordinator(actor: Any, organisation_id: Any) -> bool:
    return getattr(actor, "is_authenticated", False) and actor.memberships.filter(
        organisation_id=organisation_id
    ).exists()


@transaction.atomic
def hours_log(
    *, volunteer: Volunteer, organisation: Any, date: dt.date, hours: Decimal, description: str, actor: Any,
    opportunity: Opportunity | None = None,
) -> HoursEntry:
    """Log hours for a volunteer, by the volunteer or by a coordinator of the organisation; starts pending."""
    volunteer = _lock_volunteer(volunteer)
    if actor == volunteer.user:
        logged_by = LoggedBy.VOLUNTEER
    elif _is_coordinator(actor, organisation.pk):
        logged_by = LoggedBy.ORGANISATION
        volunteers_here = Application.objects.filter(
            volunteer=volunteer, opportunity__organisation=organisation, status=ApplicationStatus.ACCEPTED
        ).exists() or volunteer.assisted_organisation_id == organisation.pk
        if not volunteers_here:
            raise ValidationError({"volunteer": "Select a volunteer your organisation has accepted"})
    else:
        raise ValidationError("Only the volunteer or the organisation's coordinators can log these hours")
    if not description.strip():
        raise ValidationError({"description": "Enter what you did"})
    _check_hours(volunteer=volunteer, date=date, hours=hours)
    _check_opportunity(volunteer=volunteer, organisation=organisation, opportunity=opportunity)
    entry = HoursEntry.objects.create(
        volunteer=volunteer, organisation=organisation, opportunity=opportunity, date=date, hours=hours,
        description=description.strip(), logged_by=logged_by, logged_by_user=actor,
    )
    events.record(actor=actor, verb="hours.logged", subject=entry, status=entry.status, hours=str(hours),
                  date=date.isoformat(), logged_by=logged_by)
    if logged_by == LoggedBy.ORGANISATION:
        _tell_volunteer(entry, template="hours_logged_for_you", subject=f"{organisation.name} logged your hours",
                        text=f"{organisation.name} logged {hours_text(hours)} hours for you on {date:%-d %B %Y}. "
                             "If they are wrong, you can dispute them until they are confirmed.")
    return entry


def _tell_volunteer(entry: HoursEntry, *, template: str, subject: str, text: str) -> None:
    user = entry.volunteer.user
    if user.email:
        link = f"{settings.SITE_URL}{reverse('activity:entry', args=[entry.pk])}"
        notify.email_send(to=user.email, user=user, template=template, subject=subject,
                          body=f"Hello {entry.volunteer.first_name},\n\n{text}\n\nSee the hours here: {link}")


def _tell_coordinators(entry: HoursEntry, *, template: str, subject: str, text: str) -> None:
    link = f"{settings.SITE_URL}{reverse('activity:entry', args=[entry.pk])}"
    for membership in entry.organisation.memberships.select_related("user"):
        if membership.user.email:
            notify.email_send(to=membership.user.email, user=membership.user, template=template, subject=subject,
                              body=f"{text}\n\nSee the hours here: {link}")


def _locked(entry: HoursEntry) -> HoursEntry:
    return (
        HoursEntry.objects.select_for_update(of=("self",)).select_related("volunteer", "organisation").get(pk=entry.pk)
    )


def _require_coordinator(actor: Any, entry: HoursEntry) -> None:
    if not _is_coordinator(actor, entry.organisation_id):
        raise ValidationError("Only the organisation's coordinators can decide on these hours")


@transaction.atomic
def hours_confirm(*, entry: HoursEntry, actor: Any) -> HoursEntry:
    """Confirm hours: they count, earn time credits and may reach a milestone."""
    _require_coordinator(actor, entry)
    volunteer = _lock_volunteer(entry.volunteer)
    entry = _locked(entry)
    if entry.status not in (EntryStatus.PENDING, EntryStatus.QUERIED, EntryStatus.DISPUTED):
        raise ValidationError(f"These hours are already {entry.get_status_display().lower()}")
    entry.status = EntryStatus.CONFIRMED
    entry.decided_at = timezone.now()
    entry.decided_by = actor
    with tally.recounting(volunteer):  # the impact statistics' running totals
        entry.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    events.record(actor=actor, verb="hours.confirmed", subject=entry, status=entry.status)
    CreditEntry.objects.create(volunteer=entry.volunteer, kind=CreditKind.EARN, amount=entry.hours, hours_entry=entry,
                               organisation=entry.organisation, reason="Confirmed hours", recorded_by=actor)
    milestones_award(volunteer=entry.volunteer, actor=actor)
    return entry


@transaction.atomic
def hours_query(*, entry: HoursEntry, actor: Any, message: str) -> HoursEntry:
    """Ask the volunteer about their hours; they answer by correcting and resubmitting."""
    _require_coordinator(actor, entry)
    if not message.strip():
        raise ValidationError({"message": "Enter what you want to ask the volunteer"})
    entry = _locked(entry)
    if entry.status not in (EntryStatus.PENDING, EntryStatus.DISPUTED):
        raise ValidationError(f"You cannot query hours that are {entry.get_status_display().lower()}")
    entry.status = EntryStatus.QUERIED
    entry.message = message.strip()
    entry.save(update_fields=["status", "message", "updated_at"])
    events.record(actor=actor, verb="hours.queried", subject=entry, status=entry.status, message=entry.message)
    _tell_volunteer(entry, template="hours_queried",
                    subject=f"{entry.organisation.name} has a question about your hours",
                    text=f"{entry.organisation.name} asked about your hours on {entry.date:%-d %B %Y}:\n"
                         f"{entry.message}\n\nAnswer by changing the hours.")
    return entry


@transaction.atomic
def hours_reject(*, entry: HoursEntry, actor: Any, message: str = "") -> HoursEntry:
    """Refuse to confirm hours; final, and the hours stop counting towards the day's 24."""
    _require_coordinator(actor, entry)
    entry = _locked(entry)
    if entry.status not in (EntryStatus.PENDING, EntryStatus.QUERIED, EntryStatus.DISPUTED):
        raise ValidationError(f"You cannot reject hours that are {entry.get_status_display().lower()}")
    entry.status = EntryStatus.REJECTED
    entry.message = message.strip() or entry.message
    entry.decided_at = timezone.now()
    entry.decided_by = actor
    entry.save(update_fields=["status", "message", "decided_at", "decided_by", "updated_at"])
    events.record(actor=actor, verb="hours.rejected", subject=entry, status=entry.status, message=message.strip())
    return entry


@transaction.atomic
def hours_resubmit(
    *, entry: HoursEntry, actor: Any, date: dt.date, hours: Decimal, description: str
) -> HoursEntry:
    """The volunteer answers a query by correcting the entry; it goes back to the organisation as pending."""
    volunteer = _lock_volunteer(entry.volunteer)
    entry = _locked(entry)
    if actor != volunteer.user:
        raise ValidationError("Only the volunteer can answer a query about their hours")
    if entry.status != EntryStatus.QUERIED:
        raise ValidationError("You can only change hours the organisation has queried")
    if not description.strip():
        raise ValidationError({"description": "Enter what you did"})
    _check_hours(volunteer=volunteer, date=date, hours=hours, exclude=entry)
    before = {"date": entry.date.isoformat(), "hours": str(entry.hours), "description": entry.description}
    entry.date, entry.hours, entry.description = date, hours, description.strip()
    entry.status = EntryStatus.PENDING
    entry.save(update_fields=["date", "hours", "description", "status", "updated_at"])
    events.record(actor=actor, verb="hours.resubmitted", subject=entry, status=entry.status, before=before,
                  after={"date": date.isoformat(), "hours": str(hours), "description": entry.description})
    return entry


@transaction.atomic
def hours_dispute(*, entry: HoursEntry, actor: Any, reason: str) -> HoursEntry:
    """The volunteer disputes hours someone else logged for them; the organisation must confirm or reject."""
    entry = _locked(entry)
    if actor != entry.volunteer.user:
        raise ValidationError("Only the volunteer can dispute their hours")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these hours are wrong"})
    if entry.status == EntryStatus.CONFIRMED:
        raise ValidationError("You cannot dispute hours that have been confirmed. Contact the organisation instead")
    if entry.logged_by == LoggedBy.VOLUNTEER:
        raise ValidationError("You logged these hours yourself. Change them if the organisation queries them")
    if not entry.can_be_disputed:
        raise ValidationError(f"You cannot dispute hours that are {entry.get_status_display().lower()}")
    entry.status = EntryStatus.DISPUTED
    entry.message = reason.strip()
    entry.save(update_fields=["status", "message", "updated_at"])
    events.record(actor=actor, verb="hours.disputed", subject=entry, status=entry.status, reason=entry.message)
    _tell_coordinators(entry, template="hours_disputed", subject=f"{entry.volunteer.first_name} disputes their hours",
                       text=f"{entry.volunteer.first_name} disputes the hours on {entry.date:%-d %B %Y}:\n"
                            f"{entry.message}\n\nConfirm or reject them.")
    return entry


def milestones_award(*, volunteer: Volunteer, actor: Any) -> list[MilestoneAward]:
    """Issue each milestone the volunteer's confirmed hours have reached and they do not hold yet (helper: runs
    inside the confirming service's transaction, with the volunteer locked)."""
    total = HoursEntry.objects.filter(volunteer=volunteer, status=EntryStatus.CONFIRMED).aggregate(
        total=Sum("hours", default=Decimal(0))
    )["total"]
    held = set(MilestoneAward.objects.filter(volunteer=volunteer).values_list("milestone", flat=True))
    reached = {m for m, needed in MILESTONE_HOURS.items() if total >= needed}
    if HoursEntry.objects.filter(volunteer=volunteer, status=EntryStatus.CONFIRMED).exclude(
        opportunity__public_service_role=""
    ).exclude(opportunity__isnull=True).exists():
        reached.add(Milestone.PUBLIC_SERVICE)
    if reserve_deployments().filter(volunteer=volunteer).exists():
        reached.add(Milestone.RESERVE_DEPLOYMENT)
    awarded = []
    for milestone in Milestone:
        if milestone not in reached or milestone in held:
            continue
        if milestone == Milestone.FIRST:
            criteria = "Had volunteering confirmed by an organisation for the first time."
        elif milestone == Milestone.PUBLIC_SERVICE:
            criteria = "Had volunteering in a public service role confirmed for the first time."
        elif milestone == Milestone.RESERVE_DEPLOYMENT:
            criteria = ("Was confirmed for a National Volunteer Reserve call-out to an incident that went ahead, "
                        "and stood by until it was stood down.")
        else:
            criteria = (f"Had {hours_text(MILESTONE_HOURS[milestone])} hours of volunteering confirmed by the "
                        "organisations they helped.")
        credential = credential_services.achievement_issue(
            volunteer=volunteer, actor=actor, achievement_id=milestone.value, name=milestone.label,
            description=f"{milestone.label}, as confirmed through Volunteer Passport.", criteria=criteria,
        )
        awarded.append(MilestoneAward.objects.create(volunteer=volunteer, milestone=milestone, credential=credential))
    return awarded


@transaction.atomic
def volunteer_hours_erase(*, volunteer: Volunteer) -> int:
    """Blank the free text of an erased volunteer's entries; the dated hours stay for the organisations' records
    and the statistics."""
    return HoursEntry.objects.filter(volunteer=volunteer).update(description="", message="")


@transaction.atomic
def credits_spend(*, volunteer: Volunteer, organisation: Any, amount: Decimal, reason: str, actor: Any) -> CreditEntry:
    """A partner organisation honours time credits: a spend row, never more than the balance."""
    if not _is_coordinator(actor, organisation.pk):
        raise ValidationError("Only the organisation's coordinators can record spending")
    if amount <= 0:
        raise ValidationError({"amount": "Credits must be more than 0"})
    if amount % QUARTER:
        raise ValidationError({"amount": "Credits must be in quarters, like 1 or 1.5"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter what the credits were spent on"})
    volunteer = _lock_volunteer(volunteer)
    balance = CreditEntry.objects.filter(volunteer=volunteer).aggregate(total=Sum("amount", default=Decimal(0)))[
        "total"
    ]
    if amount > balance:
        raise ValidationError({"amount": f"Credits must be {hours_text(balance)} or fewer: that is the balance"})
    spend = CreditEntry.objects.create(volunteer=volunteer, kind=CreditKind.SPEND, amount=-amount,
                                       organisation=organisation, reason=reason.strip(), recorded_by=actor)
    events.record(actor=actor, verb="credits.spent", subject=spend, amount=str(amount), volunteer=str(volunteer.pk))
    return spend


@transaction.atomic
def shift_entries_create(*, now: dt.datetime | None = None) -> int:
    """One pending entry per ended shift for each volunteer accepted for its opportunity; safe to run twice.

    Only shifts that ended after the volunteer applied and within MAX_AGE_DAYS count.
    """
    now = now or timezone.now()
    oldest = now - dt.timedelta(days=MAX_AGE_DAYS)
    shifts = Shift.objects.filter(ends_at__lte=now, ends_at__gte=oldest).select_related("opportunity__organisation")
    created = 0
    for shift in shifts.iterator():
        accepted = Application.objects.filter(
            opportunity_id=shift.opportunity_id, status=ApplicationStatus.ACCEPTED, submitted_at__lt=shift.ends_at,
            volunteer__erased_at__isnull=True,
        ).exclude(volunteer__hours_entries__shift=shift).select_related("volunteer")
        length = Decimal((shift.ends_at - shift.starts_at).total_seconds()) / 3600
        hours = min((length / QUARTER).quantize(Decimal(1)) * QUARTER, DAY_LIMIT)
        if hours <= 0:
            continue
        for application in accepted:
            volunteer = application.volunteer
            date = timezone.localdate(shift.starts_at)
            already = HoursEntry.objects.filter(volunteer=volunteer, date=date, status__in=LIVE_STATUSES).aggregate(
                total=Sum("hours", default=Decimal(0)))["total"]
            if already + hours > DAY_LIMIT:
                continue  # the volunteer has logged that day already; they can add it themselves
            with transaction.atomic():
                entry, made = HoursEntry.objects.get_or_create(
                    volunteer=volunteer, shift=shift,
                    defaults={"organisation": shift.opportunity.organisation, "opportunity": shift.opportunity,
                              "date": date, "hours": hours, "logged_by": LoggedBy.SHIFT,
                              "description": f"Shift: {shift.opportunity.title}"},
                )
            if made:
                events.record(actor=None, verb="hours.logged", subject=entry, status=entry.status,
                              hours=str(hours), date=date.isoformat(), logged_by=LoggedBy.SHIFT)
                created += 1
    return created


def reserve_deployments() -> QuerySet[CallOut]:
    """Confirmed reserve call-outs of incidents that went ahead (began before they were stood down) and are over."""
    return CallOut.objects.filter(status=CallOutStatus.CONFIRMED, incident__status=IncidentStatus.STOOD_DOWN,
                                  incident__starts_at__lt=F("incident__stood_down_at"))


def _controller_organisation(user_id: Any) -> Organisation | None:
    """The organisation a reserve controller coordinates for (their first, if several), which confirms the hours."""
    membership = Membership.objects.filter(user_id=user_id).select_related("organisation").order_by("created_at")
    first = membership.first()
    return first.organisation if first else None


@transaction.atomic
def callout_entries_create(*, now: dt.datetime | None = None) -> int:
    """One pending entry per confirmed reserve call-out of an incident that went ahead and has been stood down,
    for the organisation of the controller who declared it, and the reserve deployment milestone; safe to run twice.

    The hours are the incident's expected hours, or the time from its start to its stand-down if shorter. Without
    an organisation to confirm them, or past 24 hours that day, no entry is made but the milestone still is.
    """
    now = now or timezone.now()
    oldest = now - dt.timedelta(days=MAX_AGE_DAYS)
    callouts = (reserve_deployments()
                .filter(incident__stood_down_at__gte=oldest, incident__stood_down_at__lte=now,
                        hours_entry__isnull=True, volunteer__erased_at__isnull=True)
                .select_related("incident", "need").order_by("incident__stood_down_at", "created_at"))
    organisations: dict[Any, Organisation | None] = {}
    created = 0
    for callout in list(callouts):
        incident = callout.incident
        if incident.declared_by_id not in organisations:
            organisations[incident.declared_by_id] = _controller_organisation(incident.declared_by_id)
        organisation = organisations[incident.declared_by_id]
        volunteer = Volunteer.objects.select_for_update().get(pk=callout.volunteer_id)
        milestones_award(volunteer=volunteer, actor=None)
        if organisation is None:
            continue
        length = min(incident.stood_down_at - incident.starts_at, dt.timedelta(hours=incident.expected_hours))
        hours = min((Decimal(length.total_seconds()) / 3600 / QUARTER).quantize(Decimal(1)) * QUARTER, DAY_LIMIT)
        date = timezone.localdate(incident.starts_at)
        if hours <= 0 or date < timezone.localdate(now) - dt.timedelta(days=MAX_AGE_DAYS):
            continue
        already = HoursEntry.objects.filter(volunteer=volunteer, date=date, status__in=LIVE_STATUSES).aggregate(
            total=Sum("hours", default=Decimal(0)))["total"]
        if already + hours > DAY_LIMIT:
            continue  # the volunteer has logged that day already; they can add it themselves
        with transaction.atomic():
            entry, made = HoursEntry.objects.get_or_create(
                callout=callout,
                defaults={"volunteer": volunteer, "organisation": organisation, "date": date, "hours": hours,
                          "logged_by": LoggedBy.CALLOUT,
                          "description": f"Reserve call-out: {incident.title} ({callout.need.role})"},
            )
        if made:
            events.record(actor=None, verb="hours.logged", subject=entry, status=entry.status, hours=str(hours),
                          date=date.isoformat(), logged_by=LoggedBy.CALLOUT, callout=str(callout.pk))
            created += 1
    return created


@transaction.atomic
def statement_issue(*, volunteer: Volunteer, actor: Any) -> HoursStatement:
    """Sign a statement of the volunteer's confirmed hours, revocable through the status list like the passport."""
    from passport.activity.selectors import totals_by_organisation

    if actor != volunteer.user:
        raise ValidationError("Only the volunteer can ask for their statement of hours")
    confirmed = HoursEntry.objects.filter(volunteer=volunteer, status=EntryStatus.CONFIRMED)
    organisations = [o for o in totals_by_organisation(confirmed) if o["confirmed"] > 0]
    if not organisations:
        raise ValidationError("You have no confirmed hours yet. A statement lists only confirmed hours")
    total = sum((o["confirmed"] for o in organisations), Decimal(0))
    dates = confirmed.order_by("date").values_list("date", flat=True)
    issuer = credential_services.issuer()
    status_list, index = credential_services.status_index_allocate()
    now = timezone.now().replace(microsecond=0)
    credential_id = uuid.uuid4()
    payload = statement_credential(
        issuer, credential_id=credential_id, holder_id=credential_services.holder_number(volunteer),
        name=volunteer.full_name, total=total, organisations=organisations, first_date=dates.first(),
        last_date=dates.last(), valid_from=now, status=vc.status_entry(issuer, status_list.id, index),
    )
    token, kid = credential_services.sign(payload)
    issued = IssuedCredential.objects.create(
        id=credential_id, volunteer=volunteer, kind=STATEMENT_KIND, kid=kid, status_list=status_list,
        status_index=index, valid_from=now, token=token,
    )
    events.record(actor=actor, verb="credential.issued", subject=issued, kind=STATEMENT_KIND, kid=kid,
                  hours=str(total))
    return HoursStatement.objects.create(volunteer=volunteer, credential=issued, total_hours=total)
