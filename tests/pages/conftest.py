"""Fixtures for page tests."""

from urllib.parse import urlsplit

import pytest

from passport.accounts import services as account_services


def secret_from(link_url: str) -> str:
    """The secret at the end of a sign-in link's URL."""
    return urlsplit(link_url).path.rsplit("/", 1)[-1]


@pytest.fixture
def issue_link():
    """Issue a sign-in link for a user and return (secret, token)."""

    def issue(user, **kwargs):
        link = account_services.sign_in_link_issue(user=user, **kwargs)
        return secret_from(link.url), link.token

    return issue
