"""Sign-in pages: asking for a link, checking email, and using the link."""

import datetime as dt

import pytest
from django.utils import timezone

from passport.accounts.models import SignInToken
from passport.notifications.models import Message
from tests import factories
from tests.pages.checks import check_error_summary, check_page, text_of

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_renders(client):
    check_page(client.get("/sign-in"), title="Sign in")


def test_signing_in_with_no_email_asks_for_one(client):
    response = client.post("/sign-in", {"email": ""})
    check_error_summary(response, "Enter your email address")
    assert not Message.objects.exists()


def test_signing_in_with_a_malformed_email_uses_govuk_wording(client):
    response = client.post("/sign-in", {"email": "not-an-email"})
    check_error_summary(response, "Enter an email address in the correct format, like name@example.com")


def test_signing_in_with_an_oversized_email_is_a_field_error(client):
    response = client.post("/sign-in", {"email": "a" * 10_000 + "@example.org"})
    assert response.status_code == 400
    check_page(response, status=400)


def test_asking_for_a_link_shows_the_check_your_email_page(client):
    factories.UserFactory(email="erin@example.org")
    response = client.post("/sign-in", {"email": "erin@example.org"}, follow=True)
    doc = check_page(response, title="Check your email")
    assert "erin@example.org" in text_of(doc.find(".//main"))
    assert Message.objects.filter(to="erin@example.org", template="sign_in_link").count() == 1


def test_an_unknown_email_sees_the_same_page_and_nothing_is_sent(client):
    response = client.post("/sign-in", {"email": "nobody@example.org"}, follow=True)
    check_page(response, title="Check your email")
    assert not Message.objects.exists()
    assert not SignInToken.objects.exists()


def test_the_check_your_email_page_renders_without_a_session(client):
    check_page(client.get("/sign-in/check-your-email"), title="Check your email")


def test_asking_for_too_many_links_looks_the_same_as_an_unknown_address(client, settings):
    settings.SIGN_IN_LINKS_PER_HOUR = 1
    factories.UserFactory(email="erin@example.org")
    client.post("/sign-in", {"email": "erin@example.org"})
    over_limit = client.post("/sign-in", {"email": "erin@example.org"})
    unknown = client.post("/sign-in", {"email": "nobody@example.org"})
    assert over_limit.status_code == unknown.status_code == 302
    assert over_limit["Location"] == unknown["Location"]
    assert Message.objects.count() == 1


def test_a_valid_link_shows_a_continue_button_and_is_not_used_by_looking(client, issue_link):
    user = factories.UserFactory(email="erin@example.org")
    secret, token = issue_link(user)
    doc = check_page(client.get(f"/sign-in/link/{secret}"), title="Continue to sign in")
    assert "erin@example.org" in text_of(doc.find(".//main"))
    token.refresh_from_db()
    assert token.used_at is None


def test_using_a_link_signs_in_and_lands_on_the_persons_home(client, personas, issue_link):
    secret, _token = issue_link(personas.alice.user)
    response = client.post(f"/sign-in/link/{secret}")
    assert response.status_code == 302
    assert response["Location"] == "/volunteer/"
    check_page(client.get("/volunteer/"), title="Your passport")


def test_a_coordinator_lands_on_their_organisation(client, personas, issue_link):
    secret, _token = issue_link(personas.bob)
    response = client.post(f"/sign-in/link/{secret}", follow=True)
    check_page(response, title="Leeds Food Aid")


def test_a_used_link_shows_the_link_problem_page(client, issue_link):
    user = factories.UserFactory()
    secret, _token = issue_link(user)
    client.post(f"/sign-in/link/{secret}")
    client.logout()
    check_page(client.get(f"/sign-in/link/{secret}"), status=400, title="This link does not work")
    response = client.post(f"/sign-in/link/{secret}")
    check_page(response, status=400, title="This link does not work")
    assert "already been used" in response.content.decode()


def test_an_expired_link_shows_the_link_problem_page(client, issue_link):
    user = factories.UserFactory()
    secret, token = issue_link(user)
    SignInToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    check_page(client.get(f"/sign-in/link/{secret}"), status=400, title="This link does not work")
    response = client.post(f"/sign-in/link/{secret}")
    check_page(response, status=400, title="This link does not work")
    assert "expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_made_up_link_shows_the_link_problem_page(client):
    response = client.post("/sign-in/link/made-up-secret")
    check_page(response, status=400, title="This link does not work")
    assert "not valid" in response.content.decode()


def test_a_link_with_a_next_address_goes_there(client, personas, issue_link):
    secret, _token = issue_link(personas.alice.user, next_url="/volunteer/details")
    assert client.post(f"/sign-in/link/{secret}")["Location"] == "/volunteer/details"


def test_a_link_never_sends_people_to_another_site(client, personas, issue_link):
    secret, _token = issue_link(personas.alice.user, next_url="//evil.example/")
    assert client.post(f"/sign-in/link/{secret}")["Location"] == "/volunteer/"


def test_the_sign_out_page_renders_and_signing_out_works(personas, client_for):
    client = client_for(personas.alice)
    check_page(client.get("/sign-out"), title="Sign out")
    assert client.post("/sign-out")["Location"] == "/"
    assert "_auth_user_id" not in client.session
