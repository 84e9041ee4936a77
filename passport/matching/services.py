"""Running a matching round and acting on its offers."""

import datetime as dt
import logging
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passport.accounts.models import User
from passport.core import events
from passport.matching import explain, loader
from passport.matching.engine.candidates import generate_candidates
from passport.matching.engine.solve import match
from passport.matching.models import CoordinatorAction, DeclineReason, MatchingRound, Offer, OfferStatus, RoundStatus
from passport.notifications import services as notify
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus
from passport.volunteers.models import Volunteer

log = logging.getLogger(__name__)


def pool_is_small() -> bool:
    """Small pools (a council's, the demo's) solve in one process at once; large ones in parallel processes."""
    return Volunteer.objects.filter(erased_at__isnull=True).count() <= settings.MATCHING_INLINE_LIMIT


@transaction.atomic
def round_request(*, actor: Any, strategy: str = "optimal_regional") -> MatchingRound:
    """Queue a matching round."""
    return MatchingRound.objects.create(requested_by=actor, strategy=strategy)


def round_run(*, round_id: Any, in_process: bool = False) -> MatchingRound:
    """Run a queued round: load in bulk, solve, and write every offer in one transaction (or none).

    `in_process` (for rounds run inside a web request) solves in this process with no time limit, rather than
    in forked solver processes."""
    claimed = MatchingRound.objects.filter(pk=round_id, status=RoundStatus.QUEUED).update(
        status=RoundStatus.RUNNING, started_at=timezone.now()
    )
    matching_round = MatchingRound.objects.get(pk=round_id)
    if claimed != 1:
        return matching_round  # another worker has it, or it already ran
    try:
        with transaction.atomic():
            _solve_and_write(matching_round, in_process)
    except Exception as error:  # the round fails as a whole and says why; nothing half-written stays
        log.exception("Matching round %s failed", round_id)
        MatchingRound.objects.filter(pk=round_id).update(
            status=RoundStatus.FAILED, finished_at=timezone.now(), error=str(error)[:300]
        )
    matching_round.refresh_from_db()
    return matching_round


def _solve_and_write(matching_round: MatchingRound, in_process: bool) -> None:
    now = timezone.now()
    pool = loader.load(now=now)
    vols, opps = pool.volunteers, pool.opportunities
    candidates = generate_candidates(vols, opps, k=settings.MATCHING_CANDIDATES_PER_VOLUNTEER)
    if len(pool.excluded_pairs) and len(candidates.edges):
        keys = candidates.edges.vol.astype(np.int64) * max(len(opps), 1) + candidates.edges.opp
        candidates.edges = candidates.edges.take(np.flatnonzero(~np.isin(keys, pool.excluded_pairs)))
    result = match(vols, opps, candidates, matching_round.strategy,
                   time_limit_s=None if in_process else settings.MATCHING_TIME_LIMIT_SECONDS,
                   workers=1 if in_process else settings.MATCHING_WORKERS)
    baseline = match(vols, opps, candidates, "first_come_nearest")
    expires = now + dt.timedelta(days=settings.MATCHING_OFFER_DAYS)
    reasons = explain.proposals(pool, candidates, result)
    offers = [
        Offer(
            round=matching_round, volunteer_id=pool.volunteer_pks[v], opportunity_id=pool.opportunity_pks[o],
            cost=int(cost), distance_m=int(candidates.edges.dist_m[e]), expires_at=expires, reasons=why,
        )
        for v, o, e, cost, why in zip(result.vol, result.opp, result.edge, result.cost, reasons, strict=True)
    ]
    Offer.objects.bulk_create(offers, batch_size=2000)
    matching_round.report = {
        "round": explain.summary(pool, candidates, result),
        "first_come_nearest": explain.summary(pool, candidates, baseline),
        "volunteers": len(vols),
        "opportunities": len(opps),
        "candidate_pairs": len(candidates.edges),
    }
    matching_round.fallback_reason = result.fallback_reason[:300]
    matching_round.status = RoundStatus.COMPLETED
    matching_round.finished_at = timezone.now()
    matching_round.save()
    events.record(actor=matching_round.requested_by, verb="matching.round_completed", subject=matching_round,
                  offers=len(offers))
    _tell_volunteers(offers)


def _tell_volunteers(offers: list[Offer]) -> None:
    """One email per volunteer offered something, reading names and addresses in two queries."""
    users = dict(Volunteer.objects.filter(pk__in=[o.volunteer_id for o in offers]).values_list("pk", "user_id"))
    emails = dict(User.objects.filter(pk__in=users.values()).exclude(email=None).values_list("pk", "email"))
    titles = dict(Opportunity.objects.filter(pk__in=[o.opportunity_id for o in offers])
                  .values_list("pk", "title"))
    for offer in offers:
        user_id = users.get(offer.volunteer_id)
        if user_id not in emails:
            continue
        title = titles[offer.opportunity_id]
        notify.email_send(
            to=emails[user_id], user=User(pk=user_id), template="offer_made", subject=f"Matched for you: {title}",
            body=(f"We think {title} suits you. See why, and say yes or no by "
                  f"{timezone.localtime(offer.expires_at):%-d %B}: {settings.SITE_URL}{reverse('volunteers:home')}"),
        )


@transaction.atomic
def offer_accept(*, offer: Offer, volunteer: Any) -> Application:
    """The volunteer says yes: an accepted application, if a place is still free."""
    offer = Offer.objects.select_for_update().select_related("opportunity").get(pk=offer.pk)
    if offer.volunteer_id != volunteer.pk:
        raise ValidationError("This offer is not yours")
    if offer.status != OfferStatus.PROPOSED or offer.expires_at < timezone.now():
        raise ValidationError("This offer has ended")
    opportunity = Opportunity.objects.select_for_update().get(pk=offer.opportunity_id)
    taken = opportunity.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    if opportunity.status != OpportunityStatus.OPEN or taken >= opportunity.places:
        offer.status = OfferStatus.EXPIRED
        offer.save(update_fields=["status", "updated_at"])
        raise ValidationError("Sorry, the places have been filled")
    now = timezone.now()
    application = Application.objects.create(
        opportunity=opportunity, volunteer=volunteer, status=ApplicationStatus.ACCEPTED, submitted_at=now,
        first_response_at=now, decided_at=now, message="Accepted a matched offer",
    )
    offer.status, offer.responded_at, offer.application = OfferStatus.ACCEPTED, now, application
    offer.save(update_fields=["status", "responded_at", "application", "updated_at"])
    if taken + 1 >= opportunity.places:
        opportunity.status = OpportunityStatus.FILLED
        opportunity.save(update_fields=["status", "updated_at"])
    events.record(actor=volunteer.user, verb="matching.offer_accepted", subject=offer)
    for membership in opportunity.organisation.memberships.select_related("user"):
        if membership.user.email:
            notify.email_send(to=membership.user.email, user=membership.user, template="offer_accepted",
                              subject=f"{volunteer.first_name} is joining {opportunity.title}",
                              body=f"{volunteer.first_name} accepted a matched place on {opportunity.title}.")
    return application


@transaction.atomic
def offer_decline(*, offer: Offer, volunteer: Any, reason: str = "") -> Offer:
    """The volunteer says no, optionally saying why; the next round will not offer it again."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.volunteer_id != volunteer.pk:
        raise ValidationError("This offer is not yours")
    if offer.status != OfferStatus.PROPOSED:
        raise ValidationError("This offer has ended")
    if reason and reason not in DeclineReason.values:
        raise ValidationError({"reason": "Select a reason from the list"})
    offer.status, offer.responded_at, offer.decline_reason = OfferStatus.DECLINED, timezone.now(), reason
    offer.save(update_fields=["status", "responded_at", "decline_reason", "updated_at"])
    events.record(actor=volunteer.user, verb="matching.offer_declined", subject=offer, reason=reason)
    return offer


@transaction.atomic
def offer_coordinate(*, offer: Offer, actor: Any, invite: bool) -> Offer:
    """The coordinator invites the proposed volunteer (a nudge) or passes (the offer is withdrawn)."""
    offer = Offer.objects.select_for_update().select_related("volunteer__user", "opportunity").get(pk=offer.pk)
    if offer.status != OfferStatus.PROPOSED:
        raise ValidationError("This offer has ended")
    if invite:
        offer.coordinator_action = CoordinatorAction.INVITED
        user = offer.volunteer.user
        if user.email:
            notify.email_send(
                to=user.email, user=user, template="offer_invited",
                subject=f"{offer.opportunity.organisation.name} would love you to join",
                body=(f"{offer.opportunity.organisation.name} has seen your match for {offer.opportunity.title} and "
                      f"invites you to say yes: {settings.SITE_URL}{reverse('volunteers:home')}"),
            )
    else:
        offer.coordinator_action = CoordinatorAction.PASSED
        offer.status = OfferStatus.PASSED
    offer.save(update_fields=["coordinator_action", "status", "updated_at"])
    events.record(actor=actor, verb=f"matching.offer_{offer.coordinator_action}", subject=offer)
    return offer


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """End offers nobody answered in time; their places go back into the next round."""
    return Offer.objects.filter(status=OfferStatus.PROPOSED, expires_at__lt=now or timezone.now()).update(
        status=OfferStatus.EXPIRED, updated_at=timezone.now()
    )
