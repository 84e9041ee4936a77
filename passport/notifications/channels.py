"""Channels that carry messages, behind one interface.

`OutboxChannel` is the default: the message stays in our table and is readable on the outbox page, which
is how the demo and tests see what would have been sent. When NOTIFY_API_KEY is set, email and text
messages go through GOV.UK Notify instead (`passport.notifications.notify`).
"""

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from django.conf import settings

from passport.notifications.models import Message


class Outcome(Enum):
    SENT = "sent"  # the provider has taken the message
    RETRY = "retry"  # a temporary failure: try again later
    FAILED = "failed"  # a permanent failure: trying again would fail the same way


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    provider: str
    reference: str = ""
    error: str = ""
    # The provider may have taken the message even though we heard no answer (a timeout, a lost connection).
    outcome_unknown: bool = False
    # The provider asked us to slow down: stop sending for this run.
    slow_down: bool = False


class MessageChannel(Protocol):
    name: str
    # An instant channel never leaves the machine, so it may send in the request once the transaction commits.
    instant: bool

    def send(self, message: Message) -> SendResult: ...

    def find_sent(self, message: Message) -> str | None:
        """The provider's reference for this message if an earlier attempt reached it, else None."""
        ...


class OutboxChannel:
    """Keeps the message in the outbox table; nothing leaves the machine."""

    name = "outbox"
    instant = True

    def send(self, message: Message) -> SendResult:
        return SendResult(Outcome.SENT, provider=self.name, reference=str(message.pk))

    def find_sent(self, message: Message) -> str | None:
        return None


def channel_class_for(message: Message) -> type[MessageChannel]:
    """GOV.UK Notify when a key is configured, otherwise the outbox."""
    if settings.NOTIFY_API_KEY:
        from passport.notifications.notify import NotifyChannel

        return NotifyChannel
    return OutboxChannel


def channel_for(message: Message) -> MessageChannel:
    return channel_class_for(message)()
