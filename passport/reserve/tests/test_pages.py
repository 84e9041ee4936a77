"""The reserve's pages: checked, and shown only to whom they belong (controllers; volunteers their own)."""

import re

import pytest

from passport.notifications.models import Message
from passport.reserve import services
from passport.reserve.models import CallOut, CallOutStatus, Incident, ReserveMember, Standby
from passport.reserve.services import NeedSpec
from tests.pages.checks import check_error_summary, check_page, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(make_member, declare):
    alice = make_member()
    charlie = make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    return alice, charlie, incident


def test_a_controller_sees_the_live_incident_page_by_role_and_wave(called, client_for, controller):
    alice, _, incident = called
    alices = CallOut.objects.get(volunteer=alice)
    services.reply_record(callout_id=alices.pk, accept=True, channel="web")
    Message.objects.filter(pk=alices.sms_message_id).update(status="delivered")  # as a Notify receipt would
    doc = check_page(client_for(controller).get(f"/reserve/incidents/{incident.pk}"), title=incident.title)
    tables = doc.findall(".//table")
    assert len(tables) == 2
    row = [text_of(td) for td in tables[0].findall(".//tbody/tr/td")]
    # Needed, sent, delivered, confirmed, standby, declined, withdrew, no reply
    assert row == ["Sandbagging", "1", "2", "1", "1", "0", "0", "0", "1"]
    assert alice.first_name in text_of(doc)
    summary = text_of(doc.find(".//dl"))
    assert "Places filled 1 / 1" in summary and "Acceptance rate 100%" in summary
    assert "Alerts per confirmed person 2.0" in summary
    check_page(client_for(controller).get("/reserve/incidents/"), title="Reserve incidents")


@pytest.mark.parametrize("path", ["/reserve/incidents/", "/reserve/incidents/new", "incident"])
def test_nobody_but_a_controller_sees_incidents(called, client_for, personas, path):
    _, _, incident = called
    url = f"/reserve/incidents/{incident.pk}" if path == "incident" else path
    for who in (personas.alice, personas.bob):
        assert client_for(who).get(url).status_code == 404


def test_a_volunteer_answers_only_their_own_call_out(called, client_for):
    alice, charlie, _ = called
    alices = CallOut.objects.get(volunteer=alice)
    response = client_for(charlie).post(f"/reserve/callouts/{alices.pk}/reply", {"answer": "yes"})
    assert response.status_code == 404
    assert CallOut.objects.get(pk=alices.pk).status == CallOutStatus.ALERTED
    for data in ({}, {"answer": "maybe"}):  # neither yes nor no: refused, and nothing changes
        assert client_for(alice).post(f"/reserve/callouts/{alices.pk}/reply", data).status_code == 400
    assert CallOut.objects.get(pk=alices.pk).status == CallOutStatus.ALERTED
    client_for(alice).post(f"/reserve/callouts/{alices.pk}/reply", {"answer": "yes"})
    assert CallOut.objects.get(pk=alices.pk).status == CallOutStatus.CONFIRMED


def test_a_volunteer_sees_their_own_call_outs_and_no_one_elses(called, client_for):
    alice, charlie, incident = called
    CallOut.objects.filter(volunteer=charlie).update(need=incident.needs.get())
    doc = check_page(client_for(alice).get("/reserve/"), title="National Volunteer Reserve")
    assert "Yes, I can go" in text_of(doc)
    assert text_of(doc).count("Flooding on the Aire") == 1


def test_a_volunteer_sets_their_standby_status(make_member, client_for):
    alice = make_member()
    client = client_for(alice)
    response = client.post("/reserve/", {"standby": "from_date", "monthly_cap": "2", "travel_mode": "walk"})
    check_error_summary(response, "Enter the date you are available from")
    response = client.post("/reserve/", {"standby": "off_duty", "monthly_cap": "2"})
    check_error_summary(response, "Select how you would get to an incident")
    response = client.post("/reserve/", {"standby": "off_duty", "monthly_cap": "2", "travel_mode": "cycle"})
    assert response.status_code == 302
    member = ReserveMember.objects.get(volunteer=alice)
    assert (member.standby, member.monthly_cap, member.travel_mode) == (Standby.OFF_DUTY, 2, "cycle")


def test_a_volunteer_not_yet_in_the_reserve_is_told_what_they_need(client_for, personas):
    doc = check_page(client_for(personas.alice).get("/reserve/"))
    assert "reserve induction" in text_of(doc)


def test_a_controller_declares_an_incident_from_the_form(client_for, controller, make_member):
    make_member()
    client = client_for(controller)
    page = client.get("/reserve/incidents/new")
    check_page(page, title="Declare an incident")
    assert 'data-prevent-double-click="true"' in page.content.decode()  # a double click declares one incident
    check_error_summary(client.post("/reserve/incidents/new", {"postcode": "ZZ1 1ZZ"}), "Enter the incident name",
                        "Enter at least one role")
    response = client.post("/reserve/incidents/new", {
        "title": "Flood", "postcode": "LS1 4DY", "radius_km": "10", "severity": "amber",
        "start_date_day": "1", "start_date_month": "1", "start_date_year": "2030", "start_time": "14:30",
        "expected_hours": "4", "briefing": "Report to Sam", "role_1": "Sandbagging", "count_1": "3",
        "dbs_1": "none",
    })
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.waves_sent == 1 and CallOut.objects.filter(incident=incident).count() == 1
    check_page(client.get(response["Location"]), title="Flood")
    client.post(f"/reserve/incidents/{incident.pk}/stand-down")
    assert Incident.objects.get().status == "stood_down"
    doc = check_page(client.get(response["Location"]), title="Flood")
    assert "After action" in text_of(doc) and "Stand down" not in [text_of(b) for b in doc.iter("button")]


def submission_of(page) -> str:
    """The one-time token the form was drawn with (core.once.OnceForm)."""
    found = re.search(r'name="submission" value="([0-9a-f-]{36})"', page.content.decode())
    assert found, "the form carries no submission token"
    return found.group(1)


def test_the_same_declaration_sent_twice_calls_out_once(client_for, controller, make_member):
    make_member()
    client = client_for(controller)
    form = {"title": "Flood", "postcode": "LS1 4DY", "radius_km": "10", "severity": "amber",
            "start_date_day": "1", "start_date_month": "1", "start_date_year": "2030", "start_time": "14:30",
            "expected_hours": "4", "briefing": "Report to Sam", "role_1": "Sandbagging", "count_1": "3",
            "dbs_1": "none", "submission": submission_of(client.get("/reserve/incidents/new"))}
    first = client.post("/reserve/incidents/new", form)
    again = client.post("/reserve/incidents/new", form, follow=True)  # no JavaScript, a second press
    incident = Incident.objects.get()
    assert again.redirect_chain[0][0] == first["Location"] == f"/reserve/incidents/{incident.pk}"
    assert "You have already declared this incident" in again.content.decode()
    assert CallOut.objects.filter(incident=incident).count() == 1  # alerted once
    # A form drawn afresh declares a new incident.
    client.post("/reserve/incidents/new", form | {"submission": submission_of(client.get("/reserve/incidents/new"))})
    assert Incident.objects.count() == 2


def test_the_reply_link_pages_are_checked(called, client):
    alice, _, _ = called
    from passport.reserve import texts

    callout = CallOut.objects.get(volunteer=alice)
    check_page(client.get(f"/reserve/reply/{texts.reply_token(callout, 'yes')}"), title="Answer a call-out")
    check_page(client.post(f"/reserve/reply/{texts.reply_token(callout, 'yes')}"), title="Answer a call-out")
    check_page(client.get("/reserve/reply/nonsense"), status=400, title="This link does not work")


def test_the_passport_home_page_points_members_to_their_waiting_call_outs(called, client_for, personas):
    alice, _, _ = called
    doc = check_page(client_for(alice).get("/volunteer/"))
    assert "Call-outs waiting for you: 1" in text_of(doc)
    assert "Call-outs waiting for you" not in text_of(check_page(client_for(personas.charlie).get("/volunteer/")))
