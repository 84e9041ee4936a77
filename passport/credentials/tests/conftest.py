import datetime as dt

import pytest
from django.utils import timezone

from passport.accounts.models import Role
from passport.accounts.services import role_grant
from passport.vetting import services as vetting
from tests import factories


@pytest.fixture
def officer(db):
    user = factories.UserFactory(email="olu.officer@example.org", display_name="Olu Officer")
    role_grant(user=user, role=Role.VETTING_OFFICER)
    return user


@pytest.fixture
def vetted_alice(personas, officer):
    """Alice with an enhanced (adult) check issued 30 days ago and her identity verified."""
    vetting.identity_record(officer=officer, volunteer=personas.alice, method="documents_in_person",
                            checked_on=timezone.localdate() - dt.timedelta(days=30))
    vetting.dbs_check_record(officer=officer, volunteer=personas.alice, level="enhanced", workforce="adult",
                             certificate_number="001234567890",
                             issued_on=timezone.localdate() - dt.timedelta(days=30), outcome="suitable")
    return personas.alice
