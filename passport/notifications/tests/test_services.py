"""Queuing and sending messages: the outbox channel, claims, retries with backoff, and stuck attempts."""

import datetime as dt

import pytest
from django.utils import timezone

from passport.notifications import channels, services
from passport.notifications.channels import Outcome, SendResult
from passport.notifications.models import Channel, Message, MessageStatus
from tests import factories

pytestmark = pytest.mark.django_db


class ScriptedChannel:
    """A channel whose answers the test decides, recording every send and lookup."""

    name = "scripted"
    instant = False

    def __init__(self, *results, found=None):
        self.results = list(results)
        self.sent = []
        self.looked_up = []
        self.found = found

    def send(self, message):
        self.sent.append(message.pk)
        result = self.results.pop(0) if self.results else SendResult(Outcome.SENT, self.name, reference="ok")
        if isinstance(result, Exception):
            raise result
        return result

    def find_sent(self, message):
        self.looked_up.append(message.pk)
        return self.found


@pytest.fixture
def scripted(monkeypatch):
    def use(*results, found=None, channel=None):
        channel = channel or ScriptedChannel(*results, found=found)
        monkeypatch.setattr(services, "channel_for", lambda message: channel)
        return channel

    return use


def retry(error="Notify 500: oops", **kwargs):
    return SendResult(Outcome.RETRY, "scripted", error=error, **kwargs)


def later(minutes):
    return timezone.now() + dt.timedelta(minutes=minutes, seconds=1)


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


def test_without_a_notify_key_messages_go_to_the_outbox(settings):
    settings.NOTIFY_API_KEY = ""
    assert isinstance(channels.channel_for(Message(channel=Channel.SMS)), channels.OutboxChannel)


def test_the_sweep_sends_an_outbox_message_whose_commit_hook_never_ran():
    message = services.email_send(to="a@example.org", template="t", subject="Hi", body="b")
    assert services.messages_send_due()["sent"] == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_message_claimed_by_another_worker_is_not_sent_again(scripted):
    channel = scripted()
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING, claimed_at=timezone.now())
    assert services.messages_send_due()["sent"] == 0
    assert channel.sent == []


def test_waits_between_attempts_double_from_a_minute_up_to_an_hour():
    waits = [services.retry_wait(n) for n in range(1, 9)]
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


def test_a_temporary_failure_queues_the_message_again_after_a_wait(scripted):
    channel = scripted(retry())
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    before = timezone.now()
    assert services.message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.last_error == "Notify 500: oops"
    assert before + dt.timedelta(seconds=59) < message.next_attempt_at < timezone.now() + dt.timedelta(seconds=61)
    assert services.messages_send_due()["sent"] == 0
    assert services.messages_send_due(now=later(1))["sent"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    assert channel.sent == [message.pk, message.pk]


def test_a_message_that_keeps_failing_is_marked_failed_and_the_next_one_still_goes(scripted, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3

    class FailsForOneNumber(ScriptedChannel):
        def send(self, message):
            super().send(message)
            ok = message.to != "07700900001"
            return SendResult(Outcome.SENT, self.name, reference="r") if ok else retry()

    channel = scripted(channel=FailsForOneNumber())
    doomed = services.sms_send(to="07700900001", template="t", body="One")
    services.messages_send_due()
    fine = services.sms_send(to="07700900002", template="t", body="Two")
    services.messages_send_due(now=later(1))
    services.messages_send_due(now=later(3))
    assert services.messages_send_due(now=later(120))["sent"] == 0
    doomed.refresh_from_db()
    fine.refresh_from_db()
    assert doomed.status == MessageStatus.FAILED
    assert doomed.attempts == 3
    assert doomed.last_error.startswith("Gave up after 3 attempts.")
    assert fine.status == MessageStatus.SENT
    assert channel.sent.count(doomed.pk) == 3


def test_a_permanent_failure_fails_the_message_at_once(scripted):
    channel = scripted(SendResult(Outcome.FAILED, "scripted", error="Notify 400: Not a UK mobile number"))
    message = services.sms_send(to="01130000000", template="t", body="Can you help?")
    services.messages_send_due()
    services.messages_send_due(now=later(120))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "Notify 400: Not a UK mobile number"
    assert channel.sent == [message.pk]


def test_an_error_inside_a_channel_is_a_temporary_failure_not_a_stuck_message(scripted):
    scripted(RuntimeError("boom"))
    message = services.email_send(to="a@example.org", template="t", subject="Hi", body="b")
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.last_error == "RuntimeError: boom"
    assert message.outcome_unknown is True


def test_being_asked_to_slow_down_stops_the_run_and_leaves_the_rest_queued(scripted):
    channel = scripted(retry("Notify 429: rate limit", slow_down=True))
    first = services.sms_send(to="07700900001", template="t", body="One")
    second = services.sms_send(to="07700900002", template="t", body="Two")
    Message.objects.filter(pk=second.pk).update(next_attempt_at=timezone.now() + dt.timedelta(microseconds=1))
    counts = services.messages_send_due(now=later(0))
    assert counts["queued"] == 1 and counts["sent"] == 0
    assert channel.sent == [first.pk]
    second.refresh_from_db()
    assert second.attempts == 0


def test_after_an_attempt_with_no_answer_the_next_asks_the_provider_before_sending(scripted):
    channel = scripted(retry(outcome_unknown=True), found="notify-id-1")
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    services.messages_send_due(now=later(1))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.provider_reference == "notify-id-1"
    assert channel.sent == [message.pk]
    assert channel.looked_up == [message.pk]


def test_a_definite_failure_is_retried_without_asking_the_provider_first(scripted):
    channel = scripted(retry())
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    services.messages_send_due()
    services.messages_send_due(now=later(1))
    assert channel.looked_up == []
    assert channel.sent == [message.pk, message.pk]


def test_a_message_left_sending_by_a_stopped_worker_is_released_and_sent(scripted, settings):
    settings.NOTIFY_SENDING_TIMEOUT_SECONDS = 300
    channel = scripted()
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_at=timezone.now() - dt.timedelta(minutes=4)
    )
    assert services.messages_send_due()["released"] == 0
    counts = services.messages_send_due(now=timezone.now() + dt.timedelta(minutes=2))
    assert counts["released"] == 1 and counts["sent"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert channel.looked_up == [message.pk] and channel.sent == [message.pk]


def test_a_stuck_message_out_of_attempts_is_failed_not_released(scripted, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    channel = scripted()
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=2, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "gave up after 2 attempts" in message.last_error
    assert channel.sent == []


def test_a_delivery_receipt_that_overtakes_the_worker_is_kept(scripted):
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")

    class ReceiptArrivesMidSend(ScriptedChannel):
        def send(self, message):
            services.message_receipt_record(provider_id="n-1", reference=str(message.pk), status="delivered")
            return SendResult(Outcome.SENT, "notify", reference="n-1")

    scripted(channel=ReceiptArrivesMidSend())
    services.messages_send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.provider_reference == "n-1"


def _unsaved(n):
    return [Message(channel=Channel.SMS, to=f"07700 9{i:05d}", template="t", body=f"Hello {i}") for i in range(n)]


def test_many_queued_together_are_sent_together_once_committed(django_capture_on_commit_callbacks,
                                                                django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = services.messages_queue(messages=_unsaved(40))
    assert len(callbacks) == 1  # one hand-on for the lot, not one a message
    with django_assert_num_queries(3):  # claim, read the claimed, mark them sent with their references
        callbacks[0]()
    for message in Message.objects.filter(pk__in=[m.pk for m in queued]):
        assert message.status == MessageStatus.SENT and message.attempts == 1
        assert message.provider == "outbox" and message.provider_reference == str(message.pk)
    assert services.messages_send_now([m.pk for m in queued]) == 0  # sent already: nothing is sent twice


def test_sending_together_records_a_failure_as_sending_one_would(scripted):
    queued = services.messages_queue(messages=_unsaved(3))
    scripted(SendResult(Outcome.SENT, "scripted", reference="a"), retry(), SendResult(Outcome.SENT, "scripted",
                                                                                        reference="c"))
    assert services.messages_send_now([m.pk for m in queued]) == 2
    statuses = sorted(Message.objects.values_list("status", flat=True))
    assert statuses == [MessageStatus.QUEUED, MessageStatus.SENT, MessageStatus.SENT]
    assert Message.objects.get(status=MessageStatus.QUEUED).next_attempt_at > timezone.now()


def test_sending_together_keeps_a_delivery_receipt_that_overtook_it(scripted):
    queued = services.messages_queue(messages=_unsaved(2))
    overtaken = queued[0]

    class ReceiptArrivesMidSend(ScriptedChannel):
        def send(self, message):
            if message.pk == overtaken.pk:
                services.message_receipt_record(provider_id=f"n-{message.pk}", reference=str(message.pk),
                                                status="delivered")
            return SendResult(Outcome.SENT, "scripted", reference=f"n-{message.pk}")

    scripted(channel=ReceiptArrivesMidSend())
    assert services.messages_send_now([m.pk for m in queued]) == 2
    first, second = (Message.objects.get(pk=m.pk) for m in queued)
    assert first.status == MessageStatus.DELIVERED  # not put back to "sent"
    assert second.status == MessageStatus.SENT and second.provider_reference == f"n-{second.pk}"
    assert second.provider == "scripted"


def test_one_message_queued_alone_is_sent_in_three_queries(django_capture_on_commit_callbacks,
                                                           django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [queued] = services.messages_queue(messages=_unsaved(1))
    with django_assert_num_queries(3):  # claim, read, record: as many as message_send takes
        callbacks[0]()
    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT and queued.provider_reference == str(queued.pk)
