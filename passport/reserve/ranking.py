"""Who to alert next and how many: plain numpy and scipy, no Django, so it is quick to test and to time.

Wave size: the fewest extra alerts n for which, with `pending` people alerted and not yet answering, the chance
that at least `remaining` of the `pending + n` accept is at least `confidence`, each accepting independently with
probability p (a binomial tail). At p = 0.25 a need of 10 with nobody pending asks for a wave of about 60.

Order: estimated travel time, not straight-line distance. The road distance is taken as ROAD_FACTOR times the
straight line, covered at the speed of the volunteer's way of travelling (docs/reserve.md gives the sources).
"""

import math

import numpy as np
from scipy.stats import binom

PRIOR_WEIGHT = 10  # the prior counts as this many replies, so the first few replies do not swing it wildly
MIN_RATE = 0.02
RECENT_DAYS = 30.0
ROTATION_WEIGHT = 0.5
SAVE_SKILLED_WEIGHT = 0.25

# Road distance over straight-line distance. Measured networks give about 1.2 in towns (Newell 1980; O'Sullivan
# 1996: 1.21 to 1.23 around stations); short and rural trips wind more, so we take a little more.
ROAD_FACTOR = 1.3
# Door-to-door speeds in km/h by way of travelling (travel modes in reserve.models.TravelMode): driving at the
# DfT's average on local 'A' roads (24.9 mph, 2018), cycling and walking at the 16 and 4.8 km/h used in
# accessibility studies (and the DfT's journey time statistics: 9.9 and 2.9 mph); public transport is our own
# assumption. Driving must stay the fastest: the wave search relies on nobody beating a driver's time.
SPEED_KMH = {"drive": 40.0, "public": 15.0, "cycle": 16.0, "walk": 4.8}
FASTEST_KMH = max(SPEED_KMH.values())


def travel_minutes(distance_m: np.ndarray, speed_kmh: np.ndarray) -> np.ndarray:
    """Estimated minutes to travel a straight-line distance by road at the given speeds."""
    return np.asarray(distance_m, dtype=float) * ROAD_FACTOR / (np.asarray(speed_kmh, dtype=float) * 1000 / 60)


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
         centre: tuple[int, int], radius_m: int, skilled_need: bool,
         speed_kmh: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Indices of members within the radius, best first, and every member's distance in metres, estimated travel
    minutes and score (lower is better).

    The quickest to arrive counts most: travel time as a share of a driver's time from the edge of the radius, so
    a driver's score starts at distance ÷ radius and nobody's is lower than that. Someone called in the last month
    moves down (rotation: least recently called first); for a need with no skill asked, people holding a skill
    another role needs move down, so they stay free for it. `days_since_called` is NaN for someone never called;
    without `speed_kmh` everyone drives.
    """
    distance = np.hypot(easting - centre[0], northing - centre[1])
    speed = np.full(len(distance), FASTEST_KMH) if speed_kmh is None else speed_kmh
    minutes = travel_minutes(distance, speed)
    edge_minutes = float(travel_minutes(np.array([max(radius_m, 1)]), np.array([FASTEST_KMH]))[0])
    recency = np.where(np.isnan(days_since_called), 0.0,
                       np.clip(1.0 - np.nan_to_num(days_since_called) / RECENT_DAYS, 0.0, 1.0))
    score = minutes / edge_minutes + ROTATION_WEIGHT * recency
    if not skilled_need:
        score = score + SAVE_SKILLED_WEIGHT * holds_needed_skill
    inside = np.flatnonzero(distance <= radius_m)
    return inside[np.argsort(score[inside], kind="stable")], distance, minutes, score
