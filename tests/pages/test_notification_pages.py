"""The outbox: every message the service has sent, and one message."""

import pytest

from passport.notifications import services as notify
from passport.notifications.models import Message
from tests.pages.checks import check_page, h1_text, text_of

pytestmark = pytest.mark.django_db


def send(user, subject):
    return notify.email_send(to=user.email, user=user, template="test", subject=subject, body="Hello. https://example.org/x")


def test_the_outbox_lists_messages_with_links_to_each(personas, client_for, settings):
    settings.OUTBOX_PUBLIC = True
    message = send(personas.bob, "Hello Bob")
    doc = check_page(client_for(personas.bob).get("/outbox"), title="Outbox")
    assert doc.find(f".//a[@href='/outbox/{message.pk}']") is not None


def test_an_empty_outbox_says_so(client, db):
    response = client.get("/outbox")
    check_page(response, title="Outbox")
    assert "No messages yet." in response.content.decode()


def test_the_outbox_is_paginated(personas, client_for, settings):
    settings.OUTBOX_PUBLIC = True
    for n in range(27):
        send(personas.bob, f"Message {n}")
    client = client_for(personas.bob)
    first = check_page(client.get("/outbox"))
    assert len(first.findall(".//tbody/tr")) == 25
    second = check_page(client.get("/outbox?page=2"))
    assert len(second.findall(".//tbody/tr")) == 2


def test_a_message_page_shows_the_body_with_its_links(personas, client_for):
    message = send(personas.bob, "Hello Bob")
    doc = check_page(client_for(personas.bob).get(f"/outbox/{message.pk}"), title="Hello Bob")
    assert h1_text(doc) == "Hello Bob"
    assert doc.find(".//main//a[@href='https://example.org/x']") is not None


def test_a_text_message_page_has_a_title(personas, client_for):
    message = notify.sms_send(to="07700900982", user=personas.bob, template="test", body="Can you help?")
    doc = check_page(client_for(personas.bob).get(f"/outbox/{message.pk}"), title="Text message")
    assert "Can you help?" in text_of(doc.find(".//main"))


def test_the_phase_banner_links_to_the_outbox_only_when_it_is_public(client, settings, db):
    settings.OUTBOX_PUBLIC = False
    assert check_page(client.get("/")).find(".//a[@href='/outbox']") is None
    settings.OUTBOX_PUBLIC = True
    assert check_page(client.get("/")).find(".//a[@href='/outbox']") is not None


def test_a_message_body_is_escaped(personas, client_for):
    message = notify.email_send(to="bob@example.org", user=personas.bob, template="test", subject="Hi",
                                body="<script>alert(1)</script>")
    response = client_for(personas.bob).get(f"/outbox/{message.pk}")
    check_page(response)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Message.objects.count() == 1
