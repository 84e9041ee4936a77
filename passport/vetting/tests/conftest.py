import pytest

from passport.accounts.models import Role
from passport.accounts.services import role_grant
from tests import factories


@pytest.fixture
def officer(db):
    user = factories.UserFactory(email="olu.officer@example.org", display_name="Olu Officer")
    role_grant(user=user, role=Role.VETTING_OFFICER)
    return user
