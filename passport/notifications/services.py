"""Queue and send messages, and record what Notify tells us about them afterwards.

The message table is the queue. `email_send` and `sms_send` add a row; a worker's `message_send` claims it
with a conditional update (queued -> sending where it is still queued and due) and checks the row count, so
each attempt is made once. A temporary failure puts it back in the queue with exponential backoff until
NOTIFY_MAX_ATTEMPTS; a permanent one fails it at once. The outbox channel never leaves the machine, so its
messages are sent as soon as the caller's transaction commits; others wait for a worker.
"""

import datetime as dt
import functools
import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from passport.core.bulk import insert_once, insert_rows
from passport.notifications import inbound_handlers
from passport.notifications.channels import MessageChannel, Outcome, SendResult, channel_class_for, channel_for
from passport.notifications.models import Channel, InboundMessage, Message, MessageStatus

log = logging.getLogger(__name__)

RETRY_FIRST_WAIT = dt.timedelta(minutes=1)
RETRY_LONGEST_WAIT = dt.timedelta(hours=1)


def _queue(*, channel: str, to: str, user: Any, template: str, subject: str, body: str) -> Message:
    message = Message.objects.create(
        channel=channel, to=to, user=user, template=template, subject=subject[:200], body=body
    )
    if channel_class_for(message).instant:
        transaction.on_commit(lambda: message_send(message_id=message.pk))
    else:
        transaction.on_commit(lambda: _hand_to_worker(message.pk))
    return message


def _hand_to_worker(message_id: Any) -> None:
    from passport.notifications.tasks import send_message

    try:
        send_message.enqueue(message_id=str(message_id))
    except Exception:
        # The message is already a queued row: the scheduled sweep sends it, only a little later.
        log.exception("Could not enqueue message %s; the next sweep will send it", message_id)


def email_send(*, to: str, template: str, subject: str, body: str, user: Any = None) -> Message:
    """Queue an email; it goes out once the caller's transaction commits (through a worker for Notify)."""
    return _queue(channel=Channel.EMAIL, to=to, user=user, template=template, subject=subject, body=body)


def sms_send(*, to: str, template: str, body: str, user: Any = None) -> Message:
    """Queue a text message; it goes out once the caller's transaction commits (through a worker for Notify)."""
    return _queue(channel=Channel.SMS, to=to, user=user, template=template, subject="", body=body)


def messages_queue(*, messages: list[Message]) -> list[Message]:
    """Queue many unsaved emails and texts in one INSERT (a call-out wave's alerts); each then goes out as one
    queued by email_send or sms_send would."""
    for message in messages:
        message.subject = message.subject[:200]
    queued = Message.objects.bulk_create(messages)
    _hand_on([(message.pk, message.channel) for message in queued])
    return queued


def messages_queue_rows(*, rows: list[dict[str, Any]]) -> list[Any]:
    """Queue many emails and texts given as plain values (channel, to, user_id, template, subject, body) at once
    (passport.core.bulk), with no model instance per message: a reserve wave's alerts. Each gets a new id (returned,
    in order) and goes out as one queued by email_send or sms_send would."""
    ids = []
    for row in rows:
        row["id"] = row.get("id") or uuid.uuid4()
        row["subject"] = row.get("subject", "")[:200]
        ids.append(row["id"])
    insert_rows(Message, rows)
    _hand_on([(row["id"], row["channel"]) for row in rows])
    return ids


def _hand_on(messages: list[tuple[Any, str]]) -> None:
    """Once the caller's transaction commits: send the instant channel's messages together, hand the others to
    the worker one by one."""
    instant = {channel: channel_class_for(Message(channel=channel)).instant for channel in {c for _, c in messages}}
    now = [pk for pk, channel in messages if instant[channel]]
    if now:
        transaction.on_commit(functools.partial(messages_send_now, now), robust=True)
    for pk, channel in messages:
        if not instant[channel]:
            transaction.on_commit(functools.partial(_hand_to_worker, pk))


def messages_send_now(message_ids: list[Any]) -> int:
    """Send these queued messages at once, together: one UPDATE claims them all (as message_send claims one),
    each is sent, and those sent are recorded in one statement (_record_sent); any other result is recorded as
    message_send would. For the outbox, whose sending is instant; returns how many were sent. Three queries,
    however many messages: as many as message_send takes for one."""
    claimed_at = timezone.now()
    Message.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED, next_attempt_at__lte=claimed_at).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=claimed_at, updated_at=claimed_at)
    claimed = list(Message.objects.filter(pk__in=message_ids, status=MessageStatus.SENDING, claimed_at=claimed_at))
    sent: list[Message] = []
    for message in claimed:
        result = _deliver(channel_for(message), message)
        if result.outcome is Outcome.SENT:
            message.provider, message.provider_reference = result.provider, result.reference
            sent.append(message)
        else:
            _record(message, result)
    if sent:
        _record_sent(sent, timezone.now())
    return len(sent)


SENT_A_STATEMENT = 2000  # 3 parameters a row, well under SQLite's 32,766


def _record_sent(sent: list[Message], now: dt.datetime) -> None:
    """Mark these messages sent, each with its provider and reference, in one statement a couple of thousand
    (an UPDATE joined to a VALUES list, on both engines). Only those still `sending`: a delivery receipt may
    have arrived first. bulk_update built a CASE with a condition per message, which took longer than sending."""
    table = Message._meta.db_table
    pk = Message._meta.pk
    assert pk is not None
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(sent), SENT_A_STATEMENT):
            chunk = sent[start:start + SENT_A_STATEMENT]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params: list[Any] = [value for m in chunk
                                 for value in (pk.get_db_prep_value(m.pk, connection), m.provider,
                                               m.provider_reference)]
            cursor.execute(
                f"WITH sent (id, provider, reference) AS (VALUES {values}) "
                f"UPDATE {q(table)} SET status = %s, sent_at = %s, last_error = '', updated_at = %s, "
                f"provider = sent.provider, provider_reference = sent.reference "
                f"FROM sent WHERE {q(table)}.{q(str(pk.column))} = sent.id AND {q(table)}.status = %s",
                [*params, MessageStatus.SENT, now, now, MessageStatus.SENDING])


def retry_wait(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts: 1 minute, doubling, at most an hour."""
    return min(RETRY_FIRST_WAIT * 2 ** max(attempts - 1, 0), RETRY_LONGEST_WAIT)


def message_send(*, message_id: Any, now: dt.datetime | None = None) -> bool:
    """Make one attempt at sending a queued message due by `now`. Safe to call twice: one caller claims it."""
    attempt = _attempt(message_id, due_by=now or timezone.now())
    return attempt is not None and attempt[0].outcome is Outcome.SENT


def _attempt(message_id: Any, *, due_by: dt.datetime) -> tuple[SendResult, str] | None:
    """Claim the message and try once; None when it was not ours to claim, else the result and new status."""
    # claimed_at is the real clock, whatever `due_by` says: it is what tells a stopped worker from a busy one.
    claimed_at = timezone.now()
    due = Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED, next_attempt_at__lte=due_by)
    claimed = due.update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=claimed_at, updated_at=claimed_at
    )
    if claimed != 1:
        return None
    message = Message.objects.get(pk=message_id)
    channel = channel_for(message)
    result = _deliver(channel, message)
    return result, _record(message, result)


def _deliver(channel: MessageChannel, message: Message) -> SendResult:
    try:
        if message.outcome_unknown:
            # An earlier attempt may have got through; sending again would deliver it twice.
            reference = channel.find_sent(message)
            if reference is not None:
                return SendResult(Outcome.SENT, channel.name, reference=reference)
        return channel.send(message)
    except Exception as error:
        # A bug or an outage must not leave the message claimed: treat it as temporary.
        log.exception("Sending message %s through %s failed", message.pk, channel.name)
        return SendResult(Outcome.RETRY, channel.name, error=f"{type(error).__name__}: {error}"[:300],
                          outcome_unknown=True)


def _record(message: Message, result: SendResult) -> str:
    now = timezone.now()
    this_attempt = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, attempts=message.attempts)
    fields: dict[str, Any] = {"provider": result.provider, "updated_at": now}
    if result.outcome is Outcome.SENT:
        fields.update(status=MessageStatus.SENT, provider_reference=result.reference, sent_at=now, last_error="")
    elif result.outcome is Outcome.RETRY and message.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        fields.update(status=MessageStatus.QUEUED, next_attempt_at=now + retry_wait(message.attempts),
                      last_error=result.error, outcome_unknown=message.outcome_unknown or result.outcome_unknown)
    else:
        error = result.error
        if result.outcome is Outcome.RETRY:
            error = f"Gave up after {message.attempts} attempts. {error}"
        fields.update(status=MessageStatus.FAILED, last_error=error[:300],
                      outcome_unknown=message.outcome_unknown or result.outcome_unknown)
    if this_attempt.update(**fields) == 1:
        return fields["status"]
    # A delivery receipt overtook us (or the attempt was released as stuck): keep its status, add what we know.
    if result.outcome is Outcome.SENT and result.reference:
        Message.objects.filter(pk=message.pk, provider_reference="").update(
            provider=result.provider, provider_reference=result.reference, sent_at=now
        )
    log.warning("Message %s changed while attempt %s was sending", message.pk, message.attempts)
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def messages_release_stuck(*, now: dt.datetime | None = None) -> int:
    """Put messages whose worker stopped mid-send back in the queue (or fail them when out of attempts).

    The attempt may or may not have reached the provider, so the message is marked `outcome_unknown` and the
    next attempt first asks the provider for it by our reference. A channel that cannot answer (the outbox
    can, trivially) could send it twice: at most once per attempt, not at most once overall.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS)
    stuck = Message.objects.filter(
        Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, updated_at__lt=cutoff), status=MessageStatus.SENDING
    )
    note = "The worker stopped while sending"
    gave_up = stuck.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(
        status=MessageStatus.FAILED, outcome_unknown=True, updated_at=now,
        last_error=f"{note}; gave up after {settings.NOTIFY_MAX_ATTEMPTS} attempts",
    )
    released = stuck.filter(attempts__lt=settings.NOTIFY_MAX_ATTEMPTS).update(
        status=MessageStatus.QUEUED, outcome_unknown=True, next_attempt_at=now, updated_at=now, last_error=note
    )
    if gave_up or released:
        log.warning("Released %s stuck messages and failed %s", released, gave_up)
    return released + gave_up


def messages_send_due(*, limit: int = 500, now: dt.datetime | None = None) -> dict[str, int]:
    """Release stuck messages, then make one attempt at up to `limit` due messages, oldest due first."""
    now = now or timezone.now()
    counts = {"released": messages_release_stuck(now=now), "sent": 0, "queued": 0, "failed": 0, "skipped": 0}
    due = Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at")
    for message_id in list(due.values_list("pk", flat=True)[:limit]):
        attempt = _attempt(message_id, due_by=now)
        if attempt is None:
            counts["skipped"] += 1  # another worker claimed it first
            continue
        result, status = attempt
        counts[status] = counts.get(status, 0) + 1
        if result.slow_down:
            break
    return counts


# Notify's final statuses. Its "temporary-failure" means it has already stopped retrying (the phone was off
# or the inbox full for days), so for us it is as final as the others.
RECEIPT_STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "permanent-failure": MessageStatus.FAILED,
    "temporary-failure": MessageStatus.FAILED,
    "technical-failure": MessageStatus.FAILED,
}


def message_receipt_record(*, provider_id: str, reference: str, status: str) -> str:
    """Apply a Notify delivery receipt: "updated", "unchanged" (already applied), "unknown" or "ignored"."""
    new_status = RECEIPT_STATUSES.get(status)
    if new_status is None:
        return "ignored"
    match = Q(provider_reference=provider_id)
    try:
        # Matching our own id too finds a message whose worker stopped before it could store Notify's id.
        match |= Q(pk=uuid.UUID(reference))
    except (TypeError, ValueError, AttributeError):
        pass
    message = Message.objects.filter(match, provider__in=["notify", ""]).first()
    if message is None:
        return "unknown"
    # Delivered outranks everything; a failure never overrides a delivery. Either way the message is done,
    # so a queued retry is stopped too.
    if new_status == MessageStatus.DELIVERED:
        before = [MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.FAILED]
        error = ""
    else:
        before = [MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT]
        error = f"Notify: {status}"
    changed = Message.objects.filter(pk=message.pk, status__in=before).update(
        status=new_status, provider="notify", provider_reference=provider_id, last_error=error,
        updated_at=timezone.now(),
    )
    return "updated" if changed else "unchanged"


def inbound_sms_receive(
    *, provider_id: str, source_number: str, destination_number: str, body: str, received_at: dt.datetime
) -> tuple[InboundMessage, bool]:
    """Store a received text once (by Notify's id) and pass it to the handlers; True when it was new."""
    row = {"id": uuid.uuid4(), "provider_id": provider_id, "source_number": source_number,
           "destination_number": destination_number, "body": body, "received_at": received_at}
    if not insert_once(InboundMessage, row, unique="provider_id"):
        return InboundMessage.objects.get(provider_id=provider_id), False
    message = InboundMessage(**row)
    _dispatch(message)  # as just stored: not read again
    return message, True


def inbound_message_dispatch(*, message_id: Any) -> bool:
    """Pass a stored text to every registered handler, each in its own transaction; True once all took it.

    A failing handler is logged and the message stays unhandled, ready to be dispatched again, so handlers
    must be safe to run twice for the same message.
    """
    return _dispatch(InboundMessage.objects.get(pk=message_id))


def _dispatch(message: InboundMessage) -> bool:
    if message.handled_at is not None:
        return True
    ok = True
    for handler in inbound_handlers.handlers():
        try:
            with transaction.atomic():
                then = handler(message)
            if then is not None:
                then()
        except Exception:
            log.exception("Inbound handler %s failed on text %s", getattr(handler, "__name__", handler), message.pk)
            ok = False
    if ok:
        InboundMessage.objects.filter(pk=message.pk, handled_at__isnull=True).update(handled_at=timezone.now())
    return ok


def _uk_number(number: str) -> str:
    """The digits of a phone number, +44 written as 0, so "+44 7700 900001" and "07700900001" compare equal."""
    digits = re.sub(r"\D", "", number or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def texts_of_number_erase(*, number: str) -> int:
    """Erase the texts a phone number sent us (its number and words) and delete the texts we sent it without
    a user to hang them on (answers to texts); for erasing a person. Returns how many texts were touched."""
    wanted = _uk_number(number)
    if len(wanted) < 7:
        return 0
    tail = wanted[-3:]  # narrows the rows compared (numbers may be written with spaces); the whole number is below
    inbound = [m.pk for m in InboundMessage.objects.filter(source_number__contains=tail).only("pk", "source_number")
               if _uk_number(m.source_number) == wanted]
    erased = InboundMessage.objects.filter(pk__in=inbound).update(source_number="", body="",
                                                                   updated_at=timezone.now())
    outbound = [m.pk for m in Message.objects.filter(channel=Channel.SMS, to__contains=tail).only("pk", "to")
                if _uk_number(m.to) == wanted]
    deleted, _ = Message.objects.filter(pk__in=outbound).delete()
    return erased + deleted
