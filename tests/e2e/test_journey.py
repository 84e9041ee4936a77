"""Bob registers his organisation and posts an opportunity; a volunteer signs up, finds it and applies;
Bob accepts them; they see it.

Everything happens through the pages of a live server in Chromium, and axe-core scans each key page.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.browser import (
    assert_accessible,
    assert_no_horizontal_scroll,
    axe_violations,
    sign_in_by_email,
    sign_out,
    snapshot,
)

pytestmark = [
    pytest.mark.e2e,
    # The live server answers from another thread, so the test's data must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

VOLUNTEER_EMAIL = "sam.okafor@example.org"
BOB_EMAIL = "bob@example.org"


@pytest.fixture
def bobs_opportunity(controlled_lists):
    bob = factories.UserFactory(email=BOB_EMAIL, display_name="Bob Brown")
    organisation = factories.OrganisationFactory(name="Leeds Food Aid", at=factories.LEEDS_CENTRE)
    factories.MembershipFactory(organisation=organisation, user=bob)
    return factories.OpportunityFactory(organisation=organisation, title="Food bank helper", at=factories.LEEDS_CENTRE)


def fill_sign_up(page: Page, email: str = VOLUNTEER_EMAIL) -> None:
    page.get_by_label("First name", exact=True).fill("Sam")
    page.get_by_label("Last name", exact=True).fill("Okafor")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Day", exact=True).fill("17")
    page.get_by_label("Month", exact=True).fill("5")
    page.get_by_label("Year", exact=True).fill("1990")
    page.get_by_label("Postcode", exact=True).fill("LS6 3HN")
    page.get_by_label("Up to 5 miles", exact=True).check()
    page.get_by_label("Saturday morning", exact=True).check()
    page.get_by_label("Sunday afternoon", exact=True).check()
    page.get_by_label("First aid", exact=True).check()
    page.get_by_label("Cooking and food preparation", exact=True).check()
    page.get_by_label("Community support", exact=True).check()


def register_organisation_and_post_opportunity(page: Page, site: str) -> None:
    """Bob, who has no account yet, registers Leeds Food Aid and publishes a food bank opportunity."""
    page.goto("/")
    page.get_by_role("link", name="Register your organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register your organisation")
    assert_accessible(page, "the organisation registration page")
    page.get_by_label("Your full name", exact=True).fill("Bob Brown")
    page.get_by_label("Your email address", exact=True).fill(BOB_EMAIL)
    page.get_by_label("Organisation name", exact=True).fill("Leeds Food Aid")
    page.get_by_label("Registered charity", exact=True).check()
    page.get_by_label("Identifier", exact=True).fill("GB-CHC-1100001")
    page.get_by_label("£10,000 to £100,000", exact=True).check()
    page.get_by_label("Postcode of your main address", exact=True).fill("LS1 4DY")
    page.get_by_role("button", name="Register organisation").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/organisations/[0-9a-f-]+/manage$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds Food Aid")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Leeds Food Aid is registered")
    assert_accessible(page, "a new organisation's manage page")

    page.get_by_role("button", name="Post an opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an opportunity")
    assert_accessible(page, "the post an opportunity page")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_title(re.compile(r"^Error: Post an opportunity"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page, "the post an opportunity page with errors")

    page.get_by_label("Title", exact=True).fill("Food bank helper")
    page.get_by_label("Description", exact=True).fill("Sort donations and pack food parcels with a friendly team.")
    page.get_by_label("Cause", exact=True).select_option(label="Poverty and food")
    page.get_by_label("Postcode of where it happens", exact=True).fill("LS1 4DY")
    page.get_by_label("Number of volunteers needed", exact=True).fill("3")
    page.get_by_label("Saturday morning", exact=True).check()
    page.get_by_label("Sunday afternoon", exact=True).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your opportunity is published")
    expect(page.get_by_role("heading", level=1)).to_have_text("Food bank helper")
    expect(page.get_by_text("No applications yet.")).to_be_visible()
    sign_out(page)


def test_a_volunteer_signs_up_applies_and_is_accepted_by_the_coordinator(new_page, site):
    page = new_page()

    # 0. Bob sets up his organisation and its opportunity.
    register_organisation_and_post_opportunity(page, site)

    # 1. Sign up, first with a mistake, then properly.
    page.goto("/")
    assert_accessible(page, "the home page")
    page.get_by_role("button", name="Sign up to volunteer").click()
    expect(page).to_have_title(re.compile(r"^Sign up to volunteer"))
    assert_accessible(page, "the sign-up page")

    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign up to volunteer"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your first name")).to_be_visible()
    assert_accessible(page, "the sign-up page with errors")
    summary.get_by_role("link", name="Enter your first name").click()
    expect(page.get_by_label("First name", exact=True)).to_be_focused()

    fill_sign_up(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(f"{site}/volunteer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Okafor")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed up")
    assert_accessible(page, "the passport page")

    # 2. Find Bob's opportunity near home, and apply.
    page.get_by_role("button", name="Find opportunities near you").click()
    expect(page).to_have_url(re.compile(r"/opportunities/\?postcode=LS6"))
    expect(page.locator("#results-heading")).to_contain_text("near LS6 3HN")
    result = page.locator(".vp-result").filter(has_text="Food bank helper")
    expect(result).to_contain_text("Leeds Food Aid")
    expect(result.locator(".vp-distance")).to_have_text(re.compile(r"^\d+\.\d miles away$"))
    assert_accessible(page, "the search results")

    result.get_by_role("link", name="Food bank helper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Food bank helper")
    expect(page.get_by_text(re.compile(r"LS1 4DY \(\d+\.\d miles from you\)"))).to_be_visible()
    assert_accessible(page, "the opportunity page")
    page.get_by_label("Tell them why you are interested").fill("I volunteered at a food bank in Bradford.")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have applied. Leeds Food Aid will reply to you."
    )
    expect(page.get_by_text(re.compile(r"You applied on .*\. Status: Waiting for a reply"))).to_be_visible()
    assert_accessible(page, "the opportunity page after applying")

    # 3. Sam signs out; Bob signs in with the link we email him and lands on his organisation's page.
    sign_out(page)
    sign_in_by_email(page, BOB_EMAIL, site)
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/organisations/[0-9a-f-]+/manage$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds Food Aid")
    assert_accessible(page, "the organisation's manage page")

    # 4. Bob accepts Sam.
    page.get_by_role("link", name="Food bank helper").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/opportunities/[0-9a-f-]+/applicants$"))
    applicant = page.locator(".vp-result").filter(has_text="Sam Okafor")
    expect(applicant).to_contain_text("I volunteered at a food bank in Bradford.")
    assert_accessible(page, "the applicants page")
    applicant.get_by_label("Message to Sam").fill("Welcome! See you on Saturday at 9.")
    applicant.get_by_role("button", name="Accept Sam").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have accepted Sam. We have told them."
    )
    expect(applicant).to_contain_text("Accepted")
    assert_accessible(page, "the applicants page after a decision")

    # 5. Sam signs back in and sees the decision on their passport.
    sign_out(page)
    sign_in_by_email(page, VOLUNTEER_EMAIL, site)
    expect(page).to_have_url(f"{site}/volunteer/")
    row = page.get_by_role("row").filter(has_text="Food bank helper")
    expect(row.locator(".govuk-tag")).to_have_text("Accepted")
    expect(row).to_contain_text("Welcome! See you on Saturday at 9.")
    assert_accessible(page, "the passport page with an accepted application")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_signing_up_and_searching_work_on_a_320px_screen(new_page, site, bobs_opportunity, javascript):
    page = new_page(viewport={"width": 320, "height": 640}, java_script_enabled=javascript)
    mode = "with JavaScript" if javascript else "without JavaScript"

    page.goto("/volunteer/sign-up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up to volunteer")
    # GOV.UK Frontend's inline script marks the body when scripts run: proof of which case this is.
    body_class = re.compile(r"\bgovuk-frontend-supported\b")
    if javascript:
        expect(page.locator("body")).to_have_class(body_class)
    else:
        expect(page.locator("body")).not_to_have_class(body_class)
    snapshot(page, f"sign-up at 320px {mode}")
    assert_no_horizontal_scroll(page, 320)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_horizontal_scroll(page, 320)

    fill_sign_up(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(f"{site}/volunteer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Okafor")
    snapshot(page, f"passport at 320px {mode}")
    assert_no_horizontal_scroll(page, 320)

    page.goto("/opportunities/?postcode=LS6+3HN")
    expect(page.locator(".vp-result").filter(has_text="Food bank helper")).to_contain_text("miles away")
    snapshot(page, f"search results at 320px {mode}")
    assert_no_horizontal_scroll(page, 320)


def test_the_accessibility_scan_finds_a_problem_when_there_is_one(new_page):
    page = new_page()
    page.goto("/")
    page.evaluate("""() => {
        const input = document.createElement('input');
        input.type = 'text';
        document.querySelector('main').append(input);
    }""")
    assert "label" in {v["id"] for v in axe_violations(page)}
