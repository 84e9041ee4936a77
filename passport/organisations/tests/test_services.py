"""Registering organisations and inviting coordinators."""

import pytest
from django.core.exceptions import ValidationError

from passport.accounts.models import Role, SignInPurpose, SignInToken, User
from passport.accounts.services import sign_in_link_use
from passport.notifications.models import Message
from passport.organisations import services
from passport.organisations.models import Invitation, Membership, Organisation, OrganisationType
from tests import factories

pytestmark = pytest.mark.django_db


def register(actor, **overrides) -> Organisation:
    kwargs = {
        "actor": actor, "name": "Headingley Helpers", "org_type": OrganisationType.REGISTERED_CHARITY,
        "org_id": "GB-CHC-1234567", "income_band": "micro", "postcode": "LS6 3HN",
    }
    kwargs.update(overrides)
    return services.organisation_register(**kwargs)


class TestRegister:
    def test_it_registers_the_organisation_at_its_postcode_with_the_actor_as_coordinator(self):
        user = factories.UserFactory()
        org = register(user)
        assert (org.postcode, org.la_code) == ("LS6 3HN", "E08000035")
        assert org.easting == 427846 and org.northing == 436089
        assert Membership.objects.filter(organisation=org, user=user).exists()
        assert user.has_role(Role.COORDINATOR)
        assert org.is_small

    @pytest.mark.parametrize("org_type", [OrganisationType.COMMUNITY_GROUP, OrganisationType.FAITH_GROUP])
    def test_an_unregistered_group_without_an_identifier_gets_one_of_ours(self, org_type):
        org = register(factories.UserFactory(), org_type=org_type, org_id="")
        assert org.org_id.startswith("GB-VPS-") and len(org.org_id) == len("GB-VPS-") + 8

    def test_a_registered_charity_must_give_its_identifier(self):
        with pytest.raises(ValidationError) as excinfo:
            register(factories.UserFactory(), org_id="")
        assert excinfo.value.message_dict == {"org_id": ["Enter your organisation's identifier, like GB-CHC-1234567"]}

    def test_it_refuses_an_identifier_of_the_wrong_shape(self):
        with pytest.raises(ValidationError) as excinfo:
            register(factories.UserFactory(), org_id="GB-COH-1234567")
        assert "Companies House" in excinfo.value.message_dict["org_id"][0]
        assert not Organisation.objects.exists()

    def test_it_refuses_an_identifier_already_registered_in_any_spelling(self):
        register(factories.UserFactory())
        with pytest.raises(ValidationError, match="already registered"):
            register(factories.UserFactory(), org_id="gb-chc-1234567")
        assert Organisation.objects.count() == 1

    @pytest.mark.parametrize(
        ("field", "value"), [("name", "  "), ("org_type", "pirate_ship"), ("income_band", "lots"), ("postcode", "X1")]
    )
    def test_it_refuses_a_missing_or_unknown_answer(self, field, value):
        user = factories.UserFactory()
        with pytest.raises(ValidationError) as excinfo:
            register(user, **{field: value})
        assert field in excinfo.value.message_dict
        assert not Organisation.objects.exists()
        assert not Membership.objects.filter(user=user).exists()


class TestInvite:
    def test_it_invites_a_new_person_by_email_with_a_link_to_accept(self, personas, client):
        invitation = services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob,
                                                 email=" Hana@Example.org ")
        assert invitation.email == "hana@example.org"
        user = User.objects.get(email="hana@example.org")
        message = Message.objects.get(template="coordinator_invitation")
        assert message.to == "hana@example.org" and "Leeds Food Aid" in message.subject
        token = SignInToken.objects.get(user=user)
        assert token.purpose == SignInPurpose.INVITATION
        assert token.next_url == f"/organisations/invitations/{invitation.pk}/accept"

    def test_it_invites_someone_who_already_has_an_account(self, personas):
        services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob, email="charlie@example.org")
        assert User.objects.filter(email="charlie@example.org").count() == 1

    def test_it_refuses_to_invite_an_existing_coordinator(self, personas):
        with pytest.raises(ValidationError, match="already a coordinator"):
            services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob, email="bob@example.org")
        assert not Invitation.objects.exists()

    def test_the_invited_person_accepts_and_becomes_a_coordinator(self, personas):
        invitation = services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob,
                                                 email="charlie@example.org")
        membership = services.invitation_accept(invitation=invitation, actor=personas.charlie.user)
        assert membership.organisation == personas.bobs_org
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert personas.charlie.user.has_role(Role.COORDINATOR)

    def test_only_the_invited_email_can_accept(self, personas):
        invitation = services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob,
                                                 email="charlie@example.org")
        with pytest.raises(ValidationError, match="different email address"):
            services.invitation_accept(invitation=invitation, actor=personas.dave)
        assert not Membership.objects.filter(organisation=personas.bobs_org, user=personas.dave).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_accepting_twice_keeps_one_membership(self, personas):
        invitation = services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob,
                                                 email="charlie@example.org")
        services.invitation_accept(invitation=invitation, actor=personas.charlie.user)
        services.invitation_accept(invitation=invitation, actor=personas.charlie.user)
        assert Membership.objects.filter(organisation=personas.bobs_org, user=personas.charlie.user).count() == 1

    def test_the_emailed_link_signs_the_person_in_and_leads_to_the_invitation(self, personas, client):
        invitation = services.coordinator_invite(organisation=personas.bobs_org, actor=personas.bob,
                                                 email="hana@example.org")
        body = Message.objects.get(template="coordinator_invitation").body
        secret = body.rsplit("/sign-in/link/", 1)[1].split()[0]
        token = sign_in_link_use(secret=secret)
        assert token.user.email == "hana@example.org"
        client.force_login(token.user)
        assert client.post(token.next_url).status_code == 302
        assert Membership.objects.filter(organisation=personas.bobs_org, user__email="hana@example.org").exists()
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None


class TestContactDetails:
    def test_it_keeps_a_web_address_and_email(self):
        org = register(factories.UserFactory(), website="https://example.org", email="hello@example.org")
        assert (org.website, org.email) == ("https://example.org", "hello@example.org")

    @pytest.mark.parametrize("website", ["javascript:alert(1)", "not a url"])
    def test_it_refuses_a_web_address_that_is_not_one(self, website):
        # The public page links to it, so it must be a real web address whoever calls the service.
        with pytest.raises(ValidationError) as excinfo:
            register(factories.UserFactory(), website=website)
        assert "website" in excinfo.value.message_dict
        assert not Organisation.objects.exists()

    def test_it_refuses_an_email_that_is_not_one(self):
        with pytest.raises(ValidationError) as excinfo:
            register(factories.UserFactory(), email="nope")
        assert "email" in excinfo.value.message_dict
