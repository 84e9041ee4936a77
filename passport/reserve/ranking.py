"""Who to alert next and how many: plain numpy and scipy, no Django, so it is quick to test and to time.

Wave size: the fewest extra alerts n for which, with `pending` people alerted and not yet answering, the chance
that at least `remaining` of the `pending + n` accept is at least `confidence`, each accepting independently with
probability p (a binomial tail). At p = 0.25 a need of 10 with nobody pending asks for a wave of about 60.
"""

import math

import numpy as np
from scipy.stats import binom

PRIOR_WEIGHT = 10  # the prior counts as this many replies, so the first few replies do not swing it wildly
MIN_RATE = 0.02
RECENT_DAYS = 30.0
ROTATION_WEIGHT = 0.5
SAVE_SKILLED_WEIGHT = 0.25


def acceptance_rate(*, accepted: int, replied: int, prior: float) -> float:
    """The acceptance rate seen so far, pulled towards the prior while there are few replies."""
    rate = (accepted + prior * PRIOR_WEIGHT) / (replied + PRIOR_WEIGHT)
    return min(max(rate, MIN_RATE), 1.0)


def wave_size(*, remaining: int, pending: int, rate: float, confidence: float) -> int:
    """How many more people to alert so the remaining need fills with the given confidence."""
    if remaining <= 0:
        return 0
    if rate >= 1.0:
        return max(remaining - pending, 0)
    upper = pending + math.ceil(remaining / rate * 3) + 50
    totals = np.arange(remaining, upper + 1)
    # sf(k - 1) is P(X >= k); vectorised over every total we might alert.
    enough = binom.sf(remaining - 1, totals, rate) >= confidence
    total = int(totals[np.argmax(enough)]) if enough.any() else upper
    return max(total - pending, 0)


def rank(*, easting: np.ndarray, northing: np.ndarray, days_since_called: np.ndarray, holds_needed_skill: np.ndarray,
         centre: tuple[int, int], radius_m: int, skilled_need: bool) -> tuple[np.ndarray, np.ndarray]:
    """Indices of members within the radius, best first, and every member's distance in metres.

    Nearest counts most; someone called in the last month moves down (rotation: least recently called first);
    for a need with no skill asked, people holding a skill another role needs move down, so they stay free for it.
    `days_since_called` is NaN for someone never called.
    """
    distance = np.hypot(easting - centre[0], northing - centre[1])
    recency = np.where(np.isnan(days_since_called), 0.0,
                       np.clip(1.0 - np.nan_to_num(days_since_called) / RECENT_DAYS, 0.0, 1.0))
    score = distance / max(radius_m, 1) + ROTATION_WEIGHT * recency
    if not skilled_need:
        score = score + SAVE_SKILLED_WEIGHT * holds_needed_skill
    inside = np.flatnonzero(distance <= radius_m)
    return inside[np.argsort(score[inside], kind="stable")], distance
