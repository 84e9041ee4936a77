"""Organisation pages: registering, the coordinator's page, inviting coordinators, the public page."""

import pytest

from passport.accounts.models import User
from passport.notifications.models import Message
from passport.organisations.models import Invitation, Membership, Organisation
from tests import factories
from tests.pages.checks import check_error_summary, check_page, h1_text, page_title, text_of

pytestmark = pytest.mark.django_db


def org_data(**overrides):
    data = {
        "org-name": "Headingley Helpers",
        "org-org_type": "registered_charity",
        "org-org_id": "GB-CHC-1234567",
        "org-income_band": "micro",
        "org-postcode": "LS6 3HN",
        "org-email": "",
        "org-website": "",
        "org-description": "",
    }
    data.update(overrides)
    return data


def you_data(**overrides):
    data = {"you-your_name": "Gita Gray", "you-your_email": "gita@example.org"}
    data.update(overrides)
    return data


class TestRegister:
    def test_the_register_page_asks_an_anonymous_person_about_themselves(self, client):
        doc = check_page(client.get("/organisations/register"), title="Register your organisation")
        assert doc.find(".//input[@id='id_you-your_email']") is not None

    def test_the_register_page_does_not_ask_a_signed_in_person_about_themselves(self, personas, client_for):
        doc = check_page(client_for(personas.charlie).get("/organisations/register"))
        assert doc.find(".//input[@id='id_you-your_email']") is None
        assert doc.find(".//input[@id='id_org-name']") is not None

    def test_a_signed_in_person_registers_and_becomes_its_coordinator(self, personas, client_for):
        response = client_for(personas.charlie).post("/organisations/register", org_data(), follow=True)
        doc = check_page(response, title="Headingley Helpers")
        assert h1_text(doc) == "Headingley Helpers"
        org = Organisation.objects.get(org_id="GB-CHC-1234567")
        assert Membership.objects.filter(organisation=org, user=personas.charlie.user).exists()
        assert "Headingley Helpers is registered" in text_of(doc.find(".//main"))

    def test_an_anonymous_person_registers_gets_an_account_and_is_signed_in(self, client):
        response = client.post("/organisations/register", org_data() | you_data(), follow=True)
        check_page(response, title="Headingley Helpers")
        user = User.objects.get(email="gita@example.org")
        assert user.display_name == "Gita Gray"
        assert Membership.objects.filter(user=user, organisation__name="Headingley Helpers").exists()
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_a_bad_identifier_gets_the_org_id_example_and_nothing_is_saved(self, personas, client_for):
        count = Organisation.objects.count()
        response = client_for(personas.charlie).post("/organisations/register", org_data(**{"org-org_id": "12345"}))
        check_error_summary(response, "Enter the identifier in org-id form, like GB-CHC-1234567")
        assert Organisation.objects.count() == count

    def test_a_charity_number_of_the_wrong_shape_names_the_register(self, personas, client_for):
        response = client_for(personas.charlie).post("/organisations/register", org_data(**{"org-org_id": "GB-CHC-12"}))
        check_error_summary(
            response,
            "Enter a Charity Commission for England and Wales identifier in the right form, like GB-CHC-1234567",
        )

    def test_an_empty_form_lists_every_missing_answer_and_saves_nothing(self, client):
        count = Organisation.objects.count()
        blank = {key: "" for key in org_data() | you_data()}
        response = client.post("/organisations/register", blank)
        check_error_summary(
            response,
            "Enter your organisation's name",
            "Select the type of organisation",
            "Select your organisation's annual income",
            "Enter a postcode",
            "Enter your full name",
            "Enter your email address",
        )
        assert Organisation.objects.count() == count
        assert not User.objects.exists()

    def test_only_the_persons_details_being_wrong_still_shows_an_error_page(self, client):
        response = client.post("/organisations/register", org_data() | you_data(**{"you-your_email": "nope"}))
        doc = check_error_summary(response, "Enter an email address in the correct format, like name@example.com")
        assert page_title(doc).startswith("Error: ")
        assert not Organisation.objects.exists()

    def test_an_anonymous_person_with_an_account_is_asked_to_sign_in_first(self, client, personas):
        users = User.objects.count()
        data = org_data() | you_data(**{"you-your_email": "bob@example.org"})
        response = client.post("/organisations/register", data)
        check_error_summary(response, "An account already uses this email. Sign in first")
        assert User.objects.count() == users
        assert not Organisation.objects.filter(name="Headingley Helpers").exists()

    def test_a_postcode_that_is_not_real_is_refused(self, personas, client_for):
        response = client_for(personas.charlie).post("/organisations/register", org_data(**{"org-postcode": "SW1A"}))
        check_error_summary(response, "Enter a real postcode, like SW1A 1AA")
        assert not Organisation.objects.filter(name="Headingley Helpers").exists()

    def test_an_identifier_already_registered_is_refused(self, personas, client_for):
        data = org_data(**{"org-org_id": personas.bobs_org.org_id})
        response = client_for(personas.charlie).post("/organisations/register", data)
        check_error_summary(response, "An organisation with this identifier is already registered")

    def test_oversized_text_is_a_field_error_not_a_crash(self, personas, client_for):
        data = org_data(**{"org-name": "N" * 10_000, "org-description": "D" * 10_000})
        response = client_for(personas.charlie).post("/organisations/register", data)
        check_error_summary(
            response,
            "Organisation name must be 200 characters or fewer",
            "Description must be 2,000 characters or fewer",
        )
        assert not Organisation.objects.filter(org_id="GB-CHC-1234567").exists()

    def test_a_long_or_odd_website_gets_govuk_wording(self, personas, client_for):
        client = client_for(personas.charlie)
        long_url = "https://example.org/" + "a" * 300
        check_error_summary(client.post("/organisations/register", org_data(**{"org-website": long_url})),
                            "Website must be 200 characters or fewer")
        check_error_summary(client.post("/organisations/register", org_data(**{"org-website": "javascript:x()"})),
                            "Enter a web address, like https://example.org")
        assert not Organisation.objects.filter(name="Headingley Helpers").exists()

    def test_a_community_group_without_an_identifier_gets_one_of_ours(self, personas, client_for):
        data = org_data(**{"org-org_type": "community_group", "org-org_id": ""})
        client_for(personas.charlie).post("/organisations/register", data)
        assert Organisation.objects.get(name="Headingley Helpers").org_id.startswith("GB-VPS-")


class TestManage:
    def test_bob_sees_his_organisations_page_with_the_waiting_applicant(self, personas, client_for):
        response = client_for(personas.bob).get(f"/organisations/{personas.bobs_org.pk}/manage")
        doc = check_page(response, title="Leeds Food Aid")
        table = text_of(doc.find(".//table"))
        assert "Food bank helper" in table
        assert "No replies yet" in text_of(doc.find(".//main"))

    def test_your_organisations_goes_straight_to_the_only_one(self, personas, client_for):
        response = client_for(personas.bob).get("/organisations/")
        assert response["Location"] == f"/organisations/{personas.bobs_org.pk}/manage"

    def test_your_organisations_lists_them_all_when_asked(self, personas, client_for):
        factories.MembershipFactory(user=personas.bob, organisation=personas.daves_org)
        doc = check_page(client_for(personas.bob).get("/organisations/?all=1"), title="Your organisations")
        assert {text_of(a) for a in doc.findall(".//main//li/a")} == {"Leeds Food Aid", "Harehills Hub"}

    def test_someone_with_no_organisation_is_offered_to_register_one(self, personas, client_for):
        response = client_for(personas.charlie).get("/organisations/")
        doc = check_page(response, title="Your organisations")
        assert doc.find(".//main//a[@href='/organisations/register']") is not None


class TestInvite:
    def test_the_invite_page_renders(self, personas, client_for):
        url = f"/organisations/{personas.bobs_org.pk}/invite"
        check_page(client_for(personas.bob).get(url), title="Invite a coordinator")

    def test_inviting_sends_an_email_with_a_link(self, personas, client_for):
        url = f"/organisations/{personas.bobs_org.pk}/invite"
        response = client_for(personas.bob).post(url, {"email": "hana@example.org"})
        assert response["Location"] == f"/organisations/{personas.bobs_org.pk}/manage"
        assert Invitation.objects.filter(email="hana@example.org", organisation=personas.bobs_org).exists()
        assert Message.objects.filter(to="hana@example.org", template="coordinator_invitation").count() == 1

    def test_inviting_without_an_email_asks_for_one(self, personas, client_for):
        url = f"/organisations/{personas.bobs_org.pk}/invite"
        response = client_for(personas.bob).post(url, {"email": ""})
        check_error_summary(response, "Enter their email address")
        assert not Invitation.objects.exists()

    def test_inviting_an_existing_coordinator_is_refused(self, personas, client_for):
        url = f"/organisations/{personas.bobs_org.pk}/invite"
        response = client_for(personas.bob).post(url, {"email": "bob@example.org"})
        check_error_summary(response, "This person is already a coordinator here")
        assert not Invitation.objects.exists()


class TestAcceptInvitation:
    def test_the_invited_person_sees_and_accepts_the_invitation(self, personas, client_for):
        invitation = Invitation.objects.create(organisation=personas.bobs_org, email="charlie@example.org",
                                               invited_by=personas.bob)
        client = client_for(personas.charlie)
        url = f"/organisations/invitations/{invitation.pk}/accept"
        check_page(client.get(url), title="Join Leeds Food Aid")
        assert client.post(url)["Location"] == f"/organisations/{personas.bobs_org.pk}/manage"
        assert Membership.objects.filter(organisation=personas.bobs_org, user=personas.charlie.user).exists()

    def test_someone_else_cannot_see_or_accept_the_invitation(self, personas, client_for):
        invitation = Invitation.objects.create(organisation=personas.bobs_org, email="charlie@example.org",
                                               invited_by=personas.bob)
        client = client_for(personas.dave)
        url = f"/organisations/invitations/{invitation.pk}/accept"
        check_page(client.get(url), status=404)
        check_page(client.post(url), status=404)
        assert not Membership.objects.filter(organisation=personas.bobs_org, user=personas.dave).exists()


class TestPublicPage:
    def test_anyone_sees_the_organisations_open_opportunities_only(self, personas, client):
        factories.OpportunityFactory(organisation=personas.bobs_org, title="Secret draft", status="draft")
        response = client.get(f"/organisations/{personas.bobs_org.pk}")
        doc = check_page(response, title="Leeds Food Aid")
        headings = [text_of(h) for h in doc.findall(".//h3")]
        assert headings == ["Food bank helper"]

    def test_an_organisation_with_nothing_open_says_so(self, personas, client):
        response = client.get(f"/organisations/{personas.daves_org.pk}")
        check_page(response, title="Harehills Hub")
        assert "No open opportunities at the moment." in response.content.decode()
