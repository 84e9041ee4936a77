"""Reads of volunteers' data are scoped to who is asking; the export holds only the person's own data."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from passport.core.choices import Stream
from passport.notifications import services as notify
from passport.volunteers import selectors
from passport.volunteers.models import StreamConsent
from passport.volunteers.services import volunteer_erase
from tests import factories

pytestmark = pytest.mark.django_db


class TestVolunteerOf:
    def test_it_finds_the_persons_own_profile(self, personas):
        assert selectors.volunteer_of(personas.alice.user) == personas.alice
        assert selectors.volunteer_of(personas.bob) is None
        assert selectors.volunteer_of(AnonymousUser()) is None

    def test_an_erased_profile_is_not_found(self, personas):
        volunteer_erase(volunteer=personas.alice, actor=personas.alice.user)
        assert selectors.volunteer_of(personas.alice.user) is None


class TestVisibleTo:
    def test_a_volunteer_sees_only_themselves(self, personas):
        assert list(selectors.volunteers_visible_to(personas.charlie.user)) == [personas.charlie]

    def test_bob_sees_alice_who_applied_to_his_organisation(self, personas):
        assert list(selectors.volunteers_visible_to(personas.bob)) == [personas.alice]

    def test_dave_sees_no_one(self, personas):
        assert not selectors.volunteers_visible_to(personas.dave).exists()

    def test_a_coordinator_sees_people_their_organisation_signed_up(self, personas):
        assisted = factories.VolunteerFactory(assisted_by=personas.dave, assisted_organisation=personas.daves_org)
        assert list(selectors.volunteers_visible_to(personas.dave)) == [assisted]

    def test_anonymous_people_see_no_one_and_staff_see_everyone(self, personas):
        assert not selectors.volunteers_visible_to(AnonymousUser()).exists()
        assert selectors.volunteers_visible_to(factories.UserFactory(is_staff=True)).count() == 2


class TestExport:
    def test_it_contains_the_volunteers_data(self, personas):
        notify.email_send(to="alice@example.org", user=personas.alice.user, template="t", subject="Hi Alice", body="b")
        StreamConsent.objects.create(volunteer=personas.alice, stream=Stream.RESERVE, wording="I agree")
        data = selectors.volunteer_export(volunteer=personas.alice)
        assert data["account"]["email"] == "alice@example.org"
        assert data["profile"]["first_name"] == "Alice"
        assert data["profile"]["postcode"] == "LS1 4DY"
        assert data["profile"]["date_of_birth"] == "1990-05-17"
        assert [a["opportunity"] for a in data["applications"]] == ["Food bank helper"]
        assert [m["subject"] for m in data["messages"]] == ["Hi Alice"]
        assert data["consents"][0]["wording"] == "I agree"
        json.dumps(data)  # it must be serialisable as it stands

    def test_it_contains_nothing_of_anyone_else(self, personas):
        notify.email_send(to="charlie@example.org", user=personas.charlie.user, template="t", subject="Hi C", body="b")
        other = factories.OpportunityFactory(title="Other")
        factories.ApplicationFactory(volunteer=personas.charlie, opportunity=other)
        text = json.dumps(selectors.volunteer_export(volunteer=personas.alice))
        for theirs in ("Charlie", "charlie@example.org", "Hi C", "Other", str(personas.charlie.pk)):
            assert theirs not in text


def test_live_streams_leave_out_withdrawn_consents(personas):
    from django.utils import timezone

    StreamConsent.objects.create(volunteer=personas.alice, stream=Stream.RESERVE, wording="w")
    StreamConsent.objects.create(volunteer=personas.alice, stream=Stream.COMMUNITY, wording="w",
                                 withdrawn_at=timezone.now())
    assert selectors.live_streams(personas.alice) == ["reserve"]
