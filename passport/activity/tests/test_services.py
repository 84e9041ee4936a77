import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passport.activity import selectors, services
from passport.activity.models import CreditEntry, EntryStatus, HoursEntry, LoggedBy, MilestoneAward
from passport.core.models import AuditEvent
from passport.opportunities.models import Shift
from tests import factories

pytestmark = pytest.mark.django_db


def verbs(entry):
    return list(selectors.entry_history(entry).values_list("verb", flat=True))


def test_a_volunteers_hours_go_pending_then_confirmed_with_an_event_for_each_change(log_hours, accepted):
    entry = log_hours("3")
    assert entry.status == EntryStatus.PENDING and entry.logged_by == LoggedBy.VOLUNTEER
    entry = services.hours_confirm(entry=entry, actor=accepted.bob)
    assert entry.status == EntryStatus.CONFIRMED
    assert verbs(entry) == ["hours.logged", "hours.confirmed"]
    confirmed = selectors.entry_history(entry).last()
    assert confirmed.actor == accepted.bob and confirmed.at is not None


def test_a_query_is_answered_by_resubmitting_and_then_confirmed(log_hours, accepted):
    entry = log_hours("3")
    services.hours_query(entry=entry, actor=accepted.bob, message="Was it 3 or 2 hours?")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.QUERIED and entry.message == "Was it 3 or 2 hours?"
    services.hours_resubmit(entry=entry, actor=accepted.alice.user, date=entry.date, hours=Decimal("2"),
                            description="Packed parcels for two hours")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING and entry.hours == Decimal("2")
    services.hours_confirm(entry=entry, actor=accepted.bob)
    assert verbs(entry) == ["hours.logged", "hours.queried", "hours.resubmitted", "hours.confirmed"]


def test_rejected_and_confirmed_hours_are_final(log_hours, accepted):
    rejected = services.hours_reject(entry=log_hours("2"), actor=accepted.bob, message="Not ours")
    with pytest.raises(ValidationError, match="already not confirmed"):
        services.hours_confirm(entry=rejected, actor=accepted.bob)
    confirmed = services.hours_confirm(entry=log_hours("2", days_ago=2), actor=accepted.bob)
    with pytest.raises(ValidationError):
        services.hours_reject(entry=confirmed, actor=accepted.bob)


def test_a_query_needs_a_message(log_hours, accepted):
    with pytest.raises(ValidationError, match="Enter what you want to ask"):
        services.hours_query(entry=log_hours(), actor=accepted.bob, message="  ")


def test_only_the_organisations_coordinators_decide(log_hours, accepted):
    entry = log_hours()
    for outsider in (accepted.dave, accepted.alice.user, accepted.charlie.user):
        with pytest.raises(ValidationError, match="Only the organisation"):
            services.hours_confirm(entry=entry, actor=outsider)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


@pytest.mark.parametrize(
    ("hours", "days_ago", "message"),
    [
        ("0", 1, "Hours must be more than 0"),
        ("-2", 1, "Hours must be more than 0"),
        ("1.1", 1, "quarter hours"),
        ("25", 1, "Hours must be 24 or fewer"),
        ("2", -1, "Date must be today or in the past"),
        ("2", 366, "Date must be within the last 12 months"),
    ],
)
def test_bad_hours_are_refused_with_gov_uk_wording_and_nothing_is_saved(log_hours, hours, days_ago, message):
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=message):
        log_hours(hours, days_ago=days_ago)
    assert HoursEntry.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_a_day_holds_at_most_24_hours_across_entries(log_hours, accepted):
    log_hours("20")
    with pytest.raises(ValidationError, match="20 hours are already logged"):
        log_hours("4.25")
    log_hours("4")  # exactly 24 fits
    assert selectors.hours_summary(accepted.alice)["pending"] == Decimal(24)


def test_rejected_hours_free_the_day_again(log_hours, accepted):
    services.hours_reject(entry=log_hours("20"), actor=accepted.bob)
    log_hours("20")


def test_a_resubmission_also_keeps_to_24_hours_a_day(log_hours, accepted):
    log_hours("20")
    other = log_hours("2")
    services.hours_query(entry=other, actor=accepted.bob, message="How long?")
    with pytest.raises(ValidationError, match="24 or fewer"):
        services.hours_resubmit(entry=other, actor=accepted.alice.user, date=other.date, hours=Decimal("5"),
                                description="Longer")
    other.refresh_from_db()
    assert other.hours == Decimal("2.00") and other.status == EntryStatus.QUERIED


def test_an_opportunity_needs_an_accepted_application(personas):
    with pytest.raises(ValidationError, match="accepted for"):
        services.hours_log(volunteer=personas.alice, organisation=personas.bobs_org, opportunity=personas.opportunity,
                           date=timezone.localdate(), hours=Decimal(2), description="Helped",
                           actor=personas.alice.user)


def test_informal_help_may_name_any_organisation_which_must_confirm_it(personas):
    entry = services.hours_log(volunteer=personas.charlie, organisation=personas.daves_org, opportunity=None,
                               date=timezone.localdate(), hours=Decimal("1.5"), description="Litter pick",
                               actor=personas.charlie.user)
    assert entry.is_informal
    assert list(selectors.entries_managed_by(personas.dave)) == [entry]
    assert list(selectors.entries_managed_by(personas.bob)) == []


def test_a_coordinator_logs_hours_the_volunteer_can_dispute(accepted):
    entry = services.hours_log(volunteer=accepted.alice, organisation=accepted.bobs_org, date=timezone.localdate(),
                               hours=Decimal(4), description="Warehouse shift", actor=accepted.bob)
    assert entry.logged_by == LoggedBy.ORGANISATION
    assert entry in selectors.entries_of_volunteer(accepted.alice.user)
    services.hours_dispute(entry=entry, actor=accepted.alice.user, reason="I was only there for 2 hours")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISPUTED
    assert selectors.to_confirm_count(accepted.bobs_org) == 1
    services.hours_reject(entry=entry, actor=accepted.bob, message="Agreed, logging 2 instead")
    assert verbs(entry) == ["hours.logged", "hours.disputed", "hours.rejected"]


def test_another_organisation_cannot_log_hours_for_her(accepted):
    with pytest.raises(ValidationError, match="Only the volunteer or the organisation"):
        services.hours_log(volunteer=accepted.alice, organisation=accepted.bobs_org, date=timezone.localdate(),
                           hours=Decimal(4), description="Made up", actor=accepted.dave)


def test_confirmed_or_self_logged_hours_cannot_be_disputed(log_hours, accepted):
    own = log_hours()
    with pytest.raises(ValidationError, match="You logged these hours yourself"):
        services.hours_dispute(entry=own, actor=accepted.alice.user, reason="Wrong")
    logged = services.hours_log(volunteer=accepted.alice, organisation=accepted.bobs_org,
                                date=timezone.localdate(), hours=Decimal(2), description="Sorting",
                                actor=accepted.bob)
    services.hours_confirm(entry=logged, actor=accepted.bob)
    with pytest.raises(ValidationError, match="You cannot dispute hours that have been confirmed"):
        services.hours_dispute(entry=logged, actor=accepted.alice.user, reason="Wrong")


def test_confirmation_earns_one_credit_an_hour_and_spending_is_a_ledger_row(log_hours, accepted):
    services.hours_confirm(entry=log_hours("3.5"), actor=accepted.bob)
    assert selectors.credit_balance(accepted.alice) == Decimal("3.5")
    services.credits_spend(volunteer=accepted.alice, organisation=accepted.daves_org, amount=Decimal(2),
                           reason="Swim session", actor=accepted.dave)
    assert selectors.credit_balance(accepted.alice) == Decimal("1.5")
    assert sorted(CreditEntry.objects.values_list("amount", flat=True)) == [Decimal(-2), Decimal("3.5")]


def test_spending_more_than_the_balance_is_refused_and_saves_nothing(log_hours, accepted):
    services.hours_confirm(entry=log_hours("1"), actor=accepted.bob)
    with pytest.raises(ValidationError, match="Credits must be 1 or fewer"):
        services.credits_spend(volunteer=accepted.alice, organisation=accepted.daves_org, amount=Decimal(2),
                               reason="Cinema", actor=accepted.dave)
    assert CreditEntry.objects.count() == 1
    with pytest.raises(ValidationError, match="Only the organisation"):
        services.credits_spend(volunteer=accepted.alice, organisation=accepted.daves_org, amount=Decimal(1),
                               reason="Cinema", actor=accepted.bob)


def test_milestones_are_issued_once_each_as_hours_cross_them(log_hours, accepted):
    services.hours_confirm(entry=log_hours("2", days_ago=1), actor=accepted.bob)
    assert list(MilestoneAward.objects.values_list("milestone", flat=True)) == ["first"]
    services.hours_confirm(entry=log_hours("8", days_ago=2), actor=accepted.bob)
    services.hours_confirm(entry=log_hours("1", days_ago=3), actor=accepted.bob)
    awards = MilestoneAward.objects.filter(volunteer=accepted.alice)
    assert sorted(awards.values_list("milestone", flat=True)) == ["first", "hours-10"]
    assert services.milestones_award(volunteer=accepted.alice, actor=accepted.bob) == []
    assert all(a.credential.kind == "achievement" for a in awards)


def test_big_confirmations_cross_several_milestones_at_once(log_hours, accepted):
    for day in range(1, 4):
        services.hours_confirm(entry=log_hours("20", days_ago=day), actor=accepted.bob)
    assert sorted(MilestoneAward.objects.values_list("milestone", flat=True)) == ["first", "hours-10", "hours-50"]


def _shift(opportunity, hours_ago_end, length_hours=3.5):
    ends = timezone.now() - dt.timedelta(hours=hours_ago_end)
    return Shift.objects.create(opportunity=opportunity, starts_at=ends - dt.timedelta(hours=length_hours),
                                ends_at=ends)


def test_ended_shifts_create_one_pending_entry_per_accepted_volunteer_once(accepted):
    accepted.application.submitted_at = timezone.now() - dt.timedelta(days=10)
    accepted.application.save(update_fields=["submitted_at"])
    ended = _shift(accepted.opportunity, hours_ago_end=2)
    _shift(accepted.opportunity, hours_ago_end=-5)  # not over yet
    factories.ApplicationFactory(opportunity=accepted.opportunity, volunteer=accepted.charlie)  # not accepted
    assert services.shift_entries_create() == 1
    assert services.shift_entries_create() == 0
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.shift, entry.hours, entry.status, entry.logged_by) == (
        accepted.alice, ended, Decimal("3.5"), EntryStatus.PENDING, LoggedBy.SHIFT)


def test_the_scheduled_task_creates_shift_entries(accepted, settings):
    from passport.activity.tasks import create_shift_entries

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    accepted.application.submitted_at = timezone.now() - dt.timedelta(days=10)
    accepted.application.save(update_fields=["submitted_at"])
    _shift(accepted.opportunity, hours_ago_end=2)
    assert create_shift_entries.enqueue().return_value == 1


def test_the_database_refuses_a_second_entry_for_the_same_shift(accepted):
    from django.db import IntegrityError, transaction

    shift = _shift(accepted.opportunity, hours_ago_end=2)
    fields = {"volunteer": accepted.alice, "organisation": accepted.bobs_org, "shift": shift,
              "date": timezone.localdate(), "hours": Decimal(1), "description": "Shift"}
    HoursEntry.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursEntry.objects.create(**fields)


def test_shift_entries_are_on_the_workers_schedule():
    from passport.core.scheduling import SCHEDULE

    assert "passport.activity.tasks.create_shift_entries" in [job.task for job in SCHEDULE]


def test_a_first_public_service_role_is_a_milestone_once(log_hours, accepted):
    accepted.opportunity.public_service_role = "school_governor"
    accepted.opportunity.save(update_fields=["public_service_role"])
    services.hours_confirm(entry=log_hours("2"), actor=accepted.bob)
    services.hours_confirm(entry=log_hours("2", days_ago=2), actor=accepted.bob)
    assert sorted(MilestoneAward.objects.values_list("milestone", flat=True)) == ["first", "public-service"]


def test_erasing_blanks_what_they_wrote_but_keeps_the_hours(log_hours, accepted):
    entry = services.hours_confirm(entry=log_hours("2", description="Helped my neighbour Mrs Smith"),
                                   actor=accepted.bob)
    assert services.volunteer_hours_erase(volunteer=accepted.alice) == 1
    entry.refresh_from_db()
    assert (entry.description, entry.hours) == ("", Decimal("2.00"))


def test_people_are_told_about_queries_hours_logged_for_them_and_disputes(log_hours, accepted):
    from passport.notifications.models import Message

    services.hours_query(entry=log_hours(), actor=accepted.bob, message="Which day?")
    logged = services.hours_log(volunteer=accepted.alice, organisation=accepted.bobs_org, date=timezone.localdate(),
                                hours=Decimal(2), description="Sorting", actor=accepted.bob)
    services.hours_dispute(entry=logged, actor=accepted.alice.user, reason="I was not there")
    sent = {m.template: m for m in Message.objects.all()}
    assert sent["hours_queried"].to == "alice@example.org" and "Which day?" in sent["hours_queried"].body
    assert sent["hours_logged_for_you"].to == "alice@example.org"
    assert sent["hours_disputed"].to == "bob@example.org" and "I was not there" in sent["hours_disputed"].body


def test_a_coordinator_logs_hours_only_for_their_organisations_volunteers(accepted):
    with pytest.raises(ValidationError, match="Select a volunteer your organisation has accepted"):
        services.hours_log(volunteer=accepted.charlie, organisation=accepted.bobs_org, date=timezone.localdate(),
                           hours=Decimal(2), description="Sorting", actor=accepted.bob)
    accepted.charlie.assisted_organisation = accepted.bobs_org
    accepted.charlie.save(update_fields=["assisted_organisation"])
    services.hours_log(volunteer=accepted.charlie, organisation=accepted.bobs_org, date=timezone.localdate(),
                       hours=Decimal(2), description="Sorting", actor=accepted.bob)
    assert accepted.charlie in selectors.volunteers_of_organisation(accepted.bobs_org)
