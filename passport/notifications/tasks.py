"""Background sending, run by `passport worker`. Both tasks are safe to run any number of times at once:
each message is claimed with a conditional update before it is sent."""

from typing import Any

from django_tasks import task

from passport.notifications import services


@task()
def send_due_messages(limit: int = 500) -> dict[str, Any]:
    """Retry what is due and release what a stopped worker left half-sent (scheduled every minute or so)."""
    return services.messages_send_due(limit=limit)


@task()
def send_message(message_id: str) -> bool:
    """First attempt at one message, enqueued when the transaction that queued it commits."""
    return services.message_send(message_id=message_id)
