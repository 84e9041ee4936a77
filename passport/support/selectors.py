"""Reads for community support, scoped to the person asking.

Volunteers get `AlertView`s and `TaskView`s: plain objects holding only what anyone alerted may know (kind,
postcode district, distance, time window, notes, status), never the task row with the person's details. Those
details reach a volunteer only through `services.person_details_reveal`, which audits every showing. Referrers
(coordinators of the posting organisation, or the person who posted) read their tasks whole.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from passport.support.models import Alert, AlertStatus, Feedback, SupportTask, TaskEvent, TaskStatus


def _signed_in(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def tasks_of_referrer(actor: Any) -> QuerySet[SupportTask]:
    """Tasks the actor posted, and every task of an organisation they coordinate for; newest first."""
    if not _signed_in(actor):
        return SupportTask.objects.none()
    coordinated = actor.memberships.values("organisation_id")
    return (SupportTask.objects.filter(Q(posted_by=actor) | Q(organisation_id__in=coordinated))
            .select_related("organisation", "accepted_by", "posted_by"))


def is_referrer_of(actor: Any, task_id: Any) -> bool:
    return tasks_of_referrer(actor).filter(pk=task_id).exists()


@dataclass(frozen=True)
class TaskView:
    """A task as a volunteer may see it: nothing that identifies the person."""

    id: Any
    kind: str
    kind_label: str
    district: str
    window_start: dt.datetime
    window_end: dt.datetime
    notes: str
    status: str
    status_label: str
    is_closed: bool

    @classmethod
    def of(cls, task: SupportTask) -> "TaskView":
        return cls(id=task.pk, kind=task.kind, kind_label=task.get_kind_display(), district=task.district,
                   window_start=task.window_start, window_end=task.window_end, notes=task.notes,
                   status=task.status, status_label=task.get_status_display(), is_closed=task.is_closed)


@dataclass(frozen=True)
class AlertView:
    id: Any
    code: str
    status: str
    status_label: str
    distance_m: int
    task: TaskView

    @property
    def answerable(self) -> bool:
        return self.status == AlertStatus.ALERTED and self.task.status == TaskStatus.OPEN


def _alert_view(alert: Alert) -> AlertView:
    return AlertView(id=alert.pk, code=alert.code, status=alert.status, status_label=alert.get_status_display(),
                     distance_m=alert.distance_m, task=TaskView.of(alert.task))


def _alerts(actor: Any) -> QuerySet[Alert]:
    if not _signed_in(actor):
        return Alert.objects.none()
    return Alert.objects.filter(volunteer__user=actor).select_related("task").order_by("-created_at")


def alerts_of_volunteer(actor: Any, *, limit: int = 30) -> list[AlertView]:
    """The signed-in volunteer's alerts, newest first, without the tasks they accepted (listed apart)."""
    return [_alert_view(a) for a in _alerts(actor).exclude(status=AlertStatus.ACCEPTED)[:limit]]


def alert_of_volunteer(actor: Any, alert_id: Any) -> AlertView | None:
    alert = _alerts(actor).filter(pk=alert_id).first()
    return _alert_view(alert) if alert else None


def accepted_by_volunteer(actor: Any, *, limit: int = 30) -> list[AlertView]:
    """Tasks the volunteer accepted and still holds or finished (not ones handed back), newest first."""
    return [_alert_view(a) for a in _alerts(actor).filter(status=AlertStatus.ACCEPTED)[:limit]]


def accepted_task_of_volunteer(actor: Any, task_id: Any) -> AlertView | None:
    alert = _alerts(actor).filter(task_id=task_id, status=AlertStatus.ACCEPTED).first()
    return _alert_view(alert) if alert else None


def alert_for_link(alert_id: Any) -> AlertView | None:
    """The alert a signed reply link names: the signature, checked by the caller, is the authority."""
    alert = Alert.objects.select_related("task").filter(pk=alert_id).first()
    return _alert_view(alert) if alert else None


def alert_ids_for_text(code: str) -> list[tuple[Any, str, str, str]]:
    """(alert id, volunteer's mobile, alert status, task status) for every alert with this code, newest first."""
    return list(Alert.objects.filter(code=code).order_by("-created_at")
                .values_list("pk", "volunteer__mobile", "status", "task__status"))


def task_report(task: SupportTask) -> dict[str, Any]:
    """For the referrer's page: the alerts tally, who accepted (first name only), the events and the feedback."""
    counts = {s: 0 for s in AlertStatus.values}
    for status in task.alerts.values_list("status", flat=True):
        counts[status] += 1
    return {
        "alerts": counts, "sent": sum(counts.values()),
        "accepter": task.accepted_by.first_name if task.accepted_by_id else "",
        "events": list(TaskEvent.objects.filter(task=task).exclude(kind="alerted")),
        "feedback": list(Feedback.objects.filter(task=task)),
        "waiting_for_nobody": task.status == TaskStatus.OPEN and task.pool_exhausted
        and not counts[AlertStatus.ALERTED],
    }


def feedback_left(*, task_id: Any, side: str) -> bool:
    return Feedback.objects.filter(task_id=task_id, side=side).exists()
