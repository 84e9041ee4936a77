"""Queuing and sending messages through the outbox channel."""

import pytest

from passport.notifications import services
from passport.notifications.models import Channel, Message, MessageStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_email_is_queued_until_the_transaction_commits(django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="erin@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.email_send(to="erin@example.org", user=user, template="t", subject="Hi", body="Hello")
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert len(callbacks) == 1


def test_an_email_is_sent_through_the_outbox_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.email_send(to="erin@example.org", template="t", subject="Hi", body="Hello")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.channel == Channel.EMAIL
    assert message.provider == "outbox"
    assert message.attempts == 1
    assert message.sent_at is not None


def test_sending_the_same_message_twice_sends_it_once():
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    assert services.message_send(message_id=message.pk) is True
    assert services.message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_text_message_has_no_subject():
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    assert message.channel == Channel.SMS
    assert message.subject == ""


def test_a_long_subject_is_cut_to_fit():
    message = services.email_send(to="a@example.org", template="t", subject="S" * 500, body="b")
    assert len(Message.objects.get(pk=message.pk).subject) == 200
