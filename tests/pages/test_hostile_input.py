"""No form answers hostile or oversized input with a server error: each gets a page, usually with errors."""

import re

import pytest

from passport.accounts.models import User
from passport.opportunities.models import Opportunity
from passport.organisations.models import Organisation
from passport.volunteers.models import Volunteer
from tests.pages.checks import check_page
from tests.pages.test_opportunity_pages import opportunity_data
from tests.pages.test_organisation_pages import org_data, you_data
from tests.pages.test_volunteer_pages import sign_up_data

pytestmark = pytest.mark.django_db

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HOSTILE = ["\x00", "x" * 10_000, "9" * 5000, "<script>alert(1)</script>"]
NUMERIC = ["-1", "²", "1e400"]  # for fields read as numbers or dates, too


def each_field_hostile(data: dict, numeric: set[str] = frozenset()):
    """(data, parse): every field in turn given every hostile value; parse the page once per field."""
    for field, value in data.items():
        for n, bad in enumerate(HOSTILE + (NUMERIC if field in numeric else [])):
            yield {**data, field: [bad] if isinstance(value, list) else bad}, n == 0


DATE_OF_BIRTH = {"date_of_birth_day", "date_of_birth_month", "date_of_birth_year"}
OPPORTUNITY_NUMBERS = {"min_age", "places", "hourly_pay", "closes_on_day", "closes_on_month", "closes_on_year"}


def assert_page(response, *, parse: bool = True):
    """A page, not a crash; parsing strictly is the slow part, so callers choose when."""
    assert response.status_code in {200, 302, 400}, response.status_code
    if response.status_code != 302:
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert not CONTROL.search(html), "a control character was echoed into the page"
        assert "Ensure this value" not in html, "Django's wording, not GOV.UK's"
        if parse:
            check_page(response, status=response.status_code)


def test_sign_up_survives_hostile_input(client):
    for data, parse in each_field_hostile(sign_up_data(), DATE_OF_BIRTH):
        response = client.post("/volunteer/sign-up", data)
        assert_page(response, parse=parse)
        if response.status_code == 302:  # it was valid: the passport shows what was stored, escaped
            assert_page(client.get("/volunteer/"))
            client.logout()
            Volunteer.objects.all().delete()
            User.objects.all().delete()


def test_registering_an_organisation_survives_hostile_input(client):
    for data, parse in each_field_hostile(org_data() | you_data()):
        assert_page(client.post("/organisations/register", data), parse=parse)
        client.logout()
        Organisation.objects.all().delete()


def test_posting_an_opportunity_survives_hostile_input(personas, client_for):
    client = client_for(personas.bob)
    url = f"/opportunities/new/{personas.bobs_org.pk}"
    for data, parse in each_field_hostile(opportunity_data(), OPPORTUNITY_NUMBERS):
        response = client.post(url, data)
        assert_page(response, parse=parse)
        if response.status_code == 302:  # it was valid: its pages show what was stored, escaped
            saved = Opportunity.objects.get(title=data["title"], organisation=personas.bobs_org)
            assert_page(client.get(f"/opportunities/{saved.pk}"), parse=False)
            saved.delete()


def test_search_survives_hostile_input(client):
    query = {"postcode": "LS1 4DY", "radius": "10", "stream": "", "cause": "", "skill": "", "day": "", "time": "",
             "remote": "include", "page": "1"}
    for data, parse in each_field_hostile(query, {"radius", "page"}):
        assert_page(client.get("/opportunities/", data), parse=parse)


def test_the_small_forms_survive_hostile_input(personas, client_for):
    alice = client_for(personas.alice)
    for bad in HOSTILE + NUMERIC:
        assert_page(alice.post("/volunteer/pause", {"until_day": bad, "until_month": "1", "until_year": "2030"}))
        assert_page(alice.post(f"/opportunities/{personas.opportunity.pk}/apply", {"message": bad}))
        assert_page(alice.post("/sign-in", {"email": bad}))
    bob = client_for(personas.bob)
    for bad in HOSTILE:
        assert_page(bob.post(f"/organisations/{personas.bobs_org.pk}/invite", {"email": bad}))
        assert_page(bob.post(f"/opportunities/applications/{personas.application.pk}/decide",
                             {"decision": bad, "message": bad}))
        assert_page(bob.post(f"/opportunities/{personas.opportunity.pk}/status", {"status": bad}))
