"""Matching rounds and the offers they make. The engine (matching.engine) decides; these tables remember."""

from django.conf import settings
from django.db import models

from passport.core.models import BaseModel


class RoundStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class MatchingRound(BaseModel):
    status = models.CharField(max_length=12, choices=RoundStatus.choices, default=RoundStatus.QUEUED)
    strategy = models.CharField(max_length=30, default="optimal_regional")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True, help_text="Figures for this round and the baseline")
    fallback_reason = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Matching round {self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the volunteer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    PASSED = "passed", "Passed over by the organisation"


class CoordinatorAction(models.TextChoices):
    NONE = "", "No action yet"
    INVITED = "invited", "Invited"
    PASSED = "passed", "Passed"


class DeclineReason(models.TextChoices):
    TOO_FAR = "too_far", "It is too far away"
    WRONG_TIME = "wrong_time", "The times do not suit me"
    NOT_INTERESTED = "not_interested", "It does not interest me"
    TOO_BUSY = "too_busy", "I am too busy at the moment"
    OTHER = "other", "Another reason"


class Offer(BaseModel):
    """A proposal: this volunteer for this opportunity, with the reasons the engine chose it."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="offers")
    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.PROPOSED)
    coordinator_action = models.CharField(max_length=10, choices=CoordinatorAction.choices, blank=True, default="")
    cost = models.BigIntegerField()
    distance_m = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=dict, help_text="Why this match: distance, skills, times, checks, cost parts")
    expires_at = models.DateTimeField(db_index=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    application = models.OneToOneField("opportunities.Application", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="offer")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"]), models.Index(fields=["volunteer", "status"])]

    def __str__(self) -> str:
        return f"Offer of {self.opportunity} to {self.volunteer}"
