"""Applying and answering, end to end through the API."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from passport.api.tests.problem import problem_of
from passport.opportunities.models import Application, ApplicationStatus, OpportunityStatus
from tests import factories

pytestmark = pytest.mark.django_db


def apply(client, opportunity, message="I can help on Saturdays."):
    return client.post(f"/api/v1/opportunities/{opportunity.pk}/applications", {"message": message},
                       content_type="application/json")


def decide(client, application_id, decision, message=""):
    return client.post(f"/api/v1/applications/{application_id}/decision",
                       {"decision": decision, "message": message}, content_type="application/json")


def test_a_volunteer_applies_and_the_coordinator_accepts_them(personas, signed_in):
    charlie, bob = signed_in(personas.charlie), signed_in(personas.bob)

    applied = apply(charlie, personas.opportunity)
    assert applied.status_code == 201, applied.content
    application = json.loads(applied.content)
    assert application["status"] == "submitted" and application["message"] == "I can help on Saturdays."

    applicants = json.loads(bob.get(f"/api/v1/opportunities/{personas.opportunity.pk}/applicants").content)
    assert {a["volunteer"]["first_name"] for a in applicants} == {"Alice", "Charlie"}

    answered = decide(bob, application["id"], "accept", "See you at 9 on Saturday.")
    assert answered.status_code == 200, answered.content
    assert json.loads(answered.content)["status"] == "accepted"

    mine = json.loads(charlie.get("/api/v1/me/applications").content)
    assert [(a["status"], a["decision_message"]) for a in mine] == [("accepted", "See you at 9 on Saturday.")]
    assert mine[0]["first_response_at"] is not None


def test_a_coordinator_declines_an_application(personas, signed_in):
    response = decide(signed_in(personas.bob), personas.application.pk, "decline")

    assert response.status_code == 200, response.content
    personas.application.refresh_from_db()
    assert personas.application.status == ApplicationStatus.DECLINED
    assert personas.application.decided_by == personas.bob


def test_it_refuses_a_second_application_to_the_same_opportunity(personas, signed_in):
    body = problem_of(apply(signed_in(personas.alice), personas.opportunity), 422)

    assert body["reasons"] == ["You have already applied for this opportunity"]
    assert body["type"].endswith("not-eligible")
    assert Application.objects.filter(volunteer=personas.alice).count() == 1


def test_it_refuses_a_volunteer_who_is_too_young_saying_why(personas, signed_in):
    young = factories.VolunteerFactory(date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 17 + 10))
    adults_only = factories.OpportunityFactory(min_age=18)

    body = problem_of(apply(signed_in(young), adults_only), 422)

    assert body["reasons"] == ["You need to be 18 or older; you are 17"]
    assert body["errors"] == [{"field": None, "message": "You need to be 18 or older; you are 17"}]
    assert not Application.objects.filter(volunteer=young).exists()


def test_it_refuses_an_application_to_a_closed_opportunity(personas, signed_in):
    closed = factories.OpportunityFactory(status=OpportunityStatus.CLOSED)

    body = problem_of(apply(signed_in(personas.charlie), closed), 422)

    assert body["detail"] == "This opportunity is not taking applications"


def test_it_refuses_a_message_over_2000_characters(personas, signed_in):
    body = problem_of(apply(signed_in(personas.charlie), personas.opportunity, "x" * 2001), 422)

    assert body["errors"] == [{"field": "body.message", "message": "Message must be 2,000 characters or fewer"}]


def test_a_draft_cannot_be_applied_for(personas, signed_in):
    draft = factories.OpportunityFactory(organisation=personas.bobs_org, status=OpportunityStatus.DRAFT)

    problem_of(apply(signed_in(personas.charlie), draft), 404)


def test_someone_without_a_volunteer_profile_is_told_to_sign_up(personas, signed_in):
    body = problem_of(apply(signed_in(personas.dave), personas.opportunity), 403)

    assert body["detail"] == "Sign up as a volunteer before you apply"


def test_it_refuses_a_decision_that_is_neither_accept_nor_decline(personas, signed_in):
    body = problem_of(decide(signed_in(personas.bob), personas.application.pk, "maybe"), 422)

    assert body["errors"] == [{"field": "body.decision", "message": "Decision must be accept or decline"}]


def test_an_application_is_answered_only_once(personas, signed_in):
    bob = signed_in(personas.bob)
    assert decide(bob, personas.application.pk, "accept").status_code == 200

    body = problem_of(decide(bob, personas.application.pk, "decline"), 422)

    assert body["errors"] == [{"field": "body.decision", "message": "This application has already been answered"}]
    personas.application.refresh_from_db()
    assert personas.application.status == ApplicationStatus.ACCEPTED
