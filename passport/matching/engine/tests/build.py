"""Small hand-built pools for the engine's tests: positions in kilometres, every soft cost off by default.

With these defaults an edge costs exactly its distance in points (100 per km), so expected optima can be worked
out by hand.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from passport.matching.engine import Opportunities, Volunteers, Weights

ALL_WEEK = (1 << 21) - 1
SHIFT_DAY = 20_000

VOLUNTEER = {
    "at": (0.0, 0.0),
    "max_travel_km": 10.0,
    "remote_only": False,
    "remote_ok": True,
    "skills": 0,
    "causes": 0,
    "availability": ALL_WEEK,
    "languages": 0,
    "vetting_rank": 0,
    "vetting_valid_until": 0,
    "age": 30,
    "streams": 0,
    "capacity": 1,
    "days_since_offered": 10_000,
}
OPPORTUNITY = {
    "at": (0.0, 0.0),  # None: remote
    "places": 1,
    "required_skills": 0,
    "desirable_skills": 0,
    "causes": 0,
    "languages": 0,
    "slots": 0,
    "min_vetting_rank": 0,
    "min_age": 16,
    "stream": 0,
    "shift_day": SHIFT_DAY,
    "small_org": True,
    "days_open_unfilled": 60,
}
# Tiles 100 km across; put everyone well inside the grid so no position is negative.
ORIGIN_M = 300_000.0


def _xy(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    east = [np.nan if r["at"] is None else ORIGIN_M + r["at"][0] * 1000 for r in rows]
    north = [np.nan if r["at"] is None else ORIGIN_M + r["at"][1] * 1000 for r in rows]
    return np.array(east, dtype=np.float64), np.array(north, dtype=np.float64)


def volunteers(*specs: dict[str, Any]) -> Volunteers:
    rows = [{**VOLUNTEER, **s} for s in specs]
    east, north = _xy(rows)
    col = lambda name, dtype: np.array([r[name] for r in rows], dtype=dtype)  # noqa: E731
    return Volunteers(
        id=np.arange(len(rows)) + 100, easting=east, northing=north,
        max_travel_m=col("max_travel_km", np.float64) * 1000, remote_only=col("remote_only", bool),
        remote_ok=col("remote_ok", bool), skills=col("skills", np.uint64), causes=col("causes", np.uint64),
        availability=col("availability", np.uint32), languages=col("languages", np.uint64),
        vetting_rank=col("vetting_rank", np.int8), vetting_valid_until=col("vetting_valid_until", np.int32),
        age=col("age", np.int16), streams=col("streams", np.uint8), capacity=col("capacity", np.int32),
        days_since_offered=col("days_since_offered", np.int32),
    )


def opportunities(*specs: dict[str, Any]) -> Opportunities:
    rows = [{**OPPORTUNITY, **s} for s in specs]
    east, north = _xy(rows)
    col = lambda name, dtype: np.array([r[name] for r in rows], dtype=dtype)  # noqa: E731
    return Opportunities(
        id=np.arange(len(rows)) + 500, easting=east, northing=north,
        remote=np.array([r["at"] is None for r in rows], dtype=bool), places_left=col("places", np.int32),
        required_skills=col("required_skills", np.uint64), desirable_skills=col("desirable_skills", np.uint64),
        causes=col("causes", np.uint64), languages=col("languages", np.uint64), slots=col("slots", np.uint32),
        min_vetting_rank=col("min_vetting_rank", np.int8), min_age=col("min_age", np.int16),
        stream=col("stream", np.uint8), shift_day=col("shift_day", np.int32), small_org=col("small_org", bool),
        days_open_unfilled=col("days_open_unfilled", np.int32),
    )


def pairs(result) -> set[tuple[int, int]]:
    """(volunteer position, opportunity position) of every proposal."""
    return set(zip(result.vol.tolist(), result.opp.tolist(), strict=True))


NO_BONUS = Weights(coverage_bonus=0)
