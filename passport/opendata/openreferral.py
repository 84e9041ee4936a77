"""Open Referral UK (HSDS 3.0 UK profile) views of our data.

Mapping (a decision; see docs/open-data.md): each open volunteering opportunity is a `service` - the
service an organisation offers is the chance to volunteer with it - provided by its organisation. Its place
is a `service_at_location` whose `location` carries the postcode and its centroid in WGS84; a remote
opportunity has a virtual location. Causes, skills, requirements, rewards and streams are `attributes` that
link to taxonomy terms. Contacts are left empty: the only email we hold for an organisation is typed in by
a coordinator and is often their own, so people apply through the service's `url` instead.
"""

import datetime as dt
import math
from typing import Any

from django.utils import timezone

from passport.core.taxonomy import DAYS, PARTS, mask_to_slots
from passport.opendata import concepts
from passport.opendata.coords import postcode_centre
from passport.opendata.volunteeringdata import opportunity_url, organisation_url
from passport.opportunities.models import Opportunity, OpportunityStatus, ScheduleType
from passport.organisations import orgid

HSDS_VERSION = "3.0"
# The profile's repository; its schemas refer to each other under this raw-file address.
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

STATUS = {
    OpportunityStatus.OPEN: "active",
    OpportunityStatus.FILLED: "temporarily closed",
    OpportunityStatus.CLOSED: "inactive",
}
RRULE_DAYS = {day: day[:2].upper() for day in DAYS}
# The volunteeringdata.io vocabulary's hours for each part of the day (vocabulary.ttl: Morning, Afternoon, Evening).
PART_HOURS = {"morning": ("08:00", "13:00"), "afternoon": ("13:00", "18:00"), "evening": ("18:00", "23:00")}
COUNTRIES = {"E92000001": "England", "W92000004": "Wales", "S92000003": "Scotland", "N92000002": "Northern Ireland"}


def _timestamp(value: Any) -> str:
    """An RFC 3339 UTC time with milliseconds, as the profile's last_modified example shows."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def organization(organisation: Any, *, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(organisation.pk),
        "name": organisation.name,
        "description": organisation.description,
        "uri": organisation_url(organisation),
    }
    if organisation.website:
        data["website"] = organisation.website
    if full:
        prefix, _, identifier = organisation.org_id.rpartition("-")
        register = orgid.PATTERNS.get(prefix, ("", "", "org-id.guide identifier"))[2]
        data["organization_identifiers"] = [{
            "id": concepts.stable_uuid("organisation", organisation.pk, "identifier", organisation.org_id),
            "organization_id": str(organisation.pk),
            "identifier_scheme": prefix,
            "identifier_type": register,
            "identifier": identifier,
        }]
    return data


def _term(concept: concepts.Concept) -> dict[str, Any]:
    return {
        "id": concept.uuid,
        "name": concept.label,
        "description": f"{concept.label} ({concept.scheme.name})",
        "taxonomy": concept.scheme.name,
        "taxonomy_id": concepts.scheme_uuid(concept.scheme.key),
        "term_uri": concept.iri,
        "term": concept.label,
    }


def taxonomy(scheme: concepts.Scheme, *, with_terms: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": concepts.scheme_uuid(scheme.key),
        "name": scheme.name,
        "description": scheme.description,
        "uri": concepts.scheme_iri(scheme.key),
        "version": "1",
    }
    if with_terms:
        data["taxonomy_terms"] = [_term(c) for c in concepts.all_concepts() if c.scheme == scheme]
    return data


def taxonomy_term(concept: concepts.Concept) -> dict[str, Any]:
    return _term(concept)


def service_concepts(opportunity: Opportunity) -> list[concepts.Concept]:
    found = [
        concepts.concept(concepts.CAUSE, opportunity.cause.code, opportunity.cause.label),
        concepts.concept(concepts.STREAM, opportunity.stream, opportunity.get_stream_display()),
        *(concepts.concept(concepts.SKILL, s.code, s.label) for s in opportunity.required_skills.all()),
        *(concepts.concept(concepts.SKILL, s.code, s.label) for s in opportunity.desirable_skills.all()),
        concepts.min_age_requirement(opportunity.min_age),
    ]
    dbs = concepts.dbs_requirement(opportunity.min_dbs_level)
    if dbs is not None:
        found.append(dbs)
    if opportunity.paid_youth_placement:
        found.append(concepts.concept(concepts.REWARD, concepts.PAID_YOUTH_PLACEMENT,
                                      "Paid youth service placement (age 16 to 24)"))
    return found


def _attributes(opportunity: Opportunity) -> list[dict[str, Any]]:
    required = {s.code for s in opportunity.required_skills.all()}
    attributes = []
    for concept in service_concepts(opportunity):
        link_type = concept.scheme.key
        if concept.scheme == concepts.SKILL:
            link_type = "required_skill" if concept.code in required else "desirable_skill"
        attributes.append({
            "id": concepts.stable_uuid("service", opportunity.pk, "attribute", concept.scheme.key, concept.code),
            "link_id": str(opportunity.pk),
            "taxonomy_term_id": concept.uuid,
            "link_type": link_type,
            "taxonomy_term": _term(concept),
        })
    return attributes


def _schedules(opportunity: Opportunity) -> list[dict[str, Any]]:
    service_id = str(opportunity.pk)
    if opportunity.schedule_type == ScheduleType.SHIFTS:
        return [{
            "id": concepts.stable_uuid("shift", shift.pk),
            "service_id": service_id,
            "dtstart": timezone.localtime(shift.starts_at).date().isoformat(),
            "valid_from": timezone.localtime(shift.starts_at).date().isoformat(),
            "valid_to": timezone.localtime(shift.ends_at).date().isoformat(),
            "opens_at": timezone.localtime(shift.starts_at).strftime("%H:%M"),
            "closes_at": timezone.localtime(shift.ends_at).strftime("%H:%M"),
            "description": f"A shift for {shift.places} volunteer{'s' if shift.places != 1 else ''}",
        } for shift in opportunity.shifts.all()]
    if opportunity.schedule_type == ScheduleType.FLEXIBLE or not opportunity.weekly_slots:
        return [{"id": concepts.stable_uuid("service", opportunity.pk, "schedule", "flexible"),
                 "service_id": service_id, "description": "Flexible: whenever suits the volunteer"}]
    slots = mask_to_slots(opportunity.weekly_slots)
    schedules = []
    for part in PARTS:
        days = [RRULE_DAYS[day] for day in DAYS if f"{day}-{part}" in slots]
        if not days:
            continue
        opens, closes = PART_HOURS[part]
        schedules.append({
            "id": concepts.stable_uuid("service", opportunity.pk, "schedule", part),
            "service_id": service_id,
            "freq": "WEEKLY",
            "interval": 1,
            "byday": ",".join(days),
            "opens_at": opens,
            "closes_at": closes,
            "description": f"{part.capitalize()}s, {opens} to {closes}",
        })
    return schedules


def _location(opportunity: Opportunity, areas: dict[str, Any]) -> dict[str, Any]:
    location_id = concepts.stable_uuid("service", opportunity.pk, "location")
    if opportunity.remote or not opportunity.postcode:
        return {"id": location_id, "location_type": "virtual", "name": "Remote, from home",
                "description": "Volunteers take part from wherever they are in the UK."}
    area = areas.get(opportunity.la_code)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": f"{opportunity.postcode}, {area.name}" if area else opportunity.postcode,
        "description": "The centre of the postcode the organisation gave for this opportunity.",
        "external_identifier": opportunity.postcode,
        "external_identifier_type": "postcode",
        "addresses": [{
            "id": concepts.stable_uuid("service", opportunity.pk, "address"),
            "location_id": location_id,
            "address_1": "",
            "city": area.name if area else "",
            "region": area.region_name if area else "",
            "state_province": COUNTRIES.get(area.country_code, "") if area else "",
            "postal_code": opportunity.postcode,
            "country": "GB",
            "address_type": "physical",
        }],
    }
    centre = postcode_centre(opportunity.postcode, opportunity.easting, opportunity.northing)
    if centre is not None:
        location["latitude"], location["longitude"] = centre
    return location


def _one_to_one(opportunity: Opportunity) -> dict[str, Any]:
    return {
        "id": str(opportunity.pk),
        "organization_id": str(opportunity.organisation_id),
        "name": opportunity.title,
        "description": opportunity.description,
        "url": opportunity_url(opportunity),
        "status": STATUS.get(OpportunityStatus(opportunity.status), "inactive"),
        "minimum_age": opportunity.min_age,
        "last_modified": _timestamp(opportunity.updated_at),
    }


def service_summary(opportunity: Opportunity) -> dict[str, Any]:
    """A service's one-to-one fields and its organisation, as in a page of /services."""
    return {**_one_to_one(opportunity), "organization": organization(opportunity.organisation, full=False)}


def service_full(opportunity: Opportunity, areas: dict[str, Any]) -> dict[str, Any]:
    """A fully nested service, as /services/{id} returns it."""
    location = _location(opportunity, areas)
    data = {
        **_one_to_one(opportunity),
        "schedules": _schedules(opportunity),
        "service_at_locations": [{
            "id": concepts.stable_uuid("service", opportunity.pk, "service_at_location"),
            "service_id": str(opportunity.pk),
            "location_id": location["id"],
            "location": location,
        }],
        "organization": organization(opportunity.organisation),
        "contacts": [],
        "attributes": _attributes(opportunity),
    }
    if opportunity.remote:
        data["service_areas"] = [{
            "id": concepts.stable_uuid("service", opportunity.pk, "service_area"),
            "service_id": str(opportunity.pk),
            "name": "United Kingdom",
            "service_area": "Anywhere in the United Kingdom: volunteers take part remotely.",
        }]
    return data


def page(items: list[dict[str, Any]], *, total: int, page_number: int, per_page: int) -> dict[str, Any]:
    """The UK profile's pagination envelope around one page of results."""
    total_pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": items,
    }


def api_info() -> dict[str, Any]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": OPENAPI_URL,
    }
