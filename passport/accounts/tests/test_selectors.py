"""Where people land after signing in."""

import pytest

from passport.accounts.selectors import home_url_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_volunteer_lands_on_their_passport(personas):
    assert home_url_for(personas.alice.user) == "/volunteer/"


def test_a_coordinator_lands_on_their_organisations(personas):
    assert home_url_for(personas.bob) == "/organisations/"


def test_staff_land_on_the_back_office():
    assert home_url_for(factories.UserFactory(is_staff=True)) == "/admin/"


def test_anyone_else_lands_on_the_home_page():
    assert home_url_for(factories.UserFactory()) == "/"
