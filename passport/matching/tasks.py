"""Background matching: scheduled and on-demand rounds, and offer expiry."""

from django_tasks import task

from passport.accounts.models import User
from passport.matching import services


@task()
def run_matching_round(round_id: str) -> str:
    """Run a queued round (safe twice: only one run claims it)."""
    return services.round_run(round_id=round_id, in_process=services.pool_is_small()).status


@task()
def scheduled_matching_round() -> str:
    """The daily round: expire old offers, then match everyone again."""
    services.offers_expire()
    system = User.objects.filter(is_superuser=True).order_by("date_joined").first()
    matching_round = services.round_request(actor=system)
    return services.round_run(round_id=matching_round.pk, in_process=services.pool_is_small()).status


@task()
def expire_offers() -> int:
    return services.offers_expire()
