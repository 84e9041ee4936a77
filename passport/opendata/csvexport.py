"""The opportunities download as CSV: one row per open opportunity, columns documented in docs/open-data.md."""

from collections.abc import Iterable, Iterator
from typing import Any

from passport.core.taxonomy import mask_to_slots
from passport.opendata.coords import postcode_centre
from passport.opendata.volunteeringdata import opportunity_url
from passport.opportunities.models import Opportunity

COLUMNS = [
    "id", "url", "title", "description", "organisation_id", "organisation_name", "organisation_identifier",
    "organisation_website", "stream", "cause", "cause_label", "required_skills", "desirable_skills",
    "min_dbs_level", "min_age", "remote", "postcode", "latitude", "longitude", "local_authority_code",
    "local_authority_name", "places", "schedule_type", "weekly_slots", "next_shift_starts_at",
    "paid_youth_placement", "hourly_pay_pence", "public_service_role", "published_at", "closes_on", "updated_at",
]

# A cell starting with one of these would run as a formula when the file is opened in a spreadsheet (CSV
# injection): such free-text cells get a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(o: Opportunity, areas: dict[str, Any]) -> list[Any]:
    centre = None if o.remote else postcode_centre(o.postcode, o.easting, o.northing)
    lat, lon = centre if centre is not None else ("", "")
    shifts = list(o.shifts.all())
    area = areas.get(o.la_code)
    org = o.organisation
    return [
        o.pk, opportunity_url(o), _text(o.title), _text(o.description), org.pk, _text(org.name), org.org_id,
        org.website, o.stream, o.cause_id, o.cause.label,
        ";".join(s.code for s in o.required_skills.all()), ";".join(s.code for s in o.desirable_skills.all()),
        o.min_dbs_level, o.min_age, "true" if o.remote else "false", "" if o.remote else o.postcode, lat, lon,
        "" if o.remote else o.la_code, area.name if area and not o.remote else "", o.places, o.schedule_type,
        ";".join(mask_to_slots(o.weekly_slots)) if o.schedule_type == "weekly" else "",
        shifts[0].starts_at.isoformat() if shifts else "",
        "true" if o.paid_youth_placement else "false",
        o.hourly_pay_pence if o.paid_youth_placement and o.hourly_pay_pence is not None else "",
        o.public_service_role, o.published_at.isoformat() if o.published_at else "",
        o.closes_on.isoformat() if o.closes_on else "", o.updated_at.isoformat(),
    ]


def rows(opportunities: Iterable[Opportunity], areas: dict[str, Any]) -> Iterator[list[Any]]:
    yield COLUMNS
    for opportunity in opportunities:
        yield _row(opportunity, areas)
