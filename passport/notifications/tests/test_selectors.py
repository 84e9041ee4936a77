"""Who can read which messages in the outbox."""

import pytest
from django.contrib.auth.models import AnonymousUser

from passport.notifications import services
from passport.notifications.selectors import outbox_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_messages(personas):
    to_alice = services.email_send(to="alice@example.org", user=personas.alice.user, template="t", subject="A", body="")
    to_bob = services.email_send(to="bob@example.org", user=personas.bob, template="t", subject="B", body="")
    return to_alice, to_bob


def test_when_private_a_person_sees_only_their_own_messages(personas, two_messages, settings):
    settings.OUTBOX_PUBLIC = False
    to_alice, to_bob = two_messages
    assert list(outbox_visible_to(personas.bob)) == [to_bob]
    assert list(outbox_visible_to(personas.alice.user)) == [to_alice]
    assert not outbox_visible_to(personas.charlie.user).exists()


def test_when_private_anonymous_people_see_nothing(two_messages, settings):
    settings.OUTBOX_PUBLIC = False
    assert not outbox_visible_to(AnonymousUser()).exists()


def test_when_private_staff_see_everything(two_messages, settings):
    settings.OUTBOX_PUBLIC = False
    assert outbox_visible_to(factories.UserFactory(is_staff=True)).count() == 2


def test_when_public_everyone_sees_everything(two_messages, settings):
    settings.OUTBOX_PUBLIC = True
    assert outbox_visible_to(AnonymousUser()).count() == 2
