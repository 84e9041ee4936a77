"""The hours journey in a real browser: Alice logs hours, Bob confirms them, her first badge appears and she
downloads a signed statement. axe-core scans every page visited."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from passport.core.models import Cause, Skill
from passport.core.taxonomy import load_lists
from passport.opportunities.models import ApplicationStatus
from tests import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def people(transactional_db: None) -> dict[str, Any]:
    # As tests/e2e/conftest.py's controlled_lists: a transactional test starts with the lists flushed.
    load_lists(Skill, Cause)
    alice = factories.VolunteerFactory(user__email="alice@example.org", first_name="Alice", last_name="Adams")
    bob = factories.UserFactory(email="bob@example.org", display_name="Bob Brown")
    org = factories.OrganisationFactory(name="Leeds Food Aid")
    factories.MembershipFactory(organisation=org, user=bob)
    opportunity = factories.OpportunityFactory(organisation=org, title="Food bank helper")
    factories.ApplicationFactory(opportunity=opportunity, volunteer=alice, status=ApplicationStatus.ACCEPTED)
    return {"alice": alice, "bob": bob, "org": org}


def test_hours_are_logged_confirmed_and_recognised(new_page, site, people):
    from playwright.sync_api import expect

    from tests.e2e.browser import assert_accessible, sign_in_by_email

    day = timezone.localdate() - dt.timedelta(days=1)
    alice = new_page()
    alice.goto("/")
    sign_in_by_email(alice, "alice@example.org", site)
    alice.goto("/hours/")
    assert_accessible(alice, "the hours page")
    alice.get_by_role("button", name="Log hours").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Log your hours")
    alice.get_by_role("button", name="Log hours").click()
    expect(alice.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(alice, "the log hours page with errors")
    alice.get_by_label("Food bank helper (Leeds Food Aid)").check()
    alice.get_by_label("Day", exact=True).fill(str(day.day))
    alice.get_by_label("Month", exact=True).fill(str(day.month))
    alice.get_by_label("Year", exact=True).fill(str(day.year))
    alice.get_by_label("Hours", exact=True).fill("3.5")
    alice.get_by_label("What did you do?").fill("Sorted donations")
    alice.get_by_role("button", name="Log hours").click()
    expect(alice.locator("#pending-hours")).to_have_text("3.5")

    bob = new_page()
    bob.goto("/")
    sign_in_by_email(bob, "bob@example.org", site)
    bob.goto(f"/hours/organisation/{people['org'].pk}")
    assert_accessible(bob, "the organisation's hours page")
    bob.get_by_role("link", name="Alice Adams").click()
    assert_accessible(bob, "an entry")
    bob.get_by_label("Confirm these hours").check()
    bob.get_by_role("button", name="Save decision").click()
    expect(bob.get_by_text("Hours confirmed.")).to_be_visible()

    alice.goto("/hours/")
    expect(alice.locator("#confirmed-hours")).to_have_text("3.5")
    expect(alice.locator("#milestones")).to_contain_text("First confirmed volunteering")
    alice.get_by_role("button", name="Create a statement of confirmed hours").click()
    with alice.expect_download() as download:
        alice.get_by_role("link", name="Download the statement").click()
    assert download.value.suggested_filename.startswith("hours-statement-")
    assert_accessible(alice, "the hours page with a badge and a statement")
