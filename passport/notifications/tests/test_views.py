"""The outbox shows where each message has got to."""

import pytest

from passport.notifications import services
from passport.notifications.models import Message, MessageStatus
from tests.pages.checks import check_page, text_of

pytestmark = pytest.mark.django_db


def test_the_outbox_shows_each_messages_status_and_attempts(personas, client_for, settings):
    settings.OUTBOX_PUBLIC = False
    message = services.sms_send(to="07700900982", user=personas.bob, template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED, attempts=3)
    doc = check_page(client_for(personas.bob).get("/outbox"), title="Outbox")
    headers = [text_of(th) for th in doc.findall(".//thead//th")]
    cells = [text_of(td) for td in doc.findall(".//tbody/tr/td")]
    assert headers[-2:] == ["Status", "Attempts"]
    assert cells[-2:] == ["Queued", "3"]


def test_a_failed_message_page_says_why(personas, client_for):
    message = services.sms_send(to="01130000000", user=personas.bob, template="t", body="Can you help?")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=1,
                                                 last_error="Notify 400: phone_number Not a UK mobile number")
    doc = check_page(client_for(personas.bob).get(f"/outbox/{message.pk}"), title="Text message")
    summary = text_of(doc.find(".//dl"))
    assert "Status Failed" in summary
    assert "Attempts 1" in summary
    assert "Not a UK mobile number" in summary
