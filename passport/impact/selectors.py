"""Reads of impact statistics. Statistics are about areas, never people: public readers get every figure through
disclosure control (`public=True`, the default); only an organisation's own coordinators see its exact numbers,
through `organisation_measures`, which the page must call only for organisations the actor coordinates."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Case, IntegerField, Max, Q, Value, When

from passport.impact import disclosure
from passport.impact.disclosure import Figure
from passport.impact.models import MEASURE_UNITS, Area, AreaType, IndexScore, Measure, Statistic

TYPE_ORDER = Case(
    *(When(type=kind, then=Value(position)) for position, kind in enumerate(AreaType.values)),
    output_field=IntegerField(),
)
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


def area_get(code: str) -> Area:
    """The area with this GSS code; raises Area.DoesNotExist."""
    return Area.objects.select_related("parent").get(code=(code or "").strip().upper())


def areas_children(area: Area) -> list[Area]:
    return list(Area.objects.filter(parent=area).order_by("name", "code"))


def area_search(query: str, limit: int = 20) -> list[Area]:
    """Areas whose name contains the words, or whose code is the query; bigger areas first."""
    query = (query or "").strip()
    if not query:
        return []
    found = Area.objects.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return list(found.annotate(order=TYPE_ORDER).order_by("order", "name", "code")[:limit])


def _period_key(period: str) -> tuple[int, str]:
    # "all" first, then years, quarters and months, each newest first.
    if period == "all":
        return (0, "")
    if re.fullmatch(r"\d{4}", period):
        return (1, period)
    if QUARTER.match(period):
        return (2, period)
    return (3, period)


def periods_available() -> list[str]:
    """Periods with statistics: "all", then calendar years, quarters and months, each newest first."""
    periods = set(Statistic.objects.values_list("period", flat=True).distinct())
    ordered = sorted(periods, key=_period_key)
    groups: dict[int, list[str]] = {}
    for period in ordered:
        groups.setdefault(_period_key(period)[0], []).append(period)
    return [period for group in sorted(groups) for period in sorted(groups[group], reverse=True)]


def _figure(measure: str, row: Statistic | None, *, public: bool) -> Figure:
    unit, count_based = MEASURE_UNITS[measure]
    if row is None:
        # Nothing recorded: a count of nothing is zero; a rate or median of nothing is not available.
        value, base = (0.0, 0) if count_based else (None, 0)
    else:
        value, base = row.value, row.base
    if not public:
        return disclosure.exact(value, unit=unit)
    return disclosure.protect(value, count_based=count_based, base=base, unit=unit)


def area_measures(area: Area, period: str, *, public: bool = True) -> dict[str, Figure]:
    """Every measure for the area and period, in Measure order; disclosure control applied when public."""
    rows = {row.measure: row for row in Statistic.objects.filter(area=area, period=period, dimension="")}
    return {measure: _figure(measure, rows.get(measure), public=public) for measure in Measure.values}


def area_series(area: Area, measure: str, *, public: bool = True) -> list[tuple[str, Figure]]:
    """The measure for each quarter that has statistics anywhere, oldest first."""
    quarters = sorted({p for p in periods_available() if QUARTER.match(p)})
    rows = {
        row.period: row
        for row in Statistic.objects.filter(area=area, measure=measure, dimension="", period__in=quarters)
    }
    return [(quarter, _figure(measure, rows.get(quarter), public=public)) for quarter in quarters]


def area_breakdown(area: Area, period: str, measure: str, dimension: str, *,
                   public: bool = True) -> list[tuple[str, Figure]]:
    """The measure by stream, cause or organisation size, largest first, with secondary suppression when public
    (so no hidden category can be recovered from the area's total and the categories shown)."""
    rows = list(Statistic.objects.filter(area=area, period=period, measure=measure, dimension=dimension))
    rows.sort(key=lambda row: (-(row.value or 0), row.category))
    if not public:
        return [(row.category, _figure(measure, row, public=False)) for row in rows]
    unit, count_based = MEASURE_UNITS[measure]
    total = Statistic.objects.filter(area=area, period=period, measure=measure, dimension="").first()
    _shown, figures = disclosure.protect_parts(
        total.value if total else None,
        {row.category: row.value for row in rows},
        count_based=count_based,
        total_base=total.base if total else None,
        bases={row.category: row.base for row in rows},
        unit=unit,
    )
    return [(row.category, figures[row.category]) for row in rows]


def area_children_figures(area: Area, period: str, measure: str, *,
                          public: bool = True) -> list[tuple[Area, Figure]]:
    """The measure for each area within this one (by name), with the same secondary suppression as a breakdown:
    the parent's total less the children shown never reveals a hidden child."""
    children = areas_children(area)
    rows = {
        row.area_id: row
        for row in Statistic.objects.filter(area__parent=area, period=period, measure=measure, dimension="")
    }
    if not public:
        return [(child, _figure(measure, rows.get(child.code), public=False)) for child in children]
    unit, count_based = MEASURE_UNITS[measure]
    default = 0.0 if count_based else None
    total = Statistic.objects.filter(area=area, period=period, measure=measure, dimension="").first()
    _shown, figures = disclosure.protect_parts(
        total.value if total else None,
        {child.code: (rows[child.code].value if child.code in rows else default) for child in children},
        count_based=count_based,
        total_base=total.base if total else None,
        bases={code: row.base for code, row in rows.items()},
        unit=unit,
    )
    return [(child, figures[child.code]) for child in children]


def index_table(area_type: str, period: str, *, parent: Area | None = None) -> list[IndexScore]:
    """Index scores of every area of a type (optionally within `parent`), strongest first."""
    scores = IndexScore.objects.filter(area__type=area_type, period=period).select_related("area")
    if parent is not None:
        scores = scores.filter(area__parent=parent)
    return list(scores.order_by("rank", "area__name"))


def organisation_measures(organisation, period: str) -> dict[str, Figure]:
    """One organisation's own exact numbers for its coordinators (the caller checks the actor coordinates it)."""
    from passport.impact.refresh import organisation_values

    values = organisation_values(organisation, period)
    return {
        measure: disclosure.exact(value, unit=MEASURE_UNITS[measure][0]) for measure, value in values.items()
    }


def refreshed_at() -> dt.datetime | None:
    """When the statistics were last computed, or None before the first refresh."""
    return Statistic.objects.aggregate(at=Max("refreshed_at"))["at"]
