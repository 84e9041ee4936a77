"""What community support says to volunteers and referrers, by email and text. Alerts carry only the kind of task,
the postcode district, the distance, the time window and the notes: never the person's name, address or phone."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from passport.core.geo import METRES_PER_MILE
from passport.support.models import Alert, SupportTask

REPLY_SALT = "passport.support.alert-reply"


def reply_token(alert: Alert, answer: str) -> str:
    return signing.dumps({"t": str(alert.pk), "a": answer}, salt=REPLY_SALT)


def reply_url(alert: Alert, answer: str) -> str:
    return settings.SITE_URL + reverse("support:reply", args=[reply_token(alert, answer)])


def page_url() -> str:
    return settings.SITE_URL + reverse("support:home")


def miles(metres: float) -> str:
    value = metres / METRES_PER_MILE
    return "less than 0.1 miles" if value < 0.1 else f"{value:.1f} miles"


def window(task: SupportTask) -> str:
    from django.utils import timezone

    start, end = timezone.localtime(task.window_start), timezone.localtime(task.window_end)
    if start.date() == end.date():
        return f"{start:%a %-d %b}, {start:%H:%M} to {end:%H:%M}"
    return f"{start:%a %-d %b %H:%M} to {end:%a %-d %b %H:%M}"


def summary(task: SupportTask, distance_m: float | None = None) -> str:
    """The kind, the district and, for a volunteer, how far away it is: what anyone alerted may know."""
    away = f", {miles(distance_m)} from you" if distance_m is not None else ""
    return f"{task.get_kind_display()} near {task.district}{away}, {window(task)}"


def alert_subject(alert: Alert) -> str:
    return f"Can you help? {alert.task.get_kind_display()} near {alert.task.district}"


def alert_email(alert: Alert) -> str:
    task = alert.task
    notes = f"\n\nNotes: {task.notes}" if task.notes else ""
    return (
        f"Someone near you needs help: {summary(task, alert.distance_m)}.{notes}\n\n"
        f"Yes, I can help: {reply_url(alert, 'yes')}\n\n"
        f"No, not this time: {reply_url(alert, 'no')}\n\n"
        f"Or text YES {alert.code} or NO {alert.code}. The first to say yes gets the task and then sees who "
        "needs help and where; if someone has already said yes, we will thank you and let you know."
    )


def alert_sms(alert: Alert) -> str:
    notes = alert.task.notes if len(alert.task.notes) <= 120 else alert.task.notes[:119] + "…"
    notes = f" {notes}" if notes else ""
    return (f"Can you help? {summary(alert.task, alert.distance_m)}.{notes} "
            f"Reply YES {alert.code} or NO {alert.code}.")


def accepted(alert: Alert) -> str:
    return (f"Thank you: the task is yours ({summary(alert.task)}). Sign in to see who needs help, their address "
            f"and phone number, and mark it done afterwards: {page_url()}")


def taken(alert: Alert) -> str:
    return (f"Thank you for saying yes to {summary(alert.task)}. Someone else said yes first, so this one is "
            "taken. We will ask you again soon.")


def declined(alert: Alert) -> str:
    return f"Thank you for letting us know. We will not ask you about {summary(alert.task)} again."


def not_eligible(alert: Alert, reasons: list[str]) -> str:
    return (f"Thank you for saying yes to {summary(alert.task)}, but you cannot take this task at the moment: "
            f"{'; '.join(reasons)}. We will ask someone else.")


def no_longer_allowed(task: SupportTask, reasons: list[str]) -> str:
    return (f"You can no longer take {summary(task)}: {'; '.join(reasons)}. We have asked other volunteers, and you "
            "can no longer see the person's details.")


def cancelled(task: SupportTask) -> str:
    return f"{summary(task)} has been cancelled by the person who posted it. You are no longer needed for it."


def referrer_update(task: SupportTask, what: str) -> str:
    return f"{summary(task)}: {what} See the task: {settings.SITE_URL}{reverse('support:task', args=[task.pk])}"
