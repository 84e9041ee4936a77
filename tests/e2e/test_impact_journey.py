"""Hours reach the public statistics: Alice logs hours, Bob confirms them, her first badge appears, and once the
statistics are recalculated the Leeds page shows more hours. axe-core scans every impact page visited.

Leeds already has twelve volunteers' confirmed hours, so that its figures are above the disclosure threshold and
a change can be seen at all: one volunteer's hours alone would be withheld ("[c]").
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passport.activity.models import EntryStatus, HoursEntry
from passport.impact.models import Area
from passport.impact.refresh import refresh_all
from passport.opportunities.models import ApplicationStatus
from tests import factories
from tests.e2e.browser import assert_accessible, assert_no_horizontal_scroll, sign_in_by_email

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LEEDS = "E08000035"


@pytest.fixture
def leeds(controlled_lists: None) -> dict[str, Any]:
    england = Area.objects.create(code="E92000001", type="country", name="England")
    region = Area.objects.create(code="E12000003", type="region", name="Yorkshire and The Humber", parent=england)
    Area.objects.create(code=LEEDS, type="la", name="Leeds", parent=region, population=800_000)
    alice = factories.VolunteerFactory(user__email="alice@example.org", first_name="Alice", last_name="Adams")
    bob = factories.UserFactory(email="bob@example.org", display_name="Bob Brown")
    org = factories.OrganisationFactory(name="Leeds Food Aid")
    factories.MembershipFactory(organisation=org, user=bob)
    opportunity = factories.OpportunityFactory(organisation=org, title="Food bank helper")
    factories.ApplicationFactory(opportunity=opportunity, volunteer=alice, status=ApplicationStatus.ACCEPTED)
    earlier = timezone.localdate() - dt.timedelta(days=10)
    for _ in range(12):
        HoursEntry.objects.create(volunteer=factories.VolunteerFactory(), organisation=org, opportunity=opportunity,
                                  date=earlier, hours=Decimal(10), description="Sorting donations",
                                  status=EntryStatus.CONFIRMED, decided_at=timezone.now())
    refresh_all()
    return {"alice": alice, "bob": bob, "org": org}


def figure(page: Page, measure: str) -> str:
    row = page.locator("tr", has=page.get_by_role("rowheader", name=measure, exact=True))
    return row.locator("td").inner_text().strip()


def test_confirmed_hours_show_on_the_area_page_after_a_refresh(new_page, site, leeds):
    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Impact", exact=True).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Volunteering in England")
    assert_accessible(visitor, "the national impact page")
    visitor.goto(f"/impact/areas/{LEEDS}?period=all")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Leeds")
    assert figure(visitor, "Hours confirmed") == "120"
    assert figure(visitor, "Active volunteers") == "10"  # 12, rounded to the nearest 5
    assert_accessible(visitor, "the Leeds impact page")

    visitor.get_by_label("Period").select_option(label=str(timezone.localdate().year))
    visitor.get_by_role("button", name="Show figures").click()
    expect(visitor).to_have_url(f"{site}/impact/areas/{LEEDS}?period={timezone.localdate().year}")
    visitor.goto(f"/impact/areas/{LEEDS}?period=someday")
    expect(visitor.locator(".govuk-error-summary")).to_contain_text("Select a period from the list")
    assert_accessible(visitor, "the Leeds impact page with a bad period")

    day = timezone.localdate() - dt.timedelta(days=1)
    alice = new_page()
    alice.goto("/")
    sign_in_by_email(alice, "alice@example.org", site)
    alice.goto("/hours/log")
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
    bob.goto(f"/hours/organisation/{leeds['org'].pk}")
    bob.get_by_role("link", name="Alice Adams").click()
    bob.get_by_label("Confirm these hours").check()
    bob.get_by_role("button", name="Save decision").click()
    expect(bob.get_by_text("Hours confirmed.")).to_be_visible()

    alice.goto("/hours/")
    expect(alice.locator("#milestones")).to_contain_text("First confirmed volunteering")

    # Not yet: the pages read the precomputed tables, which the hourly refresh rebuilds.
    visitor.goto(f"/impact/areas/{LEEDS}?period=all")
    assert figure(visitor, "Hours confirmed") == "120"
    refresh_all()
    visitor.reload()
    assert figure(visitor, "Hours confirmed") == "125"  # 123.5, rounded to the nearest 5
    assert figure(visitor, "Active volunteers") == "15"  # 13
    expect(visitor.locator("figure svg[role=img]").first).to_be_visible()
    assert_accessible(visitor, "the Leeds impact page after the refresh")

    bob.goto("/impact/organisation/")
    expect(bob.get_by_role("heading", level=1)).to_have_text("Your organisation's impact")
    assert_accessible(bob, "the organisation's impact page")

    small = new_page(viewport={"width": 320, "height": 640})
    small.goto(f"/impact/areas/{LEEDS}?period=all")
    assert_no_horizontal_scroll(small, 320)
