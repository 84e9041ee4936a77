"""Opportunity pages: search, detail, applying, posting and changing, and answering applicants."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from passport.notifications.models import Message
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus
from tests import factories
from tests.pages.checks import check_error_summary, check_page, error_summary, h1_text, text_of

pytestmark = pytest.mark.django_db



def result_titles(doc) -> list[str]:
    return [text_of(h) for h in doc.findall(".//div[@class='vp-result']/h3")]


def opportunity_data(**overrides):
    data = {
        "title": "Community garden volunteer",
        "description": "Weed, plant and water the raised beds with neighbours.",
        "stream": "community",
        "public_service_role": "",
        "cause": "environment",
        "required_skills": [],
        "desirable_skills": ["gardening"],
        "min_dbs_level": "none",
        "min_age": "16",
        "postcode": "LS6 3HN",
        "places": "4",
        "schedule_type": "weekly",
        "weekly_slots": ["saturday-morning"],
        "shifts": "",
        "hourly_pay": "",
        "closes_on_day": "",
        "closes_on_month": "",
        "closes_on_year": "",
    }
    data.update(overrides)
    return data


class TestSearch:
    def test_the_search_page_with_no_query_invites_a_postcode(self, client):
        doc = check_page(client.get("/opportunities/"), title="Find volunteering opportunities")
        assert "Enter your postcode" in text_of(doc.find(".//main"))
        assert doc.find(".//h2[@id='results-heading']") is None

    def test_a_postcode_search_lists_the_nearest_first_with_distances(self, personas, client):
        factories.OpportunityFactory(title="Headingley helper", at=factories.LEEDS_HEADINGLEY)
        doc = check_page(client.get("/opportunities/?postcode=LS1+4DY"))
        assert result_titles(doc) == ["Food bank helper", "Headingley helper"]
        assert text_of(doc.find(".//h2[@id='results-heading']")) == "2 opportunities near LS1 4DY"
        distances = [text_of(s) for s in doc.findall(".//span[@class='vp-distance']")]
        assert distances[0] == "less than 0.1 miles away"
        assert distances[1].endswith("miles away") and distances[1] != distances[0]

    def test_filters_narrow_the_results(self, personas, client):
        factories.OpportunityFactory(title="Garden helper", cause=factories.Cause.objects.get(code="environment"))
        doc = check_page(client.get("/opportunities/?postcode=LS1+4DY&cause=environment&day=saturday&remote=exclude"))
        assert result_titles(doc) == ["Garden helper"]

    def test_a_search_with_no_matches_says_so(self, personas, client):
        doc = check_page(client.get("/opportunities/?postcode=SW1A+1AA&radius=1"))
        assert result_titles(doc) == []
        assert "No opportunities match" in text_of(doc.find(".//main"))

    def test_results_are_paginated_keeping_the_query(self, client):
        org = factories.OrganisationFactory()
        factories.OpportunityFactory.create_batch(23, organisation=org)
        first = check_page(client.get("/opportunities/?postcode=LS1+4DY"))
        assert len(result_titles(first)) == 20
        next_link = first.find(".//div[@class='govuk-pagination__next']/a")
        assert next_link.get("href") == "?postcode=LS1+4DY&page=2"
        second = check_page(client.get("/opportunities/?postcode=LS1+4DY&page=2"))
        assert len(result_titles(second)) == 3
        assert set(result_titles(first)).isdisjoint(result_titles(second))

    def test_a_postcode_that_is_not_real_shows_an_error_summary(self, client):
        check_error_summary(client.get("/opportunities/?postcode=12345"), "Enter a real postcode, like SW1A 1AA")

    def test_a_choice_that_is_not_offered_shows_an_error_not_a_crash(self, client):
        response = client.get("/opportunities/?postcode=LS1+4DY&radius=9999")
        doc = check_page(response, status=400)
        assert error_summary(doc) is not None

    def test_an_oversized_postcode_is_a_field_error(self, client):
        response = client.get("/opportunities/?postcode=" + "L" * 10_000)
        check_error_summary(response, "Postcode must be 10 characters or fewer")

    def test_a_volunteer_searching_with_no_postcode_searches_from_home(self, personas, client_for):
        factories.OpportunityFactory(title="London helper", at=factories.LONDON)
        doc = check_page(client_for(personas.charlie).get("/opportunities/?remote=include"))
        assert result_titles(doc) == ["Food bank helper"]


class TestDetail:
    def test_anyone_can_read_an_open_opportunity_and_is_asked_to_sign_in_to_apply(self, personas, client):
        doc = check_page(client.get(f"/opportunities/{personas.opportunity.pk}"), title="Food bank helper")
        main = text_of(doc.find(".//main"))
        assert "Sign up to volunteer or sign in to apply." in main
        assert doc.find(f".//form[@action='/opportunities/{personas.opportunity.pk}/apply']") is None

    def test_an_eligible_volunteer_sees_the_apply_form_and_the_distance(self, personas, client_for):
        doc = check_page(client_for(personas.charlie).get(f"/opportunities/{personas.opportunity.pk}"))
        assert doc.find(f".//form[@action='/opportunities/{personas.opportunity.pk}/apply']") is not None
        assert "less than 0.1 miles from you" in text_of(doc.find(".//main"))

    def test_a_volunteer_under_the_minimum_age_is_told_why_they_cannot_apply(self, personas, client_for):
        young = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(17))
        opportunity = factories.OpportunityFactory(min_age=18)
        doc = check_page(client_for(young).get(f"/opportunities/{opportunity.pk}"))
        assert "You need to be 18 or older; you are 17" in text_of(doc.find(".//main"))
        assert doc.find(f".//form[@action='/opportunities/{opportunity.pk}/apply']") is None

    def test_alice_sees_she_has_applied_and_can_withdraw(self, personas, client_for):
        doc = check_page(client_for(personas.alice).get(f"/opportunities/{personas.opportunity.pk}"))
        assert "Status: Waiting for a reply" in text_of(doc.find(".//main"))
        withdraw = f"/opportunities/applications/{personas.application.pk}/withdraw"
        assert doc.find(f".//form[@action='{withdraw}']") is not None

    def test_a_closed_opportunity_says_it_is_not_taking_applications(self, personas, client_for):
        opportunity = factories.OpportunityFactory(status=OpportunityStatus.CLOSED)
        doc = check_page(client_for(personas.charlie).get(f"/opportunities/{opportunity.pk}"))
        assert "is closed and is not taking applications" in text_of(doc.find(".//main"))
        assert doc.find(f".//form[@action='/opportunities/{opportunity.pk}/apply']") is None

    def test_a_paid_youth_placement_shows_its_pay(self, client):
        opportunity = factories.OpportunityFactory(paid_youth_placement=True, hourly_pay_pence=1221, min_age=16)
        doc = check_page(client.get(f"/opportunities/{opportunity.pk}"))
        assert "£12.21 an hour, for people aged 16 to 24" in text_of(doc.find(".//main"))

    def test_a_remote_opportunity_with_dated_shifts_renders(self, personas, client_for):
        org = personas.bobs_org
        from passport.opportunities.services import opportunity_save

        start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
        opportunity = opportunity_save(
            actor=personas.bob, organisation=org, title="Phone befriender", description="Call people.",
            cause="older-people", remote=True, schedule_type="shifts",
            shifts=[(start, start + dt.timedelta(hours=2))], publish=True,
        )
        doc = check_page(client_for(personas.charlie).get(f"/opportunities/{opportunity.pk}"))
        main = text_of(doc.find(".//main"))
        assert "Remote, from home" in main
        assert "Shifts" in [text_of(h) for h in doc.findall(".//h2")]


class TestApply:
    def test_applying_saves_the_application_and_tells_the_coordinator(self, personas, client_for):
        client = client_for(personas.charlie)
        url = f"/opportunities/{personas.opportunity.pk}/apply"
        response = client.post(url, {"message": "I can do Saturdays."}, follow=True)
        doc = check_page(response, title="Food bank helper")
        assert "You have applied" in text_of(doc.find(".//main"))
        application = Application.objects.get(volunteer=personas.charlie)
        assert application.message == "I can do Saturdays."
        assert Message.objects.filter(to="bob@example.org", template="new_application").count() == 1

    def test_applying_when_not_old_enough_shows_the_reason_and_saves_nothing(self, client_for):
        young = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(17))
        opportunity = factories.OpportunityFactory(min_age=18)
        response = client_for(young).post(f"/opportunities/{opportunity.pk}/apply", {"message": ""})
        check_error_summary(response, "You need to be 18 or older; you are 17")
        assert not Application.objects.filter(volunteer=young).exists()

    def test_applying_twice_is_refused(self, personas, client_for):
        response = client_for(personas.alice).post(f"/opportunities/{personas.opportunity.pk}/apply", {"message": ""})
        check_error_summary(response, "You have already applied for this opportunity")
        assert Application.objects.filter(volunteer=personas.alice).count() == 1

    def test_an_oversized_message_is_a_field_error(self, personas, client_for):
        url = f"/opportunities/{personas.opportunity.pk}/apply"
        response = client_for(personas.charlie).post(url, {"message": "x" * 10_000})
        check_error_summary(response, "Your message must be 2,000 characters or fewer")
        assert not Application.objects.filter(volunteer=personas.charlie).exists()

    def test_someone_who_is_not_a_volunteer_is_sent_to_sign_up(self, personas, client_for):
        response = client_for(personas.dave).post(f"/opportunities/{personas.opportunity.pk}/apply", {"message": ""})
        assert response["Location"] == "/volunteer/sign-up"

    def test_alice_withdraws_her_application(self, personas, client_for):
        url = f"/opportunities/applications/{personas.application.pk}/withdraw"
        assert client_for(personas.alice).post(url)["Location"] == "/volunteer/"
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.WITHDRAWN


class TestCreateAndEdit:
    def test_the_post_an_opportunity_page_renders(self, personas, client_for):
        url = f"/opportunities/new/{personas.bobs_org.pk}"
        doc = check_page(client_for(personas.bob).get(url), title="Post an opportunity")
        assert h1_text(doc) == "Post an opportunity"

    def test_publishing_a_new_opportunity_opens_it(self, personas, client_for):
        url = f"/opportunities/new/{personas.bobs_org.pk}"
        response = client_for(personas.bob).post(url, opportunity_data(publish="1"), follow=True)
        doc = check_page(response, title="Applicants for Community garden volunteer")
        assert "Your opportunity is published" in text_of(doc.find(".//main"))
        opportunity = Opportunity.objects.get(title="Community garden volunteer")
        assert opportunity.status == OpportunityStatus.OPEN
        assert opportunity.postcode == "LS6 3HN"

    def test_saving_without_publishing_keeps_a_draft(self, personas, client_for):
        url = f"/opportunities/new/{personas.bobs_org.pk}"
        client_for(personas.bob).post(url, opportunity_data())
        assert Opportunity.objects.get(title="Community garden volunteer").status == OpportunityStatus.DRAFT

    def test_an_empty_form_lists_every_missing_answer_and_saves_nothing(self, personas, client_for):
        count = Opportunity.objects.count()
        blank = {key: "" for key, value in opportunity_data().items() if isinstance(value, str)}
        response = client_for(personas.bob).post(f"/opportunities/new/{personas.bobs_org.pk}", blank)
        check_error_summary(
            response, "Enter a title", "Enter a description", "Select a stream", "Select a cause",
            "Select the DBS check needed", "Enter the minimum age", "Enter the number of volunteers needed",
            "Select when it happens",
        )
        assert Opportunity.objects.count() == count

    def test_a_10000_character_title_is_a_field_error_not_a_crash(self, personas, client_for):
        count = Opportunity.objects.count()
        response = client_for(personas.bob).post(
            f"/opportunities/new/{personas.bobs_org.pk}", opportunity_data(title="T" * 10_000, description="D" * 10_000)
        )
        check_error_summary(
            response, "Title must be 120 characters or fewer", "Description must be 5,000 characters or fewer"
        )
        assert Opportunity.objects.count() == count

    def test_a_place_without_a_postcode_must_give_one(self, personas, client_for):
        url = f"/opportunities/new/{personas.bobs_org.pk}"
        response = client_for(personas.bob).post(url, opportunity_data(postcode=""))
        check_error_summary(response, "Enter a postcode")
        assert not Opportunity.objects.filter(title="Community garden volunteer").exists()

    def test_a_paid_placement_without_pay_is_refused(self, personas, client_for):
        data = opportunity_data(paid_youth_placement="on")
        response = client_for(personas.bob).post(f"/opportunities/new/{personas.bobs_org.pk}", data)
        check_error_summary(response, "Enter the hourly pay for this paid placement")

    @pytest.mark.parametrize(
        ("pay", "message"),
        [
            ("1001", "Hourly pay must be £1,000 or less"),
            ("-1", "Hourly pay must be £0 or more"),
            ("12.345", "Hourly pay must be in pounds and pence, like 12.21"),
            ("lots", "Hourly pay must be an amount, like 12.21"),
        ],
    )
    def test_hourly_pay_out_of_bounds_gets_govuk_wording(self, personas, client_for, pay, message):
        data = opportunity_data(paid_youth_placement="on", hourly_pay=pay)
        response = client_for(personas.bob).post(f"/opportunities/new/{personas.bobs_org.pk}", data)
        check_error_summary(response, message)

    def test_a_shift_that_is_not_a_date_is_refused(self, personas, client_for):
        data = opportunity_data(schedule_type="shifts", shifts="next tuesday")
        response = client_for(personas.bob).post(f"/opportunities/new/{personas.bobs_org.pk}", data)
        check_error_summary(response, "Shift on line 1 must look like 14/12/2026 09:00-13:00")

    def test_a_closing_date_in_the_past_is_refused(self, personas, client_for):
        past = timezone.localdate() - dt.timedelta(days=2)
        data = opportunity_data(closes_on_day=past.day, closes_on_month=past.month, closes_on_year=past.year)
        response = client_for(personas.bob).post(f"/opportunities/new/{personas.bobs_org.pk}", data)
        check_error_summary(response, "Closing date must be today or in the future")

    def test_the_change_page_shows_the_current_answers(self, personas, client_for):
        doc = check_page(client_for(personas.bob).get(f"/opportunities/{personas.opportunity.pk}/edit"),
                         title="Change Food bank helper")
        assert doc.find(".//input[@id='id_title']").get("value") == "Food bank helper"

    def test_changing_an_opportunity_saves_it(self, personas, client_for):
        url = f"/opportunities/{personas.opportunity.pk}/edit"
        client_for(personas.bob).post(url, opportunity_data(title="Food bank driver"))
        personas.opportunity.refresh_from_db()
        assert personas.opportunity.title == "Food bank driver"
        assert personas.opportunity.status == OpportunityStatus.OPEN

    def test_an_invalid_change_saves_nothing(self, personas, client_for):
        url = f"/opportunities/{personas.opportunity.pk}/edit"
        response = client_for(personas.bob).post(url, opportunity_data(title="", postcode="12345"))
        check_error_summary(response, "Enter a title")
        personas.opportunity.refresh_from_db()
        assert personas.opportunity.title == "Food bank helper"


class TestShiftTimes:
    """Shift times are shown and edited in London time, summer or winter."""

    @pytest.fixture
    def summer_shift(self, personas):
        from passport.opportunities.services import opportunity_save

        start = dt.datetime(2030, 7, 6, 9, 0, tzinfo=ZoneInfo("Europe/London"))
        return opportunity_save(
            actor=personas.bob, organisation=personas.bobs_org, title="Summer fair steward", description="Steward.",
            cause="community", postcode="LS1 4DY", schedule_type="shifts",
            shifts=[(start, start + dt.timedelta(hours=4))], publish=True,
        )

    def test_the_detail_page_shows_a_shift_in_local_time(self, summer_shift, client):
        doc = check_page(client.get(f"/opportunities/{summer_shift.pk}"))
        shifts = [text_of(li) for li in doc.findall(".//main//ul[@class='govuk-list govuk-list--bullet']/li")]
        assert shifts == ["6 July 2030 at 9:00am to 13:00"]

    def test_the_change_page_shows_shifts_as_they_were_entered(self, personas, client_for, summer_shift):
        doc = check_page(client_for(personas.bob).get(f"/opportunities/{summer_shift.pk}/edit"))
        assert text_of(doc.find(".//textarea[@id='id_shifts']")) == "06/07/2030 09:00-13:00"

    def test_saving_the_change_page_unchanged_keeps_the_shift_times(self, personas, client_for, summer_shift):
        client = client_for(personas.bob)
        doc = check_page(client.get(f"/opportunities/{summer_shift.pk}/edit"))
        shifts_text = text_of(doc.find(".//textarea[@id='id_shifts']"))
        data = opportunity_data(title="Summer fair steward", cause="community", postcode="LS1 4DY",
                                schedule_type="shifts", shifts=shifts_text)
        before = list(summer_shift.shifts.values_list("starts_at", "ends_at"))
        assert client.post(f"/opportunities/{summer_shift.pk}/edit", data).status_code == 302
        assert list(summer_shift.shifts.values_list("starts_at", "ends_at")) == before


class TestApplicants:
    def test_bob_sees_alice_as_an_applicant(self, personas, client_for):
        url = f"/opportunities/{personas.opportunity.pk}/applicants"
        doc = check_page(client_for(personas.bob).get(url), title="Applicants for Food bank helper")
        assert "Alice Adams" in [text_of(h) for h in doc.findall(".//h3")]
        assert doc.find(f".//form[@action='/opportunities/applications/{personas.application.pk}/decide']") is not None

    def test_an_under_18_applicant_is_tagged(self, personas, client_for):
        young = factories.VolunteerFactory(first_name="Yan", last_name="Young",
                                           date_of_birth=factories.born_years_ago(17))
        factories.ApplicationFactory(opportunity=personas.opportunity, volunteer=young)
        doc = check_page(client_for(personas.bob).get(f"/opportunities/{personas.opportunity.pk}/applicants"))
        assert "Yan Young Under 18" in [text_of(h) for h in doc.findall(".//h3")]

    def test_bob_accepts_alice_and_she_is_told(self, personas, client_for):
        client = client_for(personas.bob)
        url = f"/opportunities/applications/{personas.application.pk}/decide"
        response = client.post(url, {"decision": "accept", "message": "See you Saturday"}, follow=True)
        doc = check_page(response, title="Applicants for Food bank helper")
        assert "You have accepted Alice" in text_of(doc.find(".//main"))
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.ACCEPTED
        assert Message.objects.filter(to="alice@example.org", template="application_decided").count() == 1

    def test_a_decision_without_a_choice_changes_nothing(self, personas, client_for):
        url = f"/opportunities/applications/{personas.application.pk}/decide"
        response = client_for(personas.bob).post(url, {"decision": "", "message": ""}, follow=True)
        check_page(response)
        assert "Select accept or decline" in response.content.decode()
        personas.application.refresh_from_db()
        assert personas.application.status == ApplicationStatus.SUBMITTED

    def test_bob_publishes_a_draft_from_the_applicants_page(self, personas, client_for):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status="draft", published_at=None)
        client = client_for(personas.bob)
        doc = check_page(client.get(f"/opportunities/{draft.pk}/applicants"))
        assert "Publish" in [text_of(b) for b in doc.iter("button")]
        client.post(f"/opportunities/{draft.pk}/status", {"status": "open"})
        draft.refresh_from_db()
        assert draft.status == OpportunityStatus.OPEN and draft.published_at is not None

    def test_a_move_that_is_not_allowed_is_refused_with_a_message(self, personas, client_for):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status="draft", published_at=None)
        response = client_for(personas.bob).post(f"/opportunities/{draft.pk}/status", {"status": "filled"}, follow=True)
        check_page(response)
        assert "You cannot move an opportunity from draft to filled" in response.content.decode()
        draft.refresh_from_db()
        assert draft.status == OpportunityStatus.DRAFT
