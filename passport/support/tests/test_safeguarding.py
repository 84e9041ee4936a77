"""The task's safeguarding tier holds for the whole task, not just the moment of the yes: vetting must cover the
task's last day, and a volunteer it stops allowing loses the task and the person's details at once."""

import datetime as dt

import pytest
from django.utils import timezone

from passport.core.models import AuditEvent
from passport.notifications.models import Message
from passport.support import services
from passport.support.models import Alert, AlertStatus, SupportTask, TaskEvent, TaskStatus
from passport.support.services import Outcome
from passport.vetting import validity
from passport.vetting.selectors import facts, rules
from passport.vetting.services import dbs_check_record

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def post_in_days(personas, days: int, kind: str = "lift") -> SupportTask:
    now = timezone.now()
    return services.task_post(actor=personas.bob, organisation=personas.bobs_org, kind=kind, postcode="LS1 4DY",
                              window_start=now + dt.timedelta(days=days),
                              window_end=now + dt.timedelta(days=days, hours=2), notes="", **PERSON)


def check_until(officer, volunteer, last_day: dt.date) -> None:
    """An enhanced check with the barred list whose last valid day (by the vetting rules) is `last_day`."""
    level, years = "enhanced_adults_barred", rules().years_for("enhanced_adults_barred")
    issued = validity.add_years(last_day + dt.timedelta(days=1), -years)
    while validity.add_years(issued, years) - dt.timedelta(days=1) < last_day:  # 29 February falls back to the 28th
        issued += dt.timedelta(days=1)
    check = dbs_check_record(officer=officer, volunteer=volunteer, level=level, workforce="adult",
                             certificate_number="001234567899", outcome="suitable", issued_on=issued)
    assert validity.valid_until(facts(check, None), rules()) == last_day


def test_a_check_that_runs_out_before_the_task_day_does_not_cover_it(personas, make_volunteer, officer):
    lapsing, current = make_volunteer(), make_volunteer(dbs="enhanced_adults_barred")
    soon = post_in_days(personas, 0)  # within its check: it may be alerted and take it
    check_until(officer, lapsing, timezone.localdate(soon.window_end))
    services.alerts_send(task_id=soon.pk)
    assert set(Alert.objects.filter(task=soon).values_list("volunteer", flat=True)) == {lapsing.pk, current.pk}
    later = post_in_days(personas, 3)
    services.alerts_send(task_id=later.pk)
    assert list(Alert.objects.filter(task=later).values_list("volunteer", flat=True)) == [current.pk]


def test_a_yes_for_a_task_after_ones_check_runs_out_is_refused(personas, make_volunteer, officer, settings):
    volunteer = make_volunteer(dbs="enhanced_adults_barred")
    task = post_in_days(personas, 3)
    services.alerts_send(task_id=task.pk)
    alert = Alert.objects.get(task=task, volunteer=volunteer)
    volunteer.dbs_checks.all().delete()
    check_until(officer, volunteer, timezone.localdate())  # corrected after the alert: not valid on the day
    assert services.reply_record(alert_id=alert.pk, accept=True, channel="link") is Outcome.NOT_ELIGIBLE
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


@pytest.fixture
def accepted_care(post, make_volunteer):
    volunteer = make_volunteer(dbs="enhanced_adults_barred")
    task = post("personal_care")
    assert services.alerts_send(task_id=task.pk) == 1
    alert = Alert.objects.get(task=task)
    assert services.reply_record(alert_id=alert.pk, accept=True, channel="sms") is Outcome.ACCEPTED
    return task, volunteer, alert


def test_a_volunteer_whose_check_is_withdrawn_loses_the_task_and_the_details_at_once(accepted_care, client_for,
                                                                                     make_volunteer, personas):
    task, volunteer, alert = accepted_care
    assert services.person_details_reveal(actor=volunteer.user, task_id=task.pk) is not None
    volunteer.dbs_checks.all().delete()
    shown = AuditEvent.objects.filter(verb="support.person_details_shown").count()
    response = client_for(volunteer).get(f"/support/mine/{task.pk}", follow=True)
    html = response.content.decode()
    assert "You can no longer take this task" in html
    assert not any(secret in html for secret in PERSON.values())
    assert AuditEvent.objects.filter(verb="support.person_details_shown").count() == shown  # nothing shown
    task.refresh_from_db()
    assert (task.status, task.accepted_by, task.next_wave_at is not None) == (TaskStatus.OPEN, None, True)
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.NOT_ELIGIBLE
    assert TaskEvent.objects.filter(task=task, kind="not_eligible").exists()
    assert Message.objects.filter(user=volunteer.user, template="support_no_longer_eligible").exists()
    assert Message.objects.filter(to=personas.bob.email, subject="The volunteer cannot do it").exists()
    # The next wave goes to someone else, never back to them.
    other = make_volunteer(dbs="enhanced_adults_barred")
    assert services.alerts_send(task_id=task.pk) == 1
    assert Alert.objects.filter(task=task, volunteer=other).exists()


def test_the_worker_takes_a_task_back_without_waiting_for_the_volunteer_to_look(accepted_care):
    task, volunteer, _ = accepted_care
    assert services.accepted_tasks_recheck() == 0  # still allowed: nothing changes
    volunteer.dbs_checks.all().delete()
    services.due_alerts_send()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.accepted_by is None
    assert services.person_details_reveal(actor=volunteer.user, task_id=task.pk) is None


def test_a_volunteer_who_said_yes_too_late_is_asked_first_when_the_task_reopens(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 2
    first, second = make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alert = {v: Alert.objects.get(task=task, volunteer=v) for v in (first, second)}
    assert services.reply_record(alert_id=alert[first].pk, accept=True, channel="web") is Outcome.ACCEPTED
    assert services.reply_record(alert_id=alert[second].pk, accept=True, channel="web") is Outcome.TAKEN
    texts_before = Message.objects.filter(user=second.user, template="support_alert").count()
    services.task_cannot_do(actor=first.user, task_id=task.pk, reason="Unwell")
    settings.SUPPORT_WAVE_SIZE = 1  # the one asked again fills the wave: nobody else is looked for
    assert services.alerts_send(task_id=task.pk) == 1
    assert SupportTask.objects.get(pk=task.pk).pool_exhausted is False
    again = Alert.objects.get(pk=alert[second].pk)
    assert (again.status, again.wave) == (AlertStatus.ALERTED, 2)
    assert Message.objects.filter(user=second.user, template="support_alert").count() == texts_before + 2
    assert services.reply_record(alert_id=again.pk, accept=True, channel="sms") is Outcome.ACCEPTED
    assert SupportTask.objects.get(pk=task.pk).accepted_by == second
    assert Alert.objects.get(pk=alert[first].pk).status == AlertStatus.CANNOT_DO  # never asked again


def test_one_who_said_yes_too_late_and_then_left_community_support_is_not_asked_again(post, make_volunteer,
                                                                                      settings):
    settings.SUPPORT_WAVE_SIZE = 2
    first, second = make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alert = {v: Alert.objects.get(task=task, volunteer=v) for v in (first, second)}
    services.reply_record(alert_id=alert[first].pk, accept=True, channel="web")
    services.reply_record(alert_id=alert[second].pk, accept=True, channel="web")
    second.consents.update(withdrawn_at=timezone.now())
    services.task_cannot_do(actor=first.user, task_id=task.pk, reason="Unwell")
    assert services.alerts_send(task_id=task.pk) == 0
    assert Alert.objects.get(pk=alert[second].pk).status == AlertStatus.TAKEN


def test_a_task_whose_volunteer_erases_their_account_is_asked_of_others(accepted_care, personas):
    from passport.volunteers.services import volunteer_erase

    task, volunteer, _ = accepted_care
    volunteer_erase(volunteer=volunteer, actor=volunteer.user)
    services.due_alerts_send()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.accepted_by is None
    told = Message.objects.get(to=personas.bob.email, subject="The volunteer cannot do it")
    assert "The volunteer can no longer do it" in told.body
