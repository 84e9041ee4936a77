"""Summary figures of one strategy's answer, as the round report page and the benchmark print them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from passport.matching.engine.explain import unmatched_reasons
from passport.matching.engine.types import REASONS, Candidates, Matching, Opportunities, Volunteers


@dataclass
class Summary:
    strategy: str
    places: int  # places to fill (sum of places_left)
    places_filled: int
    opportunities: int  # with at least one place to fill
    opportunities_covered: int  # with at least one proposal
    opportunities_reachable: int  # with at least one candidate: the most any strategy could cover
    volunteers: int
    volunteers_matched: int
    unmatched_by_reason: dict[str, int] = field(default_factory=dict)
    mean_km: float = 0.0  # over proposals at a place (remote ones have no distance)
    total_cost: int = 0
    mean_cost: float = 0.0
    small_org_fill: float = 0.0  # share of small organisations' places filled
    large_org_fill: float = 0.0
    fallback_reason: str = ""

    @property
    def fill_rate(self) -> float:
        return self.places_filled / self.places if self.places else 0.0

    @property
    def coverage(self) -> float:
        """Share of opportunities with at least one volunteer."""
        return self.opportunities_covered / self.opportunities if self.opportunities else 0.0

    @property
    def coverage_of_reachable(self) -> float:
        return self.opportunities_covered / self.opportunities_reachable if self.opportunities_reachable else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(fill_rate=self.fill_rate, coverage=self.coverage, coverage_of_reachable=self.coverage_of_reachable)
        return out


def _share(filled: np.ndarray, places: np.ndarray, mask: np.ndarray) -> float:
    total = int(places[mask].sum())
    return float(filled[mask].sum()) / total if total else 0.0


def summarise(vols: Volunteers, opps: Opportunities, cands: Candidates, matching: Matching) -> Summary:
    places = opps.places_left.astype(np.int64)
    open_ = places > 0
    filled = np.bincount(matching.opp, minlength=len(opps))
    reachable = np.bincount(cands.edges.opp, minlength=len(opps)) > 0
    reasons = np.bincount(unmatched_reasons(vols, cands, matching), minlength=len(REASONS))
    local = ~opps.remote[matching.opp]
    km = cands.edges.dist_m[matching.edge[local]] / 1000.0
    n = len(matching)
    return Summary(
        strategy=matching.strategy,
        places=int(places.sum()),
        places_filled=n,
        opportunities=int(open_.sum()),
        opportunities_covered=int(((filled > 0) & open_).sum()),
        opportunities_reachable=int((reachable & open_).sum()),
        volunteers=len(vols),
        volunteers_matched=int(reasons[0]),
        unmatched_by_reason={name: int(reasons[i]) for i, name in enumerate(REASONS) if i},
        mean_km=float(km.mean()) if len(km) else 0.0,
        total_cost=matching.total_cost,
        mean_cost=matching.total_cost / n if n else 0.0,
        small_org_fill=_share(filled, places, opps.small_org),
        large_org_fill=_share(filled, places, ~opps.small_org),
        fallback_reason=matching.fallback_reason,
    )
