"""Every email and text message the service sends, whatever channel carried it, and every text received."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from passport.core.models import BaseModel


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class Message(BaseModel):
    """One message to one recipient. The outbox channel leaves it here for people to read.

    The table is the queue: a worker claims a queued message whose `next_attempt_at` has come by moving it to
    `sending` with a conditional update, so each attempt is made by one worker only.
    """

    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    template = models.CharField(max_length=60, help_text="Which kind of message this is")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    provider = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Attempts claimed so far, failed or not")
    next_attempt_at = models.DateTimeField(default=timezone.now, help_text="When a worker may next try")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When the current attempt began")
    outcome_unknown = models.BooleanField(
        default=False, help_text="An earlier attempt ended without knowing whether the provider took the message"
    )
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"], name="notifications_due_idx"),
            # Receipts find a message by its provider's reference, always by equality: a plain index, not the
            # extra pattern index PostgreSQL gets for a CharField with db_index, which every message would pay for.
            models.Index(fields=["provider_reference"], name="notifications_reference_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}: {self.subject or self.template}"


class InboundMessage(BaseModel):
    """A text message someone sent to our number, as Notify passed it on. What was received never changes;
    `handled_at` records that every registered handler has taken it."""

    provider_id = models.CharField(max_length=100, unique=True, help_text="Notify's id for the received text")
    source_number = models.CharField(max_length=30, db_index=True)
    destination_number = models.CharField(max_length=30, blank=True)
    body = models.TextField()
    received_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Text from {self.source_number} at {self.received_at:%Y-%m-%d %H:%M}"
