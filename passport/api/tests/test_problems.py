"""Every error is an RFC 9457 problem naming the field at fault, and bad input never causes a 500."""

import logging
from uuid import uuid4

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from passport.api.tests.problem import fields_of, message_for, problem_of

SEARCH = "/api/v1/opportunities"
SEARCH_PARAMS = ["postcode", "radius_miles", "stream", "cause", "skill", "day", "time", "remote", "page", "page_size"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("NOT A POSTCODE", "Enter a real postcode, like SW1A 1AA"),
        ("LS1", "Enter a real postcode, like SW1A 1AA"),
        ("ZZ9 9ZZ", "Enter a real postcode: we cannot find that one"),
        ("LS1 4DY" * 10, "Enter a real postcode, like SW1A 1AA"),
    ],
)
def test_it_refuses_a_postcode_it_cannot_place_naming_the_field(client, postcode, message):
    body = problem_of(client.get(SEARCH, {"postcode": postcode}), 422)

    assert body["errors"] == [{"field": "query.postcode", "message": message}]
    assert body["detail"] == message
    assert body["type"].startswith("tag:") and body["title"]


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("stream", "parades", "Select a stream from the list, like community"),
        ("cause", "kittens", "Select a cause from the list, like poverty"),
        ("skill", "juggling", "Select a skill from the list, like first-aid"),
        ("day", "funday", "Day must be a day of the week, like monday"),
        ("time", "midnight", "Time must be morning, afternoon or evening"),
        ("remote", "sometimes", "Remote must be include, exclude or only"),
        ("radius_miles", "0", "Radius must be a number of miles more than 0 and no more than 100, like 10"),
        ("radius_miles", "100.5", "Radius must be a number of miles more than 0 and no more than 100, like 10"),
        ("radius_miles", "far", "Radius must be a number of miles more than 0 and no more than 100, like 10"),
        ("radius_miles", "nan", "Radius must be a number of miles more than 0 and no more than 100, like 10"),
        ("page", "0", "Page must be a whole number, 1 or more"),
        ("page", "two", "Page must be a whole number, 1 or more"),
        ("page_size", "101", "Page size must be a whole number from 1 to 100"),
    ],
)
def test_it_refuses_a_bad_search_parameter_naming_the_field(client, param, value, message):
    body = problem_of(client.get(SEARCH, {param: value}), 422)

    assert body["errors"] == [{"field": f"query.{param}", "message": message}]


def test_it_lists_every_bad_parameter_at_once(client):
    body = problem_of(client.get(SEARCH, {"postcode": "nowhere", "day": "funday", "page": "-1"}), 422)

    assert fields_of(body) == {"query.postcode", "query.day", "query.page"}
    assert message_for(body, "query.postcode") == "Enter a real postcode, like SW1A 1AA"


query_values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "LS1 4DY", "ls14dy", "monday", "evening", "only", "first-aid", "poverty", "reserve",
                     "1e309", "-0", "0x10", "1_000", "١٢", "\x00", "%00", "LS1 4DY\x00", "9" * 30, "9" * 5000]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(SEARCH_PARAMS), query_values, max_size=len(SEARCH_PARAMS)))
@example(params={"page": "9" * 30, "page_size": "100"})  # an offset too large for a database integer
@example(params={"radius_miles": "1e309", "postcode": "LS1 4DY\x00"})
@example(params={"postcode": "ＬＳ１ ４ＤＹ", "skill": "first-aid\x00"})
def test_no_query_to_the_search_causes_a_server_error(client, params):
    response = client.get(SEARCH, params)

    assert response.status_code in (200, 422), (params, response.content)
    if response.status_code == 422:
        body = problem_of(response, 422)
        assert fields_of(body) <= {f"query.{p}" for p in params}, body


def test_an_unknown_api_path_is_a_404_problem(client):
    problem_of(client.get("/api/v1/volunteers"), 404)
    problem_of(client.get("/api/v1/"), 404)


def test_a_malformed_or_unknown_id_is_a_404_problem(client):
    problem_of(client.get("/api/v1/opportunities/not-an-id"), 404)
    problem_of(client.get(f"/api/v1/opportunities/{uuid4()}"), 404)


def test_a_method_the_path_does_not_take_is_a_405_problem(client):
    response = client.delete(SEARCH)

    problem_of(response, 405)
    assert response["Allow"] == "GET"


def test_a_body_that_is_not_json_is_a_400_problem(personas, signed_in):
    url = f"/api/v1/opportunities/{personas.opportunity.pk}/applications"

    body = problem_of(signed_in(personas.charlie).post(url, "{not json", content_type="application/json"), 400)

    assert body["detail"] == "The request body must be valid JSON"


def test_a_missing_body_names_the_body(personas, signed_in):
    url = f"/api/v1/opportunities/{personas.opportunity.pk}/applications"

    body = problem_of(signed_in(personas.charlie).post(url, "", content_type="application/json"), 422)

    assert fields_of(body) == {"body"}


def test_a_server_error_is_a_500_problem_without_a_traceback_and_is_logged(client, monkeypatch, caplog):
    from passport.api import opportunities as router_module

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: database password is hunter2")

    monkeypatch.setattr(router_module.selectors, "opportunity_search", broken)

    with caplog.at_level(logging.ERROR, logger="passport.api"):
        response = client.get(SEARCH)

    body = problem_of(response, 500)
    assert b"hunter2" not in response.content and b"Traceback" not in response.content
    assert body["detail"] == "Something went wrong on our side. Try again later"
    assert any(r.exc_info and "hunter2" in str(r.exc_info[1]) for r in caplog.records)


def test_an_unsafe_request_without_a_csrf_token_is_a_403_problem(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.charlie.user)
    url = f"/api/v1/opportunities/{personas.opportunity.pk}/applications"

    refused = client.post(url, {"message": "Hello"}, content_type="application/json")
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the website's pages do
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, {"message": "Hello"}, content_type="application/json", headers={"X-CSRFToken": token})

    assert "CSRF" in problem_of(refused, 403)["detail"]
    assert accepted.status_code == 201, accepted.content


def test_a_service_refusal_names_the_body_field(personas, signed_in):
    bob = signed_in(personas.bob)
    url = f"/api/v1/applications/{personas.application.pk}/decision"
    assert bob.post(url, {"decision": "accept"}, content_type="application/json").status_code == 200

    body = problem_of(bob.post(url, {"decision": "decline"}, content_type="application/json"), 422)

    assert body["errors"] == [{"field": "body.decision", "message": "This application has already been answered"}]

