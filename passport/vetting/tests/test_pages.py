import pytest

from passport.vetting.models import DbsCheck
from tests.pages.checks import check_error_summary, check_page

pytestmark = pytest.mark.django_db


def test_an_officer_finds_a_volunteer_and_records_a_check(client_for, officer, personas):
    client = client_for(officer)
    check_page(client.get("/vetting/?q=Alice"), title="Vetting")
    page = client.get(f"/vetting/volunteers/{personas.alice.pk}")
    check_page(page, title=f"Vetting for {personas.alice.full_name}")
    response = client.post(f"/vetting/volunteers/{personas.alice.pk}", {
        "record": "dbs", "dbs-level": "enhanced", "dbs-workforce": "adult",
        "dbs-certificate_number": "001234567890", "dbs-issued_on_day": "1", "dbs-issued_on_month": "6",
        "dbs-issued_on_year": "2025", "dbs-outcome": "suitable",
    })
    assert response.status_code == 302
    assert DbsCheck.objects.get().certificate_number == "001234567890"


def test_a_bad_certificate_number_gets_an_error_summary_and_saves_nothing(client_for, officer, personas):
    response = client_for(officer).post(f"/vetting/volunteers/{personas.alice.pk}", {
        "record": "dbs", "dbs-level": "enhanced", "dbs-workforce": "adult", "dbs-certificate_number": "12",
        "dbs-issued_on_day": "1", "dbs-issued_on_month": "6", "dbs-issued_on_year": "2025", "dbs-outcome": "suitable",
    })
    check_error_summary(response, "Enter the 12-digit certificate number")
    assert not DbsCheck.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_nobody_but_a_vetting_officer_can_open_the_vetting_pages(client_for, personas, who):
    client = client_for(getattr(personas, who))
    assert client.get("/vetting/").status_code == 404
    assert client.get(f"/vetting/volunteers/{personas.alice.pk}").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, personas):
    response = client.get("/vetting/")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_an_officer_revokes_a_passport_and_the_verify_page_says_so(client_for, officer, personas):
    import datetime as dt

    from django.utils import timezone

    from passport.credentials import services as credentials
    from passport.vetting import services as vetting

    vetting.dbs_check_record(officer=officer, volunteer=personas.alice, level="enhanced", workforce="adult",
                             certificate_number="001234567890",
                             issued_on=timezone.localdate() - dt.timedelta(days=10), outcome="suitable")
    issued = credentials.passport_issue(volunteer=personas.alice, actor=personas.alice.user)
    client = client_for(officer)
    page = client.get(f"/vetting/volunteers/{personas.alice.pk}")
    check_page(page)
    assert "Revoke their passport" in page.content.decode()
    assert client.post(f"/vetting/volunteers/{personas.alice.pk}", {"revoke": "1"}).status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_reason == "officer_decision"
    assert "It has been revoked" in client.post("/verify", {"token": issued.token}).content.decode()
