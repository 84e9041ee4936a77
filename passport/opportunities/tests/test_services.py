"""Posting opportunities, moving them between statuses, and applying and answering."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passport.core.models import AuditEvent
from passport.core.taxonomy import ALL_SLOTS, slots_to_mask
from passport.notifications.models import Message
from passport.opportunities import services
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus
from tests import factories

pytestmark = pytest.mark.django_db

LONDON_TZ = ZoneInfo("Europe/London")


def save(personas, **overrides) -> Opportunity:
    kwargs = {
        "actor": personas.bob, "organisation": personas.bobs_org, "title": "Community garden volunteer",
        "description": "Weed and water the raised beds.", "cause": "environment", "postcode": "LS6 3HN",
    }
    kwargs.update(overrides)
    return services.opportunity_save(**kwargs)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


class TestSave:
    def test_a_new_opportunity_is_a_draft_until_published(self, personas):
        draft = save(personas)
        assert draft.status == OpportunityStatus.DRAFT and draft.published_at is None
        published = save(personas, publish=True, title="Another")
        assert published.status == OpportunityStatus.OPEN and published.published_at is not None

    def test_a_place_based_opportunity_is_stored_at_its_postcode(self, personas):
        opp = save(personas)
        assert (opp.postcode, opp.easting, opp.northing, opp.la_code) == ("LS6 3HN", 427846, 436089, "E08000035")

    def test_a_place_based_opportunity_needs_a_real_postcode(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            save(personas, postcode="")
        assert errors_of(excinfo) == {"postcode": ["Enter a postcode"]}
        with pytest.raises(ValidationError, match="Enter a real postcode"):
            save(personas, postcode="ZZ99 9ZZ")
        assert not Opportunity.objects.filter(title="Community garden volunteer").exists()

    def test_a_remote_opportunity_needs_no_postcode_and_keeps_none(self, personas):
        opp = save(personas, remote=True, postcode="LS6 3HN")
        assert opp.remote and opp.postcode == "" and opp.easting is None and opp.northing is None

    def test_a_paid_youth_placement_needs_its_hourly_pay(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            save(personas, paid_youth_placement=True)
        assert errors_of(excinfo) == {"hourly_pay": ["Enter the hourly pay for this paid placement"]}
        with pytest.raises(ValidationError, match="hourly pay"):
            save(personas, paid_youth_placement=True, hourly_pay_pence=50)

    def test_a_paid_youth_placement_is_for_people_up_to_24(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            save(personas, paid_youth_placement=True, hourly_pay_pence=1221, min_age=25)
        assert errors_of(excinfo) == {"min_age": ["Paid youth placements are for people aged 16 to 24"]}
        opp = save(personas, paid_youth_placement=True, hourly_pay_pence=1221, min_age=18)
        assert opp.hourly_pay_pence == 1221

    def test_pay_is_not_kept_for_an_unpaid_opportunity(self, personas):
        assert save(personas, hourly_pay_pence=1221).hourly_pay_pence is None

    @pytest.mark.parametrize(
        ("field", "overrides"),
        [
            ("title", {"title": "T" * 121}),
            ("title", {"title": "   "}),
            ("description", {"description": "D" * 5001}),
            ("min_age", {"min_age": 15}),
            ("places", {"places": 0}),
            ("cause", {"cause": "nonsense"}),
            ("stream", {"stream": "nonsense"}),
            ("min_dbs_level", {"min_dbs_level": "nonsense"}),
            ("schedule_type", {"schedule_type": "nonsense"}),
            ("required_skills", {"required_skills": ["lion-taming"]}),
        ],
    )
    def test_it_refuses_an_answer_out_of_bounds(self, personas, field, overrides):
        count = Opportunity.objects.count()
        with pytest.raises(ValidationError) as excinfo:
            save(personas, **overrides)
        assert field in errors_of(excinfo)
        assert Opportunity.objects.count() == count

    def test_dated_shifts_set_the_weekly_slots_they_fall_in(self, personas):
        monday_morning = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON_TZ)
        saturday_evening = dt.datetime(2026, 3, 7, 18, 30, tzinfo=LONDON_TZ)
        opp = save(personas, schedule_type="shifts", shifts=[
            (monday_morning, monday_morning + dt.timedelta(hours=3)),
            (saturday_evening, saturday_evening + dt.timedelta(hours=2)),
        ])
        assert opp.weekly_slots == slots_to_mask(["monday-morning", "saturday-evening"])
        assert opp.shifts.count() == 2

    def test_shifts_are_read_in_local_time(self, personas):
        # 12:30 UTC in British summer time is 13:30 in London: the afternoon.
        start = dt.datetime(2026, 7, 6, 11, 30, tzinfo=dt.UTC)
        opp = save(personas, schedule_type="shifts", shifts=[(start, start + dt.timedelta(hours=1))])
        assert opp.weekly_slots == slots_to_mask(["monday-afternoon"])

    def test_saving_new_shifts_replaces_the_old_ones(self, personas):
        first = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON_TZ)
        opp = save(personas, schedule_type="shifts", shifts=[(first, first + dt.timedelta(hours=1))])
        second = dt.datetime(2026, 3, 4, 19, 0, tzinfo=LONDON_TZ)
        opp = save(personas, opportunity=opp, schedule_type="shifts", shifts=[(second, second + dt.timedelta(hours=1))])
        assert list(opp.shifts.values_list("starts_at", flat=True)) == [second]
        assert opp.weekly_slots == slots_to_mask(["wednesday-evening"])

    def test_changing_to_a_weekly_pattern_drops_the_dated_shifts(self, personas):
        start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON_TZ)
        opp = save(personas, schedule_type="shifts", shifts=[(start, start + dt.timedelta(hours=1))])
        opp = save(personas, opportunity=opp, schedule_type="weekly", weekly_slots=slots_to_mask(["friday-evening"]))
        assert not opp.shifts.exists()
        assert opp.weekly_slots == slots_to_mask(["friday-evening"])

    def test_editing_a_shift_schedule_without_new_shifts_keeps_the_old_ones(self, personas):
        start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON_TZ)
        opp = save(personas, schedule_type="shifts", shifts=[(start, start + dt.timedelta(hours=1))])
        opp = save(personas, opportunity=opp, schedule_type="shifts", title="Renamed")
        assert opp.shifts.count() == 1
        assert opp.weekly_slots == slots_to_mask(["monday-morning"])

    def test_a_shift_must_end_after_it_starts_and_a_shift_schedule_needs_one(self, personas):
        start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON_TZ)
        with pytest.raises(ValidationError, match="end after it starts"):
            save(personas, schedule_type="shifts", shifts=[(start, start)])
        with pytest.raises(ValidationError, match="Add at least one shift"):
            save(personas, schedule_type="shifts", shifts=[])

    def test_a_weekly_pattern_keeps_its_slots_and_flexible_means_any_time(self, personas):
        mask = slots_to_mask(["tuesday-evening"])
        assert save(personas, weekly_slots=mask).weekly_slots == mask
        assert save(personas, schedule_type="flexible", weekly_slots=mask).weekly_slots == ALL_SLOTS

    def test_editing_keeps_an_open_opportunity_open_and_records_the_change(self, personas):
        opp = save(personas, opportunity=personas.opportunity, title="Food bank driver")
        assert opp.pk == personas.opportunity.pk
        assert opp.status == OpportunityStatus.OPEN
        assert AuditEvent.objects.filter(verb="opportunity.updated", subject_id=str(opp.pk)).exists()


class TestStatus:
    @pytest.mark.parametrize(
        ("start", "to"),
        [("draft", "open"), ("draft", "closed"), ("open", "closed"), ("open", "filled"), ("filled", "open"),
         ("filled", "closed"), ("closed", "open")],
    )
    def test_it_allows_the_moves_that_make_sense(self, personas, start, to):
        opp = factories.OpportunityFactory(organisation=personas.bobs_org, status=start)
        services.opportunity_set_status(opportunity=opp, actor=personas.bob, status=to)
        assert Opportunity.objects.get(pk=opp.pk).status == to

    @pytest.mark.parametrize(
        ("start", "to"), [("draft", "filled"), ("open", "draft"), ("closed", "draft"), ("closed", "filled"),
                          ("open", "open"), ("open", "nonsense")],
    )
    def test_it_refuses_the_moves_that_do_not(self, personas, start, to):
        opp = factories.OpportunityFactory(organisation=personas.bobs_org, status=start)
        with pytest.raises(ValidationError):
            services.opportunity_set_status(opportunity=opp, actor=personas.bob, status=to)
        assert Opportunity.objects.get(pk=opp.pk).status == start

    def test_an_unknown_status_is_refused_without_repeating_it(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            services.opportunity_set_status(opportunity=personas.opportunity, actor=personas.bob, status="<b>x</b>")
        assert errors_of(excinfo) == {"status": ["Select a status from the list"]}

    def test_publishing_a_draft_stamps_when(self, personas):
        opp = factories.OpportunityFactory(organisation=personas.bobs_org, status="draft", published_at=None)
        services.opportunity_set_status(opportunity=opp, actor=personas.bob, status="open")
        assert Opportunity.objects.get(pk=opp.pk).published_at is not None


class TestSubmit:
    def test_an_eligible_volunteer_applies_and_the_coordinators_are_told(self, personas):
        application = services.application_submit(opportunity=personas.opportunity, volunteer=personas.charlie,
                                                   message="  I can do Saturdays. ")
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.message == "I can do Saturdays."
        message = Message.objects.get(template="new_application")
        assert message.to == "bob@example.org"
        assert f"/opportunities/{personas.opportunity.pk}/applicants" in message.body

    def test_it_refuses_someone_under_the_minimum_age(self, personas):
        young = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(17))
        opp = factories.OpportunityFactory(min_age=18)
        with pytest.raises(services.NotEligible, match="You need to be 18 or older; you are 17"):
            services.application_submit(opportunity=opp, volunteer=young)
        assert not Application.objects.filter(volunteer=young).exists()

    def test_it_refuses_someone_over_24_for_a_paid_youth_placement(self, personas):
        opp = factories.OpportunityFactory(paid_youth_placement=True, hourly_pay_pence=1221)
        with pytest.raises(services.NotEligible, match="paid youth placement"):
            services.application_submit(opportunity=opp, volunteer=personas.charlie)

    def test_it_refuses_a_paused_volunteer(self, personas):
        personas.charlie.paused_until = timezone.localdate() + dt.timedelta(days=3)
        personas.charlie.save()
        with pytest.raises(services.NotEligible, match="paused"):
            services.application_submit(opportunity=personas.opportunity, volunteer=personas.charlie)

    @pytest.mark.parametrize("status", ["draft", "closed", "filled"])
    def test_it_refuses_an_opportunity_that_is_not_open(self, personas, status):
        opp = factories.OpportunityFactory(status=status)
        with pytest.raises(services.NotEligible, match="not taking applications"):
            services.application_submit(opportunity=opp, volunteer=personas.charlie)

    def test_it_reads_the_status_as_it_is_now_not_as_the_caller_saw_it(self, personas):
        stale = Opportunity.objects.get(pk=personas.opportunity.pk)
        Opportunity.objects.filter(pk=stale.pk).update(status=OpportunityStatus.CLOSED)
        with pytest.raises(services.NotEligible, match="not taking applications"):
            services.application_submit(opportunity=stale, volunteer=personas.charlie)

    def test_it_refuses_a_second_live_application(self, personas):
        with pytest.raises(services.NotEligible, match="already applied"):
            services.application_submit(opportunity=personas.opportunity, volunteer=personas.alice)
        assert Application.objects.filter(volunteer=personas.alice).count() == 1

    def test_a_volunteer_who_withdrew_may_apply_again(self, personas):
        services.application_withdraw(application=personas.application, volunteer=personas.alice)
        again = services.application_submit(opportunity=personas.opportunity, volunteer=personas.alice)
        assert again.status == ApplicationStatus.SUBMITTED

    def test_it_refuses_an_oversized_message(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            services.application_submit(opportunity=personas.opportunity, volunteer=personas.charlie,
                                        message="x" * 2001)
        assert "message" in errors_of(excinfo)


class TestDecide:
    def test_accepting_records_the_reply_and_tells_the_volunteer(self, personas):
        application = services.application_decide(application=personas.application, actor=personas.bob,
                                                  accept=True, message="See you Saturday")
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED
        assert application.first_response_at is not None and application.decided_at is not None
        assert application.decided_by == personas.bob
        message = Message.objects.get(template="application_decided")
        assert message.to == "alice@example.org"
        assert "accepted" in message.body and "See you Saturday" in message.body

    def test_declining_tells_the_volunteer_too(self, personas):
        services.application_decide(application=personas.application, actor=personas.bob, accept=False)
        assert Application.objects.get(pk=personas.application.pk).status == ApplicationStatus.DECLINED
        assert "not been successful" in Message.objects.get(template="application_decided").body

    def test_it_refuses_a_second_decision(self, personas):
        services.application_decide(application=personas.application, actor=personas.bob, accept=False)
        with pytest.raises(ValidationError, match="already been answered"):
            services.application_decide(application=personas.application, actor=personas.bob, accept=True)
        assert Application.objects.get(pk=personas.application.pk).status == ApplicationStatus.DECLINED
        assert Message.objects.filter(template="application_decided").count() == 1

    def test_a_first_response_already_made_is_kept(self, personas):
        earlier = timezone.now() - dt.timedelta(days=2)
        Application.objects.filter(pk=personas.application.pk).update(first_response_at=earlier)
        services.application_decide(application=personas.application, actor=personas.bob, accept=True)
        assert Application.objects.get(pk=personas.application.pk).first_response_at == earlier

    def test_accepting_up_to_capacity_marks_the_opportunity_filled(self, personas):
        opp = factories.OpportunityFactory(organisation=personas.bobs_org, places=2)
        first, second = factories.ApplicationFactory.create_batch(2, opportunity=opp)
        services.application_decide(application=first, actor=personas.bob, accept=True)
        assert Opportunity.objects.get(pk=opp.pk).status == OpportunityStatus.OPEN
        services.application_decide(application=second, actor=personas.bob, accept=True)
        assert Opportunity.objects.get(pk=opp.pk).status == OpportunityStatus.FILLED

    def test_declining_never_fills_the_opportunity(self, personas):
        Opportunity.objects.filter(pk=personas.opportunity.pk).update(places=1)
        services.application_decide(application=personas.application, actor=personas.bob, accept=False)
        assert Opportunity.objects.get(pk=personas.opportunity.pk).status == OpportunityStatus.OPEN


class TestWithdraw:
    def test_a_volunteer_withdraws_their_own_application(self, personas):
        services.application_withdraw(application=personas.application, volunteer=personas.alice)
        assert Application.objects.get(pk=personas.application.pk).status == ApplicationStatus.WITHDRAWN

    def test_no_one_else_can_withdraw_it(self, personas):
        with pytest.raises(ValidationError, match="only withdraw your own"):
            services.application_withdraw(application=personas.application, volunteer=personas.charlie)
        assert Application.objects.get(pk=personas.application.pk).status == ApplicationStatus.SUBMITTED

    def test_a_declined_application_cannot_be_withdrawn(self, personas):
        services.application_decide(application=personas.application, actor=personas.bob, accept=False)
        personas.application.refresh_from_db()
        with pytest.raises(ValidationError, match="cannot be withdrawn"):
            services.application_withdraw(application=personas.application, volunteer=personas.alice)
