"""Background work for hours, run by `passport worker`."""

from django_tasks import task

from passport.activity.services import callout_entries_create, shift_entries_create


@task()
def create_shift_entries() -> int:
    """Pending entries for shifts that have ended and for reserve call-outs of incidents stood down (with the
    reserve deployment milestone); safe to run any number of times."""
    return shift_entries_create() + callout_entries_create()
