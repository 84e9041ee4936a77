"""Reserve fixtures: controllers, members near Leeds, and a helper to declare an incident."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from passport.accounts.models import Role, UserRole
from passport.core.models import Skill
from passport.notifications.models import InboundMessage
from passport.notifications.services import inbound_message_dispatch
from passport.reserve import services
from passport.reserve.models import ReserveMember
from passport.vetting.models import Qualification, QualificationKind
from passport.volunteers.models import StreamConsent
from tests import factories

_mobiles = itertools.count(900000)


@pytest.fixture
def controller(db):
    user = factories.UserFactory(email="erin@example.org", display_name="Erin Controller")
    UserRole.objects.create(user=user, role=Role.RESERVE_CONTROLLER)
    return user


@pytest.fixture
def second_controller(db):
    user = factories.UserFactory(email="frank@example.org", display_name="Frank Controller")
    UserRole.objects.create(user=user, role=Role.RESERVE_CONTROLLER)
    return user


@pytest.fixture
def sandbagging(db):
    return Skill.objects.get_or_create(code="sandbagging", defaults={"label": "Sandbagging", "bit": 900})[0]


@pytest.fixture
def make_member(db, controller):
    """A volunteer who consented to the reserve stream, holds a current induction, and is available now."""

    def make(*, at=factories.LEEDS_CENTRE, inducted=True, consented=True, qualifications=(), skills=(), **kwargs):
        kwargs.setdefault("mobile", f"07700 {next(_mobiles)}")
        volunteer = factories.VolunteerFactory(at=at, **kwargs)
        if consented:
            StreamConsent.objects.create(volunteer=volunteer, stream="reserve", wording="Call me out")
        kinds = ([QualificationKind.RESERVE_INDUCTION] if inducted else []) + list(qualifications)
        for kind in kinds:
            Qualification.objects.create(volunteer=volunteer, kind=kind, recorded_by=controller,
                                         issued_on=timezone.localdate() - dt.timedelta(days=30))
        volunteer.skills.set(skills)
        ReserveMember.objects.create(volunteer=volunteer)
        return volunteer

    return make


@pytest.fixture
def declare(controller):
    def declare(*needs, severity="amber", postcode=factories.LEEDS_CENTRE, radius_m=10000, actor=None):
        return services.incident_declare(
            actor=actor or controller, title="Flooding on the Aire", postcode=postcode, radius_m=radius_m,
            severity=severity, starts_at=timezone.now() + dt.timedelta(hours=1), expected_hours=6,
            briefing="Report to Sam at the Kirkstall Road depot.",
            needs=list(needs) or [services.NeedSpec(role="Sandbagging", count=2)],
        )

    return declare


def receive_text(number: str, body: str, provider_id: str = "") -> InboundMessage:
    """A text as Notify's inbound callback stores it, then handed to the handlers (the reserve's among them)."""
    message = InboundMessage.objects.create(provider_id=provider_id or f"in-{InboundMessage.objects.count()}",
                                            source_number=number, body=body, received_at=timezone.now())
    inbound_message_dispatch(message_id=message.pk)
    return message
