"""Background work for hours, run by `passport worker`."""

from django_tasks import task

from passport.activity.services import shift_entries_create


@task()
def create_shift_entries() -> int:
    """Pending entries for shifts that have ended; safe to run any number of times."""
    return shift_entries_create()
