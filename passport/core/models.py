"""The base model every table uses, the audit trail, and reference data about places."""

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID primary key (safe to show in URLs) and creation/update timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Append-only record of something significant that someone did. Never updated, never deleted."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    verb = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.subject_type}:{self.subject_id}"


class LocalAuthority(models.Model):
    """An ONS local authority district (GSS code), with its region and country."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=9, blank=True)
    region_name = models.CharField(max_length=120, blank=True)
    country_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill from the controlled list (a concept in the volunteeringdata.io Skill scheme)."""

    code = models.SlugField(max_length=60, primary_key=True)
    label = models.CharField(max_length=120)
    bit = models.PositiveSmallIntegerField(unique=True, help_text="Position in skills bitsets for matching")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Cause(models.Model):
    """A charitable cause from the controlled list (volunteeringdata.io Cause scheme)."""

    code = models.SlugField(max_length=60, primary_key=True)
    label = models.CharField(max_length=120)
    bit = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class PeriodicJob(models.Model):
    """When each scheduled job last ran. Workers claim a due job with a conditional update, so when
    several workers run side by side each job is enqueued once per period."""

    name = models.CharField(max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
