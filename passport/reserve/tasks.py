"""Background reserve work: the next call-out wave of every open incident, on its timer."""

from django_tasks import task

from passport.reserve import services


@task()
def send_due_waves() -> int:
    """Send every due wave (safe twice: each wave locks its incident and re-checks that it is due)."""
    return services.due_waves_send()
