"""Notify's callbacks: delivery receipts update messages, received texts are stored once and handed on."""

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from passport.notifications import inbound_handlers, services
from passport.notifications.models import InboundMessage, Message, MessageStatus

pytestmark = pytest.mark.django_db

STATUS_URL = "/notifications/callbacks/status"
INBOUND_URL = "/notifications/callbacks/inbound-sms"


def post(client, url, body, token):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(url, data=data, content_type="application/json", **headers)


def sent_message(reference="notify-1"):
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, provider="notify", provider_reference=reference, attempts=1
    )
    return message


def receipt(message, status="delivered", notify_id="notify-1"):
    return {"id": notify_id, "reference": str(message.pk), "to": message.to, "status": status,
            "created_at": "2026-11-22T09:00:00.000000Z", "completed_at": "2026-11-22T09:00:05.000000Z",
            "sent_at": "2026-11-22T09:00:01.000000Z", "notification_type": "sms"}


def text(notify_id="b3c1f0e2-0000-4000-8000-000000000001", message="YES 4821"):
    return {"id": notify_id, "source_number": "447700900982", "destination_number": "07797000000",
            "message": message, "date_received": "2026-11-22T09:15:00.000000Z"}


@pytest.mark.parametrize("url", [STATUS_URL, INBOUND_URL])
@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_a_callback_without_the_right_token_is_refused(client, callback_token, url, token):
    response = post(client, url, text(), token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not InboundMessage.objects.exists()


def test_with_no_token_configured_every_callback_is_refused(client, settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert post(client, INBOUND_URL, text(), "").status_code == 401


def test_a_token_in_another_scheme_is_refused(client, callback_token):
    response = client.post(INBOUND_URL, data=json.dumps(text()), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Basic {callback_token}")
    assert response.status_code == 401


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", b"\xff\xfe", json.dumps({"id": 7, "status": "delivered"})])
def test_a_receipt_that_is_not_usable_json_is_a_400_problem(client, callback_token, body):
    response = post(client, STATUS_URL, body, callback_token)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_callbacks_only_accept_posts(client, callback_token):
    assert client.get(STATUS_URL, HTTP_AUTHORIZATION=f"Bearer {callback_token}").status_code == 405


def test_a_delivered_receipt_marks_the_message_delivered(client, callback_token):
    message = sent_message()
    response = post(client, STATUS_URL, receipt(message), callback_token)
    assert response.status_code == 200
    assert response.json() == {"result": "updated"}
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_the_same_receipt_twice_changes_nothing_the_second_time(client, callback_token):
    message = sent_message()
    post(client, STATUS_URL, receipt(message), callback_token)
    assert post(client, STATUS_URL, receipt(message), callback_token).json() == {"result": "unchanged"}
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


@pytest.mark.parametrize("status", ["permanent-failure", "temporary-failure", "technical-failure"])
def test_a_failure_receipt_marks_the_message_failed(client, callback_token, status):
    message = sent_message()
    post(client, STATUS_URL, receipt(message, status), callback_token)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == f"Notify: {status}"


def test_a_failure_receipt_does_not_undo_a_delivery(client, callback_token):
    message = sent_message()
    post(client, STATUS_URL, receipt(message), callback_token)
    assert post(client, STATUS_URL, receipt(message, "permanent-failure"), callback_token).json() == {
        "result": "unchanged"
    }
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_a_receipt_for_a_message_whose_worker_died_finds_it_by_our_reference(client, callback_token):
    message = services.sms_send(to="07700900982", template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING, attempts=1)
    post(client, STATUS_URL, receipt(message, notify_id="notify-9"), callback_token)
    message.refresh_from_db()
    assert (message.status, message.provider_reference) == (MessageStatus.DELIVERED, "notify-9")
    assert services.messages_send_due(now=timezone.now() + dt.timedelta(hours=1))["sent"] == 0


def test_a_receipt_for_an_unknown_message_is_accepted_and_ignored(client, callback_token):
    message = sent_message()
    stranger = {"id": "notify-unknown", "reference": str(uuid.uuid4()), "status": "delivered"}
    response = post(client, STATUS_URL, stranger, callback_token)
    assert (response.status_code, response.json()) == (200, {"result": "unknown"})
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_receipt_never_touches_an_outbox_message(client, callback_token):
    message = services.email_send(to="a@example.org", template="t", subject="Hi", body="b")
    services.message_send(message_id=message.pk)
    bogus = {"id": "notify-x", "reference": str(message.pk), "status": "permanent-failure"}
    assert post(client, STATUS_URL, bogus, callback_token).json() == {"result": "unknown"}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_receipt_with_a_status_we_do_not_act_on_is_ignored(client, callback_token):
    message = sent_message()
    assert post(client, STATUS_URL, receipt(message, "sending"), callback_token).json() == {"result": "ignored"}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_received_text_is_stored_and_handed_to_the_handlers(client, callback_token, received):
    response = post(client, INBOUND_URL, text(), callback_token)
    assert (response.status_code, response.json()) == (200, {"result": "stored"})
    stored = InboundMessage.objects.get()
    assert (stored.source_number, stored.destination_number, stored.body) == ("447700900982", "07797000000",
                                                                              "YES 4821")
    assert stored.received_at.isoformat() == "2026-11-22T09:15:00+00:00"
    assert stored.handled_at is not None
    assert received == [stored]


def test_the_same_text_delivered_twice_is_stored_and_handled_once(client, callback_token, received):
    post(client, INBOUND_URL, text(), callback_token)
    response = post(client, INBOUND_URL, text(), callback_token)
    assert response.json() == {"result": "unchanged"}
    assert InboundMessage.objects.count() == 1
    assert len(received) == 1


def test_a_failing_handler_leaves_the_text_stored_and_unhandled_without_stopping_the_others(
    client, callback_token, received
):
    def broken(message):
        InboundMessage.objects.filter(pk=message.pk).update(body="changed by a broken handler")
        raise ValueError("cannot parse")

    inbound_handlers.register(broken)
    try:
        response = post(client, INBOUND_URL, text(), callback_token)
    finally:
        inbound_handlers.unregister(broken)
    assert response.status_code == 200
    stored = InboundMessage.objects.get()
    assert stored.body == "YES 4821"
    assert stored.handled_at is None
    assert received == [stored]
    assert services.inbound_message_dispatch(message_id=stored.pk) is True
    assert len(received) == 2


@pytest.mark.parametrize("date", ["yesterday", "2026-13-45T99:00:00Z"])
def test_a_received_text_without_a_real_date_is_a_400_problem(client, callback_token, date):
    response = post(client, INBOUND_URL, dict(text(), date_received=date), callback_token)
    assert response.status_code == 400
    assert "date_received" in response.json()["detail"]
    assert not InboundMessage.objects.exists()


def test_a_received_text_missing_its_sender_is_a_400_problem(client, callback_token):
    body = text()
    del body["source_number"]
    response = post(client, INBOUND_URL, body, callback_token)
    assert response.status_code == 400
    assert "source_number" in response.json()["detail"]


def test_a_received_text_with_no_time_zone_is_taken_as_utc(client, callback_token):
    post(client, INBOUND_URL, dict(text(), date_received="2026-06-01 12:00:00"), callback_token)
    assert InboundMessage.objects.get().received_at.isoformat() == "2026-06-01T12:00:00+00:00"
