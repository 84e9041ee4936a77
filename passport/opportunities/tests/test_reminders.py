"""Coordinators are reminded once when an applicant has waited 5 working days for a reply."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from passport.notifications.models import Message
from passport.opportunities.models import Application
from passport.opportunities.services import applications_remind_overdue, working_days_between
from passport.opportunities.tasks import remind_overdue_applications
from tests import factories

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
FRIDAY = dt.datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture
def waiting(personas):
    """Alice's application, submitted on a Monday morning."""
    Application.objects.filter(pk=personas.application.pk).update(submitted_at=MONDAY)
    return personas.application


def reminders() -> list[Message]:
    return list(Message.objects.filter(template="application_reminder"))


def test_working_days_leave_out_weekends():
    assert working_days_between(MONDAY.date(), MONDAY.date()) == 0
    assert working_days_between(MONDAY.date(), FRIDAY.date()) == 4
    assert working_days_between(FRIDAY.date(), (FRIDAY + days(3)).date()) == 1
    assert working_days_between(MONDAY.date(), (MONDAY + days(7)).date()) == 5


def test_it_does_not_remind_before_5_working_days(waiting):
    assert applications_remind_overdue(now=FRIDAY + days(3) - dt.timedelta(hours=11)) == 0  # Sunday night
    assert reminders() == []


def test_it_reminds_the_coordinator_after_5_working_days(waiting, settings):
    settings.RESPONSE_REMINDER_WORKING_DAYS = 5
    assert applications_remind_overdue(now=MONDAY + days(7)) == 1
    (message,) = reminders()
    assert message.to == "bob@example.org"
    assert "Alice is waiting for a reply" == message.subject
    assert f"/opportunities/{waiting.opportunity_id}/applicants" in message.body
    assert Application.objects.get(pk=waiting.pk).reminded_at == MONDAY + days(7)


def test_running_it_twice_reminds_once(waiting):
    applications_remind_overdue(now=MONDAY + days(7))
    assert applications_remind_overdue(now=MONDAY + days(7)) == 0
    assert applications_remind_overdue(now=MONDAY + days(14)) == 0
    assert len(reminders()) == 1


def test_weekends_do_not_count(personas):
    Application.objects.filter(pk=personas.application.pk).update(submitted_at=FRIDAY)
    assert applications_remind_overdue(now=FRIDAY + days(5)) == 0  # Wednesday: 3 working days
    assert applications_remind_overdue(now=FRIDAY + days(6)) == 0  # Thursday: 4
    assert applications_remind_overdue(now=FRIDAY + days(7)) == 1  # Friday: 5


def test_an_answered_application_is_never_reminded(waiting, personas):
    Application.objects.filter(pk=waiting.pk).update(first_response_at=MONDAY + days(1))
    assert applications_remind_overdue(now=MONDAY + days(10)) == 0


def test_a_withdrawn_application_is_never_reminded(waiting):
    Application.objects.filter(pk=waiting.pk).update(status="withdrawn")
    assert applications_remind_overdue(now=MONDAY + days(10)) == 0


def test_the_working_day_limit_comes_from_the_settings(waiting, settings):
    settings.RESPONSE_REMINDER_WORKING_DAYS = 2
    assert applications_remind_overdue(now=MONDAY + days(2)) == 1


def test_every_coordinator_with_an_email_is_reminded(waiting, personas):
    factories.MembershipFactory(organisation=personas.bobs_org, user=factories.UserFactory(email="kim@example.org"))
    applications_remind_overdue(now=MONDAY + days(7))
    assert {m.to for m in reminders()} == {"bob@example.org", "kim@example.org"}


def test_the_scheduled_task_runs_the_reminders(personas):
    Application.objects.filter(pk=personas.application.pk).update(submitted_at=timezone.now() - days(30))
    assert remind_overdue_applications.call() == 1
    assert remind_overdue_applications.call() == 0
