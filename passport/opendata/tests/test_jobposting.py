"""Each open opportunity's page describes it as a schema.org JobPosting for volunteers, safely."""

import json

import pytest

from passport.opportunities.models import OpportunityStatus
from tests import factories
from tests.pages.checks import check_page

pytestmark = pytest.mark.django_db

REQUIRED = {"@context", "@type", "title", "description", "datePosted", "employmentType", "hiringOrganization",
            "directApply"}


def postings(doc):
    return [json.loads(s.text) for s in doc.iter("script") if s.get("type") == "application/ld+json"]


def page_of(client, opportunity, title=None):
    return check_page(client.get(f"/opportunities/{opportunity.pk}"), title=title or opportunity.title)


def test_an_open_opportunity_page_carries_a_volunteer_job_posting(client, varied):
    opportunity = varied["weekly"]
    opportunity.closes_on = opportunity.created_at.date().replace(year=opportunity.created_at.year + 1)
    opportunity.save()
    (posting,) = postings(page_of(client, opportunity))

    assert REQUIRED <= set(posting)
    assert (posting["@context"], posting["@type"], posting["employmentType"]) == (
        "https://schema.org", "JobPosting", "VOLUNTEER")
    assert posting["title"] == "Food bank helper" and posting["directApply"] is True
    assert posting["validThrough"].startswith(opportunity.closes_on.isoformat() + "T23:59:59")
    hiring = posting["hiringOrganization"]
    assert hiring["name"] == "Leeds Food Aid"
    assert hiring["identifier"]["value"] == opportunity.organisation.org_id
    assert posting["jobLocation"]["address"]["postalCode"] == "LS1 4DY"
    assert "jobLocationType" not in posting


def test_a_remote_opportunity_is_telecommute_across_the_uk(client, varied):
    (posting,) = postings(page_of(client, varied["remote"]))

    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"]["name"] == "United Kingdom"
    assert "jobLocation" not in posting
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "value": 11.0, "unitText": "HOUR"}


def test_text_cannot_close_the_script_element(client, personas):
    hostile = "</script><script>alert(1)</script><!--"
    opportunity = factories.OpportunityFactory(organisation=personas.bobs_org, title="Helper " + hostile,
                                               description=hostile)
    response = client.get(f"/opportunities/{opportunity.pk}")
    html = response.content.decode()

    (posting,) = postings(check_page(response))
    assert posting["title"] == "Helper " + hostile and posting["description"] == hostile
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script


def test_the_csp_needs_nothing_for_it_since_a_json_ld_block_is_data(client, varied):
    response = client.get(f"/opportunities/{varied['weekly'].pk}")
    policy = response["Content-Security-Policy"]

    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert postings(check_page(response))


@pytest.mark.parametrize("status", [OpportunityStatus.FILLED, OpportunityStatus.CLOSED])
def test_a_page_not_taking_applications_has_no_posting(client, personas, status):
    opportunity = factories.OpportunityFactory(organisation=personas.bobs_org, title="Old role", status=status)

    assert postings(page_of(client, opportunity)) == []


def test_a_page_past_its_closing_date_has_no_posting(client, varied):
    assert postings(page_of(client, varied["hidden"][3])) == []
