"""Writes for the reserve: standby settings, incidents, call-out waves, replies and stand-down.

Places are never over-filled: replies are stored as they arrive and applied in arrival order by one applier at a
time (reply_outcome), which locks the call-outs, then their need rows (select_for_update), reads the incidents
afresh, and confirms yeses while places are left. Stand-down locks every need row of the incident first, so a
reply either lands before it (and hears the stand-down) or sees the incident closed. A check constraint on the
need row is the last line of defence.
"""

import datetime as dt
import enum
import functools
import math
import os
import re
import secrets
import signal
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from passport.core import events, geo
from passport.core.bulk import insert_once, insert_rows
from passport.core.choices import DbsLevel
from passport.core.once import create_once
from passport.notifications.models import Channel, InboundMessage, Message
from passport.notifications.services import messages_queue, messages_queue_rows, sms_send
from passport.reserve import ranking, texts
from passport.reserve.models import (
    WAVE_SPACING,
    CallOut,
    CallOutEvent,
    CallOutEventKind,
    CallOutStatus,
    HandledText,
    Incident,
    IncidentNeed,
    IncidentStatus,
    Reply,
    ReplyChannel,
    ReserveMember,
    Severity,
    Standby,
    TravelMode,
)
from passport.reserve.pool import dbs_cleared, members_available, merged, people_near
from passport.reserve.selectors import is_controller
from passport.volunteers.models import Volunteer

MAX_WAVE = 1000  # a guard against a tiny acceptance rate alerting a whole region in one go


@transaction.atomic
def standby_set(*, volunteer: Volunteer, standby: str, available_from: dt.date | None,
                monthly_cap: int, travel_mode: str = TravelMode.DRIVE) -> ReserveMember:
    """Record the volunteer's standby status and monthly cap."""
    if standby == Standby.FROM_DATE and available_from is None:
        raise ValidationError({"available_from": "Enter the date you are available from"})
    member, _ = ReserveMember.objects.get_or_create(volunteer=volunteer)
    member.standby = standby
    member.available_from = available_from if standby == Standby.FROM_DATE else None
    member.monthly_cap = monthly_cap
    member.travel_mode = travel_mode
    member.save()
    return member


@dataclass(frozen=True)
class NeedSpec:
    role: str
    count: int
    skill_code: str = ""
    qualification: str = ""
    min_dbs_level: str = DbsLevel.NONE


@transaction.atomic
def incident_declare(*, actor: Any, title: str, postcode: str, radius_m: int, severity: str,
                     starts_at: dt.datetime, expected_hours: int, briefing: str, needs: list[NeedSpec],
                     now: dt.datetime | None = None, submission: uuid.UUID | None = None) -> Incident:
    """Declare an incident; it calls out at once, or waits for a second controller when the setting asks. With
    the declaring form's `submission` token, the same form sent again raises core.once.SentBefore with the
    incident it declared, and nobody is called out twice."""
    if not is_controller(actor):
        raise ValidationError("Only reserve controllers can declare an incident")
    if not needs:
        raise ValidationError("Enter at least one role with the number of people needed")
    try:
        place = geo.lookup(postcode)
    except geo.PostcodeError as error:
        raise ValidationError({"postcode": str(error)}) from None
    now = now or timezone.now()
    waits = settings.RESERVE_SECOND_APPROVAL and severity in (Severity.RED, Severity.BLACK)
    incident = create_once(Incident, submission, lambda: Incident.objects.create(
        title=title, postcode=place.postcode, easting=place.easting, northing=place.northing, radius_m=radius_m,
        severity=severity, starts_at=starts_at, expected_hours=expected_hours, briefing=briefing,
        status=IncidentStatus.AWAITING_APPROVAL if waits else IncidentStatus.OPEN, declared_by=actor,
        wave_spacing=WAVE_SPACING[Severity(severity)], next_wave_at=None if waits else now, submission=submission,
    ))
    for spec in needs:
        IncidentNeed.objects.create(incident=incident, role=spec.role, count=spec.count,
                                    skill_id=spec.skill_code or None, qualification=spec.qualification,
                                    min_dbs_level=spec.min_dbs_level or DbsLevel.NONE)
    events.record(actor=actor, verb="reserve.incident_declared", subject=incident, severity=severity,
                  needs=sum(s.count for s in needs))
    return incident


@transaction.atomic
def incident_approve(*, actor: Any, incident_id: Any, now: dt.datetime | None = None) -> Incident:
    """A second controller approves a red or black incident, which then calls out."""
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if not is_controller(actor):
        raise ValidationError("Only reserve controllers can approve an incident")
    if incident.status != IncidentStatus.AWAITING_APPROVAL:
        raise ValidationError("This incident is not waiting for approval")
    if incident.declared_by_id == actor.pk:
        raise ValidationError("A second controller must approve an incident you declared")
    incident.status = IncidentStatus.OPEN
    incident.approved_by = actor
    incident.next_wave_at = now or timezone.now()
    incident.save(update_fields=["status", "approved_by", "next_wave_at", "updated_at"])
    events.record(actor=actor, verb="reserve.incident_approved", subject=incident)
    return incident


def _unfilled(needs: list[IncidentNeed]) -> bool:
    return any(n.confirmed < n.count for n in needs)


def _new_code(taken: set[str]) -> str:
    for _ in range(50):
        code = f"{secrets.randbelow(10000):04d}"
        if code not in taken:
            taken.add(code)
            return code
    return f"{secrets.randbelow(10000):04d}"  # more than a few thousand alerts: codes repeat, numbers still differ


@dataclass(frozen=True)
class Pick:
    need: IncidentNeed
    volunteer_id: Any
    distance_m: int
    travel_minutes: int


ROWS_PER_ALERT = 8  # people in the first square read per alert wanted: most are not picked (skills, travel, caps)


def _first_reach(incident: Incident, alerts: int) -> int:
    """How far to look first: the square that holds about ROWS_PER_ALERT people per alert wanted, found by
    counting people near the incident on the location index (a millisecond a count), so a wave in a city reads
    hundreds of members, not the tens of thousands in its radius, and one in the country reads its radius."""
    radius = incident.radius_m
    reach = min(radius, max(radius // 32, 250))
    wanted = max(alerts, 1) * ROWS_PER_ALERT
    for _ in range(3):
        found = people_near(incident, reach)
        better = radius if found == 0 else int(reach * math.sqrt(wanted / found))
        better = min(radius, max(better, 250))
        if abs(better - reach) <= reach // 5:
            return better
        reach = better
    return reach


def _choose(incident: Incident, needs: list[IncidentNeed], sizes: dict[Any, int], pool: Any,
            day: dt.date) -> tuple[list[Pick], bool, np.ndarray]:
    """The wave from this pool: the picks, whether they are the same as the whole radius would give, and who was
    taken. With a pool from part of the radius only members whose score beats anyone further out may be picked
    (nobody beyond `reach_m` scores below reach ÷ radius), and the answer is complete when every need got its
    wave from them."""
    everyone = pool.reach_m >= incident.radius_m
    bound = np.inf if everyone else pool.reach_m / incident.radius_m
    holds_needed_skill = np.zeros(len(pool), dtype=bool)
    for need in needs:
        if need.skill_id or need.qualification:
            holds_needed_skill |= pool.holds[need.pk]
    taken = np.zeros(len(pool), dtype=bool)
    picks: list[Pick] = []
    complete = True
    # The most particular roles choose first, so a first aider is not used up as a sandbagger.
    for need in sorted(needs, key=lambda n: (not (n.skill_id or n.qualification), n.min_dbs_level == "none")):
        size = sizes[need.pk]
        if size == 0:
            continue
        if not len(pool):
            complete = everyone
            continue
        order, distance, minutes, score = ranking.rank(
            easting=pool.easting, northing=pool.northing, days_since_called=pool.days_since_called,
            holds_needed_skill=holds_needed_skill, centre=(incident.easting, incident.northing),
            radius_m=incident.radius_m, skilled_need=bool(need.skill_id or need.qualification),
            speed_kmh=pool.speed_kmh,
        )
        order = order[pool.holds[need.pk][order] & ~taken[order] & (score[order] <= bound)]
        chosen: list[int] = []
        if need.min_dbs_level == DbsLevel.NONE:
            chosen = [int(i) for i in order[:size]]
        else:
            # Vetting is read for a batch of the best-placed at a time, not for one volunteer at a time.
            start = 0
            while len(chosen) < size and start < len(order):
                batch = order[start:start + 4 * (size - len(chosen)) + 16]
                start += len(batch)
                cleared = dbs_cleared([pool.volunteer_ids[i] for i in batch], need.min_dbs_level, day)
                for i in batch:
                    if len(chosen) < size and pool.volunteer_ids[i] in cleared:
                        chosen.append(int(i))
        complete = complete and (everyone or len(chosen) == size)
        taken[chosen] = True
        picks += [Pick(need, pool.volunteer_ids[i], int(distance[i]), int(np.ceil(minutes[i]))) for i in chosen]
    return picks, complete, taken


@transaction.atomic
def wave_send(*, incident_id: Any, now: dt.datetime | None = None) -> int:
    """Send the incident's next wave if one is due; returns how many were alerted. Safe to run twice."""
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if incident.status != IncidentStatus.OPEN or incident.next_wave_at is None or incident.next_wave_at > now:
        return 0
    needs = list(incident.needs.select_related("skill"))
    if not _unfilled(needs):
        incident.next_wave_at = None
        incident.save(update_fields=["next_wave_at", "updated_at"])
        return 0
    day = timezone.localdate(now)
    replies: dict[str, int] = {}
    pending: dict[Any, int] = {}
    for status, need_id, n in (CallOut.objects.filter(incident=incident).values_list("status", "need")
                               .annotate(n=Count("pk")).order_by()):
        replies[status] = replies.get(status, 0) + n
        if status == CallOutStatus.ALERTED:
            pending[need_id] = n
    accepted = (replies.get(CallOutStatus.CONFIRMED, 0) + replies.get(CallOutStatus.STANDBY, 0)
                + replies.get(CallOutStatus.WITHDRAWN, 0))  # said yes, whatever came after
    rate = ranking.acceptance_rate(accepted=accepted, replied=accepted + replies.get(CallOutStatus.DECLINED, 0),
                                   prior=settings.RESERVE_ACCEPTANCE_PRIOR)
    sizes = {need.pk: min(ranking.wave_size(remaining=need.remaining, pending=pending.get(need.pk, 0), rate=rate,
                                            confidence=settings.RESERVE_FILL_CONFIDENCE), MAX_WAVE)
             for need in needs}
    reach = _first_reach(incident, sum(sizes.values()))
    pool = members_available(incident, now=now, day=day, needs=needs, reach_m=reach)
    while True:
        picks, complete, taken = _choose(incident, needs, sizes, pool, day)
        if complete or pool.reach_m >= incident.radius_m:
            break
        # Members are spread roughly evenly over a few kilometres: widen to where about twice the wave should
        # be found, at least doubling, so a sparse area reaches the whole radius in one or two more reads. Only
        # the ring around what was read is read.
        wanted = 2 * sum(sizes.values())
        wider = min(incident.radius_m, max(2 * reach, int(reach * math.sqrt(wanted / max(len(pool), 1)))))
        pool = merged(pool, members_available(incident, now=now, day=day, needs=needs, reach_m=wider,
                                              inner_m=reach))
        reach = wider
    wave = incident.waves_sent + 1
    if picks:
        _wave_record(incident, picks, wave, now)
        incident.waves_sent = wave
    outstanding = sum(pending.values()) + len(picks)
    if pool.reach_m >= incident.radius_m:
        inside = np.hypot(pool.easting - incident.easting, pool.northing - incident.northing) <= incident.radius_m
        incident.pool_exhausted = not any((pool.holds[n.pk] & ~taken & inside).any() for n in needs if n.remaining)
    else:
        incident.pool_exhausted = False  # only part of the radius was read, and it still held people
    incident.next_wave_at = None if (incident.pool_exhausted and not outstanding) else now + incident.wave_spacing
    incident.save(update_fields=["waves_sent", "pool_exhausted", "next_wave_at", "updated_at"])
    return len(picks)


@dataclass(slots=True)
class _Alerted:
    """A call-out about to be written: what its alerts' texts need, without a model instance per person."""

    pk: uuid.UUID
    need: IncidentNeed
    volunteer_id: Any
    code: str
    distance_m: int
    travel_minutes: int
    email_message_id: Any = None
    sms_message_id: Any = None


def _wave_record(incident: Incident, picks: list[Pick], wave: int, now: dt.datetime) -> int:
    """Create the wave's call-outs, their events and their alerts (queued), and note who was called when: one
    bulk write a table (passport.core.bulk), each call-out written once, already pointing at its alerts. Returns
    how many were alerted."""
    codes = set(CallOut.objects.filter(incident=incident).values_list("code", flat=True))
    chosen = [_Alerted(pk=uuid.uuid4(), need=p.need, volunteer_id=p.volunteer_id,
                       code=_new_code(codes), distance_m=p.distance_m, travel_minutes=p.travel_minutes)
              for p in picks]
    _alert(incident, chosen)
    insert_rows(CallOut, ({
        "id": c.pk, "incident_id": incident.pk, "need_id": c.need.pk, "volunteer_id": c.volunteer_id, "wave": wave,
        "code": c.code, "distance_m": c.distance_m, "travel_minutes": c.travel_minutes,
        "email_message_id": c.email_message_id, "sms_message_id": c.sms_message_id, "created_at": now,
        "updated_at": now,
    } for c in chosen))
    insert_rows(CallOutEvent, ({"callout_id": c.pk, "kind": CallOutEventKind.ALERTED, "at": now} for c in chosen))
    called = [c.volunteer_id for c in chosen]
    members = ReserveMember.objects.filter(volunteer_id__in=called)
    if members.update(last_called_at=now) < len(called):  # some never set their standby status: a row for them
        known = set(members.values_list("volunteer_id", flat=True))
        ReserveMember.objects.bulk_create([ReserveMember(volunteer_id=v, last_called_at=now) for v in called
                                           if v not in known], ignore_conflicts=True)
    _test_fault_point("reserve.wave_before_commit")
    return len(chosen)


def _test_fault_point(name: str) -> None:
    """TEST FAULT INJECTION ONLY: the crash tests (reserve/tests/test_crash.py) run a process with the settings
    module reserve/tests/fault_settings.py, whose RESERVE_TEST_FAULT names this point, and the process kills itself
    here with SIGKILL, as a power cut would. The service's own settings never define it, so this does nothing."""
    if getattr(settings, "RESERVE_TEST_FAULT", "") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _alert(incident: Incident, callouts: list[_Alerted]) -> None:
    """Queue each call-out's email and text (in one INSERT) and point the call-outs at them (not saved). Reads
    only what the alerts need of each member; what the texts share is worked out once (texts.WaveAlerts)."""
    people = {
        row[0]: row[1:] for row in Volunteer.objects.filter(pk__in=[c.volunteer_id for c in callouts]).values_list(
            "pk", "user_id", "user__email", "mobile", "reserve__travel_mode")
    }
    alerts = texts.WaveAlerts(incident)
    rows: list[dict[str, Any]] = []
    owners: list[tuple[_Alerted, str]] = []
    for callout in callouts:
        user_id, email, mobile, travel_mode = people[callout.volunteer_id]
        away = texts.away_by(callout.travel_minutes, travel_mode or "")
        if email:
            rows.append({"channel": Channel.EMAIL, "to": email, "user_id": user_id, "template": "reserve_callout",
                         "subject": alerts.subject, "body": alerts.email(callout, away_text=away)})
            owners.append((callout, "email_message_id"))
        if mobile:
            rows.append({"channel": Channel.SMS, "to": mobile, "user_id": user_id, "template": "reserve_callout",
                         "body": alerts.sms(callout, away_text=away)})
            owners.append((callout, "sms_message_id"))
    for (callout, attribute), message_id in zip(owners, messages_queue_rows(rows=rows), strict=True):
        setattr(callout, attribute, message_id)


def _tell(volunteer: Volunteer, template: str, subject: str, body: str, *, by: str = "",
          into: list[Message] | None = None) -> None:
    """Email and text the volunteer; `by` the way they replied, to answer only that way: a text answers a text
    (each one costs the service), an email answers a link or their page. With `into`, the messages are added to
    that list for the caller to queue with others, else queued at once."""
    messages = []
    if volunteer.user.email and by != ReplyChannel.SMS:
        messages.append(Message(channel=Channel.EMAIL, to=volunteer.user.email, user=volunteer.user,
                                template=template, subject=subject, body=body))
    if volunteer.mobile and by in ("", ReplyChannel.SMS):
        messages.append(Message(channel=Channel.SMS, to=volunteer.mobile, user=volunteer.user, template=template,
                                body=body[:600]))
    if not messages and volunteer.mobile:  # replied online but has no email: text them after all
        messages.append(Message(channel=Channel.SMS, to=volunteer.mobile, user=volunteer.user, template=template,
                                body=body[:600]))
    if into is None:
        messages_queue(messages=messages)
    else:
        into.extend(messages)


class Outcome(enum.Enum):
    CONFIRMED = "confirmed"
    STANDBY = "standby"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # confirmed, then said no: the place goes to the first on standby, or to a new wave
    ALREADY_ANSWERED = "already_answered"
    CLOSED = "closed"
    RECEIVED = "received"  # stored; another request is applying replies and will apply this one next


REPLIES_A_BATCH = 500
STATUS_OF = {Outcome.CONFIRMED: CallOutStatus.CONFIRMED, Outcome.STANDBY: CallOutStatus.STANDBY,
             Outcome.DECLINED: CallOutStatus.DECLINED, Outcome.WITHDRAWN: CallOutStatus.WITHDRAWN}


def answer_changes(status: str, accept: bool) -> bool:
    """Whether a yes or no can still change a call-out in this status: any answer while it waits for one, and a no
    after a yes (a confirmed volunteer gives their place back, one on standby leaves it). Else: already answered."""
    return status == CallOutStatus.ALERTED or (not accept and status in (CallOutStatus.CONFIRMED,
                                                                         CallOutStatus.STANDBY))


APPLY_LOCK = 0x5245504C59  # PostgreSQL advisory lock key: one applier of replies at a time ("REPLY")


def reply_record(*, callout_id: Any, accept: bool, channel: str, inbound_id: str = "",
                 wait: bool = True) -> Outcome:
    """Record a volunteer's yes or no and return what came of it. A yes takes a place while one is left, else
    standby. A no after a yes gives the place back (the first on standby for the role takes it, or the next wave
    is due at once) or leaves standby. Changes nothing when the call-out was already answered that way or
    declined, or the incident is no longer calling out.

    The reply is stored first (committed at once, unless the caller holds a transaction), then applied with every
    other reply waiting, in arrival order. With `wait` (reply_outcome), when a hundred arrive together one of them
    applies them all while the rest wait for it and read their outcome. Without it (reply_apply_if_free, for
    links and texts, whose outcome also goes out by message), a request that finds another applying returns
    RECEIVED at once and leaves its reply to that one."""
    reply = Reply.objects.create(callout_id=callout_id, accept=accept, channel=channel, inbound_id=inbound_id)
    _test_fault_point("reserve.reply_stored")
    return reply_outcome(reply.pk) if wait else reply_apply_if_free(reply.pk)


def reply_outcome(reply_id: int) -> Outcome:
    """The outcome of a stored reply, applying the replies waiting (oldest first) until it is applied. One
    applier at a time: an advisory lock on PostgreSQL, the write lock on SQLite (its transactions begin
    IMMEDIATE); whoever waited for it finds most replies applied by the one before."""
    while True:
        with transaction.atomic():
            _apply_lock()
            waiting = _waiting()
            if not any(reply.pk == reply_id for reply in waiting):
                outcome = Reply.objects.filter(pk=reply_id).values_list("outcome", flat=True).first()
                if outcome:
                    return Outcome(outcome)  # applied by the one before
                if outcome is None or not waiting:
                    raise Reply.DoesNotExist(f"No reply {reply_id} waiting")
            outcomes = _replies_apply(waiting)
        if reply_id in outcomes:
            return outcomes[reply_id]


def reply_apply_if_free(reply_id: int) -> Outcome:
    """Apply the replies waiting unless another request is applying them; the stored reply's outcome, or
    RECEIVED when it is left to that other request.

    On PostgreSQL the applier is whoever takes a session advisory lock without waiting for it. It applies a
    batch, lets the lock go, then looks for replies still waiting, and goes round again if it can take the lock.
    Every reply is stored (committed) before its request tries the lock, so a request that fails to take it
    knows the holder's look, made after letting go, will find its reply. A holder that dies lets the lock go
    with its connection; the worker's sweep (replies_apply) applies what is left. SQLite has one writer at a
    time anyway, so there the request waits its turn (reply_outcome)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return reply_outcome(reply_id)
    outcomes: dict[int, Outcome] = {}
    took = False
    while _try_apply_lock():
        took = True
        try:
            with transaction.atomic():
                outcomes.update(_replies_apply(_waiting()))
        finally:
            _apply_unlock()
        if not Reply.objects.filter(outcome="").exists():
            break
    if reply_id in outcomes:
        return outcomes[reply_id]
    if not took:
        return Outcome.RECEIVED  # another request holds the lock and applies it next
    outcome = Reply.objects.filter(pk=reply_id).values_list("outcome", flat=True).first()
    return Outcome(outcome) if outcome else Outcome.RECEIVED


def _try_apply_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [APPLY_LOCK])
        return bool(cursor.fetchone()[0])


def _apply_unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [APPLY_LOCK])


def replies_apply() -> int:
    """Apply every reply waiting and return how many there were: the worker's sweep, for a reply whose request
    stopped after storing it."""
    total = 0
    while True:
        with transaction.atomic():
            _apply_lock()
            applied = len(_replies_apply(_waiting()))
        total += applied
        if applied < REPLIES_A_BATCH:
            return total


def _waiting() -> list[Reply]:
    return list(Reply.objects.filter(outcome="").order_by("pk")[:REPLIES_A_BATCH])


def _apply_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPLY_LOCK])


def _replies_apply(waiting: list[Reply]) -> dict[int, Outcome]:
    """Apply these replies in order, in the caller's transaction: lock the call-outs, then their needs (as
    stand-down does, in the same order), read the incidents after the needs' locks (so a stand-down is seen),
    confirm yeses while places are left, give places given back to those on standby, and write each table once."""
    if not waiting:
        return {}
    now = timezone.now()
    callouts = {c.pk: c for c in CallOut.objects.select_for_update(no_key=True, of=("self",))
                .select_related("volunteer__user").filter(pk__in={r.callout_id for r in waiting})}
    needs = {n.pk: n for n in IncidentNeed.objects.select_for_update(no_key=True)
             .filter(pk__in={c.need_id for c in callouts.values()}).order_by("created_at", "pk")}
    was_confirmed = {pk: need.confirmed for pk, need in needs.items()}
    incidents = {i.pk: i for i in Incident.objects.filter(pk__in={c.incident_id for c in callouts.values()})}
    outcomes: dict[int, Outcome] = {}
    events: list[CallOutEvent] = []
    messages: list[Message] = []
    answered: dict[Any, CallOut] = {}  # call-outs whose own reply changed them
    standby = _StandbyQueues(callouts)
    refill: set[Any] = set()
    unchanged_texts: list[tuple[Reply, CallOut]] = []
    for reply in waiting:
        callout = callouts[reply.callout_id]
        need, incident = needs[callout.need_id], incidents[callout.incident_id]
        callout.need, callout.incident = need, incident
        if not answer_changes(callout.status, reply.accept):
            outcomes[reply.pk] = Outcome.ALREADY_ANSWERED
        elif incident.status != IncidentStatus.OPEN:
            outcomes[reply.pk] = Outcome.CLOSED
        if reply.pk in outcomes:  # changes nothing: a page says so itself, a text is answered below
            if reply.channel == ReplyChannel.SMS:
                unchanged_texts.append((reply, callout))
            continue
        kinds = [CallOutEventKind.ACCEPTED if reply.accept else CallOutEventKind.DECLINED]
        if not reply.accept and callout.status == CallOutStatus.CONFIRMED:
            outcome = Outcome.WITHDRAWN
            kinds = [CallOutEventKind.WITHDRAWN]
            _tell(callout.volunteer, "reserve_withdrawn", f"Place given back: {incident.title}",
                  texts.withdrawn(callout), by=reply.channel, into=messages)
            successor = standby.first(need)
            if successor is None:
                need.confirmed -= 1
                refill.add(incident.pk)
            else:  # the place goes straight to whoever has waited longest on standby for this role
                successor.status = CallOutStatus.CONFIRMED
                successor.need, successor.incident = need, incident
                events.append(CallOutEvent(callout=successor, kind=CallOutEventKind.CONFIRMED, at=now))
                _tell(successor.volunteer, "reserve_briefing", f"Confirmed: {incident.title}",
                      texts.briefing(successor), into=messages)
        elif not reply.accept:
            outcome = Outcome.DECLINED
            _tell(callout.volunteer, "reserve_declined", f"Thank you: {incident.title}", texts.declined(callout),
                  by=reply.channel, into=messages)
            if callout.status == CallOutStatus.ALERTED:
                refill.add(incident.pk)
        elif need.confirmed < need.count:
            outcome = Outcome.CONFIRMED
            need.confirmed += 1
            kinds.append(CallOutEventKind.CONFIRMED)
            _tell(callout.volunteer, "reserve_briefing", f"Confirmed: {incident.title}", texts.briefing(callout),
                  into=messages)
        else:
            outcome = Outcome.STANDBY
            kinds.append(CallOutEventKind.STANDBY)
            _tell(callout.volunteer, "reserve_standby", f"On standby: {incident.title}", texts.standby(callout),
                  by=reply.channel, into=messages)
            standby.joined(callout)
        callout.status = STATUS_OF[outcome]
        outcomes[reply.pk] = outcome
        answered[callout.pk] = callout
        events += [CallOutEvent(callout=callout, channel=reply.channel, inbound_id=reply.inbound_id, kind=kind,
                                at=now) for kind in kinds]
    for need in needs.values():
        if need.confirmed != was_confirmed[need.pk]:  # under its lock; the check constraint is the last defence
            IncidentNeed.objects.filter(pk=need.pk).update(confirmed=need.confirmed, updated_at=now)
    by_status: dict[str, list[Any]] = {}
    for callout in answered.values():
        by_status.setdefault(callout.status, []).append(callout.pk)
    for status, ids in by_status.items():
        CallOut.objects.filter(pk__in=ids).update(status=status, replied_at=now, updated_at=now)
    promoted = [pk for pk in standby.promoted() if pk not in answered]  # their reply's time stays as it was
    if promoted:
        CallOut.objects.filter(pk__in=promoted).update(status=CallOutStatus.CONFIRMED, updated_at=now)
    if refill:
        # A refusal, or a place given back with nobody on standby, is replaced at once: the worker's next tick
        # sends a top-up wave sized for what is missing (wave_send), even when the incident had been filled.
        Incident.objects.filter(pk__in=refill, status=IncidentStatus.OPEN).filter(
            Q(next_wave_at__isnull=True) | Q(next_wave_at__gt=now)).update(next_wave_at=now)
    if unchanged_texts:  # answered where they came from
        numbers = dict(InboundMessage.objects.filter(provider_id__in=[r.inbound_id for r, _ in unchanged_texts])
                       .values_list("provider_id", "source_number"))
        messages += [Message(channel=Channel.SMS, to=numbers.get(reply.inbound_id) or callout.volunteer.mobile,
                             user=callout.volunteer.user, template="reserve_reply",
                             body=SMS_ANSWERS[outcomes[reply.pk]]) for reply, callout in unchanged_texts]
    CallOutEvent.objects.bulk_create(events)
    messages_queue(messages=messages)
    by_outcome: dict[Outcome, list[int]] = {}
    for pk, outcome in outcomes.items():
        by_outcome.setdefault(outcome, []).append(pk)
    for outcome, ids in by_outcome.items():
        Reply.objects.filter(pk__in=ids).update(outcome=outcome.value, applied_at=now)
    return outcomes


class _StandbyQueues:
    """Who is on standby for each role, longest waiting first, while a batch of replies is applied: those on
    standby before the batch (read and locked when a place is first given back for the role, in the order they
    replied), then those put on standby by this batch, in its order. Entries are the batch's own call-out objects
    where the batch holds them, so a change earlier in the batch (a no, a promotion) is seen."""

    def __init__(self, batch: dict[Any, CallOut]) -> None:
        self._batch = batch
        self._before: dict[Any, list[CallOut]] = {}
        self._joined: dict[Any, list[CallOut]] = {}
        self._promoted: list[Any] = []

    def joined(self, callout: CallOut) -> None:
        self._joined.setdefault(callout.need_id, []).append(callout)

    def first(self, need: IncidentNeed) -> CallOut | None:
        """Take the first still on standby for this role off the queue (the caller confirms them)."""
        if need.pk not in self._before:
            self._before[need.pk] = [
                self._batch.get(c.pk, c) for c in CallOut.objects.select_for_update(no_key=True, of=("self",))
                .select_related("volunteer__user").filter(need=need, status=CallOutStatus.STANDBY)
                .order_by("replied_at", "pk")]
        for queue in (self._before[need.pk], self._joined.get(need.pk, [])):
            while queue:
                callout = queue.pop(0)
                if callout.status == CallOutStatus.STANDBY:
                    self._promoted.append(callout.pk)
                    return callout
        return None

    def promoted(self) -> list[Any]:
        return self._promoted


@transaction.atomic
def incident_stand_down(*, actor: Any, incident_id: Any) -> int:
    """Close the incident and tell everyone confirmed or on standby; returns how many were told."""
    if not is_controller(actor):
        raise ValidationError("Only reserve controllers can stand an incident down")
    # Replies wait for us; needs are locked in the order the replies' applier locks them.
    list(IncidentNeed.objects.select_for_update().filter(incident_id=incident_id).order_by("created_at", "pk"))
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if incident.status == IncidentStatus.STOOD_DOWN:
        raise ValidationError("This incident has already been stood down")
    now = timezone.now()
    incident.status, incident.stood_down_at, incident.next_wave_at = IncidentStatus.STOOD_DOWN, now, None
    incident.save(update_fields=["status", "stood_down_at", "next_wave_at", "updated_at"])
    told = list(CallOut.objects.filter(incident=incident, status__in=[CallOutStatus.CONFIRMED, CallOutStatus.STANDBY])
                .select_related("volunteer__user"))
    for callout in told:
        callout.incident = incident
        _tell(callout.volunteer, "reserve_stand_down", f"Stand down: {incident.title}", texts.stood_down(callout))
    CallOutEvent.objects.bulk_create([CallOutEvent(callout=c, kind=CallOutEventKind.STOOD_DOWN) for c in told])
    events.record(actor=actor, verb="reserve.incident_stood_down", subject=incident, told=len(told))
    return len(told)


# Text replies: "YES 4821", "no 4821", "Y4821".
REPLY_PATTERN = re.compile(r"^\s*(yes|y|no|n)\W*(\d{4})\W*$", re.IGNORECASE)


def normalise_mobile(number: str) -> str:
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


SMS_ANSWERS = {
    Outcome.CONFIRMED: "You are confirmed. We have sent you the briefing.",
    Outcome.STANDBY: "Thank you. Every place is taken, so you are on standby.",
    Outcome.DECLINED: "Thank you for letting us know.",
    Outcome.ALREADY_ANSWERED: "You have already answered this call-out, so nothing has changed.",
    Outcome.CLOSED: "This call-out has closed, so nothing has changed. Thank you.",
}
SMS_UNKNOWN = ("We could not find a call-out with code {code} for this phone number, so nothing has changed. "
               "Check the code in our message.")


def sms_reply_handle(message: Any) -> Callable[[], Any] | None:
    """Read a received text as a reply to a call-out. Texts that are not replies are left for other handlers;
    the same text read twice changes nothing the second time. The reply is stored with the note that the text
    was read (one transaction); it is applied after that commits, with the other replies waiting."""
    match = REPLY_PATTERN.match(message.body or "")
    if not match:
        return None
    if not insert_once(HandledText, {"inbound_id": str(message.provider_id)}, unique="inbound_id"):
        return None
    accept, code = match.group(1).lower().startswith("y"), match.group(2)
    number = normalise_mobile(message.source_number)
    # This code's call-outs to this number, newest first: (id, status, incident status).
    callouts = [(pk, status, incident_status) for pk, mobile, status, incident_status in CallOut.objects
                .filter(code=code).order_by("-created_at")
                .values_list("pk", "volunteer__mobile", "status", "incident__status")
                if normalise_mobile(mobile) == number]
    open_ones = [c for c in callouts if c[1] == CallOutStatus.ALERTED and c[2] == IncidentStatus.OPEN]
    target = open_ones[0] if open_ones else callouts[0] if callouts else None
    if target is None:
        sms_send(to=message.source_number, template="reserve_reply", body=SMS_UNKNOWN.format(code=code))
        return None
    reply = Reply.objects.create(callout_id=target[0], accept=accept, channel=ReplyChannel.SMS,
                                 inbound_id=str(message.provider_id))
    return functools.partial(reply_apply_if_free, reply.pk)


def due_waves_send(*, now: dt.datetime | None = None) -> int:
    """Send every incident's due wave, each in its own transaction; returns how many were alerted."""
    now = now or timezone.now()
    due = Incident.objects.filter(status=IncidentStatus.OPEN, next_wave_at__lte=now).values_list("pk", flat=True)
    return sum(wave_send(incident_id=pk, now=now) for pk in list(due))
