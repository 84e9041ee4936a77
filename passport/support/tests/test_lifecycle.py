"""A support task from posting to feedback: who is alerted, in waves, first yes wins, done, can't-do, expiry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passport.activity.models import EntryStatus, HoursEntry
from passport.notifications.models import Message
from passport.support import services
from passport.support.models import Alert, AlertStatus, Feedback, SupportTask, TaskEvent, TaskStatus
from passport.support.services import Outcome
from passport.vetting.services import dbs_check_record
from tests import factories

pytestmark = pytest.mark.django_db


def alerted(task):
    return set(Alert.objects.filter(task=task).values_list("volunteer_id", flat=True))


def test_posting_records_the_task_and_its_event(post, personas):
    task = post()
    assert task.status == TaskStatus.OPEN and task.district == "LS1"
    assert task.organisation == personas.bobs_org and task.posted_by == personas.bob
    assert list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == ["posted"]


def test_posting_refuses_bad_input_and_writes_nothing(post, personas):
    with pytest.raises(ValidationError) as error:
        post(postcode="ZZ99 9ZZ", person_name="")
    assert set(error.value.message_dict) == {"postcode", "person_name"}
    with pytest.raises(ValidationError) as error:
        post(organisation=personas.daves_org)
    assert "organisation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        post(notes="Please ring Mrs Oduya before you go")
    assert "notes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        post(notes="Her number is 0113 496 0000")
    assert "notes" in error.value.message_dict
    assert not SupportTask.objects.exists()
    assert post(notes="Between 10:00 and 12:00, 2 bags", person_phone="07700 100012").notes  # times are not a phone


@pytest.mark.parametrize("notes, person", [
    ("Knock loudly at 14 Kirkstall Lane", {"person_address": "Flat 2, 14 Kirkstall Lane, Leeds"}),
    ("Ring flat 2 twice", {"person_address": "Flat 2, 14 Kirkstall Lane, Leeds"}),
    ("Margaret is hard of hearing", {}),
    ("Ask for MARGARET ODUYA at the desk", {}),
])
def test_notes_that_identify_the_person_are_refused(post, notes, person):
    with pytest.raises(ValidationError) as error:
        post(notes=notes, **person)
    assert error.value.message_dict == {"notes": [services.NOTES_MESSAGE]}


@pytest.mark.parametrize("notes, person", [
    ("Shops in Leeds city centre; ring the bell", {"person_address": "Flat 2, 14 Kirkstall Lane, Leeds"}),
    ("They will need a hand with the stairs", {"person_name": "Will Oduya"}),
])
def test_notes_that_only_share_a_town_or_a_word_are_kept(post, notes, person):
    assert post(notes=notes, **person).notes == notes


def test_a_person_can_ask_for_themselves(post, personas):
    task = post(actor=personas.dave, organisation=None)
    assert task.organisation is None and task.posted_by == personas.dave


def test_only_near_consenting_unpaused_volunteers_are_alerted(post, make_volunteer, personas, settings):
    settings.SUPPORT_WAVE_SIZE = 10
    near = make_volunteer()
    headingley = make_volunteer(at=factories.LEEDS_HEADINGLEY)
    make_volunteer(at=factories.LONDON)
    make_volunteer(consented=False)
    make_volunteer(paused_until=timezone.localdate() + dt.timedelta(days=3))
    make_volunteer(at=factories.LEEDS_HEADINGLEY, max_travel_m=100)  # near enough, but only goes 100 m
    task = post()
    assert services.alerts_send(task_id=task.pk) == 2
    assert alerted(task) == {near.pk, headingley.pk}
    assert personas.alice.pk not in alerted(task) and personas.charlie.pk not in alerted(task)


def test_safeguarding_tiers_decide_who_is_alerted(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 10
    nobody = make_volunteer()
    basic = make_volunteer(dbs="basic")
    enhanced = make_volunteer(dbs="enhanced")
    barred = make_volunteer(dbs="enhanced_adults_barred")
    children_only = make_volunteer(dbs="enhanced_children_barred", workforce="child")
    for kind, expected in [("shopping", {nobody, basic, enhanced, barred, children_only}),
                           ("check_in_call", {basic, enhanced, barred, children_only}),
                           ("befriending", {enhanced, barred, children_only}),
                           ("lift", {barred}),
                           ("personal_care", {barred})]:
        task = post(kind)
        services.alerts_send(task_id=task.pk)
        assert alerted(task) == {v.pk for v in expected}, kind


def test_the_young_the_undated_and_expired_checks_are_not_alerted(post, make_volunteer, officer, settings):
    settings.SUPPORT_WAVE_SIZE = 10
    adult = make_volunteer(dbs="basic")
    make_volunteer(date_of_birth=factories.born_years_ago(15))
    make_volunteer(date_of_birth=None)
    expired = make_volunteer()
    dbs_check_record(officer=officer, volunteer=expired, level="enhanced", workforce="adult",
                     certificate_number="001234567891", outcome="suitable",
                     issued_on=timezone.localdate() - dt.timedelta(days=4 * 366))
    task = post("check_in_call")
    services.alerts_send(task_id=task.pk)
    assert alerted(task) == {adult.pk}


def test_waves_are_small_rotated_and_never_alert_anyone_twice(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 3
    people = [make_volunteer() for _ in range(7)]
    earlier = post()
    services.alerts_send(task_id=earlier.pk)
    recently_alerted = alerted(earlier)
    task = post()
    now = timezone.now()
    assert services.alerts_send(task_id=task.pk, now=now) == 3
    first = alerted(task)
    assert not first & recently_alerted  # least recently alerted first
    assert services.alerts_send(task_id=task.pk, now=now) == 0  # not due yet
    later = now + dt.timedelta(minutes=settings.SUPPORT_WAVE_MINUTES)
    assert services.alerts_send(task_id=task.pk, now=later) == 3
    assert services.alerts_send(task_id=task.pk, now=later + dt.timedelta(minutes=10)) == 1
    assert alerted(task) == {p.pk for p in people}
    assert Alert.objects.filter(task=task).count() == 7
    task.refresh_from_db()
    assert task.pool_exhausted and task.waves_sent == 3
    assert services.alerts_send(task_id=task.pk, now=later + dt.timedelta(minutes=20)) == 0


def test_an_alert_carries_no_name_address_or_phone(post, make_volunteer):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    sent = Message.objects.filter(to__in=[volunteer.user.email, volunteer.mobile])
    assert sent.count() == 2
    for message in sent:
        text = message.subject + message.body
        assert "Shopping near LS1" in text and "list by the door" in text
        for secret in ["Oduya", "Margaret", "Kirkstall Lane", "496 0000", "LS1 4DY"]:
            assert secret not in text


def test_the_first_yes_takes_the_task_and_later_ones_are_told_it_is_taken(post, make_volunteer, personas):
    first, second = make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    a1, a2 = (Alert.objects.get(task=task, volunteer=v) for v in (first, second))
    assert services.reply_record(alert_id=a1.pk, accept=True, channel="web") is Outcome.ACCEPTED
    assert services.reply_record(alert_id=a2.pk, accept=True, channel="sms") is Outcome.TAKEN
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED and task.accepted_by == first and task.next_wave_at is None
    assert Alert.objects.get(pk=a2.pk).status == AlertStatus.TAKEN
    assert "taken" in Message.objects.filter(to=second.mobile).order_by("-created_at").first().body
    assert Message.objects.filter(to=personas.bob.email, template="support_referrer_update").exists()
    kinds = list(TaskEvent.objects.filter(task=task).exclude(kind="alerted").values_list("kind", "channel"))
    assert kinds == [("posted", ""), ("accepted", "web"), ("taken", "sms")]


def test_a_yes_from_someone_the_tier_no_longer_allows_is_refused_with_the_reason(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 1
    lapsed, other = make_volunteer(dbs="basic"), make_volunteer(dbs="basic")
    task = post("prescription")
    services.alerts_send(task_id=task.pk)
    alert = Alert.objects.get(task=task)
    alert.volunteer.dbs_checks.all().delete()  # say, a record corrected after the alert went out
    assert services.reply_record(alert_id=alert.pk, accept=True, channel="sms") is Outcome.NOT_ELIGIBLE
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.accepted_by is None
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.NOT_ELIGIBLE
    assert "Basic DBS" in Message.objects.filter(to=alert.volunteer.mobile).order_by("-created_at").first().body
    assert services.due_alerts_send() == 1  # someone else is asked at once
    assert alerted(task) == {lapsed.pk, other.pk}


def test_a_refusal_brings_the_next_wave_forward(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 1
    make_volunteer(), make_volunteer()
    task = post()
    now = timezone.now()
    services.alerts_send(task_id=task.pk, now=now)
    alert = Alert.objects.get(task=task)
    assert services.reply_record(alert_id=alert.pk, accept=False, channel="link") is Outcome.DECLINED
    assert services.due_alerts_send() == 1
    assert Alert.objects.filter(task=task).count() == 2


def test_the_referrer_is_told_once_when_nobody_is_left_to_ask(post, make_volunteer, personas):
    only = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    nobody_left = Message.objects.filter(to=personas.bob.email, subject="Nobody nearby can take it yet")
    assert not nobody_left.exists()  # the one volunteer asked may still say yes
    services.reply_record(alert_id=Alert.objects.get(task=task, volunteer=only).pk, accept=False, channel="web")
    services.due_alerts_send()
    services.due_alerts_send()
    task.refresh_from_db()
    assert task.pool_exhausted and task.next_wave_at is None
    assert nobody_left.count() == 1


def test_done_closes_the_task_and_logs_pending_hours(post, make_volunteer, personas):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    with pytest.raises(ValidationError):
        services.task_complete(actor=personas.bob, task_id=task.pk)
    services.task_complete(actor=volunteer.user, task_id=task.pk)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_at is not None
    entry = HoursEntry.objects.get(volunteer=volunteer)
    assert (entry.organisation, entry.status, entry.hours) == (personas.bobs_org, EntryStatus.PENDING, Decimal("1.5"))
    with pytest.raises(ValidationError):
        services.task_complete(actor=volunteer.user, task_id=task.pk)


def test_cannot_do_re_dispatches_to_others_and_never_back_to_them(post, make_volunteer, settings):
    settings.SUPPORT_WAVE_SIZE = 1
    first = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    with pytest.raises(ValidationError):
        services.task_cannot_do(actor=first.user, task_id=task.pk, reason=" ")
    other = make_volunteer()
    services.task_cannot_do(actor=first.user, task_id=task.pk, reason="My car broke down")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.accepted_by is None
    assert services.alerts_send(task_id=task.pk) == 1
    assert alerted(task) == {first.pk, other.pk}
    assert Alert.objects.get(task=task, volunteer=first).status == AlertStatus.CANNOT_DO
    assert TaskEvent.objects.get(task=task, kind="cannot_do").note == "My car broke down"


def test_cancelling_closes_and_tells_the_accepter(post, make_volunteer, personas):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    with pytest.raises(ValidationError):
        services.task_cancel(actor=personas.dave, task_id=task.pk)
    services.task_cancel(actor=personas.bob, task_id=task.pk, reason="Her son is visiting")
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.CANCELLED
    assert "cancelled" in Message.objects.filter(to=volunteer.mobile).order_by("-created_at").first().body


def test_tasks_expire_after_their_window(post, make_volunteer, settings):
    make_volunteer()
    open_task, accepted_task = post(), post()
    services.alerts_send(task_id=accepted_task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=accepted_task).pk, accept=True, channel="web")
    after_window = accepted_task.window_end + dt.timedelta(minutes=1)
    assert services.tasks_expire(now=after_window) == 1
    assert SupportTask.objects.get(pk=open_task.pk).status == TaskStatus.EXPIRED
    assert SupportTask.objects.get(pk=accepted_task.pk).status == TaskStatus.ACCEPTED  # time to mark it done
    grace = dt.timedelta(hours=settings.SUPPORT_DONE_GRACE_HOURS)
    assert services.tasks_expire(now=after_window + grace) == 1
    assert SupportTask.objects.get(pk=accepted_task.pk).status == TaskStatus.EXPIRED
    assert TaskEvent.objects.filter(kind="expired").count() == 2


def test_feedback_from_both_sides_once_each_after_done(post, make_volunteer, personas):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    with pytest.raises(ValidationError):
        services.feedback_leave(actor=volunteer.user, task_id=task.pk, rating=5)
    services.task_complete(actor=volunteer.user, task_id=task.pk)
    services.feedback_leave(actor=volunteer.user, task_id=task.pk, rating=5, comment="Lovely to meet her")
    services.feedback_leave(actor=personas.bob, task_id=task.pk, rating=4, comment="Thank you")
    with pytest.raises(ValidationError):
        services.feedback_leave(actor=personas.bob, task_id=task.pk, rating=3)
    with pytest.raises(ValidationError):
        services.feedback_leave(actor=personas.dave, task_id=task.pk, rating=3)
    assert sorted(Feedback.objects.filter(task=task).values_list("side", "rating")) == [("referrer", 4),
                                                                                        ("volunteer", 5)]

