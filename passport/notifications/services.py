"""Queue and send messages. Sending happens after the surrounding transaction commits."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from passport.notifications.channels import channel_for
from passport.notifications.models import Channel, Message, MessageStatus


def _queue(*, channel: str, to: str, user: Any, template: str, subject: str, body: str) -> Message:
    message = Message.objects.create(
        channel=channel, to=to, user=user, template=template, subject=subject[:200], body=body
    )
    transaction.on_commit(lambda: message_send(message_id=message.pk))
    return message


def email_send(*, to: str, template: str, subject: str, body: str, user: Any = None) -> Message:
    """Queue an email; it is sent once the caller's transaction commits."""
    return _queue(channel=Channel.EMAIL, to=to, user=user, template=template, subject=subject, body=body)


def sms_send(*, to: str, template: str, body: str, user: Any = None) -> Message:
    """Queue a text message; it is sent once the caller's transaction commits."""
    return _queue(channel=Channel.SMS, to=to, user=user, template=template, subject="", body=body)


def message_send(*, message_id: Any) -> bool:
    """Send one queued message through its channel. Safe to call twice: only one caller claims it."""
    claimed = Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, updated_at=timezone.now()
    )
    if claimed != 1:
        return False
    message = Message.objects.get(pk=message_id)
    result = channel_for(message).send(message)
    message.attempts += 1
    message.provider = result.provider
    message.provider_reference = result.reference
    if result.ok:
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
    else:
        message.status = MessageStatus.FAILED
        message.last_error = result.error[:300]
    message.save(update_fields=["attempts", "provider", "provider_reference", "status", "sent_at", "last_error"])
    return result.ok
