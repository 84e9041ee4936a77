"""`passport worker`: enqueue scheduled jobs when due and run queued background tasks."""

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from passport.core.scheduling import enqueue_due


def _uses_database_queue() -> bool:
    # With another backend (the immediate one in tests) enqueued tasks have already run.
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


class Command(BaseCommand):
    help = (
        "Run the background worker: every INTERVAL seconds, enqueue scheduled jobs that are due "
        "(e.g. reminders to coordinators) and run every queued task. Run as many as you like side by side."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between cycles (default 30)")
        parser.add_argument("--once", action="store_true", help="Run one cycle and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        while True:
            enqueued = enqueue_due()
            if enqueued and verbosity:
                self.stdout.write(f"Enqueued: {', '.join(enqueued)}")
            if _uses_database_queue():
                call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*",
                             verbosity=verbosity, reload=False)
            if once:
                return
            time.sleep(interval)
