"""Many yeses for the last places at once, on PostgreSQL: exactly the need is confirmed, everyone else is told; and
places given back while yeses arrive are never given twice.

SQLite serialises every write, so the race cannot happen there; this test needs real row locks.
"""

import threading

import pytest
from django.db import connection, transaction

from passport.reserve import services
from passport.reserve.models import CallOut, CallOutEvent, CallOutStatus, IncidentNeed, Reply
from passport.reserve.services import NeedSpec, Outcome

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

PEOPLE = 60
PLACES = 3


def test_simultaneous_accepts_confirm_exactly_the_need(make_member, declare):
    for _ in range(PEOPLE):
        make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=PEOPLE))
    services.wave_send(incident_id=incident.pk)
    callouts = list(CallOut.objects.filter(incident=incident).values_list("pk", flat=True))
    assert len(callouts) == PEOPLE
    IncidentNeed.objects.filter(incident=incident).update(count=PLACES)

    start = threading.Barrier(PEOPLE)
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []

    def accept(callout_id):
        try:
            start.wait()
            outcomes.append(services.reply_record(callout_id=callout_id, accept=True, channel="sms"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in callouts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors, errors
    assert len(outcomes) == PEOPLE  # no reply lost
    assert outcomes.count(Outcome.CONFIRMED) == PLACES
    assert outcomes.count(Outcome.STANDBY) == PEOPLE - PLACES
    assert IncidentNeed.objects.get(incident=incident).confirmed == PLACES
    assert CallOut.objects.filter(incident=incident, status=CallOutStatus.CONFIRMED).count() == PLACES
    assert CallOutEvent.objects.filter(callout__incident=incident, kind="accepted").count() == PEOPLE


def test_a_stand_down_racing_the_replies_leaves_nobody_confirmed_unheard(make_member, declare, controller):
    for _ in range(20):
        make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=20))
    services.wave_send(incident_id=incident.pk)
    callouts = list(CallOut.objects.filter(incident=incident).values_list("pk", flat=True))
    start = threading.Barrier(len(callouts) + 1)
    told: list[int] = []

    def accept(callout_id):
        try:
            start.wait()
            services.reply_record(callout_id=callout_id, accept=True, channel="web")
        finally:
            connection.close()

    def stand_down():
        try:
            start.wait()
            told.append(services.incident_stand_down(actor=controller, incident_id=incident.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in callouts] + [threading.Thread(target=stand_down)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    confirmed = CallOut.objects.filter(incident=incident, status=CallOutStatus.CONFIRMED).count()
    # Everyone confirmed before the stand-down was told; nobody was confirmed after it.
    assert told == [confirmed]
    assert CallOutEvent.objects.filter(callout__incident=incident, kind="stood_down").count() == confirmed


ACCEPT_IN_A_PROCESS = """
import sys, threading, django
django.setup()
from django.db import connection
from passport.reserve import services
ids = sys.argv[1:]
start = threading.Barrier(len(ids))
results = []
wait = __import__("os").environ.get("REPLY_WAIT", "1") == "1"
def accept(pk):
    start.wait()
    results.append(services.reply_record(callout_id=pk, accept=True, channel="sms", wait=wait).value)
    connection.close()
threads = [threading.Thread(target=accept, args=(pk,)) for pk in ids]
for t in threads: t.start()
for t in threads: t.join()
print(" ".join(results))
"""


def _accept_in_four_processes(make_member, declare, *, people: int, places: int, wait: bool):
    """Four worker processes, each answering a quarter of the yeses at once; their answers, and the call-outs."""
    import os
    import subprocess
    import sys

    for _ in range(people):
        make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=people))
    services.wave_send(incident_id=incident.pk)
    IncidentNeed.objects.filter(incident=incident).update(count=places)
    ids = [str(pk) for pk in CallOut.objects.filter(incident=incident).values_list("pk", flat=True)]
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "passport.settings", "REPLY_WAIT": "1" if wait else "0",
           "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    workers = [subprocess.Popen([sys.executable, "-c", ACCEPT_IN_A_PROCESS, *ids[i::4]], env=env,
                                stdout=subprocess.PIPE, text=True) for i in range(4)]
    answers = " ".join(w.communicate(timeout=120)[0] for w in workers).split()
    return incident, answers


def test_accepts_from_several_processes_at_once_confirm_exactly_the_need(make_member, declare):
    """Each request waits for its own outcome, for two places."""
    incident, answers = _accept_in_four_processes(make_member, declare, people=40, places=2, wait=True)
    assert len(answers) == 40  # no reply lost
    assert answers.count("confirmed") == 2 and answers.count("standby") == 38
    assert IncidentNeed.objects.get(incident=incident).confirmed == 2


def test_requests_that_do_not_wait_leave_no_reply_unapplied(make_member, declare):
    """As a link or a text is answered: a request that finds another applying replies returns at once
    ("received") and leaves its reply to that one. Once every request has returned, with no worker run, every
    reply is applied, in the order they were applied: the first two applied are the two confirmed. (Not
    necessarily the two lowest ids: an id is drawn when a reply is inserted, and a reply with a lower id can
    commit after one with a higher id has been applied. A reply counts from when it is stored.)"""
    incident, answers = _accept_in_four_processes(make_member, declare, people=80, places=2, wait=False)
    assert len(answers) == 80
    assert set(answers) <= {"confirmed", "standby", "received"}
    assert answers.count("confirmed") <= 2
    replies = list(Reply.objects.filter(callout__incident=incident).order_by("applied_at", "pk"))
    assert len(replies) == 80 and all(r.outcome and r.applied_at for r in replies)  # nothing left waiting
    assert [r.outcome for r in replies] == ["confirmed"] * 2 + ["standby"] * 78
    assert IncidentNeed.objects.get(incident=incident).confirmed == 2
    assert CallOut.objects.filter(incident=incident, status=CallOutStatus.CONFIRMED).count() == 2
    assert CallOut.objects.filter(incident=incident, status=CallOutStatus.ALERTED).count() == 0


@pytest.fixture
def another_applier():
    """Another request holding the applier's lock (in its own connection) until the test lets it go."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [services.APPLY_LOCK])
                taken.set()
                release.wait(30)
                cursor.execute("SELECT pg_advisory_unlock(%s)", [services.APPLY_LOCK])
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    yield release
    release.set()
    holder.join()


def test_a_link_answered_while_another_applies_says_received_and_is_applied_after(make_member, declare, client,
                                                                                   another_applier):
    from django.utils import timezone

    from passport.notifications.models import Message
    from passport.notifications.services import inbound_sms_receive
    from passport.reserve import tasks, texts

    alice, bob = make_member(mobile="07700 900001"), make_member(mobile="07700 900002")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    by_member = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}
    page = client.post(f"/reserve/reply/{texts.reply_token(by_member[alice.pk], 'yes')}").content.decode()
    assert "we have your answer" in page and "whether you have a place" in page
    inbound_sms_receive(provider_id="bob-yes", source_number="+447700900002", destination_number="",
                        body=f"YES {by_member[bob.pk].code}", received_at=timezone.now())
    # Both stored, neither applied yet, and nobody told anything yet.
    assert list(Reply.objects.order_by("pk").values_list("outcome", flat=True)) == ["", ""]
    assert CallOut.objects.filter(incident=incident, status=CallOutStatus.ALERTED).count() == 2
    assert not Message.objects.filter(template__in=["reserve_briefing", "reserve_standby"]).exists()
    # Opening the link again says so, with no second button.
    page = client.get(f"/reserve/reply/{texts.reply_token(by_member[alice.pk], 'yes')}").content.decode()
    assert "we have your answer" in page and "Yes, I can go" not in page

    another_applier.set()  # that request finishes; what it left waiting is applied by the next one, or the worker
    tasks.send_due_waves.call()
    assert list(Reply.objects.order_by("pk").values_list("outcome", flat=True)) == ["confirmed", "standby"]
    assert Message.objects.filter(template="reserve_briefing", channel="email", to=alice.user.email).count() == 1
    assert Message.objects.filter(template="reserve_standby", channel="sms").count() == 1  # a text answers a text
    page = client.get(f"/reserve/reply/{texts.reply_token(by_member[alice.pk], 'yes')}").content.decode()
    assert "already answered" in page


def test_places_given_back_while_yeses_arrive_are_never_given_twice(make_member, declare):
    """Half the confirmed give their places back while the rest of the alerted say yes, all at once, by link
    (each request applies what it can) and by page (each waits its turn): the need ends exactly filled, those
    who gave a place back hold none, and every place given back went to someone who said yes."""
    for _ in range(40):
        make_member()
    incident = declare(NeedSpec(role="Sandbagging", count=40))
    services.wave_send(incident_id=incident.pk)
    callouts = list(CallOut.objects.filter(incident=incident).order_by("pk").values_list("pk", flat=True))
    IncidentNeed.objects.filter(incident=incident).update(count=PLACES * 2)
    confirmed = callouts[:PLACES * 2]
    for pk in confirmed:
        assert services.reply_record(callout_id=pk, accept=True, channel="web") is Outcome.CONFIRMED
    leaving, arriving = confirmed[:PLACES], callouts[PLACES * 2:]
    start = threading.Barrier(len(leaving) + len(arriving))
    outcomes: dict[object, Outcome] = {}
    errors: list[BaseException] = []

    def reply(callout_id, accept, wait):
        try:
            start.wait()
            outcomes[callout_id] = services.reply_record(callout_id=callout_id, accept=accept, channel="web",
                                                         wait=wait)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(pk, False, i % 2 == 0)) for i, pk in enumerate(leaving)]
    threads += [threading.Thread(target=reply, args=(pk, True, i % 2 == 0)) for i, pk in enumerate(arriving)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    services.replies_apply()  # any left by a link request that found another applying

    assert len(outcomes) == len(leaving) + len(arriving)  # no reply lost
    assert not Reply.objects.filter(outcome="").exists()
    statuses = dict(CallOut.objects.filter(incident=incident).values_list("pk", "status"))
    assert [statuses[pk] for pk in leaving] == [CallOutStatus.WITHDRAWN] * PLACES
    assert IncidentNeed.objects.get(incident=incident).confirmed == PLACES * 2
    assert sum(1 for s in statuses.values() if s == CallOutStatus.CONFIRMED) == PLACES * 2
    assert sum(1 for pk in arriving if statuses[pk] == CallOutStatus.CONFIRMED) == PLACES
    assert sum(1 for pk in arriving if statuses[pk] == CallOutStatus.STANDBY) == len(arriving) - PLACES


def test_the_same_declaration_sent_twice_at_once_declares_one_incident(make_member, controller):
    """Two requests carrying the same form's token (core.once), the second arriving while the first has written
    its incident but not yet committed: the second's look finds nothing, its insert waits on the unique index, and
    when the first commits it is handed the first's incident instead of declaring another."""
    import datetime as dt
    import time
    import uuid

    from django.utils import timezone

    from passport.core.once import SentBefore
    from passport.reserve.models import Incident

    make_member()
    token = uuid.uuid4()
    declared, may_commit = threading.Event(), threading.Event()
    made: dict[str, object] = {}
    errors: list[BaseException] = []

    def declare_once():
        return services.incident_declare(
            actor=controller, title="Flood", postcode="LS1 4DY", radius_m=10_000, severity="amber",
            starts_at=timezone.now() + dt.timedelta(hours=1), expected_hours=4, briefing="Report to Sam",
            needs=[NeedSpec(role="Sandbagging", count=2)], submission=token)

    def first():
        try:
            with transaction.atomic():
                made["first"] = declare_once().pk
                declared.set()
                may_commit.wait(30)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET application_name = 'once-second'")
            declare_once()
        except SentBefore as already:
            made["second"] = already.made.pk
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert declared.wait(30)
    two = threading.Thread(target=second)
    two.start()
    with connection.cursor() as cursor:  # wait until the second is held by the first's uncommitted row
        for _ in range(300):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'once-second' "
                           "AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the second request never waited on the first")
    may_commit.set()
    one.join()
    two.join()
    assert not errors, errors
    assert Incident.objects.count() == 1
    assert made == {"first": Incident.objects.get().pk, "second": Incident.objects.get().pk}
