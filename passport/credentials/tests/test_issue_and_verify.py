import base64
import datetime as dt
import json

import pytest
from django.utils import timezone
from joserfc import jws
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry
from jwcrypto import jwk
from jwcrypto import jws as jwcrypto_jws

from passport.credentials import keys, services, statuslist
from passport.credentials.models import SigningKey
from passport.credentials.verify import verify

pytestmark = pytest.mark.django_db


def check(token, now=None):
    def bits(url):
        token_ = services.status_list_token(url.rsplit("/", 1)[-1])
        from passport.credentials.verify import status_bits_from_credential

        return status_bits_from_credential(token_, keys.keyset_from(keys.jwks()), services.issuer().id, url)

    return verify(token, keys=keys.keyset_from(keys.jwks()), issuer_id=services.issuer().id, status_bits=bits,
                  now=now or timezone.now())


def payload_of(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_a_vetted_volunteer_gets_a_passport_that_verifies(vetted_alice):
    issued = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    verdict = check(issued.token)
    assert verdict.ok, verdict.reasons
    credential = verdict.credential
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "VolunteerPassport"]
    assert credential["credentialSubject"]["vetting"][0]["level"] == "enhanced"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"


def test_an_independent_jose_library_verifies_our_signature(vetted_alice):
    issued = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    public = next(k for k in keys.jwks()["keys"] if k["kid"] == issued.kid)
    token = jwcrypto_jws.JWS()
    token.deserialize(issued.token)
    token.verify(jwk.JWK(**public), alg="Ed25519")
    assert json.loads(token.payload)["id"] == f"urn:uuid:{issued.pk}"
    assert token.jose_header["typ"] == "vc+jwt"


def test_the_passport_never_carries_a_certificate_number_or_date_of_birth(vetted_alice):
    token = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user).token
    text = json.dumps(payload_of(token))
    assert "001234567890" not in text
    assert vetted_alice.date_of_birth.isoformat() not in text


def test_valid_until_follows_the_earliest_expiry(vetted_alice, officer):
    from passport.vetting import services as vetting

    expires = timezone.localdate() + dt.timedelta(days=40)
    vetting.qualification_record(officer=officer, volunteer=vetted_alice, kind="first_aid",
                                 issued_on=timezone.localdate() - dt.timedelta(days=300), expires_on=expires)
    credential = payload_of(services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user).token)
    assert credential["validUntil"].startswith(expires.isoformat())


def test_revoking_flips_the_bit_and_verifiers_see_it(vetted_alice, officer):
    issued = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    services.credential_revoke(credential=issued, reason="officer_decision", actor=officer)
    verdict = check(issued.token)
    assert verdict.genuine and verdict.revoked and not verdict.ok
    assert "It has been revoked" in verdict.reasons
    bits = statuslist.decode(payload_of(services.status_list_token())["credentialSubject"]["encodedList"])
    assert statuslist.get_bit(bits, issued.status_index)


def test_a_new_passport_supersedes_the_old_one(vetted_alice):
    first = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    second = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    assert check(second.token).ok
    assert check(first.token).revoked


def test_what_an_old_key_signed_still_verifies_after_rotation(vetted_alice):
    old = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    new_kid = keys.rotate()
    assert check(old.token).genuine
    fresh = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    assert fresh.kid == new_kid != old.kid
    assert {k["kid"] for k in keys.jwks()["keys"]} >= {old.kid, new_kid}


def test_private_keys_are_encrypted_at_rest_and_never_published(vetted_alice):
    services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    row = SigningKey.objects.get()
    assert "PRIVATE KEY" not in row.private_encrypted
    assert all("d" not in key for key in keys.jwks()["keys"])


def test_expired_and_not_yet_valid_passports_are_refused(vetted_alice):
    token = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user).token
    later = check(token, now=timezone.now() + dt.timedelta(days=365 * 4))
    assert later.genuine and any(r.startswith("It has expired") for r in later.reasons)
    earlier = check(token, now=timezone.now() - dt.timedelta(days=1))
    assert any(r.startswith("It is not valid yet") for r in earlier.reasons)


class TestAttacks:
    def test_a_changed_payload_fails_the_signature(self, vetted_alice):
        header, payload, signature = services.passport_issue(volunteer=vetted_alice, actor=None).token.split(".")
        claims = payload_of(f"{header}.{payload}.{signature}")
        claims["credentialSubject"]["vetting"][0]["level"] = "enhanced_both_barred"
        forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
        verdict = check(forged)
        assert not verdict.genuine and "signature does not match" in verdict.reasons[0]

    def test_alg_none_is_refused(self, vetted_alice):
        claims = payload_of(services.passport_issue(volunteer=vetted_alice, actor=None).token)
        header = {"alg": "none", "kid": keys.jwks()["keys"][0]["kid"]}
        forged = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."
        verdict = check(forged)
        assert not verdict.genuine and "algorithm none" in verdict.reasons[0]

    def test_a_key_we_do_not_know_is_refused(self, vetted_alice):
        claims = payload_of(services.passport_issue(volunteer=vetted_alice, actor=None).token)
        stranger = OKPKey.generate_key("Ed25519", parameters={"kid": "stranger"})
        forged = jws.serialize_compact({"alg": "Ed25519", "kid": "stranger", "typ": "vc+jwt"},
                                       json.dumps(claims).encode(), stranger,
                                       registry=JWSRegistry(algorithms=["Ed25519"]))
        verdict = check(forged)
        assert not verdict.genuine and "not signed by a key of ours" in verdict.reasons[0]

    def test_a_key_id_of_ours_on_a_stranger_signature_is_refused(self, vetted_alice):
        issued = services.passport_issue(volunteer=vetted_alice, actor=None)
        stranger = OKPKey.generate_key("Ed25519", parameters={"kid": issued.kid})
        forged = jws.serialize_compact({"alg": "Ed25519", "kid": issued.kid, "typ": "vc+jwt"},
                                       json.dumps(payload_of(issued.token)).encode(), stranger,
                                       registry=JWSRegistry(algorithms=["Ed25519"]))
        assert not check(forged).genuine

    def test_our_signature_on_another_issuer_is_refused(self, vetted_alice):
        claims = payload_of(services.passport_issue(volunteer=vetted_alice, actor=None).token)
        claims["issuer"] = {"id": "https://elsewhere.example", "name": "Elsewhere"}
        token, _ = services.sign(claims)
        verdict = check(token)
        assert not verdict.genuine and "different issuer" in verdict.reasons[0]

    @pytest.mark.parametrize("garbage", ["", "abc", "a.b", "a.b.c", "!!!.???.***", "e30.e30.e30",
                                         "x" * 30000, "eyJhbGciOiJFZDI1NTE5In0.bm90IGpzb24.AAAA"])
    def test_malformed_tokens_are_refused_with_a_reason(self, garbage, vetted_alice):
        verdict = check(garbage)
        assert not verdict.genuine and verdict.reasons and verdict.reasons[0]


def test_an_achievement_is_an_open_badge_signed_and_revocable_like_the_passport(vetted_alice):
    issued = services.achievement_issue(
        volunteer=vetted_alice, actor=None, achievement_id="hours-100", name="100 hours volunteered",
        description="Gave 100 confirmed hours of their time.", criteria="100 hours confirmed by organisations.",
    )
    verdict = check(issued.token)
    assert verdict.ok, verdict.reasons
    badge = verdict.credential
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in badge["@context"]
    assert badge["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    services.credential_revoke(credential=issued, reason="issued_in_error", actor=None)
    assert check(issued.token).revoked


def test_a_nearly_full_status_list_is_followed_by_a_new_one(vetted_alice):
    from passport.credentials.models import StatusList

    first = services.passport_issue(volunteer=vetted_alice, actor=None)
    StatusList.objects.filter(pk=first.status_list_id).update(size=4)
    second = services.passport_issue(volunteer=vetted_alice, actor=None)
    third = services.passport_issue(volunteer=vetted_alice, actor=None)
    fourth = services.passport_issue(volunteer=vetted_alice, actor=None)
    assert first.status_list_id == second.status_list_id == third.status_list_id == "1"
    assert fourth.status_list_id == "2"
    assert check(fourth.token).ok
    assert check(first.token).revoked  # superseded, on the first list
