"""Bob asks for help for Margaret; a volunteer near her answers yes on their page, sees her details, marks it done;
Bob sees it done. In Chromium against a live server, with axe-core scanning each page (marked e2e)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passport.core.models import Cause, Skill
from passport.core.taxonomy import load_lists
from passport.support.models import SupportTask, TaskStatus
from passport.volunteers.models import StreamConsent
from tests import factories
from tests.e2e import conftest as e2e
from tests.e2e.browser import assert_accessible, sign_in_by_email

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# The browser fixtures live in tests/e2e/conftest.py; this module borrows them (not its autouse ones).
browser, new_page, site = e2e.browser, e2e.new_page, e2e.site

BOB = "bob@example.org"
SAM = "sam.okafor@example.org"


@pytest.fixture
def people(transactional_db):
    load_lists(Skill, Cause)  # a transactional test starts with the lists flushed
    bob = factories.UserFactory(email=BOB, display_name="Bob Brown")
    organisation = factories.OrganisationFactory(name="Leeds Food Aid")
    factories.MembershipFactory(organisation=organisation, user=bob)
    sam = factories.VolunteerFactory(user__email=SAM, first_name="Sam", last_name="Okafor", mobile="07700 900123")
    StreamConsent.objects.create(volunteer=sam, stream="community", wording="Ask me to help neighbours")
    return bob, sam


def test_a_task_from_posting_to_done(people, new_page, site):
    bob_page = new_page()
    bob_page.goto("/")
    sign_in_by_email(bob_page, BOB, site)
    bob_page.goto("/support/tasks/new")
    expect(bob_page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    assert_accessible(bob_page, "the ask for help page")
    bob_page.get_by_role("button", name="Post and ask volunteers").click()
    expect(bob_page).to_have_title(re.compile(r"^Error: Ask for help"))
    assert_accessible(bob_page, "the ask for help page with errors")

    bob_page.get_by_label("Leeds Food Aid", exact=True).check()
    bob_page.get_by_label("Shopping", exact=True).check()
    bob_page.get_by_label("Postcode", exact=True).fill("LS1 4DY")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    bob_page.get_by_label("Day", exact=True).fill(str(tomorrow.day))
    bob_page.get_by_label("Month", exact=True).fill(str(tomorrow.month))
    bob_page.get_by_label("Year", exact=True).fill(str(tomorrow.year))
    bob_page.get_by_label("From", exact=True).fill("10:00")
    bob_page.get_by_label("Until", exact=True).fill("12:00")
    bob_page.get_by_label("Notes for volunteers (optional)", exact=True).fill("Weekly shop; the list is by the door")
    bob_page.get_by_label("Name of the person who needs help", exact=True).fill("Margaret Oduya")
    bob_page.get_by_label("Their address", exact=True).fill("14 Kirkstall Lane, Leeds")
    bob_page.get_by_label("Their phone number", exact=True).fill("0113 496 0000")
    bob_page.get_by_role("button", name="Post and ask volunteers").click()
    expect(bob_page.locator(".govuk-notification-banner--success")).to_contain_text("asked 1 volunteers")
    assert_accessible(bob_page, "the referrer's task page")

    sam_page = new_page()
    sam_page.goto("/")
    sign_in_by_email(sam_page, SAM, site)
    sam_page.get_by_role("link", name="Community support", exact=True).click()
    expect(sam_page.get_by_role("heading", level=1)).to_have_text("Community support")
    expect(sam_page.get_by_text("Margaret")).to_have_count(0)
    assert_accessible(sam_page, "the volunteer's community support page")
    sam_page.get_by_role("button", name="Yes, I can help").click()
    expect(sam_page.get_by_text("14 Kirkstall Lane, Leeds")).to_be_visible()
    assert_accessible(sam_page, "the accepter's task page")
    # Bob's open page updates itself (every 30 seconds) without a reload.
    expect(bob_page.locator("#task-status")).to_contain_text("Sam, said yes", timeout=45_000)
    sam_page.get_by_role("button", name="Mark as done").click()
    expect(sam_page.get_by_text("no longer shown")).to_be_visible()
    expect(sam_page.get_by_text("14 Kirkstall Lane")).to_have_count(0)
    assert_accessible(sam_page, "a done task with the feedback form")

    assert SupportTask.objects.get().status == TaskStatus.DONE
    bob_page.reload()
    expect(bob_page.locator(".govuk-caption-l")).to_have_text("Done")
    expect(bob_page.locator(".govuk-summary-list")).to_contain_text("Sam, said yes")
    expect(bob_page.locator(".govuk-summary-list")).not_to_contain_text("Okafor")
    assert_accessible(bob_page, "the referrer's done task page")
