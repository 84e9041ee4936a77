import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from passport.activity import services
from passport.activity.models import CreditEntry, EntryStatus, HoursEntry
from passport.credentials.services import holder_number
from passport.credentials.vc import MEDIA_TYPE
from tests.pages.checks import check_error_summary, check_page, h1_text, text_of

pytestmark = pytest.mark.django_db


def log_data(opportunity, hours="2.5", day=None, **extra):
    day = day or timezone.localdate() - dt.timedelta(days=1)
    data = {"activity": str(opportunity.pk), "organisation": "", "date_day": str(day.day),
            "date_month": str(day.month), "date_year": str(day.year), "hours": hours,
            "description": "Sorted donations"}
    data.update(extra)
    return data


class TestVolunteerPages:
    def test_alice_logs_hours_and_sees_them_pending(self, client_for, accepted):
        client = client_for(accepted.alice)
        check_page(client.get("/hours/log"), title="Log your hours")
        response = client.post("/hours/log", log_data(accepted.opportunity))
        assert response.status_code == 302
        doc = check_page(client.get("/hours/"), title="Your hours")
        assert text_of(doc.find(".//*[@id='pending-hours']")) == "2.5"
        assert "Food bank helper" in text_of(doc)

    def test_bad_hours_get_an_error_summary_and_nothing_is_saved(self, client_for, accepted):
        client = client_for(accepted.alice)
        future = timezone.localdate() + dt.timedelta(days=2)
        check_error_summary(client.post("/hours/log", log_data(accepted.opportunity, hours="-1")),
                            "Hours must be more than 0")
        check_error_summary(client.post("/hours/log", log_data(accepted.opportunity, day=future)),
                            "Date must be today or in the past")
        check_error_summary(client.post("/hours/log", log_data(accepted.opportunity, hours="lots")),
                            "Hours must be a number, like 2.5")
        check_error_summary(client.post("/hours/log", log_data(accepted.opportunity, activity="informal")),
                            "Select the organisation you helped")
        check_error_summary(client.post("/hours/log", {}), "Select what the hours were for", "Enter the date",
                            "Enter the hours", "Enter what you did")
        assert not HoursEntry.objects.exists()

    def test_the_home_page_shows_an_hours_summary_and_link(self, client_for, log_hours, accepted):
        services.hours_confirm(entry=log_hours("3"), actor=accepted.bob)
        doc = check_page(client_for(accepted.alice).get("/volunteer/"))
        assert "Confirmed: 3" in text_of(doc)
        assert doc.find(".//a[@href='/hours/']") is not None

    def test_badges_and_statement_can_be_downloaded(self, client_for, log_hours, accepted):
        services.hours_confirm(entry=log_hours("3"), actor=accepted.bob)
        client = client_for(accepted.alice)
        assert client.post("/hours/statement").status_code == 302
        doc = check_page(client.get("/hours/"))
        links = [a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("/hours/")]
        for href in [h for h in links if "/statement/" in h or "/badges/" in h]:
            response = client.get(href)
            assert response.status_code == 200 and response["Content-Type"] == MEDIA_TYPE
            assert response.content.count(b".") == 2
        assert any("/statement/" in h for h in links) and any("/badges/" in h for h in links)
        assert text_of(doc.find(".//*[@id='milestones']")).startswith("First confirmed volunteering")

    def test_alice_answers_a_query_by_changing_her_hours(self, client_for, log_hours, accepted):
        entry = log_hours("3")
        services.hours_query(entry=entry, actor=accepted.bob, message="Was it 2?")
        client = client_for(accepted.alice)
        check_page(client.get(f"/hours/entries/{entry.pk}/change"), title="Change your hours")
        day = entry.date
        data = {"date_day": day.day, "date_month": day.month, "date_year": day.year, "hours": "2",
                "description": "Two hours"}
        check_error_summary(client.post(f"/hours/entries/{entry.pk}/change", {**data, "hours": "0"}),
                            "Hours must be more than 0")
        assert client.post(f"/hours/entries/{entry.pk}/change", data).status_code == 302
        entry.refresh_from_db()
        assert (entry.status, entry.hours) == (EntryStatus.PENDING, Decimal("2.00"))

    def test_alice_disputes_hours_bob_logged_for_her(self, client_for, accepted):
        entry = services.hours_log(volunteer=accepted.alice, organisation=accepted.bobs_org,
                                   date=timezone.localdate(), hours=Decimal(6), description="Shift",
                                   actor=accepted.bob)
        client = client_for(accepted.alice)
        doc = check_page(client.get(f"/hours/entries/{entry.pk}"))
        assert doc.find(f".//a[@href='/hours/entries/{entry.pk}/dispute']") is not None
        check_error_summary(client.post(f"/hours/entries/{entry.pk}/dispute", {"reason": ""}),
                            "Enter why these hours are wrong")
        assert client.post(f"/hours/entries/{entry.pk}/dispute", {"reason": "I left at noon"}).status_code == 302
        entry.refresh_from_db()
        assert entry.status == EntryStatus.DISPUTED


class TestPersonaAccess:
    def test_alice_sees_only_her_hours(self, client_for, log_hours, accepted):
        services.hours_log(volunteer=accepted.charlie, organisation=accepted.daves_org, date=timezone.localdate(),
                           hours=Decimal(1), description="Charlie's secret gardening", actor=accepted.charlie.user)
        log_hours()
        doc = check_page(client_for(accepted.alice).get("/hours/"))
        assert "Harehills Hub" not in text_of(doc)

    def test_charlie_sees_none_of_alices_hours(self, client_for, log_hours, accepted):
        entry = log_hours()
        client = client_for(accepted.charlie)
        assert "Leeds Food Aid" not in text_of(check_page(client.get("/hours/")))
        for path in (f"/hours/entries/{entry.pk}", f"/hours/entries/{entry.pk}/dispute",
                     f"/hours/entries/{entry.pk}/change"):
            assert client.get(path).status_code == 404
        assert client.post(f"/hours/entries/{entry.pk}/decide", {"decision": "confirm"}).status_code == 404

    def test_bob_confirms_her_entries(self, client_for, log_hours, accepted):
        entry = log_hours("3")
        client = client_for(accepted.bob)
        doc = check_page(client.get(f"/hours/organisation/{accepted.bobs_org.pk}"), title="Volunteers' hours")
        assert "Alice Adams" in text_of(doc)
        detail = check_page(client.get(reverse("organisations:detail", args=[accepted.bobs_org.pk])))
        assert text_of(detail.find(".//*[@id='hours-to-confirm']")) == "1"
        check_page(client.get(f"/hours/entries/{entry.pk}"))
        check_error_summary(client.post(f"/hours/entries/{entry.pk}/decide", {"decision": "query"}),
                            "Enter what you want to ask the volunteer")
        response = client.post(f"/hours/entries/{entry.pk}/decide", {"decision": "confirm"})
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.status == EntryStatus.CONFIRMED

    def test_dave_gets_404_on_her_entries(self, client_for, log_hours, accepted):
        entry = log_hours()
        client = client_for(accepted.dave)
        assert client.get(f"/hours/entries/{entry.pk}").status_code == 404
        assert client.post(f"/hours/entries/{entry.pk}/decide", {"decision": "confirm"}).status_code == 404
        assert client.get(f"/hours/organisation/{accepted.bobs_org.pk}").status_code == 404
        assert client.get(f"/hours/organisation/{accepted.bobs_org.pk}/log").status_code == 404
        entry.refresh_from_db()
        assert entry.status == EntryStatus.PENDING

    def test_signed_out_people_are_sent_to_sign_in(self, client, log_hours):
        entry = log_hours()
        assert client.get("/hours/").status_code == 302
        assert client.get(f"/hours/entries/{entry.pk}").status_code == 302


class TestCoordinatorPages:
    def test_bob_logs_hours_for_alice(self, client_for, accepted):
        client = client_for(accepted.bob)
        url = f"/hours/organisation/{accepted.bobs_org.pk}/log"
        check_page(client.get(url), title="Log hours for a volunteer")
        day = timezone.localdate()
        data = {"volunteer": str(accepted.alice.pk), "date_day": day.day, "date_month": day.month,
                "date_year": day.year, "hours": "4", "description": "Warehouse"}
        check_error_summary(client.post(url, {**data, "hours": "30"}), "Hours must be 24 or fewer")
        check_error_summary(client.post(url, {**data, "volunteer": str(accepted.charlie.pk)}))
        assert client.post(url, data).status_code == 302
        assert HoursEntry.objects.get().logged_by == "organisation"

    def test_dave_records_credits_spent_but_not_more_than_the_balance(self, client_for, log_hours, accepted):
        services.hours_confirm(entry=log_hours("2"), actor=accepted.bob)
        number = holder_number(accepted.alice)
        client = client_for(accepted.dave)
        url = f"/hours/organisation/{accepted.daves_org.pk}/credits"
        check_page(client.get(url), title="Record time credits spent")
        check_error_summary(client.post(url, {"passport_number": number, "amount": "3", "reason": "Swim"}),
                            "Credits must be 2 or fewer: that is the balance")
        check_error_summary(client.post(url, {"passport_number": "VP-NONE-NONE", "amount": "1", "reason": "Swim"}),
                            "Enter a passport number we have issued, like VP-ABCD-2345")
        assert client.post(url, {"passport_number": number.lower(), "amount": "1.5", "reason": "Swim"}
                           ).status_code == 302
        assert sum(CreditEntry.objects.values_list("amount", flat=True)) == Decimal("0.5")
        doc = check_page(client_for(accepted.alice).get("/hours/"))
        assert text_of(doc.find(".//*[@id='credit-balance']")) == "0.5"
        assert number in text_of(doc.find(".//*[@id='passport-number']"))
        assert h1_text(doc) == "Your hours"
