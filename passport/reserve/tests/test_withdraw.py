"""A confirmed volunteer who can no longer go gives their place back: the first on standby for the role takes it,
or, with nobody on standby, the next wave is due at once. Someone on standby can leave it."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from passport.notifications.models import Message
from passport.reserve import selectors, services, texts
from passport.reserve.models import CallOut, CallOutEvent, CallOutStatus, Incident, IncidentNeed, Reply
from passport.reserve.services import NeedSpec, Outcome
from tests.pages.checks import check_page, text_of

from .conftest import receive_text as text

pytestmark = pytest.mark.django_db


def status(callout: CallOut) -> str:
    return CallOut.objects.get(pk=callout.pk).status


def kinds(callout: CallOut) -> list[str]:
    return list(CallOutEvent.objects.filter(callout=callout).order_by("pk").values_list("kind", flat=True))


def sent_to(volunteer, template: str) -> list[str]:
    return sorted(Message.objects.filter(user=volunteer.user, template=template).values_list("channel", flat=True))


@pytest.fixture
def one_place(make_member, declare):
    """One place and four members alerted for it, in the order they were made."""
    members = [make_member(mobile=f"07700 90030{n}") for n in range(4)]
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    by_member = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}
    return incident, members, [by_member[m.pk] for m in members]


def say(callout: CallOut, accept: bool, channel: str = "web") -> Outcome:
    return services.reply_record(callout_id=callout.pk, accept=accept, channel=channel)


def test_a_place_given_back_goes_to_whoever_has_waited_longest_on_standby(one_place):
    incident, members, (first, second, third, _) = one_place
    assert [say(first, True), say(second, True), say(third, True)] == [
        Outcome.CONFIRMED, Outcome.STANDBY, Outcome.STANDBY]
    # Say the incident was declared an hour ago and these answers came 5 minutes after it.
    earlier = dt.timedelta(minutes=55)
    Incident.objects.filter(pk=incident.pk).update(created_at=F("created_at") - dt.timedelta(hours=1))
    CallOut.objects.filter(incident=incident).exclude(replied_at=None).update(replied_at=F("replied_at") - earlier)
    CallOutEvent.objects.filter(callout__incident=incident).update(at=F("at") - earlier)
    incident.refresh_from_db()
    assert selectors.incident_report(incident)["filled_minutes"] == 5
    second_replied_at = CallOut.objects.get(pk=second.pk).replied_at
    next_wave_at = Incident.objects.get(pk=incident.pk).next_wave_at

    assert say(first, False) is Outcome.WITHDRAWN
    assert [status(first), status(second), status(third)] == [
        CallOutStatus.WITHDRAWN, CallOutStatus.CONFIRMED, CallOutStatus.STANDBY]
    assert IncidentNeed.objects.get(incident=incident).confirmed == 1  # one out, one in: never over-filled
    assert kinds(first)[-1] == "withdrawn" and kinds(second)[-1] == "confirmed"
    assert sent_to(members[0], "reserve_withdrawn") == ["email"]  # answered the way they said it
    assert sent_to(members[1], "reserve_briefing") == ["email", "sms"]  # where and when, on their phone too
    assert CallOut.objects.get(pk=second.pk).replied_at == second_replied_at  # when they said yes, still
    assert Incident.objects.get(pk=incident.pk).next_wave_at == next_wave_at  # the place was filled: no new wave
    # Time to fill counts to when the place held now was confirmed (just now), not to when its holder said yes.
    assert selectors.incident_report(incident)["filled_minutes"] == 60


def test_with_nobody_on_standby_the_place_reopens_and_the_next_wave_is_due_at_once(one_place, make_member):
    incident, members, (first, *_rest) = one_place
    assert say(first, True) is Outcome.CONFIRMED
    later = timezone.now() + dt.timedelta(hours=1)
    services.wave_send(incident_id=incident.pk, now=later)  # filled: no further wave is due
    assert Incident.objects.get(pk=incident.pk).next_wave_at is None

    text(members[0].mobile, f"NO {first.code}", "changed-mind")
    assert status(first) == CallOutStatus.WITHDRAWN
    assert IncidentNeed.objects.get(incident=incident).confirmed == 0
    assert sent_to(members[0], "reserve_withdrawn") == ["sms"]
    due = Incident.objects.get(pk=incident.pk).next_wave_at
    assert due is not None and due <= timezone.now()
    # The replacement wave alerts someone new, never those already alerted.
    newcomer = make_member(mobile="07700 900399")
    assert services.wave_send(incident_id=incident.pk, now=later) >= 1
    assert CallOut.objects.filter(incident=incident, volunteer=newcomer).exists()
    assert CallOut.objects.filter(incident=incident).count() == CallOut.objects.filter(
        incident=incident).values("volunteer").distinct().count()


def test_someone_on_standby_who_says_no_leaves_standby_and_is_passed_over(one_place):
    incident, members, (first, second, third, _) = one_place
    say(first, True), say(second, True), say(third, True)
    next_wave_at = Incident.objects.get(pk=incident.pk).next_wave_at
    assert say(second, False, "link") is Outcome.DECLINED
    assert status(second) == CallOutStatus.DECLINED
    assert Incident.objects.get(pk=incident.pk).next_wave_at == next_wave_at  # no place was lost
    assert say(first, False) is Outcome.WITHDRAWN
    assert [status(second), status(third)] == [CallOutStatus.DECLINED, CallOutStatus.CONFIRMED]


def test_within_one_batch_those_already_on_standby_come_before_a_new_yes(one_place):
    incident, members, (first, second, third, _) = one_place
    say(first, True), say(second, True)
    # Stored together and applied in one go, in arrival order: first gives the place back, third says yes.
    waiting = [Reply.objects.create(callout=first, accept=False, channel="web"),
               Reply.objects.create(callout=third, accept=True, channel="web")]
    services.replies_apply()
    assert [Reply.objects.get(pk=r.pk).outcome for r in waiting] == ["withdrawn", "standby"]
    assert [status(first), status(second), status(third)] == [
        CallOutStatus.WITHDRAWN, CallOutStatus.CONFIRMED, CallOutStatus.STANDBY]
    assert IncidentNeed.objects.get(incident=incident).confirmed == 1


def test_a_yes_put_on_standby_earlier_in_the_same_batch_takes_a_place_given_back(one_place):
    incident, members, (first, second, *_rest) = one_place
    say(first, True)
    waiting = [Reply.objects.create(callout=second, accept=True, channel="sms", inbound_id="t-1"),
               Reply.objects.create(callout=first, accept=False, channel="web")]
    services.replies_apply()
    assert [Reply.objects.get(pk=r.pk).outcome for r in waiting] == ["standby", "withdrawn"]
    assert [status(first), status(second)] == [CallOutStatus.WITHDRAWN, CallOutStatus.CONFIRMED]
    assert IncidentNeed.objects.get(incident=incident).confirmed == 1
    assert sent_to(members[1], "reserve_briefing") == ["email", "sms"]


def test_after_giving_a_place_back_or_after_stand_down_nothing_more_changes(one_place, controller):
    incident, members, (first, second, *_rest) = one_place
    say(first, True)
    say(first, False)
    assert say(first, True) is Outcome.ALREADY_ANSWERED
    assert say(first, False) is Outcome.ALREADY_ANSWERED
    assert status(first) == CallOutStatus.WITHDRAWN
    say(second, True)
    services.incident_stand_down(actor=controller, incident_id=incident.pk)
    assert say(second, False) is Outcome.CLOSED
    assert status(second) == CallOutStatus.CONFIRMED
    assert IncidentNeed.objects.get(incident=incident).confirmed == 1


def test_the_no_link_opened_after_saying_yes_offers_to_give_the_place_back(one_place, client):
    _, _, (first, *_rest) = one_place
    client.post(f"/reserve/reply/{texts.reply_token(first, 'yes')}")
    no_url = f"/reserve/reply/{texts.reply_token(first, 'no')}"
    doc = check_page(client.get(no_url), title="Answer a call-out")
    assert text_of(doc.find(".//h1")) == "Give your place back"
    assert "I can no longer go" in [text_of(b) for b in doc.iter("button")]
    assert status(first) == CallOutStatus.CONFIRMED  # opening the link changes nothing
    page = client.post(no_url).content.decode()
    assert "give your place to someone else" in page
    assert status(first) == CallOutStatus.WITHDRAWN
    assert "already answered" in client.get(no_url).content.decode()


def test_a_volunteer_gives_their_place_back_on_their_reserve_page(one_place, client_for):
    _, members, (first, second, *_rest) = one_place
    say(first, True), say(second, True)
    doc = check_page(client_for(members[0].user).get("/reserve/"))
    assert "I can no longer go" in [text_of(b) for b in doc.iter("button")]
    doc = check_page(client_for(members[1].user).get("/reserve/"))
    assert "Take me off standby" in [text_of(b) for b in doc.iter("button")]
    # Nobody can give back a place that is not theirs.
    assert client_for(members[1].user).post(f"/reserve/callouts/{first.pk}/reply",
                                             {"answer": "no"}).status_code == 404
    assert status(first) == CallOutStatus.CONFIRMED
    response = client_for(members[0].user).post(f"/reserve/callouts/{first.pk}/reply", {"answer": "no"},
                                                follow=True)
    assert "give your place to someone else" in response.content.decode()
    assert [status(first), status(second)] == [CallOutStatus.WITHDRAWN, CallOutStatus.CONFIRMED]


def test_the_briefing_says_how_to_give_the_place_back(one_place):
    _, members, (first, *_rest) = one_place
    say(first, True)
    body = Message.objects.get(user=members[0].user, template="reserve_briefing", channel="sms").body
    assert f"text NO {first.code}" in body
