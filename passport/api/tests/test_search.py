"""GET /api/v1/opportunities: the public search."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from passport.core.models import Cause, Skill
from passport.core.taxonomy import slots_to_mask
from passport.opportunities.models import OpportunityStatus, OpportunityStream
from tests import factories

URL = "/api/v1/opportunities"
HEADINGLEY = "LS6 3HN"

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def titles(body):
    return [r["title"] for r in body["results"]]


def opportunity(title, at=factories.LEEDS_CENTRE, **kwargs):
    return factories.OpportunityFactory(title=title, at=at, **kwargs)


def test_it_lists_opportunities_nearest_first_with_their_distance_in_miles(client):
    opportunity("Bradford", at="BD1 1AA")
    opportunity("Headingley", at=HEADINGLEY)
    opportunity("Pudsey", at="LS28 5AA")
    opportunity("City centre", at=factories.LEEDS_CENTRE)

    body = search(client, postcode=HEADINGLEY)

    assert titles(body) == ["Headingley", "City centre", "Pudsey", "Bradford"]
    assert [r["distance_miles"] for r in body["results"]] == [0.0, 2.2, 4.6, 7.2]
    assert body["count"] == 4


def test_it_leaves_out_opportunities_beyond_the_radius(client):
    opportunity("City centre")
    opportunity("Bradford", at="BD1 1AA")
    opportunity("York", at="YO1 7HH")

    assert titles(search(client, postcode=HEADINGLEY)) == ["City centre", "Bradford"]
    assert titles(search(client, postcode=HEADINGLEY, radius_miles=5)) == ["City centre"]
    assert titles(search(client, postcode=HEADINGLEY, radius_miles=30)) == ["City centre", "Bradford", "York"]


def test_it_accepts_a_postcode_in_any_case_and_spacing(client):
    opportunity("City centre")

    assert titles(search(client, postcode=" ls63hn ")) == ["City centre"]


def test_it_shows_only_open_opportunities(client):
    opportunity("Open")
    opportunity("Draft", status=OpportunityStatus.DRAFT, published_at=None)
    opportunity("Closed", status=OpportunityStatus.CLOSED)
    opportunity("Filled", status=OpportunityStatus.FILLED)

    assert titles(search(client, postcode=HEADINGLEY)) == ["Open"]
    assert titles(search(client)) == ["Open"]


def test_it_finds_a_skill_whether_required_or_desirable(client):
    first_aid = Skill.objects.get(code="first-aid")
    opportunity("Needs first aid").required_skills.add(first_aid)
    opportunity("Likes first aid").desirable_skills.add(first_aid)
    opportunity("Needs driving").required_skills.add(Skill.objects.get(code="driving"))

    found = search(client, postcode=HEADINGLEY, skill="first-aid")

    assert sorted(titles(found)) == ["Likes first aid", "Needs first aid"]
    needs = next(r for r in found["results"] if r["title"] == "Needs first aid")
    assert needs["required_skills"] == ["first-aid"]


def test_it_filters_by_stream(client):
    opportunity("Reserve", stream=OpportunityStream.RESERVE)
    opportunity("Community", stream=OpportunityStream.COMMUNITY)

    assert titles(search(client, postcode=HEADINGLEY, stream="reserve")) == ["Reserve"]


def test_it_filters_by_cause(client):
    opportunity("Food", cause=Cause.objects.get(code="poverty"))
    opportunity("Trees", cause=Cause.objects.get(code="environment"))

    found = search(client, cause="environment")

    assert titles(found) == ["Trees"]
    assert found["results"][0]["cause"] == {"code": "environment", "label": "Environment and conservation"}


def test_it_filters_by_day_of_the_week(client):
    opportunity("Monday mornings", weekly_slots=slots_to_mask(["monday-morning"]))
    opportunity("Saturday evenings", weekly_slots=slots_to_mask(["saturday-evening"]))

    assert titles(search(client, postcode=HEADINGLEY, day="monday")) == ["Monday mornings"]
    assert titles(search(client, postcode=HEADINGLEY, time="evening")) == ["Saturday evenings"]


def test_a_day_and_a_time_together_mean_that_time_on_that_day(client):
    opportunity("Monday mornings", weekly_slots=slots_to_mask(["monday-morning"]))
    opportunity("Monday evenings", weekly_slots=slots_to_mask(["monday-evening"]))
    opportunity("Tuesday mornings", weekly_slots=slots_to_mask(["tuesday-morning"]))

    assert titles(search(client, day="monday", time="morning")) == ["Monday mornings"]


def test_remote_opportunities_come_after_local_ones_without_a_distance(client):
    opportunity("From home", remote=True)
    opportunity("City centre")

    found = search(client, postcode=HEADINGLEY)

    assert titles(found) == ["City centre", "From home"]
    remote = found["results"][1]
    assert remote["remote"] is True and remote["distance_miles"] is None and remote["postcode"] == ""


def test_it_can_leave_out_remote_opportunities_or_show_only_them(client):
    opportunity("From home", remote=True)
    opportunity("City centre")

    assert titles(search(client, postcode=HEADINGLEY, remote="exclude")) == ["City centre"]
    assert titles(search(client, postcode=HEADINGLEY, remote="only")) == ["From home"]
    assert titles(search(client, remote="only")) == ["From home"]


def test_without_a_postcode_it_lists_everything_open_with_no_distances(client):
    opportunity("York", at="YO1 7HH")
    opportunity("From home", remote=True)

    found = search(client)

    assert sorted(titles(found)) == ["From home", "York"]
    assert {r["distance_miles"] for r in found["results"]} == {None}


def test_blank_parameters_count_as_not_given(client):
    opportunity("York", at="YO1 7HH")

    found = search(client, postcode="", stream="", cause="", skill="", day="", time="", radius_miles="")

    assert titles(found) == ["York"]


def test_it_pages_results_and_links_to_the_next_page(client):
    for n in range(5):
        opportunity(f"Helper {n}")

    first = search(client, postcode=HEADINGLEY, page_size=2, stream="general")

    assert (first["count"], first["page"], first["page_size"], len(first["results"])) == (5, 1, 2, 2)
    next_url = urlsplit(first["next"])
    assert next_url.path == URL
    assert parse_qs(next_url.query) == {"postcode": [HEADINGLEY], "page_size": ["2"], "stream": ["general"],
                                        "page": ["2"]}
    second = json.loads(client.get(first["next"]).content)
    third = json.loads(client.get(second["next"]).content)
    assert len(third["results"]) == 1 and third["next"] is None
    seen = titles(first) + titles(second) + titles(third)
    assert sorted(seen) == [f"Helper {n}" for n in range(5)]


def test_a_page_past_the_end_is_empty_rather_than_an_error(client):
    opportunity("Only one")

    found = search(client, page=10**30)

    assert found["count"] == 1 and found["results"] == [] and found["next"] is None


def test_each_result_links_to_its_page_on_the_website(client):
    opp = opportunity("City centre")

    url = search(client)["results"][0]["url"]

    assert url == f"http://testserver/opportunities/{opp.pk}"
    assert client.get(urlsplit(url).path).status_code == 200


def test_it_reads_a_page_in_the_same_few_queries_however_many_results(client, django_assert_max_num_queries):
    driving = Skill.objects.get(code="driving")
    for n in range(12):
        opportunity(f"Helper {n}", organisation=factories.OrganisationFactory()).required_skills.add(driving)

    # count, the page with organisation and cause joined, and one query for every result's skills
    with django_assert_max_num_queries(3):
        found = search(client, postcode=HEADINGLEY)

    assert len(found["results"]) == 12
    assert {r["required_skills"] == ["driving"] for r in found["results"]} == {True}


@pytest.mark.parametrize("prefilter", [True, False])
def test_it_uses_the_spatial_prefilter_setting_and_finds_the_same_either_way(client, monkeypatch, prefilter):
    from passport.api import opportunities as router_module

    calls = []
    real = router_module.selectors.opportunity_search

    def spy(query, *, bounding_box):
        calls.append(bounding_box)
        return real(query, bounding_box=bounding_box)

    monkeypatch.setattr(router_module.selectors, "opportunity_search", spy)
    opportunity("City centre")
    opportunity("York", at="YO1 7HH")

    with override_settings(SEARCH_SPATIAL_PREFILTER=prefilter):
        found = search(client, postcode=HEADINGLEY)

    assert calls == [prefilter]
    assert titles(found) == ["City centre"]
