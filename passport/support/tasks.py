"""Background community support work: close tasks whose window has passed, and send every due wave."""

from django_tasks import task

from passport.support import services


@task()
def send_due_alerts() -> int:
    """Expire past tasks, then send due waves (safe twice: each wave locks its task and re-checks it is due)."""
    return services.due_alerts_send()
