import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from passport.activity import services
from passport.opportunities.models import ApplicationStatus
from tests.e2e.conftest import browser, new_page, site  # noqa: F401  (for the browser journey in test_journey.py)


@pytest.fixture
def accepted(personas):
    """Alice accepted for Bob's organisation's food bank opportunity."""
    personas.application.status = ApplicationStatus.ACCEPTED
    personas.application.save(update_fields=["status"])
    return personas


@pytest.fixture
def log_hours(accepted):
    """Alice logs hours against the opportunity (yesterday unless told otherwise)."""

    def log(hours="3", days_ago=1, **kwargs):
        p = accepted
        return services.hours_log(
            volunteer=kwargs.pop("volunteer", p.alice), organisation=kwargs.pop("organisation", p.bobs_org),
            opportunity=kwargs.pop("opportunity", p.opportunity),
            date=timezone.localdate() - dt.timedelta(days=days_ago), hours=Decimal(hours),
            description=kwargs.pop("description", "Packed food parcels"), actor=kwargs.pop("actor", p.alice.user),
        )

    return log
