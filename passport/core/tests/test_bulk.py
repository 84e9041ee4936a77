"""Rows written without a model instance each: insert_once tells the first writer from the rest."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from passport.core.bulk import insert_once
from passport.notifications.models import InboundMessage

pytestmark = pytest.mark.django_db


def row(provider_id, body="YES 1234"):
    return {"id": uuid.uuid4(), "provider_id": provider_id, "source_number": "07700900001", "body": body,
            "received_at": timezone.now() - dt.timedelta(minutes=1)}


def test_insert_once_writes_the_first_row_and_leaves_it_alone_after():
    first = row("text-1")
    assert insert_once(InboundMessage, first, unique="provider_id") is True
    assert insert_once(InboundMessage, row("text-1", body="NO 1234"), unique="provider_id") is False
    stored = InboundMessage.objects.get(provider_id="text-1")
    assert (stored.pk, stored.body, stored.handled_at) == (first["id"], "YES 1234", None)
    assert stored.created_at is not None and stored.destination_number == ""  # defaults filled in
    assert insert_once(InboundMessage, row("text-2"), unique="provider_id") is True
    assert InboundMessage.objects.count() == 2
