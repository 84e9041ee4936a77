"""Impact statistics pages: England, each area, an organisation's own numbers, and the CSV downloads.

Public pages read the precomputed tables through the selectors with disclosure control applied (every figure a
`Figure`); nothing here counts rows. An organisation's page shows only that organisation's numbers, to its own
coordinators.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from passport.api.problems import problem
from passport.core.forms import GovukForm
from passport.core.http import login_required
from passport.impact import charts, csv, selectors
from passport.impact.models import Refresh, Statistic
from passport.organisations.selectors import organisation_for_coordinator, organisations_of

ENGLAND = "E92000001"

# Each measure: its label, whether it is money or a proportion (for chart axes), and what it means.
MEASURES: dict[str, tuple[str, str]] = {
    "volunteers_registered": (gettext_lazy("Volunteers registered"), "count"),
    "volunteers_active": (gettext_lazy("Active volunteers"), "count"),
    "hours_confirmed": (gettext_lazy("Hours confirmed"), "count"),
    "value_gbp": (gettext_lazy("Economic value of the hours"), "money"),
    "opportunities_posted": (gettext_lazy("Opportunities posted"), "count"),
    "opportunities_filled": (gettext_lazy("Opportunities filled"), "count"),
    "fill_rate": (gettext_lazy("Fill rate"), "rate"),
    "median_days_to_first_response": (gettext_lazy("Median days to a first reply"), "count"),
    "reserve_callouts": (gettext_lazy("Reserve call-outs"), "count"),
    "reserve_median_minutes_to_fill": (gettext_lazy("Median minutes to fill a call-out"), "count"),
    "support_tasks": (gettext_lazy("Community support tasks"), "count"),
    "support_done_within_24h": (gettext_lazy("Support tasks done within 24 hours"), "count"),
    "organisations": (gettext_lazy("Organisations"), "count"),
}
HEADLINE = ["volunteers_active", "hours_confirmed", "value_gbp", "fill_rate"]
SERIES = ["hours_confirmed", "value_gbp", "volunteers_active", "fill_rate"]
DIMENSIONS = {
    "stream": gettext_lazy("Stream"),
    "cause": gettext_lazy("Cause"),
    "org_size": gettext_lazy("Organisation size (yearly income)"),
}
AREA_TYPES = {
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "la": gettext_lazy("Local authority"),
    "lsoa": gettext_lazy("Neighbourhood (LSOA)"),
}
CHILD_HEADINGS = {
    "country": gettext_lazy("Regions"),
    "region": gettext_lazy("Local authorities"),
    "la": gettext_lazy("Neighbourhoods (LSOAs)"),
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
QUARTERS = {"1": ("January", "March"), "2": ("April", "June"), "3": ("July", "September"),
            "4": ("October", "December")}
CODE = re.compile(r"^[A-Z][0-9]{8}$")


def period_label(period: str) -> str:
    """"2026" -> "2026"; "2026-Q4" -> "October to December 2026"; "2026-11" -> "November 2026"."""
    if period == "all":
        return gettext("All time")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        first, last = QUARTERS[m[2]]
        return f"{gettext(first)} to {gettext(last)} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        month = int(m[2])
        return f"{gettext(MONTHS[month - 1])} {m[1]}" if 1 <= month <= 12 else period
    return period


def default_period(periods: list[str]) -> str:
    """The newest calendar year when there is one, else the newest period of any kind, else "all"."""
    years = [p for p in periods if re.fullmatch(r"\d{4}", p)]
    return years[0] if years else (periods[0] if periods else "all")


class PeriodForm(GovukForm):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        error_messages={"required": gettext_lazy("Select a period"),
                        "invalid_choice": gettext_lazy("Select a period from the list")},
    )

    def __init__(self, data: Any, *, periods: list[str], initial: str = "") -> None:
        super().__init__(data, initial={"period": initial} if initial else None)
        self.periods = periods
        self.fields["period"].choices = [(p, period_label(p)) for p in periods]


# The list of periods and the refresh time, remembered for as long as the statistics stay the same. Both selectors
# read the whole statistics table (millions of rows at national scale: most of an area page's time); every refresh
# adds a Refresh row in the transaction that writes its figures, and a figure added or removed moves the newest or
# oldest id, so those ids (primary key indexes) tell a change.
_remembered: dict[str, Any] = {}


def _statistics_version() -> tuple[Any, ...] | None:
    """The newest figure's id and time, the oldest figure's id and the latest refresh's id, in one query."""
    statistics, refreshes = Statistic._meta.db_table, Refresh._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, s.refreshed_at, (SELECT MIN(id) FROM {statistics}), (SELECT MAX(id) FROM {refreshes}) "
            f"FROM {statistics} s WHERE s.id = (SELECT MAX(id) FROM {statistics})")
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def periods_and_refresh_time() -> tuple[list[str], Any]:
    version = _statistics_version()
    if version is None:
        return [], None
    entry = _remembered.get("entry")
    if entry is None or entry[0] != version:
        # One assignment, so a server thread never reads one refresh's periods with another's time.
        entry = _remembered["entry"] = (version, selectors.periods_available(), selectors.refreshed_at())
    return list(entry[1]), entry[2]


def _period(request: HttpRequest) -> tuple[PeriodForm, str]:
    """The period asked for, validated against the periods the statistics cover; the default when it is bad."""
    periods, _refreshed = periods_and_refresh_time()
    chosen = default_period(periods)
    if "period" not in request.GET:
        return PeriodForm(None, periods=periods or [chosen], initial=chosen), chosen
    form = PeriodForm(request.GET, periods=periods or [chosen])
    if form.is_valid():
        chosen = form.cleaned_data["period"]
    return form, chosen


def _area(code: str) -> Any:
    if not CODE.match(code):
        raise Http404
    try:
        return selectors.area_get(code)
    except selectors.Area.DoesNotExist:
        raise Http404 from None


def _formatter(measure: str) -> charts.Formatter:
    kind = MEASURES.get(measure, ("", "count"))[1]
    if kind == "money":
        return charts.pounds
    if kind == "rate":
        return _percent
    return charts.compact_number


def _percent(value: float) -> str:
    # Fill rates are percentages from 0 to 100.
    return f"{value:.0f}%"


def _label(measure: str) -> str:
    return str(MEASURES.get(measure, (measure.replace("_", " ").capitalize(), ""))[0])


def _has_data(area: Any) -> bool:
    """Whether anything at all has been recorded in the area, in any period.

    Public figures cannot say: a count of 0 is withheld like a count of 3. Saying only that an area has some
    records, never how many, discloses nothing about anyone."""
    return any(f.value for f in selectors.area_measures(area, "all", public=False).values())


def _quarters(periods: list[str]) -> list[str]:
    return sorted(p for p in periods if re.fullmatch(r"\d{4}-Q[1-4]", p))


CHILDREN_PER_PAGE = 100  # a local authority has up to 600-odd neighbourhoods; the CSV download lists them all


def _children_page(area: Any, period: str, page: str | None) -> Any:
    # Disclosure control is worked out over every child (the parent's total less those shown must not give one
    # away), then the list is cut into pages.
    children = selectors.area_children_figures(area, period, "hours_confirmed", public=True)
    return Paginator(children, CHILDREN_PER_PAGE).get_page(page)


def _area_context(area: Any, period: str, periods: list[str], page: str | None = None) -> dict[str, Any]:
    # The period's measures and every quarter's (for the charts) in one read; then the breakdowns in another.
    quarters = _quarters(periods)
    by_period = selectors.area_measures_by_period(area, [period, *quarters], public=True)
    measures = by_period[period]
    context: dict[str, Any] = {
        "area": area,
        "area_type": AREA_TYPES.get(area.type, area.type),
        "period": period,
        "period_label": period_label(period),
        "measures": [(slug, _label(slug), measures[slug]) for slug in MEASURES if slug in measures],
        "headline": [(slug, _label(slug), measures[slug]) for slug in HEADLINE if slug in measures],
        "has_data": _has_data(area),
        "refreshed_at": periods_and_refresh_time()[1],
        "children": _children_page(area, period, page),
        "child_type": CHILD_HEADINGS.get(area.type, ""),
        "ancestors": _ancestors(area),
    }
    if not context["has_data"]:
        return context
    context["series"] = []
    for slug in SERIES:
        rows = [(q, by_period[q][slug]) for q in quarters]
        # A chart of nothing but withheld figures says nothing; the measures table still lists them.
        if any(f.value is not None for _q, f in rows):
            context["series"].append(charts.line_chart(
                chart_id=f"series-{slug.replace('_', '-')}", title=gettext("%(measure)s by quarter")
                % {"measure": _label(slug)}, rows=[(period_label(p), f) for p, f in rows],
                period=gettext("Quarter"), measure=_label(slug), fmt=_formatter(slug)))
    context["breakdowns"] = []
    breakdowns = selectors.area_breakdowns(area, period, "hours_confirmed", list(DIMENSIONS), public=True)
    for dimension, heading in DIMENSIONS.items():
        rows = breakdowns[dimension]
        if rows:
            context["breakdowns"].append(charts.bar_chart(
                chart_id=f"breakdown-{dimension.replace('_', '-')}",
                title=gettext("Hours confirmed by %(dimension)s") % {"dimension": str(heading).lower()},
                rows=[(_category_label(dimension, c), f) for c, f in rows], category=str(heading),
                measure=_label("hours_confirmed")))
    return context


def _category_labels() -> dict[str, dict[str, str]]:
    # Labels for the codes the statistics store; TextChoices only, no other app's tables.
    from passport.core.taxonomy import CAUSES
    from passport.opportunities.models import OpportunityStream
    from passport.organisations.models import IncomeBand

    informal = {"informal": gettext("Informal help (no posted opportunity)")}
    return {
        "stream": {**dict(OpportunityStream.choices), **informal},
        "cause": {**dict(CAUSES), **informal},
        "org_size": dict(IncomeBand.choices),
    }


def _category_label(dimension: str, category: str) -> str:
    if not category:
        return gettext("Not known")
    known = _category_labels().get(dimension, {})
    return str(known.get(category) or category.replace("-", " ").replace("_", " ").capitalize())


def _ancestors(area: Any) -> list[Any]:
    chain = []
    parent = area.parent
    while parent is not None and len(chain) < 5:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def _index_context(period: str, *, parent: Any = None) -> dict[str, Any]:
    scores = selectors.index_table("la", period, parent=parent)
    if not scores:
        return {"index": []}
    rows = [(s.area.name, _decile(s.imd_decile), _score(s.score), _yes(s.left_behind)) for s in scores]
    scatter = charts.scatter_chart(
        chart_id="index-deprivation",
        title=gettext("Social infrastructure index against deprivation"),
        points=[charts.Point(s.area.name, s.imd_decile, s.score, bool(s.left_behind)) for s in scores],
        x_label=gettext("Deprivation decile (1 is the most deprived tenth)"),
        y_label=gettext("Social infrastructure index (0 to 100)"),
        x_range=(0.5, 10.5), y_range=(0, 100),
        highlight_label=gettext("Left behind"), other_label=gettext("Other areas"),
        table_columns=[charts.Column(gettext("Local authority"), numeric=False),
                       charts.Column(gettext("Deprivation decile")), charts.Column(gettext("Index")),
                       charts.Column(gettext("Left behind"), numeric=False)],
        table_rows=rows,
    )
    return {"index": scores, "index_chart": scatter, "left_behind_count": sum(1 for s in scores if s.left_behind)}


def _decile(value: Any) -> str:
    return "[x]" if value is None else str(value)


def _score(value: Any) -> str:
    return "[x]" if value is None else f"{value:.1f}"


def _yes(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def national(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    try:
        area = selectors.area_get(ENGLAND)
    except selectors.Area.DoesNotExist:
        area = None
    context: dict[str, Any] = {"form": form, "period": period, "period_label": period_label(period)}
    if area is not None:
        context.update(_area_context(area, period, form.periods, request.GET.get("page")))
        context.update(_index_context(period))
    return render(request, "impact/national.html", context, status=400 if form.errors else 200)


def area(request: HttpRequest, code: str) -> HttpResponse:
    place = _area(code)
    if place.code == ENGLAND:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"{reverse('impact:national')}{query}")
    form, period = _period(request)
    context = {"form": form, **_area_context(place, period, form.periods, request.GET.get("page"))}
    if place.type == "region":
        context.update(_index_context(period, parent=place))
    if place.type in ("la", "lsoa"):
        context["own_index"] = selectors.index_score(place, period)
    return render(request, "impact/area.html", context, status=400 if form.errors else 200)


def _bad_period(form: PeriodForm) -> HttpResponse:
    message = str(form.errors["period"][0])
    return problem(400, message, errors=[{"field": "query.period", "message": message}])


def area_csv(request: HttpRequest, code: str) -> HttpResponse:
    place = _area(code)
    form, period = _period(request)
    if form.errors:
        return _bad_period(form)
    response = HttpResponse(csv.area_statistics_csv(place, period), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv.filename(place, period)}"'
    response["Link"] = f'<{reverse("impact:area-metadata", args=[place.code])}?period={period}>; rel="describedby"; ' \
        'type="application/csvm+json"'
    return response


def area_metadata(request: HttpRequest, code: str) -> HttpResponse:
    place = _area(code)
    form, period = _period(request)
    if form.errors:
        return _bad_period(form)
    csv_url = request.build_absolute_uri(f"{reverse('impact:area-csv', args=[place.code])}?period={period}")
    return JsonResponse(csv.metadata(place, period, csv_url=csv_url), content_type="application/csvm+json",
                        json_dumps_params={"indent": 2, "ensure_ascii": False})


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    mine = list(organisations_of(request.user).order_by("name"))
    if len(mine) == 1:
        return redirect("impact:organisation", mine[0].pk)
    return render(request, "impact/organisations.html", {"organisations": mine})


@login_required
def organisation(request: HttpRequest, organisation_id: str) -> HttpResponse:
    org = organisation_for_coordinator(request.user, organisation_id)
    if org is None:
        raise Http404
    form, period = _period(request)
    measures = selectors.organisation_measures(org, period)
    context = {
        "organisation": org, "form": form, "period": period, "period_label": period_label(period),
        "measures": [(slug, _label(slug), measures[slug]) for slug in MEASURES if slug in measures],
        "has_data": any(f.value for f in measures.values()), "refreshed_at": periods_and_refresh_time()[1],
    }
    return render(request, "impact/organisation.html", context, status=400 if form.errors else 200)
