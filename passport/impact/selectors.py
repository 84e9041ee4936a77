"""Reads of impact statistics. Statistics are about areas, never people: public readers get every figure through
disclosure control (`public=True`, the default); only an organisation's own coordinators see its exact numbers,
through `organisation_measures`, which the page must call only for organisations the actor coordinates."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from django.db.models import Case, IntegerField, Max, Q, Value, When

from passport.impact import disclosure
from passport.impact.disclosure import Figure
from passport.impact.models import MEASURE_UNITS, Area, AreaType, IndexScore, Measure, Refresh, Statistic

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


class Cell(NamedTuple):
    """One statistic's value and base, as read (no model instance needed)."""

    value: float | None
    base: int | None


def _figure(measure: str, row: Statistic | Cell | None, *, public: bool) -> Figure:
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
    return area_measures_by_period(area, [period], public=public)[period]


def area_measures_by_period(area: Area, periods: list[str], *,
                            public: bool = True) -> dict[str, dict[str, Figure]]:
    """`area_measures` for several periods of one area, read in one query (an area page shows one period's
    measures, whether anything was ever recorded, and each quarter for its charts)."""
    rows: dict[str, dict[str, Cell]] = {period: {} for period in periods}
    for period, measure, value, base in Statistic.objects.filter(
        area=area, period__in=periods, dimension=""
    ).values_list("period", "measure", "value", "base"):
        rows[period][measure] = Cell(value, base)
    return {
        period: {measure: _figure(measure, cells.get(measure), public=public) for measure in Measure.values}
        for period, cells in rows.items()
    }


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
    return area_breakdowns(area, period, measure, [dimension], public=public)[dimension]


def area_breakdowns(area: Area, period: str, measure: str, dimensions: list[str], *,
                    public: bool = True) -> dict[str, list[tuple[str, Figure]]]:
    """`area_breakdown` for several dimensions, read in one query with the area's total."""
    found: dict[str, list[tuple[str, Cell]]] = {dimension: [] for dimension in dimensions}
    total: Cell | None = None
    for dimension, category, value, base in Statistic.objects.filter(
        area=area, period=period, measure=measure, dimension__in=["", *dimensions]
    ).values_list("dimension", "category", "value", "base"):
        if dimension == "":
            total = Cell(value, base)
        else:
            found[dimension].append((category, Cell(value, base)))
    result: dict[str, list[tuple[str, Figure]]] = {}
    unit, count_based = MEASURE_UNITS[measure]
    for dimension, rows in found.items():
        rows.sort(key=lambda row: (-(row[1].value or 0), row[0]))
        if not public:
            result[dimension] = [(category, _figure(measure, cell, public=False)) for category, cell in rows]
            continue
        _shown, figures = disclosure.protect_parts(
            total.value if total else None,
            {category: cell.value for category, cell in rows},
            count_based=count_based,
            total_base=total.base if total else None,
            bases={category: cell.base for category, cell in rows},
            unit=unit,
        )
        result[dimension] = [(category, figures[category]) for category, _cell in rows]
    return result


class AreaRef(NamedTuple):
    """An area named in a list: enough to show and link it, without a model instance per row."""

    code: str
    name: str
    type: str


def area_children_figures(area: Area, period: str, measure: str, *,
                          public: bool = True) -> list[tuple[AreaRef, Figure]]:
    """The measure for each area within this one (by name), with the same secondary suppression as a breakdown:
    the parent's total less the children shown never reveals a hidden child."""
    children = [AreaRef(*row) for row in Area.objects.filter(parent=area).order_by("name", "code").values_list(
        "code", "name", "type")]
    # By the children's codes, so the lookup uses the (area, period, ...) unique index rather than every area's
    # statistic for the measure (a local authority has hundreds of LSOAs; England has 33,000 areas).
    rows = {
        code: Cell(value, base)
        for code, value, base in Statistic.objects.filter(
            area_id__in=[child.code for child in children], period=period, measure=measure, dimension=""
        ).values_list("area_id", "value", "base")
    }
    if not public:
        return [(child, _figure(measure, rows.get(child.code), public=False)) for child in children]
    unit, count_based = MEASURE_UNITS[measure]
    default = 0.0 if count_based else None
    total = _total(area, period, measure)
    _shown, figures = disclosure.protect_parts(
        total.value if total else None,
        {child.code: (rows[child.code].value if child.code in rows else default) for child in children},
        count_based=count_based,
        total_base=total.base if total else None,
        bases={code: row.base for code, row in rows.items()},
        unit=unit,
    )
    return [(child, figures[child.code]) for child in children]


def _total(area: Area, period: str, measure: str) -> Cell | None:
    # One cell at most (the unique constraint), so no ORDER BY: `.first()` would add one on the primary key, and
    # SQLite then walks the whole table in key order instead of using the unique index.
    found = list(Statistic.objects.filter(area=area, period=period, measure=measure, dimension="").values_list(
        "value", "base")[:1])
    return Cell(*found[0]) if found else None


def index_table(area_type: str, period: str, *, parent: Area | None = None) -> list[IndexScore]:
    """Index scores of every area of a type (optionally within `parent`), strongest first."""
    scores = IndexScore.objects.filter(area__type=area_type, period=period).select_related("area")
    if parent is not None:
        scores = scores.filter(area__parent=parent)
    return list(scores.order_by("rank", "area__name"))


def index_score(area: Area, period: str) -> IndexScore | None:
    """One area's index score for a period (None before the index has one). No ORDER BY, as in `_total`."""
    found = list(IndexScore.objects.filter(area=area, period=period)[:1])
    return found[0] if found else None


def organisation_measures(organisation, period: str) -> dict[str, Figure]:
    """One organisation's own exact numbers for its coordinators (the caller checks the actor coordinates it)."""
    from passport.impact.refresh import organisation_values

    values = organisation_values(organisation, period)
    return {
        measure: disclosure.exact(value, unit=MEASURE_UNITS[measure][0]) for measure, value in values.items()
    }


def refreshed_at() -> dt.datetime | None:
    """When the statistics were last computed, or None before the first refresh: the latest refresh, or the
    newest figure if one was written since (a refresh only rewrites the figures that changed)."""
    times = [Refresh.objects.aggregate(at=Max("finished_at"))["at"],
             Statistic.objects.aggregate(at=Max("refreshed_at"))["at"]]
    known = [moment for moment in times if moment is not None]
    return max(known) if known else None
