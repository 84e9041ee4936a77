"""Organisations that post opportunities, their org-id identifiers and their coordinators."""

from django.conf import settings
from django.db import models

from passport.core.models import BaseModel


class OrganisationType(models.TextChoices):
    REGISTERED_CHARITY = "registered_charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    COMMUNITY_GROUP = "community_group", "Community group (not registered)"
    FAITH_GROUP = "faith_group", "Faith group"
    COUNCIL = "council", "Local council"
    NHS_BODY = "nhs_body", "NHS body"
    SCHOOL = "school", "School"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    OTHER_PUBLIC_BODY = "other_public_body", "Other public body"


class IncomeBand(models.TextChoices):
    """NCVO's size bands for voluntary organisations, by annual income."""

    MICRO = "micro", "Under £10,000"
    SMALL = "small", "£10,000 to £100,000"
    MEDIUM = "medium", "£100,000 to £1 million"
    LARGE = "large", "£1 million to £10 million"
    MAJOR = "major", "£10 million to £100 million"
    SUPER_MAJOR = "super_major", "Over £100 million"


SMALL_BANDS = {IncomeBand.MICRO, IncomeBand.SMALL}


class Organisation(BaseModel):
    name = models.CharField(max_length=200)
    org_type = models.CharField("type", max_length=30, choices=OrganisationType.choices)
    org_id = models.CharField("identifier", max_length=60, unique=True, help_text="org-id.guide form")
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices)
    description = models.TextField(blank=True, max_length=2000)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    postcode = models.CharField(max_length=8)
    easting = models.IntegerField()
    northing = models.IntegerField()
    la_code = models.CharField(max_length=9, db_index=True)
    source = models.CharField(max_length=30, blank=True)
    source_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source=""), name="one_org_per_source_ref"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_small(self) -> bool:
        return self.income_band in SMALL_BANDS


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"


class Membership(BaseModel):
    """A person who coordinates volunteers for an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.COORDINATOR)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_each")]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class Invitation(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"
