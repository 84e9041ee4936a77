"""A controller watches an incident fill: with JavaScript the figures change in place as replies arrive, without
it the page reloads itself; a volunteer gives their place back. In Chromium against a live server, with axe-core
scanning each page (marked e2e)."""

import re

import pytest
from playwright.sync_api import expect

from passport.core.models import Cause, Skill
from passport.core.taxonomy import load_lists
from passport.reserve import services, texts
from passport.reserve.models import CallOut
from passport.reserve.services import NeedSpec
from tests.e2e import conftest as e2e
from tests.e2e.browser import assert_accessible, sign_in_by_email

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# The browser fixtures live in tests/e2e/conftest.py; this module borrows them (not its autouse ones).
browser, new_page, site = e2e.browser, e2e.new_page, e2e.site


@pytest.fixture
def incident(transactional_db, make_member, declare):
    load_lists(Skill, Cause)  # a transactional test starts with the lists flushed
    for name in ("Alice", "Ben", "Chloe"):
        make_member(first_name=name)
    found = declare(NeedSpec(role="Sandbagging", count=2))
    services.wave_send(incident_id=found.pk)
    return found


def test_the_incident_page_follows_replies_in_place(incident, controller, new_page, site):
    page = new_page()
    page.goto("/")
    sign_in_by_email(page, controller.email, site)
    page.goto(f"/reserve/incidents/{incident.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.title)
    live = page.locator("#incident-live")
    expect(live).to_contain_text("0 of 2 places confirmed")
    expect(page.get_by_text("The figures below update themselves every few seconds.")).to_be_visible()
    assert_accessible(page, "the live incident page")
    page.evaluate("() => { window.notReloaded = true }")

    first = CallOut.objects.filter(incident=incident).order_by("created_at").first()
    services.reply_record(callout_id=first.pk, accept=True, channel="sms")
    expect(live).to_contain_text("1 of 2 places confirmed", timeout=15_000)
    expect(page.get_by_role("status")).to_have_text("1 of 2 places confirmed")
    assert page.evaluate("() => window.notReloaded") is True  # changed in place, not by reloading the page
    assert_accessible(page, "the live incident page after a reply")

    services.incident_stand_down(actor=controller, incident_id=incident.pk)
    expect(page.get_by_role("heading", name="After action")).to_be_visible(timeout=15_000)
    expect(page.locator("[data-live-url]")).to_have_count(0)


def test_without_javascript_the_page_reloads_itself(incident, controller, new_page, site):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    sign_in_by_email(page, controller.email, site)
    page.goto(f"/reserve/incidents/{incident.pk}")
    expect(page.get_by_text(re.compile(r"this page also refreshes itself every 30 seconds"))).to_be_visible()
    # The refresh inside <noscript> is live when scripting is off: the browser schedules the reload.
    content = page.locator("head noscript").inner_html()
    assert 'http-equiv="refresh"' in content and 'content="30"' in content
    # (axe-core needs scripting, so the page is scanned in the test above, with JavaScript on.)


def test_a_volunteer_gives_their_place_back_and_the_first_on_standby_takes_it(incident, new_page, site):
    callouts = list(CallOut.objects.filter(incident=incident).select_related("volunteer__user")
                    .order_by("created_at"))
    for callout in callouts:  # two confirmed, the third on standby
        services.reply_record(callout_id=callout.pk, accept=True, channel="web")
    leaving, waiting = callouts[0], callouts[2]
    page = new_page()
    page.goto(f"/reserve/reply/{texts.reply_token(leaving, 'no')}")  # the "no" link from the alert, after a yes
    expect(page.get_by_role("heading", level=1)).to_have_text("Give your place back")
    assert_accessible(page, "the no link after a yes")
    page.get_by_role("button", name="I can no longer go").click()
    expect(page.get_by_text("We will give your place to someone else.")).to_be_visible()
    assert_accessible(page, "the place given back")
    assert CallOut.objects.get(pk=waiting.pk).status == "confirmed"

    page = new_page()
    page.goto("/")
    sign_in_by_email(page, waiting.volunteer.user.email, site)
    page.goto("/reserve/")
    expect(page.get_by_role("button", name="I can no longer go")).to_be_visible()
    assert_accessible(page, "a confirmed volunteer's reserve page")
