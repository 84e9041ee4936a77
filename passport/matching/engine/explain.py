"""Why each proposal was made, what it beat, and why each volunteer left unmatched was left.

Everything is arrays aligned with the Matching (one row per proposal), the opportunities (alternatives) or the
volunteers (reasons); `Explanation.proposal(i)` turns one row into plain Python for a page. Skills are bit
positions: the caller maps them to names (passport.core.taxonomy.SKILLS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from passport.matching.engine.cost import PARTS, Weights, cost_parts
from passport.matching.engine.types import REASON_CODE, REASONS, Candidates, Matching, Opportunities, Volunteers

ALL_WEEK = np.uint32((1 << 21) - 1)
# Why an alternative lost its opportunity.
LOST = ("", "placed_elsewhere", "higher_cost")


@dataclass
class Explanation:
    # One row per proposal, aligned with Matching.vol / .opp.
    distance_km: np.ndarray  # float32; NaN for a remote opportunity
    skills_matched: np.ndarray  # uint64: the volunteer's skills among the opportunity's required and desirable
    availability_overlap: np.ndarray  # uint32 week grid both share (a flexible opportunity: all of theirs)
    vetting_valid_until: np.ndarray  # int32 days since epoch of the volunteer's check; -1 when none is needed
    parts: np.ndarray  # int64 (n, len(PARTS)): the cost parts, summing to Matching.cost
    # Per opportunity position, the next alternatives: cheapest candidate edges not proposed there.
    alt_vol: np.ndarray  # int32 (n_opp, n_alt), -1 where there is none
    alt_cost: np.ndarray  # int64 (n_opp, n_alt)
    alt_parts: np.ndarray  # int64 (n_opp, n_alt, len(PARTS))
    alt_lost: np.ndarray  # int8 (n_opp, n_alt), index into LOST
    # Per volunteer position: index into types.REASONS (0 = matched).
    reason: np.ndarray  # int8
    seconds: float = 0.0

    def proposal(self, i: int, matching: Matching) -> dict[str, Any]:
        """Row i as plain Python: what a page needs to say why."""
        o = int(matching.opp[i])
        km = float(self.distance_km[i])
        return {
            "volunteer": int(matching.vol[i]),
            "opportunity": o,
            "distance_km": None if np.isnan(km) else round(km, 1),
            "skills_matched": _bit_list(int(self.skills_matched[i])),
            "availability_overlap": _bit_list(int(self.availability_overlap[i])),
            "vetting_valid_until": None if self.vetting_valid_until[i] < 0 else int(self.vetting_valid_until[i]),
            "cost": int(matching.cost[i]),
            "cost_parts": dict(zip(PARTS, map(int, self.parts[i]), strict=True)),
            "alternatives": self.alternatives(o),
        }

    def alternatives(self, o: int) -> list[dict[str, Any]]:
        return [
            {
                "volunteer": int(self.alt_vol[o, a]),
                "cost": int(self.alt_cost[o, a]),
                "cost_parts": dict(zip(PARTS, map(int, self.alt_parts[o, a]), strict=True)),
                "lost_because": LOST[self.alt_lost[o, a]],
            }
            for a in range(self.alt_vol.shape[1])
            if self.alt_vol[o, a] >= 0
        ]

    def reason_counts(self) -> dict[str, int]:
        counts = np.bincount(self.reason, minlength=len(REASONS))
        return {name: int(counts[i]) for i, name in enumerate(REASONS) if name != "matched"}


def _bit_list(mask: int) -> list[int]:
    return [b for b in range(mask.bit_length()) if mask >> b & 1]


def unmatched_reasons(vols: Volunteers, cands: Candidates, matching: Matching) -> np.ndarray:
    """int8 code per volunteer (types.REASONS): matched, or the first hard filter that left them nothing."""
    n = len(vols)
    reason = np.full(n, REASON_CODE["all_places_taken"], np.int8)
    empty = cands.reach == 0
    first_empty = np.argmax(empty, axis=1)
    no_edge = np.bincount(cands.edges.vol, minlength=n) == 0
    filtered = no_edge & empty.any(axis=1)
    reason[filtered] = REASON_CODE["no_opportunity_in_range"] + first_empty[filtered]
    reason[vols.capacity <= 0] = REASON_CODE["at_capacity"]
    reason[np.bincount(matching.vol, minlength=n) > 0] = REASON_CODE["matched"]
    return reason


def _alternatives(cands: Candidates, matching: Matching, n_opp: int, n_alt: int) -> tuple[np.ndarray, np.ndarray]:
    """(alt edge positions (n_opp, n_alt) or -1, lost codes): each opportunity's cheapest unproposed edges."""
    e = cands.edges
    out = np.full((n_opp, n_alt), -1, np.int64)
    if len(e) == 0 or n_alt == 0:
        return out, np.zeros((n_opp, n_alt), np.int8)
    pos_bits = max(int(len(e) - 1).bit_length(), 1)
    if int(e.cost.max()).bit_length() + pos_bits > 62 or e.cost.min() < 0:
        raise ValueError("edge costs too large to rank")
    key = (e.cost << pos_bits) | np.arange(len(e), dtype=np.int64)
    live = np.ones(len(e), bool)
    live[matching.edge] = False
    idx = np.flatnonzero(live)
    none = np.iinfo(np.int64).max
    for a in range(n_alt):
        best = np.full(n_opp, none, np.int64)
        np.minimum.at(best, e.opp[idx], key[idx])
        has = best != none
        out[has, a] = best[has] & ((1 << pos_bits) - 1)
        live[out[has, a]] = False
        idx = idx[live[idx]]
    placed = np.bincount(matching.vol, minlength=int(e.vol.max()) + 1) > 0
    lost = np.where(out < 0, 0, np.where(placed[e.vol[np.maximum(out, 0)]], 1, 2)).astype(np.int8)
    return out, lost


def explain(
    vols: Volunteers,
    opps: Opportunities,
    cands: Candidates,
    matching: Matching,
    weights: Weights | None = None,
    n_alternatives: int = 2,
) -> Explanation:
    """The reasons for every proposal, the next `n_alternatives` for every opportunity, and unmatched reasons."""
    import time

    started = time.perf_counter()
    weights = weights or Weights()
    e = cands.edges
    v, o, idx = matching.vol, matching.opp, matching.edge
    remote = opps.remote[o]
    slots = opps.slots[o]
    alt_edge, lost = _alternatives(cands, matching, len(opps), n_alternatives)
    flat = alt_edge.ravel()
    has = flat >= 0
    alt_parts = np.zeros((len(flat), len(PARTS)), np.int64)
    if has.any():
        f = flat[has]
        alt_parts[has] = cost_parts(vols, opps, e.vol[f], e.opp[f], e.dist_m[f], weights).T
    alt_vol = np.where(alt_edge >= 0, e.vol[np.maximum(alt_edge, 0)] if len(e) else -1, -1).astype(np.int32)
    alt_cost = np.where(alt_edge >= 0, e.cost[np.maximum(alt_edge, 0)] if len(e) else 0, 0).astype(np.int64)
    return Explanation(
        distance_km=np.where(remote, np.nan, e.dist_m[idx] / 1000.0).astype(np.float32),
        skills_matched=vols.skills[v] & (opps.required_skills[o] | opps.desirable_skills[o]),
        availability_overlap=vols.availability[v] & np.where(slots == 0, ALL_WEEK, slots),
        vetting_valid_until=np.where(opps.min_vetting_rank[o] > 0, vols.vetting_valid_until[v], -1).astype(np.int32),
        parts=cost_parts(vols, opps, v, o, e.dist_m[idx], weights).T.reshape(len(idx), len(PARTS)),
        alt_vol=alt_vol,
        alt_cost=alt_cost,
        alt_parts=alt_parts.reshape(len(opps), n_alternatives, len(PARTS)),
        alt_lost=lost,
        reason=unmatched_reasons(vols, cands, matching),
        seconds=time.perf_counter() - started,
    )
