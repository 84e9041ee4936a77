"""The passport journey: a vetting officer records an enhanced DBS check, the volunteer gets and downloads their
passport, a coordinator of another organisation checks it on /verify, the officer revokes it and /verify says so.

Everything happens through the pages of a live server in Chromium, each person in a browser context of their
own, and axe-core scans every page visited.
"""

import base64
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passport.accounts.models import Role
from passport.accounts.services import role_grant
from passport.credentials.services import passport_issue
from passport.vetting.services import dbs_check_record
from tests import factories
from tests.e2e.browser import assert_accessible, emailed_link

pytestmark = [
    pytest.mark.e2e,
    # The live server answers from another thread, so the test's data must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

OFFICER_EMAIL = "olu.officer@example.org"
VOLUNTEER_EMAIL = "priya.sharma@example.org"
COORDINATOR_EMAIL = "carys.coordinator@example.org"
COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


@pytest.fixture
def people(controlled_lists: None, settings: Any) -> dict[str, Any]:
    """A vetting officer, a volunteer with an account and no checks, and a coordinator of another organisation."""
    # The expected "valid until" below is worked out from these, whatever the environment says.
    settings.VETTING_REFRESH_YEARS = 3
    settings.VETTING_REFRESH_YEARS_BY_LEVEL = {}
    officer = factories.UserFactory(email=OFFICER_EMAIL, display_name="Olu Officer")
    role_grant(user=officer, role=Role.VETTING_OFFICER)
    volunteer = factories.VolunteerFactory(
        user=factories.UserFactory(email=VOLUNTEER_EMAIL, display_name="Priya Sharma"),
        first_name="Priya", last_name="Sharma", at=factories.LEEDS_HEADINGLEY,
    )
    factories.VolunteerFactory(first_name="Priya", last_name="Patel")  # a namesake the search must tell apart
    coordinator = factories.UserFactory(email=COORDINATOR_EMAIL, display_name="Carys Jones")
    factories.MembershipFactory(
        user=coordinator, organisation=factories.OrganisationFactory(name="Bradford Lantern Trust"),
    )
    return {"officer": officer, "volunteer": volunteer, "coordinator": coordinator}


def issue_date() -> dt.date:
    """Forty days ago (never 29 February, so that three years on is a plain date)."""
    day = timezone.localdate() - dt.timedelta(days=40)
    return day - dt.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def counts_until(issued: dt.date) -> dt.date:
    """The last day an enhanced check issued that day counts: three years, less a day."""
    return issued.replace(year=issued.year + 3) - dt.timedelta(days=1)


def sign_in(page: Page, email: str, site: str, *, scan: bool = False) -> None:
    """Sign in with the emailed link, from the home page; `scan` runs axe-core on each sign-in page."""
    page.goto("/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    if scan:
        assert_accessible(page, "the sign-in page")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    if scan:
        assert_accessible(page, "the check your email page")
    page.goto(emailed_link(email, site))
    expect(page.get_by_role("heading", level=1)).to_have_text("Continue to sign in")
    expect(page.get_by_text(f"You are signing in as {email}")).to_be_visible()
    if scan:
        assert_accessible(page, "the continue to sign in page")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign out", exact=True)).to_be_visible()


def record_enhanced_check(page: Page, issued: dt.date) -> None:
    """On the volunteer's vetting page: a mistyped certificate number first, then the check as it should be."""
    form = page.locator("form").filter(has=page.get_by_role("button", name="Record check"))
    form.get_by_label("Enhanced", exact=True).check()
    form.get_by_label("Adult workforce", exact=True).check()
    form.get_by_label("Certificate number", exact=True).fill("0012 3456")
    form.get_by_label("Day", exact=True).fill(str(issued.day))
    form.get_by_label("Month", exact=True).fill(str(issued.month))
    form.get_by_label("Year", exact=True).fill(str(issued.year))
    form.get_by_label("Suitable", exact=True).check()
    form.get_by_role("button", name="Record check").click()

    expect(page).to_have_title(re.compile(r"^Error: Vetting for Priya Sharma"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter the 12-digit certificate number")).to_be_visible()
    assert_accessible(page, "the vetting page with a mistyped certificate number")
    summary.get_by_role("link", name="Enter the 12-digit certificate number").click()
    number = page.get_by_label("Certificate number", exact=True)
    expect(number).to_be_focused()

    # What was entered correctly is kept; only the number needs typing again.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Record check"))
    expect(form.get_by_label("Enhanced", exact=True)).to_be_checked()
    expect(form.get_by_label("Adult workforce", exact=True)).to_be_checked()
    expect(form.get_by_label("Suitable", exact=True)).to_be_checked()
    expect(form.get_by_label("Year", exact=True)).to_have_value(str(issued.year))
    number.fill("0012 3456 7890")
    form.get_by_role("button", name="Record check").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved.")


def check_on_verify_page(page: Page, token: str) -> None:
    page.goto("/verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a Volunteer Passport")
    page.get_by_label("Passport", exact=True).fill(token)
    page.get_by_role("button", name="Check passport").click()


def json_part(token: str, index: int) -> Any:
    """One part of a compact JWS (0 the header, 1 the payload), decoded without checking anything."""
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def summary_value(page: Page, key: str) -> Any:
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    ).locator(".govuk-summary-list__value")


def test_an_officer_vets_a_volunteer_whose_passport_another_organisation_verifies_until_it_is_revoked(
    new_page, site, people
):
    volunteer = people["volunteer"]
    issued = issue_date()
    until = counts_until(issued)

    # 1. The vetting officer signs in, finds Priya and records her enhanced DBS check.
    officer = new_page()
    sign_in(officer, OFFICER_EMAIL, site, scan=True)
    officer.goto("/vetting/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Vetting")
    assert_accessible(officer, "the vetting officer's home page")
    officer.get_by_label("Name, email address or postcode").fill("Priya Sharma")
    officer.get_by_role("button", name="Find").click()
    expect(officer.get_by_role("heading", level=2, name="1 person found")).to_be_visible()
    expect(officer.get_by_role("link", name="Priya Patel")).to_have_count(0)
    assert_accessible(officer, "the vetting search results")
    officer.get_by_role("link", name="Priya Sharma").click()
    expect(officer).to_have_url(f"{site}/vetting/volunteers/{volunteer.pk}")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Priya Sharma")
    expect(officer.get_by_text("No current DBS check.")).to_be_visible()
    assert_accessible(officer, "a volunteer's vetting page with no checks")
    record_enhanced_check(officer, issued)
    record = officer.get_by_role("table", name="DBS checks recorded").get_by_role("row").nth(1)
    expect(record).to_contain_text("001234567890")  # officers see the number; organisations never do
    expect(record).to_contain_text("Suitable")
    assert_accessible(officer, "a volunteer's vetting page with a check")

    # 2. Priya signs in, sees what her check attests, and gets her passport.
    holder = new_page()
    sign_in(holder, VOLUNTEER_EMAIL, site)
    expect(holder).to_have_url(f"{site}/volunteer/")
    expect(holder.get_by_text(f"Meets enhanced DBS (adult workforce) until {until:%-d %B %Y}")).to_be_visible()
    assert_accessible(holder, "the volunteer's page with a current check")
    holder.get_by_role("link", name="Show or download your Volunteer Passport").click()
    expect(holder).to_have_url(f"{site}/volunteer/passport")
    expect(holder.get_by_role("heading", level=1)).to_have_text("Your Volunteer Passport")
    assert_accessible(holder, "the passport page before the passport is issued")
    holder.get_by_role("button", name="Get your passport").click()
    expect(holder.locator(".govuk-notification-banner--success")).to_contain_text("Your passport is ready.")
    expect(holder.locator(".vp-qr svg")).to_be_visible()
    expect(summary_value(holder, "Name")).to_have_text("Priya Sharma")
    assert_accessible(holder, "the passport page with a passport")

    with holder.expect_download() as download_info:
        holder.get_by_role("button", name="Download your passport").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".jwt")
    token = Path(download.path()).read_text(encoding="utf-8").strip()
    assert COMPACT_JWS.match(token), f"The download is not a compact JWS: {token[:80]}…"
    payload = json_part(token, 1)
    assert json_part(token, 0)["alg"] == "Ed25519"
    assert payload["credentialSubject"]["name"] == "Priya Sharma"
    for private in ("001234567890", volunteer.date_of_birth.isoformat(), VOLUNTEER_EMAIL):
        assert private not in json.dumps(payload), f"The passport gives away {private}"

    # 3. The QR code's link says the passport is good (before anything is revoked).
    check_link = holder.get_by_role("link", name="Check it yourself")
    expect(check_link).to_have_attribute("href", f"{site}/verify?token={token}")
    check_link.click()
    expect(holder).to_have_url(re.compile(rf"^{re.escape(site)}/verify\?token="))
    expect(holder.locator(".govuk-panel")).to_contain_text("Genuine and current")
    expect(summary_value(holder, "Name")).to_have_text("Priya Sharma")
    assert_accessible(holder, "the verify page opened from the QR link")

    # 4. A coordinator of another organisation pastes the downloaded passport into /verify.
    coordinator = new_page()
    sign_in(coordinator, COORDINATOR_EMAIL, site)
    assert coordinator.goto(f"/vetting/volunteers/{volunteer.pk}").status == 404  # her record is not theirs
    coordinator.goto("/verify")
    assert_accessible(coordinator, "the verify page")
    check_on_verify_page(coordinator, token)
    expect(coordinator.locator(".govuk-panel")).to_contain_text("Genuine and current")
    expect(summary_value(coordinator, "Name")).to_have_text("Priya Sharma")
    expect(summary_value(coordinator, "Identity")).to_have_text("Not verified")
    expect(summary_value(coordinator, "DBS check")).to_have_text(
        f"Enhanced (adult workforce), valid until {until.isoformat()}"
    )
    expect(summary_value(coordinator, "Valid until")).to_have_text(until.isoformat())
    expect(coordinator.get_by_text("001234567890")).to_have_count(0)
    assert_accessible(coordinator, "the verify page with a genuine passport")

    # 5. The officer revokes the passport; the same token is now refused, in plain words.
    officer.reload()
    expect(officer.get_by_text(re.compile(r"Volunteer Passport issued .*: live"))).to_be_visible()
    officer.get_by_role("button", name="Revoke their passport").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("Revoked 1 credential.")
    expect(officer.get_by_text(re.compile(r"Volunteer Passport issued .*: revoked .*\(officer decision\)"))
           ).to_be_visible()
    expect(officer.get_by_role("button", name="Revoke their passport")).to_have_count(0)
    assert_accessible(officer, "a volunteer's vetting page after revoking their passport")

    check_on_verify_page(coordinator, token)
    expect(coordinator.locator(".govuk-panel")).to_have_count(0)
    expect(coordinator.locator(".govuk-warning-text")).to_contain_text(
        "This passport is genuine but you should not rely on it: It has been revoked."
    )
    assert_accessible(coordinator, "the verify page with a revoked passport")


def vetted_with_passport(officer: Any, volunteer: Any) -> None:
    dbs_check_record(officer=officer, volunteer=volunteer, level="enhanced", workforce="adult",
                     certificate_number="001234567890", issued_on=issue_date(), outcome="suitable")
    passport_issue(volunteer=volunteer, actor=volunteer.user)


def test_the_qr_code_on_the_passport_page_can_be_scanned(new_page, site, people):
    """Photograph the QR code as the page shows it (on a phone-like screen: three device pixels to a CSS
    pixel), read it as a camera app would, and upload the picture to /verify."""
    import zxingcpp
    from PIL import Image

    vetted_with_passport(people["officer"], people["volunteer"])
    holder = new_page(device_scale_factor=3)
    sign_in(holder, VOLUNTEER_EMAIL, site)
    holder.goto("/volunteer/passport")
    qr_code = holder.locator(".vp-qr svg")
    expect(qr_code).to_be_visible()
    picture = qr_code.screenshot(scale="device")
    link = holder.get_by_role("link", name="Check it yourself").get_attribute("href")

    with Image.open(io.BytesIO(picture)) as image:
        found = [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]
    assert found == [link], f"A camera reads {found!r} from the QR code on the passport page, not the verify link"

    holder.goto("/verify")
    holder.get_by_label("Or a photo of its QR code").set_input_files(
        files=[{"name": "passport-qr.png", "mimeType": "image/png", "buffer": picture}]
    )
    holder.get_by_role("button", name="Check passport").click()
    expect(holder.locator(".govuk-panel")).to_contain_text("Genuine and current")
