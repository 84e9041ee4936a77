"""Opportunities in the volunteeringdata.io model: every term defined by the shared context and vocabulary,
activities meeting the shared SHACL shapes, served a page at a time and as one download."""

import json

import pytest
from django.utils import timezone

from passport.api.tests.problem import fields_of, message_for, problem_of
from passport.opendata import volunteeringdata
from passport.opendata.tests import standards
from passport.opendata.tests.conftest import PERSONAL

pytestmark = pytest.mark.django_db

SHOWN = {"Food bank helper", "Phone befriender", "Flood reserve sandbagger", "Garden helper"}
CLOSED_SHAPE = "http://www.w3.org/ns/shacl#ClosedConstraintComponent"


def feed(client, **params):
    response = client.get("/api/v1/open/opportunities", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def download(client):
    response = client.get("/open-data/opportunities.jsonld")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(b"".join(response.streaming_content))


def labels(graph):
    from rdflib import Namespace

    vd = Namespace(standards.VD_NS)
    return {str(o) for o in graph.objects(None, vd.label)}


def test_we_name_the_context_by_the_url_the_models_examples_use():
    assert volunteeringdata.CONTEXT_URL == standards.vd_example_context_url()


def test_every_term_we_emit_is_defined_by_the_shared_context_and_vocabulary(client, varied):
    graph = standards.to_graph(download(client))

    assert len(graph) > 50
    assert standards.undefined_terms(graph) == set()


def test_the_term_check_catches_a_term_the_vocabulary_lacks(client, varied):
    document = download(client)
    document["@graph"][0]["closingDate"] = "2026-12-01"  # falls to the context's @vocab, undefined there

    assert standards.undefined_terms(standards.to_graph(document)) == {standards.VD_NS + "closingDate"}


def test_activities_meet_the_shapes_label_and_description_constraints(client, varied):
    results = standards.shacl_results(standards.to_graph(download(client)))

    # shapes.ttl closes ActivityShape over label and description without ignoring rdf:type, so every typed
    # Activity, the model's own example included, breaks sh:closed; every other constraint must hold.
    assert [r for r in results if r["component"] != CLOSED_SHAPE] == []
    allowed = {str(p) for p in standards.vocabulary().subjects()} | {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    assert {r["path"] for r in results} <= allowed


def test_the_shapes_catch_an_activity_without_a_description(client, varied):
    document = download(client)
    del document["@graph"][0]["description"]
    document["@graph"][1]["description"] = [document["@graph"][1]["description"], "A second description"]

    results = standards.shacl_results(standards.to_graph(document))
    counts = [r for r in results if r["component"] == "http://www.w3.org/ns/shacl#MinCountConstraintComponent"]
    maxes = [r for r in results if r["component"] == "http://www.w3.org/ns/shacl#MaxCountConstraintComponent"]
    assert len(counts) == 1 and len(maxes) == 1


def test_the_download_holds_every_open_opportunity_and_nothing_else(client, varied):
    document = download(client)

    assert document["@context"] == volunteeringdata.CONTEXT_URL
    assert {a["label"] for a in document["@graph"]} == SHOWN
    assert labels(standards.to_graph(document)) >= SHOWN


def test_an_activity_carries_its_organisation_concepts_place_and_times(client, varied):
    opportunity = varied["weekly"]
    (activity,) = [a for a in download(client)["@graph"] if a["label"] == "Food bank helper"]

    assert activity["id"] == activity["applyLink"] and activity["id"].endswith(f"/opportunities/{opportunity.pk}")
    assert activity["organisation"]["label"] == "Leeds Food Aid"
    assert activity["allowsRemoteParticipation"] is False
    assert [c["label"] for c in activity["cause"]] == ["Poverty and food"]
    assert {s["label"] for s in activity["skill"]} == {"First aid", "Driving (full UK licence)"}
    assert {r["label"] for r in activity["requirement"]} == {"Enhanced DBS", "Aged 16 or over"}
    (session,) = activity["session"]
    assert session["location"][0]["address"] == "LS1 4DY"
    assert 53.7 < session["location"][0]["latitude"] < 53.9
    times = {(t["dayOfWeek"]["id"].rsplit("/", 1)[1], t["timeOfDay"]["id"].rsplit("/", 1)[1]) for t in session["time"]}
    assert times == {("Monday", "Morning"), ("Wednesday", "Morning"), ("Saturday", "Evening")}


def test_remote_reserve_and_paid_roles_say_so(client, varied):
    activities = {a["label"]: a for a in download(client)["@graph"]}

    remote = activities["Phone befriender"]
    assert remote["allowsRemoteParticipation"] is True
    assert all("location" not in session and session["time"] for session in remote["session"])
    assert [r["label"] for r in remote["reward"]] == ["Paid youth service placement (age 16 to 24)"]
    reserve = activities["Flood reserve sandbagger"]
    assert reserve["requiresEmergencyParticipation"] is True
    (session,) = reserve["session"]  # the past shift is left out
    assert session["time"][0]["beginning"] < session["time"][0]["end"]


def test_the_feed_pages_through_open_opportunities_oldest_change_first(client, varied):
    first = feed(client, page_size=3)
    second = feed(client, page_size=3, page=2)

    assert first["count"] == 4 and len(first["results"]) == 3 and first["next"].endswith("page=2")
    assert second["next"] is None and len(second["results"]) == 1
    results = first["results"] + second["results"]
    assert {r["label"] for r in results} == SHOWN
    assert all(r["@context"] == volunteeringdata.CONTEXT_URL for r in results)
    for result in results:
        assert standards.undefined_terms(standards.to_graph(result)) == set()


def test_the_feed_filters_by_area_change_time_cause_skill_and_stream(client, varied):
    def names(**params):
        return {r["label"] for r in feed(client, **params)["results"]}

    leeds = varied["weekly"].la_code
    assert names(area=leeds) == {"Food bank helper", "Garden helper"}
    assert names(area=leeds.lower()) == names(area=leeds)
    assert names(skill="befriending") == {"Phone befriender"}
    assert names(stream="reserve") == {"Flood reserve sandbagger"}
    assert names(cause="animals") == set()

    later = timezone.now()
    varied["flexible"].title = "Garden helper"
    varied["flexible"].save()
    assert names(updated_since=later.isoformat()) == {"Garden helper"}


def test_bad_feed_parameters_are_problems_naming_the_parameter(client):
    body = problem_of(client.get("/api/v1/open/opportunities", {"area": "Leeds", "updated_since": "yesterday",
                                                              "page_size": "1000", "skill": "juggling"}), 422)

    assert fields_of(body) == {"query.area", "query.updated_since", "query.page_size", "query.skill"}
    assert message_for(body, "query.area") == "Area must be a local authority code, like E08000035"
    assert message_for(body, "query.updated_since").startswith("Updated since must be a date and time")


def test_no_person_appears_in_the_feed_or_the_download(client, varied):
    text = client.get("/api/v1/open/opportunities").content.decode()
    text += b"".join(client.get("/open-data/opportunities.jsonld").streaming_content).decode()

    for personal in PERSONAL:
        assert personal not in text
    assert "@example.org" not in text


def test_the_concepts_document_defines_every_concept_we_point_at(client, varied):
    response = client.get("/open-data/concepts.jsonld")
    concepts_graph = standards.to_graph(json.loads(response.content))
    activities = standards.to_graph(download(client))

    assert standards.undefined_terms(concepts_graph) == set()
    from rdflib import Namespace

    vd = Namespace(standards.VD_NS)
    defined = set(concepts_graph.subjects(vd.label, None))
    pointed = {o for p in (vd.cause, vd.skill, vd.requirement, vd.reward) for o in activities.objects(None, p)}
    assert pointed and pointed <= defined
