import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passport.credentials import keys, services
from tests.pages.checks import check_page

pytestmark = pytest.mark.django_db


def test_the_jwks_lists_public_keys_with_kids(client):
    body = client.get("/.well-known/jwks.json").json()
    assert body["keys"] and all(k["kid"] and k["kty"] == "OKP" and "d" not in k for k in body["keys"])


def test_a_volunteer_gets_their_passport_with_a_qr_code_and_downloads_it(client_for, vetted_alice):
    client = client_for(vetted_alice)
    check_page(client.get("/volunteer/passport"), title="Your Volunteer Passport")
    assert client.post("/volunteer/passport/issue").status_code == 302
    page = client.get("/volunteer/passport")
    check_page(page, title="Your Volunteer Passport")
    assert "<svg" in page.content.decode() and "Download your passport" in page.content.decode()
    download = client.get("/volunteer/passport/download")
    assert download["Content-Type"] == "application/vc+jwt"
    assert download.content.decode().count(".") == 2


def test_someone_without_checks_cannot_get_a_passport(client_for, personas):
    client = client_for(personas.charlie)
    client.post("/volunteer/passport/issue")
    assert client.get("/volunteer/passport/download").status_code == 404


def test_the_verify_page_says_genuine_then_revoked(client, vetted_alice, officer):
    issued = services.passport_issue(volunteer=vetted_alice, actor=None)
    page = client.post("/verify", {"token": issued.token})
    check_page(page, title="Check a Volunteer Passport")
    assert "Genuine and current" in page.content.decode()
    assert vetted_alice.full_name in page.content.decode()
    services.credential_revoke(credential=issued, reason="officer_decision", actor=officer)
    page = client.get("/verify", {"token": issued.token})
    assert "It has been revoked" in page.content.decode()


def test_an_empty_verify_form_gets_an_error_summary(client):
    page = client.post("/verify", {"token": ""})
    assert page.status_code == 400 and "govuk-error-summary" in page.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(max_size=300))
def test_the_verify_page_never_fails_on_anything_pasted(client, token):
    assert client.post("/verify", {"token": token}).status_code in (200, 400)


def test_the_cli_verifies_offline_from_saved_files(tmp_path, vetted_alice, officer, capsys):
    issued = services.passport_issue(volunteer=vetted_alice, actor=None)
    (tmp_path / "jwks.json").write_text(json.dumps(keys.jwks()))
    (tmp_path / "status.jwt").write_text(services.status_list_token())
    (tmp_path / "passport.jwt").write_text(issued.token)
    files = ["--jwks", str(tmp_path / "jwks.json"), "--status-list", str(tmp_path / "status.jwt")]
    call_command("credential", "verify", f"@{tmp_path / 'passport.jwt'}", *files)
    assert "Genuine and current" in capsys.readouterr().out
    services.credential_revoke(credential=issued, reason="officer_decision", actor=officer)
    (tmp_path / "status.jwt").write_text(services.status_list_token())
    with pytest.raises(CommandError, match="revoked"):
        call_command("credential", "verify", f"@{tmp_path / 'passport.jwt'}", *files)


def test_the_cli_refuses_a_forged_token_with_one_line(vetted_alice):
    with pytest.raises(CommandError, match="three parts"):
        call_command("credential", "verify", "not-a-token")
