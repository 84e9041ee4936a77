"""Replies that must change nothing: after stand-down, wrong codes, unknown numbers, replayed links and texts."""

import pytest

from passport.notifications.models import InboundMessage, Message
from passport.notifications.services import inbound_message_dispatch
from passport.reserve import services, texts
from passport.reserve.models import CallOut, CallOutEvent, CallOutStatus
from passport.reserve.services import NeedSpec, Outcome

from .conftest import receive_text as text

pytestmark = pytest.mark.django_db


def last_text_to(number: str) -> str:
    return Message.objects.filter(to=number, channel="sms").order_by("-created_at").first().body


def snapshot():
    return (list(CallOut.objects.order_by("pk").values_list("status", flat=True)), CallOutEvent.objects.count(),
            [n for n in CallOut.objects.order_by("pk").values_list("need__confirmed", flat=True)])


@pytest.fixture
def alerted(make_member, declare):
    alice = make_member(mobile="07700 900001")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    return alice, incident, CallOut.objects.get(volunteer=alice)


def test_a_reply_after_stand_down_is_told_the_call_out_has_closed(alerted, controller, client):
    alice, incident, callout = alerted
    services.incident_stand_down(actor=controller, incident_id=incident.pk)
    before = snapshot()
    assert services.reply_record(callout_id=callout.pk, accept=True, channel="web") is Outcome.CLOSED
    text("+44 7700 900001", f"YES {callout.code}", "late-1")
    assert "has closed" in last_text_to("+44 7700 900001")
    response = client.post(f"/reserve/reply/{texts.reply_token(callout, 'yes')}")
    assert "has closed" in response.content.decode()
    assert snapshot() == before


def test_a_wrong_code_or_an_unknown_number_is_told_nothing_matched(alerted):
    alice, _, callout = alerted
    wrong = f"{(int(callout.code) + 1) % 10000:04d}"
    before = snapshot()
    text("07700 900001", f"YES {wrong}", "wrong-code")
    assert f"code {wrong}" in last_text_to("07700 900001")
    text("07700 999999", f"YES {callout.code}", "stranger")
    assert "could not find a call-out" in last_text_to("07700 999999")
    assert snapshot() == before


def test_a_text_that_is_not_a_reply_is_left_alone(alerted):
    before = Message.objects.count()
    text("07700 900001", "Can someone call me back?", "chat")
    assert Message.objects.count() == before


def test_the_same_text_delivered_twice_is_read_once(alerted):
    _, _, callout = alerted
    text("07700900001", f"Yes {callout.code}", "twice")
    after_first = snapshot()
    InboundMessage.objects.filter(provider_id="twice").update(handled_at=None)
    inbound_message_dispatch(message_id=InboundMessage.objects.get(provider_id="twice").pk)
    assert snapshot() == after_first
    assert CallOut.objects.get(pk=callout.pk).status == CallOutStatus.CONFIRMED


def test_a_replayed_link_says_it_was_already_answered(alerted, client):
    _, _, callout = alerted
    url = f"/reserve/reply/{texts.reply_token(callout, 'yes')}"
    assert "Can you go?" in client.get(url).content.decode()
    assert CallOut.objects.get(pk=callout.pk).status == CallOutStatus.ALERTED  # opening the link changes nothing
    client.post(url)
    before = snapshot()
    for page in (client.post(url), client.get(url)):
        assert "already answered" in page.content.decode()
    assert snapshot() == before
    assert CallOut.objects.get(pk=callout.pk).status == CallOutStatus.CONFIRMED
    # (The "no" link, after a yes, offers to give the place back: test_withdraw.py.)
    no_url = f"/reserve/reply/{texts.reply_token(callout, 'no')}"
    client.post(no_url)
    before = snapshot()
    for page in (client.post(no_url), client.get(no_url), client.post(url)):
        assert "already answered" in page.content.decode()
    assert snapshot() == before


def test_a_tampered_link_does_not_work(alerted, client):
    _, _, callout = alerted
    token = texts.reply_token(callout, "no")
    before = snapshot()
    response = client.post(f"/reserve/reply/{token[:-2]}xx")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert snapshot() == before


def test_answers_go_back_the_way_the_volunteer_replied_and_a_briefing_goes_both_ways(make_member, declare):
    first, second, third = (make_member(mobile=f"07700 90010{n}") for n in range(3))
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    callouts = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}

    def answers(volunteer, template):
        return sorted(Message.objects.filter(user=volunteer.user, template=template).values_list("channel",
                                                                                                flat=True))

    assert services.reply_record(callout_id=callouts[first.pk].pk, accept=True, channel="link") is Outcome.CONFIRMED
    assert answers(first, "reserve_briefing") == ["email", "sms"]  # where and when: on their phone too
    text(second.mobile, f"YES {callouts[second.pk].code}", "in-standby")
    assert answers(second, "reserve_standby") == ["sms"]
    assert services.reply_record(callout_id=callouts[third.pk].pk, accept=False, channel="web") is Outcome.DECLINED
    assert answers(third, "reserve_declined") == ["email"]


def test_someone_without_an_email_who_answers_online_is_texted(make_member, declare):
    volunteer = make_member(mobile="07700 900200")
    volunteer.user.email = ""
    volunteer.user.save(update_fields=["email"])
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    callout = CallOut.objects.get(volunteer=volunteer)
    assert services.reply_record(callout_id=callout.pk, accept=False, channel="link") is Outcome.DECLINED
    assert list(Message.objects.filter(template="reserve_declined").values_list("channel", flat=True)) == ["sms"]
