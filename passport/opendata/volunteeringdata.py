"""Opportunities as volunteeringdata.io Activities (JSON-LD), in the DCMS model's own terms.

We refer to the model's context by its published URL, as the model's own examples do, rather than serving a
copy: the shared standards files are not deployed, and the tests check that every term we emit is defined by
that context and vocabulary, and that activities meet the model's SHACL shapes.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from passport.core.taxonomy import mask_to_slots
from passport.opendata import concepts
from passport.opendata.coords import postcode_centre
from passport.opportunities.models import Opportunity, OpportunityStream, ScheduleType

# The URL the volunteeringdata.io examples give for context-v1.jsonld.
CONTEXT_URL = "https://api.volunteeringdata.io/context/v1"
CONTENT_TYPE = "application/ld+json"


def opportunity_url(opportunity: Opportunity) -> str:
    return settings.SITE_URL + reverse("opportunities:detail", args=[opportunity.pk])


def organisation_url(organisation: Any) -> str:
    return settings.SITE_URL + reverse("organisations:public", args=[organisation.pk])


def _concept_node(concept: concepts.Concept) -> dict[str, Any]:
    return {"id": concept.iri, "type": concept.scheme.vd_class, "label": concept.label}


def _organisation(organisation: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"id": organisation_url(organisation), "type": "Organisation", "label": organisation.name}
    if organisation.description:
        node["description"] = organisation.description
    if organisation.website:
        node["website"] = organisation.website
    return node


def _location(opportunity: Opportunity) -> list[dict[str, Any]]:
    if opportunity.remote or not opportunity.postcode:
        return []
    place: dict[str, Any] = {"locationLabel": opportunity.postcode, "address": opportunity.postcode}
    centre = postcode_centre(opportunity.postcode, opportunity.easting, opportunity.northing)
    if centre is not None:
        place["latitude"], place["longitude"] = centre
    return [place]


def _weekly_times(mask: int) -> list[dict[str, Any]]:
    times = []
    for slot in mask_to_slots(mask):
        day, part = slot.split("-")
        times.append({
            "dayOfWeek": {"id": concepts.VOCAB + day.capitalize()},
            "timeOfDay": {"id": concepts.VOCAB + part.capitalize()},
        })
    return times


def _sessions(opportunity: Opportunity) -> list[dict[str, Any]]:
    location = _location(opportunity)
    if opportunity.schedule_type == ScheduleType.SHIFTS:
        sessions = []
        for shift in opportunity.shifts.all():
            session: dict[str, Any] = {"time": [{"beginning": shift.starts_at.isoformat(),
                                                 "end": shift.ends_at.isoformat()}]}
            if location:
                session["location"] = location
            sessions.append(session)
        return sessions
    session = {}
    if opportunity.schedule_type == ScheduleType.WEEKLY and opportunity.weekly_slots:
        session["time"] = _weekly_times(opportunity.weekly_slots)
    if location:
        session["location"] = location
    return [session] if session else []


def activity(opportunity: Opportunity) -> dict[str, Any]:
    """One opportunity as an Activity node (without @context). Needs organisation, cause, skills and shifts
    loaded (see selectors.with_details)."""
    url = opportunity_url(opportunity)
    skills = [*opportunity.required_skills.all(), *opportunity.desirable_skills.all()]
    requirements = [concepts.min_age_requirement(opportunity.min_age)]
    dbs = concepts.dbs_requirement(opportunity.min_dbs_level)
    if dbs is not None:
        requirements.insert(0, dbs)
    node: dict[str, Any] = {
        "id": url,
        "type": "Activity",
        "label": opportunity.title,
        "description": opportunity.description,
        "organisation": _organisation(opportunity.organisation),
        "allowsRemoteParticipation": opportunity.remote,
        "requiresEmergencyParticipation": opportunity.stream == OpportunityStream.RESERVE,
        "applyLink": url,
        "cause": [_concept_node(concepts.concept(concepts.CAUSE, opportunity.cause.code, opportunity.cause.label))],
        "skill": [_concept_node(concepts.concept(concepts.SKILL, s.code, s.label)) for s in skills],
        "requirement": [_concept_node(c) for c in requirements],
    }
    if opportunity.paid_youth_placement:
        node["reward"] = [_concept_node(concepts.concept(
            concepts.REWARD, concepts.PAID_YOUTH_PLACEMENT, "Paid youth service placement (age 16 to 24)"))]
    sessions = _sessions(opportunity)
    if sessions:
        node["session"] = sessions
    return node


def document(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": CONTEXT_URL, "@graph": nodes}


def single(opportunity: Opportunity) -> dict[str, Any]:
    """One activity as a complete JSON-LD document."""
    return {"@context": CONTEXT_URL, **activity(opportunity)}
