"""The volunteer's pages: signing up, their passport, changing details, pausing, downloading, deleting."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from passport.accounts.models import User
from passport.notifications.models import Message
from passport.volunteers.models import StreamConsent, Volunteer
from tests import factories
from tests.pages.checks import check_error_summary, check_page, h1_text, text_of

pytestmark = pytest.mark.django_db



def sign_up_data(**overrides):
    born = overrides.pop("born", dt.date(1990, 5, 17))
    data = {
        "first_name": "Erin",
        "last_name": "Evans",
        "email": "erin@example.org",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "mobile": "",
        "postcode": "LS1 4DY",
        "travel": "5",
        "availability": ["monday-morning", "saturday-afternoon"],
        "skills": ["first-aid"],
        "causes": ["poverty"],
        "languages": ["en"],
        "streams": ["community"],
    }
    data.update(overrides)
    return data


def profile_data(volunteer, **overrides):
    data = {
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "mobile": "",
        "postcode": volunteer.postcode,
        "travel": "5",
        "availability": ["monday-morning"],
        "skills": [],
        "causes": [],
        "languages": ["en"],
        "streams": [],
    }
    data.update(overrides)
    return data


class TestSignUp:
    def test_the_sign_up_page_renders(self, client):
        check_page(client.get("/volunteer/sign-up"), title="Sign up to volunteer")

    def test_signing_up_registers_signs_in_and_shows_the_passport(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(), follow=True)
        doc = check_page(response, title="Your passport")
        assert h1_text(doc) == "Erin Evans"
        volunteer = Volunteer.objects.get(user__email="erin@example.org")
        assert volunteer.postcode == "LS1 4DY"
        assert "You have signed up" in response.content.decode()

    def test_a_volunteer_who_is_signed_in_is_sent_to_their_passport(self, personas, client_for):
        assert client_for(personas.alice).get("/volunteer/sign-up")["Location"] == "/volunteer/"

    def test_an_empty_form_lists_every_missing_answer_and_saves_nothing(self, client):
        blank = {name: "" for name in sign_up_data() if name not in {"availability", "skills", "causes", "languages",
                                                                   "streams"}}
        response = client.post("/volunteer/sign-up", blank)
        check_error_summary(
            response,
            "Enter your first name",
            "Enter your last name",
            "Enter your email address",
            "Enter your date of birth",
            "Enter your postcode",
            "Select how far you can travel",
            "Select at least one language",
        )
        assert not User.objects.exists()

    @pytest.mark.parametrize("postcode", ["nonsense", "ZZ99 9ZZ"])
    def test_a_postcode_that_is_not_real_is_refused(self, client, postcode):
        response = client.post("/volunteer/sign-up", sign_up_data(postcode=postcode))
        doc = check_error_summary(response)
        assert "Enter a real postcode" in text_of(doc.find(".//div[@class='govuk-error-summary']"))
        assert not Volunteer.objects.exists()

    def test_a_malformed_postcode_gets_the_govuk_example(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(postcode="12345"))
        check_error_summary(response, "Enter a real postcode, like SW1A 1AA")
        assert not Volunteer.objects.exists()

    def test_an_impossible_date_of_birth_must_be_a_real_date(self, client):
        data = sign_up_data(date_of_birth_day="31", date_of_birth_month="2", date_of_birth_year="1990")
        response = client.post("/volunteer/sign-up", data)
        doc = check_error_summary(response, "Date of birth must be a real date")
        day = doc.find(".//input[@id='id_date_of_birth_day']")
        assert "govuk-input--error" in day.get("class")
        assert not Volunteer.objects.exists()

    def test_a_date_of_birth_missing_its_year_says_so(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(date_of_birth_year=""))
        check_error_summary(response, "Date of birth must include a year")

    def test_someone_aged_15_is_refused(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(born=factories.born_years_ago(16, days=-1)))
        check_error_summary(response, "You must be 16 or older to register")
        assert not User.objects.exists()

    def test_an_email_already_in_use_is_refused(self, client, personas):
        users = User.objects.count()
        response = client.post("/volunteer/sign-up", sign_up_data(email="ALICE@example.org"))
        check_error_summary(response, "An account already uses this email address. Sign in instead")
        assert User.objects.count() == users

    def test_a_mobile_number_that_is_not_one_uses_govuk_wording(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(mobile="call me"))
        check_error_summary(response, "Enter a mobile number, like 07700 900 982 or +44 7700 900 982")

    def test_an_oversized_mobile_number_uses_govuk_wording(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(mobile="0" * 10_000))
        check_error_summary(response, "Enter a mobile number, like 07700 900 982 or +44 7700 900 982")

    def test_an_oversized_name_is_a_field_error_not_a_crash(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(first_name="E" * 10_000))
        check_error_summary(response, "First name must be 100 characters or fewer")
        assert not Volunteer.objects.exists()

    def test_an_unknown_skill_is_refused(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(skills=["lion-taming"]))
        check_error_summary(response, "Select a valid choice. lion-taming is not one of the available choices.")
        assert not Volunteer.objects.exists()

    def test_the_form_keeps_what_was_typed_when_it_shows_errors(self, client):
        response = client.post("/volunteer/sign-up", sign_up_data(postcode="12345"))
        doc = check_error_summary(response)
        assert doc.find(".//input[@id='id_first_name']").get("value") == "Erin"
        assert doc.find(".//input[@id='id_date_of_birth_year']").get("value") == "1990"
        streams = [i for i in doc.iter("input") if i.get("name") == "streams"]
        assert {i.get("value") for i in streams if i.get("checked") is not None} == {"community"}


class TestPassport:
    def test_alice_sees_her_passport_with_her_application(self, personas, client_for):
        doc = check_page(client_for(personas.alice).get("/volunteer/"), title="Your passport")
        assert h1_text(doc) == "Alice Adams"
        assert "Food bank helper" in text_of(doc.find(".//table"))

    def test_a_paused_volunteer_sees_until_when(self, personas, client_for):
        Volunteer.objects.filter(pk=personas.alice.pk).update(paused_until=timezone.localdate() + dt.timedelta(days=9))
        response = client_for(personas.alice).get("/volunteer/")
        check_page(response)
        assert "You have paused volunteering until" in response.content.decode()

    def test_an_under_18_volunteer_is_told_what_they_will_be_offered(self, client_for):
        young = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(17))
        response = client_for(young).get("/volunteer/")
        check_page(response)
        assert "You are under 18" in response.content.decode()

    def test_someone_without_a_profile_is_sent_to_sign_up(self, personas, client_for):
        assert client_for(personas.bob).get("/volunteer/")["Location"] == "/volunteer/sign-up"


class TestEdit:
    def test_the_change_details_page_shows_the_current_answers(self, personas, client_for):
        doc = check_page(client_for(personas.alice).get("/volunteer/details"), title="Change your details")
        assert doc.find(".//input[@id='id_first_name']").get("value") == "Alice"
        assert doc.find(".//input[@id='id_postcode']").get("value") == "LS1 4DY"

    def test_changing_details_saves_them(self, personas, client_for):
        data = profile_data(personas.alice, postcode="LS6 3HN", streams=["reserve"])
        response = client_for(personas.alice).post("/volunteer/details", data)
        assert response["Location"] == "/volunteer/"
        personas.alice.refresh_from_db()
        assert personas.alice.postcode == "LS6 3HN"

    def test_an_invalid_change_shows_errors_and_saves_nothing(self, personas, client_for):
        data = profile_data(personas.alice, first_name="", postcode="12345")
        response = client_for(personas.alice).post("/volunteer/details", data)
        check_error_summary(response, "Enter your first name")
        personas.alice.refresh_from_db()
        assert personas.alice.first_name == "Alice"

    def test_a_postcode_not_in_the_directory_is_refused(self, personas, client_for):
        data = profile_data(personas.alice, postcode="ZZ99 9ZZ")
        response = client_for(personas.alice).post("/volunteer/details", data)
        check_error_summary(response, "Enter a real postcode: we cannot find that one")
        personas.alice.refresh_from_db()
        assert personas.alice.postcode == "LS1 4DY"


class TestPause:
    def test_the_pause_page_renders(self, personas, client_for):
        check_page(client_for(personas.alice).get("/volunteer/pause"), title="Pause volunteering")

    def test_pausing_until_a_date_saves_it(self, personas, client_for):
        until = timezone.localdate() + dt.timedelta(days=30)
        data = {"until_day": until.day, "until_month": until.month, "until_year": until.year}
        assert client_for(personas.alice).post("/volunteer/pause", data)["Location"] == "/volunteer/"
        personas.alice.refresh_from_db()
        assert personas.alice.paused_until == until

    def test_a_paused_volunteer_can_resume_from_the_page(self, personas, client_for):
        Volunteer.objects.filter(pk=personas.alice.pk).update(paused_until=timezone.localdate() + dt.timedelta(days=9))
        client = client_for(personas.alice)
        doc = check_page(client.get("/volunteer/pause"))
        assert "I am available again now" in text_of(doc.find(".//main"))
        client.post("/volunteer/pause", {"resume": "1"})
        personas.alice.refresh_from_db()
        assert personas.alice.paused_until is None

    def test_pausing_without_a_date_asks_for_one(self, personas, client_for):
        response = client_for(personas.alice).post("/volunteer/pause", {"until_day": "", "until_month": "",
                                                                          "until_year": ""})
        check_error_summary(response, "Enter the date you will be available again")

    def test_pausing_until_a_past_date_is_refused(self, personas, client_for):
        past = timezone.localdate() - dt.timedelta(days=1)
        data = {"until_day": past.day, "until_month": past.month, "until_year": past.year}
        response = client_for(personas.alice).post("/volunteer/pause", data)
        check_error_summary(response, "The date must be today or in the future")
        personas.alice.refresh_from_db()
        assert personas.alice.paused_until is None

    def test_pausing_until_an_impossible_date_must_be_a_real_date(self, personas, client_for):
        data = {"until_day": "40", "until_month": "1", "until_year": "2030"}
        response = client_for(personas.alice).post("/volunteer/pause", data)
        check_error_summary(response, "The date must be a real date")


class TestDownload:
    def test_the_download_is_a_json_attachment_of_her_own_data(self, personas, client_for):
        response = client_for(personas.alice).get("/volunteer/my-data.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["account"]["email"] == "alice@example.org"
        assert data["applications"][0]["opportunity"] == "Food bank helper"
        assert "charlie" not in response.content.decode().lower()


class TestDelete:
    def test_the_delete_page_renders(self, personas, client_for):
        check_page(client_for(personas.alice).get("/volunteer/delete"), title="Delete your account")

    def test_deleting_without_confirming_asks_for_confirmation(self, personas, client_for):
        # An unticked checkbox sends nothing; the browser still sends the other fields.
        response = client_for(personas.alice).post("/volunteer/delete", {"csrfmiddlewaretoken": "not-checked-here"})
        check_error_summary(response, "Confirm that you want to delete your account")
        personas.alice.refresh_from_db()
        assert personas.alice.erased_at is None

    def test_deleting_erases_signs_out_and_shows_the_confirmation(self, personas, client_for):
        client = client_for(personas.alice)
        response = client.post("/volunteer/delete", {"confirm": "on"})
        check_page(response, title="Your account has been deleted")
        personas.alice.refresh_from_db()
        assert personas.alice.erased_at is not None
        assert "_auth_user_id" not in client.session


class TestAssistedSignUp:
    def assisted_data(self, **overrides):
        data = sign_up_data(email="", consent_method="phone", consent_confirmed="on")
        data.update(overrides)
        return data

    def test_the_assisted_sign_up_page_renders_for_a_coordinator(self, personas, client_for):
        url = f"/volunteer/assisted/{personas.bobs_org.pk}/new"
        doc = check_page(client_for(personas.bob).get(url), title="Register someone to volunteer")
        legends = [text_of(legend) for legend in doc.iter("legend")]
        assert "How far can they travel to volunteer?" in legends

    def test_registering_someone_by_phone_records_who_and_how(self, personas, client_for):
        url = f"/volunteer/assisted/{personas.bobs_org.pk}/new"
        response = client_for(personas.bob).post(url, self.assisted_data(email="frank@example.org"))
        assert response["Location"] == f"/organisations/{personas.bobs_org.pk}/manage"
        volunteer = Volunteer.objects.get(user__email="frank@example.org")
        assert volunteer.assisted_by == personas.bob
        assert volunteer.assisted_organisation == personas.bobs_org
        consent = StreamConsent.objects.get(volunteer=volunteer)
        assert consent.method == "phone" and consent.recorded_by == personas.bob
        assert Message.objects.filter(to="frank@example.org", template="take_over").count() == 1

    def test_assisted_sign_up_without_consent_is_refused(self, personas, client_for):
        url = f"/volunteer/assisted/{personas.bobs_org.pk}/new"
        count = Volunteer.objects.count()
        response = client_for(personas.bob).post(url, self.assisted_data(consent_confirmed="", consent_method=""))
        check_error_summary(
            response,
            "Confirm that the person agreed to be registered",
            "Select how the person gave their consent",
        )
        assert Volunteer.objects.count() == count

    def test_the_person_shows_on_the_organisation_page_until_they_take_over(self, personas, client_for):
        url = f"/volunteer/assisted/{personas.bobs_org.pk}/new"
        client = client_for(personas.bob)
        client.post(url, self.assisted_data())
        response = client.get(f"/organisations/{personas.bobs_org.pk}/manage")
        check_page(response)
        assert "Erin Evans – has not signed in yet" in response.content.decode()


def test_a_person_signed_up_by_a_coordinator_takes_over_with_the_link_they_were_sent(personas, client_for, client):
    url = f"/volunteer/assisted/{personas.bobs_org.pk}/new"
    data = sign_up_data(email="frank@example.org", consent_method="in_person", consent_confirmed="on")
    client_for(personas.bob).post(url, data)
    client.logout()
    body = Message.objects.get(to="frank@example.org", template="take_over").body
    link_path = "/sign-in/link/" + body.rsplit("/sign-in/link/", 1)[1].split()[0]
    check_page(client.get(link_path), title="Continue to sign in")
    response = client.post(link_path, follow=True)
    check_page(response, title="Your passport")
    volunteer = Volunteer.objects.get(user__email="frank@example.org")
    assert volunteer.taken_over_at is not None
    bob_page = client_for(personas.bob).get(f"/organisations/{personas.bobs_org.pk}/manage")
    assert "has taken over their account" in bob_page.content.decode()
