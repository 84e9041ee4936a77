"""schema.org JobPosting for an opportunity's page, so search engines list it as a volunteering role.

The page embeds it as `<script type="application/ld+json">`: a data block that browsers never run, so the
Content Security Policy's script-src neither blocks it nor needs a nonce for it. The template writes it with
Jinja's `tojson`, which escapes <, >, & and ' so no text in it can close the script element.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from passport.opendata import selectors
from passport.opendata.volunteeringdata import opportunity_url, organisation_url
from passport.opportunities.models import Opportunity, OpportunityStatus


def _valid_through(closes_on: dt.date) -> str:
    end = dt.datetime.combine(closes_on, dt.time(23, 59, 59))
    return timezone.make_aware(end).isoformat()


def _location(opportunity: Opportunity) -> dict[str, Any]:
    if opportunity.remote:
        return {
            "jobLocationType": "TELECOMMUTE",
            "applicantLocationRequirements": {"@type": "Country", "name": "United Kingdom"},
        }
    address: dict[str, Any] = {"@type": "PostalAddress", "postalCode": opportunity.postcode, "addressCountry": "GB"}
    area = selectors.local_authorities({opportunity.la_code}).get(opportunity.la_code)
    if area is not None:
        address["addressLocality"] = area.name
        if area.region_name:
            address["addressRegion"] = area.region_name
    return {"jobLocation": {"@type": "Place", "address": address}}


def job_posting(opportunity: Opportunity) -> dict[str, Any] | None:
    """The JobPosting of an open opportunity; None for one that is not taking applications."""
    if opportunity.status != OpportunityStatus.OPEN:
        return None
    if opportunity.closes_on and opportunity.closes_on < timezone.localdate():
        return None
    organisation = opportunity.organisation
    hiring: dict[str, Any] = {
        "@type": "Organization",
        "name": organisation.name,
        "url": organisation_url(organisation),
        "identifier": {"@type": "PropertyValue", "propertyID": "org-id.guide", "value": organisation.org_id},
    }
    if organisation.website:
        hiring["sameAs"] = organisation.website
    posted = opportunity.published_at or opportunity.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": opportunity.title,
        "description": opportunity.description,
        "url": opportunity_url(opportunity),
        "identifier": {"@type": "PropertyValue", "name": "Volunteer Passport", "value": str(opportunity.pk)},
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "employmentType": "VOLUNTEER",
        "hiringOrganization": hiring,
        "directApply": True,
        "totalJobOpenings": opportunity.places,
        **_location(opportunity),
    }
    if opportunity.closes_on:
        data["validThrough"] = _valid_through(opportunity.closes_on)
    if opportunity.paid_youth_placement and opportunity.hourly_pay_pence:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {"@type": "QuantitativeValue", "value": opportunity.hourly_pay_pence / 100, "unitText": "HOUR"},
        }
    return data
