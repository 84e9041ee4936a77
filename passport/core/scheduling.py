"""The worker's schedule: which tasks run how often. Each task is idempotent, so a late or doubled
run does no harm; the claim below makes doubling rare in the first place."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from passport.core.models import PeriodicJob


@dataclass(frozen=True)
class Scheduled:
    name: str
    task: str  # dotted path to a django-tasks Task
    every: dt.timedelta


SCHEDULE: list[Scheduled] = [
    Scheduled(
        "applications.remind_overdue",
        "passport.opportunities.tasks.remind_overdue_applications",
        dt.timedelta(hours=1),
    ),
    Scheduled("matching.round", "passport.matching.tasks.scheduled_matching_round", dt.timedelta(days=1)),
    Scheduled("matching.expire_offers", "passport.matching.tasks.expire_offers", dt.timedelta(hours=1)),
    Scheduled("activity.shift_entries", "passport.activity.tasks.create_shift_entries", dt.timedelta(hours=1)),
    Scheduled("vetting.expiry", "passport.vetting.tasks.vetting_expiry", dt.timedelta(hours=6)),
    Scheduled("vetting.recheck", "passport.vetting.tasks.vetting_recheck", dt.timedelta(hours=6)),
    Scheduled("reserve.send_due_waves", "passport.reserve.tasks.send_due_waves", dt.timedelta(minutes=1)),
    Scheduled("support.send_due_alerts", "passport.support.tasks.send_due_alerts", dt.timedelta(minutes=1)),
    Scheduled("notifications.send_due", "passport.notifications.tasks.send_due_messages", dt.timedelta(minutes=1)),
    Scheduled("impact.refresh", "passport.impact.tasks.refresh_statistics", dt.timedelta(hours=1)),
]


def claim(job: Scheduled, now: dt.datetime) -> bool:
    """Mark the job as run now if it is due; True for exactly one of several racing workers."""
    PeriodicJob.objects.get_or_create(name=job.name)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.every)
    return PeriodicJob.objects.filter(due, name=job.name).update(last_run_at=now) == 1


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every scheduled task that is due; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in SCHEDULE:
        with transaction.atomic():
            if claim(job, now):
                import_string(job.task).enqueue()
                enqueued.append(job.name)
    return enqueued
