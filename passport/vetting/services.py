"""Recording checks. Only vetting officers may; every decision is an event with who and when."""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passport.vetting.events import vetting_event
from passport.vetting.models import (
    CheckLevel,
    DbsCheck,
    IdentityCheck,
    IdentityMethod,
    Outcome,
    Qualification,
    QualificationKind,
    StatusResult,
    UpdateServiceSubscription,
    Workforce,
)
from passport.vetting.selectors import is_vetting_officer

CERTIFICATE_NUMBER = re.compile(r"^[0-9]{12}$")
OLDEST_CHECK_YEARS = 20


def _require_officer(actor: Any) -> None:
    if not is_vetting_officer(actor):
        raise PermissionDenied("Only vetting officers can record checks")


def _past_date(value: dt.date | None, field: str, noun: str) -> dt.date:
    today = timezone.localdate()
    if value is None:
        raise ValidationError({field: f"Enter the {noun}"})
    if value > today:
        raise ValidationError({field: f"The {noun} must be today or in the past"})
    if value.year < today.year - OLDEST_CHECK_YEARS:
        raise ValidationError({field: f"The {noun} must be within the last {OLDEST_CHECK_YEARS} years"})
    return value


@transaction.atomic
def identity_record(*, officer: Any, volunteer: Any, method: str, checked_on: dt.date | None) -> IdentityCheck:
    """Record that the volunteer's identity was verified, how and when."""
    _require_officer(officer)
    if method not in IdentityMethod.values:
        raise ValidationError({"method": "Select how their identity was checked"})
    check = IdentityCheck.objects.create(
        volunteer=volunteer, method=method, officer=officer,
        checked_on=_past_date(checked_on, "checked_on", "date of the identity check"),
    )
    vetting_event(actor=officer, verb="identity_verified", subject=volunteer, method=method)
    return check


@transaction.atomic
def dbs_check_record(
    *, officer: Any, volunteer: Any, level: str, workforce: str, certificate_number: str,
    issued_on: dt.date | None, outcome: str,
) -> DbsCheck:
    """Record a DBS check: its level, certificate number and date, and the officer's decision. Nothing the
    certificate says is recorded."""
    _require_officer(officer)
    errors = {}
    if level not in CheckLevel.values:
        errors["level"] = "Select the level of the check"
    if workforce not in Workforce.values:
        errors["workforce"] = "Select the workforce"
    number = re.sub(r"\s+", "", certificate_number or "")
    if not CERTIFICATE_NUMBER.match(number):
        errors["certificate_number"] = "Enter the 12-digit certificate number"
    if outcome not in Outcome.values:
        errors["outcome"] = "Select the decision"
    if errors:
        raise ValidationError(errors)
    check = DbsCheck.objects.create(
        volunteer=volunteer, level=level, workforce=workforce, certificate_number=number,
        issued_on=_past_date(issued_on, "issued_on", "date the certificate was issued"),
        outcome=outcome, officer=officer, decided_at=timezone.now(),
    )
    vetting_event(actor=officer, verb="dbs_decided", subject=volunteer, check=str(check.pk), level=level,
                  workforce=workforce, outcome=outcome)
    if outcome == Outcome.NOT_SUITABLE:
        _revoke_passports(volunteer, reason="not_suitable", actor=officer)
    return check


def _revoke_passports(volunteer: Any, *, reason: str, actor: Any) -> None:
    from passport.credentials.services import volunteer_credentials_revoke

    volunteer_credentials_revoke(volunteer=volunteer, reason=reason, actor=actor)


@transaction.atomic
def update_service_record(
    *, officer: Any, volunteer: Any, dbs_check: DbsCheck, subscription_id: str, consent_given: bool
) -> UpdateServiceSubscription:
    """Record the volunteer's Update Service subscription and their consent to status checks."""
    _require_officer(officer)
    if dbs_check.volunteer_id != volunteer.pk:
        raise ValidationError({"dbs_check": "Select one of this volunteer's checks"})
    subscription_id = (subscription_id or "").strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{6,20}", subscription_id):
        raise ValidationError({"subscription_id": "Enter the Update Service subscription ID, like C1234567890"})
    if not consent_given:
        raise ValidationError({"consent_given": "Confirm the volunteer agreed to online status checks"})
    subscription, _ = UpdateServiceSubscription.objects.update_or_create(
        volunteer=volunteer,
        defaults={"subscription_id": subscription_id, "dbs_check": dbs_check, "consent_given_at": timezone.now(),
                  "consent_withdrawn_at": None, "last_checked_at": None, "last_result": ""},
    )
    vetting_event(actor=officer, verb="update_service_recorded", subject=volunteer)
    return subscription


@transaction.atomic
def status_check_record(
    *, subscription: UpdateServiceSubscription, result: str, actor: Any = None, at: dt.datetime | None = None
) -> UpdateServiceSubscription:
    """Store the result of an Update Service status check (run by the worker or an officer)."""
    if result not in StatusResult.values:
        raise ValidationError({"result": "Unknown status check result"})
    subscription.last_checked_at = at or timezone.now()
    subscription.last_result = result
    subscription.save(update_fields=["last_checked_at", "last_result", "updated_at"])
    vetting_event(actor=actor, verb="status_checked", subject=subscription.volunteer, result=result)
    if result == StatusResult.NEW_INFORMATION:
        # The certificate is no longer up to date: stop relying on it until an officer has looked again.
        _revoke_passports(subscription.volunteer, reason="new_information", actor=actor)
    return subscription


@transaction.atomic
def qualification_record(
    *, officer: Any, volunteer: Any, kind: str, issued_on: dt.date | None, expires_on: dt.date | None
) -> Qualification:
    """Record training or a qualification with its dates."""
    _require_officer(officer)
    if kind not in QualificationKind.values:
        raise ValidationError({"kind": "Select the training or qualification"})
    issued = _past_date(issued_on, "issued_on", "date it was gained")
    if expires_on is not None and expires_on <= issued:
        raise ValidationError({"expires_on": "The expiry date must be after the date it was gained"})
    qualification = Qualification.objects.create(
        volunteer=volunteer, kind=kind, issued_on=issued, expires_on=expires_on, recorded_by=officer
    )
    vetting_event(actor=officer, verb="qualification_recorded", subject=volunteer, kind=kind)
    return qualification
