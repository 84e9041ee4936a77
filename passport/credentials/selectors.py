"""Reads for credentials: what a passport says about a volunteer, and who may see issued credentials."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from passport.credentials.models import CredentialKind, IssuedCredential
from passport.credentials.vc import PassportFacts


def passport_facts(volunteer: Any, on: dt.date | None = None) -> tuple[PassportFacts, dt.datetime | None]:
    """What the passport attests today, and when it stops being true (the earliest expiry)."""
    from passport.credentials.services import holder_number
    from passport.vetting.models import QualificationKind
    from passport.vetting.selectors import attestations, current_qualifications

    day = on or timezone.localdate()
    current = attestations(volunteer, on=day)
    identity = volunteer.identity_checks.order_by("-checked_on").first()
    qualifications = list(current_qualifications(volunteer, on=day))
    reserve = (
        volunteer.consents.filter(stream="reserve", withdrawn_at__isnull=True).exists()
        and any(q.kind == QualificationKind.RESERVE_INDUCTION for q in qualifications)
    )
    ends = [a.valid_until for a in current] + [q.expires_on for q in qualifications if q.expires_on]
    earliest = min(ends) if ends else None
    valid_until = (
        timezone.make_aware(dt.datetime.combine(earliest, dt.time(23, 59, 59))) if earliest is not None else None
    )
    facts = PassportFacts(
        credential_id=uuid.uuid4(),
        holder_id=holder_number(volunteer),
        name=volunteer.full_name,
        identity_verified=identity.method if identity else None,
        vetting=[
            {"level": a.level, "workforce": a.workforce, "validUntil": a.valid_until.isoformat()} for a in current
        ],
        qualifications=[
            {"kind": q.kind, "validUntil": q.expires_on.isoformat() if q.expires_on else None} for q in qualifications
        ],
        reserve_member=reserve,
    )
    return facts, valid_until


def passports_of(actor: Any) -> QuerySet[IssuedCredential]:
    """The acting volunteer's own passport credentials, newest first."""
    if not getattr(actor, "is_authenticated", False):
        return IssuedCredential.objects.none()
    return IssuedCredential.objects.filter(volunteer__user=actor, kind=CredentialKind.PASSPORT)


def current_passport(actor: Any) -> IssuedCredential | None:
    return passports_of(actor).filter(revoked_at__isnull=True).first()
