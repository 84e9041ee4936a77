"""passport.core.bulk.insert_rows writes what the ORM would: defaults, UUID keys, datetimes, JSON, foreign keys;
insert_once tells the first writer of a row from the rest."""

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from passport.core.bulk import insert_once, insert_rows
from passport.core.models import AuditEvent
from passport.notifications.models import InboundMessage, Message
from tests import factories

pytestmark = pytest.mark.django_db


def test_rows_read_back_as_the_orm_would_have_written_them():
    user = factories.UserFactory()
    given = uuid.uuid4()
    due = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
    written = insert_rows(Message, [
        {"id": given, "channel": "sms", "to": "07700900123", "user_id": user.pk, "template": "t", "body": "Hello",
         "next_attempt_at": due},
        {"channel": "email", "to": "a@example.org", "template": "t", "subject": "Hi", "body": "There"},
    ])
    assert written == 2
    sms = Message.objects.get(pk=given)
    assert (sms.user, sms.body, sms.next_attempt_at, sms.status, sms.provider, sms.attempts) == (
        user, "Hello", due, "queued", "", 0)
    email = Message.objects.get(channel="email")
    assert isinstance(email.pk, uuid.UUID) and email.pk != given  # a key of its own from the field's default
    assert email.user is None and email.subject == "Hi"
    assert email.created_at == email.updated_at and email.created_at is not None  # auto_now(_add), once a batch


def test_database_generated_keys_and_json():
    insert_rows(AuditEvent, [{"verb": "bulk.one", "subject_type": "x", "subject_id": "1", "data": {"n": 1}},
                             {"verb": "bulk.two", "subject_type": "x", "subject_id": "2"}])
    one, two = AuditEvent.objects.filter(verb__startswith="bulk.").order_by("id")
    assert (one.data, two.data) == ({"n": 1}, {})
    assert two.id > one.id


def test_nothing_is_written_when_a_row_breaks_a_constraint():
    before = Message.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Message, [{"channel": "sms", "to": "1", "template": "t", "body": "ok"},
                              {"channel": "sms", "to": "2", "template": "t", "body": None}])  # body is required
    assert Message.objects.count() == before


def test_no_rows_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Message, []) == 0


def inbound_row(provider_id, body="YES 1234"):
    return {"id": uuid.uuid4(), "provider_id": provider_id, "source_number": "07700900001", "body": body,
            "received_at": timezone.now() - dt.timedelta(minutes=1)}


def test_insert_once_writes_the_first_row_and_leaves_it_alone_after():
    first = inbound_row("text-1")
    assert insert_once(InboundMessage, first, unique="provider_id") is True
    assert insert_once(InboundMessage, inbound_row("text-1", body="NO 1234"), unique="provider_id") is False
    stored = InboundMessage.objects.get(provider_id="text-1")
    assert (stored.pk, stored.body, stored.handled_at) == (first["id"], "YES 1234", None)
    assert stored.created_at is not None and stored.destination_number == ""  # defaults filled in
    assert insert_once(InboundMessage, inbound_row("text-2"), unique="provider_id") is True
    assert InboundMessage.objects.count() == 2
