"""Reserve call-outs become hours and a milestone: confirmed people, after an incident that went ahead is stood down."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from jwcrypto import jwk
from jwcrypto import jws as jwcrypto_jws

from passport.accounts.models import Role, UserRole
from passport.activity import selectors, services
from passport.activity.models import CreditEntry, EntryStatus, HoursEntry, LoggedBy, Milestone, MilestoneAward
from passport.activity.tests.test_statement import check
from passport.credentials import keys
from passport.reserve import services as reserve
from passport.reserve.models import CallOut
from passport.vetting.models import Qualification, QualificationKind
from passport.volunteers.models import StreamConsent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(personas):
    """A reserve controller who coordinates for Bob's organisation, so it confirms the reserve's hours."""
    user = factories.UserFactory(email="erin@example.org", display_name="Erin Controller")
    UserRole.objects.create(user=user, role=Role.RESERVE_CONTROLLER)
    factories.MembershipFactory(organisation=personas.bobs_org, user=user)
    return user


def member(volunteer, recorded_by):
    StreamConsent.objects.create(volunteer=volunteer, stream="reserve", wording="Call me out")
    Qualification.objects.create(volunteer=volunteer, kind=QualificationKind.RESERVE_INDUCTION, recorded_by=recorded_by,
                                 issued_on=timezone.localdate() - dt.timedelta(days=30))
    return volunteer


@pytest.fixture
def called(personas, erin):
    """An incident that began five hours ago (six expected), with Alice and Charlie alerted."""
    member(personas.alice, erin)
    member(personas.charlie, erin)

    def call(*, actor=None, began_hours_ago=5, count=1):
        incident = reserve.incident_declare(
            actor=actor or erin, title="Flooding at Otley", postcode=factories.LEEDS_CENTRE, radius_m=10000,
            severity="amber", starts_at=timezone.now() - dt.timedelta(hours=began_hours_ago), expected_hours=6,
            briefing="Report to the depot.", needs=[reserve.NeedSpec(role="Sandbagging", count=count)],
        )
        assert reserve.wave_send(incident_id=incident.pk) >= 2
        return incident, {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}

    return call


def answer(callout, yes=True):
    return reserve.reply_record(callout_id=callout.pk, accept=yes, channel="link")


def test_a_confirmed_call_out_becomes_one_pending_entry_for_the_controllers_organisation_after_stand_down(
        personas, erin, called):
    incident, callouts = called()
    answer(callouts[personas.alice.pk])
    assert services.callout_entries_create() == 0  # still calling out
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    assert services.callout_entries_create() == 1
    assert services.callout_entries_create() == 0
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.organisation, entry.callout, entry.status, entry.logged_by, entry.hours,
            entry.date, entry.opportunity) == (
        personas.alice, personas.bobs_org, callouts[personas.alice.pk], EntryStatus.PENDING, LoggedBy.CALLOUT,
        Decimal("5"), timezone.localdate(incident.starts_at), None)
    assert entry.description == "Reserve call-out: Flooding at Otley (Sandbagging)"
    assert not entry.is_informal
    assert list(selectors.entry_history(entry).values_list("verb", flat=True)) == ["hours.logged"]


def test_the_hours_are_the_expected_hours_when_the_incident_ran_longer(personas, erin, called):
    incident, callouts = called(began_hours_ago=30)
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    services.callout_entries_create()
    assert HoursEntry.objects.get().hours == Decimal(6)


def test_only_the_confirmed_earn_hours_not_standby_declined_or_silent(personas, erin, called):
    declines, silent = member(factories.VolunteerFactory(), erin), member(factories.VolunteerFactory(), erin)
    incident, callouts = called()
    assert set(callouts) == {personas.alice.pk, personas.charlie.pk, declines.pk, silent.pk}
    answer(callouts[personas.alice.pk])
    answer(callouts[personas.charlie.pk])  # the one place is taken: standby
    answer(callouts[declines.pk], yes=False)
    assert CallOut.objects.get(pk=callouts[personas.charlie.pk].pk).status == "standby"
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    assert services.callout_entries_create() == 1
    assert list(HoursEntry.objects.values_list("volunteer", flat=True)) == [personas.alice.pk]
    assert list(MilestoneAward.objects.values_list("volunteer", flat=True)) == [personas.alice.pk]


def test_the_reserve_deployment_badge_is_issued_once_at_stand_down_and_verifies(personas, erin, called):
    incident, callouts = called()
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    services.callout_entries_create()
    services.callout_entries_create()
    award = MilestoneAward.objects.get(volunteer=personas.alice)
    assert award.milestone == Milestone.RESERVE_DEPLOYMENT
    verdict = check(award.credential.token)
    assert verdict.ok, verdict.reasons
    assert verdict.credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = verdict.credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "First National Volunteer Reserve deployment"
    public = next(k for k in keys.jwks()["keys"] if k["kid"] == award.credential.kid)
    token = jwcrypto_jws.JWS()
    token.deserialize(award.credential.token)
    token.verify(jwk.JWK(**public), alg="Ed25519")
    assert json.loads(token.payload)["id"] == f"urn:uuid:{award.credential.pk}"
    # Confirming the hours later adds the hours milestones, not a second deployment badge.
    services.hours_confirm(entry=HoursEntry.objects.get(), actor=personas.bob)
    assert sorted(MilestoneAward.objects.values_list("milestone", flat=True)) == [
        "first", "reserve-deployment"]


def test_an_incident_stood_down_before_it_began_is_no_deployment(personas, erin, called):
    incident, callouts = called(began_hours_ago=-2)  # starts in two hours: a false alarm
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    assert services.callout_entries_create() == 0
    assert not MilestoneAward.objects.exists()


def test_a_controller_without_an_organisation_still_gives_the_badge_but_no_hours(personas, called):
    loner = factories.UserFactory(email="fiona@example.org")
    UserRole.objects.create(user=loner, role=Role.RESERVE_CONTROLLER)
    incident, callouts = called(actor=loner)
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=loner, incident_id=incident.pk)
    assert services.callout_entries_create() == 0
    assert not HoursEntry.objects.exists()
    assert list(MilestoneAward.objects.values_list("milestone", flat=True)) == ["reserve-deployment"]


def test_a_day_already_full_gets_no_entry_but_the_badge(personas, erin, called, accepted):
    incident, callouts = called()
    services.hours_log(volunteer=personas.alice, organisation=personas.bobs_org, opportunity=personas.opportunity,
                       date=timezone.localdate(incident.starts_at), hours=Decimal(20), description="Long day",
                       actor=personas.alice.user)
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    assert services.callout_entries_create() == 0
    assert HoursEntry.objects.count() == 1
    assert MilestoneAward.objects.filter(milestone=Milestone.RESERVE_DEPLOYMENT).count() == 1


def test_the_organisation_confirms_call_out_hours_like_any_other_and_only_they_and_alice_see_them(
        personas, erin, called):
    incident, callouts = called()
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    services.callout_entries_create()
    entry = HoursEntry.objects.get()
    assert set(selectors.entries_visible_to(personas.alice.user)) == {entry}
    assert set(selectors.entries_visible_to(erin)) == {entry}
    assert set(selectors.entries_visible_to(personas.bob)) == {entry}
    assert not selectors.entries_visible_to(personas.charlie.user).exists()
    assert not selectors.entries_visible_to(personas.dave).exists()
    services.hours_confirm(entry=entry, actor=erin)
    assert CreditEntry.objects.get(volunteer=personas.alice).amount == Decimal(5)


def test_alice_sees_what_the_call_out_hours_were_for(personas, erin, called, client_for):
    from tests.pages.checks import check_page, text_of

    incident, callouts = called()
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    services.callout_entries_create()
    entry = HoursEntry.objects.get()
    page = text_of(check_page(client_for(personas.alice).get(f"/hours/entries/{entry.pk}")))
    assert "Reserve call-out: Flooding at Otley (Sandbagging)" in page
    assert "A reserve call-out attended" in page


def test_the_scheduled_task_creates_call_out_entries(personas, erin, called, settings):
    from passport.activity.tasks import create_shift_entries

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    incident, callouts = called()
    answer(callouts[personas.alice.pk])
    reserve.incident_stand_down(actor=erin, incident_id=incident.pk)
    assert create_shift_entries.enqueue().return_value == 1
