"""`passport credential`: verify a credential offline, rotate the signing key, revoke a credential."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from passport.credentials import keys, services
from passport.credentials.models import IssuedCredential
from passport.credentials.verify import status_bits_from_credential, verify


def _read(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the {what} file {path}: {error.__class__.__name__}") from None


class Command(BaseCommand):
    help = "Verify a credential offline, rotate the signing key, or revoke a credential."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,rotate-key,revoke}")
        v = sub.add_parser("verify", help="Check a credential: genuine, in date, not revoked. Exit 0 only if all hold.")
        v.add_argument("token", help="The credential (a compact JWS), or @FILE to read it from a file, or - for stdin")
        v.add_argument("--jwks", help="The issuer's JWK Set (from /.well-known/jwks.json); default: this database")
        v.add_argument("--status-list", help="The status list credential (saved from /credentials/status/1); "
                                             "default: this database")
        v.add_argument("--issuer", help="The issuer id to expect (default: SITE_URL)")
        v.add_argument("--json", action="store_true", help="Print the verdict and the credential as JSON")
        sub.add_parser("rotate-key", help="Retire the signing key and start signing with a new one")
        r = sub.add_parser("revoke", help="Revoke an issued credential by its id")
        r.add_argument("credential_id")
        r.add_argument("--reason", default="officer_decision")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rotate-key":
            self.stdout.write(f"Now signing with {keys.rotate()}; older keys stay published for verification.")
        elif action == "revoke":
            credential = IssuedCredential.objects.filter(pk=options["credential_id"]).first()
            if credential is None:
                raise CommandError(f"no credential with id {options['credential_id']}")
            services.credential_revoke(credential=credential, reason=options["reason"], actor=None)
            self.stdout.write(f"Revoked {credential.pk}.")
        else:
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        token = options["token"]
        if token == "-":
            token = sys.stdin.read().strip()
        elif token.startswith("@"):
            token = _read(token[1:], "credential")
        issuer_id = options.get("issuer") or services.issuer().id
        try:
            jwks_doc = json.loads(_read(options["jwks"], "JWKS")) if options.get("jwks") else keys.jwks()
            keyset = keys.keyset_from(jwks_doc)
        except (ValueError, TypeError, KeyError):
            raise CommandError("the JWKS file is not a JWK Set") from None
        status_token = _read(options["status_list"], "status list") if options.get("status_list") else None

        def bits(url: str) -> bytes | None:
            source = status_token
            if source is None:
                source = services.status_list_token(url.rsplit("/", 1)[-1])
            return status_bits_from_credential(source, keyset, issuer_id, url) if source else None

        verdict = verify(token, keys=keyset, issuer_id=issuer_id, status_bits=bits, now=timezone.now())
        if options.get("json"):
            self.stdout.write(json.dumps({"ok": verdict.ok, "genuine": verdict.genuine, "revoked": verdict.revoked,
                                          "reasons": verdict.reasons, "credential": verdict.credential}, indent=2))
        elif verdict.ok:
            subject = (verdict.credential or {}).get("credentialSubject", {})
            self.stdout.write(f"Genuine and current: {subject.get('name', '')} ({subject.get('passportNumber', '')}),"
                              f" valid until {(verdict.credential or {}).get('validUntil', 'no end date')[:10]}")
        if not verdict.ok:
            raise CommandError("; ".join(verdict.reasons) or "not valid")
