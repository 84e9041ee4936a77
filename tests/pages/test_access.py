"""Who may see what, proved with the personas.

Alice applied to an opportunity of Bob's organisation (Leeds Food Aid). Charlie is another volunteer who
must see nothing of Alice's. Dave coordinates a different organisation and must see none of Bob's.
"""

import pytest

from passport.notifications import services as notify
from passport.opportunities.models import ApplicationStatus, OpportunityStatus
from passport.organisations.models import Invitation
from tests import factories
from tests.pages.checks import check_page, text_of

pytestmark = pytest.mark.django_db


def private_pages(p) -> list[tuple[str, str]]:
    """(method, path) of every page that needs someone signed in."""
    invitation = Invitation.objects.create(organisation=p.bobs_org, email="charlie@example.org", invited_by=p.bob)
    assisted = factories.VolunteerFactory(assisted_by=p.bob, assisted_organisation=p.bobs_org)
    return [
        ("get", "/volunteer/"),
        ("get", "/volunteer/details"),
        ("get", "/volunteer/pause"),
        ("get", "/volunteer/my-data.json"),
        ("get", "/volunteer/delete"),
        ("get", f"/volunteer/assisted/{p.bobs_org.pk}/new"),
        ("post", f"/volunteer/assisted/{assisted.pk}/send-link"),
        ("get", "/organisations/"),
        ("get", f"/organisations/{p.bobs_org.pk}/manage"),
        ("get", f"/organisations/{p.bobs_org.pk}/invite"),
        ("get", f"/organisations/invitations/{invitation.pk}/accept"),
        ("get", f"/opportunities/new/{p.bobs_org.pk}"),
        ("get", f"/opportunities/{p.opportunity.pk}/edit"),
        ("get", f"/opportunities/{p.opportunity.pk}/applicants"),
        ("post", f"/opportunities/{p.opportunity.pk}/status"),
        ("post", f"/opportunities/{p.opportunity.pk}/apply"),
        ("post", f"/opportunities/applications/{p.application.pk}/decide"),
        ("post", f"/opportunities/applications/{p.application.pk}/withdraw"),
    ]


def test_anonymous_people_are_sent_to_sign_in_from_every_private_page(personas, client):
    for method, path in private_pages(personas):
        response = getattr(client, method)(path)
        assert response.status_code == 302, f"{method} {path} answered {response.status_code}"
        assert response["Location"] == f"/sign-in?next={path}", f"{method} {path} went to {response['Location']}"


class TestAlice:
    def test_alice_sees_her_own_passport_and_applications(self, personas, client_for):
        doc = check_page(client_for(personas.alice).get("/volunteer/"))
        main = text_of(doc.find(".//main"))
        assert "alice@example.org" in main
        assert "Food bank helper" in main and "Leeds Food Aid" in main


class TestCharlie:
    def test_charlies_passport_shows_nothing_of_alices(self, personas, client_for):
        response = client_for(personas.charlie).get("/volunteer/")
        doc = check_page(response)
        html = response.content.decode()
        assert "Charlie Cole" in text_of(doc.find(".//h1"))
        for alices in ("Alice", "alice@example.org", "Food bank helper", str(personas.application.pk)):
            assert alices not in html
        assert "You have not applied for anything yet." in html

    def test_charlies_download_holds_nothing_of_alices(self, personas, client_for):
        body = client_for(personas.charlie).get("/volunteer/my-data.json").content.decode()
        assert "charlie@example.org" in body
        assert "alice" not in body.lower() and "Food bank helper" not in body

    def test_charlie_cannot_withdraw_alices_application(self, personas, client_for):
        url = f"/opportunities/applications/{personas.application.pk}/withdraw"
        check_page(client_for(personas.charlie).post(url), status=404)
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.SUBMITTED

    def test_charlie_cannot_decide_on_alices_application(self, personas, client_for):
        url = f"/opportunities/applications/{personas.application.pk}/decide"
        check_page(client_for(personas.charlie).post(url, {"decision": "decline"}), status=404)
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.SUBMITTED


class TestBob:
    def test_bob_sees_alice_as_an_applicant_and_can_accept(self, personas, client_for):
        client = client_for(personas.bob)
        doc = check_page(client.get(f"/opportunities/{personas.opportunity.pk}/applicants"))
        assert "Alice Adams" in text_of(doc.find(".//main"))
        client.post(f"/opportunities/applications/{personas.application.pk}/decide", {"decision": "accept"})
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.ACCEPTED
        assert personas.application.decided_by == personas.bob

    def test_bob_sees_his_draft(self, personas, client_for):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status=OpportunityStatus.DRAFT)
        check_page(client_for(personas.bob).get(f"/opportunities/{draft.pk}"), title=draft.title)


class TestDave:
    @pytest.mark.parametrize(
        "path",
        [
            "/opportunities/{opportunity}/applicants",
            "/organisations/{org}/manage",
            "/organisations/{org}/invite",
            "/opportunities/{opportunity}/edit",
            "/opportunities/new/{org}",
            "/volunteer/assisted/{org}/new",
        ],
    )
    def test_dave_gets_not_found_on_bobs_pages(self, personas, client_for, path):
        url = path.format(opportunity=personas.opportunity.pk, org=personas.bobs_org.pk)
        response = client_for(personas.dave).get(url)
        check_page(response, status=404, title="Page not found")
        assert "Alice" not in response.content.decode()

    def test_dave_cannot_decide_on_bobs_applicant(self, personas, client_for):
        url = f"/opportunities/applications/{personas.application.pk}/decide"
        check_page(client_for(personas.dave).post(url, {"decision": "decline"}), status=404)
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.SUBMITTED
        assert personas.application.first_response_at is None

    def test_dave_cannot_change_or_close_bobs_opportunity(self, personas, client_for):
        client = client_for(personas.dave)
        check_page(client.post(f"/opportunities/{personas.opportunity.pk}/edit", {"title": "Mine now"}), status=404)
        check_page(client.post(f"/opportunities/{personas.opportunity.pk}/status", {"status": "closed"}), status=404)
        personas.opportunity.refresh_from_db()
        assert personas.opportunity.title == "Food bank helper"
        assert personas.opportunity.status == OpportunityStatus.OPEN

    def test_dave_cannot_send_a_take_over_link_for_someone_bob_signed_up(self, personas, client_for):
        assisted = factories.VolunteerFactory(assisted_by=personas.bob, assisted_organisation=personas.bobs_org)
        check_page(client_for(personas.dave).post(f"/volunteer/assisted/{assisted.pk}/send-link"), status=404)

    def test_a_draft_is_not_found_by_dave_or_the_public(self, personas, client, client_for):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status=OpportunityStatus.DRAFT)
        check_page(client.get(f"/opportunities/{draft.pk}"), status=404)
        check_page(client_for(personas.dave).get(f"/opportunities/{draft.pk}"), status=404)

    def test_no_one_can_apply_to_a_draft(self, personas, client_for):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status=OpportunityStatus.DRAFT)
        check_page(client_for(personas.charlie).post(f"/opportunities/{draft.pk}/apply", {"message": ""}), status=404)
        assert not draft.applications.exists()


class TestOutbox:
    def messages(self, p):
        to_alice = notify.email_send(to="alice@example.org", user=p.alice.user, template="t", subject="For Alice",
                                     body="Alice's secret link")
        to_bob = notify.email_send(to="bob@example.org", user=p.bob, template="t", subject="For Bob", body="Bob's")
        return to_alice, to_bob

    def test_people_see_only_their_own_messages_when_the_outbox_is_not_public(self, personas, client_for, settings):
        settings.OUTBOX_PUBLIC = False
        to_alice, to_bob = self.messages(personas)
        client = client_for(personas.bob)
        response = client.get("/outbox")
        check_page(response)
        assert "For Bob" in response.content.decode()
        assert "For Alice" not in response.content.decode()
        check_page(client.get(f"/outbox/{to_alice.pk}"), status=404)
        check_page(client.get(f"/outbox/{to_bob.pk}"), title="For Bob")

    def test_anonymous_people_see_no_messages_when_the_outbox_is_not_public(self, personas, client, settings):
        settings.OUTBOX_PUBLIC = False
        to_alice, _to_bob = self.messages(personas)
        response = client.get("/outbox")
        check_page(response)
        assert "For Alice" not in response.content.decode()
        check_page(client.get(f"/outbox/{to_alice.pk}"), status=404)

    def test_everyone_sees_every_message_when_the_outbox_is_public(self, personas, client, settings):
        settings.OUTBOX_PUBLIC = True
        to_alice, _to_bob = self.messages(personas)
        response = client.get("/outbox")
        check_page(response)
        assert "For Alice" in response.content.decode() and "For Bob" in response.content.decode()
        check_page(client.get(f"/outbox/{to_alice.pk}"), title="For Alice")

    def test_staff_see_every_message(self, personas, client_for, settings):
        settings.OUTBOX_PUBLIC = False
        to_alice, _to_bob = self.messages(personas)
        staff = factories.UserFactory(is_staff=True)
        check_page(client_for(staff).get(f"/outbox/{to_alice.pk}"), title="For Alice")


class TestTakeOverLink:
    def test_bob_resends_a_take_over_link_and_returns_to_his_page(self, personas, client_for):
        assisted = factories.VolunteerFactory(user__email="ivy@example.org", assisted_by=personas.bob,
                                              assisted_organisation=personas.bobs_org)
        next_url = f"/organisations/{personas.bobs_org.pk}/manage"
        response = client_for(personas.bob).post(f"/volunteer/assisted/{assisted.pk}/send-link", {"next": next_url})
        assert response["Location"] == next_url

    def test_the_return_address_cannot_send_bob_to_another_site(self, personas, client_for):
        assisted = factories.VolunteerFactory(user__email="ivy@example.org", assisted_by=personas.bob,
                                              assisted_organisation=personas.bobs_org)
        url = f"/volunteer/assisted/{assisted.pk}/send-link"
        response = client_for(personas.bob).post(url, {"next": "https://evil.example/phish"})
        assert response["Location"] == "/organisations/"
