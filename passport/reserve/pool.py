"""The reserve members who may be alerted for an incident, loaded in one query as arrays for ranking.

A wave looks near the incident first (`reach_m`, a square around it) and further only when that is not enough
(services.wave_send), so a call-out in a city of a million members reads hundreds of rows, not tens of thousands.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from passport.core.choices import Stream
from passport.reserve.models import DEFAULT_MONTHLY_CAP, CallOut, Incident, IncidentNeed, Standby, TravelMode
from passport.reserve.ranking import SPEED_KMH
from passport.vetting import validity
from passport.vetting.models import DbsCheck, Qualification, QualificationKind, UpdateServiceSubscription
from passport.vetting.selectors import facts, rules
from passport.volunteers.models import StreamConsent, Volunteer

MIN_AGE = 16


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


def _qualified(kind: str, day: dt.date) -> Exists:
    return Exists(Qualification.objects.filter(volunteer=OuterRef("pk"), kind=kind, issued_on__lte=day)
                  .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day)))


def _holds(need: IncidentNeed, day: dt.date) -> list[Exists]:
    conditions: list[Exists] = []
    if need.skill_id:
        conditions.append(Exists(Volunteer.skills.through.objects.filter(volunteer=OuterRef("pk"),
                                                                         skill_id=need.skill_id)))
    if need.qualification:
        conditions.append(_qualified(need.qualification, day))
    return conditions


def people_near(incident: Incident, reach_m: int) -> int:
    """How many volunteers live in the square of half-side `reach_m` around the incident, eligible or not: read
    from the location index alone, so it costs about a millisecond wherever it is."""
    return Volunteer.objects.filter(easting__range=(incident.easting - reach_m, incident.easting + reach_m),
                                    northing__range=(incident.northing - reach_m, incident.northing + reach_m)).count()


def members_available(incident: Incident, *, now: dt.datetime, day: dt.date, needs: Iterable[IncidentNeed] = (),
                      reach_m: int | None = None) -> Pool:
    """Consented, inducted, on standby, of age, not paused, within `reach_m` of the incident (a square; the
    radius by default), under their monthly cap, and not yet alerted for this incident (a volunteer is never
    alerted twice). Someone who qualifies but has never set their standby status counts as available now, with the
    default cap and by car. `holds` says, per need, who has its skill and qualification."""
    needs = list(needs)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    calls_this_month = Subquery(
        CallOut.objects.filter(volunteer=OuterRef("pk"), created_at__gte=month_start)
        .values("volunteer").annotate(n=Count("pk")).values("n"), output_field=IntegerField(),
    )
    r = min(reach_m or incident.radius_m, incident.radius_m)
    latest_birth = day.replace(year=day.year - MIN_AGE) if not (day.month == 2 and day.day == 29) \
        else day.replace(year=day.year - MIN_AGE, day=28)
    holds = {f"holds_{i}_{k}": condition for i, need in enumerate(needs)
             for k, condition in enumerate(_holds(need, day))}
    rows = (
        Volunteer.objects.filter(
            Q(reserve__isnull=True) | Q(reserve__standby=Standby.AVAILABLE)
            | Q(reserve__standby=Standby.FROM_DATE, reserve__available_from__lte=day),
            Q(paused_until__isnull=True) | Q(paused_until__lt=day),
            erased_at__isnull=True,
            date_of_birth__lte=latest_birth,
            easting__range=(incident.easting - r, incident.easting + r),
            northing__range=(incident.northing - r, incident.northing + r),
        )
        .filter(Exists(StreamConsent.objects.filter(volunteer=OuterRef("pk"), stream=Stream.RESERVE,
                                                    withdrawn_at__isnull=True)))
        .filter(_qualified(QualificationKind.RESERVE_INDUCTION, day))
        .exclude(Exists(CallOut.objects.filter(incident=incident, volunteer=OuterRef("pk"))))
        .annotate(calls=Coalesce(calls_this_month, 0), cap=Coalesce("reserve__monthly_cap", DEFAULT_MONTHLY_CAP),
                  **holds)
        .values_list("pk", "easting", "northing", "reserve__last_called_at", "reserve__travel_mode", "cap", "calls",
                     *holds)
    )
    columns = list(zip(*rows, strict=True)) or [()] * (7 + len(holds))
    under_cap = np.asarray(columns[6], dtype=float) < np.asarray(columns[5], dtype=float)
    seconds = np.array([np.nan if t is None else (now - t).total_seconds() for t in columns[3]], dtype=float)
    speeds = {mode: SPEED_KMH[mode] for mode in TravelMode.values}
    pool = Pool(
        volunteer_ids=np.array(columns[0], dtype=object),
        easting=np.asarray(columns[1], dtype=float),
        northing=np.asarray(columns[2], dtype=float),
        days_since_called=seconds / 86400,
        speed_kmh=np.array([speeds.get(m or TravelMode.DRIVE, SPEED_KMH[TravelMode.DRIVE]) for m in columns[4]],
                           dtype=float),
        reach_m=r,
    )
    names = list(holds)
    for i, need in enumerate(needs):
        mask = np.ones(len(pool), dtype=bool)
        for k, name in enumerate(names):
            if name.startswith(f"holds_{i}_"):
                mask &= np.array(columns[7 + k], dtype=bool)
        pool.holds[need.pk] = mask
    return _select(pool, under_cap)


def _select(pool: Pool, mask: np.ndarray) -> Pool:
    return Pool(volunteer_ids=pool.volunteer_ids[mask], easting=pool.easting[mask], northing=pool.northing[mask],
                days_since_called=pool.days_since_called[mask], speed_kmh=pool.speed_kmh[mask],
                holds={k: v[mask] for k, v in pool.holds.items()}, reach_m=pool.reach_m)


def dbs_cleared(volunteer_ids: list[Any], level: str, day: dt.date) -> set[Any]:
    """Which of these volunteers hold a DBS check current on the day at or above the level: the vetting rule
    `opportunities.eligibility` applies one volunteer at a time, read here for many in two queries."""
    if not volunteer_ids:
        return set()
    subscriptions = {s.volunteer_id: s for s in UpdateServiceSubscription.objects.filter(
        volunteer_id__in=volunteer_ids)}
    current_rules = rules()
    cleared = set()
    for check in DbsCheck.objects.filter(volunteer_id__in=volunteer_ids):
        if check.volunteer_id in cleared:
            continue
        checked = facts(check, subscriptions.get(check.volunteer_id))
        until = validity.valid_until(checked, current_rules)
        if until is not None and until >= day and validity.covers(checked, level):
            cleared.add(check.volunteer_id)
    return cleared
