"""The live incident page: its figures on their own for the page's script, the refresh without JavaScript, and
both shown to controllers only."""

import pytest
from django.test import Client

from passport.reserve import services
from passport.reserve.models import CallOut
from passport.reserve.services import NeedSpec
from tests.pages.checks import check_page, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(make_member, declare):
    alice = make_member(first_name="Alice")
    make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    return alice, incident


def test_the_open_incident_page_refreshes_without_javascript_and_names_its_live_figures(called, client_for,
                                                                                        controller):
    _, incident = called
    response = client_for(controller).get(f"/reserve/incidents/{incident.pk}")
    doc = check_page(response, title=incident.title)
    html = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in html
    live = [el for el in doc.iter() if el.get("data-live-url")]
    assert [el.get("data-live-url") for el in live] == [f"/reserve/incidents/{incident.pk}?live=1"]
    assert "no-store" in response["Cache-Control"]


def test_the_live_figures_alone_follow_each_reply(called, client_for, controller):
    alice, incident = called
    url = f"/reserve/incidents/{incident.pk}?live=1"
    before = client_for(controller).get(url)
    assert before.status_code == 200 and "no-store" in before["Cache-Control"]
    fragment = before.content.decode()
    assert "<html" not in fragment and "<h1" not in fragment
    assert 'data-live-summary="0 of 1 places confirmed"' in fragment and 'data-live-status="open"' in fragment

    services.reply_record(callout_id=CallOut.objects.get(volunteer=alice).pk, accept=True, channel="web")
    after = client_for(controller).get(url).content.decode()
    assert 'data-live-summary="1 of 1 places confirmed"' in after
    assert "Alice" in after


def test_a_stood_down_incident_neither_refreshes_nor_polls(called, client_for, controller):
    _, incident = called
    services.incident_stand_down(actor=controller, incident_id=incident.pk)
    response = client_for(controller).get(f"/reserve/incidents/{incident.pk}")
    doc = check_page(response, title=incident.title)
    assert 'http-equiv="refresh"' not in response.content.decode()
    assert not [el for el in doc.iter() if el.get("data-live-url")]
    assert "After action" in text_of(doc)
    fragment = client_for(controller).get(f"/reserve/incidents/{incident.pk}?live=1").content.decode()
    assert 'data-live-status="stood_down"' in fragment


def test_nobody_but_a_controller_gets_the_live_figures(called, client_for, personas):
    alice, incident = called
    url = f"/reserve/incidents/{incident.pk}?live=1"
    for who in (alice, personas.alice, personas.bob):
        assert client_for(who).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in
