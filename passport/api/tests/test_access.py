"""Who may read what, proven with the personas: Alice applied to Bob's organisation's opportunity, Charlie is
another volunteer, Dave coordinates a different organisation."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from passport.api.tests.problem import problem_of
from passport.opportunities.models import OpportunityStatus, Shift
from tests import factories

ME = ["/api/v1/me/profile", "/api/v1/me/applications"]


def data(response, status=200):
    assert response.status_code == status, response.content
    return json.loads(response.content)


@pytest.fixture
def bobs_draft(personas):
    return factories.OpportunityFactory(organisation=personas.bobs_org, title="Winter shelter (draft)",
                                        status=OpportunityStatus.DRAFT, published_at=None)


@pytest.mark.parametrize("url", ME + ["/api/v1/organisations/mine"])
def test_it_refuses_anonymous_callers_with_a_401_problem(client, personas, url):
    response = client.get(url)

    assert problem_of(response, 401)["detail"] == "Sign in to use this part of the API"
    assert response["WWW-Authenticate"]


def test_it_refuses_anonymous_callers_on_coordinator_and_apply_endpoints(client, personas):
    opp, application = personas.opportunity.pk, personas.application.pk
    problem_of(client.get(f"/api/v1/opportunities/{opp}/applicants"), 401)
    problem_of(client.post(f"/api/v1/opportunities/{opp}/applications", {}, content_type="application/json"), 401)
    problem_of(client.post(f"/api/v1/applications/{application}/decision", {"decision": "accept"},
                           content_type="application/json"), 401)


def test_alice_sees_her_own_profile(personas, signed_in):
    profile = data(signed_in(personas.alice).get("/api/v1/me/profile"))

    assert (profile["id"], profile["first_name"], profile["email"]) == (
        str(personas.alice.pk), "Alice", "alice@example.org")
    assert profile["postcode"] == "LS1 4DY" and profile["max_travel_miles"] == 10.0
    assert "monday-morning" in profile["availability"]


def test_a_signed_in_user_without_a_volunteer_profile_gets_a_404_problem(personas, signed_in):
    body = problem_of(signed_in(personas.bob).get("/api/v1/me/profile"), 404)

    assert body["detail"] == "You have not signed up as a volunteer"


def test_alice_sees_only_her_own_applications(personas, signed_in):
    factories.ApplicationFactory(volunteer=personas.charlie, opportunity=factories.OpportunityFactory())

    mine = data(signed_in(personas.alice).get("/api/v1/me/applications"))

    assert [a["id"] for a in mine] == [str(personas.application.pk)]
    assert mine[0]["opportunity"]["title"] == "Food bank helper"
    assert mine[0]["opportunity"]["organisation"]["name"] == "Leeds Food Aid"


def test_charlie_sees_none_of_alices_applications(personas, signed_in):
    charlie = signed_in(personas.charlie)

    assert data(charlie.get("/api/v1/me/applications")) == []
    problem_of(charlie.get(f"/api/v1/opportunities/{personas.opportunity.pk}/applicants"), 404)


def test_bob_sees_alice_as_an_applicant_without_her_date_of_birth_email_or_postcode(personas, signed_in):
    response = signed_in(personas.bob).get(f"/api/v1/opportunities/{personas.opportunity.pk}/applicants")

    applicants = data(response)
    assert [(a["volunteer"]["first_name"], a["volunteer"]["last_name"]) for a in applicants] == [("Alice", "Adams")]
    assert applicants[0]["message"] == "I would love to help." and applicants[0]["status"] == "submitted"
    for secret in (b"1990-05-17", b"alice@example.org", b"LS1 4DY", b"date_of_birth", b"email", b"postcode"):
        assert secret not in response.content


def test_dave_gets_a_404_for_the_applicants_to_bobs_opportunity(personas, signed_in):
    problem_of(signed_in(personas.dave).get(f"/api/v1/opportunities/{personas.opportunity.pk}/applicants"), 404)


def test_dave_cannot_answer_alices_application(personas, signed_in):
    url = f"/api/v1/applications/{personas.application.pk}/decision"

    problem_of(signed_in(personas.dave).post(url, {"decision": "decline"}, content_type="application/json"), 404)

    personas.application.refresh_from_db()
    assert personas.application.status == "submitted"


def test_bob_lists_his_organisation_and_its_opportunities_drafts_included(personas, signed_in, bobs_draft):
    bob = signed_in(personas.bob)

    organisations = data(bob.get("/api/v1/organisations/mine"))
    opportunities = data(bob.get(f"/api/v1/organisations/{personas.bobs_org.pk}/opportunities"))

    assert [o["name"] for o in organisations] == ["Leeds Food Aid"]
    assert {(o["title"], o["status"]) for o in opportunities} == {
        ("Food bank helper", "open"), ("Winter shelter (draft)", "draft")}


def test_a_coordinator_of_an_organisation_with_no_opportunities_gets_an_empty_list(personas, signed_in):
    assert data(signed_in(personas.dave).get(f"/api/v1/organisations/{personas.daves_org.pk}/opportunities")) == []


def test_dave_gets_a_404_for_bobs_organisations_opportunities_and_drafts(personas, signed_in, bobs_draft):
    dave = signed_in(personas.dave)

    problem_of(dave.get(f"/api/v1/organisations/{personas.bobs_org.pk}/opportunities"), 404)
    assert [o["name"] for o in data(dave.get("/api/v1/organisations/mine"))] == ["Harehills Hub"]


def test_a_draft_is_404_to_the_public_and_to_other_coordinators(client, personas, signed_in, bobs_draft):
    url = f"/api/v1/opportunities/{bobs_draft.pk}"

    problem_of(client.get(url), 404)
    problem_of(signed_in(personas.dave).get(url), 404)
    problem_of(signed_in(personas.alice).get(url), 404)
    assert data(signed_in(personas.bob).get(url))["status"] == "draft"


def test_the_public_reads_a_published_opportunity_in_full(client, personas):
    from passport.core.models import Skill
    from passport.core.taxonomy import slots_to_mask

    opp = factories.OpportunityFactory(organisation=personas.bobs_org, title="Driver",
                                       weekly_slots=slots_to_mask(["monday-morning", "friday-evening"]))
    opp.required_skills.add(Skill.objects.get(code="driving"))
    opp.desirable_skills.add(Skill.objects.get(code="first-aid"))
    starts = timezone.make_aware(dt.datetime(2027, 3, 6, 9, 0))
    Shift.objects.create(opportunity=opp, starts_at=starts, ends_at=starts + dt.timedelta(hours=4), places=2)

    detail = data(client.get(f"/api/v1/opportunities/{opp.pk}"))

    assert detail["title"] == "Driver" and detail["description"].startswith("Sort donations")
    assert detail["organisation"]["name"] == "Leeds Food Aid"
    assert detail["weekly_slots"] == ["monday-morning", "friday-evening"]
    assert detail["required_skills"] == [{"code": "driving", "label": "Driving (full UK licence)"}]
    assert [s["code"] for s in detail["desirable_skills"]] == ["first-aid"]
    assert detail["shifts"] == [{"starts_at": "2027-03-06T09:00:00Z", "ends_at": "2027-03-06T13:00:00Z", "places": 2}]
    assert detail["url"].endswith(f"/opportunities/{opp.pk}")
