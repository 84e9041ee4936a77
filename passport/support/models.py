"""Community support tasks: a referrer posts a task for a person; nearby volunteers are alerted in waves.

The person's name, address and phone live only on `SupportTask`, and are read only through
`services.person_details_reveal` (the accepter, while the task is accepted; audited) or the referrer's selector.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passport.core.choices import DbsLevel
from passport.core.models import BaseModel


class TaskKind(models.TextChoices):
    SHOPPING = "shopping", _("Shopping")
    PRESCRIPTION = "prescription", _("Prescription collection")
    CHECK_IN_CALL = "check_in_call", _("Check-in call")
    LIFT = "lift", _("Lift or transport")
    BEFRIENDING = "befriending", _("Befriending visit")
    PERSONAL_CARE = "personal_care", _("Personal care")


# The safeguarding tier of each kind of task: the DBS level (and workforce, for barred-list checks) a volunteer
# needs. Lifts and personal care put a volunteer alone with an adult who may be vulnerable, so they need an
# enhanced check with the adults' barred list; a befriending visit happens in the person's home (enhanced);
# collecting a prescription or a check-in call handles health information (basic); shopping needs none.
SAFEGUARDING: dict[str, tuple[str, str]] = {
    TaskKind.SHOPPING: (DbsLevel.NONE, ""),
    TaskKind.PRESCRIPTION: (DbsLevel.BASIC, ""),
    TaskKind.CHECK_IN_CALL: (DbsLevel.BASIC, ""),
    TaskKind.BEFRIENDING: (DbsLevel.ENHANCED, ""),
    TaskKind.LIFT: (DbsLevel.ENHANCED_BARRED, "adult"),
    TaskKind.PERSONAL_CARE: (DbsLevel.ENHANCED_BARRED, "adult"),
}

# Hours put in the volunteer's pending hours log when they mark a task done, unless they say otherwise.
TYPICAL_HOURS: dict[str, str] = {
    TaskKind.SHOPPING: "1.5",
    TaskKind.PRESCRIPTION: "1",
    TaskKind.CHECK_IN_CALL: "0.5",
    TaskKind.BEFRIENDING: "1.5",
    TaskKind.LIFT: "2",
    TaskKind.PERSONAL_CARE: "1",
}


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Looking for a volunteer")
    ACCEPTED = "accepted", _("Accepted")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


CLOSED_STATUSES = [TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.EXPIRED]


class SupportTask(BaseModel):
    """One task for one person. `accepted_by` is set once, by a conditional update while the task is open."""

    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="support_tasks", help_text="Empty: the person asked for themselves")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=TaskKind.choices)
    postcode = models.CharField(max_length=8)
    easting = models.IntegerField()
    northing = models.IntegerField()
    radius_m = models.PositiveIntegerField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField(db_index=True)
    notes = models.TextField(blank=True, max_length=1000, help_text="Shown to alerted volunteers: nothing identifying")
    # Private: shown to the accepter while the task is accepted, and to the referrer.
    person_name = models.CharField(max_length=120)
    person_address = models.TextField(max_length=500)
    person_phone = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True)
    accepted_by = models.ForeignKey("volunteers.Volunteer", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="support_tasks_accepted")
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_wave_at = models.DateTimeField(null=True, blank=True, db_index=True)
    waves_sent = models.PositiveSmallIntegerField(default=0)
    pool_exhausted = models.BooleanField(default=False)
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False,
                                  help_text="The posting form's one-time token: sent twice, it posts once")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} near {self.district}"

    @property
    def district(self) -> str:
        """The postcode district (outward code), the only part of the place other volunteers see."""
        return self.postcode.split(" ")[0]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class AlertStatus(models.TextChoices):
    ALERTED = "alerted", _("No reply yet")
    ACCEPTED = "accepted", _("Accepted")
    TAKEN = "taken", _("Said yes after someone else")
    DECLINED = "declined", _("Declined")
    CANNOT_DO = "cannot_do", _("Accepted, then could not do it")
    NOT_ELIGIBLE = "not_eligible", _("Said yes, but could no longer take it")


class Alert(BaseModel):
    """One alert to one volunteer for one task: never two for the same pair."""

    task = models.ForeignKey(SupportTask, on_delete=models.CASCADE, related_name="alerts")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="support_alerts")
    wave = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=5, help_text="Five digits the volunteer texts back: YES 48213")
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.ALERTED)
    distance_m = models.PositiveIntegerField(default=0)
    replied_at = models.DateTimeField(null=True, blank=True)
    email_message = models.ForeignKey("notifications.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    sms_message = models.ForeignKey("notifications.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["task", "volunteer"], name="one_support_alert_per_volunteer")]
        indexes = [models.Index(fields=["code", "status"]), models.Index(fields=["volunteer", "created_at"])]

    def __str__(self) -> str:
        return f"Support alert {self.code}"


class ReplyChannel(models.TextChoices):
    LINK = "link", _("Link in an email")
    SMS = "sms", _("Text message")
    WEB = "web", _("Their page")


class TaskEventKind(models.TextChoices):
    POSTED = "posted", _("Posted")
    ALERTED = "alerted", _("Volunteers alerted")
    ACCEPTED = "accepted", _("Accepted")
    TAKEN = "taken", _("Said yes after someone else")
    DECLINED = "declined", _("Declined")
    NOT_ELIGIBLE = "not_eligible", _("Said yes, but could no longer take it")
    CANNOT_DO = "cannot_do", _("Volunteer could not do it")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    FEEDBACK = "feedback", _("Feedback left")


class TaskEvent(models.Model):
    """Append-only: what happened to a task, by whom and through which channel. Never updated or deleted."""

    id = models.BigAutoField(primary_key=True)
    task = models.ForeignKey(SupportTask, on_delete=models.CASCADE, related_name="events")
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=TaskEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    channel = models.CharField(max_length=6, choices=ReplyChannel.choices, blank=True)
    inbound_id = models.CharField(max_length=100, blank=True, help_text="The received text this came from")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.channel})"


class FeedbackSide(models.TextChoices):
    VOLUNTEER = "volunteer", _("The volunteer")
    REFERRER = "referrer", _("The referrer")


class Feedback(BaseModel):
    task = models.ForeignKey(SupportTask, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(max_length=10, choices=FeedbackSide.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "side"], name="one_feedback_per_side"),
            models.CheckConstraint(condition=models.Q(rating__gte=1) & models.Q(rating__lte=5),
                                   name="support_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 from {self.get_side_display()}"


class HandledText(models.Model):
    """Received texts community support has already read, so reading one again changes nothing."""

    inbound_id = models.CharField(max_length=100, primary_key=True)
    handled_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Text {self.inbound_id}"
