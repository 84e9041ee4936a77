"""Recompute every impact statistic and the index, and write the ones that changed. Definitions and method:
docs/impact.md ("The refresh").

Hours, their value, active volunteers and registrations come from running tallies (passport.impact.tally) kept up to
date by the services that change them, so the refresh never reads the hours entries or the volunteers. Organisations
and opportunities are one GROUP BY each, by local authority, LSOA and month. Regions and England are sums of their
local authorities, which is exact because every record belongs to one authority. Medians need the underlying
values: one number per answered application, grouped in numpy, in a second thread. Nothing loops over hours entries
or volunteers in Python.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from passport.core.dbsettings import postgres_settings
from passport.impact import areas as area_files
from passport.impact import tally, wages
from passport.impact.models import MEASURE_UNITS, Area, AreaType, IndexScore, Measure, Refresh, Statistic
from passport.impact.sql import COARSE, GRAINS, period_group_sql, period_keys, period_text, periods_of
from passport.impact.sql import query as _query
from passport.impact.sql import table as _table

Key = tuple[str, str, str, str, str]  # area, period, measure, dimension, category
MEDIANS = {Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE, Measure.RESERVE_MEDIAN_MINUTES_TO_FILL}


@dataclass
class RefreshReport:
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    statistics: int = 0
    index_scores: int = 0
    points_located: int = 0
    changed: int = 0  # statistics and index scores written or removed
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds each part took, for the benchmark

    @property
    def seconds(self) -> float:
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"(CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS double precision) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


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

    def rows(self, *, dimensions: tuple[str, ...], lsoas: bool) -> list[tuple]:
        """(la, lsoa or None, month, *categories, *aggregates) for each group; the LSOA is None when the point is
        not located, or when there are no LSOAs (lsoas=False)."""
        lsoa = "p.lsoa_id" if lsoas else "NULL"
        join = (f" LEFT JOIN {_table('impact.PointArea')} p ON p.easting = {self.easting}"
                f" AND p.northing = {self.northing}") if lsoas else ""
        columns = [self.la, lsoa, period_group_sql(self.date, "month"), *(self.categories[d] for d in dimensions)]
        group = ", ".join(str(n) for n in range(1, len(columns) + 1))
        sql = (f"SELECT {', '.join(columns)}, {', '.join(self.aggregates.values())} FROM {self.source}{join} "
               f"WHERE {self.where} GROUP BY {group}")
        return [(row[0], row[1], period_text(row[2], "month"), *row[3:]) for row in _query(sql)]


def _facts() -> list[Fact]:
    opportunities, organisations = _table("opportunities.Opportunity"), _table("organisations.Organisation")
    applications = _table("opportunities.Application")
    opportunity_la = "COALESCE(NULLIF(o.la_code, ''), g.la_code)"
    # Each opportunity's accepted applications, counted in one pass rather than once per opportunity.
    accepted = (f"LEFT JOIN (SELECT opportunity_id, COUNT(*) AS n FROM {applications} WHERE status = 'accepted' "
                "GROUP BY opportunity_id) acc ON acc.opportunity_id = o.id")
    return [
        Fact(
            source=f"{organisations} g", where="1 = 1",
            la="g.la_code", easting="g.easting", northing="g.northing", date="g.created_at",
            aggregates={Measure.ORGANISATIONS: "COUNT(*)"}, categories={"org_size": "g.income_band"},
        ),
        Fact(
            source=f"{opportunities} o JOIN {organisations} g ON g.id = o.organisation_id {accepted}",
            where="o.published_at IS NOT NULL",
            la=opportunity_la, easting="COALESCE(o.easting, g.easting)", northing="COALESCE(o.northing, g.northing)",
            date="o.published_at",
            aggregates={
                Measure.OPPORTUNITIES_POSTED: "COUNT(*)",
                Measure.OPPORTUNITIES_FILLED: (
                    "SUM(CASE WHEN o.status = 'filled' OR COALESCE(acc.n, 0) >= o.places THEN 1 ELSE 0 END)"),
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


def _add_all(totals: dict[tuple, list[float]], measures: list[str], cells: Cells, key_of: Callable) -> None:
    values = cells.values
    for group, sums in totals.items():
        for measure, value in zip(measures, sums, strict=True):
            if value:
                for key in key_of(group, measure):
                    values[key] += value


def _collect_facts(cells: Cells, facts: list[Fact], la_parent: dict[str, str], lsoas: bool) -> None:
    """One statement a fact, by local authority, LSOA and month with every breakdown at once (at most a row per
    record: opportunities and organisations are few). Rows are summed by authority and month (totals), by
    authority, year and category (breakdowns) and by LSOA and year, then spread over the periods they count in
    (coarser periods are sums of months, as each record has one month)."""
    for fact in facts:
        measures = [str(m) for m in fact.aggregates]
        dimensions = tuple(fact.categories)
        totals: dict[tuple, list[float]] = {}
        breakdowns: dict[tuple, list[float]] = {}
        neighbourhoods: dict[tuple, list[float]] = {}
        width = len(dimensions)
        for la, lsoa, period, *rest in fact.rows(dimensions=dimensions, lsoas=lsoas):
            values = [float(v or 0) for v in rest[width:]]
            year = period[:4]
            targets = [(neighbourhoods, (lsoa, year))] if lsoa else []
            if la in la_parent:  # else outside England, or not placed: in no authority's figures
                targets.append((totals, (la, period)))
                targets += [(breakdowns, (la, year, dimension, category or ""))
                            for dimension, category in zip(dimensions, rest[:width], strict=True)]
            for sums, key in targets:
                found = sums.get(key)
                if found is None:
                    sums[key] = list(values)
                else:
                    for i, value in enumerate(values):
                        found[i] += value
        _add_all(totals, measures, cells, lambda group, measure: [
            (group[0], period, measure, "", "") for period in periods_of(group[1]).values()])
        _add_all(breakdowns, measures, cells, lambda group, measure: [
            (group[0], period, measure, group[2], group[3]) for period in ("all", group[1])])
        _add_all(neighbourhoods, measures, cells, lambda group, measure: [
            (group[0], period, measure, "", "") for period in ("all", group[1])])


def _counted(area: str, dimension: str, la_parent: dict[str, str], lsoas: set[str]) -> bool:
    """Whether a tally cell is in the figures: English authorities with any breakdown, LSOAs without (cells
    outside England, or of an unplaced volunteer, are in none)."""
    return area in la_parent or (not dimension and area in lsoas)


def _collect_registrations(cells: Cells, la_parent: dict[str, str], lsoas: set[str]) -> None:
    """Volunteers registered from the registrations tally (passport.impact.tally), whose cells are this measure's
    cells for local authorities and LSOAs."""
    measure = str(Measure.VOLUNTEERS_REGISTERED)
    values = cells.values
    for area, period, dimension, category, people in tally.registration_rows():
        if _counted(area, dimension, la_parent, lsoas):
            values[(area, period, measure, dimension, category)] += people


def _collect_hours(cells: Cells, la_parent: dict[str, str], lsoas: set[str]) -> None:
    """Hours, value and active volunteers from the hours tally (passport.impact.tally), whose cells are these
    measures' cells for local authorities and LSOAs."""
    hours_m, value_m, active_m = (str(m) for m in (Measure.HOURS_CONFIRMED, Measure.VALUE_GBP,
                                                    Measure.VOLUNTEERS_ACTIVE))
    values = cells.values
    for area, period, dimension, category, hours, value, people in tally.rows():
        if people and _counted(area, dimension, la_parent, lsoas):
            values[(area, period, hours_m, dimension, category)] += hours
            values[(area, period, value_m, dimension, category)] += value
            values[(area, period, active_m, dimension, category)] += people


def _roll_up(cells: Cells, la_parent: dict[str, str], region_parent: dict[str, str]) -> None:
    """Add each local authority's figures into its region and England (every record has one authority)."""
    values = cells.values
    medians = {str(m) for m in MEDIANS}
    for key, value in [(key, value) for key, value in values.items() if key[0] in la_parent]:
        area, period, measure, dimension, category = key
        if measure in medians:
            continue
        region = la_parent[area]
        values[(region, period, measure, dimension, category)] += value
        if region in region_parent:
            values[(region_parent[region], period, measure, dimension, category)] += value


def _codes(names: list[str]) -> tuple[list[str], dict[str, int]]:
    ordered = sorted(set(names))
    return ordered, {name: i for i, name in enumerate(ordered)}


def _ids(column: tuple, index: dict[Any, int]) -> np.ndarray:
    """Each row's integer code (-1 where the value has none), looked up once a distinct value."""
    lookup = {value: index.get(value, -1) for value in set(column)}
    return np.fromiter(map(lookup.__getitem__, column), dtype=np.int64, count=len(column))


def _group_runs(groups: np.ndarray, ranks: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort rows by group and, within a group, by value rank; return the sorted ranks and each run's group and
    start. One integer sort of group << bits | rank is several times quicker than a stable argsort by group."""
    if not groups.size:
        return groups, groups, groups
    if int(groups.max()) < 1 << (62 - bits):
        keys = np.sort((groups << bits) | ranks)
        ordered_groups, ordered_ranks = keys >> bits, keys & ((1 << bits) - 1)
    else:  # too many groups to pack beside the ranks
        order = np.lexsort((ranks, groups))
        ordered_groups, ordered_ranks = groups[order], ranks[order]
    starts = np.flatnonzero(np.r_[True, ordered_groups[1:] != ordered_groups[:-1]])
    return ordered_ranks, ordered_groups[starts], starts


def _medians(cells: Cells, measure: str, rows: list[tuple], levels: dict[str, dict[str, str]]) -> None:
    """rows: (la, lsoa or None, month as period_group_sql gives it, value). Median of value per area and period,
    with base = count.

    Vectorised: values are ranked once; for each level (local authority, region, England, LSOA) and grain every
    row gets an integer group (area × period), one sort puts each group's ranks in order, and the median is read
    off the middle of each run."""
    if not rows:
        return
    la_parent, region_parent = levels["la"], levels["region"]
    # Columns by itemgetter: zip(*rows) of 800,000 rows took 0.9 s, these take a few hundredths each.
    la_of, lsoa_of, month_of, raw = (tuple(map(itemgetter(i), rows)) for i in range(4))
    values = np.asarray(raw, dtype=np.float64)
    order = np.argsort(values)
    values = values[order]
    ranks = np.empty(len(rows), dtype=np.int64)
    ranks[order] = np.arange(len(rows), dtype=np.int64)
    bits = max(1, len(rows).bit_length())
    month_keys = sorted(set(month_of))
    month_ids = _ids(month_of, {value: i for i, value in enumerate(month_keys)})
    months = [period_text(value, "month") for value in month_keys]
    las, la_index = _codes([code for code in set(la_of) if code in la_parent])
    regions, region_index = _codes([la_parent[code] or "" for code in las])
    countries, country_index = _codes([region_parent.get(code) or "" for code in regions])
    lsoas, lsoa_index = _codes([code for code in set(lsoa_of) if code])
    la_ids, lsoa_ids = _ids(la_of, la_index), _ids(lsoa_of, lsoa_index)
    region_of_la = np.array([region_index[la_parent[code] or ""] for code in las] + [-1], dtype=np.int64)
    country_of_region = np.array([country_index[region_parent.get(code) or ""] for code in regions] + [-1],
                                 dtype=np.int64)
    region_ids = region_of_la[la_ids]  # -1 indexes the trailing -1: no authority, no region
    country_ids = country_of_region[region_ids]
    grain_periods = {grain: [periods_of(month)[grain] for month in months] for grain in GRAINS}
    for names, ids, grains in ((las, la_ids, GRAINS), (regions, region_ids, GRAINS),
                               (countries, country_ids, GRAINS), (lsoas, lsoa_ids, COARSE)):
        keep = ids >= 0
        kept_ids, kept_ranks, kept_months = ids[keep], ranks[keep], month_ids[keep]
        for grain in grains:
            periods, period_index = _codes(grain_periods[grain])
            period_of_month = np.array([period_index[p] for p in grain_periods[grain]], dtype=np.int64)
            groups = kept_ids * len(periods) + period_of_month[kept_months]
            ordered, unique, starts = _group_runs(groups, kept_ranks, bits)
            counts = np.diff(np.r_[starts, ordered.size])
            medians = (values[ordered[starts + (counts - 1) // 2]] + values[ordered[starts + counts // 2]]) / 2
            for group, median, count in zip(unique.tolist(), medians.tolist(), counts.tolist(), strict=True):
                code = names[group // len(periods)]
                if not code:
                    continue
                key = (code, periods[group % len(periods)], measure, "", "")
                cells.values[key] = median
                cells.bases[key] = count


def _response_rows(lsoas: bool) -> list[tuple]:
    """(la, lsoa or None, month, days from submission to first reply) for every answered application.

    Each opportunity's place is worked out once (a materialised CTE of 100,000 rows) rather than once for each of
    its applications, and the applications are read from the answered_applications index alone: 5.2 s to 2.2 s on
    SQLite, 2.2 s to 1.6 s on PostgreSQL, for 800,000 answers."""
    applications = _table("opportunities.Application")
    opportunities, organisations = _table("opportunities.Opportunity"), _table("organisations.Organisation")
    lsoa = "p.lsoa_id" if lsoas else "NULL"
    join = (f" LEFT JOIN {_table('impact.PointArea')} p ON p.easting = COALESCE(o.easting, g.easting)"
            " AND p.northing = COALESCE(o.northing, g.northing)") if lsoas else ""
    sql = (f"WITH places AS MATERIALIZED (SELECT o.id, COALESCE(NULLIF(o.la_code, ''), g.la_code) AS la, "
           f"{lsoa} AS lsoa FROM {opportunities} o JOIN {organisations} g ON g.id = o.organisation_id{join}) "
           f"SELECT places.la, places.lsoa, {period_group_sql('a.submitted_at', 'month')}, "
           f"{_days_between('a.first_response_at', 'a.submitted_at')} "
           f"FROM places JOIN {applications} a ON a.opportunity_id = places.id WHERE a.first_response_at IS NOT NULL")
    return _query(sql)


def _period_keys(moment: dt.datetime) -> tuple[str, str, str]:
    moment = moment.astimezone(dt.UTC)
    keys = period_keys(moment.year, moment.month)
    return keys["year"], keys["quarter"], keys["month"]


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
            rows.append((la, None, _period_keys(declared)[2], max(minutes, 0.0)))
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
    values, bases = cells.values, cells.bases
    posted_m, filled_m, rate_m = (str(m) for m in (Measure.OPPORTUNITIES_POSTED, Measure.OPPORTUNITIES_FILLED,
                                                   Measure.FILL_RATE))
    summed, active_m = {str(Measure.HOURS_CONFIRMED), str(Measure.VALUE_GBP)}, str(Measure.VOLUNTEERS_ACTIVE)
    wanted = summed | {posted_m}
    for key, value in [(key, value) for key, value in values.items() if key[2] in wanted]:
        area, period, measure, dimension, category = key
        if measure == posted_m:
            if value:
                rate_key = (area, period, rate_m, dimension, category)
                values[rate_key] = 100.0 * values.get((area, period, filled_m, dimension, category), 0.0) / value
                bases[rate_key] = int(value)
        else:
            bases[key] = int(values.get((area, period, active_m, dimension, category), 0.0))


def _analytic_session() -> AbstractContextManager[None]:
    """PostgreSQL settings for a few big GROUP BYs, while they run: no JIT (compiling each statement cost more than
    it saved) and no parallel workers (on 2 cores each rebuilt the same hash). More work_mem was tried and made the
    reply times' join slower (one big serial hash instead of a parallel one)."""
    return postgres_settings(jit="off", max_parallel_workers_per_gather="0")


def _check_tallies(table: wages.WageTable) -> tuple[list[str], float]:
    """Check both tallies against the tables, rebuilding either if it differs: why each was rebuilt, and the
    seconds it took."""
    started = time.perf_counter()
    reasons = [reason for reason in (tally.ensure_current(table), tally.registrations_current()) if reason]
    return reasons, round(time.perf_counter() - started, 3)


def _response_medians(lsoas: bool, levels: dict[str, dict[str, str]]) -> tuple[Cells, float]:
    started = time.perf_counter()
    cells = Cells()
    _medians(cells, Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE, _response_rows(lsoas), levels)
    return cells, round(time.perf_counter() - started, 3)


class Alongside:
    """Work started alongside the refresh's own: `result()` waits for it, `cancel()` abandons it. `where` says
    how it ran: "process", "thread" or "inline"."""

    def __init__(self, where: str, result: Callable[[], Any], cancel: Callable[[], None] = lambda: None) -> None:
        self.where, self.result, self.cancel = where, result, cancel


def _alongside(work: Callable[..., Any], *args: Any, separate: bool | None = None, thread: bool = True) -> Alongside:
    """Start `work` beside the caller, with its own database connection and the refresh's session settings.

    - In a forked process where the platform can fork: its Python and numpy work then runs on another core instead
      of taking turns with this thread for the interpreter lock (for the medians a second thread saved 0.9 s of
      7 s; a process overlaps nearly all of them).
    - In a second thread when the database is SQLite in memory (a test's), which another process cannot open, or
      the platform cannot fork; at once in this thread instead if `thread` is False (work that writes, which SQLite
      in memory would refuse while this connection reads).
    - At once in this thread inside a transaction (a test, or a caller's atomic block): another connection would
      not see the transaction's uncommitted rows. `separate=True` allows another connection inside a transaction
      that has written nothing `work` reads."""
    forkable = "fork" in multiprocessing.get_all_start_methods() and not (
        connection.vendor == "sqlite" and connection.is_in_memory_db())
    if separate is None:
        separate = not connection.in_atomic_block
    if not separate or not (forkable or thread):
        result = work(*args)
        return Alongside("inline", lambda: result)

    def run() -> Any:
        try:
            with _analytic_session():
                return work(*args)
        finally:
            connection.close()  # this thread's own connection

    if forkable:
        return _in_process(run)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="impact-refresh")
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return Alongside("thread", future.result)


def _in_process(run: Callable[[], Any]) -> Alongside:
    """Run `run` in a forked child and hand its (pickled) result back through a pipe. The child does the work in
    a new thread, so Django opens a connection for it and never touches the one inherited from this process."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        receive.close()
        outcome: list[tuple[str, Any]] = []

        def work() -> None:
            try:
                outcome.append(("ok", run()))
            except Exception as error:  # reported to the parent, which raises it there
                outcome.append(("error", f"{type(error).__name__}: {error}"))

        thread = threading.Thread(target=work, name="impact-refresh")
        thread.start()
        thread.join()
        send.send(outcome[0] if outcome else ("error", "no result"))
        send.close()

    process = context.Process(target=child, name="impact-refresh", daemon=True)
    process.start()
    send.close()

    def result() -> Any:
        try:
            status, value = receive.recv()
        except EOFError:  # it died before answering
            status, value = "error", None
        finally:
            receive.close()
            process.join()
        if status != "ok":
            reason = value if value is not None else f"it ended with exit code {process.exitcode}"
            raise RuntimeError(f"a helper process of the impact refresh failed: {reason}")
        return value

    def cancel() -> None:
        process.kill()
        process.join()
        receive.close()

    return Alongside("process", result, cancel)


@contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    phases[name] = phases.get(name, 0.0) + round(time.perf_counter() - started, 3)


def compute(*, now: dt.datetime | None = None, phases: dict[str, float] | None = None,
            ) -> tuple[Cells, dict[str, dict[str, str]], list[str]]:
    """Every figure, before disclosure control, with the area hierarchy used (and, in `phases`, the seconds each
    part took)."""
    phases = {} if phases is None else phases
    notes = []
    la_parent = dict(Area.objects.filter(type=AreaType.LA).values_list("code", "parent_id"))
    region_parent = dict(Area.objects.filter(type=AreaType.REGION).values_list("code", "parent_id"))
    levels = {"la": la_parent, "region": region_parent}
    lsoas = Area.objects.filter(type=AreaType.LSOA).exists()
    if not lsoas:
        notes.append("No LSOAs yet (run `passport import imd FILE`): figures by local authority and above only.")
    table = wages.current()
    # The medians read a million answered applications and sort them in numpy: done alongside the rest.
    medians = _alongside(_response_medians, lsoas, levels)
    # The tally checks are mostly the database's work (counting 8.5M confirmed entries): done while the
    # organisations and opportunities are read, and waited for before the tallies are.
    checks = _alongside(_check_tallies, table, thread=False)
    try:
        cells = Cells()
        with _timed(phases, "organisations, opportunities"):
            _collect_facts(cells, _facts(), la_parent, lsoas)
        with _timed(phases, "waiting for the tally checks"):
            reasons, seconds = checks.result()
        phases[f"tally checks ({checks.where})"] = seconds
        notes += reasons
        with _timed(phases, "registrations, hours, value, active volunteers (tallies)"):
            lsoa_codes = (set(Area.objects.filter(type=AreaType.LSOA).values_list("code", flat=True)) if lsoas
                          else set())
            _collect_registrations(cells, la_parent, lsoa_codes)
            _collect_hours(cells, la_parent, lsoa_codes)
        with _timed(phases, "reserve and support"):
            _collect_reserve(cells, la_parent, levels)
            _collect_support(cells, la_parent)
        with _timed(phases, "roll-ups"):
            _roll_up(cells, la_parent, region_parent)
    except BaseException:
        medians.cancel()
        checks.cancel()
        raise
    with _timed(phases, "waiting for the medians"):
        found, seconds = medians.result()
    phases[f"median days to first response ({medians.where})"] = seconds
    cells.values.update(found.values)
    cells.bases.update(found.bases)
    with _timed(phases, "rates"):
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


def _same(old: tuple, new: tuple) -> bool:
    """Equal values, floats to within rounding (sums come out of the database in no fixed order)."""
    if old == new:
        return True
    for a, b in zip(old, new, strict=True):
        if isinstance(a, float) and isinstance(b, float):
            if abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b)):
                return False
        elif a != b and not (a is None and b is None):
            return False
    return True


def _update(model, columns: list[str], rows: list[tuple]) -> None:
    """Set `columns` of many rows at once, each row given as (id, *values): on PostgreSQL through a temporary
    table filled by COPY and one UPDATE ... FROM; elsewhere by executemany."""
    if not rows:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            changes = f"{table}_changes"
            cursor.execute(f"DROP TABLE IF EXISTS {changes}")
            cursor.execute(f"CREATE TEMPORARY TABLE {changes} AS SELECT id, {', '.join(columns)} FROM {table} "
                           "WITH NO DATA")
            with cursor.cursor.copy(f"COPY {changes} (id, {', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"UPDATE {table} t SET {', '.join(f'{c} = c.{c}' for c in columns)} "
                           f"FROM {changes} c WHERE t.id = c.id")
            cursor.execute(f"DROP TABLE {changes}")
            return
        assignments = ", ".join(f"{c} = %s" for c in columns)
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", [(*row[1:], row[0]) for row in rows])


def _compare(table: str, keys: list[str], values: list[str], lookup: Callable[[tuple], tuple | None],
             more: Callable[[tuple], tuple], where: str = "1 = 1") -> tuple[list[int], list[tuple], int]:
    """Read the stored rows `where` says and compare each with the figures by its key: the ids of rows no longer
    wanted, (id, *values, *extra) of rows whose values changed, and how many stored rows are wanted."""
    width = len(keys)
    stale, changed, found = [], [], 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(keys)}, {', '.join(values)}, id FROM {table} WHERE {where}")
        for row in cursor.fetchall():
            key = row[:width]
            new = lookup(key)
            if new is None:
                stale.append(row[-1])
                continue
            found += 1
            old = row[width:-1]
            if old != new and not _same(old, new):
                changed.append((row[-1], *new, *more(key)))
    return stale, changed, found


@dataclass
class Difference:
    """What a table needs to hold the figures wanted: ids to remove, (id, *values, *extra) to update, and whole rows
    (*key, *values, *extra) to add."""

    stale: list[int]
    changed: list[tuple]
    added: list[tuple]


def _difference(table: str, keys: list[str], values: list[str], wanted: Collection[tuple],
                lookup: Callable[[tuple], tuple | None], more: Callable[[tuple], tuple] = lambda key: (), *,
                split: bool = False) -> Difference:
    """How the table differs from the `wanted` keys (key columns) with the values `lookup` gives each (value
    columns; None for a key not wanted). `more` gives the extra columns of a key, written with its values but
    never making a row differ.

    The hourly refresh changes a few percent of a million figures: rewriting them all took most of its time. Each
    stored row is looked up by its key columns as fetched, so the figures need no second index built. With
    `split`, a forked process compares the rows with odd ids while this one compares the even (it reads the table
    as committed, so the caller must hold the table against other writers and have written nothing to it yet)."""
    if split:
        odd = _alongside(_compare, table, keys, values, lookup, more, "id % 2 = 1", separate=True)
        try:
            stale, changed, found = _compare(table, keys, values, lookup, more, "id % 2 = 0")
        except BaseException:
            odd.cancel()
            raise
        more_stale, more_changed, more_found = odd.result()
        stale, changed, found = stale + more_stale, changed + more_changed, found + more_found
    else:
        stale, changed, found = _compare(table, keys, values, lookup, more)
    added: list[tuple] = []
    if found < len(wanted):  # some wanted keys are not stored yet (the first refresh, a new area or period)
        present = set(_query(f"SELECT {', '.join(keys)} FROM {table}"))
        added = [(*key, *lookup(key), *more(key)) for key in wanted if key not in present]
    return Difference(stale, changed, added)


def _apply(model, columns: list[str], difference: Difference, width: int) -> int:
    """Remove, update in place (deleting and inserting took twice as long) and add what `_difference` found; the
    first `width` columns are the key. Returns how many rows changed."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [difference.stale])
        else:
            for start in range(0, len(difference.stale), 10_000):  # SQLite takes up to 32,766 parameters
                batch = difference.stale[start:start + 10_000]
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(batch))})", batch)
    _update(model, columns[width:], difference.changed)
    _insert(model, columns, difference.added)
    return len(difference.stale) + len(difference.changed) + len(difference.added)


def refresh_all(*, now: dt.datetime | None = None) -> RefreshReport:
    """Recompute every statistic and index score from the live tables and the tallies, then write the ones
    that changed, all in one transaction, so readers see the previous refresh or this one, never a mixture."""
    now = now or timezone.now()
    report = RefreshReport(started_at=timezone.now())
    if not area_files.ensure_geography():
        report.notes.append("No areas: the local authority codes file is missing from GEO_DATA_DIR.")
    with _timed(report.phases, "placing new points"):
        # Organisations' and opportunities' points; volunteers' are placed by the tallies as they count them.
        report.points_located = area_files.locate_points(volunteers=False)
    with _analytic_session():
        cells, _levels, notes = compute(now=now, phases=report.phases)
    report.notes.extend(notes)
    stamp = connection.ops.adapt_datetimefield_value(now)
    # What is stored: every figure but the index's own inputs (such as remote opportunities), each with its base.
    values, bases = cells.values, cells.bases.get
    published = [key for key in values if key[2] in MEASURE_UNITS]
    based = {measure for measure, (_unit, count) in MEASURE_UNITS.items() if not count}  # counts have no base

    def statistic(key: tuple) -> tuple | None:
        value = values.get(key)
        if value is None:
            return None
        measure = key[2]
        if measure in based:
            return value, bases(key)
        return (value, None) if measure in MEASURE_UNITS else None

    separate = not connection.in_atomic_block  # whether other connections see what this one has committed
    with _timed(report.phases, "writing"), transaction.atomic():
        if connection.vendor == "postgresql":
            # One refresh writes at a time; pages go on reading the figures as they were until this one commits.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Statistic._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        # The index is worked out, and compared with the stored scores, alongside the figures' comparison (a
        # forked process has its own copy of the figures).
        index = _alongside(_index_difference, cells, now, separate=separate)
        try:
            figures = _difference(Statistic._meta.db_table, STATISTIC_KEY, ["value", "base"], published, statistic,
                                  lambda key: (MEASURE_UNITS[key[2]][1], stamp), split=separate)
            changed = _apply(Statistic, [*STATISTIC_KEY, "value", "base", "count_based", "refreshed_at"], figures,
                             len(STATISTIC_KEY))
            with _timed(report.phases, "waiting for the index"):
                scores, count, seconds = index.result()
        except BaseException:
            index.cancel()
            raise
        report.phases[f"index ({index.where})"] = seconds
        changed += _apply(IndexScore, [*INDEX_KEY, *INDEX_VALUES], scores, len(INDEX_KEY))
        report.statistics, report.index_scores, report.changed = len(published), count, changed
        report.finished_at = timezone.now()
        Refresh.objects.create(finished_at=report.finished_at, seconds=report.seconds, statistics=len(published),
                               changed=changed)
    return report


STATISTIC_KEY = ["area_id", "period", "measure", "dimension", "category"]
INDEX_KEY = ["area_id", "period"]
INDEX_VALUES = ["civic_assets", "connectedness", "active_community", "score", "imd_decile", "left_behind", "rank"]


def _index_difference(cells: Cells, now: dt.datetime) -> tuple[Difference, int, float]:
    """Every index score, compared with the stored ones: the difference, how many scores there are, and the
    seconds it took."""
    from passport.impact.index import index_compute

    started = time.perf_counter()
    scores = {(s.area_id, s.period): (s.civic_assets, s.connectedness, s.active_community, s.score, s.imd_decile,
                                      s.left_behind, s.rank) for s in index_compute(cells, now=now)}
    difference = _difference(IndexScore._meta.db_table, INDEX_KEY, INDEX_VALUES, scores, scores.get)
    return difference, len(scores), round(time.perf_counter() - started, 3)


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
