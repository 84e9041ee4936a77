"""Posting opportunities and handling applications."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passport.accounts.models import User
from passport.core import events, geo
from passport.core.choices import DbsLevel
from passport.core.models import Cause, Skill
from passport.core.taxonomy import ALL_SLOTS, PARTS
from passport.notifications import services as notify
from passport.opportunities.eligibility import Requirement, eligibility
from passport.opportunities.models import (
    Application,
    ApplicationStatus,
    Opportunity,
    OpportunityStatus,
    OpportunityStream,
    PublicServiceRole,
    ScheduleType,
    Shift,
)


def _slot_of(moment: dt.datetime) -> int:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    part = 0 if local.hour < 12 else 1 if local.hour < 17 else 2
    return 1 << (local.weekday() * len(PARTS) + part)


def _validate(
    *,
    title: str,
    description: str,
    stream: str,
    cause: str,
    min_dbs_level: str,
    min_age: int,
    remote: bool,
    postcode: str,
    places: int,
    schedule_type: str,
    paid_youth_placement: bool,
    hourly_pay_pence: int | None,
    public_service_role: str,
) -> tuple[geo.Place | None, Cause]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a title"
    elif len(title) > 120:
        errors["title"] = "Title must be 120 characters or fewer"
    if not description.strip():
        errors["description"] = "Enter a description"
    elif len(description) > 5000:
        errors["description"] = "Description must be 5,000 characters or fewer"
    if stream not in OpportunityStream.values:
        errors["stream"] = "Select a stream"
    if min_dbs_level not in DbsLevel.values:
        errors["min_dbs_level"] = "Select the DBS check needed"
    if not 16 <= min_age <= 100:
        errors["min_age"] = "Minimum age must be between 16 and 100"
    if not 1 <= places <= 10000:
        errors["places"] = "Number of places must be between 1 and 10,000"
    if schedule_type not in ScheduleType.values:
        errors["schedule_type"] = "Select when the volunteering happens"
    if public_service_role not in PublicServiceRole.values:
        errors["public_service_role"] = "Select a public service role"
    if paid_youth_placement:
        if not hourly_pay_pence or hourly_pay_pence < 100:
            errors["hourly_pay"] = "Enter the hourly pay for this paid placement"
        if min_age > 24:
            errors["min_age"] = "Paid youth placements are for people aged 16 to 24"
    cause_obj = Cause.objects.filter(code=cause).first()
    if cause_obj is None:
        errors["cause"] = "Select a cause"
    place = None
    if not remote:
        try:
            place = geo.lookup(postcode)
        except geo.PostcodeError as error:
            errors["postcode"] = str(error)
    if errors:
        raise ValidationError(errors)
    assert cause_obj is not None
    return place, cause_obj


def _skills(codes: Iterable[str], field: str) -> list[Skill]:
    codes = list(dict.fromkeys(codes))
    found = list(Skill.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise ValidationError({field: "Select skills from the list"})
    return found


@transaction.atomic
def opportunity_save(
    *,
    actor: User | None,
    organisation: Any,
    opportunity: Opportunity | None = None,
    title: str,
    description: str,
    stream: str = OpportunityStream.GENERAL,
    cause: str,
    required_skills: Iterable[str] = (),
    desirable_skills: Iterable[str] = (),
    min_dbs_level: str = DbsLevel.NONE,
    min_age: int = 16,
    remote: bool = False,
    postcode: str = "",
    places: int = 1,
    schedule_type: str = ScheduleType.WEEKLY,
    weekly_slots: int = 0,
    shifts: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    paid_youth_placement: bool = False,
    hourly_pay_pence: int | None = None,
    public_service_role: str = PublicServiceRole.NONE,
    closes_on: dt.date | None = None,
    publish: bool = False,
    source: str = "",
    source_ref: str = "",
) -> Opportunity:
    """Create an opportunity (as a draft unless `publish`) or update one."""
    place, cause_obj = _validate(
        title=title, description=description, stream=stream, cause=cause, min_dbs_level=min_dbs_level,
        min_age=min_age, remote=remote, postcode=postcode, places=places, schedule_type=schedule_type,
        paid_youth_placement=paid_youth_placement, hourly_pay_pence=hourly_pay_pence,
        public_service_role=public_service_role,
    )
    shifts = list(shifts)
    for start, end in shifts:
        if end <= start:
            raise ValidationError({"shifts": "A shift must end after it starts"})
    if schedule_type == ScheduleType.SHIFTS and not shifts and opportunity is None:
        raise ValidationError({"shifts": "Add at least one shift"})
    required = _skills(required_skills, "required_skills")
    desirable = _skills(desirable_skills, "desirable_skills")
    opp = opportunity or Opportunity(organisation=organisation, created_by=actor, source=source, source_ref=source_ref)
    opp.title, opp.description = title.strip(), description.strip()
    opp.stream, opp.cause, opp.min_dbs_level, opp.min_age = stream, cause_obj, min_dbs_level, min_age
    opp.remote, opp.places, opp.schedule_type = remote, places, schedule_type
    opp.postcode = place.postcode if place else ""
    opp.easting = place.easting if place else None
    opp.northing = place.northing if place else None
    opp.la_code = place.la_code if place else ""
    opp.paid_youth_placement = paid_youth_placement
    opp.hourly_pay_pence = hourly_pay_pence if paid_youth_placement else None
    opp.public_service_role = public_service_role
    opp.closes_on = closes_on
    if schedule_type == ScheduleType.FLEXIBLE:
        opp.weekly_slots = ALL_SLOTS
    elif schedule_type == ScheduleType.WEEKLY:
        opp.weekly_slots = weekly_slots
    if publish and opp.status == OpportunityStatus.DRAFT:
        opp.status = OpportunityStatus.OPEN
        opp.published_at = timezone.now()
    opp.save()
    opp.required_skills.set(required)
    opp.desirable_skills.set(desirable)
    if shifts or schedule_type != ScheduleType.SHIFTS:
        opp.shifts.all().delete()  # new shifts replace the old; other schedules have none
    if shifts:
        Shift.objects.bulk_create(Shift(opportunity=opp, starts_at=s, ends_at=e, places=places) for s, e in shifts)
    if schedule_type == ScheduleType.SHIFTS:
        mask = 0
        for start, _end in opp.shifts.values_list("starts_at", "ends_at"):
            mask |= _slot_of(start)
        opp.weekly_slots = mask
        opp.save(update_fields=["weekly_slots"])
    events.record(actor=actor, verb="opportunity.created" if opportunity is None else "opportunity.updated",
                  subject=opp)
    return opp


@transaction.atomic
def opportunity_set_status(*, opportunity: Opportunity, actor: User, status: str) -> Opportunity:
    """Publish, close or reopen an opportunity."""
    allowed = {
        OpportunityStatus.DRAFT: {OpportunityStatus.OPEN, OpportunityStatus.CLOSED},
        OpportunityStatus.OPEN: {OpportunityStatus.CLOSED, OpportunityStatus.FILLED},
        OpportunityStatus.FILLED: {OpportunityStatus.OPEN, OpportunityStatus.CLOSED},
        OpportunityStatus.CLOSED: {OpportunityStatus.OPEN},
    }
    if status not in OpportunityStatus.values:
        raise ValidationError({"status": "Select a status from the list"})  # never echo what was sent
    if status not in allowed[OpportunityStatus(opportunity.status)]:
        raise ValidationError({"status": f"You cannot move an opportunity from {opportunity.status} to {status}"})
    opportunity.status = status
    if status == OpportunityStatus.OPEN and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    opportunity.save(update_fields=["status", "published_at", "updated_at"])
    events.record(actor=actor, verb=f"opportunity.{status}", subject=opportunity)
    return opportunity


class NotEligible(ValidationError):
    """The volunteer cannot apply; the messages say why."""


@transaction.atomic
def application_submit(*, opportunity: Opportunity, volunteer: Any, message: str = "") -> Application:
    """Apply for an opportunity, if it is open and the volunteer is eligible."""
    # Lock the row and read it fresh: a stale copy might still say "open" after someone closed it.
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status != OpportunityStatus.OPEN:
        raise NotEligible("This opportunity is not taking applications")
    if len(message) > 2000:
        raise ValidationError({"message": "Your message must be 2,000 characters or fewer"})
    result = eligibility(volunteer, Requirement.of(opportunity))
    if not result.ok:
        raise NotEligible(result.reasons)
    if Application.objects.filter(
        opportunity=opportunity, volunteer=volunteer,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED],
    ).exists():
        raise NotEligible("You have already applied for this opportunity")
    application = Application.objects.create(
        opportunity=opportunity, volunteer=volunteer, message=message.strip(), submitted_at=timezone.now()
    )
    events.record(actor=volunteer.user, verb="application.submitted", subject=application)
    for membership in opportunity.organisation.memberships.select_related("user"):
        if membership.user.email:
            notify.email_send(
                to=membership.user.email, user=membership.user, template="new_application",
                subject=f"New application: {opportunity.title}",
                body=(
                    f"{volunteer.first_name} has applied for {opportunity.title}.\n\nReply to them here: "
                    f"{settings.SITE_URL}{reverse('opportunities:applicants', args=[opportunity.pk])}"
                ),
            )
    return application


@transaction.atomic
def application_decide(*, application: Application, actor: User, accept: bool, message: str = "") -> Application:
    """Accept or decline an application with an optional message; the volunteer is told either way."""
    application = Application.objects.select_for_update().select_related("opportunity", "volunteer__user").get(
        pk=application.pk
    )
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"decision": "This application has already been answered"})
    if accept:
        live = Opportunity.objects.select_for_update().get(pk=application.opportunity_id)
        if live.status == OpportunityStatus.CLOSED:
            raise ValidationError({"decision": "This opportunity is closed. Reopen it to accept more people"})
        taken = live.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        if taken >= live.places:
            raise ValidationError(
                {"decision": f"All {live.places} places are filled. Add places to accept more people"}
            )
    if len(message) > 2000:
        raise ValidationError({"message": "Your message must be 2,000 characters or fewer"})
    now = timezone.now()
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.decided_at = now
    application.first_response_at = application.first_response_at or now
    application.decided_by = actor
    application.decision_message = message.strip()
    application.save()
    events.record(actor=actor, verb=f"application.{application.status}", subject=application)
    opportunity = application.opportunity
    volunteer = application.volunteer
    if accept:
        accepted = opportunity.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        if accepted >= opportunity.places and opportunity.status == OpportunityStatus.OPEN:
            opportunity.status = OpportunityStatus.FILLED
            opportunity.save(update_fields=["status", "updated_at"])
            events.record(actor=actor, verb="opportunity.filled", subject=opportunity)
    if volunteer.user.email:
        outcome = "accepted" if accept else "not been successful this time"
        notify.email_send(
            to=volunteer.user.email, user=volunteer.user, template="application_decided",
            subject=f"Your application for {opportunity.title}",
            body=(
                f"Hello {volunteer.first_name},\n\nYour application for {opportunity.title} with "
                f"{opportunity.organisation.name} has {outcome}."
                + (f"\n\nMessage from the organisation:\n{message.strip()}" if message.strip() else "")
            ),
        )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, volunteer: Any) -> Application:
    """The volunteer withdraws an application that has not been declined."""
    if application.volunteer_id != volunteer.pk:
        raise ValidationError("You can only withdraw your own applications")
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
        raise ValidationError("This application cannot be withdrawn")
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    events.record(actor=volunteer.user, verb="application.withdrawn", subject=application)
    return application


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays after `start` up to and including `end` (bank holidays are not counted out)."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def applications_remind_overdue(*, now: dt.datetime | None = None) -> int:
    """Remind coordinators of applications left unanswered for too many working days. Safe to rerun:
    each application is reminded at most once, claimed with a conditional update."""
    now = now or timezone.now()
    limit = settings.RESPONSE_REMINDER_WORKING_DAYS
    # Any application this old in calendar days might be overdue; the working-day count decides.
    candidates = Application.objects.filter(
        status=ApplicationStatus.SUBMITTED, first_response_at__isnull=True, reminded_at__isnull=True,
        submitted_at__lte=now - dt.timedelta(days=limit),
    ).values_list("pk", "submitted_at")
    sent = 0
    today = timezone.localtime(now).date()
    for pk, submitted in candidates:
        if working_days_between(timezone.localtime(submitted).date(), today) < limit:
            continue
        with transaction.atomic():
            if Application.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now) != 1:
                continue
            application = Application.objects.select_related("opportunity__organisation", "volunteer").get(pk=pk)
            opportunity = application.opportunity
            for membership in opportunity.organisation.memberships.select_related("user"):
                if membership.user.email:
                    notify.email_send(
                        to=membership.user.email, user=membership.user, template="application_reminder",
                        subject=f"{application.volunteer.first_name} is waiting for a reply",
                        body=(
                            f"{application.volunteer.first_name} applied for {opportunity.title} "
                            f"{limit} working days ago and has not heard back. Reply here: "
                            f"{settings.SITE_URL}{reverse('opportunities:applicants', args=[opportunity.pk])}"
                        ),
                    )
            sent += 1
    return sent
