"""The shapes of our credentials: W3C Verifiable Credentials 2.0, secured as compact JWS (VC-JOSE-COSE),
and Open Badges 3.0 achievements. Pure functions over plain data."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MEDIA_TYPE = "application/vc+jwt"
JOSE_TYPE = "vc+jwt"
ALGORITHM = "Ed25519"  # RFC 9864's fully-specified name for EdDSA over Ed25519


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Issuer:
    id: str  # the site's URL; its keys are at {id}/.well-known/jwks.json
    name: str = "Volunteer Passport"

    @property
    def context(self) -> str:
        return f"{self.id}/credentials/v1"

    def status_list_url(self, list_id: str) -> str:
        return f"{self.id}/credentials/status/{list_id}"


@dataclass(frozen=True)
class PassportFacts:
    credential_id: uuid.UUID
    holder_id: str  # a passport number, not derived from anything personal
    name: str
    identity_verified: str | None  # method, or None
    vetting: list[dict[str, str]] = field(default_factory=list)  # level, workforce, validUntil (date)
    qualifications: list[dict[str, str]] = field(default_factory=list)
    reserve_member: bool = False


def status_entry(issuer: Issuer, list_id: str, index: int) -> dict[str, str]:
    url = issuer.status_list_url(list_id)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def passport_credential(
    issuer: Issuer, facts: PassportFacts, *, valid_from: dt.datetime, valid_until: dt.datetime | None,
    status: dict[str, str],
) -> dict[str, Any]:
    """The Volunteer Passport: only what an organisation needs, never a certificate number or birth date."""
    subject: dict[str, Any] = {
        "id": f"urn:vp:passport:{facts.holder_id}",
        "type": "VolunteerPassportHolder",
        "name": facts.name,
        "passportNumber": facts.holder_id,
        "identityVerified": facts.identity_verified is not None,
        "vetting": facts.vetting,
        "qualifications": facts.qualifications,
        "reserveMember": facts.reserve_member,
    }
    if facts.identity_verified:
        subject["identityVerificationMethod"] = facts.identity_verified
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, issuer.context],
        "id": f"urn:uuid:{facts.credential_id}",
        "type": ["VerifiableCredential", "VolunteerPassport"],
        "issuer": {"id": issuer.id, "name": issuer.name},
        "validFrom": iso(valid_from),
        "credentialSubject": subject,
        "credentialStatus": status,
    }
    if valid_until is not None:
        credential["validUntil"] = iso(valid_until)
    return credential


def achievement_credential(
    issuer: Issuer, *, credential_id: uuid.UUID, holder_id: str, name: str, achievement_id: str,
    achievement_name: str, description: str, criteria: str, valid_from: dt.datetime, status: dict[str, str],
) -> dict[str, Any]:
    """An Open Badges 3.0 OpenBadgeCredential (e.g. "100 hours volunteered"), signed like the passport."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.id, "type": ["Profile"], "name": issuer.name},
        "validFrom": iso(valid_from),
        "name": achievement_name,
        "credentialSubject": {
            "id": f"urn:vp:passport:{holder_id}",
            "type": ["AchievementSubject"],
            "name": name,
            "achievement": {
                "id": f"{issuer.id}/achievements/{achievement_id}",
                "type": ["Achievement"],
                "name": achievement_name,
                "description": description,
                "criteria": {"narrative": criteria},
            },
        },
        "credentialStatus": status,
    }


def status_list_credential(issuer: Issuer, list_id: str, encoded_list: str, valid_from: dt.datetime) -> dict[str, Any]:
    url = issuer.status_list_url(list_id)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer.id, "name": issuer.name},
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }


def context_document() -> dict[str, Any]:
    """The JSON-LD context for our terms, served at {issuer}/credentials/v1."""
    vp = "https://w3id.org/volunteer-passport#"
    return {
        "@context": {
            "@protected": True,
            "VolunteerPassport": f"{vp}VolunteerPassport",
            "VolunteerPassportHolder": f"{vp}VolunteerPassportHolder",
            "name": "https://schema.org/name",
            "passportNumber": f"{vp}passportNumber",
            "identityVerified": f"{vp}identityVerified",
            "identityVerificationMethod": f"{vp}identityVerificationMethod",
            "vetting": f"{vp}vetting",
            "qualifications": f"{vp}qualifications",
            "reserveMember": f"{vp}reserveMember",
            "level": f"{vp}level",
            "workforce": f"{vp}workforce",
            "kind": f"{vp}kind",
        }
    }
