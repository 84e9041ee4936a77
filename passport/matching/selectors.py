"""Reads of offers and rounds, scoped to the acting user."""

from dataclasses import fields
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from passport.accounts.models import Role
from passport.matching.models import MatchingRound, Offer, OfferStatus


def can_run_rounds(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and (
        actor.is_staff or actor.has_role(Role.ADMINISTRATOR)
    )


def can_read_rounds(actor: Any) -> bool:
    return can_run_rounds(actor) or (bool(getattr(actor, "is_authenticated", False)) and actor.has_role(Role.ANALYST))


def rounds_visible_to(actor: Any) -> QuerySet[MatchingRound]:
    return MatchingRound.objects.all() if can_read_rounds(actor) else MatchingRound.objects.none()


def offers_of_volunteer(actor: Any) -> QuerySet[Offer]:
    """The acting volunteer's live offers."""
    if not getattr(actor, "is_authenticated", False):
        return Offer.objects.none()
    return Offer.objects.filter(
        volunteer__user=actor, status=OfferStatus.PROPOSED, expires_at__gte=timezone.now()
    ).select_related("opportunity__organisation")


def offers_managed_by(actor: Any) -> QuerySet[Offer]:
    """Offers for opportunities of organisations the actor coordinates for."""
    if not getattr(actor, "is_authenticated", False):
        return Offer.objects.none()
    return Offer.objects.filter(opportunity__organisation__memberships__user=actor).select_related(
        "volunteer", "opportunity"
    )


def shortlist(opportunity: Any, size: int = 10) -> list[dict[str, Any]]:
    """The best eligible volunteers near one opportunity right now, with reasons: an instant shortlist."""
    from passport.matching import explain, loader
    from passport.matching.engine import Matching, generate_candidates

    pool = loader.load(opportunity=opportunity)
    if opportunity.pk not in pool.opportunity_pks:
        return []
    o = pool.opportunity_pks.index(opportunity.pk)
    opps = pool.opportunities
    # Candidates against this one opportunity only, so nobody is crowded out by cheaper matches elsewhere.
    single = type(opps)(**{f.name: getattr(opps, f.name)[[o]] for f in fields(opps)})
    candidates = generate_candidates(pool.volunteers, single, k=1)
    edges = candidates.edges
    mask = np.ones(len(edges), dtype=bool)
    if len(pool.excluded_pairs):
        keys = edges.vol.astype(np.int64) * len(opps) + o
        mask &= ~np.isin(keys, pool.excluded_pairs)
    chosen = np.flatnonzero(mask)
    chosen = chosen[np.argsort(edges.cost[chosen], kind="stable")][:size]
    ranked = Matching("shortlist", edges.vol[chosen], edges.opp[chosen], chosen, edges.cost[chosen],
                      len(pool.volunteers), 1)
    from passport.volunteers.models import Volunteer

    pks = [pool.volunteer_pks[int(v)] for v in ranked.vol]
    names = dict(Volunteer.objects.filter(pk__in=pks).values_list("pk", "first_name"))
    why = explain.explain(pool.volunteers, single, candidates, ranked, n_alternatives=0)
    return [{"volunteer": names.get(pk, ""), **explain.describe(why.proposal(i, ranked), bool(single.remote[0]))}
            for i, pk in enumerate(pks)]
