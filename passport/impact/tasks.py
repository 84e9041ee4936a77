"""Background work for impact statistics, run by `passport worker`."""

from django_tasks import task

from passport.impact.refresh import refresh_all


@task()
def refresh_statistics() -> int:
    """Recompute every statistic and index score; safe to run any number of times. Returns how many statistics."""
    return refresh_all().statistics
