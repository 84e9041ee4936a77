"""Hours volunteers give, the milestones they reach, their time-credit ledger and signed statements of hours.

Every change of an entry's status is an append-only audit event (passport.core.events), never an edit in place.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from passport.core.models import BaseModel


class EntryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the organisation"
    QUERIED = "queried", "Queried"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Not confirmed"
    DISPUTED = "disputed", "Disputed"


class LoggedBy(models.TextChoices):
    VOLUNTEER = "volunteer", "The volunteer"
    ORGANISATION = "organisation", "The organisation"
    SHIFT = "shift", "A shift attended"
    CALLOUT = "callout", "A reserve call-out attended"


# Hours that count towards a day's 24 and towards nothing yet final.
LIVE_STATUSES = [EntryStatus.PENDING, EntryStatus.QUERIED, EntryStatus.CONFIRMED, EntryStatus.DISPUTED]


class HoursEntry(BaseModel):
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="hours_entries")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="hours_entries"
    )
    # None means informal help, given to the organisation outside any posted opportunity.
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entries"
    )
    shift = models.ForeignKey(
        "opportunities.Shift", null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entries"
    )
    # A confirmed National Volunteer Reserve call-out of an incident that has been stood down (one entry each).
    callout = models.OneToOneField(
        "reserve.CallOut", null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entry"
    )
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    description = models.TextField(max_length=1000)
    logged_by = models.CharField(max_length=12, choices=LoggedBy.choices, default=LoggedBy.VOLUNTEER)
    logged_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING)
    # The latest query or dispute message; the full history is in the audit events.
    message = models.TextField(blank=True, max_length=1000)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "hours entries"
        indexes = [
            models.Index(fields=["volunteer", "date"]),
            models.Index(fields=["organisation", "status"]),
            # The impact refresh checks its hours tally against the count and sum of confirmed hours: this narrow
            # index holds just those. Partial, with no equality column, so no planner prefers it to the volunteer
            # index for one volunteer's confirmed hours (an index on (status, hours) was picked by SQLite there).
            models.Index(fields=["hours"], condition=models.Q(status="confirmed"), name="confirmed_hours"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "shift"], condition=models.Q(shift__isnull=False), name="one_entry_per_shift"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="hours_between_0_and_24"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.date} for {self.organisation}"

    @property
    def is_informal(self) -> bool:
        return self.opportunity_id is None and self.callout_id is None

    @property
    def can_be_disputed(self) -> bool:
        """The volunteer may dispute hours someone else logged for them, until the organisation confirms them."""
        return self.logged_by != LoggedBy.VOLUNTEER and self.status in (EntryStatus.PENDING, EntryStatus.QUERIED)


class Milestone(models.TextChoices):
    FIRST = "first", "First confirmed volunteering"
    HOURS_10 = "hours-10", "10 hours volunteered"
    HOURS_50 = "hours-50", "50 hours volunteered"
    HOURS_100 = "hours-100", "100 hours volunteered"
    HOURS_250 = "hours-250", "250 hours volunteered"
    HOURS_500 = "hours-500", "500 hours volunteered"
    PUBLIC_SERVICE = "public-service", "First public service role"
    RESERVE_DEPLOYMENT = "reserve-deployment", "First National Volunteer Reserve deployment"


# Confirmed hours each milestone needs; FIRST is reached by any confirmed entry. PUBLIC_SERVICE is not about hours:
# it is reached by the first confirmed entry for a public service role (magistrate, trustee, governor...).
# RESERVE_DEPLOYMENT neither: it is reached by being confirmed for a reserve incident that went ahead and has been
# stood down (README.md in this folder).
MILESTONE_HOURS: dict[str, Decimal] = {
    Milestone.FIRST: Decimal("0.01"),
    Milestone.HOURS_10: Decimal(10),
    Milestone.HOURS_50: Decimal(50),
    Milestone.HOURS_100: Decimal(100),
    Milestone.HOURS_250: Decimal(250),
    Milestone.HOURS_500: Decimal(500),
}


class MilestoneAward(BaseModel):
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="milestones")
    milestone = models.CharField(max_length=20, choices=Milestone.choices)
    credential = models.ForeignKey("credentials.IssuedCredential", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "milestone"], name="one_award_per_milestone")
        ]

    def __str__(self) -> str:
        return self.get_milestone_display()


class CreditKind(models.TextChoices):
    EARN = "earn", "Earned"
    SPEND = "spend", "Spent"


class CreditEntry(BaseModel):
    """One row of a volunteer's time-credit ledger. The balance is the sum of the rows; rows are never changed."""

    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="credit_entries")
    kind = models.CharField(max_length=5, choices=CreditKind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2, help_text="Positive to earn, negative to spend")
    hours_entry = models.OneToOneField(
        HoursEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="credit"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "credit entries"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="earn", amount__gt=0) | models.Q(kind="spend", amount__lt=0)),
                name="credit_sign_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class HoursStatement(BaseModel):
    """A signed statement of a volunteer's confirmed hours, issued when they ask for one."""

    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="hours_statements")
    credential = models.OneToOneField("credentials.IssuedCredential", on_delete=models.PROTECT, related_name="+")
    total_hours = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Statement of {self.total_hours} hours"
