"""Identity and DBS checks, Update Service subscriptions and qualifications.

What a check found is never stored: only the level, the certificate's number and date, and the decision a
vetting officer made (UK GDPR Article 10; DBS Code of Practice). There is no free-text field on any of these
tables on purpose; tests/test_no_criminal_record_content.py keeps it that way.
"""

from django.conf import settings
from django.db import models

from passport.core.models import BaseModel


class IdentityMethod(models.TextChoices):
    DOCUMENTS_IN_PERSON = "documents_in_person", "Documents checked in person"
    DOCUMENTS_VIDEO = "documents_video", "Documents checked by video call"
    GOV_UK_ONE_LOGIN = "one_login", "GOV.UK One Login"
    DIGITAL_IDENTITY = "digital_identity", "Certified digital identity service"


class CheckLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"
    ENHANCED_ADULTS_BARRED = "enhanced_adults_barred", "Enhanced with adults' barred list"
    ENHANCED_CHILDREN_BARRED = "enhanced_children_barred", "Enhanced with children's barred list"
    ENHANCED_BOTH_BARRED = "enhanced_both_barred", "Enhanced with adults' and children's barred lists"


class Workforce(models.TextChoices):
    ADULT = "adult", "Adult workforce"
    CHILD = "child", "Child workforce"
    BOTH = "both", "Adult and child workforce"
    OTHER = "other", "Other workforce"


class Outcome(models.TextChoices):
    SUITABLE = "suitable", "Suitable"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    REFERRED = "referred", "Referred for a decision"


class StatusResult(models.TextChoices):
    NO_NEW_INFORMATION = "no_new_information", "No new information"
    NEW_INFORMATION = "new_information", "New information"
    NOT_FOUND = "not_found", "Certificate not found or details do not match"


class IdentityCheck(BaseModel):
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="identity_checks")
    method = models.CharField(max_length=30, choices=IdentityMethod.choices)
    checked_on = models.DateField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-checked_on"]

    def __str__(self) -> str:
        return f"Identity: {self.get_method_display()} on {self.checked_on}"


class DbsCheck(BaseModel):
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="dbs_checks")
    level = models.CharField(max_length=30, choices=CheckLevel.choices)
    workforce = models.CharField(max_length=10, choices=Workforce.choices)
    certificate_number = models.CharField(
        max_length=12, help_text="12 digits; shown only to the volunteer and vetting officers"
    )
    issued_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    expiry_reminders_sent = models.JSONField(default=list, blank=True, help_text="Days-before marks already sent")

    class Meta:
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["volunteer", "outcome", "issued_on"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} DBS ({self.get_workforce_display()}) issued {self.issued_on}"


class UpdateServiceSubscription(BaseModel):
    """The volunteer's DBS Update Service subscription, which lets us re-check a certificate online."""

    volunteer = models.OneToOneField(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="update_service"
    )
    subscription_id = models.CharField(max_length=20)
    dbs_check = models.ForeignKey(DbsCheck, on_delete=models.CASCADE, related_name="subscriptions")
    consent_given_at = models.DateTimeField()
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=20, choices=StatusResult.choices, blank=True)

    def __str__(self) -> str:
        return f"Update Service {self.subscription_id}"


class QualificationKind(models.TextChoices):
    SAFEGUARDING_ADULTS = "safeguarding_adults", "Safeguarding adults"
    SAFEGUARDING_CHILDREN = "safeguarding_children", "Safeguarding children"
    FIRST_AID = "first_aid", "First aid"
    FOOD_HYGIENE = "food_hygiene", "Food hygiene"
    MANUAL_HANDLING = "manual_handling", "Manual handling"
    RESERVE_INDUCTION = "reserve_induction", "National Volunteer Reserve induction"
    DRIVING_D1 = "driving_d1", "Minibus driving (D1)"
    WATER_SAFETY = "water_safety", "Flood and water safety"


class Qualification(BaseModel):
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(max_length=30, choices=QualificationKind.choices)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "-issued_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.issued_on}"
