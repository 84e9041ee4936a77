"""The Open Referral UK directory: every answer valid against the shared UK profile schemas, pages as the
profile's OpenAPI says, problems for bad input, and nothing about people."""

import json
import uuid

import pytest
from django.utils import timezone

from passport.api.tests.problem import fields_of, message_for, problem_of
from passport.opendata import concepts
from passport.opendata.coords import bng_to_wgs84
from passport.opendata.tests import standards
from passport.opendata.tests.conftest import PERSONAL

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_validator_refuses_what_the_profile_does_not_allow():
    example = json.loads((standards.ORUK / "examples" / "service_full.json").read_text())
    assert standards.oruk_errors(example, "compiled/service.json") == []

    broken = {**example, "status": "open", "phones": []}
    del broken["name"]
    errors = " ".join(standards.oruk_errors(broken, "compiled/service.json"))

    assert "'name' is a required property" in errors
    assert "'open' is not one of" in errors
    assert "'phones' was unexpected" in errors  # the UK profile removed service.phones


def test_the_root_says_which_version_and_profile_it_follows(client):
    body = get_json(client, "/openreferral/")

    assert body["version"] == "3.0"
    assert set(body) == {"version", "profile", "openapi_url"}
    schema = standards.oruk_openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert standards.Draft202012Validator(schema["schema"]).is_valid(body)


def test_the_services_page_is_valid_against_the_profile(client, varied):
    body = get_json(client, "/openreferral/services")

    assert standards.oruk_page_errors(body, "compiled/service_list.json") == []
    names = {s["name"] for s in body["contents"]}
    assert names == {"Food bank helper", "Phone befriender", "Flood reserve sandbagger", "Garden helper"}
    assert body["total_items"] == 4 and body["total_pages"] == 1 and body["size"] == 4
    assert body["first_page"] and body["last_page"] and not body["empty"]
    assert {s["status"] for s in body["contents"]} == {"active"}


@pytest.mark.parametrize("kind", ["weekly", "remote", "shifts", "flexible"])
def test_each_full_service_is_valid_against_the_compiled_and_the_modular_schemas(client, varied, kind):
    body = get_json(client, f"/openreferral/services/{varied[kind].pk}")

    assert standards.oruk_errors(body, "compiled/service.json") == []
    assert standards.oruk_errors(body, "service.json", strict=False) == []  # $refs resolved through the registry
    assert body["id"] == str(varied[kind].pk)
    assert body["organization"]["id"] == str(varied[kind].organisation_id)


def test_a_local_service_has_its_postcode_and_its_centre_in_wgs84(client, varied):
    opportunity = varied["weekly"]
    body = get_json(client, f"/openreferral/services/{opportunity.pk}")

    (link,) = body["service_at_locations"]
    location = link["location"]
    assert location["location_type"] == "physical"
    assert location["addresses"][0]["postal_code"] == opportunity.postcode == "LS1 4DY"
    assert (location["latitude"], location["longitude"]) == bng_to_wgs84(opportunity.easting, opportunity.northing)
    assert 53.7 < location["latitude"] < 53.9 and -1.7 < location["longitude"] < -1.4  # Leeds


def test_a_weekly_pattern_becomes_rrule_schedules_by_time_of_day(client, varied):
    body = get_json(client, f"/openreferral/services/{varied['weekly'].pk}")

    schedules = {(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]}
    assert schedules == {("MO,WE", "08:00", "13:00"), ("SA", "18:00", "23:00")}
    assert {s["freq"] for s in body["schedules"]} == {"WEEKLY"}


def test_dated_shifts_list_only_those_still_to_come(client, varied):
    body = get_json(client, f"/openreferral/services/{varied['shifts'].pk}")

    (schedule,) = body["schedules"]
    upcoming = varied["shifts"].shifts.order_by("-starts_at").first()
    assert schedule["dtstart"] == schedule["valid_from"] == timezone.localtime(upcoming.starts_at).date().isoformat()
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00", "14:00")
    assert schedule["description"] == "A shift for 2 volunteers"


def test_a_remote_service_has_a_virtual_location_and_a_uk_wide_area(client, varied):
    body = get_json(client, f"/openreferral/services/{varied['remote'].pk}")

    (link,) = body["service_at_locations"]
    assert link["location"]["location_type"] == "virtual"
    assert "latitude" not in link["location"] and "addresses" not in link["location"]
    assert body["service_areas"][0]["name"] == "United Kingdom"


def test_taxonomy_terms_link_the_cause_skills_and_requirements(client, varied):
    body = get_json(client, f"/openreferral/services/{varied['weekly'].pk}")

    links = {(a["link_type"], a["taxonomy_term"]["name"]) for a in body["attributes"]}
    assert ("cause", "Poverty and food") in links
    assert ("required_skill", "First aid") in links
    assert ("desirable_skill", "Driving (full UK licence)") in links
    assert ("requirement", "Enhanced DBS") in links
    assert ("stream", "General volunteering") in links
    for attribute in body["attributes"]:
        assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]


def test_the_organisation_carries_its_org_id_identifier(client, varied):
    body = get_json(client, f"/openreferral/services/{varied['weekly'].pk}")

    (identifier,) = body["organization"]["organization_identifiers"]
    scheme, _, number = varied["weekly"].organisation.org_id.rpartition("-")
    assert (identifier["identifier_scheme"], identifier["identifier"]) == (scheme, number) == ("GB-CHC", number)
    assert identifier["identifier_type"] == "Charity Commission for England and Wales"


def test_ids_are_the_same_on_every_request(client, varied):
    first = get_json(client, f"/openreferral/services/{varied['weekly'].pk}")
    second = get_json(client, f"/openreferral/services/{varied['weekly'].pk}")

    assert first == second


def test_no_person_appears_anywhere_in_the_directory(client, varied):
    pages = [client.get("/openreferral/services").content.decode()]
    for kind in ("weekly", "remote", "shifts", "flexible"):
        pages.append(client.get(f"/openreferral/services/{varied[kind].pk}").content.decode())
    text = " ".join(pages)

    for personal in PERSONAL:
        assert personal not in text
    assert all(json.loads(p).get("contacts", []) == [] for p in pages[1:])


def test_pages_follow_the_profile_envelope(client, varied):
    body = get_json(client, "/openreferral/services", per_page=3, page=2)

    assert standards.oruk_page_errors(body, "compiled/service_list.json") == []
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (4, 2, 2, 1)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, False)


def test_a_page_past_the_end_is_empty_not_an_error(client, varied):
    body = get_json(client, "/openreferral/services", page=9)

    assert body["contents"] == [] and body["empty"] and body["size"] == 0
    assert standards.oruk_page_errors(body, "compiled/service_list.json") == []


def test_services_filter_by_taxonomy_term_search_day_and_minimum_age(client, varied):
    first_aid = concepts.concept(concepts.SKILL, "first-aid", "First aid").uuid
    reserve = concepts.concept(concepts.STREAM, "reserve", "").uuid

    def names(**params):
        return {s["name"] for s in get_json(client, "/openreferral/services", **params)["contents"]}

    assert names(taxonomy_term_id=first_aid) == {"Food bank helper"}
    assert names(taxonomy_term_id=reserve) == {"Flood reserve sandbagger"}
    assert names(taxonomy_term_id=str(uuid.uuid4())) == set()
    assert names(taxonomy_id=concepts.scheme_uuid("reward")) == {"Phone befriender"}
    assert names(search="garden") == {"Garden helper"}
    # weekly patterns with a slot that day, flexible roles, and roles with a shift to come that day
    assert names(day="SA") == names(day="saturday") == {"Food bank helper", "Phone befriender", "Garden helper"}
    assert names(day="th") == {"Phone befriender", "Garden helper", "Flood reserve sandbagger"}
    varied["remote"].min_age = 18
    varied["remote"].save()
    assert names(minimum_age="17.5") == {"Phone befriender"}


def test_bad_parameters_are_a_400_problem_naming_each_one(client):
    body = problem_of(client.get("/openreferral/services", {"page": "0", "per_page": "500", "day": "someday"}), 400)

    assert fields_of(body) == {"query.page", "query.per_page", "query.day"}
    assert message_for(body, "query.per_page") == "Per page must be a whole number from 1 to 100"

    for params, field in [({"page": "two"}, "query.page"), ({"minimum_age": "old"}, "query.minimum_age"),
                          ({"minimum_age": "nan"}, "query.minimum_age"),
                          ({"taxonomy_term_id": "first-aid"}, "query.taxonomy_term_id"),
                          ({"search": "x" * 201}, "query.search")]:
        assert fields_of(problem_of(client.get("/openreferral/services", params), 400)) == {field}
    assert fields_of(problem_of(client.get("/openreferral/taxonomy_terms", {"per_page": "-1"}), 400)) == {
        "query.per_page"}


def test_unknown_and_unpublished_services_are_a_404_problem(client, varied):
    for service_id in [uuid.uuid4(), "not-a-uuid", varied["hidden"][0].pk]:  # the last is a draft
        problem_of(client.get(f"/openreferral/services/{service_id}"), 404)
    problem_of(client.get("/openreferral/organizations"), 404)  # the UK profile drops organisation paths


def test_filled_and_closed_services_are_readable_with_their_status(client, varied):
    filled, closed = varied["hidden"][1], varied["hidden"][2]

    assert get_json(client, f"/openreferral/services/{filled.pk}")["status"] == "temporarily closed"
    body = get_json(client, f"/openreferral/services/{closed.pk}")
    assert body["status"] == "inactive"
    assert standards.oruk_errors(body, "compiled/service.json") == []


def test_only_reading_is_allowed(client):
    response = client.post("/openreferral/services")

    problem_of(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_taxonomies_and_terms_are_valid_and_lead_to_each_other(client):
    taxonomies = get_json(client, "/openreferral/taxonomies")
    assert standards.oruk_page_errors(taxonomies, "taxonomy.json") == []
    assert {t["name"] for t in taxonomies["contents"]} >= {"Volunteer Passport skills", "Volunteer Passport causes"}

    skills = next(t for t in taxonomies["contents"] if t["name"] == "Volunteer Passport skills")
    full = get_json(client, f"/openreferral/taxonomies/{skills['id']}")
    assert standards.oruk_errors(full, "taxonomy.json") == []
    first_aid = next(t for t in full["taxonomy_terms"] if t["name"] == "First aid")

    terms = get_json(client, "/openreferral/taxonomy_terms", per_page=100)
    assert standards.oruk_page_errors(terms, "taxonomy_term.json") == []
    assert terms["total_items"] == len(concepts.all_concepts())
    term = get_json(client, f"/openreferral/taxonomy_terms/{first_aid['id']}")
    assert standards.oruk_errors(term, "taxonomy_term.json") == []
    assert term["taxonomy_id"] == skills["id"]
    problem_of(client.get(f"/openreferral/taxonomy_terms/{uuid.uuid4()}"), 404)
    problem_of(client.get("/openreferral/taxonomies/nothing"), 404)
