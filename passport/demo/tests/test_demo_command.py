"""`passport demo`: a small believable country, made once, with persona links that really sign people in."""

import re
from collections import Counter
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from passport.accounts.models import User
from passport.core import geo
from passport.demo import personas
from passport.demo import reserve as demo_reserve
from passport.demo.management.commands import demo as demo_command
from passport.opportunities.eligibility import Requirement, eligibility
from passport.opportunities.models import (
    Application,
    ApplicationStatus,
    Opportunity,
    OpportunityStatus,
    OpportunityStream,
)
from passport.opportunities.services import applications_remind_overdue
from passport.organisations import orgid
from passport.organisations.models import IncomeBand, Organisation, OrganisationType
from passport.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

# Small numbers, only postcodes beginning with L (Leeds, Liverpool, Leicester...), and no impact refresh (tested on
# its own), so each run is quick.
SMALL = ["--volunteers", "60", "--organisations", "15", "--opportunities", "40", "--letters", "L", "--no-serve",
         "--no-impact"]
RESERVE_MEMBERS = sum(count for _postcode, count in demo_reserve.MEMBERS.values())


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (User, Volunteer, Organisation, Opportunity,
                                                                 Application)}


def test_every_volunteer_lives_at_a_real_postcode_in_an_english_local_authority():
    run(*SMALL)
    volunteers = list(Volunteer.objects.all())
    assert len(volunteers) == 61 + RESERVE_MEMBERS  # 60, Aisha and the reserve members around two flood-prone places
    for volunteer in volunteers:
        place = geo.lookup(volunteer.postcode)
        assert place.la_code.startswith("E")
        assert (place.easting, place.northing, place.la_code) == (
            volunteer.easting, volunteer.northing, volunteer.la_code)


def test_every_organisation_identifier_is_a_valid_org_id():
    run(*SMALL)
    for org_id in Organisation.objects.values_list("org_id", flat=True):
        assert orgid.validate(org_id) == org_id


def test_every_organisation_type_income_band_stream_and_application_status_occurs():
    run(*SMALL)
    assert set(Organisation.objects.values_list("org_type", flat=True)) == set(OrganisationType.values)
    assert set(Organisation.objects.values_list("income_band", flat=True)) == set(IncomeBand.values)
    assert set(Opportunity.objects.values_list("stream", flat=True)) == set(OpportunityStream.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)


def test_no_opportunity_accepts_more_people_than_it_has_places_and_filled_ones_are_full():
    run(*SMALL)
    accepted = Counter(Application.objects.filter(status=ApplicationStatus.ACCEPTED)
                       .values_list("opportunity_id", flat=True))
    assert accepted
    for opportunity in Opportunity.objects.all():
        assert accepted[opportunity.pk] <= opportunity.places
        if opportunity.status == OpportunityStatus.FILLED:
            assert accepted[opportunity.pk] == opportunity.places


def test_generated_applicants_were_old_enough_and_vetted_enough_to_apply():
    run(*SMALL)
    live = Application.objects.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED],
                                      volunteer__paused_until__isnull=True).select_related("opportunity", "volunteer")
    assert live
    for application in live:
        result = eligibility(application.volunteer, Requirement.of(application.opportunity))
        assert result.ok, (application.opportunity.title, result.reasons)


def test_some_applicants_have_waited_long_enough_for_a_reminder():
    run(*SMALL)
    assert applications_remind_overdue() >= 2


def test_aisha_has_applications_in_several_states_and_bernard_has_applicants_waiting():
    run(*SMALL)
    aisha = Volunteer.objects.get(user__email=personas.AISHA.email)
    assert {ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED,
            ApplicationStatus.WITHDRAWN} <= set(aisha.applications.values_list("status", flat=True))
    food_bank = Organisation.objects.get(memberships__user__email=personas.BERNARD.email)
    assert food_bank.income_band == IncomeBand.MICRO
    assert Application.objects.filter(opportunity__organisation=food_bank, status=ApplicationStatus.SUBMITTED)\
        .exclude(volunteer=aisha).count() >= 3


def test_running_the_demo_twice_does_not_duplicate_anything():
    run(*SMALL)
    before = counts()
    output = run(*SMALL)
    assert "already loaded" in output
    assert counts() == before


def test_the_same_seed_makes_the_same_people():
    run(*SMALL)
    first = sorted(Volunteer.objects.values_list("first_name", "last_name", "postcode", "date_of_birth"))
    run(*SMALL, "--reset")
    assert sorted(Volunteer.objects.values_list("first_name", "last_name", "postcode", "date_of_birth")) == first
    run(*SMALL, "--reset", "--seed", "7")
    assert sorted(Volunteer.objects.values_list("first_name", "last_name", "postcode", "date_of_birth")) != first


def test_reset_removes_the_demo_data_and_creates_it_again():
    run(*SMALL)
    aisha_before = User.objects.get(email=personas.AISHA.email).pk
    before = counts()
    output = run(*SMALL, "--reset")
    assert "Removed demo data" in output
    assert User.objects.get(email=personas.AISHA.email).pk != aisha_before
    assert counts() == before


def links_in(output: str) -> dict[str, str]:
    """Persona email -> the link printed on that persona's line."""
    found = {}
    for persona in personas.PERSONAS:
        line = next(line for line in output.splitlines() if persona.name in line and persona.role in line)
        found[persona.email] = re.search(r"https?://\S+", line).group(0)
    return found


def test_each_printed_link_signs_its_persona_in():
    links = links_in(run(*SMALL))
    assert len(links) == len(personas.PERSONAS)
    for email, url in links.items():
        client = Client()
        response = client.post(urlparse(url).path)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_the_administrators_link_opens_the_admin():
    url = links_in(run(*SMALL))[personas.PERSONAS[-1].email]
    client = Client()
    response = client.post(urlparse(url).path)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_links_prints_fresh_links_and_creates_nothing():
    first = links_in(run(*SMALL))
    before = counts()
    again = links_in(run("--links"))
    assert counts() == before
    assert set(again) == set(first)
    assert all(again[email] != first[email] for email in first)
    assert "/outbox" in run("--links")


def test_links_before_there_is_any_demo_data_says_to_run_the_demo_first():
    with pytest.raises(CommandError, match="Run `passport demo` first"):
        run("--links")


def test_a_missing_area_file_is_one_line_and_the_demo_carries_on(settings, tmp_path):
    settings.GEO_DATA_DIR = str(tmp_path)
    output = run(*SMALL)
    assert len([line for line in output.splitlines() if "area names will show as codes" in line]) == 1
    assert Volunteer.objects.count() == 61 + RESERVE_MEMBERS


def test_it_serves_after_printing_the_links_unless_told_not_to(monkeypatch):
    called = []

    def fake_call_command(name: str, *args: object, **kwargs: object) -> None:
        called.append(name)
        if name != "serve":
            call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", fake_call_command)
    run(*SMALL)
    assert called == ["migrate"]
    run(*[arg for arg in SMALL if arg != "--no-serve"])
    assert called == ["migrate", "migrate", "serve"]


def test_a_negative_size_is_refused_before_anything_happens():
    with pytest.raises(CommandError, match="--volunteers must be 0 or more"):
        run("--volunteers", "-1", "--no-serve")
    assert not User.objects.exists()
