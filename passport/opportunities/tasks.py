"""Background work for opportunities, run by `passport worker`."""

from django_tasks import task

from passport.opportunities.services import applications_remind_overdue


@task()
def remind_overdue_applications() -> int:
    """Remind coordinators of applicants waiting too long; safe to run any number of times."""
    return applications_remind_overdue()
