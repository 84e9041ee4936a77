"""Sign-in links: single use, short-lived, stored only as a hash, rate-limited; and role grants."""

import datetime as dt
import hashlib
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from passport.accounts import services
from passport.accounts.models import Role, SignInPurpose, SignInToken
from passport.notifications.models import Message
from tests import factories

pytestmark = pytest.mark.django_db


def secret_of(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def requested_secret(email: str) -> str:
    """Ask for a link by email and read the secret from the message sent."""
    assert services.sign_in_link_request(email=email)
    body = Message.objects.filter(to=email, template="sign_in_link").latest("created_at").body
    url = next(word for word in body.split() if "/sign-in/link/" in word)
    return secret_of(url)


class TestRequest:
    def test_it_emails_a_link_that_signs_the_person_in(self):
        user = factories.UserFactory(email="erin@example.org")
        secret = requested_secret("erin@example.org")
        assert services.sign_in_link_use(secret=secret).user == user

    def test_it_matches_the_email_whatever_its_case_and_spaces(self):
        factories.UserFactory(email="erin@example.org")
        assert services.sign_in_link_request(email="  Erin@Example.ORG ") is True
        assert Message.objects.filter(to="erin@example.org").count() == 1

    def test_it_sends_nothing_for_an_unknown_email(self):
        assert services.sign_in_link_request(email="nobody@example.org") is False
        assert not Message.objects.exists()
        assert not SignInToken.objects.exists()

    def test_it_sends_nothing_to_a_deactivated_account(self):
        factories.UserFactory(email="gone@example.org", is_active=False)
        assert services.sign_in_link_request(email="gone@example.org") is False
        assert not Message.objects.exists()

    def test_it_refuses_more_links_than_the_hourly_limit(self, settings):
        settings.SIGN_IN_LINKS_PER_HOUR = 3
        factories.UserFactory(email="erin@example.org")
        for _ in range(3):
            services.sign_in_link_request(email="erin@example.org")
        assert services.sign_in_link_request(email="erin@example.org") is False
        assert Message.objects.count() == 3

    def test_links_older_than_an_hour_do_not_count_towards_the_limit(self, settings):
        settings.SIGN_IN_LINKS_PER_HOUR = 1
        factories.UserFactory(email="erin@example.org")
        services.sign_in_link_request(email="erin@example.org")
        SignInToken.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
        assert services.sign_in_link_request(email="erin@example.org") is True

    def test_the_secret_is_not_stored_only_its_hash(self):
        factories.UserFactory(email="erin@example.org")
        secret = requested_secret("erin@example.org")
        token = SignInToken.objects.get()
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        stored = [str(v) for v in SignInToken.objects.values_list(*[f.attname for f in SignInToken._meta.fields])[0]]
        assert all(secret not in value for value in stored)

    def test_a_next_address_on_another_site_is_dropped(self):
        user = factories.UserFactory()
        for bad in ("https://evil.example/", "//evil.example/"):
            assert services.sign_in_link_issue(user=user, next_url=bad).token.next_url == ""
        assert services.sign_in_link_issue(user=user, next_url="/volunteer/").token.next_url == "/volunteer/"


class TestUse:
    def test_it_refuses_a_link_used_before(self):
        link = services.sign_in_link_issue(user=factories.UserFactory())
        services.sign_in_link_use(secret=secret_of(link.url))
        with pytest.raises(services.LinkProblem, match="already been used"):
            services.sign_in_link_use(secret=secret_of(link.url))

    def test_it_refuses_an_expired_link(self):
        link = services.sign_in_link_issue(user=factories.UserFactory())
        SignInToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        with pytest.raises(services.LinkProblem, match="expired"):
            services.sign_in_link_use(secret=secret_of(link.url))
        assert SignInToken.objects.get().used_at is None

    def test_a_link_expires_after_the_configured_minutes(self, settings):
        settings.SIGN_IN_LINK_MINUTES = 30
        before = timezone.now()
        token = services.sign_in_link_issue(user=factories.UserFactory()).token
        assert before + dt.timedelta(minutes=30) <= token.expires_at <= timezone.now() + dt.timedelta(minutes=30)

    def test_it_refuses_a_made_up_secret(self):
        with pytest.raises(services.LinkProblem, match="not valid"):
            services.sign_in_link_use(secret="made-up")

    def test_it_refuses_the_link_of_a_deactivated_account(self):
        user = factories.UserFactory()
        link = services.sign_in_link_issue(user=user)
        user.is_active = False
        user.save()
        with pytest.raises(services.LinkProblem):
            services.sign_in_link_use(secret=secret_of(link.url))

    def test_peeking_does_not_use_the_link(self):
        link = services.sign_in_link_issue(user=factories.UserFactory())
        assert services.sign_in_link_peek(secret=secret_of(link.url)) == link.token
        services.sign_in_link_use(secret=secret_of(link.url))
        link.token.refresh_from_db()
        assert link.token.used_at is not None
        assert services.sign_in_link_peek(secret=secret_of(link.url)) is None

    def test_a_link_keeps_its_purpose(self):
        link = services.sign_in_link_issue(user=factories.UserFactory(), purpose=SignInPurpose.TAKE_OVER)
        assert services.sign_in_link_use(secret=secret_of(link.url)).purpose == SignInPurpose.TAKE_OVER


class TestRoles:
    def test_granting_a_role_twice_keeps_one_grant(self):
        user = factories.UserFactory()
        services.role_grant(user=user, role=Role.COORDINATOR)
        services.role_grant(user=user, role=Role.COORDINATOR)
        assert user.roles.count() == 1
        assert user.has_role(Role.COORDINATOR)
        assert not user.has_role(Role.VETTING_OFFICER)

    def test_a_grant_is_seen_even_after_the_roles_were_read(self):
        user = factories.UserFactory()
        assert not user.has_role(Role.ANALYST)
        services.role_grant(user=user, role=Role.ANALYST)
        assert user.has_role(Role.ANALYST)

    def test_a_superuser_is_an_administrator(self):
        assert factories.UserFactory(is_superuser=True).has_role(Role.ADMINISTRATOR)


def test_a_next_address_that_browsers_read_as_another_site_is_dropped():
    # Browsers treat a backslash like a slash, so "/\evil.example" would leave the site.
    user = factories.UserFactory()
    assert services.sign_in_link_issue(user=user, next_url="/\\evil.example/").token.next_url == ""
