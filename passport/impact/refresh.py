"""Recompute every impact statistic and the index with set-based SQL. Definitions: docs/impact.md.

Each measure is one GROUP BY query per period grain over the live tables, grouped by the local authority each
record belongs to (and, for whole years and all time, by LSOA too, through the point-to-LSOA table). Regions and
England are sums of their local authorities, which is exact because every record belongs to one authority.
Medians need the underlying values, so those few queries return one number per record and numpy takes the medians.
Nothing loops over hours entries or volunteers in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from passport.impact import areas as area_files
from passport.impact import wages
from passport.impact.models import MEASURE_UNITS, Area, AreaType, IndexScore, Measure, Statistic

GRAINS = ("all", "year", "quarter", "month")
# LSOAs and breakdowns get whole years and all time only: finer cells would be mostly suppressed and many.
COARSE = ("all", "year")
DIMENSIONS = ("stream", "cause", "org_size")
INFORMAL = "informal"  # the stream and cause of hours given outside any posted opportunity

Key = tuple[str, str, str, str, str]  # area, period, measure, dimension, category
MEDIANS = {Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE, Measure.RESERVE_MEDIAN_MINUTES_TO_FILL}


@dataclass
class RefreshReport:
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    statistics: int = 0
    index_scores: int = 0
    points_located: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def period_sql(column: str, grain: str) -> str:
    """SQL giving the period key ("2026", "2026-Q4", "2026-11" or "all") of a date or UTC timestamp column."""
    if grain == "all":
        return "'all'"
    if connection.vendor == "postgresql":
        fmt = {"year": "YYYY", "quarter": 'YYYY-"Q"Q', "month": "YYYY-MM"}[grain]
        return f"to_char({column}, '{fmt}')"
    if grain == "year":
        return f"strftime('%%Y', {column})"
    if grain == "month":
        return f"strftime('%%Y-%%m', {column})"
    return f"(strftime('%%Y', {column}) || '-Q' || ((CAST(strftime('%%m', {column}) AS INTEGER) + 2) / 3))"


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


def _query(sql: str, params: Iterable = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


@dataclass(frozen=True)
class Fact:
    """One family of measures over one table: FROM/WHERE, where its records are, and its aggregates."""

    source: str  # FROM ... JOIN ... (no WHERE)
    where: str
    la: str  # SQL for the record's local authority code
    easting: str
    northing: str
    date: str
    aggregates: dict[str, str]  # measure -> SQL aggregate
    categories: dict[str, str]  # dimension -> SQL for the category
    params: tuple = ()

    def rows(self, grain: str, *, dimension: str = "", by_lsoa: bool = False) -> Iterator[tuple]:
        """(la, lsoa or None, period, category, *aggregates) for each group."""
        lsoa = "p.lsoa_id" if by_lsoa else "NULL"
        join = (f" LEFT JOIN {_table('impact.PointArea')} p ON p.easting = {self.easting}"
                f" AND p.northing = {self.northing}") if by_lsoa else ""
        category = self.categories[dimension] if dimension else "''"
        group = "1, 2, 3, 4" if by_lsoa else "1, 3, 4"
        aggregates = ", ".join(self.aggregates.values())
        sql = (f"SELECT {self.la} AS la, {lsoa} AS lsoa, {period_sql(self.date, grain)} AS period, "
               f"{category} AS category, {aggregates} FROM {self.source}{join} WHERE {self.where} GROUP BY {group}")
        yield from _query(sql, self.params)


def _facts() -> list[Fact]:
    volunteers = _table("volunteers.Volunteer")
    opportunities, organisations = _table("opportunities.Opportunity"), _table("organisations.Organisation")
    applications = _table("opportunities.Application")
    consents = _table("volunteers.StreamConsent")
    volunteer_causes = apps.get_model("volunteers.Volunteer").causes.through._meta.db_table
    opportunity_la = "COALESCE(NULLIF(o.la_code, ''), g.la_code)"
    return [
        Fact(
            source=f"{volunteers} v", where="v.erased_at IS NULL",
            la="v.la_code", easting="v.easting", northing="v.northing", date="v.created_at",
            aggregates={Measure.VOLUNTEERS_REGISTERED: "COUNT(*)"}, categories={},
        ),
        Fact(
            source=(f"{volunteers} v JOIN {consents} c ON c.volunteer_id = v.id AND c.withdrawn_at IS NULL"),
            where="v.erased_at IS NULL",
            la="v.la_code", easting="v.easting", northing="v.northing", date="v.created_at",
            aggregates={Measure.VOLUNTEERS_REGISTERED: "COUNT(DISTINCT v.id)"}, categories={"stream": "c.stream"},
        ),
        Fact(
            source=f"{volunteers} v JOIN {volunteer_causes} vc ON vc.volunteer_id = v.id",
            where="v.erased_at IS NULL",
            la="v.la_code", easting="v.easting", northing="v.northing", date="v.created_at",
            aggregates={Measure.VOLUNTEERS_REGISTERED: "COUNT(DISTINCT v.id)"}, categories={"cause": "vc.cause_id"},
        ),
        Fact(
            source=f"{organisations} g", where="1 = 1",
            la="g.la_code", easting="g.easting", northing="g.northing", date="g.created_at",
            aggregates={Measure.ORGANISATIONS: "COUNT(*)"}, categories={"org_size": "g.income_band"},
        ),
        Fact(
            source=f"{opportunities} o JOIN {organisations} g ON g.id = o.organisation_id",
            where="o.published_at IS NOT NULL",
            la=opportunity_la, easting="COALESCE(o.easting, g.easting)", northing="COALESCE(o.northing, g.northing)",
            date="o.published_at",
            aggregates={
                Measure.OPPORTUNITIES_POSTED: "COUNT(*)",
                Measure.OPPORTUNITIES_FILLED: (
                    "SUM(CASE WHEN o.status = 'filled' OR (SELECT COUNT(*) FROM "
                    f"{applications} a WHERE a.opportunity_id = o.id AND a.status = 'accepted') >= o.places "
                    "THEN 1 ELSE 0 END)"),
                "opportunities_remote": "SUM(CASE WHEN o.remote THEN 1 ELSE 0 END)",
            },
            categories={"stream": "o.stream", "cause": "o.cause_id", "org_size": "g.income_band"},
        ),
    ]


class Cells:
    """Figures being built: value and base per (area, period, measure, dimension, category)."""

    def __init__(self) -> None:
        self.values: dict[Key, float] = defaultdict(float)
        self.bases: dict[Key, int] = {}

    def add(self, key: Key, value: float) -> None:
        self.values[key] += value

    def get(self, area: str, period: str, measure: str, dimension: str = "", category: str = "") -> float:
        return self.values.get((area, period, measure, dimension, category), 0.0)


def _collect_facts(cells: Cells, facts: list[Fact], la_parent: dict[str, str], lsoas: bool) -> None:
    for fact in facts:
        measures = list(fact.aggregates)
        plans = [(grain, "", False) for grain in GRAINS]
        plans += [(grain, dimension, False) for grain in COARSE for dimension in fact.categories]
        if lsoas:
            plans += [(grain, "", True) for grain in COARSE]
        for grain, dimension, by_lsoa in plans:
            if not dimension and fact.aggregates.keys() == {Measure.VOLUNTEERS_REGISTERED} and \
                    "JOIN" in fact.source:
                continue  # the consent and cause joins only make breakdowns; the plain count is the total
            for la, lsoa, period, category, *values in fact.rows(grain, dimension=dimension, by_lsoa=by_lsoa):
                if by_lsoa:
                    if lsoa is None:
                        continue
                    area = lsoa
                elif la in la_parent:
                    area = la
                else:
                    continue  # outside England, or not placed: in no area's figures
                for measure, value in zip(measures, values, strict=True):
                    if value:
                        cells.add((area, str(period), measure, dimension, category or ""), float(value))


def _hours_sql(table: wages.WageTable, *, grain: str, dimension: str, by_lsoa: bool) -> tuple[str, list]:
    """Confirmed hours for one period grain and breakdown, in one statement: entries are first summed per
    volunteer, period and category (a parallel hash aggregate over the entries alone), and only those sums are
    joined to volunteers for their place, so counting each volunteer once is a COUNT(*) over per-volunteer rows
    rather than a COUNT(DISTINCT) over every entry.

    Rows: (la, lsoa or NULL, period, category, hours, value, volunteers).
    """
    hours, volunteers = _table("activity.HoursEntry"), _table("volunteers.Volunteer")
    opportunities, organisations = _table("opportunities.Opportunity"), _table("organisations.Organisation")
    rates = sorted(table.by_cause.items())
    value_case = "CASE o.cause_id " + " ".join("WHEN %s THEN %s" for _ in rates) + " ELSE %s END"
    params = [p for cause, wage in rates for p in (cause, float(wage.hourly_gbp))] + [float(table.fallback.hourly_gbp)]
    joins = f"LEFT JOIN {opportunities} o ON o.id = h.opportunity_id"
    if dimension == "org_size":
        joins += f" JOIN {organisations} g ON g.id = h.organisation_id"
    category = {"": "''", "stream": f"COALESCE(o.stream, '{INFORMAL}')",
                "cause": f"COALESCE(o.cause_id, '{INFORMAL}')", "org_size": "g.income_band"}[dimension]
    lsoa, place, group = "NULL", "", "1, 3, 4"
    if by_lsoa:
        lsoa, group = "p.lsoa_id", "1, 2, 3, 4"
        place = (f" LEFT JOIN {_table('impact.PointArea')} p ON p.easting = v.easting"
                 " AND p.northing = v.northing")
    sql = (
        f"SELECT v.la_code, {lsoa}, d.period, d.category, SUM(d.hrs), SUM(d.val), COUNT(*) FROM ("
        f"SELECT h.volunteer_id AS person, {period_sql('h.date', grain)} AS period, {category} AS category, "
        f"SUM(h.hours) AS hrs, SUM(h.hours * {value_case}) AS val FROM {hours} h {joins} "
        f"WHERE h.status = 'confirmed' GROUP BY 1, 2, 3"
        f") d JOIN {volunteers} v ON v.id = d.person{place} GROUP BY {group}"
    )
    return sql, params


def _collect_hours(cells: Cells, table: wages.WageTable, la_parent: dict[str, str], lsoas: bool) -> None:
    """Hours, value and active volunteers for every grain (and, for years and all time, each breakdown; grouped by
    LSOA too when there are LSOAs: each volunteer is in one, so an authority's figures are the sum of its rows)."""
    measures = (Measure.HOURS_CONFIRMED, Measure.VALUE_GBP, Measure.VOLUNTEERS_ACTIVE)
    plans = [(grain, "", lsoas and grain in COARSE) for grain in GRAINS]
    plans += [(grain, dimension, False) for grain in COARSE for dimension in DIMENSIONS]
    for grain, dimension, by_lsoa in plans:
        sql, params = _hours_sql(table, grain=grain, dimension=dimension, by_lsoa=by_lsoa)
        for la, lsoa, period, category, *values in _query(sql, params):
            areas = ([la] if la in la_parent else []) + ([lsoa] if lsoa else [])
            for area in areas:
                for measure, value in zip(measures, values, strict=True):
                    if value:
                        cells.add((area, str(period), measure, dimension, category or ""), float(value))


def _roll_up(cells: Cells, la_parent: dict[str, str], region_parent: dict[str, str]) -> None:
    """Add each local authority's figures into its region and England (every record has one authority)."""
    for (area, period, measure, dimension, category), value in list(cells.values.items()):
        if area in la_parent and measure not in MEDIANS:
            region = la_parent[area]
            cells.add((region, period, measure, dimension, category), value)
            if region in region_parent:
                cells.add((region_parent[region], period, measure, dimension, category), value)


def _medians(cells: Cells, measure: str, rows: list[tuple], levels: dict[str, dict[str, str]]) -> None:
    """rows: (la, lsoa, year, quarter, month, value). Median of value per area and period, with base = count."""
    if not rows:
        return
    la = np.array([r[0] or "" for r in rows], dtype=object)
    lsoa = np.array([r[1] or "" for r in rows], dtype=object)
    periods = {"all": np.full(len(rows), "all", dtype=object),
               "year": np.array([str(r[2]) for r in rows], dtype=object),
               "quarter": np.array([str(r[3]) for r in rows], dtype=object),
               "month": np.array([str(r[4]) for r in rows], dtype=object)}
    values = np.array([float(r[5]) for r in rows])
    la_parent, region_parent = levels["la"], levels["region"]
    region = np.array([la_parent.get(code, "") for code in la], dtype=object)
    country = np.array([region_parent.get(code, "") for code in region], dtype=object)
    for area_codes, grains in ((la, GRAINS), (region, GRAINS), (country, GRAINS), (lsoa, COARSE)):
        for grain in grains:
            keys = area_codes + "|" + periods[grain]
            unique, inverse = np.unique(keys.astype(str), return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.flatnonzero(np.diff(inverse[order])) + 1
            for group, members in zip(unique, np.split(order, bounds), strict=True):
                code, period = group.split("|", 1)
                if not code:
                    continue
                key = (code, period, measure, "", "")
                cells.values[key] = float(np.median(values[members]))
                cells.bases[key] = int(len(members))


def _response_rows(lsoas: bool) -> list[tuple]:
    applications = _table("opportunities.Application")
    opportunities, organisations = _table("opportunities.Opportunity"), _table("organisations.Organisation")
    lsoa = "p.lsoa_id" if lsoas else "NULL"
    join = (f" LEFT JOIN {_table('impact.PointArea')} p ON p.easting = COALESCE(o.easting, g.easting)"
            " AND p.northing = COALESCE(o.northing, g.northing)") if lsoas else ""
    sql = (f"SELECT COALESCE(NULLIF(o.la_code, ''), g.la_code), {lsoa}, {period_sql('a.submitted_at', 'year')}, "
           f"{period_sql('a.submitted_at', 'quarter')}, {period_sql('a.submitted_at', 'month')}, "
           f"{_days_between('a.first_response_at', 'a.submitted_at')} "
           f"FROM {applications} a JOIN {opportunities} o ON o.id = a.opportunity_id "
           f"JOIN {organisations} g ON g.id = o.organisation_id{join} WHERE a.first_response_at IS NOT NULL")
    return _query(sql)


def _period_keys(moment: dt.datetime) -> tuple[str, str, str]:
    moment = moment.astimezone(dt.UTC)
    return (f"{moment:%Y}", f"{moment:%Y}-Q{(moment.month - 1) // 3 + 1}", f"{moment:%Y-%m}")


def _las_of_postcodes(postcodes: Iterable[str]) -> dict[str, str]:
    from passport.core import geo

    found = {}
    for postcode in set(postcodes):
        try:
            found[postcode] = geo.lookup(postcode).la_code
        except geo.PostcodeError:
            continue
    return found


def _collect_reserve(cells: Cells, la_parent: dict[str, str], levels: dict[str, dict[str, str]]) -> None:
    """Call-outs and the minutes each filled need took, by the incident's local authority. Incidents are few."""
    from django.db.models import Count

    from passport.reserve.models import CallOut, CallOutStatus, Incident, IncidentNeed

    incidents = list(Incident.objects.annotate(n=Count("callouts")).values_list("id", "postcode", "created_at", "n"))
    if not incidents:
        return
    las = _las_of_postcodes(postcode for _id, postcode, _at, _n in incidents)
    where = {}
    for incident_id, postcode, created_at, callouts in incidents:
        la = las.get(postcode)
        if la not in la_parent:
            continue
        where[incident_id] = (la, created_at)
        year, quarter, month = _period_keys(created_at)
        for period in ("all", year, quarter, month):
            if callouts:
                cells.add((la, period, Measure.RESERVE_CALLOUTS, "", ""), float(callouts))
    # A need is filled when its count-th confirmation arrives; minutes from the incident being declared.
    confirmed: dict = defaultdict(list)
    for need_id, replied_at in CallOut.objects.filter(
        status=CallOutStatus.CONFIRMED, replied_at__isnull=False, incident_id__in=list(where)
    ).values_list("need_id", "replied_at"):
        confirmed[need_id].append(replied_at)
    rows = []
    for need_id, incident_id, count in IncidentNeed.objects.filter(incident_id__in=list(where)).values_list(
        "id", "incident_id", "count"
    ):
        replies = sorted(confirmed.get(need_id, []))
        if count and len(replies) >= count:
            la, declared = where[incident_id]
            minutes = (replies[count - 1] - declared).total_seconds() / 60
            rows.append((la, None, *_period_keys(declared), max(minutes, 0.0)))
    _medians(cells, Measure.RESERVE_MEDIAN_MINUTES_TO_FILL, rows, levels)


def _collect_support(cells: Cells, la_parent: dict[str, str]) -> None:
    """Community support tasks done, and done within 24 hours of being posted, by the task's local authority."""
    if not apps.is_installed("passport.support"):
        return
    from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
    from django.db.models.functions import TruncDate

    SupportTask = apps.get_model("support", "SupportTask")
    took = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    grouped = (SupportTask.objects.filter(status="done", closed_at__isnull=False).annotate(took=took)
               .values("postcode", day=TruncDate("created_at", tzinfo=dt.UTC))
               .annotate(done=Count("id"), quick=Count("id", filter=Q(took__lte=dt.timedelta(hours=24)))))
    grouped = list(grouped)
    las = _las_of_postcodes(row["postcode"] for row in grouped)
    for row in grouped:
        la = las.get(row["postcode"])
        if la not in la_parent:
            continue
        day = row["day"]
        for period in ("all", f"{day:%Y}", f"{day:%Y}-Q{(day.month - 1) // 3 + 1}", f"{day:%Y-%m}"):
            cells.add((la, period, Measure.SUPPORT_TASKS, "", ""), float(row["done"]))
            if row["quick"]:
                cells.add((la, period, Measure.SUPPORT_DONE_WITHIN_24H, "", ""), float(row["quick"]))


def _derive(cells: Cells) -> None:
    """Rates and the bases of sums: fill rate = filled / posted; hours and value rest on the volunteers behind
    them."""
    for key, value in list(cells.values.items()):
        area, period, measure, dimension, category = key
        if measure == Measure.OPPORTUNITIES_POSTED and value:
            filled = cells.get(area, period, Measure.OPPORTUNITIES_FILLED, dimension, category)
            rate_key = (area, period, Measure.FILL_RATE, dimension, category)
            cells.values[rate_key] = 100.0 * filled / value
            cells.bases[rate_key] = int(value)
        elif measure in (Measure.HOURS_CONFIRMED, Measure.VALUE_GBP):
            cells.bases[key] = int(cells.get(area, period, Measure.VOLUNTEERS_ACTIVE, dimension, category))


def compute(*, now: dt.datetime | None = None) -> tuple[Cells, dict[str, dict[str, str]], list[str]]:
    """Every figure, before disclosure control, with the area hierarchy used."""
    notes = []
    la_parent = dict(Area.objects.filter(type=AreaType.LA).values_list("code", "parent_id"))
    region_parent = dict(Area.objects.filter(type=AreaType.REGION).values_list("code", "parent_id"))
    levels = {"la": la_parent, "region": region_parent}
    lsoas = Area.objects.filter(type=AreaType.LSOA).exists()
    if not lsoas:
        notes.append("No LSOAs yet (run `passport import imd FILE`): figures by local authority and above only.")
    table = wages.current()
    cells = Cells()
    if connection.vendor == "postgresql":
        # Let the per-volunteer hash aggregates stay in memory rather than spill to disk, for these queries only.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
            _collect_facts(cells, _facts(), la_parent, lsoas)
            _collect_hours(cells, table, la_parent, lsoas)
    else:
        _collect_facts(cells, _facts(), la_parent, lsoas)
        _collect_hours(cells, table, la_parent, lsoas)
    _collect_reserve(cells, la_parent, levels)
    _collect_support(cells, la_parent)
    _roll_up(cells, la_parent, region_parent)
    _medians(cells, Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE, _response_rows(lsoas), levels)
    _derive(cells)
    return cells, levels, notes


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, executemany elsewhere (no model instances either way)."""
    table = model._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        for start in range(0, len(rows), 50_000):
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows[start:start + 50_000])


def refresh_all(*, now: dt.datetime | None = None) -> RefreshReport:
    """Recompute every statistic and index score from the live tables, replacing the previous ones at once."""
    from passport.impact.index import index_compute

    now = now or timezone.now()
    report = RefreshReport(started_at=timezone.now())
    if not area_files.ensure_geography():
        report.notes.append("No areas: the local authority codes file is missing from GEO_DATA_DIR.")
    report.points_located = area_files.locate_points()
    cells, _levels, notes = compute(now=now)
    report.notes.extend(notes)
    stamp = connection.ops.adapt_datetimefield_value(now)
    statistics = [
        (*key, value, cells.bases.get(key), MEASURE_UNITS[key[2]][1], stamp)
        for key, value in cells.values.items()
        if key[2] in MEASURE_UNITS
    ]
    scores = [
        (s.area_id, s.period, s.civic_assets, s.connectedness, s.active_community, s.score, s.imd_decile,
         s.left_behind, s.rank)
        for s in index_compute(cells, now=now)
    ]
    with transaction.atomic():
        Statistic.objects.all().delete()
        _insert(Statistic, ["area_id", "period", "measure", "dimension", "category", "value", "base", "count_based",
                            "refreshed_at"], statistics)
        IndexScore.objects.all().delete()
        _insert(IndexScore, ["area_id", "period", "civic_assets", "connectedness", "active_community", "score",
                             "imd_decile", "left_behind", "rank"], scores)
    report.statistics, report.index_scores = len(statistics), len(scores)
    report.finished_at = timezone.now()
    return report


def period_bounds(period: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a period key; None for "all". Raises ValueError for a key that is not a period."""
    if period == "all":
        return None
    if len(period) == 4:
        year = int(period)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if "-Q" in period:
        year, quarter = int(period[:4]), int(period[-1])
        if not 1 <= quarter <= 4:
            raise ValueError(period)
        start = dt.date(year, 3 * quarter - 2, 1)
    else:
        year, month = int(period[:4]), int(period[5:])
        start = dt.date(year, month, 1)
        quarter = 0
    months = 3 if quarter else 1
    end_month = start.month + months
    end = dt.date(start.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def organisation_values(organisation, period: str) -> dict[str, float | None]:
    """One organisation's exact measures for a period (its own numbers, computed live from its records)."""
    from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

    from passport.activity.models import EntryStatus, HoursEntry
    from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus

    bounds = period_bounds(period)
    hours = HoursEntry.objects.filter(organisation=organisation, status=EntryStatus.CONFIRMED)
    opportunities = Opportunity.objects.filter(organisation=organisation, published_at__isnull=False)
    answered = Application.objects.filter(opportunity__organisation=organisation, first_response_at__isnull=False)
    if bounds:
        # Periods are UTC days, as in the refresh.
        since = dt.datetime.combine(bounds[0], dt.time(), tzinfo=dt.UTC)
        until = dt.datetime.combine(bounds[1] + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        hours = hours.filter(date__range=bounds)
        opportunities = opportunities.filter(published_at__gte=since, published_at__lt=until)
        answered = answered.filter(submitted_at__gte=since, submitted_at__lt=until)
    table = wages.current()
    by_cause = hours.values("opportunity__cause_id").annotate(h=Sum("hours"))
    value = sum(float(row["h"]) * float(table.rate(row["opportunity__cause_id"])) for row in by_cause)
    totals = hours.aggregate(h=Sum("hours"), v=Count("volunteer", distinct=True))
    accepted = Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED))
    posted = opportunities.count()
    filled = sum(
        1 for status, places, n in opportunities.annotate(n=accepted).values_list("status", "places", "n")
        if status == OpportunityStatus.FILLED or n >= places
    )
    took = ExpressionWrapper(F("first_response_at") - F("submitted_at"), output_field=DurationField())
    days = [d.total_seconds() / 86400 for d in answered.annotate(took=took).values_list("took", flat=True)]
    values: dict[str, float | None] = {measure: None for measure in Measure.values}
    values.update({
        Measure.VOLUNTEERS_ACTIVE: float(totals["v"] or 0),
        Measure.HOURS_CONFIRMED: float(totals["h"] or 0),
        Measure.VALUE_GBP: round(value, 2),
        Measure.OPPORTUNITIES_POSTED: float(posted),
        Measure.OPPORTUNITIES_FILLED: float(filled),
        Measure.FILL_RATE: 100.0 * filled / posted if posted else None,
        Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE: float(np.median(days)) if days else None,
    })
    return values
