"""Support fixtures: a referrer (Bob, coordinating Leeds Food Aid), community volunteers near Leeds, and a helper
to post a task."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from passport.accounts.models import Role, UserRole
from passport.support import services
from passport.vetting.services import dbs_check_record
from passport.volunteers.models import StreamConsent
from tests import factories

_mobiles = itertools.count(910000)

PERSON = {"person_name": "Margaret Oduya", "person_address": "14 Kirkstall Lane, Leeds",
          "person_phone": "0113 496 0000"}


@pytest.fixture
def officer(db):
    user = factories.UserFactory(email="olive@example.org", display_name="Olive Officer")
    UserRole.objects.create(user=user, role=Role.VETTING_OFFICER)
    return user


@pytest.fixture
def make_volunteer(db, officer):
    """A volunteer who consented to the community stream, optionally with a DBS check."""

    def make(*, at=factories.LEEDS_CENTRE, consented=True, dbs="", workforce="adult", **kwargs):
        kwargs.setdefault("mobile", f"07700 {next(_mobiles)}")
        volunteer = factories.VolunteerFactory(at=at, **kwargs)
        if consented:
            StreamConsent.objects.create(volunteer=volunteer, stream="community", wording="Ask me to help neighbours")
        if dbs:
            dbs_check_record(officer=officer, volunteer=volunteer, level=dbs, workforce=workforce,
                             certificate_number="001234567890", outcome="suitable",
                             issued_on=timezone.localdate() - dt.timedelta(days=60))
        return volunteer

    return make


@pytest.fixture
def post(personas):
    """Post a task as Bob for Leeds Food Aid (or as someone else), a window from 2 to 4 hours from now."""

    def post(kind="shopping", *, actor=None, organisation="bobs", postcode=factories.LEEDS_CENTRE,
             notes="Weekly shop, list by the door", **person):
        now = timezone.now()
        org = personas.bobs_org if organisation == "bobs" else organisation
        return services.task_post(
            actor=actor or personas.bob, organisation=org, kind=kind, postcode=postcode,
            window_start=now + dt.timedelta(hours=2), window_end=now + dt.timedelta(hours=4), notes=notes,
            **(PERSON | person),
        )

    return post
