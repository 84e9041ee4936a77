"""The GOV.UK Notify channel: the real client against the local stand-in, through the worker's path."""

import datetime as dt
import socket
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from passport.notifications import notify as notify_channel
from passport.notifications import services
from passport.notifications.channels import channel_for
from passport.notifications.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def later(minutes):
    return timezone.now() + dt.timedelta(minutes=minutes, seconds=1)


def test_with_a_key_email_and_text_messages_go_through_notify(notify):
    assert isinstance(channel_for(Message(channel="email")), notify_channel.NotifyChannel)


def test_one_worker_cycle_sends_an_email_and_a_text_through_notify(notify, tasks_run_immediately):
    email = services.email_send(to="alice@example.org", template="t", subject="Flood call-out", body="Can you come?")
    sms = services.sms_send(to="07700 900982", template="t", body="Reply YES 4821 or NO 4821")
    call_command("worker", once=True, verbosity=0)
    email.refresh_from_db()
    sms.refresh_from_db()
    by_type = {n["type"]: n for n in notify.sent}
    assert by_type["email"]["to"] == "alice@example.org"
    assert by_type["email"]["content"]["subject"] == "Flood call-out"
    assert by_type["email"]["content"]["body"] == "Can you come?"
    assert by_type["email"]["reference"] == str(email.pk)
    assert by_type["sms"]["content"]["body"] == "Reply YES 4821 or NO 4821"
    assert by_type["sms"]["personalisation"] == {"body": "Reply YES 4821 or NO 4821"}
    assert (email.status, email.provider, email.provider_reference) == ("sent", "notify", by_type["email"]["id"])
    assert (sms.status, sms.provider_reference) == ("sent", by_type["sms"]["id"])
    assert len(notify.tokens) == 2


def test_a_notify_message_is_handed_to_the_worker_when_the_transaction_commits(
    notify, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert notify.sent == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "passport.notifications.tasks.send_message"
    assert task.args_kwargs["kwargs"] == {"message_id": str(message.pk)}


def test_with_tasks_run_at_once_the_commit_sends_it_straight_away(
    notify, tasks_run_immediately, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(notify.sent) == 1


def test_a_server_error_is_retried_after_a_wait_and_sent_once(notify):
    notify.fail_next(500)
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert message.last_error.startswith("Notify 500:")
    assert message.next_attempt_at > timezone.now() + dt.timedelta(seconds=55)
    assert notify.sent == []
    services.messages_send_due(now=later(1))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(notify.sent) == 1


def test_a_rate_limit_is_retried_and_stops_the_run(notify):
    notify.fail_next(429)
    first = services.sms_send(to="07700900001", template="t", body="One")
    second = services.sms_send(to="07700900002", template="t", body="Two")
    Message.objects.filter(pk=second.pk).update(next_attempt_at=timezone.now() + dt.timedelta(microseconds=1))
    services.messages_send_due(now=later(0))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.QUEUED and first.last_error.startswith("Notify 429:")
    assert second.attempts == 0
    services.messages_send_due(now=later(1))
    assert sorted(n["to"] for n in notify.sent) == ["07700900001", "07700900002"]


def test_an_address_notify_refuses_fails_at_once_without_retrying(notify):
    message = services.email_send(to="not-an-address", template="t", subject="Hi", body="b")
    services.messages_send_due()
    services.messages_send_due(now=later(120))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "Not a valid email address" in message.last_error


def test_a_400_from_notify_fails_the_message_at_once(notify):
    notify.fail_next(400)
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("Notify 400:")


def test_a_key_notify_does_not_recognise_is_refused_and_fails_the_message(notify, settings):
    settings.NOTIFY_API_KEY = f"standin-{notify.service_id}-{uuid.uuid4()}"
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("Notify 403:")
    assert notify.tokens == [] and notify.sent == []


def test_when_notify_cannot_be_reached_the_message_is_retried(notify, settings):
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed_port = spare.getsockname()[1]
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{closed_port}"
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.outcome_unknown is True
    settings.NOTIFY_BASE_URL = notify.url
    services.messages_send_due(now=later(1))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_message_notify_took_but_answered_too_late_for_is_not_sent_twice(notify, monkeypatch):
    monkeypatch.setattr(notify_channel, "TIMEOUT_SECONDS", 0.3)
    notify.stall_next(1.0)
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.outcome_unknown is True
    services.messages_send_due(now=later(1))
    message.refresh_from_db()
    assert len(notify.sent) == 1
    assert (message.status, message.provider_reference) == (MessageStatus.SENT, notify.sent[0]["id"])


def test_a_message_notify_took_before_failing_is_not_sent_twice(notify):
    notify.fail_next(500, after_accepting=True)
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    services.messages_send_due(now=later(1))
    message.refresh_from_db()
    assert len(notify.sent) == 1
    assert message.status == MessageStatus.SENT
    assert message.provider_reference == notify.sent[0]["id"]


def test_a_worker_killed_between_claiming_and_sending_leaves_nothing_lost(notify):
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_at=timezone.now() - dt.timedelta(minutes=10)
    )
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(notify.sent) == 1


def test_a_worker_killed_after_notify_took_the_message_does_not_send_it_again(notify):
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    notify_channel.NotifyChannel().send(message)  # the attempt that got through before the worker died
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_at=timezone.now() - dt.timedelta(minutes=10)
    )
    services.messages_send_due()
    message.refresh_from_db()
    assert len(notify.sent) == 1
    assert (message.status, message.provider_reference) == (MessageStatus.SENT, notify.sent[0]["id"])
