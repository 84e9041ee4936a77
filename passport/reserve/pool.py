"""The reserve members who may be alerted for an incident, loaded in bulk as arrays for ranking."""

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from passport.core.choices import Stream
from passport.reserve.models import DEFAULT_MONTHLY_CAP, CallOut, Incident, IncidentNeed, Standby
from passport.vetting.models import Qualification, QualificationKind
from passport.volunteers.models import StreamConsent, Volunteer

MIN_AGE = 16


@dataclass
class Pool:
    volunteer_ids: np.ndarray  # object array of UUIDs
    easting: np.ndarray
    northing: np.ndarray
    days_since_called: np.ndarray  # NaN: never called

    def __len__(self) -> int:
        return len(self.volunteer_ids)


def _qualified(kind: str, day: dt.date) -> Exists:
    return Exists(Qualification.objects.filter(volunteer=OuterRef("pk"), kind=kind, issued_on__lte=day)
                  .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day)))


def members_available(incident: Incident, *, now: dt.datetime, day: dt.date) -> Pool:
    """Consented, inducted, on standby, of age, not paused, within the radius's square, under their monthly cap,
    and not yet alerted for this incident (a volunteer is never alerted twice). Someone who qualifies but has
    never set their standby status counts as available now, with the default cap."""
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    calls_this_month = Subquery(
        CallOut.objects.filter(volunteer=OuterRef("pk"), created_at__gte=month_start)
        .values("volunteer").annotate(n=Count("pk")).values("n"), output_field=IntegerField(),
    )
    r = incident.radius_m
    latest_birth = day.replace(year=day.year - MIN_AGE) if not (day.month == 2 and day.day == 29) \
        else day.replace(year=day.year - MIN_AGE, day=28)
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
        .annotate(calls=Coalesce(calls_this_month, 0), cap=Coalesce("reserve__monthly_cap", DEFAULT_MONTHLY_CAP))
        .values_list("pk", "easting", "northing", "reserve__last_called_at", "cap", "calls")
    )
    kept = [row for row in rows if row[5] < row[4]]
    days = [np.nan if row[3] is None else (now - row[3]).total_seconds() / 86400 for row in kept]
    return Pool(
        volunteer_ids=np.array([row[0] for row in kept], dtype=object),
        easting=np.array([row[1] for row in kept], dtype=float),
        northing=np.array([row[2] for row in kept], dtype=float),
        days_since_called=np.array(days, dtype=float),
    )


def _near(need: IncidentNeed, prefix: str) -> dict[str, tuple[int, int]]:
    """The incident's square, as filters (not a list of ids, which would not scale to a large pool)."""
    incident, r = need.incident, need.incident.radius_m
    return {f"{prefix}easting__range": (incident.easting - r, incident.easting + r),
            f"{prefix}northing__range": (incident.northing - r, incident.northing + r)}


def holding(pool: Pool, need: IncidentNeed, day: dt.date) -> np.ndarray:
    """A boolean mask: which pool members have the need's skill and qualification."""
    mask = np.ones(len(pool), dtype=bool)
    if not len(pool):
        return mask
    if need.skill_id:
        ids = set(Volunteer.skills.through.objects.filter(skill_id=need.skill_id, **_near(need, "volunteer__"))
                  .values_list("volunteer_id", flat=True))
        mask &= np.fromiter((v in ids for v in pool.volunteer_ids), dtype=bool, count=len(pool))
    if need.qualification:
        ids = set(Qualification.objects.filter(kind=need.qualification, issued_on__lte=day,
                                               **_near(need, "volunteer__"))
                  .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day)).values_list("volunteer_id", flat=True))
        mask &= np.fromiter((v in ids for v in pool.volunteer_ids), dtype=bool, count=len(pool))
    return mask
