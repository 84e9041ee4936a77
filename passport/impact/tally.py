"""Two running totals the refresh reads instead of the biggest tables (docs/impact.md, "The refresh"):

- the hours tally: confirmed hours, their value and the volunteers behind them, in the cells of the refresh's
  hours measures: an entry counts in its volunteer's local authority for all time, each year, quarter and month,
  broken down by stream, cause and organisation size for all time and each year, and in the volunteer's LSOA for
  all time and each year; a volunteer counts once in each cell where they have confirmed hours;
- the registrations tally: volunteers not erased, by the authority and month they registered in, by stream and
  cause (all time and years), and by LSOA.

How they stay right:
- Services that change what a volunteer contributes do it between a snapshot of the volunteer's cells and the
  application of the difference: `recounting(volunteer)` for hours (confirming, moving house, erasure) and
  `registration_before` / `registration_after` for registrations (registering, profile changes, erasure). The
  volunteer is locked by the caller, so their cells cannot race; cells are added to with `INSERT ... ON CONFLICT DO
  UPDATE`, in a fixed order, so concurrent volunteers do not deadlock.
- `TallyState` records, for each tally, what it was built with (wage table, LSOAs) and counts of what it holds.
  `ensure_current()` and `registrations_current()` (run by every refresh) compare them with the tables and rebuild
  the tally set-based when anything differs: a new wage table or IMD import, or rows written by another path (a
  bulk load, the admin, the demo loader).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from passport.core.bulk import insert_rows
from passport.impact import wages
from passport.impact.models import Area, AreaType, HoursTally, PointArea, RegistrationTally, TallyState
from passport.impact.sql import (
    COARSE,
    DIMENSIONS,
    GRAINS,
    INFORMAL,
    period_group_sql,
    period_keys,
    period_sql,
    period_text,
    periods_of,
    query,
    table,
)

CellKey = tuple[str, str, str, str]  # area, period, dimension, category
STATE_ID = 1  # the hours tally's TallyState
REGISTRATIONS_ID = 2  # the registrations tally's


@dataclass
class Cell:
    hours: float = 0.0
    value: float = 0.0


def fingerprint(wage_table: wages.WageTable) -> str:
    """What the tally's values and cells depend on besides the entries: the wages and the LSOAs."""
    rates = sorted((cause, str(w.hourly_gbp)) for cause, w in wage_table.by_cause.items())
    text = f"{rates}|{wage_table.fallback.hourly_gbp}|{_lsoa_fingerprint()}"
    return hashlib.sha256(text.encode()).hexdigest()


# -- one volunteer ------------------------------------------------------------------------------------------------

def _lsoa_of(easting: int | None, northing: int | None) -> str | None:
    from passport.impact.areas import locate_point

    if easting is None or northing is None:
        return None
    found = PointArea.objects.filter(easting=easting, northing=northing).values_list("lsoa_id", flat=True).first()
    return found or locate_point(easting, northing)


@dataclass
class HoursSnapshot:
    cells: dict[CellKey, Cell]
    entries: int
    hours: float


def volunteer_hours(volunteer_id, *, wage_table: wages.WageTable) -> HoursSnapshot:
    """The cells a volunteer's confirmed hours count in at the place stored for them now, and the number and sum
    of those entries, from one read of their entries."""
    from passport.activity.models import EntryStatus, HoursEntry
    from passport.volunteers.models import Volunteer

    la, easting, northing = Volunteer.objects.filter(pk=volunteer_id).values_list(
        "la_code", "easting", "northing").get()
    entries = list(HoursEntry.objects.filter(volunteer_id=volunteer_id, status=EntryStatus.CONFIRMED).values_list(
        "date", "hours", "opportunity__stream", "opportunity__cause_id", "organisation__income_band"))
    cells: dict[CellKey, Cell] = defaultdict(Cell)
    lsoa = _lsoa_of(easting, northing) if entries else None
    total = 0.0
    for day, hours, stream, cause, band in entries:
        hours = float(hours)
        total += hours
        value = hours * float(wage_table.rate(cause))
        periods = period_keys(day.year, day.month)
        keys: list[CellKey] = []
        if la:
            keys += [(la, periods[grain], "", "") for grain in GRAINS]
            categories = {"stream": stream or INFORMAL, "cause": cause or INFORMAL, "org_size": band or ""}
            keys += [(la, periods[grain], dimension, categories[dimension])
                     for grain in COARSE for dimension in DIMENSIONS]
        if lsoa:
            keys += [(lsoa, periods[grain], "", "") for grain in COARSE]
        for key in keys:
            cell = cells[key]
            cell.hours += hours
            cell.value += value
    return HoursSnapshot(cells, len(entries), total)


def _upsert(model, columns: list[str], changes: list[tuple]) -> None:
    """Add each change's values to its cell (area, period, dimension, category), creating cells as needed."""
    if not changes:
        return
    name = model._meta.db_table
    sql = (f"INSERT INTO {name} (area_code, period, dimension, category, {', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * (4 + len(columns)))}) "
           "ON CONFLICT (area_code, period, dimension, category) DO UPDATE SET "
           + ", ".join(f"{c} = {name}.{c} + excluded.{c}" for c in columns))
    with connection.cursor() as cursor:
        cursor.executemany(sql, changes)


def _apply(before: dict[CellKey, Cell], after: dict[CellKey, Cell]) -> None:
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        hours = (new.hours if new else 0.0) - (old.hours if old else 0.0)
        value = (new.value if new else 0.0) - (old.value if old else 0.0)
        people = (1 if new else 0) - (1 if old else 0)
        if hours or value or people:
            changes.append((*key, hours, value, people))
    _upsert(HoursTally, ["hours", "value", "volunteers"], changes)


@contextmanager
def recounting(volunteer) -> Iterator[None]:
    """Apply to the tally whatever the enclosed change does to this volunteer's cells: more confirmed hours, a
    new place, erasure. Call inside the changing transaction with the volunteer locked (select_for_update); the
    change must be saved by the end of the block, as the cells are read back from the database."""
    if not connection.in_atomic_block:
        raise RuntimeError("recounting() must run inside the transaction that makes the change")
    # Locking the state row first serialises this with a rebuild (which holds it throughout) and makes the
    # entries' count and sum move with the tally.
    state = TallyState.objects.select_for_update().filter(pk=STATE_ID).first()
    if state is None:  # never built: the first refresh builds it from the entries
        yield
        return
    table = wages.current()
    before = volunteer_hours(volunteer.pk, wage_table=table)
    yield
    after = volunteer_hours(volunteer.pk, wage_table=table)
    _apply(before.cells, after.cells)
    if after.entries != before.entries or after.hours != before.hours:
        TallyState.objects.filter(pk=STATE_ID).update(entries=state.entries + after.entries - before.entries,
                                                      hours=state.hours + after.hours - before.hours)


# -- registrations ------------------------------------------------------------------------------------------------

def registration_cells(volunteer_id) -> tuple[set[CellKey], tuple[int, int, int]]:
    """The "volunteers registered" cells one volunteer counts in (none once erased), and what they add to the
    state's counts: (1 if not erased, live consents, causes chosen)."""
    from passport.volunteers.models import StreamConsent, Volunteer

    if volunteer_id is None:
        return set(), (0, 0, 0)
    la, easting, northing, created, erased = Volunteer.objects.filter(pk=volunteer_id).values_list(
        "la_code", "easting", "northing", "created_at", "erased_at").get()
    streams = list(StreamConsent.objects.filter(volunteer_id=volunteer_id, withdrawn_at__isnull=True)
                   .values_list("stream", flat=True))
    causes = list(Volunteer.causes.through.objects.filter(volunteer_id=volunteer_id)
                  .values_list("cause_id", flat=True))
    counts = (0 if erased else 1, len(streams), len(causes))
    if erased:
        return set(), counts
    created = created.astimezone(dt.UTC)
    periods = period_keys(created.year, created.month)
    cells: set[CellKey] = set()
    if la:
        cells.update((la, periods[grain], "", "") for grain in GRAINS)
        for dimension, categories in (("stream", streams), ("cause", causes)):
            cells.update((la, periods[grain], dimension, category) for grain in COARSE for category in categories)
    lsoa = _lsoa_of(easting, northing)
    if lsoa:
        cells.update((lsoa, periods[grain], "", "") for grain in COARSE)
    return cells, counts


@dataclass
class RegistrationSnapshot:
    state: TallyState | None
    cells: set[CellKey]
    counts: tuple[int, int, int]


def registration_before(volunteer_id) -> RegistrationSnapshot:
    """Call before changing a volunteer's registration (None for one about to register), inside the transaction
    and with the volunteer locked; pass the result to registration_after() once the change is made."""
    if not connection.in_atomic_block:
        raise RuntimeError("registration_before() must run inside the transaction that makes the change")
    state = TallyState.objects.select_for_update().filter(pk=REGISTRATIONS_ID).first()
    if state is None:  # never built: the first refresh builds it
        return RegistrationSnapshot(None, set(), (0, 0, 0))
    return RegistrationSnapshot(state, *registration_cells(volunteer_id))


def registration_after(before: RegistrationSnapshot, volunteer_id) -> None:
    """Add the difference the change made to the volunteer's cells, and to the state's counts."""
    if before.state is None:
        return
    cells, counts = registration_cells(volunteer_id)
    changes = [(*key, 1 if key in cells else -1) for key in sorted(cells ^ before.cells)]
    _upsert(RegistrationTally, ["volunteers"], changes)
    delta = [a - b for a, b in zip(counts, before.counts, strict=True)]
    if any(delta):
        TallyState.objects.filter(pk=REGISTRATIONS_ID).update(
            entries=before.state.entries + delta[0], consents=before.state.consents + delta[1],
            causes=before.state.causes + delta[2])


def _registration_live() -> tuple[int, int, int]:
    volunteers, consents = table("volunteers.Volunteer"), table("volunteers.StreamConsent")
    causes = _causes_table()
    (people,), = query(f"SELECT COUNT(*) FROM {volunteers} WHERE erased_at IS NULL")
    (live,), = query(f"SELECT COUNT(*) FROM {consents} WHERE withdrawn_at IS NULL")
    (chosen,), = query(f"SELECT COUNT(*) FROM {causes}")
    return int(people), int(live), int(chosen)


def registration_rebuild() -> int:
    """Build the registrations tally from the volunteers, set-based; returns how many tally rows."""
    from passport.impact.areas import locate_points

    lsoas = Area.objects.filter(type=AreaType.LSOA).exists()
    volunteers, consents = table("volunteers.Volunteer"), table("volunteers.StreamConsent")
    causes = _causes_table()
    month, year = period_group_sql("v.created_at", "month"), period_group_sql("v.created_at", "year")
    with transaction.atomic():
        TallyState.objects.get_or_create(pk=REGISTRATIONS_ID, defaults={"fingerprint": "", "built_at": timezone.now()})
        TallyState.objects.select_for_update().get(pk=REGISTRATIONS_ID)
        if lsoas:
            locate_points()
        cells: dict[CellKey, int] = defaultdict(int)
        for la, period, n in query(f"SELECT v.la_code, {month}, COUNT(*) FROM {volunteers} v "
                                   "WHERE v.erased_at IS NULL GROUP BY 1, 2"):
            if la:
                for key in periods_of(period_text(period, "month")).values():
                    cells[(la, key, "", "")] += n
        for dimension, join, category in (
            ("stream", f"JOIN {consents} c ON c.volunteer_id = v.id AND c.withdrawn_at IS NULL", "c.stream"),
            ("cause", f"JOIN {causes} c ON c.volunteer_id = v.id", "c.cause_id"),
        ):
            for la, period, value, n in query(f"SELECT v.la_code, {year}, {category}, COUNT(DISTINCT v.id) "
                                              f"FROM {volunteers} v {join} WHERE v.erased_at IS NULL GROUP BY 1, 2, 3"):
                if la:
                    for key in ("all", period_text(period, "year")):
                        cells[(la, key, dimension, value)] += n
        if lsoas:
            for lsoa, period, n in query(
                f"SELECT p.lsoa_id, {year}, COUNT(*) FROM {volunteers} v JOIN {table('impact.PointArea')} p "
                "ON p.easting = v.easting AND p.northing = v.northing WHERE v.erased_at IS NULL GROUP BY 1, 2"
            ):
                for key in ("all", period_text(period, "year")):
                    cells[(lsoa, key, "", "")] += n
        people, live, chosen = _registration_live()
        RegistrationTally.objects.all().delete()
        insert_rows(RegistrationTally, ({"area_code": a, "period": p, "dimension": d, "category": c, "volunteers": n}
                                        for (a, p, d, c), n in cells.items()))
        TallyState.objects.filter(pk=REGISTRATIONS_ID).update(
            fingerprint=_lsoa_fingerprint(), entries=people, consents=live, causes=chosen, built_at=timezone.now())
    return len(cells)


def _causes_table() -> str:
    from passport.volunteers.models import Volunteer

    return Volunteer.causes.through._meta.db_table


def _lsoa_fingerprint() -> str:
    return f"lsoas={Area.objects.filter(type=AreaType.LSOA).count()}"


def registrations_current() -> str | None:
    """Rebuild the registrations tally if it is missing or out of date; returns why, or None if it was current."""
    state = TallyState.objects.filter(pk=REGISTRATIONS_ID).first()
    if state is None:
        reason = "The registrations tally was built for the first time."
    elif state.fingerprint != _lsoa_fingerprint():
        reason = "The registrations tally was rebuilt: the neighbourhoods (LSOAs) changed."
    else:
        live = _registration_live()
        if live == (state.entries, state.consents, state.causes):
            return None
        reason = ("The registrations tally was rebuilt: volunteers, their streams or causes were written without "
                  "going through the service.")
    registration_rebuild()
    return reason


def registration_rows() -> list[tuple[str, str, str, str, int]]:
    """Every registrations tally cell: (area, period, dimension, category, volunteers)."""
    return query(f"SELECT area_code, period, dimension, category, volunteers "
                 f"FROM {RegistrationTally._meta.db_table} WHERE volunteers > 0")


# -- the whole tally ----------------------------------------------------------------------------------------------

def _rebuild_sql(wage_table: wages.WageTable, *, grain: str, dimension: str, by_lsoa: bool) -> tuple[str, list]:
    """Confirmed hours for one period grain and breakdown, in one statement: entries are first summed per
    volunteer, period and category (a parallel hash aggregate over the entries alone), and only those sums are
    joined to volunteers for their place, so counting each volunteer once is a COUNT(*) over per-volunteer rows
    rather than a COUNT(DISTINCT) over every entry.

    Rows: (la, lsoa or NULL, period, category, hours, value, volunteers).
    """
    hours, volunteers = table("activity.HoursEntry"), table("volunteers.Volunteer")
    opportunities, organisations = table("opportunities.Opportunity"), table("organisations.Organisation")
    rates = sorted(wage_table.by_cause.items())
    value_case = "CASE o.cause_id " + " ".join("WHEN %s THEN %s" for _ in rates) + " ELSE %s END"
    params = [p for cause, wage in rates for p in (cause, float(wage.hourly_gbp))]
    params.append(float(wage_table.fallback.hourly_gbp))
    joins = f"LEFT JOIN {opportunities} o ON o.id = h.opportunity_id"
    if dimension == "org_size":
        joins += f" JOIN {organisations} g ON g.id = h.organisation_id"
    category = {"": "''", "stream": f"COALESCE(o.stream, '{INFORMAL}')",
                "cause": f"COALESCE(o.cause_id, '{INFORMAL}')", "org_size": "g.income_band"}[dimension]
    lsoa, place, group = "NULL", "", "1, 3, 4"
    if by_lsoa:
        lsoa, group = "p.lsoa_id", "1, 2, 3, 4"
        place = (f" LEFT JOIN {table('impact.PointArea')} p ON p.easting = v.easting"
                 " AND p.northing = v.northing")
    sql = (
        f"SELECT v.la_code, {lsoa}, d.period, d.category, SUM(d.hrs), SUM(d.val), COUNT(*) FROM ("
        f"SELECT h.volunteer_id AS person, {period_sql('h.date', grain)} AS period, {category} AS category, "
        f"SUM(h.hours) AS hrs, SUM(h.hours * {value_case}) AS val FROM {hours} h {joins} "
        f"WHERE h.status = 'confirmed' GROUP BY 1, 2, 3"
        f") d JOIN {volunteers} v ON v.id = d.person{place} GROUP BY {group}"
    )
    return sql, params


def _live_totals() -> tuple[int, float]:
    # The partial index confirmed_hours holds exactly these; SQLite's planner, left to itself, skip-scans the
    # (organisation, status) index instead (30 s rather than 0.5 s at 10M entries), so it is told which to use.
    hint = " INDEXED BY confirmed_hours" if connection.vendor == "sqlite" else ""
    (count, total), = query(f"SELECT COUNT(*), SUM(hours) FROM {table('activity.HoursEntry')}{hint} "
                            "WHERE status = 'confirmed'")
    return int(count or 0), float(total or 0)


def rebuild(*, wage_table: wages.WageTable | None = None) -> int:
    """Build the tally from the confirmed entries, set-based; returns how many tally rows. Used after bulk loads
    and whenever ensure_current() finds the tally out of date."""
    from passport.impact.areas import locate_points

    wage_table = wage_table or wages.current()
    lsoas = Area.objects.filter(type=AreaType.LSOA).exists()
    if lsoas:
        locate_points()  # every volunteer's neighbourhood known, as the service finds it when confirming hours
    plans = [(grain, "", lsoas and grain in COARSE) for grain in GRAINS]
    plans += [(grain, dimension, False) for grain in COARSE for dimension in DIMENSIONS]
    with transaction.atomic():
        # Hold the state row (creating it if need be) so confirmations wait for the rebuild rather than interleave.
        TallyState.objects.get_or_create(pk=STATE_ID, defaults={"fingerprint": "", "built_at": timezone.now()})
        TallyState.objects.select_for_update().get(pk=STATE_ID)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Let the per-volunteer hash aggregates stay in memory rather than spill to disk.
                cursor.execute("SET LOCAL work_mem = '128MB'")
        cells: dict[CellKey, list] = {}
        for grain, dimension, by_lsoa in plans:
            sql, params = _rebuild_sql(wage_table, grain=grain, dimension=dimension, by_lsoa=by_lsoa)
            for la, lsoa, period, category, hours, value, people in query(sql, params):
                for area in ([la] if la else []) + ([lsoa] if lsoa else []):
                    key = (area, str(period), dimension, category or "")
                    cell = cells.setdefault(key, [0.0, 0.0, 0])
                    cell[0] += float(hours)
                    cell[1] += float(value)
                    cell[2] += int(people)
        entries, hours = _live_totals()
        HoursTally.objects.all().delete()
        insert_rows(HoursTally, ({"area_code": a, "period": p, "dimension": d, "category": c, "hours": h,
                                  "value": v, "volunteers": n} for (a, p, d, c), (h, v, n) in cells.items()))
        TallyState.objects.filter(pk=STATE_ID).update(
            fingerprint=fingerprint(wage_table), entries=entries, hours=hours, built_at=timezone.now())
    return len(cells)


def ensure_current(wage_table: wages.WageTable) -> str | None:
    """Rebuild the tally if it is missing or out of date; returns why it was rebuilt, or None if it was current."""
    state = TallyState.objects.filter(pk=STATE_ID).first()
    if state is None:
        reason = "The hours tally was built for the first time."
    elif state.fingerprint != fingerprint(wage_table):
        reason = "The hours tally was rebuilt: the wage table or the neighbourhoods (LSOAs) changed."
    else:
        entries, hours = _live_totals()
        if entries == state.entries and abs(hours - state.hours) < 0.001:
            return None
        reason = ("The hours tally was rebuilt: confirmed hours were written without going through the service "
                  f"(it held {state.entries:,} entries, there are {entries:,}).")
    rebuild(wage_table=wage_table)
    return reason


def rows() -> list[tuple[str, str, str, str, float, float, int]]:
    """Every tally cell: (area, period, dimension, category, hours, value, volunteers)."""
    return query(f"SELECT area_code, period, dimension, category, hours, value, volunteers "
                 f"FROM {HoursTally._meta.db_table} WHERE volunteers > 0")
