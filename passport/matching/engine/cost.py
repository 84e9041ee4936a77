"""Integer costs of pairing a volunteer with an opportunity.

Every part is a non-negative penalty in "points"; with the default weights 100 points are one kilometre of
travel, so every weight reads as a distance a volunteer would travel to get the better match. A proposal's cost
is the sum of its parts. The coverage bonus is not an edge cost: the flow gives each opportunity's first place
its own, cheaper arc (solve.py), so spreading volunteers so that more opportunities get one wins ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passport.matching.engine.types import Opportunities, Volunteers

PARTS = ("distance", "skills", "interest", "language", "rotation", "fairness")


@dataclass(frozen=True)
class Weights:
    """Cost weights; every value is in points, 100 points = 1 km with the defaults."""

    # Distance: points per kilometre travelled, straight line.
    per_km: int = 100
    # A remote opportunity costs as much as this much travel, so a local place is preferred when both fit.
    remote: int = 300
    # Skill fit: each desirable skill of the opportunity the volunteer lacks (required skills are hard).
    desirable_skill_missing: int = 200
    # Interest: the opportunity's cause is not among the volunteer's causes (no cost when it has none).
    cause_mismatch: int = 400
    # Language: the role works in languages the volunteer speaks none of (no cost when it names none).
    language_mismatch: int = 500
    # Rotation: up to this much for a volunteer offered something today, falling linearly to 0 for one
    # who has waited `rotation_days` or more, so those waiting longest come first.
    rotation: int = 800
    rotation_days: int = 90
    # Fairness: an opportunity of a large organisation costs this much more than a small organisation's...
    large_org: int = 150
    # ...and one just posted costs up to this much more than one that has gone `unfilled_days` unfilled.
    unfilled: int = 300
    unfilled_days: int = 60
    # Coverage: the first place of each opportunity is this much cheaper than its other places (solve.py).
    coverage_bonus: int = 2_500

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if value < 0:
                raise ValueError(f"Weights.{name} must not be negative")
        if self.rotation_days <= 0 or self.unfilled_days <= 0:
            raise ValueError("Weights.rotation_days and unfilled_days must be positive")


def _ramp(days: np.ndarray, weight: int, horizon: int) -> np.ndarray:
    """weight for 0 days, falling linearly to 0 at `horizon` days or more."""
    d = np.clip(days.astype(np.int64), 0, horizon)
    return (weight * (horizon - d)) // horizon


def cost_parts(
    vols: Volunteers, opps: Opportunities, v: np.ndarray, o: np.ndarray, dist_m: np.ndarray, weights: Weights
) -> np.ndarray:
    """The parts of each pair's cost, shape (len(PARTS), *broadcast shape), int64.

    `v` and `o` are positions (broadcastable against each other, e.g. (n, 1) and (n, k)); `dist_m` is the
    straight-line distance in metres (ignored for remote opportunities).
    """
    remote = opps.remote[o]
    distance = np.where(remote, weights.remote, np.rint(dist_m * (weights.per_km / 1000.0)).astype(np.int64))
    missing = np.bitwise_count(opps.desirable_skills[o] & ~vols.skills[v]).astype(np.int64)
    skills = missing * weights.desirable_skill_missing
    opp_causes = opps.causes[o]
    interest = np.where((opp_causes != 0) & ((opp_causes & vols.causes[v]) == 0), weights.cause_mismatch, 0)
    opp_lang = opps.languages[o]
    language = np.where((opp_lang != 0) & ((opp_lang & vols.languages[v]) == 0), weights.language_mismatch, 0)
    rotation = _ramp(vols.days_since_offered[v], weights.rotation, weights.rotation_days)
    fairness = np.where(opps.small_org[o], 0, weights.large_org) + _ramp(
        opps.days_open_unfilled[o], weights.unfilled, weights.unfilled_days
    )
    shape = np.broadcast_shapes(np.shape(v), np.shape(o))
    return np.stack([np.broadcast_to(p, shape) for p in (distance, skills, interest, language, rotation, fairness)])


def total_cost(
    vols: Volunteers, opps: Opportunities, v: np.ndarray, o: np.ndarray, dist_m: np.ndarray, weights: Weights
) -> np.ndarray:
    """The sum of cost_parts, computed without materialising the parts."""
    remote = opps.remote[o]
    cost = np.where(remote, weights.remote, np.rint(dist_m * (weights.per_km / 1000.0)).astype(np.int64))
    if weights.desirable_skill_missing:
        cost = cost + np.bitwise_count(opps.desirable_skills[o] & ~vols.skills[v]) * np.int64(
            weights.desirable_skill_missing
        )
    if weights.cause_mismatch:
        oc = opps.causes[o]
        cost = cost + np.where((oc != 0) & ((oc & vols.causes[v]) == 0), weights.cause_mismatch, 0)
    if weights.language_mismatch:
        ol = opps.languages[o]
        cost = cost + np.where((ol != 0) & ((ol & vols.languages[v]) == 0), weights.language_mismatch, 0)
    if weights.rotation:
        cost = cost + _ramp(vols.days_since_offered[v], weights.rotation, weights.rotation_days)
    cost = cost + np.where(opps.small_org[o], 0, weights.large_org)
    if weights.unfilled:
        cost = cost + _ramp(opps.days_open_unfilled[o], weights.unfilled, weights.unfilled_days)
    return cost

