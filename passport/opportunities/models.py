"""Opportunities organisations post, their shifts, and volunteers' applications."""

from django.conf import settings
from django.db import models

from passport.core.choices import DbsLevel
from passport.core.models import BaseModel, Cause, Skill


class OpportunityStream(models.TextChoices):
    RESERVE = "reserve", "National Volunteer Reserve"
    COMMUNITY = "community", "Community support"
    PUBLIC_SERVICE = "public_service", "Public service"
    GENERAL = "general", "General volunteering"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class ScheduleType(models.TextChoices):
    WEEKLY = "weekly", "A weekly pattern"
    SHIFTS = "shifts", "Dated shifts"
    FLEXIBLE = "flexible", "Flexible, whenever suits"


class PublicServiceRole(models.TextChoices):
    NONE = "", "Not a public service role"
    MAGISTRATE = "magistrate", "Magistrate"
    TRUSTEE = "trustee", "Charity trustee"
    SCHOOL_GOVERNOR = "school_governor", "School governor"
    SPECIAL_CONSTABLE = "special_constable", "Special constable"
    OTHER = "other", "Other public service role"


class Opportunity(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="opportunities"
    )
    stream = models.CharField(max_length=20, choices=OpportunityStream.choices, default=OpportunityStream.GENERAL)
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=5000)
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="opportunities")
    required_skills = models.ManyToManyField(Skill, blank=True, related_name="required_by")
    desirable_skills = models.ManyToManyField(Skill, blank=True, related_name="desired_by")
    min_dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE)
    min_age = models.PositiveSmallIntegerField(default=16)
    remote = models.BooleanField(default=False)
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    la_code = models.CharField(max_length=9, blank=True, db_index=True)
    places = models.PositiveIntegerField(default=1)
    schedule_type = models.CharField(max_length=10, choices=ScheduleType.choices, default=ScheduleType.WEEKLY)
    weekly_slots = models.PositiveIntegerField(default=0, help_text="Weekly grid bitset; see core.taxonomy")
    # Paid youth service placement (age 16 to 24), or unpaid (the default).
    paid_youth_placement = models.BooleanField(default=False)
    hourly_pay_pence = models.PositiveIntegerField(null=True, blank=True)
    public_service_role = models.CharField(
        max_length=20, choices=PublicServiceRole.choices, default=PublicServiceRole.NONE, blank=True
    )
    status = models.CharField(max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=30, blank=True)
    source_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-created_at"]
        indexes = [
            # The search's spatial prefilter: open opportunities in a bounding box.
            models.Index(fields=["status", "easting", "northing"], name="opp_open_bbox"),
            models.Index(fields=["status", "remote"], name="opp_open_remote"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source=""), name="one_opp_per_source_ref"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Shift(BaseModel):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    places = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.opportunity} at {self.starts_at:%Y-%m-%d %H:%M}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Not successful"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Application(BaseModel):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    message = models.TextField(blank=True, max_length=2000)
    submitted_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decision_message = models.TextField(blank=True, max_length=2000)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"],
                condition=models.Q(status__in=["submitted", "accepted"]),
                name="one_live_application_each",
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # Accepted applications by opportunity, read whole by the impact refresh to tell which opportunities
            # are filled: a covering scan of the accepted ones rather than a lookup in the table for every one.
            models.Index(fields=["opportunity"], condition=models.Q(status="accepted"), name="accepted_applications"),
            # Answered applications with their two times, read whole by the refresh for the median days to a first
            # reply: everything it needs is in the index, so the table's rows (and their messages) are not read.
            models.Index(fields=["opportunity", "submitted_at", "first_response_at"],
                         condition=models.Q(first_response_at__isnull=False), name="answered_applications"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} for {self.opportunity}"

    @property
    def response_days(self) -> float | None:
        if self.first_response_at is None:
            return None
        return (self.first_response_at - self.submitted_at).total_seconds() / 86400
