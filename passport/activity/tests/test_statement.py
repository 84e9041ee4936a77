import base64
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from jwcrypto import jwk
from jwcrypto import jws as jwcrypto_jws

from passport.activity import services
from passport.credentials import keys
from passport.credentials import services as credential_services
from passport.credentials.verify import status_bits_from_credential, verify

pytestmark = pytest.mark.django_db


def check(token):
    keyset = keys.keyset_from(keys.jwks())
    issuer_id = credential_services.issuer().id

    def bits(url):
        list_token = credential_services.status_list_token(url.rsplit("/", 1)[-1])
        return status_bits_from_credential(list_token, keyset, issuer_id, url)

    return verify(token, keys=keyset, issuer_id=issuer_id, status_bits=bits, now=timezone.now())


@pytest.fixture
def statement(log_hours, accepted):
    services.hours_confirm(entry=log_hours("3"), actor=accepted.bob)
    services.hours_confirm(entry=log_hours("1.5", days_ago=2), actor=accepted.bob)
    log_hours("5", days_ago=3)  # pending: not in the statement
    return services.statement_issue(volunteer=accepted.alice, actor=accepted.alice.user)


def test_the_statement_lists_confirmed_hours_only(statement, accepted):
    part = statement.credential.token.split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    assert payload["type"] == ["VerifiableCredential", "VolunteerHoursStatement"]
    subject = payload["credentialSubject"]
    assert subject["confirmedHours"] == "4.5"
    assert subject["organisations"] == [
        {"name": "Leeds Food Aid", "identifier": accepted.bobs_org.org_id, "confirmedHours": "4.5", "entries": 2}
    ]
    assert payload["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert statement.total_hours == Decimal("4.5")


def test_the_statement_verifies_and_can_be_revoked(statement):
    verdict = check(statement.credential.token)
    assert verdict.ok, verdict.reasons
    credential_services.credential_revoke(credential=statement.credential, reason="officer", actor=None)
    verdict = check(statement.credential.token)
    assert verdict.revoked is True and not verdict.ok


def test_an_independent_jose_library_verifies_the_statement(statement):
    public = next(k for k in keys.jwks()["keys"] if k["kid"] == statement.credential.kid)
    token = jwcrypto_jws.JWS()
    token.deserialize(statement.credential.token)
    token.verify(jwk.JWK(**public), alg="Ed25519")
    assert json.loads(token.payload)["id"] == f"urn:uuid:{statement.credential.pk}"


def test_milestone_badges_verify(log_hours, accepted):
    services.hours_confirm(entry=log_hours("2"), actor=accepted.bob)
    award = accepted.alice.milestones.get()
    verdict = check(award.credential.token)
    assert verdict.ok, verdict.reasons
    assert verdict.credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert verdict.credential["credentialSubject"]["achievement"]["name"] == "First confirmed volunteering"


def test_no_statement_without_confirmed_hours(log_hours, accepted):
    log_hours()
    with pytest.raises(ValidationError, match="no confirmed hours"):
        services.statement_issue(volunteer=accepted.alice, actor=accepted.alice.user)


def test_nobody_else_can_ask_for_her_statement(log_hours, accepted):
    services.hours_confirm(entry=log_hours(), actor=accepted.bob)
    with pytest.raises(ValidationError):
        services.statement_issue(volunteer=accepted.alice, actor=accepted.bob)


def test_the_verify_page_accepts_the_statement(client, statement):
    from tests.pages.checks import check_page, text_of

    doc = check_page(client.post("/verify", {"token": statement.credential.token}))
    assert "Genuine and current" in text_of(doc)
