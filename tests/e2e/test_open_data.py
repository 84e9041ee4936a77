"""An opportunity's JobPosting JSON-LD in a real browser with the Content Security Policy enforced: the data
block is read as data, the policy refuses nothing because of it, and hostile text in it runs nothing."""

import pytest

from tests import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HOSTILE = "</script><script>window.pwned = true</script>"
READ_POSTING = """() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)"""


def policy_refusals(page, path):
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(path)
    page.wait_for_load_state("load")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return refusals


def test_the_job_posting_is_data_the_policy_allows_and_nothing_in_it_runs(new_page, controlled_lists):
    organisation = factories.OrganisationFactory(name="Leeds Food Aid")
    opportunity = factories.OpportunityFactory(organisation=organisation, title="Food bank helper " + HOSTILE,
                                               description=HOSTILE)
    closed = factories.OpportunityFactory(organisation=organisation, title="Old role", status="closed")

    without_posting = policy_refusals(new_page(bypass_csp=False), f"/opportunities/{closed.pk}")
    page = new_page(bypass_csp=False)
    with_posting = policy_refusals(page, f"/opportunities/{opportunity.pk}")

    posting = page.evaluate(READ_POSTING)
    assert (posting["@type"], posting["employmentType"]) == ("JobPosting", "VOLUNTEER")
    assert posting["title"] == "Food bank helper " + HOSTILE
    assert page.evaluate("() => window.pwned === undefined")
    # The same page without a posting shows what the policy refuses anyway (the layout's own inline script);
    # the posting adds nothing to that.
    assert with_posting == without_posting
