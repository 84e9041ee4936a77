"""Issuing and revoking credentials. Each issue and revocation is an append-only event."""

import datetime as dt
import json
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.utils import timezone
from joserfc import jws

from passport.core import events
from passport.credentials import keys, statuslist, vc
from passport.credentials.models import CredentialKind, Holder, IssuedCredential, StatusList
from passport.credentials.verify import REGISTRY

DEFAULT_LIST = "1"


def issuer() -> vc.Issuer:
    return vc.Issuer(id=settings.SITE_URL)


def sign(payload: dict[str, Any]) -> tuple[str, str]:
    """Sign a credential as a compact JWS; returns (token, kid)."""
    kid, key = keys.active_key()
    header = {"alg": vc.ALGORITHM, "kid": kid, "typ": vc.JOSE_TYPE}
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return jws.serialize_compact(header, body, key, registry=REGISTRY), kid


def status_index_allocate() -> tuple[StatusList, int]:
    """A random unused bit of the newest list with room, so a bit's position says nothing about when it was
    issued; a full list is followed by a new one."""
    status_list = (
        StatusList.objects.select_for_update().annotate(number=Cast("id", IntegerField())).order_by("-number").first()
    )
    if status_list is None or status_list.next_index >= status_list.size * 3 // 4:
        # Start a new list while the old one still has a quarter free, so random picks stay quick.
        next_id = str(int(status_list.pk) + 1) if status_list else DEFAULT_LIST
        status_list = StatusList.objects.create(id=next_id, bits=statuslist.empty(131072))
        status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    while True:
        index = secrets.randbelow(status_list.size)
        if not IssuedCredential.objects.filter(status_list=status_list, status_index=index).exists():
            break
    status_list.next_index += 1
    status_list.save(update_fields=["next_index", "updated_at"])
    return status_list, index


def holder_number(volunteer: Any) -> str:
    holder = Holder.objects.filter(volunteer=volunteer).first()
    if holder is None:
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        while True:
            number = "VP-" + "".join(secrets.choice(alphabet) for _ in range(4)) + "-" + "".join(
                secrets.choice(alphabet) for _ in range(4))
            if not Holder.objects.filter(number=number).exists():
                break
        holder = Holder.objects.create(volunteer=volunteer, number=number)
    return holder.number


@transaction.atomic
def passport_issue(*, volunteer: Any, actor: Any) -> IssuedCredential:
    """Issue a fresh passport from the volunteer's current vetting; the previous one is revoked as superseded."""
    from passport.credentials.selectors import passport_facts

    facts, valid_until = passport_facts(volunteer)
    if not facts.vetting and facts.identity_verified is None:
        raise ValidationError("A passport needs a verified identity or a current DBS check first")
    for old in IssuedCredential.objects.filter(volunteer=volunteer, kind=CredentialKind.PASSPORT,
                                               revoked_at__isnull=True):
        _revoke(old, reason="superseded", actor=actor)
    status_list, index = status_index_allocate()
    now = timezone.now().replace(microsecond=0)
    credential_id = uuid.uuid4()
    facts = facts.__class__(**{**facts.__dict__, "credential_id": credential_id})
    payload = vc.passport_credential(
        issuer(), facts, valid_from=now, valid_until=valid_until,
        status=vc.status_entry(issuer(), status_list.id, index),
    )
    token, kid = sign(payload)
    issued = IssuedCredential.objects.create(
        id=credential_id, volunteer=volunteer, kind=CredentialKind.PASSPORT, kid=kid, status_list=status_list,
        status_index=index, valid_from=now, valid_until=valid_until, token=token,
    )
    events.record(actor=actor, verb="credential.issued", subject=issued, kind="passport", kid=kid)
    return issued


@transaction.atomic
def achievement_issue(
    *, volunteer: Any, actor: Any, achievement_id: str, name: str, description: str, criteria: str
) -> IssuedCredential:
    """Issue an Open Badges 3.0 achievement to a volunteer, signed like the passport."""
    status_list, index = status_index_allocate()
    now = timezone.now().replace(microsecond=0)
    credential_id = uuid.uuid4()
    payload = vc.achievement_credential(
        issuer(), credential_id=credential_id, holder_id=holder_number(volunteer), name=volunteer.full_name,
        achievement_id=achievement_id, achievement_name=name, description=description, criteria=criteria,
        valid_from=now, status=vc.status_entry(issuer(), status_list.id, index),
    )
    token, kid = sign(payload)
    issued = IssuedCredential.objects.create(
        id=credential_id, volunteer=volunteer, kind=CredentialKind.ACHIEVEMENT, kid=kid, status_list=status_list,
        status_index=index, valid_from=now, token=token,
    )
    events.record(actor=actor, verb="credential.issued", subject=issued, kind="achievement", achievement=achievement_id)
    return issued


def _revoke(credential: IssuedCredential, *, reason: str, actor: Any) -> None:
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    status_list.bits = statuslist.set_bit(bytes(status_list.bits), credential.status_index)
    status_list.save(update_fields=["bits", "updated_at"])
    credential.revoked_at = timezone.now()
    credential.revoked_reason = reason
    credential.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    events.record(actor=actor, verb="credential.revoked", subject=credential, reason=reason)


@transaction.atomic
def credential_revoke(*, credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    """Revoke a credential: its bit in the status list is set, so every verifier sees it at the next refresh."""
    credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is None:
        _revoke(credential, reason=reason, actor=actor)
    return credential


@transaction.atomic
def volunteer_credentials_revoke(*, volunteer: Any, reason: str, actor: Any) -> int:
    """Revoke every live credential of a volunteer (not suitable, account deleted, officer's decision)."""
    live = IssuedCredential.objects.select_for_update().filter(volunteer=volunteer, revoked_at__isnull=True)
    count = 0
    for credential in live:
        _revoke(credential, reason=reason, actor=actor)
        count += 1
    return count


def status_list_token(list_id: str = DEFAULT_LIST) -> str | None:
    """The signed status list credential, as verifiers fetch it."""
    status_list = StatusList.objects.filter(pk=list_id).first()
    if status_list is None:
        return None
    payload = vc.status_list_credential(
        issuer(), status_list.id, statuslist.encode(bytes(status_list.bits)),
        valid_from=status_list.updated_at.replace(microsecond=0),
    )
    return sign(payload)[0]


def as_of(moment: dt.datetime | None = None) -> dt.datetime:
    return moment or timezone.now()
