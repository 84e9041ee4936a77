"""The volunteers who may be alerted for a support task, loaded in bulk as arrays for `reserve.ranking.rank`."""

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Exists, OuterRef, Q, Subquery

from passport.core.choices import Stream
from passport.support.models import Alert, SupportTask, TaskKind
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


def volunteers_available(task: SupportTask, *, now: dt.datetime, day: dt.date) -> Pool:
    """Consented to community support, not paused or erased, inside the task's square, not the person who posted
    it, and never alerted for this task before. Distance, each volunteer's own travel limit and safeguarding
    checks are applied afterwards, in that order."""
    r = task.radius_m
    last_alerted = Subquery(Alert.objects.filter(volunteer=OuterRef("pk")).order_by("-created_at")
                            .values("created_at")[:1])
    rows = (
        Volunteer.objects.filter(
            Q(paused_until__isnull=True) | Q(paused_until__lt=day),
            erased_at__isnull=True,
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
