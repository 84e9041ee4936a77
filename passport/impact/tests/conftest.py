"""Crafted data with known answers for the impact engine tests (see test_engine.py for the sums)."""

import datetime as dt
from decimal import Decimal

import pytest

from passport.activity.models import EntryStatus, HoursEntry
from passport.core.models import Cause
from passport.impact import areas
from passport.opportunities.models import (
    Application,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityStream,
)
from passport.organisations.models import IncomeBand
from passport.volunteers.models import StreamConsent, Volunteer
from tests import factories

LEEDS = "E08000035"
YORKSHIRE = "E12000003"
WESTMINSTER = "E09000033"
ENGLAND = "E92000001"


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


@pytest.fixture
def geography(db):
    areas.geography_load()


@pytest.fixture
def crafted(geography):
    """Three volunteers in Leeds and one in Westminster; one small Leeds charity with three opportunities;
    seven confirmed hours entries (and one pending, which never counts)."""
    v1, v2, v3 = (factories.VolunteerFactory() for _ in range(3))
    far = factories.VolunteerFactory(at=factories.LONDON)
    for volunteer, created in ((v1, at(2025, 11, 3)), (v2, at(2026, 1, 5)), (v3, at(2026, 2, 7)),
                               (far, at(2026, 2, 8))):
        Volunteer.objects.filter(pk=volunteer.pk).update(created_at=created)
    StreamConsent.objects.create(volunteer=v1, stream="community", wording="I agree")
    StreamConsent.objects.create(volunteer=v2, stream="community", wording="I agree")
    v1.causes.add(Cause.objects.get(code="poverty"))
    org = factories.OrganisationFactory(income_band=IncomeBand.SMALL)
    poverty, health = Cause.objects.get(code="poverty"), Cause.objects.get(code="health")
    food = factories.OpportunityFactory(organisation=org, cause=poverty, stream=OpportunityStream.COMMUNITY,
                                        places=1, published_at=at(2026, 1, 2))
    ward = factories.OpportunityFactory(organisation=org, cause=health, stream=OpportunityStream.GENERAL,
                                        status=OpportunityStatus.FILLED, published_at=at(2026, 1, 3))
    calls = factories.OpportunityFactory(organisation=org, cause=health, remote=True, places=5,
                                         published_at=at(2026, 5, 1))
    factories.OpportunityFactory(organisation=org, cause=health, status=OpportunityStatus.DRAFT, published_at=None)
    entries = [
        (v1, food, dt.date(2026, 1, 15), "2.00"),
        (v1, food, dt.date(2026, 2, 10), "3.00"),
        (v1, None, dt.date(2026, 4, 2), "1.50"),
        (v2, ward, dt.date(2026, 1, 20), "4.00"),
        (v2, ward, dt.date(2025, 12, 30), "2.50"),
        (v3, food, dt.date(2026, 7, 1), "1.00"),
        (v3, None, dt.date(2026, 7, 2), "6.00"),
    ]
    for volunteer, opportunity, day, hours in entries:
        HoursEntry.objects.create(volunteer=volunteer, organisation=org, opportunity=opportunity, date=day,
                                  hours=Decimal(hours), description="Helped", status=EntryStatus.CONFIRMED)
    HoursEntry.objects.create(volunteer=v3, organisation=org, opportunity=food, date=dt.date(2026, 7, 3),
                              hours=Decimal("5.00"), description="Not yet confirmed", status=EntryStatus.PENDING)
    # Applications: food is filled by one acceptance; answered after 1, 2 and 4 days; one never answered.
    for volunteer, opportunity, status, submitted, days in (
        (v1, food, ApplicationStatus.ACCEPTED, at(2026, 1, 4), 1),
        (v2, calls, ApplicationStatus.DECLINED, at(2026, 5, 2), 2),
        (v3, calls, ApplicationStatus.SUBMITTED, at(2026, 5, 3), 4),
        (far, calls, ApplicationStatus.SUBMITTED, at(2026, 5, 4), None),
    ):
        Application.objects.create(
            opportunity=opportunity, volunteer=volunteer, status=status, submitted_at=submitted,
            first_response_at=submitted + dt.timedelta(days=days) if days else None,
        )
    return {"volunteers": [v1, v2, v3, far], "org": org, "opportunities": [food, ward, calls]}
