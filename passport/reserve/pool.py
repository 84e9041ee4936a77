"""The reserve members who may be alerted for an incident, loaded in one query as arrays for ranking.

A wave looks near the incident first (`reach_m`, a square around it) and further only when that is not enough
(services.wave_send), so a call-out in a city of a million members reads hundreds of rows, not tens of thousands.
"""

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from passport.core.choices import Stream
from passport.core.dbsettings import postgres_settings
from passport.reserve.models import (
    DEFAULT_MONTHLY_CAP,
    CallOut,
    Incident,
    IncidentNeed,
    ReserveMember,
    Standby,
    TravelMode,
)
from passport.reserve.ranking import SPEED_KMH
from passport.vetting import validity
from passport.vetting.models import DbsCheck, Qualification, QualificationKind, UpdateServiceSubscription
from passport.vetting.selectors import CHECK_FACT_FIELDS, SUBSCRIPTION_FACT_FIELDS, facts, rules
from passport.volunteers.models import StreamConsent, Volunteer

MIN_AGE = 16
ALERTED_ALREADY = 100_000  # more than any monthly cap (a small integer field)


@dataclass
class Pool:
    volunteer_ids: np.ndarray  # object array of the database's ids
    easting: np.ndarray
    northing: np.ndarray
    days_since_called: np.ndarray  # NaN: never called
    speed_kmh: np.ndarray
    holds: dict[Any, np.ndarray] = field(default_factory=dict)  # need id -> has the need's skill and qualification
    reach_m: int = 0  # half the side of the square looked in; at least the radius means everyone was looked at

    def __len__(self) -> int:
        return len(self.volunteer_ids)


def people_near(incident: Incident, reach_m: int) -> int:
    """How many volunteers live in the square of half-side `reach_m` around the incident, eligible or not: read
    from the location index alone, so it costs about a millisecond wherever it is."""
    return Volunteer.objects.filter(easting__range=(incident.easting - reach_m, incident.easting + reach_m),
                                    northing__range=(incident.northing - reach_m, incident.northing + reach_m)).count()


def members_available(incident: Incident, *, now: dt.datetime, day: dt.date, needs: Iterable[IncidentNeed] = (),
                      reach_m: int | None = None, inner_m: int = 0) -> Pool:
    """Consented, inducted, on standby, of age, not paused, within `reach_m` of the incident (a square; the
    radius by default) but outside the square of half-side `inner_m` (already read by a narrower look), under their
    monthly cap, and not yet alerted for this incident (a volunteer is never alerted twice). Someone who qualifies
    but has never set their standby status counts as available now, with the default cap and by car. `holds` says,
    per need, who has its skill and qualification.

    One SQL statement, written once per shape of needs (`_pool_sql`): a wave reads its pool in a few milliseconds,
    and building the same query through the ORM took longer than running it."""
    needs = list(needs)
    r = min(reach_m or incident.radius_m, incident.radius_m)
    kinds = tuple((bool(need.skill_id), bool(need.qualification)) for need in needs)
    sql = _pool_sql(kinds, inner=bool(inner_m))
    ops, pk = connection.ops, Incident._meta.pk
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    latest_birth = day.replace(year=day.year - MIN_AGE) if not (day.month == 2 and day.day == 29) \
        else day.replace(year=day.year - MIN_AGE, day=28)
    on_day = ops.adapt_datefield_value(day)
    e, n = incident.easting, incident.northing
    params: list[Any] = []
    for need in needs:  # the holds columns, in the select list's order
        if need.skill_id:
            params.append(need.skill_id)
        if need.qualification:
            params += [need.qualification, on_day, on_day]
    params += [e - r, e + r, n - r, n + r]
    if inner_m:
        params += [e - inner_m, e + inner_m, n - inner_m, n + inner_m]
    params += [on_day, ops.adapt_datefield_value(latest_birth), Standby.AVAILABLE, Standby.FROM_DATE, on_day,
               Stream.RESERVE, QualificationKind.RESERVE_INDUCTION, on_day, on_day,
               pk.get_db_prep_value(incident.pk, connection), ops.adapt_datetimefield_value(month_start),
               DEFAULT_MONTHLY_CAP]
    # PostgreSQL multiplies the easting and northing ranges' selectivities, so it may expect ten times the members a
    # square holds and hash-join whole tables (a rural wave read a million standby rows, 110 ms). A square holds
    # hundreds of people: probing each by index is always the right plan here. Parallel workers cost more to start
    # (20 ms on 2 cores) than they save on a few thousand rows.
    with postgres_settings(enable_hashjoin="off", enable_mergejoin="off", max_parallel_workers_per_gather="0"), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) or [()] * (5 + len(kinds))
    speeds = {mode: SPEED_KMH[mode] for mode in TravelMode.values}
    pool = Pool(
        volunteer_ids=np.array([_uuid(v) for v in columns[0]], dtype=object),
        easting=np.asarray(columns[1], dtype=float),
        northing=np.asarray(columns[2], dtype=float),
        days_since_called=np.array([np.nan if t is None else (now - _aware(t)).total_seconds() / 86400
                                    for t in columns[3]], dtype=float),
        speed_kmh=np.array([speeds.get(m or TravelMode.DRIVE, SPEED_KMH[TravelMode.DRIVE]) for m in columns[4]],
                           dtype=float),
        reach_m=r,
    )
    for i, need in enumerate(needs):
        pool.holds[need.pk] = np.array(columns[5 + i], dtype=bool)
    return pool


def _uuid(value: Any) -> Any:
    return uuid.UUID(value) if isinstance(value, str) else value  # SQLite keeps UUIDs as text


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite keeps datetimes as text, in UTC
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


@functools.lru_cache(maxsize=64)
def _pool_sql(kinds: tuple[tuple[bool, bool], ...], *, inner: bool) -> str:
    """The pool's SQL for needs of these kinds (has a skill, has a qualification; one holds column per need, true
    when it has neither), reading a ring when `inner`. Table names come from the models."""
    def table(model: Any) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    volunteer, member, callout = table(Volunteer), table(ReserveMember), table(CallOut)
    qualification, consent, skills = table(Qualification), table(StreamConsent), table(Volunteer.skills.through)
    current = "q.issued_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s)"
    holds = []
    for has_skill, has_qualification in kinds:
        parts = []
        if has_skill:
            parts.append(f"EXISTS (SELECT 1 FROM {skills} s WHERE s.volunteer_id = v.id AND s.skill_id = %s)")
        if has_qualification:
            parts.append(f"EXISTS (SELECT 1 FROM {qualification} q WHERE q.volunteer_id = v.id AND q.kind = %s "
                         f"AND {current})")
        holds.append(" AND ".join(parts) if parts else "1 = 1")
    select_holds = "".join(f", ({h})" for h in holds)
    ring = ("AND NOT (v.easting BETWEEN %s AND %s AND v.northing BETWEEN %s AND %s) " if inner else "")
    return (
        f"SELECT v.id, v.easting, v.northing, m.last_called_at, m.travel_mode{select_holds} "
        f"FROM {volunteer} v LEFT JOIN {member} m ON m.volunteer_id = v.id "
        f"WHERE v.easting BETWEEN %s AND %s AND v.northing BETWEEN %s AND %s {ring}"
        f"AND v.erased_at IS NULL AND (v.paused_until IS NULL OR v.paused_until < %s) AND v.date_of_birth <= %s "
        f"AND (m.id IS NULL OR m.standby = %s OR (m.standby = %s AND m.available_from <= %s)) "
        f"AND EXISTS (SELECT 1 FROM {consent} c WHERE c.volunteer_id = v.id AND c.stream = %s "
        f"AND c.withdrawn_at IS NULL) "
        f"AND EXISTS (SELECT 1 FROM {qualification} q WHERE q.volunteer_id = v.id AND q.kind = %s AND {current}) "
        # One look at the member's call-outs answers both "under their monthly cap" and "not yet alerted for this
        # incident" (a call-out for it counts past any cap). As two subqueries PostgreSQL turned the second into a
        # join that compares every row with every call-out of the incident: fine for a first wave, slow for later ones.
        f"AND (SELECT COALESCE(SUM(CASE WHEN o.incident_id = %s THEN {ALERTED_ALREADY} "
        f"WHEN o.created_at >= %s THEN 1 ELSE 0 END), 0) FROM {callout} o WHERE o.volunteer_id = v.id) "
        f"< COALESCE(m.monthly_cap, %s)"
    )


def merged(first: Pool, second: Pool) -> Pool:
    """Two pools read from disjoint places (a square and the ring around it) as one, reaching as far as the
    second."""
    return Pool(volunteer_ids=np.concatenate([first.volunteer_ids, second.volunteer_ids]),
                easting=np.concatenate([first.easting, second.easting]),
                northing=np.concatenate([first.northing, second.northing]),
                days_since_called=np.concatenate([first.days_since_called, second.days_since_called]),
                speed_kmh=np.concatenate([first.speed_kmh, second.speed_kmh]),
                holds={k: np.concatenate([v, second.holds[k]]) for k, v in first.holds.items()},
                reach_m=max(first.reach_m, second.reach_m))


def dbs_cleared(volunteer_ids: list[Any], level: str, day: dt.date) -> set[Any]:
    """Which of these volunteers hold a DBS check current on the day at or above the level: the vetting rule
    `opportunities.eligibility` applies one volunteer at a time, read here for many in two queries."""
    if not volunteer_ids:
        return set()
    # Only what the vetting rule reads (vetting.selectors.facts): not the certificate, nor the reminders' JSON.
    subscriptions = {s.volunteer_id: s for s in UpdateServiceSubscription.objects.filter(
        volunteer_id__in=volunteer_ids).only("volunteer_id", *SUBSCRIPTION_FACT_FIELDS)}
    current_rules = rules()
    cleared = set()
    for check in DbsCheck.objects.filter(volunteer_id__in=volunteer_ids).only(
            "volunteer_id", *CHECK_FACT_FIELDS).order_by():
        if check.volunteer_id in cleared:
            continue
        checked = facts(check, subscriptions.get(check.volunteer_id))
        until = validity.valid_until(checked, current_rules)
        if until is not None and until >= day and validity.covers(checked, level):
            cleared.add(check.volunteer_id)
    return cleared
