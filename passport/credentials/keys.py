"""Signing keys: generated on first use, private halves encrypted at rest, rotatable.

The encryption key comes from CREDENTIAL_KEY_SECRET (or SECRET_KEY when that is empty), stretched with
HKDF-SHA256 into a Fernet key. Losing it means issuing from a new key; what old keys signed still verifies,
because only public keys are needed for that.
"""

import base64
import secrets
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc.jwk import KeySet, OKPKey

from passport.credentials.models import SigningKey


def _fernet() -> Fernet:
    secret = (settings.CREDENTIAL_KEY_SECRET or settings.SECRET_KEY).encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"volunteer-passport", info=b"signing-keys").derive(
        secret
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _new_key() -> SigningKey:
    kid = f"vp-{timezone.now():%Y%m%d}-{secrets.token_hex(4)}"
    key = OKPKey.generate_key("Ed25519", parameters={"kid": kid, "use": "sig", "alg": "Ed25519"})
    private_pem = key.as_pem(private=True)
    return SigningKey.objects.create(
        kid=kid,
        public_jwk=key.as_dict(private=False),
        private_encrypted=_fernet().encrypt(private_pem).decode(),
    )


_decrypted: dict[str, OKPKey] = {}  # kid -> private key, so each process decrypts a key once


@transaction.atomic
def active_key() -> tuple[str, OKPKey]:
    """The key to sign with now, making one on first use."""
    row = SigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at").only("kid").first()
    if row is None:
        row = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).first() or _new_key()
    key = _decrypted.get(row.kid)
    if key is None:
        encrypted = SigningKey.objects.values_list("private_encrypted", flat=True).get(pk=row.kid)
        key = OKPKey.import_key(_fernet().decrypt(encrypted.encode()), parameters={"kid": row.kid})
        _decrypted[row.kid] = key
    return row.kid, key


@transaction.atomic
def rotate() -> str:
    """Retire the current key and start signing with a new one; returns the new kid."""
    SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    _decrypted.clear()
    return _new_key().kid


def jwks() -> dict[str, Any]:
    """Every public key we ever signed with, as a JWK Set."""
    if not SigningKey.objects.exists():
        active_key()
    return {"keys": [row.public_jwk for row in SigningKey.objects.order_by("created_at")]}


def keyset_from(jwks_document: dict[str, Any]) -> KeySet:
    return KeySet.import_key_set(jwks_document)
