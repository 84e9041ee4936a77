import pytest
from django.test import Client


@pytest.fixture
def signed_in():
    """A fresh client signed in as the given user or volunteer, so several people can act in one test."""

    def make(who, **kwargs):
        client = Client(**kwargs)
        client.force_login(getattr(who, "user", who))
        return client

    return make
