"""Background reserve work: replies left waiting, then the next call-out wave of every open incident, on its
timer."""

from django_tasks import task

from passport.reserve import services


@task()
def send_due_waves() -> int:
    """Apply any replies left waiting (their request stopped after storing them), then send every due wave (safe
    twice: each wave locks its incident and re-checks that it is due)."""
    services.replies_apply()
    return services.due_waves_send()
