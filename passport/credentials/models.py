"""Signing keys, the credentials we issued, and the revocation status list."""

from django.db import models

from passport.core.models import BaseModel


class SigningKey(models.Model):
    """An Ed25519 key. The private half is stored encrypted (Fernet) with a key derived from settings;
    retired keys stay published so what they signed keeps verifying."""

    kid = models.CharField(max_length=64, primary_key=True)
    public_jwk = models.JSONField()
    private_encrypted = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class StatusList(models.Model):
    """A Bitstring Status List (W3C): one bit per credential, set when it is revoked."""

    id = models.CharField(max_length=20, primary_key=True)
    purpose = models.CharField(max_length=20, default="revocation")
    size = models.PositiveIntegerField(default=131072)  # the specification's minimum, for herd privacy
    next_index = models.PositiveIntegerField(default=0)
    bits = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Status list {self.id}"


class CredentialKind(models.TextChoices):
    PASSPORT = "passport", "Volunteer Passport"
    ACHIEVEMENT = "achievement", "Achievement badge"
    HOURS_STATEMENT = "hours_statement", "Statement of volunteering hours"


class IssuedCredential(BaseModel):
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", null=True, on_delete=models.SET_NULL, related_name="credentials"
    )
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    kid = models.CharField(max_length=64)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT)
    status_index = models.PositiveIntegerField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    token = models.TextField(blank=True, help_text="The signed credential, kept so the holder can download it")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_credential_per_status_bit")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Holder(models.Model):
    """A volunteer's passport number: random, so it reveals nothing about them, and stable across re-issues."""

    volunteer = models.OneToOneField("volunteers.Volunteer", on_delete=models.CASCADE, related_name="holder")
    number = models.CharField(max_length=14, unique=True)

    def __str__(self) -> str:
        return self.number
