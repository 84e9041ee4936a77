"""The Notify stand-in checks what the real Notify checks, so tests against it mean something."""

import time
import uuid

import jwt
import pytest
import requests
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError

from passport.notifications.standin import NotifyStandIn, uk_mobile


@pytest.fixture
def standin():
    with NotifyStandIn() as running:
        yield running


def client_for(standin, secret=None):
    key = f"standin-{standin.service_id}-{secret or standin.secret}"
    return NotificationsAPIClient(key, base_url=standin.url, timeout=5)


def test_it_answers_a_sent_email_like_notify(standin):
    answer = client_for(standin).send_email_notification(
        "alice@example.org", standin.email_template_id, {"subject": "Hi", "body": "Hello"}, reference="ref-1"
    )
    assert answer["reference"] == "ref-1"
    assert answer["content"]["subject"] == "Hi" and answer["content"]["body"] == "Hello"
    assert answer["template"]["id"] == standin.email_template_id
    assert answer["uri"].endswith(answer["id"])
    assert str(uuid.UUID(answer["id"])) == answer["id"]


def test_it_refuses_a_token_signed_with_another_secret(standin):
    with pytest.raises(HTTPError) as refused:
        client_for(standin, secret=str(uuid.uuid4())).send_sms_notification("07700900982", standin.sms_template_id,
                                                                          {"body": "x"})
    assert refused.value.status_code == 403
    assert standin.sent == []


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-jwt"}])
def test_it_refuses_a_request_without_a_valid_bearer(standin, headers):
    response = requests.post(f"{standin.url}/v2/notifications/sms", json={}, headers=headers, timeout=5)
    assert response.status_code == 403
    assert response.json()["errors"][0]["error"] == "AuthError"


def test_it_refuses_a_token_from_another_service_or_too_old(standin):
    for claims in ({"iss": str(uuid.uuid4()), "iat": int(time.time())},
                   {"iss": standin.service_id, "iat": int(time.time()) - 120}):
        token = jwt.encode(claims, standin.secret, algorithm="HS256")
        response = requests.post(f"{standin.url}/v2/notifications/sms", json={},
                                 headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert response.status_code == 403


def test_it_refuses_a_template_of_the_wrong_kind_or_missing_personalisation(standin):
    client = client_for(standin)
    with pytest.raises(HTTPError) as wrong_kind:
        client.send_sms_notification("07700900982", standin.email_template_id, {"subject": "s", "body": "b"})
    with pytest.raises(HTTPError) as missing:
        client.send_email_notification("a@example.org", standin.email_template_id, {"body": "b"})
    assert wrong_kind.value.status_code == 400 and "Template not found" in str(wrong_kind.value.message)
    assert missing.value.status_code == 400 and "subject" in str(missing.value.message)


def test_it_fails_as_asked_then_recovers(standin):
    standin.fail_next(429, times=2)
    client = client_for(standin)
    for _ in range(2):
        with pytest.raises(HTTPError) as failed:
            client.send_sms_notification("07700900982", standin.sms_template_id, {"body": "b"})
        assert failed.value.status_code == 429
    client.send_sms_notification("07700900982", standin.sms_template_id, {"body": "b"})
    assert len(standin.sent) == 1


def test_it_lists_notifications_by_reference(standin):
    client = client_for(standin)
    client.send_sms_notification("07700900982", standin.sms_template_id, {"body": "one"}, reference="a")
    client.send_sms_notification("07700900982", standin.sms_template_id, {"body": "two"}, reference="b")
    found = client.get_all_notifications(reference="b")["notifications"]
    assert [n["body"] for n in found] == ["two"]


@pytest.mark.parametrize(("number", "expected"), [
    ("07700 900982", "07700900982"), ("+44 7700 900982", "07700900982"), ("0113 496 0000", None),
    ("0770090098", None),
])
def test_only_uk_mobile_numbers_are_accepted(number, expected):
    assert uk_mobile(number) == expected


def test_a_client_giving_up_on_a_stalled_answer_leaves_no_error_behind(standin, capfd):
    standin.stall_next(0.5)
    impatient = NotificationsAPIClient(standin.api_key, base_url=standin.url, timeout=0.1)
    with pytest.raises(HTTPError):  # the client's own error for a timed-out request
        impatient.send_sms_notification("07700 900123", standin.sms_template_id, {"body": "Hello"})
    standin.wait_idle()  # the stand-in has answered after its stall, to a client that had gone
    assert len(standin.sent) == 1  # it had accepted the text before stalling, as Notify would have
    assert "Exception occurred" not in capfd.readouterr().err
