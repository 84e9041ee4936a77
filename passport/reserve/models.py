"""The National Volunteer Reserve: members on standby, incidents with needs per role, and call-outs in waves."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import TextChoices

from passport.core.choices import DbsLevel
from passport.core.models import BaseModel
from passport.vetting.models import QualificationKind


class Standby(models.TextChoices):
    AVAILABLE = "available", "Available now"
    FROM_DATE = "from_date", "Available from a date"
    OFF_DUTY = "off_duty", "Off duty"


DEFAULT_MONTHLY_CAP = 4


class TravelMode(TextChoices):
    """How a member would get to an incident; it sets the speed of their estimated travel time (reserve.ranking)."""

    DRIVE = "drive", "By car"
    PUBLIC = "public", "By bus or train"
    CYCLE = "cycle", "By bicycle"
    WALK = "walk", "On foot"


class ReserveMember(BaseModel):
    """A volunteer's standby settings. Whether they may be called is worked out afresh each wave."""

    volunteer = models.OneToOneField("volunteers.Volunteer", on_delete=models.CASCADE, related_name="reserve")
    standby = models.CharField(max_length=12, choices=Standby.choices, default=Standby.AVAILABLE)
    available_from = models.DateField(null=True, blank=True)
    monthly_cap = models.PositiveSmallIntegerField(default=DEFAULT_MONTHLY_CAP, help_text="Most call-outs a month")
    last_called_at = models.DateTimeField(null=True, blank=True, help_text="For rotation: least recent first")
    travel_mode = models.CharField(max_length=8, choices=TravelMode.choices, default=TravelMode.DRIVE,
                                   help_text="How they would travel to an incident, for the estimated travel time")

    def __str__(self) -> str:
        return f"Reserve member {self.volunteer}"


class Severity(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    BLACK = "black", "Black"


WAVE_SPACING = {
    Severity.GREEN: dt.timedelta(minutes=30),
    Severity.AMBER: dt.timedelta(minutes=15),
    Severity.RED: dt.timedelta(minutes=10),
    Severity.BLACK: dt.timedelta(minutes=5),
}


class IncidentStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Waiting for a second controller"
    OPEN = "open", "Calling out"
    STOOD_DOWN = "stood_down", "Stood down"


class Incident(BaseModel):
    title = models.CharField(max_length=120)
    briefing = models.TextField(help_text="Where, when and whom to report to; sent to confirmed volunteers")
    postcode = models.CharField(max_length=8)
    easting = models.IntegerField()
    northing = models.IntegerField()
    radius_m = models.PositiveIntegerField()
    severity = models.CharField(max_length=8, choices=Severity.choices)
    starts_at = models.DateTimeField()
    expected_hours = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wave_spacing = models.DurationField()
    next_wave_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                        help_text="When the worker sends the next wave; empty when none is due")
    waves_sent = models.PositiveSmallIntegerField(default=0)
    pool_exhausted = models.BooleanField(default=False)
    stood_down_at = models.DateTimeField(null=True, blank=True)
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False,
                                  help_text="The declaring form's one-time token: sent twice, it declares once")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN


class IncidentNeed(BaseModel):
    """How many people one role needs. `confirmed` only grows through a conditional update below `count`."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="needs")
    role = models.CharField(max_length=80)
    count = models.PositiveIntegerField()
    skill = models.ForeignKey("core.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    qualification = models.CharField(max_length=30, choices=QualificationKind.choices, blank=True)
    min_dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE)
    confirmed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(confirmed__lte=models.F("count")),
                                              name="need_never_over_filled")]

    def __str__(self) -> str:
        return f"{self.count} × {self.role}"

    @property
    def remaining(self) -> int:
        return max(self.count - self.confirmed, 0)


class CallOutStatus(models.TextChoices):
    ALERTED = "alerted", "No reply yet"
    CONFIRMED = "confirmed", "Confirmed"
    STANDBY = "standby", "Accepted, on standby"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Gave their place back"


class CallOut(BaseModel):
    """One alert to one volunteer for one incident: never two for the same pair."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="callouts")
    need = models.ForeignKey(IncidentNeed, on_delete=models.CASCADE, related_name="callouts")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="callouts")
    wave = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=4, help_text="Four digits the volunteer texts back: YES 4821")
    status = models.CharField(max_length=12, choices=CallOutStatus.choices, default=CallOutStatus.ALERTED)
    distance_m = models.PositiveIntegerField(default=0)
    travel_minutes = models.PositiveIntegerField(default=0, help_text="Estimated, when alerted (reserve.ranking)")
    replied_at = models.DateTimeField(null=True, blank=True)
    # The alert as sent, so the live page can say which reached the volunteer (from delivery receipts).
    email_message = models.ForeignKey("notifications.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    sms_message = models.ForeignKey("notifications.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["incident", "volunteer"], name="one_callout_per_volunteer")]
        indexes = [models.Index(fields=["code", "status"])]

    def __str__(self) -> str:
        return f"Call-out {self.code} for {self.incident}"


class ReplyChannel(models.TextChoices):
    LINK = "link", "Link in an email"
    SMS = "sms", "Text message"
    WEB = "web", "Their page"


class CallOutEventKind(models.TextChoices):
    ALERTED = "alerted", "Alerted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CONFIRMED = "confirmed", "Confirmed"
    STANDBY = "standby", "Held on standby"
    WITHDRAWN = "withdrawn", "Gave their place back"
    STOOD_DOWN = "stood_down", "Stood down"


class CallOutEvent(models.Model):
    """Append-only: what happened to a call-out, and through which channel. Never updated or deleted."""

    id = models.BigAutoField(primary_key=True)
    callout = models.ForeignKey(CallOut, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=CallOutEventKind.choices)
    channel = models.CharField(max_length=6, choices=ReplyChannel.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    inbound_id = models.CharField(max_length=100, blank=True, help_text="The received text this came from")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.channel})"


class HandledText(models.Model):
    """Received texts the reserve has already read, so reading one again changes nothing."""

    inbound_id = models.CharField(max_length=100, primary_key=True)
    handled_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Text {self.inbound_id}"


class Reply(models.Model):
    """A volunteer's yes or no as it arrived, before it is applied. Replies are stored first and applied in
    arrival order, many in one transaction (reserve.services.reply_outcome), so a burst of answers for the last
    places costs one lock and one write per table rather than one each; `outcome` is empty until applied."""

    id = models.BigAutoField(primary_key=True)
    callout = models.ForeignKey(CallOut, on_delete=models.CASCADE, related_name="replies")
    accept = models.BooleanField()
    channel = models.CharField(max_length=6, choices=ReplyChannel.choices)
    inbound_id = models.CharField(max_length=100, blank=True, help_text="The received text this came from")
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, blank=True, help_text="Empty until applied")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["id"], condition=models.Q(outcome=""), name="reserve_replies_waiting")]

    def __str__(self) -> str:
        return f"{'Yes' if self.accept else 'No'} to {self.callout_id}"
