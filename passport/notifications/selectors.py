"""Reading the outbox: staff see everything; in the demo the outbox is open so people can follow links."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from passport.notifications.models import Message


def outbox_visible_to(actor: Any) -> QuerySet[Message]:
    if settings.OUTBOX_PUBLIC or getattr(actor, "is_staff", False):
        return Message.objects.all()
    if getattr(actor, "is_authenticated", False):
        return Message.objects.filter(user=actor)
    return Message.objects.none()
