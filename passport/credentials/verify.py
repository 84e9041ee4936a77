"""Verifying a credential token: pure, offline-capable, and suspicious of everything until the signature holds.

Order matters: the token's size and shape, then the header's algorithm and key id (read but not trusted),
then the signature against our published keys, and only then anything the payload claims.
"""

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from passport.credentials import statuslist
from passport.credentials.vc import ALGORITHM, JOSE_TYPE

MAX_TOKEN_LENGTH = 20_000
REGISTRY = JWSRegistry(algorithms=[ALGORITHM])
KNOWN_TYPES = {"VolunteerPassport", "OpenBadgeCredential", "BitstringStatusListCredential", "VolunteerHoursStatement"}


@dataclass
class Verdict:
    genuine: bool
    reasons: list[str] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    revoked: bool | None = None
    kid: str = ""

    @property
    def ok(self) -> bool:
        return self.genuine and not self.reasons and self.revoked is False


def _b64json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _parse(moment: str) -> dt.datetime:
    return dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))


def check_signature(token: str, keys: KeySet, issuer_id: str) -> tuple[dict[str, Any] | None, str, str]:
    """Return (payload, kid, problem). The payload is None unless the signature is ours and good."""
    token = (token or "").strip()
    if not token:
        return None, "", "Paste a credential to check"
    if len(token) > MAX_TOKEN_LENGTH:
        return None, "", "This is too long to be one of our credentials"
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return None, "", "This is not a signed credential: it should be three parts separated by dots"
    try:
        header = _b64json(parts[0])
    except ValueError:
        return None, "", "This is not a signed credential: its header cannot be read"
    if not isinstance(header, dict):
        return None, "", "This is not a signed credential: its header cannot be read"
    kid = str(header.get("kid", ""))[:100]
    if header.get("alg") != ALGORITHM:
        return None, kid, f"It is not signed the way we sign credentials (algorithm {str(header.get('alg'))[:20]})"
    if kid not in {key.kid for key in keys.keys}:
        return None, kid, "It was not signed by a key of ours: it may be from another issuer, or forged"
    try:
        decoded = jws.deserialize_compact(token, keys, registry=REGISTRY)
    except (JoseError, ValueError):
        return None, kid, "The signature does not match: the credential has been changed or forged"
    try:
        payload = json.loads(decoded.payload)
    except ValueError:
        return None, kid, "The signature is good but the content cannot be read"
    if not isinstance(payload, dict):
        return None, kid, "The signature is good but the content cannot be read"
    issuer = payload.get("issuer")
    issuer_value = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_value != issuer_id:
        return None, kid, "It was signed by one of our keys but names a different issuer"
    if header.get("typ") not in (JOSE_TYPE, None):
        return None, kid, "It is signed, but is not a credential"
    return payload, kid, ""


def verify(
    token: str,
    *,
    keys: KeySet,
    issuer_id: str,
    status_bits: Callable[[str], bytes | None],
    now: dt.datetime,
) -> Verdict:
    """Check a credential completely. `status_bits(url)` returns the verified bitstring of a status list."""
    payload, kid, problem = check_signature(token, keys, issuer_id)
    if payload is None:
        return Verdict(False, [problem], kid=kid)
    verdict = Verdict(True, [], payload, kid=kid)
    types = set(payload.get("type") or [])
    if not types & KNOWN_TYPES:
        verdict.reasons.append("It is signed by us but is not a kind of credential we issue")
    try:
        if payload.get("validFrom") and _parse(payload["validFrom"]) > now:
            verdict.reasons.append(f"It is not valid yet: it starts on {payload['validFrom'][:10]}")
        if payload.get("validUntil") and _parse(payload["validUntil"]) < now:
            verdict.reasons.append(f"It has expired: it was valid until {payload['validUntil'][:10]}")
    except (TypeError, ValueError):
        verdict.reasons.append("Its dates cannot be read")
    status = payload.get("credentialStatus")
    if isinstance(status, dict):
        try:
            index = int(status["statusListIndex"])
            bits = status_bits(str(status["statusListCredential"]))
        except (KeyError, TypeError, ValueError):
            bits, index = None, -1
        if bits is None or not 0 <= index < len(bits) * 8:
            verdict.reasons.append("We could not check whether it has been revoked")
        else:
            verdict.revoked = statuslist.get_bit(bits, index)
            if verdict.revoked:
                verdict.reasons.append("It has been revoked")
    else:
        verdict.revoked = False
    return verdict


def status_bits_from_credential(token: str, keys: KeySet, issuer_id: str, url: str) -> bytes | None:
    """The bitstring of a signed status list credential, if it is ours, genuine and for this URL."""
    payload, _kid, problem = check_signature(token, keys, issuer_id)
    if payload is None or payload.get("id") != url:
        return None
    try:
        return statuslist.decode(payload["credentialSubject"]["encodedList"])
    except (KeyError, TypeError, ValueError, OSError, EOFError):
        return None
