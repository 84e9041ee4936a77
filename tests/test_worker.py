"""The worker enqueues scheduled jobs once per period, even with several workers, and runs them."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from passport.core import scheduling
from passport.core.models import PeriodicJob
from passport.notifications.models import Message
from passport.opportunities.models import Application
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    # The database queue's worker closes connections, which would end the test's transaction; the real
    # queue is exercised end to end by test_the_worker_runs_queued_tasks_from_the_database below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_due_job_is_claimed_by_one_worker_only():
    job = scheduling.SCHEDULE[0]
    now = timezone.now()
    assert scheduling.claim(job, now) is True
    assert scheduling.claim(job, now) is False
    assert scheduling.claim(job, now + job.every) is True


def test_enqueue_due_skips_jobs_that_ran_recently():
    now = timezone.now()
    assert scheduling.enqueue_due(now) == [job.name for job in scheduling.SCHEDULE]
    # Sooner than the shortest period, nothing is due again.
    shortest = min(job.every for job in scheduling.SCHEDULE)
    assert scheduling.enqueue_due(now + shortest / 2) == []
    assert PeriodicJob.objects.count() == len(scheduling.SCHEDULE)


def test_one_worker_cycle_reminds_the_coordinator_of_an_overdue_applicant(personas):
    Application.objects.filter(pk=personas.application.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=14)
    )
    call_command("worker", once=True, verbosity=0)
    reminder = Message.objects.get(template="application_reminder")
    assert reminder.to == "bob@example.org"
    call_command("worker", once=True, verbosity=0)
    assert Message.objects.filter(template="application_reminder").count() == 1


def test_an_applicant_answered_in_time_causes_no_reminder(personas):
    factories.ApplicationFactory(opportunity=personas.opportunity, submitted_at=timezone.now())
    call_command("worker", once=True, verbosity=0)
    assert not Message.objects.filter(template="application_reminder").exists()


@pytest.mark.django_db(databases=[])
def test_the_worker_runs_queued_tasks_from_the_database(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/worker.sqlite3")
    passport = [sys.executable, "-c", "import sys; from passport.cli import main; sys.exit(main())"]
    subprocess.run([*passport, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    result = subprocess.run([*passport, "worker", "--once"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Enqueued: applications.remind_overdue" in result.stdout
    assert "remind_overdue_applications state=SUCCESSFUL" in result.stdout + result.stderr
