"""Reads about organisations: whose they are, invitations, and how fast they answer."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from passport.organisations import selectors
from passport.organisations.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_coordinator_has_only_their_own_organisations(personas):
    assert list(selectors.organisations_of(personas.bob)) == [personas.bobs_org]
    assert list(selectors.organisations_of(personas.dave)) == [personas.daves_org]
    assert not selectors.organisations_of(AnonymousUser()).exists()


def test_an_organisation_for_a_coordinator_is_none_for_anyone_else(personas):
    assert selectors.organisation_for_coordinator(personas.bob, personas.bobs_org.pk) == personas.bobs_org
    assert selectors.organisation_for_coordinator(personas.dave, personas.bobs_org.pk) is None
    assert selectors.organisation_for_coordinator(personas.alice.user, personas.bobs_org.pk) is None


def test_an_invitation_is_found_only_by_the_person_invited(personas):
    invitation = Invitation.objects.create(organisation=personas.bobs_org, email="Charlie@Example.org")
    assert selectors.invitation_for(personas.charlie.user, invitation.pk) == invitation
    assert selectors.invitation_for(personas.dave, invitation.pk) is None
    assert selectors.invitation_for(AnonymousUser(), invitation.pk) is None


class TestMedianResponseDays:
    def answered(self, opportunity, days: float):
        submitted = timezone.now() - dt.timedelta(days=20)
        return factories.ApplicationFactory(
            opportunity=opportunity, submitted_at=submitted, first_response_at=submitted + dt.timedelta(days=days)
        )

    def test_it_is_the_median_of_answered_applications(self, personas):
        for days in (1, 2, 6):
            self.answered(personas.opportunity, days)
        assert selectors.median_response_days(personas.bobs_org) == 2.0

    def test_it_leaves_out_applications_not_yet_answered(self, personas):
        self.answered(personas.opportunity, 3)
        self.answered(personas.opportunity, 4)
        assert selectors.median_response_days(personas.bobs_org) == 3.5

    def test_it_is_none_before_any_reply(self, personas):
        assert selectors.median_response_days(personas.bobs_org) is None

    def test_it_counts_only_the_organisations_own_applications(self, personas):
        self.answered(factories.OpportunityFactory(organisation=personas.daves_org), 9)
        assert selectors.median_response_days(personas.bobs_org) is None


def test_assisted_volunteers_are_the_organisations_own_and_not_erased(personas):
    mine = factories.VolunteerFactory(assisted_by=personas.bob, assisted_organisation=personas.bobs_org)
    factories.VolunteerFactory(assisted_by=personas.dave, assisted_organisation=personas.daves_org)
    factories.VolunteerFactory(assisted_by=personas.bob, assisted_organisation=personas.bobs_org,
                               erased_at=timezone.now())
    assert selectors.assisted_volunteers(personas.bobs_org) == [mine]
