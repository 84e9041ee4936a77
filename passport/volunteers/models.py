"""A volunteer's profile: who they are, where, when and what they can help with, and their consents."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from passport.core.choices import ConsentMethod, Stream
from passport.core.models import BaseModel, Cause, Skill


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


class Volunteer(BaseModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    la_code = models.CharField(max_length=9, blank=True, db_index=True)
    remote_only = models.BooleanField(default=False)
    max_travel_m = models.PositiveIntegerField(default=8047, help_text="How far they will travel, in metres")
    availability = models.PositiveIntegerField(default=0, help_text="Weekly grid bitset; see core.taxonomy")
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers")
    causes = models.ManyToManyField(Cause, blank=True, related_name="volunteers")
    languages = models.JSONField(default=list, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    # Assisted sign-up: a coordinator registered this person, who may take the account over later.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assisted_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_over_at = models.DateTimeField(null=True, blank=True)
    # Where the record came from when imported, so a second import finds it again.
    source = models.CharField(max_length=30, blank=True)
    source_ref = models.CharField(max_length=100, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["easting", "northing"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source=""), name="one_volunteer_per_source_ref"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or "Erased volunteer"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age(self, on: dt.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_under_18(self) -> bool:
        age = self.age()
        return age is not None and age < 18

    @property
    def is_paused(self) -> bool:
        return self.paused_until is not None and self.paused_until >= timezone.localdate()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class StreamConsent(BaseModel):
    """The volunteer's agreement to be contacted for one stream. Withdrawing keeps the record."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="consents")
    stream = models.CharField(max_length=20, choices=Stream.choices)
    method = models.CharField(max_length=12, choices=ConsentMethod.choices, default=ConsentMethod.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wording = models.TextField(help_text="What the volunteer agreed to, as shown to them")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at"]
        indexes = [models.Index(fields=["volunteer", "stream", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.get_stream_display()} consent"
