"""Choices shared by several domains."""

from django.db import models


class Stream(models.TextChoices):
    RESERVE = "reserve", "National Volunteer Reserve"
    COMMUNITY = "community", "Community support"
    PUBLIC_SERVICE = "public_service", "Public service"


class DbsLevel(models.TextChoices):
    """DBS check levels, in increasing order of what they cover."""

    NONE = "none", "No check needed"
    BASIC = "basic", "Basic DBS"
    STANDARD = "standard", "Standard DBS"
    ENHANCED = "enhanced", "Enhanced DBS"
    ENHANCED_BARRED = "enhanced_barred", "Enhanced DBS with barred lists"


DBS_RANK = {level: rank for rank, level in enumerate(DbsLevel.values)}


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Online, by the volunteer"
    PHONE = "phone", "By phone, recorded by a coordinator"
    IN_PERSON = "in_person", "In person, recorded by a coordinator"
    IMPORT = "import", "Imported from a previous system"
