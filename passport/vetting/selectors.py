"""Reads of vetting records. Volunteers and vetting officers see the records; coordinators see only
attestations ("meets enhanced (adult workforce) until ..."), never certificate numbers."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from passport.accounts.models import Role
from passport.vetting import validity
from passport.vetting.models import CheckLevel, DbsCheck, Qualification, UpdateServiceSubscription, Workforce


def rules() -> validity.Rules:
    return validity.Rules(
        refresh_years=dict(settings.VETTING_REFRESH_YEARS_BY_LEVEL),
        default_refresh_years=settings.VETTING_REFRESH_YEARS,
        status_check_days=settings.VETTING_STATUS_CHECK_DAYS,
    )


@dataclass(frozen=True)
class Attestation:
    """What a current check attests, without anything from the certificate."""

    level: str
    workforce: str
    valid_until: dt.date

    @property
    def text(self) -> str:
        level = CheckLevel(self.level).label
        workforce = Workforce(self.workforce).label.lower()
        return f"Meets {level.lower()} DBS ({workforce}) until {self.valid_until:%-d %B %Y}"


# What facts() reads of a check and of a subscription (beside their ids): a batch read may load only these.
CHECK_FACT_FIELDS = ("level", "workforce", "issued_on", "outcome")
SUBSCRIPTION_FACT_FIELDS = ("dbs_check_id", "consent_withdrawn_at", "last_checked_at", "last_result")


def facts(check: DbsCheck, subscription: UpdateServiceSubscription | None) -> validity.CheckFacts:
    linked = subscription if subscription and subscription.dbs_check_id == check.pk else None
    live = linked is not None and linked.consent_withdrawn_at is None
    return validity.CheckFacts(
        level=check.level,
        workforce=check.workforce,
        issued_on=check.issued_on,
        outcome=check.outcome,
        last_status_check=linked.last_checked_at.date() if live and linked and linked.last_checked_at else None,
        last_status_result=linked.last_result if live and linked else "",
    )


def attestations(volunteer: Any, on: dt.date | None = None) -> list[Attestation]:
    """The volunteer's checks that are current on the day, strongest first."""
    day = on or timezone.localdate()
    subscription = UpdateServiceSubscription.objects.filter(volunteer=volunteer).first()
    found = []
    for check in DbsCheck.objects.filter(volunteer=volunteer):
        until = validity.valid_until(facts(check, subscription), rules())
        if until is not None and until >= day:
            found.append(Attestation(check.level, check.workforce, until))
    found.sort(key=lambda a: (-validity.LEVEL_RANK[a.level], a.valid_until), reverse=False)
    return found


def latest_expiry(volunteer: Any, requirement: str, workforce: str = "") -> dt.date | None:
    """When the volunteer's best check for a requirement stopped counting, for refusal messages."""
    subscription = UpdateServiceSubscription.objects.filter(volunteer=volunteer).first()
    ends = [
        until
        for check in DbsCheck.objects.filter(volunteer=volunteer)
        if validity.covers(f := facts(check, subscription), requirement, workforce)
        and (until := validity.valid_until(f, rules())) is not None
    ]
    return max(ends) if ends else None


def current_qualifications(volunteer: Any, on: dt.date | None = None) -> QuerySet[Qualification]:
    day = on or timezone.localdate()
    return Qualification.objects.filter(volunteer=volunteer, issued_on__lte=day).exclude(expires_on__lt=day)


def is_vetting_officer(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.has_role(Role.VETTING_OFFICER)


def checks_visible_to(actor: Any, volunteer: Any) -> QuerySet[DbsCheck]:
    """Full check records (with certificate numbers): the volunteer's own, or any for a vetting officer."""
    if is_vetting_officer(actor) or (getattr(actor, "is_authenticated", False) and volunteer.user_id == actor.pk):
        return DbsCheck.objects.filter(volunteer=volunteer)
    return DbsCheck.objects.none()


def volunteers_for_officer(actor: Any) -> QuerySet[Any]:
    """Every volunteer who has not erased their account, for vetting officers only."""
    from passport.volunteers.models import Volunteer

    if not is_vetting_officer(actor):
        return Volunteer.objects.none()
    return Volunteer.objects.filter(erased_at__isnull=True).select_related("user")


def vetting_record(volunteer: Any) -> dict[str, Any]:
    """A volunteer's whole vetting record, for themselves and vetting officers."""
    subscription = UpdateServiceSubscription.objects.filter(volunteer=volunteer).first()
    checks = []
    for check in DbsCheck.objects.filter(volunteer=volunteer).select_related("officer"):
        until = validity.valid_until(facts(check, subscription), rules())
        checks.append({"check": check, "valid_until": until,
                       "current": until is not None and until >= timezone.localdate()})
    return {
        "identity_checks": list(volunteer.identity_checks.select_related("officer")),
        "checks": checks,
        "subscription": subscription,
        "qualifications": list(Qualification.objects.filter(volunteer=volunteer)),
        "attestations": attestations(volunteer),
    }
