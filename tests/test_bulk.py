"""passport.core.bulk.insert_rows writes what the ORM would: defaults, UUID keys, datetimes, JSON, foreign keys."""

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction

from passport.core.bulk import insert_rows
from passport.core.models import AuditEvent
from passport.notifications.models import Message
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
