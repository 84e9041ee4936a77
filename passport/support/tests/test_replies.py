"""Replies by text, link and page, and the ones that must change nothing: after close, wrong codes, unknown
numbers, replayed links and texts."""

import pytest
from django.utils import timezone

from passport.notifications.models import InboundMessage, Message
from passport.notifications.services import inbound_message_dispatch
from passport.support import services, texts
from passport.support.models import Alert, AlertStatus, SupportTask, TaskEvent, TaskStatus
from passport.support.services import Outcome

pytestmark = pytest.mark.django_db


def text(number: str, body: str, provider_id: str) -> None:
    message = InboundMessage.objects.create(provider_id=provider_id, source_number=number, body=body,
                                            received_at=timezone.now())
    inbound_message_dispatch(message_id=message.pk)


def texts_to(number: str) -> list[str]:
    return list(Message.objects.filter(to=number, channel="sms").order_by("created_at").values_list("body", flat=True))


def snapshot():
    return (list(Alert.objects.order_by("pk").values_list("status", flat=True)), TaskEvent.objects.count(),
            list(SupportTask.objects.order_by("pk").values_list("status", "accepted_by")))


@pytest.fixture
def alerted(make_volunteer, post):
    alice = make_volunteer(mobile="07700 900001")
    task = post()
    services.alerts_send(task_id=task.pk)
    return alice, task, Alert.objects.get(volunteer=alice)


def test_a_text_yes_takes_the_task(alerted):
    alice, task, alert = alerted
    text("+44 7700 900001", f"yes {alert.code}", "t-1")
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED and task.accepted_by == alice
    assert TaskEvent.objects.get(task=task, kind="accepted").inbound_id == "t-1"
    assert "the task is yours" in texts_to("07700 900001")[-1]


def test_a_text_no_declines(alerted):
    _, task, alert = alerted
    text("07700900001", f"N{alert.code}", "t-no")
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.DECLINED
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_reply_after_the_task_closed_is_told_so_and_changes_nothing(alerted, personas, client):
    alice, task, alert = alerted
    services.task_cancel(actor=personas.bob, task_id=task.pk)
    before = snapshot()
    assert services.reply_record(alert_id=alert.pk, accept=True, channel="web") is Outcome.CLOSED
    text("07700 900001", f"YES {alert.code}", "late")
    assert "has closed" in texts_to("07700 900001")[-1]
    response = client.post(f"/support/reply/{texts.reply_token(alert, 'yes')}")
    assert "has closed" in response.content.decode()
    assert snapshot() == before


def test_wrong_codes_and_unknown_numbers_are_told_nothing_matched(alerted):
    _, _, alert = alerted
    wrong = f"{(int(alert.code) + 1) % 100000:05d}"
    before = snapshot()
    text("07700 900001", f"YES {wrong}", "wrong-code")
    assert f"code {wrong}" in texts_to("07700 900001")[-1]
    text("07700 999999", f"YES {alert.code}", "stranger")
    assert "could not find a request" in texts_to("07700 999999")[-1]
    assert snapshot() == before


def test_reserve_replies_are_left_to_the_reserve_and_ours_are_not_answered_by_it(alerted):
    _, _, alert = alerted
    text("07700 900001", f"YES {alert.code}", "ours")
    ours = texts_to("07700 900001")
    assert not any("call-out" in body for body in ours)  # the reserve's handler stayed silent
    before = Message.objects.filter(template__startswith="support").count()
    text("07700 900001", "YES 1234", "reserve-style")
    assert Message.objects.filter(template__startswith="support").count() == before


def test_the_same_text_delivered_twice_is_read_once(alerted):
    _, task, alert = alerted
    text("07700900001", f"Yes {alert.code}", "twice")
    after_first = snapshot()
    sent = Message.objects.count()
    InboundMessage.objects.filter(provider_id="twice").update(handled_at=None)
    inbound_message_dispatch(message_id=InboundMessage.objects.get(provider_id="twice").pk)
    assert snapshot() == after_first and Message.objects.count() == sent


def test_a_link_shows_a_button_and_only_the_post_answers(alerted, client):
    _, task, alert = alerted
    url = f"/support/reply/{texts.reply_token(alert, 'yes')}"
    page = client.get(url).content.decode()
    assert "Can you help?" in page and "Yes, I can help" in page
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.ALERTED
    assert "the task is yours" in client.post(url).content.decode()
    before = snapshot()
    assert "already answered" in client.get(url).content.decode()
    assert "already answered" in client.post(url).content.decode()
    assert "already answered" in client.post(f"/support/reply/{texts.reply_token(alert, 'no')}").content.decode()
    assert snapshot() == before


def test_a_tampered_link_does_not_work(alerted, client):
    _, _, alert = alerted
    token = texts.reply_token(alert, "yes")
    before = snapshot()
    response = client.post(f"/support/reply/{token[:-2]}xx")
    assert response.status_code == 400 and "This link does not work" in response.content.decode()
    assert snapshot() == before


def test_a_later_yes_by_link_is_thanked_and_told_it_is_taken(make_volunteer, post, client):
    first, second = make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(volunteer=first).pk, accept=True, channel="web")
    url = f"/support/reply/{texts.reply_token(Alert.objects.get(volunteer=second), 'yes')}"
    assert "Someone else said yes first" in client.post(url).content.decode()
    assert SupportTask.objects.get(pk=task.pk).accepted_by == first
