"""Fixtures for the whole suite: the personas every access test uses.

Alice is a volunteer who applied to an opportunity of Bob's organisation. Charlie is another volunteer
who must see nothing of Alice's. Dave coordinates a different organisation and must see none of Bob's
applicants.
"""

from dataclasses import dataclass

import pytest

from tests import factories


@dataclass
class Personas:
    alice: object
    bob: object
    charlie: object
    dave: object
    bobs_org: object
    daves_org: object
    opportunity: object
    application: object


@pytest.fixture
def personas(db) -> Personas:
    alice = factories.VolunteerFactory(user__email="alice@example.org", first_name="Alice", last_name="Adams")
    charlie = factories.VolunteerFactory(user__email="charlie@example.org", first_name="Charlie", last_name="Cole")
    bob = factories.UserFactory(email="bob@example.org", display_name="Bob Brown")
    dave = factories.UserFactory(email="dave@example.org", display_name="Dave Dean")
    bobs_org = factories.OrganisationFactory(name="Leeds Food Aid")
    daves_org = factories.OrganisationFactory(name="Harehills Hub")
    factories.MembershipFactory(organisation=bobs_org, user=bob)
    factories.MembershipFactory(organisation=daves_org, user=dave)
    opportunity = factories.OpportunityFactory(organisation=bobs_org, title="Food bank helper")
    application = factories.ApplicationFactory(opportunity=opportunity, volunteer=alice)
    return Personas(alice, bob, charlie, dave, bobs_org, daves_org, opportunity, application)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (a User or a Volunteer)."""

    def sign_in(who):
        user = getattr(who, "user", who)
        client.force_login(user)
        return client

    return sign_in
