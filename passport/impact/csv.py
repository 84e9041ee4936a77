"""The area statistics as open data: a tidy CSV and its CSVW metadata sidecar.

One row per area, period, measure, dimension and category, with disclosure control applied: a withheld figure
has an empty `value` and a `marker` ("[c]" suppressed, "[x]" not available), as the ONS marks its tables. The
metadata (definitions, period, suppression rules, when the figures were refreshed, the source) lives in
`<file>.csv-metadata.json`, where the W3C CSV on the Web primer says a processor looks for it, so the CSV itself stays a
plain table any tool reads. See docs/open-data.md, "Area statistics".
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings

from passport.impact import selectors

COLUMNS = [
    ("area_code", "GSS code of the area", "string"),
    ("area_name", "Name of the area", "string"),
    ("area_type", "country, region, la (local authority) or lsoa (lower layer super output area)", "string"),
    ("parent_code", "GSS code of the area it sits in (empty for England)", "string"),
    ("period", 'The period: "all", a year "2026", a quarter "2026-Q4" or a month "2026-11"', "string"),
    ("measure", "The measure's identifier; see measures in this file for definitions", "string"),
    ("dimension", 'Empty for the whole area, else what the figure is broken down by: "stream", "cause" or '
                  '"org_size"', "string"),
    ("category", "The value of the dimension (empty when dimension is empty)", "string"),
    ("value", "The published figure after disclosure control; empty when withheld", "number"),
    ("marker", '"[c]" withheld to protect confidentiality, "[x]" not available, else empty', "string"),
]

DEFINITIONS: dict[str, str] = {
    "volunteers_registered": "People with a volunteer account whose home postcode is in the area, at the end of "
                             "the period.",
    "volunteers_active": "Volunteers in the area with at least one confirmed hours entry dated in the period.",
    "hours_confirmed": "Hours volunteers logged for a date in the period and an organisation confirmed.",
    "value_gbp": "Replacement cost of the confirmed hours in pounds: each hour valued at the median hourly pay of "
                 "the equivalent paid occupation (ONS method; wage table in passport/impact/wages.py).",
    "opportunities_posted": "Opportunities published in the period at a place in the area.",
    "opportunities_filled": "Of those, opportunities whose places were all taken by accepted volunteers.",
    "fill_rate": "Opportunities filled divided by opportunities posted, a proportion from 0 to 1.",
    "median_days_to_first_response": "Median days from a volunteer's application to the organisation's first "
                                     "reply, over applications made in the period.",
    "reserve_callouts": "National Volunteer Reserve call-outs declared in the period for a place in the area.",
    "reserve_median_minutes_to_fill": "Median minutes from a call-out to its last needed place being confirmed.",
    "support_tasks": "Community support tasks requested in the period in the area.",
    "support_done_within_24h": "Of those, tasks done within 24 hours of the request.",
    "organisations": "Organisations registered with a main address in the area, at the end of the period.",
}

SUPPRESSION_RULES = [
    "Counts of fewer than 10 are withheld and marked [c].",
    "Other counts and sums (hours, pounds) are rounded to the nearest 5.",
    "Rates and medians calculated from fewer than 10 underlying records are withheld and marked [c].",
    "Secondary suppression: where one part of a total is withheld, another part is withheld too, so that the "
    "withheld figure cannot be worked out from the total and the other parts.",
    "A figure that cannot be calculated (for example a rate with nothing to divide by) is marked [x].",
]
SOURCE = "Volunteer Passport service records (hours, opportunities, applications, call-outs), precomputed by the " \
    "impact refresh. Area boundaries and codes: ONS; deprivation: English Indices of Deprivation 2019."
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _areas(area: Any) -> list[Any]:
    """The area, then the areas under it: England lists its regions and every local authority."""
    children = selectors.areas_children(area)
    if area.type == "country":
        return [area] + [a for region in children for a in [region] + selectors.areas_children(region)]
    return [area] + children


def rows(area: Any, period: str) -> list[list[Any]]:
    out: list[list[Any]] = []

    def add(place: Any, measure: str, dimension: str, category: str, figure: Any) -> None:
        if figure.suppressed:
            value, marker = "", "[c]"
        elif figure.value is None:
            value, marker = "", "[x]"
        else:
            value, marker = _number(figure.value), ""
        out.append([place.code, place.name, place.type, place.parent_id or "", period, measure, dimension, category,
                    value, marker])

    for place in _areas(area):
        for measure, figure in selectors.area_measures(place, period, public=True).items():
            add(place, measure, "", "", figure)
    for dimension in ("stream", "cause", "org_size"):
        for category, figure in selectors.area_breakdown(area, period, "hours_confirmed", dimension, public=True):
            add(area, "hours_confirmed", dimension, category, figure)
    return out


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def area_statistics_csv(area: Any, period: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _d, _t in COLUMNS])
    writer.writerows(rows(area, period))
    return buffer.getvalue()


def filename(area: Any, period: str) -> str:
    return f"impact-{area.code}-{period}.csv"


def metadata(area: Any, period: str, *, csv_url: str) -> dict[str, Any]:
    """CSVW metadata for the CSV at `csv_url`: definitions, period, suppression rules, refresh time, source."""
    refreshed = selectors.refreshed_at()
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_url,
        "dc:title": f"Volunteering impact statistics: {area.name} ({area.code}), {period}",
        "dc:description": "Volunteers, hours, economic value, opportunities and fill rates, response times, reserve "
                          "call-outs and community support for an area and the areas within it.",
        "dc:publisher": getattr(settings, "SITE_URL", "") or "Volunteer Passport",
        "dc:source": SOURCE,
        "dc:license": LICENCE,
        "dc:modified": refreshed.isoformat() if refreshed else None,
        "period": period,
        "area": {"code": area.code, "name": area.name, "type": area.type},
        "measures": {slug: {"definition": text} for slug, text in DEFINITIONS.items()},
        "suppression": {"rules": SUPPRESSION_RULES,
                        "markers": {"[c]": "withheld to protect confidentiality", "[x]": "not available"}},
        "tableSchema": {
            "columns": [{"name": name, "titles": name, "dc:description": description,
                         "datatype": datatype, **({"null": ""} if name == "value" else {})}
                        for name, description, datatype in COLUMNS],
        },
    }
