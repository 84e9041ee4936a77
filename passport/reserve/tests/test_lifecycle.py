"""From declaration to stand-down: waves, replies by every channel, first come first confirmed, never twice."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from passport.core import geo
from passport.notifications.models import Message
from passport.reserve import pool, services, texts
from passport.reserve.models import (
    CallOut,
    CallOutEvent,
    CallOutStatus,
    Incident,
    IncidentStatus,
    ReserveMember,
    Standby,
)
from passport.reserve.services import NeedSpec, Outcome
from passport.vetting.models import DbsCheck, QualificationKind, UpdateServiceSubscription
from passport.volunteers.models import Volunteer
from tests import factories

from .conftest import receive_text as text

pytestmark = pytest.mark.django_db


def later(incident, minutes=None):
    return timezone.now() + (incident.wave_spacing if minutes is None else dt.timedelta(minutes=minutes))


def test_the_first_wave_goes_out_by_email_and_text_with_a_reply_code(make_member, declare):
    alice = make_member(mobile="07700 900123")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    assert services.wave_send(incident_id=incident.pk) == 1
    callout = CallOut.objects.get(volunteer=alice)
    assert len(callout.code) == 4 and callout.code.isdigit()
    sms = Message.objects.get(to="07700 900123", template="reserve_callout")
    assert f"YES {callout.code}" in sms.body
    email = Message.objects.get(to=alice.user.email, template="reserve_callout")
    assert "/reserve/reply/" in email.body
    assert CallOutEvent.objects.filter(callout=callout, kind="alerted").count() == 1


def test_the_alerts_say_what_where_when_and_how_to_answer_with_links_that_open(make_member, declare, client):
    alice = make_member(mobile="07700 900123")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    callout = CallOut.objects.get(volunteer=alice)
    email = Message.objects.get(to=alice.user.email, template="reserve_callout")
    sms = Message.objects.get(to="07700 900123", template="reserve_callout")
    starts = timezone.localtime(incident.starts_at)
    assert email.subject == f"Reserve call-out: {incident.title}"
    away = texts.away_by(callout.travel_minutes, "")
    links = re.findall(r"http\S+/reserve/reply/(\S+)", email.body)
    assert email.body == (
        f"The National Volunteer Reserve needs people for {incident.title} near {incident.postcode}, "
        f"from {texts.when(incident)}. We are asking you as: Sandbagging. We think you are {away}.\n\n"
        f"Yes, I can go: {settings.SITE_URL}/reserve/reply/{links[0]}\n\n"
        f"No, not this time: {settings.SITE_URL}/reserve/reply/{links[1]}\n\n"
        f"Or text YES {callout.code} or NO {callout.code}. Places go to the first to say yes; "
        "if they are all taken, we will thank you and keep you on standby.")
    assert [signing.loads(token, salt=texts.REPLY_SALT, max_age=60) for token in links] == [
        {"c": str(callout.pk), "a": "yes"}, {"c": str(callout.pk), "a": "no"}]
    assert "Yes, I can go" in client.get(f"/reserve/reply/{links[0]}").content.decode()
    assert sms.body == (f"Reserve call-out: {incident.title} near {incident.postcode}, {starts:%-d %b %H:%M}, "
                        f"as Sandbagging, {away}. Reply YES {callout.code} or NO {callout.code}.")


def test_the_alerts_give_the_start_in_uk_time_in_summer(make_member, declare):
    make_member(mobile="07700 900123")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    summer = dt.datetime(2027, 7, 14, 13, 0, tzinfo=dt.UTC)  # 14:00 in London (BST)
    Incident.objects.filter(pk=incident.pk).update(starts_at=summer)
    services.wave_send(incident_id=incident.pk)
    assert "14 Jul 14:00" in Message.objects.get(channel="sms", template="reserve_callout").body
    assert "from 14 July 2027 at 14:00" in Message.objects.get(channel="email", template="reserve_callout").body


def test_only_members_who_qualify_and_are_on_standby_are_alerted(make_member, declare):
    ok = make_member()
    make_member(inducted=False)
    make_member(consented=False)
    make_member(at=factories.LONDON)
    off = make_member()
    ReserveMember.objects.filter(volunteer=off).update(standby=Standby.OFF_DUTY)
    later_on = make_member()
    ReserveMember.objects.filter(volunteer=later_on).update(
        standby=Standby.FROM_DATE, available_from=timezone.localdate() + dt.timedelta(days=3))
    capped = make_member()
    ReserveMember.objects.filter(volunteer=capped).update(monthly_cap=1)
    earlier = declare(NeedSpec(role="Anything", count=50))
    services.wave_send(incident_id=earlier.pk)
    assert set(CallOut.objects.filter(incident=earlier).values_list("volunteer", flat=True)) == {ok.pk, capped.pk}
    # The capped member has had their one call-out this month.
    incident = declare(NeedSpec(role="Sandbagging", count=50))
    services.wave_send(incident_id=incident.pk)
    assert list(CallOut.objects.filter(incident=incident).values_list("volunteer", flat=True)) == [ok.pk]


def test_members_paused_erased_under_age_withdrawn_or_out_of_date_are_not_alerted(make_member, declare):
    from passport.vetting.models import Qualification
    from passport.volunteers.models import StreamConsent

    today = timezone.localdate()
    ok = make_member()
    paused = make_member()
    Volunteer.objects.filter(pk=paused.pk).update(paused_until=today)  # paused until the end of today
    back_today = make_member()
    Volunteer.objects.filter(pk=back_today.pk).update(paused_until=today - dt.timedelta(days=1))
    erased = make_member()
    Volunteer.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    fifteen = make_member()
    Volunteer.objects.filter(pk=fifteen.pk).update(date_of_birth=today.replace(year=today.year - 15))
    withdrawn = make_member()
    StreamConsent.objects.filter(volunteer=withdrawn).update(withdrawn_at=timezone.now())
    lapsed = make_member()
    Qualification.objects.filter(volunteer=lapsed).update(expires_on=today - dt.timedelta(days=1))
    not_yet = make_member()
    Qualification.objects.filter(volunteer=not_yet).update(issued_on=today + dt.timedelta(days=1))
    lapsed_first_aider = make_member(qualifications=[QualificationKind.FIRST_AID])
    Qualification.objects.filter(volunteer=lapsed_first_aider, kind=QualificationKind.FIRST_AID).update(
        expires_on=today - dt.timedelta(days=1))
    incident = declare(NeedSpec(role="Anything", count=50),
                       NeedSpec(role="First aid", count=5, qualification=QualificationKind.FIRST_AID))
    services.wave_send(incident_id=incident.pk)
    alerted = dict(CallOut.objects.filter(incident=incident).values_list("volunteer", "need__role"))
    assert alerted == {ok.pk: "Anything", back_today.pk: "Anything", lapsed_first_aider.pk: "Anything"}


def test_a_role_asking_for_a_skill_or_qualification_alerts_only_those_who_hold_it(make_member, declare,
                                                                                   sandbagging):
    medic = make_member(qualifications=[QualificationKind.FIRST_AID])
    bagger = make_member(skills=[sandbagging])
    make_member()
    incident = declare(NeedSpec(role="First aid", count=5, qualification=QualificationKind.FIRST_AID),
                       NeedSpec(role="Sandbagging", count=5, skill_code="sandbagging"))
    services.wave_send(incident_id=incident.pk)
    by_role = dict(CallOut.objects.filter(incident=incident).values_list("volunteer", "need__role"))
    assert by_role == {medic.pk: "First aid", bagger.pk: "Sandbagging"}


def test_a_vetting_requirement_uses_the_eligibility_rules(make_member, declare):
    make_member()
    incident = declare(NeedSpec(role="Care home support", count=1, min_dbs_level="enhanced"))
    assert services.wave_send(incident_id=incident.pk) == 0
    assert CallOut.objects.count() == 0


def test_a_vetting_requirement_alerts_those_with_a_current_check_at_that_level_or_above(make_member, declare,
                                                                                        controller):
    def checked(level, years_ago, outcome="suitable"):
        volunteer = make_member()
        DbsCheck.objects.create(volunteer=volunteer, level=level, workforce="adult", certificate_number="0" * 12,
                                issued_on=timezone.localdate() - dt.timedelta(days=365 * years_ago + 1),
                                outcome=outcome, officer=controller, decided_at=timezone.now())
        return volunteer

    current = checked("enhanced_adults_barred", 1)
    checked("enhanced", 4)  # older than the three-year refresh period
    checked("standard", 1)  # below the level asked for
    checked("enhanced", 1, outcome="not_suitable")
    make_member()
    incident = declare(NeedSpec(role="Care home support", count=1, min_dbs_level="enhanced"))
    assert services.wave_send(incident_id=incident.pk) == 1
    assert CallOut.objects.get(incident=incident).volunteer_id == current.pk


def test_vetting_for_a_batch_is_read_in_two_queries_with_the_update_service_counted(
        make_member, controller, django_assert_num_queries):
    """pool.dbs_cleared loads only the fields vetting.selectors.facts reads: reading any other would cost a query
    a check, and this count would catch it."""
    today = timezone.localdate()

    def checked(level, years_ago):
        volunteer = make_member()
        check = DbsCheck.objects.create(volunteer=volunteer, level=level, workforce="adult",
                                        certificate_number="0" * 12, outcome="suitable", officer=controller,
                                        issued_on=today - dt.timedelta(days=365 * years_ago + 1),
                                        decided_at=timezone.now())
        return volunteer, check

    current, _ = checked("enhanced", 1)
    kept_alive, old_check = checked("enhanced", 5)  # past the refresh period, but the Update Service says clean
    UpdateServiceSubscription.objects.create(volunteer=kept_alive, dbs_check=old_check, subscription_id="C1",
                                             consent_given_at=timezone.now(), last_result="no_new_information",
                                             last_checked_at=timezone.now() - dt.timedelta(days=10))
    lapsed, _ = checked("enhanced", 5)
    below, _ = checked("standard", 1)
    with django_assert_num_queries(2):
        cleared = pool.dbs_cleared([v.pk for v in (current, kept_alive, lapsed, below)], "enhanced", today)
    assert cleared == {current.pk, kept_alive.pk}


def test_waves_follow_the_timer_and_never_alert_anyone_twice(make_member, declare):
    members = [make_member() for _ in range(12)]
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    first = services.wave_send(incident_id=incident.pk)
    assert 1 <= first < 12
    assert services.wave_send(incident_id=incident.pk) == 0  # not due yet
    for callout in CallOut.objects.filter(incident=incident):
        services.reply_record(callout_id=callout.pk, accept=False, channel="web")
    incident.refresh_from_db()
    services.wave_send(incident_id=incident.pk, now=later(incident))
    services.wave_send(incident_id=incident.pk, now=later(incident, 100))
    alerted = list(CallOut.objects.filter(incident=incident).values_list("volunteer", flat=True))
    assert len(alerted) == len(set(alerted)) <= len(members)
    assert CallOut.objects.filter(incident=incident).values("wave").distinct().count() >= 2


def test_the_pool_running_out_stops_the_timer(make_member, declare):
    alice = make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=3))
    services.wave_send(incident_id=incident.pk)
    services.reply_record(callout_id=CallOut.objects.get(volunteer=alice).pk, accept=False, channel="web")
    incident.refresh_from_db()
    assert services.wave_send(incident_id=incident.pk, now=later(incident)) == 0
    incident.refresh_from_db()
    assert incident.pool_exhausted and incident.next_wave_at is None


def test_the_whole_life_of_an_incident(make_member, declare, controller):
    people = [make_member() for _ in range(4)]
    incident = declare(NeedSpec(role="Sandbagging", count=2))
    services.due_waves_send()
    callouts = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}
    assert len(callouts) == 4
    a, b, c, d = (callouts[p.pk] for p in people)
    # By link, by text and on the page: the first two yeses are confirmed, the third is held on standby.
    assert services.reply_record(callout_id=a.pk, accept=True, channel="link") is Outcome.CONFIRMED
    text(people[1].mobile, f"yes {b.code}")
    assert CallOut.objects.get(pk=b.pk).status == CallOutStatus.CONFIRMED
    assert services.reply_record(callout_id=c.pk, accept=True, channel="web") is Outcome.STANDBY
    assert services.reply_record(callout_id=d.pk, accept=False, channel="web") is Outcome.DECLINED
    incident.refresh_from_db()
    assert [n.confirmed for n in incident.needs.all()] == [2]
    assert Message.objects.filter(template="reserve_briefing", to=people[0].user.email).get().body.endswith(
        "Report to Sam at the Kirkstall Road depot.")
    assert Message.objects.filter(template="reserve_standby", to=people[2].user.email).exists()
    # Filled: the timer stops.
    services.wave_send(incident_id=incident.pk, now=later(incident))
    incident.refresh_from_db()
    assert incident.next_wave_at is None
    told = services.incident_stand_down(actor=controller, incident_id=incident.pk)
    assert told == 3
    stood_down = set(Message.objects.filter(template="reserve_stand_down", channel="email").values_list("to",
                                                                                                      flat=True))
    assert stood_down == {people[0].user.email, people[1].user.email, people[2].user.email}
    assert list(CallOutEvent.objects.filter(callout=b).values_list("kind", "channel")) == [
        ("alerted", ""), ("accepted", "sms"), ("confirmed", "sms"), ("stood_down", "")]


def test_only_a_controller_may_declare_or_stand_down(declare, make_member):
    alice = make_member()
    with pytest.raises(ValidationError):
        declare(actor=alice.user)
    incident = declare()
    with pytest.raises(ValidationError):
        services.incident_stand_down(actor=alice.user, incident_id=incident.pk)


@override_settings(RESERVE_SECOND_APPROVAL=True)
def test_red_incidents_wait_for_a_second_controller(make_member, declare, controller, second_controller):
    make_member()
    incident = declare(severity="red")
    assert incident.status == IncidentStatus.AWAITING_APPROVAL
    assert services.wave_send(incident_id=incident.pk) == 0
    with pytest.raises(ValidationError):
        services.incident_approve(actor=controller, incident_id=incident.pk)
    services.incident_approve(actor=second_controller, incident_id=incident.pk)
    assert services.wave_send(incident_id=incident.pk) == 1
    assert declare(severity="amber").status == IncidentStatus.OPEN


def test_severity_sets_the_wave_spacing(declare):
    assert declare(severity="black").wave_spacing == dt.timedelta(minutes=5)
    assert declare(severity="green").wave_spacing == dt.timedelta(minutes=30)


def test_a_refusal_brings_the_next_wave_forward(make_member, declare):
    for _ in range(3):
        make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.next_wave_at > timezone.now()
    first = CallOut.objects.filter(incident=incident).first()
    services.reply_record(callout_id=first.pk, accept=False, channel="web")
    incident.refresh_from_db()
    assert incident.next_wave_at <= timezone.now()


def test_a_worker_stopping_mid_wave_loses_nothing_and_alerts_nobody_twice(make_member, declare, monkeypatch):
    # In process; test_crash.py kills a real worker process.
    for _ in range(3):
        make_member()
    declare(NeedSpec(role="Sandbagging", count=1))
    def dies_after_writing_the_wave(name):
        assert CallOut.objects.count() == 3 and Message.objects.filter(template="reserve_callout").count() == 6
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "_test_fault_point", dies_after_writing_the_wave)
    with pytest.raises(SystemExit):
        services.due_waves_send()
    # The wave is one transaction: no call-out, no event and no message survived the crash.
    assert CallOut.objects.count() == 0 and CallOutEvent.objects.count() == 0
    assert not Message.objects.filter(template="reserve_callout").exists()
    monkeypatch.undo()
    assert services.due_waves_send() == 3
    assert services.due_waves_send() == 0
    assert Message.objects.filter(template="reserve_callout", channel="sms").count() == 3


def test_a_volunteer_who_qualifies_is_a_member_before_setting_their_standby_status(make_member, declare):
    alice = make_member()
    ReserveMember.objects.filter(volunteer=alice).delete()
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    assert services.wave_send(incident_id=incident.pk) == 1
    assert ReserveMember.objects.get(volunteer=alice).last_called_at is not None


def _placed(make_member, incident_place, east_m, mode="drive"):
    volunteer = make_member()
    Volunteer.objects.filter(pk=volunteer.pk).update(easting=incident_place.easting + east_m,
                                                     northing=incident_place.northing)
    ReserveMember.objects.filter(volunteer=volunteer).update(travel_mode=mode)
    return volunteer


def test_a_wave_alerts_the_quickest_to_arrive_as_if_it_had_ranked_everyone_in_the_radius(make_member, declare):
    # The wave looks near the incident first and further out only while that could change who is picked.
    place = geo.lookup(factories.LEEDS_CENTRE)
    near = [_placed(make_member, place, 400 + 50 * i) for i in range(4)]
    walker = _placed(make_member, place, 300, mode="walk")  # 300 m on foot takes longer than 3 km by car
    middle = [_placed(make_member, place, 3000 + 100 * i) for i in range(4)]
    far = [_placed(make_member, place, 8000 + 100 * i) for i in range(6)]
    _placed(make_member, place, 12000)  # beyond the radius
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    size = services.wave_send(incident_id=incident.pk)
    assert size == 11  # the first of 11 alerted accepts with 95% confidence, at a quarter accepting
    alerted = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}
    assert set(alerted) == {v.pk for v in near + middle + [walker] + far[:2]}
    assert alerted[walker.pk].travel_minutes == 5 and alerted[near[0].pk].travel_minutes == 1
    sms = Message.objects.get(to=walker.mobile, template="reserve_callout")
    assert "about 5 minutes away on foot" in sms.body
    incident.refresh_from_db()
    assert not incident.pool_exhausted


def test_the_live_page_says_how_far_away_each_person_who_said_yes_is(make_member, declare, client_for, controller):
    place = geo.lookup(factories.LEEDS_CENTRE)
    alice = _placed(make_member, place, 6000)
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    services.reply_record(callout_id=CallOut.objects.get(volunteer=alice).pk, accept=True, channel="web")
    page = client_for(controller).get(f"/reserve/incidents/{incident.pk}")
    assert "about 12 minutes away by car" in page.content.decode()
