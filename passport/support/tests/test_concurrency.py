"""Many yeses for one task at once, on PostgreSQL: exactly one volunteer gets it, everyone else is told it is taken.
Feedback sent twice at once is kept once.

SQLite serialises every write, so the race cannot happen there; this test needs real row locks.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from passport.core import taxonomy
from passport.core.models import Cause, Skill
from passport.notifications.models import Message
from passport.support import services
from passport.support.models import Alert, AlertStatus, Feedback, TaskEvent, TaskStatus
from passport.support.services import Outcome

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

PEOPLE = 30


@pytest.fixture(autouse=True)
def controlled_lists(transactional_db):
    """A transactional test flushes the database, lists included; the personas need the causes back."""
    taxonomy.load_lists(Skill, Cause)


def run_together(*targets):
    start = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def wrapped(target):
        try:
            start.wait()
            target()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


@pytest.fixture
def alerted(make_volunteer, post, settings):
    settings.SUPPORT_WAVE_SIZE = PEOPLE
    for _ in range(PEOPLE):
        make_volunteer()
    task = post()
    assert services.alerts_send(task_id=task.pk) == PEOPLE
    return task, list(Alert.objects.filter(task=task).values_list("pk", flat=True))


def test_simultaneous_yeses_give_the_task_to_exactly_one(alerted):
    task, alerts = alerted
    outcomes: list[Outcome] = []
    run_together(*[lambda pk=pk: outcomes.append(services.reply_record(alert_id=pk, accept=True, channel="sms"))
                   for pk in alerts])
    assert len(outcomes) == PEOPLE  # no reply lost
    assert outcomes.count(Outcome.ACCEPTED) == 1
    assert outcomes.count(Outcome.TAKEN) == PEOPLE - 1
    task.refresh_from_db()
    winner = Alert.objects.get(task=task, status=AlertStatus.ACCEPTED)
    assert task.status == TaskStatus.ACCEPTED and task.accepted_by_id == winner.volunteer_id
    assert Alert.objects.filter(task=task, status=AlertStatus.TAKEN).count() == PEOPLE - 1
    assert TaskEvent.objects.filter(task=task, kind="accepted").count() == 1


def test_a_cancel_racing_the_yeses_leaves_no_accepter_after_it(alerted, personas):
    task, alerts = alerted
    outcomes: list[Outcome] = []
    run_together(lambda: services.task_cancel(actor=personas.bob, task_id=task.pk),
                 *[lambda pk=pk: outcomes.append(services.reply_record(alert_id=pk, accept=True, channel="web"))
                   for pk in alerts])
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert len(outcomes) == PEOPLE and set(outcomes) <= {Outcome.ACCEPTED, Outcome.TAKEN, Outcome.CLOSED}
    accepted = outcomes.count(Outcome.ACCEPTED)
    assert accepted <= 1
    assert TaskEvent.objects.filter(task=task, kind="accepted").count() == accepted
    if accepted:  # a yes that landed before the cancel: its volunteer was then told the task was cancelled
        winner = Alert.objects.select_related("volunteer").get(task=task, status=AlertStatus.ACCEPTED).volunteer
        assert task.accepted_by_id == winner.pk
        assert Message.objects.filter(to=winner.mobile, template="support_cancelled").exists()
    else:
        assert task.accepted_by_id is None


def test_feedback_sent_twice_at_once_is_kept_once_and_the_second_told_why(make_volunteer, post, personas):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    services.task_complete(actor=volunteer.user, task_id=task.pk)
    results: list[object] = []

    def leave() -> None:
        try:
            results.append(services.feedback_leave(actor=personas.bob, task_id=task.pk, rating=5))
        except ValidationError as error:  # told, not a 500: an IntegrityError would fail run_together
            results.append(error.messages[0])

    run_together(*[leave for _ in range(6)])  # a double click, many times over
    assert [r for r in results if isinstance(r, str)] == ["You have already left feedback on this task"] * 5
    assert [r.pk for r in results if isinstance(r, Feedback)] == list(Feedback.objects.filter(task=task)
                                                                      .values_list("pk", flat=True))
