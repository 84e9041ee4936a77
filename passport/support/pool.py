"""The volunteers who may be alerted for a support task, loaded in bulk as arrays for `reserve.ranking.rank`."""

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Exists, OuterRef, Q, Subquery

from passport.core.choices import DbsLevel, Stream
from passport.opportunities.eligibility import Requirement
from passport.support.models import Alert, SupportTask, TaskKind
from passport.vetting import validity
from passport.vetting.models import CheckLevel, DbsCheck
from passport.vetting.models import Outcome as CheckOutcome
from passport.volunteers.models import StreamConsent, Volunteer


@dataclass
class Pool:
    volunteer_ids: np.ndarray  # object array of UUIDs
    easting: np.ndarray
    northing: np.ndarray
    max_travel_m: np.ndarray
    days_since_alerted: np.ndarray  # NaN: never alerted for a support task

    def __len__(self) -> int:
        return len(self.volunteer_ids)


def _born_by(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_levels_covering(requirement: Requirement, day: dt.date) -> list[str]:
    """DBS check levels that could meet the requirement if current: the vetting rule, asked once per level."""
    return [level for level in CheckLevel.values
            if validity.covers(validity.CheckFacts(level, "", day, CheckOutcome.SUITABLE), requirement.min_dbs_level,
                               requirement.workforce)]


def volunteers_available(task: SupportTask, requirement: Requirement, *, now: dt.datetime, day: dt.date) -> Pool:
    """Consented to community support, not paused or erased, old enough, holding a suitable DBS check of a level
    that covers the task (if it needs one), inside the task's square, not the person who posted it, and never
    alerted for this task before. Those are necessary conditions read in one query; distance, each volunteer's
    own travel limit and `opportunities.eligibility` (whether the check is current) are applied afterwards."""
    r = task.radius_m
    last_alerted = Subquery(Alert.objects.filter(volunteer=OuterRef("pk")).order_by("-created_at")
                            .values("created_at")[:1])
    rows = (
        Volunteer.objects.filter(
            Q(paused_until__isnull=True) | Q(paused_until__lt=day),
            erased_at__isnull=True,
            date_of_birth__lte=_born_by(day, requirement.min_age),
            easting__range=(task.easting - r, task.easting + r),
            northing__range=(task.northing - r, task.northing + r),
        )
        .filter(Exists(StreamConsent.objects.filter(volunteer=OuterRef("pk"), stream=Stream.COMMUNITY,
                                                    withdrawn_at__isnull=True)))
        .exclude(Exists(Alert.objects.filter(task=task, volunteer=OuterRef("pk"))))
        .exclude(user_id=task.posted_by_id)
        .annotate(last_alerted=last_alerted)
        .values_list("pk", "easting", "northing", "max_travel_m", "last_alerted", "remote_only")
    )
    if requirement.min_dbs_level != DbsLevel.NONE:
        rows = rows.filter(Exists(DbsCheck.objects.filter(
            volunteer=OuterRef("pk"), outcome=CheckOutcome.SUITABLE,
            level__in=_check_levels_covering(requirement, day))))
    if task.kind != TaskKind.CHECK_IN_CALL:
        rows = rows.filter(remote_only=False)  # everything but a phone call means going there
    kept = list(rows)
    days = [np.nan if row[4] is None else (now - row[4]).total_seconds() / 86400 for row in kept]
    return Pool(
        volunteer_ids=np.array([row[0] for row in kept], dtype=object),
        easting=np.array([row[1] for row in kept], dtype=float),
        northing=np.array([row[2] for row in kept], dtype=float),
        max_travel_m=np.array([row[3] for row in kept], dtype=float),
        days_since_alerted=np.array(days, dtype=float),
    )
