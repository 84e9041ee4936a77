"""A real worker process killed in the middle of a call-out wave: on restart the wave completes, nobody gets the
alert twice and nothing is lost.

The worker (`passport worker --once`, the django-tasks database queue) runs in a subprocess against a database it
shares with this test: a SQLite file made for the test, or, on PostgreSQL, the test database itself (the test is
transactional, so what the processes write is committed and visible to all). Alerts go to GOV.UK Notify, played by
the loopback stand-in, which records every notification it accepts. The worker is killed with SIGKILL twice:

1. inside the wave's transaction, after the call-outs and their alert messages are written but before the commit
   (the test fault-injection point `reserve.wave_before_commit`, enabled by running that worker with the settings
   module `fault_settings.py` next to this file);
2. after the wave committed, while it is sending: the stand-in accepts the first alert and stalls its answer, and
   the test kills the worker then, so that message is claimed ("sending") with the outcome unknown to us.

A third worker run finishes the job.

A second test kills the process answering a reply after the reply is stored and before it is applied (the point
`reserve.reply_stored`): the worker's next run applies it, once.
"""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from passport.notifications.standin import NotifyStandIn

ROOT = Path(__file__).resolve().parents[3]
PASSPORT = [sys.executable, "-c", "import sys; from passport.cli import main; sys.exit(main())"]
MEMBERS = 6


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/"
                f"{s['NAME']}")
    url = f"sqlite:///{tmp_path}/crash.sqlite3"
    subprocess.run([*PASSPORT, "migrate", "-v0"], cwd=ROOT, env=dict(os.environ, DATABASE_URL=url), check=True,
                   timeout=300)
    return url


def _driver(env: dict[str, str], command: str, *, returncode: int = 0) -> Any:
    result = subprocess.run([sys.executable, "-m", "passport.reserve.tests.crash_driver", command], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == returncode, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]) if returncode == 0 else None


def _worker(env: dict[str, str], **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*PASSPORT, "worker", "--once", "-v0"], cwd=ROOT, env=dict(env, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_wave_leaves_nobody_alerted_twice_and_nothing_lost(tmp_path):
    with NotifyStandIn() as notify:
        env = dict(
            os.environ, DATABASE_URL=_database_url(tmp_path), DJANGO_SETTINGS_MODULE="passport.settings",
            NOTIFY_API_KEY=notify.api_key, NOTIFY_BASE_URL=notify.url,
            NOTIFY_EMAIL_TEMPLATE_ID=notify.email_template_id, NOTIFY_SMS_TEMPLATE_ID=notify.sms_template_id,
            NOTIFY_SENDING_TIMEOUT_SECONDS="1",
        )
        _driver(env, "setup")

        # 1. Killed inside the wave's transaction: nothing of it survives, nothing was sent.
        worker = _worker(env, DJANGO_SETTINGS_MODULE="passport.reserve.tests.fault_settings")
        output, _ = worker.communicate(timeout=300)
        assert worker.returncode == -9, output
        before = _driver(env, "report")
        assert (before["callouts"], before["alerted_events"], before["alerts"]) == (0, 0, [])
        assert notify.sent == []

        # 2. A minute later the next worker sends the wave; it is killed once Notify has taken the first alert.
        _driver(env, "tick")
        notify.stall_next(120)
        worker = _worker(env)
        deadline = time.monotonic() + 240
        while not notify.sent and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        worker.kill()
        output, _ = worker.communicate(timeout=60)
        assert worker.returncode == -9, output
        assert len(notify.sent) == 1
        mid = _driver(env, "report")
        assert mid["callouts"] == MEMBERS and len(mid["alerts"]) == 2 * MEMBERS
        assert Counter(status for *_, status, _ref in mid["alerts"])["sending"] == 1

        # 3. After the sending timeout, the next minute's worker completes the wave.
        time.sleep(1.5)
        _driver(env, "tick")
        worker = _worker(env)
        output, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0, output
        after = _driver(env, "report")
        sent = notify.sent

    assert after["callouts"] == MEMBERS and len(after["volunteers"]) == MEMBERS
    assert after["alerted_events"] == MEMBERS
    # Every alert the database holds was accepted by Notify exactly once, under its own reference...
    references = Counter(n["reference"] for n in sent)
    assert sorted(references) == sorted(message_id for _to, message_id in after["expected"])
    assert set(references.values()) == {1}
    # ...reached the address it was meant for, one email and one text per alerted volunteer...
    to = Counter(n["to"].replace(" ", "") for n in sent)
    assert sorted(to) == sorted(address.replace(" ", "") for address, _id in after["expected"])
    assert set(to.values()) == {1}
    # ...and is recorded as sent with Notify's id.
    assert {(status, bool(reference)) for *_, status, reference in after["alerts"]} == {("sent", True)}


@pytest.mark.django_db(transaction=True)
def test_a_reply_whose_process_is_killed_after_storing_it_is_applied_once_by_the_worker(tmp_path):
    """The volunteer's yes is stored (committed), then the process answering it is killed before applying it: the
    reply waits, nothing else changed; the worker's next minute applies it, once; the same yes again changes
    nothing."""
    env = dict(os.environ, DATABASE_URL=_database_url(tmp_path), DJANGO_SETTINGS_MODULE="passport.settings")
    env.pop("NOTIFY_API_KEY", None)  # the outbox: answers are recorded as sent at once
    _driver(env, "setup")
    assert _driver(env, "wave")["alerted"] == MEMBERS

    _driver(dict(env, DJANGO_SETTINGS_MODULE="passport.reserve.tests.fault_settings",
                 RESERVE_TEST_FAULT="reserve.reply_stored"), "reply", returncode=-9)
    waiting = _driver(env, "replies")
    assert waiting == {"replies": [""], "statuses": ["alerted"] * MEMBERS, "confirmed": 0, "events": [],
                       "answers": []}

    _driver(env, "tick")
    worker = _worker(env)
    output, _ = worker.communicate(timeout=300)
    assert worker.returncode == 0, output
    applied = _driver(env, "replies")
    assert applied == {"replies": ["confirmed"], "statuses": ["alerted"] * (MEMBERS - 1) + ["confirmed"],
                       "confirmed": 1, "events": ["accepted", "confirmed"],
                       "answers": [["reserve_briefing", "email"], ["reserve_briefing", "sms"]]}

    assert _driver(env, "reply") == {"outcome": "already_answered"}
    again = _driver(env, "replies")
    assert again == dict(applied, replies=["confirmed", "already_answered"])
