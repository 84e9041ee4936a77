"""Community support, for a volunteer's data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.support.models import Alert, Feedback
from passport.volunteers.export_sections import iso


def support_of_volunteer(volunteer: Any) -> list[dict[str, Any]]:
    """Each task they were asked to help with: what, where (the postcode district only), when, their answer, and
    the feedback on it from both sides. The supported person's name, address and phone are not the volunteer's
    data and are never part of it."""
    alerts = Alert.objects.filter(volunteer=volunteer).select_related("task").order_by("created_at")
    feedback: dict[Any, dict[str, Any]] = {}
    for f in Feedback.objects.filter(task__in=[a.task_id for a in alerts], task__accepted_by=volunteer):
        feedback.setdefault(f.task_id, {})[f.side] = {"rating": f.rating, "comment": f.comment,
                                                       "given_at": iso(f.created_at)}
    return [
        {"task": a.task.get_kind_display(), "near": a.task.district, "window_start": iso(a.task.window_start),
         "window_end": iso(a.task.window_end), "alerted_at": iso(a.created_at),
         "your_answer": a.get_status_display(),
         "replied_at": iso(a.replied_at),
         "you_took_it": a.task.accepted_by_id == volunteer.pk,
         "task_status": a.task.get_status_display() if a.task.accepted_by_id == volunteer.pk else None,
         "feedback": feedback.get(a.task_id, {})}
        for a in alerts
    ]
