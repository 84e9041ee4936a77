"""Writes for community support: posting a task, alerting volunteers in waves, replies, done, can't-do, cancel,
expiry and feedback.

A task has one accepter: a yes locks its alert, then takes the task with a conditional
`UPDATE ... SET status = 'accepted' WHERE status = 'open'` whose row count it checks; a yes that updates nothing
is thanked and told the task is taken. Every step is an append-only `TaskEvent`. The person's name, address and
phone are read by a volunteer only through `person_details_reveal`, which records an audit event each time.
"""

import datetime as dt
import enum
import re
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from passport.core import events, geo
from passport.core.choices import Stream
from passport.core.once import create_once
from passport.notifications.services import email_send, sms_send
from passport.opportunities.eligibility import Eligibility, Requirement, eligibility
from passport.organisations.selectors import organisations_of
from passport.reserve import ranking
from passport.reserve.pool import dbs_cleared
from passport.support import texts
from passport.support.models import (
    SAFEGUARDING,
    TYPICAL_HOURS,
    Alert,
    AlertStatus,
    Feedback,
    FeedbackSide,
    SupportTask,
    TaskEvent,
    TaskEventKind,
    TaskKind,
    TaskStatus,
)
from passport.support.pool import volunteers_available
from passport.support.selectors import is_referrer_of
from passport.volunteers.models import StreamConsent, Volunteer
from passport.volunteers.selectors import volunteer_of

ELIGIBILITY_BATCH = 200
NOTES_MESSAGE = "Remove the person's name, address and phone number from the notes: only the volunteer who says yes " \
                "sees those"


def requirement_for(kind: str) -> Requirement:
    """The safeguarding tier of a kind of task, as `opportunities.eligibility` reads it (16 or over, always)."""
    level, workforce = SAFEGUARDING[TaskKind(kind)]
    return Requirement(min_dbs_level=level, workforce=workforce)


def allowed(volunteer: Volunteer, task: SupportTask, now: dt.datetime) -> Eligibility:
    """Whether the task's safeguarding tier allows the volunteer today and on the task's last day: a DBS check
    that runs out before the task is over does not cover it."""
    requirement = requirement_for(task.kind)
    today = timezone.localdate(now)
    result = eligibility(volunteer, requirement, on=today)
    last_day = timezone.localdate(task.window_end)
    if result.ok and last_day > today:
        result = eligibility(volunteer, requirement, on=last_day)
    return result


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _words(text: str) -> str:
    """Lower case, punctuation as spaces, one space between words, and a space at each end (so a phrase is found
    only as whole words: " 14 kirkstall lane ")."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", text.lower()).split()) + " "


def _identifies(notes: str, *, name: str, address: str, phone: str, postcode: str) -> bool:
    """Whether the notes repeat the person's name, first name (as written, capital and all), surname, phone,
    postcode, or any line of their address that holds a number (the first line, or "Flat 2" and "14 Kirkstall Lane"
    of "Flat 2, 14 Kirkstall Lane")."""
    said = _words(notes)
    if not said.strip():
        return False
    words = name.split()
    first = words[0] if len(words) > 1 and len(words[0]) >= 3 else ""
    surname = words[-1].lower() if words and len(words[-1]) >= 3 else ""
    lines = [_words(line) for line in re.split(r"[,\n]", address)]
    telling = [line for i, line in enumerate(lines) if len(line.strip()) >= 5 and (i == 0 or re.search(r"\d", line))]
    phone_digits = _digits(phone)[-6:]
    return any([
        name.strip() and _words(name) in said,
        first and re.search(rf"\b{re.escape(first)}\b", notes),  # "Margaret", not "will" for a Will
        surname and f" {surname} " in said,
        any(line in said for line in telling),
        len(phone_digits) == 6 and any(phone_digits in _digits(run) for run in re.findall(r"\d[\d\s().-]*", notes)),
        geo.normalise(postcode).lower() in said.replace(" ", ""),
    ])


@transaction.atomic
def task_post(*, actor: Any, organisation: Any, kind: str, postcode: str, window_start: dt.datetime,
              window_end: dt.datetime, notes: str, person_name: str, person_address: str, person_phone: str,
              now: dt.datetime | None = None, submission: uuid.UUID | None = None) -> SupportTask:
    """Post a task for a person, for an organisation the actor coordinates for, or for themselves
    (organisation=None). Alerts go out with the next `alerts_send`; raises ValidationError with GOV.UK wording.
    With the posting form's `submission` token, the same form sent again raises core.once.SentBefore with the
    task it posted."""
    now = now or timezone.now()
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError("Sign in to ask for help")
    if organisation is not None and not organisations_of(actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Select an organisation you coordinate for"})
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = "Select the kind of help needed"
    try:
        place = geo.lookup(postcode)
    except geo.PostcodeError as error:
        errors["postcode"] = str(error)
        place = None
    if window_end <= window_start:
        errors["window_end"] = "The end time must be after the start time"
    elif window_end <= now:
        errors["window_end"] = "The end time must be in the future"
    for field, value, message in (("person_name", person_name, "Enter the name of the person who needs help"),
                                  ("person_address", person_address, "Enter their address"),
                                  ("person_phone", person_phone, "Enter their phone number")):
        if not value.strip():
            errors[field] = message
    if place is not None and not errors and _identifies(notes, name=person_name, address=person_address,
                                                       phone=person_phone, postcode=place.postcode):
        errors["notes"] = NOTES_MESSAGE
    if errors:
        raise ValidationError(errors)
    assert place is not None
    task = create_once(SupportTask, submission, lambda: SupportTask.objects.create(
        organisation=organisation, posted_by=actor, kind=kind, postcode=place.postcode, easting=place.easting,
        northing=place.northing, radius_m=settings.SUPPORT_RADIUS_KM * 1000, window_start=window_start,
        window_end=window_end, notes=notes.strip(), person_name=person_name.strip(),
        person_address=person_address.strip(), person_phone=person_phone.strip(), next_wave_at=now,
        submission=submission,
    ))
    TaskEvent.objects.create(task=task, kind=TaskEventKind.POSTED, actor=actor)
    events.record(actor=actor, verb="support.task_posted", subject=task, kind=kind)
    return task


def _new_code(taken: set[str]) -> str:
    for _ in range(50):
        code = f"{secrets.randbelow(100000):05d}"
        if code not in taken:
            taken.add(code)
            return code
    return f"{secrets.randbelow(100000):05d}"


@transaction.atomic
def alerts_send(*, task_id: Any, now: dt.datetime | None = None) -> int:
    """Send the task's next wave if one is due; returns how many volunteers were alerted. Safe to run twice:
    it locks the task and re-checks that a wave is due, and nobody is ever alerted twice for a task."""
    now = now or timezone.now()
    task = SupportTask.objects.select_for_update().get(pk=task_id)
    if task.status != TaskStatus.OPEN or task.next_wave_at is None or task.next_wave_at > now \
            or task.window_end <= now:
        return 0
    day = timezone.localdate(now)
    last_day = max(day, timezone.localdate(task.window_end))
    requirement = requirement_for(task.kind)
    size = settings.SUPPORT_WAVE_SIZE
    # Those who said yes after someone else are asked again first when a task re-opens: they wanted it.
    # Still consented to community support and allowed by the task's tier, as the pool requires of the rest.
    consented = StreamConsent.objects.filter(volunteer=OuterRef("volunteer"), stream=Stream.COMMUNITY,
                                             withdrawn_at__isnull=True)
    again = [a for a in Alert.objects.select_for_update(no_key=True, of=("self",)).select_related("volunteer__user")
             .filter(Exists(consented), task=task, status=AlertStatus.TAKEN).order_by("replied_at", "pk")
             if allowed(a.volunteer, task, now).ok][:size]
    pool = volunteers_available(task, requirement, now=now, day=day)
    chosen: list[Alert] = []
    examined, order = 0, np.array([], dtype=int)
    if len(pool) and len(again) < size:
        ranked = ranking.rank(
            easting=pool.easting, northing=pool.northing, days_since_called=pool.days_since_alerted,
            holds_needed_skill=np.zeros(len(pool), dtype=bool), centre=(task.easting, task.northing),
            radius_m=task.radius_m, skilled_need=True,
        )
        order, distance = ranked[0], ranked[1]  # best first, and each volunteer's distance in metres
        order = order[distance[order] <= pool.max_travel_m[order]]  # within how far each says they will travel
        for start in range(0, len(order), ELIGIBILITY_BATCH):
            chunk = order[start:start + ELIGIBILITY_BATCH]
            ids = list(pool.volunteer_ids[chunk])
            # Vetting read for the batch in two queries (the reserve's reader, level only), so thousands of
            # people without a current check cost little; eligibility() then decides, workforce included.
            cleared = dbs_cleared(ids, requirement.min_dbs_level, last_day) \
                if requirement.min_dbs_level != "none" else set(ids)
            volunteers = Volunteer.objects.in_bulk([v for v in ids if v in cleared])
            for index in chunk:
                if len(again) + len(chosen) >= size:
                    break
                examined += 1
                volunteer = volunteers.get(pool.volunteer_ids[index])
                if volunteer is not None and allowed(volunteer, task, now).ok:
                    chosen.append(Alert(task=task, volunteer_id=pool.volunteer_ids[index], wave=task.waves_sent + 1,
                                        distance_m=int(distance[index])))
            if len(again) + len(chosen) >= size:
                break
    if chosen or again:
        in_use = set(Alert.objects.filter(volunteer_id__in=[a.volunteer_id for a in chosen + again],
                                          status=AlertStatus.ALERTED).values_list("code", flat=True))
        for alert in chosen + again:
            alert.code = _new_code(in_use)
        Alert.objects.bulk_create(chosen)
        for alert in again:
            alert.status, alert.wave, alert.replied_at = AlertStatus.ALERTED, task.waves_sent + 1, None
        Alert.objects.bulk_update(again, ["status", "wave", "replied_at", "code"])
        TaskEvent.objects.bulk_create([TaskEvent(task=task, alert=a, kind=TaskEventKind.ALERTED)
                                       for a in again + chosen])
        task.waves_sent += 1
        _alert(task, again + chosen)
    outstanding = Alert.objects.filter(task=task, status=AlertStatus.ALERTED).exists()
    examined_all = len(again) < size and examined >= len(order)  # a wave of those asked again reads no pool
    task.pool_exhausted = examined_all
    task.next_wave_at = None if (examined_all and not outstanding) \
        else now + dt.timedelta(minutes=settings.SUPPORT_WAVE_MINUTES)
    task.save(update_fields=["waves_sent", "pool_exhausted", "next_wave_at", "updated_at"])
    if task.next_wave_at is None:  # the timer stops here, once: say so, so the referrer can look elsewhere
        _tell_referrer(task, "Nobody nearby can take it yet",
                       "Every volunteer nearby who could take it has been asked and none has said yes, so we have "
                       "stopped asking. You may want to find help another way, or cancel the task.")
    return len(again) + len(chosen)


def _alert(task: SupportTask, alerts: list[Alert]) -> None:
    volunteers = Volunteer.objects.select_related("user").in_bulk([a.volunteer_id for a in alerts])
    for alert in alerts:
        volunteer = volunteers[alert.volunteer_id]
        alert.task, alert.volunteer = task, volunteer
        if volunteer.user.email:
            alert.email_message = email_send(to=volunteer.user.email, user=volunteer.user, template="support_alert",
                                             subject=texts.alert_subject(alert), body=texts.alert_email(alert))
        if volunteer.mobile:
            alert.sms_message = sms_send(to=volunteer.mobile, user=volunteer.user, template="support_alert",
                                         body=texts.alert_sms(alert))
    Alert.objects.bulk_update(alerts, ["email_message", "sms_message"])


def _tell(volunteer: Volunteer, template: str, subject: str, body: str) -> None:
    if volunteer.user.email:
        email_send(to=volunteer.user.email, user=volunteer.user, template=template, subject=subject, body=body)
    if volunteer.mobile:
        sms_send(to=volunteer.mobile, user=volunteer.user, template=template, body=body[:600])


def _tell_referrer(task: SupportTask, subject: str, what: str) -> None:
    if task.posted_by.email:
        email_send(to=task.posted_by.email, user=task.posted_by, template="support_referrer_update",
                   subject=subject, body=texts.referrer_update(task, what))


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    TAKEN = "taken"
    DECLINED = "declined"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_ANSWERED = "already_answered"
    CLOSED = "closed"


@transaction.atomic
def reply_record(*, alert_id: Any, accept: bool, channel: str, inbound_id: str = "") -> Outcome:
    """Record a volunteer's yes or no to an alert. The first yes takes the task; a later yes is thanked and told
    it is taken; a yes from someone the task's safeguarding tier no longer allows (a check lapsed or withdrawn, a
    pause) is refused with the reason. Changes nothing when the alert was already answered or the task closed."""
    alert = Alert.objects.select_for_update(no_key=True).select_related("volunteer__user").get(pk=alert_id)
    if alert.status != AlertStatus.ALERTED:
        return Outcome.ALREADY_ANSWERED
    now = timezone.now()
    task = SupportTask.objects.select_related("posted_by").get(pk=alert.task_id)
    if task.is_closed or (task.status == TaskStatus.OPEN and task.window_end <= now):
        return Outcome.CLOSED
    alert.task = task
    allows = allowed(alert.volunteer, task, now) if accept else None
    if allows is not None and not allows.ok:
        outcome, status, kind = Outcome.NOT_ELIGIBLE, AlertStatus.NOT_ELIGIBLE, TaskEventKind.NOT_ELIGIBLE
        _tell(alert.volunteer, "support_not_eligible", "Thank you", texts.not_eligible(alert, allows.reasons))
    elif not accept:
        outcome, status, kind = Outcome.DECLINED, AlertStatus.DECLINED, TaskEventKind.DECLINED
        _tell(alert.volunteer, "support_declined", "Thank you", texts.declined(alert))
    elif SupportTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN, accepted_by__isnull=True).update(
            status=TaskStatus.ACCEPTED, accepted_by=alert.volunteer, accepted_at=now, next_wave_at=None,
            updated_at=now):
        outcome, status, kind = Outcome.ACCEPTED, AlertStatus.ACCEPTED, TaskEventKind.ACCEPTED
        _tell(alert.volunteer, "support_accepted", "The task is yours", texts.accepted(alert))
        _tell_referrer(task, "A volunteer said yes", f"{alert.volunteer.first_name} said yes and will help.")
    else:
        task.refresh_from_db(fields=["status"])
        if task.is_closed:  # cancelled or expired between our read and our update
            return Outcome.CLOSED
        outcome, status, kind = Outcome.TAKEN, AlertStatus.TAKEN, TaskEventKind.TAKEN
        _tell(alert.volunteer, "support_taken", "Thank you: this one is taken", texts.taken(alert))
    if outcome in (Outcome.DECLINED, Outcome.NOT_ELIGIBLE):
        # A refusal is replaced at once: the worker's next tick sends the next wave.
        SupportTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN, next_wave_at__gt=now).update(next_wave_at=now)
    TaskEvent.objects.create(task=task, alert=alert, kind=kind, actor=alert.volunteer.user, channel=channel,
                             inbound_id=inbound_id)
    Alert.objects.filter(pk=alert.pk).update(status=status, replied_at=now, updated_at=now)
    return outcome


def _accepted_task(actor: Any, task_id: Any) -> tuple[SupportTask, Volunteer]:
    """The task, locked, if the actor is the volunteer who holds it; else a ValidationError."""
    volunteer = volunteer_of(actor)
    task = SupportTask.objects.select_for_update().filter(pk=task_id).first()
    if volunteer is None or task is None or task.accepted_by_id != volunteer.pk:
        raise ValidationError("Only the volunteer who accepted this task can do that")
    if task.status != TaskStatus.ACCEPTED:
        raise ValidationError("This task has closed, so nothing has changed")
    return task, volunteer


@transaction.atomic
def task_complete(*, actor: Any, task_id: Any, hours: Decimal | None = None) -> SupportTask:
    """The accepter marks the task done. It closes (their view of the person's details ends) and, for an
    organisation's task, pending hours go into their log for the organisation to confirm."""
    task, volunteer = _accepted_task(actor, task_id)
    now = timezone.now()
    task.status, task.closed_at = TaskStatus.DONE, now
    task.save(update_fields=["status", "closed_at", "updated_at"])
    note = ""
    if task.organisation_id is not None:
        from passport.activity.services import hours_log

        try:
            entry = hours_log(volunteer=volunteer, organisation=task.organisation, date=timezone.localdate(now),
                              hours=hours or Decimal(TYPICAL_HOURS[task.kind]), actor=actor,
                              description=f"Community support: {task.get_kind_display().lower()}")
            note = f"hours entry {entry.pk}"
        except ValidationError as error:
            note = f"no hours entry: {error.messages[0]}"
    TaskEvent.objects.create(task=task, kind=TaskEventKind.DONE, actor=actor, note=note[:500])
    _tell_referrer(task, "Task done", f"{volunteer.first_name} has marked it done. You can leave feedback.")
    return task


@transaction.atomic
def task_cannot_do(*, actor: Any, task_id: Any, reason: str) -> SupportTask:
    """The accepter hands the task back; it re-opens and the next wave (due now) goes to others, never them."""
    task, volunteer = _accepted_task(actor, task_id)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you cannot do it"})
    _reopen(task, volunteer, AlertStatus.CANNOT_DO, TaskEventKind.CANNOT_DO, actor=actor, channel="web",
            note=reason.strip())
    return task


def _reopen(task: SupportTask, volunteer: Volunteer, status: str, kind: str, *, actor: Any, channel: str,
            note: str) -> None:
    """Take a locked, accepted task back from its volunteer (their view of the person's details ends) and open it
    again, with the next wave due now; the referrer is told."""
    now = timezone.now()
    task.status, task.accepted_by, task.accepted_at = TaskStatus.OPEN, None, None
    task.next_wave_at, task.pool_exhausted = now, False
    task.save(update_fields=["status", "accepted_by", "accepted_at", "next_wave_at", "pool_exhausted", "updated_at"])
    alert = Alert.objects.filter(task=task, volunteer=volunteer).first()
    Alert.objects.filter(task=task, volunteer=volunteer).update(status=status, updated_at=now)
    TaskEvent.objects.create(task=task, alert=alert, kind=kind, actor=actor, channel=channel, note=note[:500])
    _tell_referrer(task, "The volunteer cannot do it",
                   f"{volunteer.first_name or 'The volunteer'} can no longer do it, so we are asking other volunteers.")


def _take_back_if_not_allowed(task: SupportTask, now: dt.datetime) -> bool:
    """Open a locked, accepted task again if its safeguarding tier no longer allows its volunteer (a DBS check
    withdrawn, corrected or run out, a pause, an erased account); the volunteer is told why. True if taken back."""
    volunteer = Volunteer.objects.select_related("user").get(pk=task.accepted_by_id)
    allows = allowed(volunteer, task, now)
    if allows.ok:
        return False
    _reopen(task, volunteer, AlertStatus.NOT_ELIGIBLE, TaskEventKind.NOT_ELIGIBLE, actor=None, channel="",
            note="; ".join(allows.reasons))
    if volunteer.erased_at is None:
        _tell(volunteer, "support_no_longer_eligible", "You can no longer take this task",
              texts.no_longer_allowed(task, allows.reasons))
    return True


def accepted_tasks_recheck(*, now: dt.datetime | None = None) -> int:
    """Take back every accepted task whose volunteer its safeguarding tier no longer allows, so they stop seeing
    the person's details and others are asked; returns how many. Each task in its own transaction."""
    now = now or timezone.now()
    taken_back = 0
    for pk in list(SupportTask.objects.filter(status=TaskStatus.ACCEPTED, window_end__gt=now)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            task = SupportTask.objects.select_for_update().filter(pk=pk, status=TaskStatus.ACCEPTED).first()
            if task is not None and _take_back_if_not_allowed(task, now):
                taken_back += 1
    return taken_back


@transaction.atomic
def task_cancel(*, actor: Any, task_id: Any, reason: str = "") -> SupportTask:
    """The referrer cancels a task that has not closed; the accepter, if any, is told."""
    if not is_referrer_of(actor, task_id):
        raise ValidationError("Only the organisation that posted this task can cancel it")
    task = SupportTask.objects.select_for_update().get(pk=task_id)  # a yes in flight lands before or after us
    if task.is_closed:
        raise ValidationError("This task has already closed")
    now = timezone.now()
    accepter = Volunteer.objects.select_related("user").filter(pk=task.accepted_by_id).first() \
        if task.accepted_by_id else None
    task.status, task.closed_at, task.next_wave_at = TaskStatus.CANCELLED, now, None
    task.save(update_fields=["status", "closed_at", "next_wave_at", "updated_at"])
    TaskEvent.objects.create(task=task, kind=TaskEventKind.CANCELLED, actor=actor, note=reason.strip()[:500])
    if accepter is not None:
        _tell(accepter, "support_cancelled", "Task cancelled", texts.cancelled(task))
    return task


def tasks_expire(*, now: dt.datetime | None = None) -> int:
    """Close tasks whose window has passed: open ones at once, accepted ones after the grace period for marking
    them done. Each closes by a conditional update, so a task marked done meanwhile stays done."""
    now = now or timezone.now()
    grace = dt.timedelta(hours=settings.SUPPORT_DONE_GRACE_HOURS)
    due = list(SupportTask.objects.filter(status=TaskStatus.OPEN, window_end__lte=now).values_list("pk", "status"))
    due += list(SupportTask.objects.filter(status=TaskStatus.ACCEPTED, window_end__lte=now - grace)
                .values_list("pk", "status"))
    expired = 0
    for pk, status in due:
        with transaction.atomic():
            if SupportTask.objects.filter(pk=pk, status=status).update(status=TaskStatus.EXPIRED, closed_at=now,
                                                                        next_wave_at=None, updated_at=now):
                TaskEvent.objects.create(task_id=pk, kind=TaskEventKind.EXPIRED)
                expired += 1
    return expired


def due_alerts_send(*, now: dt.datetime | None = None) -> int:
    """Expire what has passed, take back tasks from volunteers no longer allowed them, then send every due wave,
    each in its own transaction; returns how many alerted."""
    now = now or timezone.now()
    tasks_expire(now=now)
    accepted_tasks_recheck(now=now)
    due = SupportTask.objects.filter(status=TaskStatus.OPEN, next_wave_at__lte=now).values_list("pk", flat=True)
    return sum(alerts_send(task_id=pk, now=now) for pk in list(due))


@transaction.atomic
def feedback_leave(*, actor: Any, task_id: Any, rating: int, comment: str = "") -> Feedback:
    """Feedback on a done task, once from the volunteer who did it and once from the referrer."""
    # Locked, so two submissions at once (a double click) queue here: the second finds the first's feedback.
    task = SupportTask.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise ValidationError("We could not find that task")
    volunteer = volunteer_of(actor)
    if volunteer is not None and task.accepted_by_id == volunteer.pk:
        side = FeedbackSide.VOLUNTEER
    elif is_referrer_of(actor, task.pk):
        side = FeedbackSide.REFERRER
    else:
        raise ValidationError("Only the volunteer and the organisation that posted the task can leave feedback")
    if task.status != TaskStatus.DONE:
        raise ValidationError("You can leave feedback once the task is done")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": "Select a rating from 1 to 5"})
    if Feedback.objects.filter(task=task, side=side).exists():
        raise ValidationError("You have already left feedback on this task")
    feedback = Feedback.objects.create(task=task, side=side, author=actor, rating=rating, comment=comment.strip())
    TaskEvent.objects.create(task=task, kind=TaskEventKind.FEEDBACK, actor=actor, note=side)
    return feedback


@dataclass(frozen=True)
class PersonDetails:
    name: str
    address: str
    phone: str


@transaction.atomic
def person_details_reveal(*, actor: Any, task_id: Any) -> PersonDetails | None:
    """The person's name, address and phone, for the volunteer who accepted the task while it is accepted and
    its safeguarding tier still allows them, and nobody else (None). A volunteer it no longer allows loses the task
    here and then (it opens for others), without waiting for the worker. Each showing is an audit event, so we can
    show who ever saw an address."""
    volunteer = volunteer_of(actor)
    if volunteer is None:
        return None
    task = SupportTask.objects.select_for_update().filter(pk=task_id, status=TaskStatus.ACCEPTED,
                                                          accepted_by=volunteer).first()
    if task is None or _take_back_if_not_allowed(task, timezone.now()):
        return None
    events.record(actor=actor, verb="support.person_details_shown", subject=task, volunteer=str(volunteer.pk))
    return PersonDetails(name=task.person_name, address=task.person_address, phone=task.person_phone)
