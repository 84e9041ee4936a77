"""Channels that carry messages, behind one interface.

`OutboxChannel` is the default: the message stays in our table and is readable on the outbox page, which
is how the demo and tests see what would have been sent. A GOV.UK Notify channel plugs in here when
NOTIFY_API_KEY is set (the dispatch work adds it).
"""

from dataclasses import dataclass
from typing import Protocol

from passport.notifications.models import Message


@dataclass(frozen=True)
class SendResult:
    ok: bool
    provider: str
    reference: str = ""
    error: str = ""


class MessageChannel(Protocol):
    name: str

    def send(self, message: Message) -> SendResult: ...


class OutboxChannel:
    """Keeps the message in the outbox table; nothing leaves the machine."""

    name = "outbox"

    def send(self, message: Message) -> SendResult:
        return SendResult(ok=True, provider=self.name, reference=str(message.pk))


def channel_for(message: Message) -> MessageChannel:
    return OutboxChannel()
