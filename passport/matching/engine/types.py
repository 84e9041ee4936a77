"""The engine's inputs and outputs: plain dataclasses of numpy arrays, one element per volunteer or opportunity.

The Django side builds these in bulk (values lists, never model instances) and maps indices back to rows.
Every field is coerced to a fixed dtype on construction so the vectorised code never meets a Python object.
Optional fields left as None get their documented default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

# Vetting ranks, in increasing order of what a check covers (passport.core.choices.DbsLevel).
VETTING_NONE, VETTING_BASIC, VETTING_STANDARD, VETTING_ENHANCED, VETTING_ENHANCED_BARRED = range(5)

# Opportunity stream codes; a volunteer's `streams` bitset has bit (code - 1) for each stream they consented to.
# "general" needs no consent.
STREAM_GENERAL, STREAM_RESERVE, STREAM_COMMUNITY, STREAM_PUBLIC_SERVICE = range(4)
STREAM_NAMES = ("general", "reserve", "community", "public_service")

# The weekly grid: bit = day * 3 + part (Monday morning = bit 0), as passport.core.taxonomy.SLOTS.
WEEK_BITS = 21

# Why a volunteer was left unmatched. From no_opportunity_in_range to stream, the order is the order candidate
# generation applies the hard filters; at_capacity is a volunteer with no places left to take this round;
# all_places_taken is one who had candidates but every place went to someone else. A volunteer who could travel
# is judged on the local opportunities they examined; remote ones reach them from the opportunity's side and
# are not counted, so "no_opportunity_in_range" can mean "none in range, and no remote one picked them".
REASONS = (
    "matched",
    "no_opportunity_in_range",
    "skills",
    "vetting",
    "availability",
    "age",
    "stream",
    "at_capacity",
    "all_places_taken",
)
REASON_CODE = {name: i for i, name in enumerate(REASONS)}


def _coerce(obj: Any, spec: dict[str, tuple[np.dtype | type, Any]], n: int) -> None:
    for name, (dtype, default) in spec.items():
        value = getattr(obj, name)
        if value is None:
            value = np.full(n, default, dtype=dtype)
        else:
            value = np.asarray(value)
            if value.dtype != dtype:
                value = value.astype(dtype)
            value = np.ascontiguousarray(value)
        if value.shape != (n,):
            raise ValueError(f"{type(obj).__name__}.{name} has shape {value.shape}, expected ({n},)")
        setattr(obj, name, value)


def _location(east: Any, north: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Float metres, NaN where there is no location (NaN or a negative grid reference)."""
    e = np.full(n, np.nan) if east is None else np.asarray(east, dtype=np.float64).copy()
    nn = np.full(n, np.nan) if north is None else np.asarray(north, dtype=np.float64).copy()
    missing = ~(np.isfinite(e) & np.isfinite(nn)) | (e < 0) | (nn < 0)
    e[missing] = np.nan
    nn[missing] = np.nan
    return e, nn


@dataclass
class Volunteers:
    """The pool. `id` is the caller's key; the engine works on positions 0..n-1."""

    id: Any
    easting: Any = None  # BNG metres; NaN or -1 = no location (remote opportunities only)
    northing: Any = None
    max_travel_m: Any = None  # default 16,093 m (10 miles)
    remote_only: Any = None  # wants remote opportunities only
    remote_ok: Any = None  # willing to take remote opportunities (default True)
    skills: Any = None  # uint64 bitset, bit = position in passport.core.taxonomy.SKILLS
    causes: Any = None  # uint64 bitset of causes they care about
    availability: Any = None  # uint32 week grid; 0 = gave none (only flexible opportunities fit)
    languages: Any = None  # uint64 bitset
    vetting_rank: Any = None  # int8, VETTING_* of their best check currently held
    vetting_valid_until: Any = None  # int32 days since 1970-01-01 that check is valid to
    age: Any = None  # int16 years
    streams: Any = None  # uint8 bitset of stream consents: bit (STREAM_* - 1)
    capacity: Any = None  # places they can take this round (default 1; 0 = none)
    days_since_offered: Any = None  # int32; large for never offered

    SPEC = {
        "id": (np.int64, 0),
        "max_travel_m": (np.float64, 16_093.0),
        "remote_only": (np.bool_, False),
        "remote_ok": (np.bool_, True),
        "skills": (np.uint64, 0),
        "causes": (np.uint64, 0),
        "availability": (np.uint32, 0),
        "languages": (np.uint64, 0),
        "vetting_rank": (np.int8, VETTING_NONE),
        "vetting_valid_until": (np.int32, 0),
        "age": (np.int16, 18),
        "streams": (np.uint8, 0),
        "capacity": (np.int32, 1),
        "days_since_offered": (np.int32, 10_000),
    }

    def __post_init__(self) -> None:
        self.id = np.asarray(self.id, dtype=np.int64)
        n = len(self.id)
        self.easting, self.northing = _location(self.easting, self.northing, n)
        _coerce(self, self.SPEC, n)
        np.maximum(self.capacity, 0, out=self.capacity)

    def __len__(self) -> int:
        return len(self.id)

    @property
    def located(self) -> np.ndarray:
        return np.isfinite(self.easting)

    def take(self, index: np.ndarray) -> Volunteers:
        """The subset at `index` (positions), as a new pool."""
        return Volunteers(**{f.name: getattr(self, f.name)[index] for f in fields(self)})


@dataclass
class Opportunities:
    """Demand. The array order is the posting order (first-come-nearest serves them in this order)."""

    id: Any
    easting: Any = None  # BNG metres; NaN when remote
    northing: Any = None
    remote: Any = None  # bool; also forced True where there is no location
    places_left: Any = None  # default 1; 0 = nothing to fill
    required_skills: Any = None  # uint64 bitset: the volunteer must have all of these
    desirable_skills: Any = None  # uint64 bitset: each one missing costs Weights.desirable_skill_missing
    causes: Any = None  # uint64 bitset (usually one bit: the opportunity's cause)
    languages: Any = None  # uint64 bitset of languages the role works in; 0 = no preference
    slots: Any = None  # uint32 week grid; 0 = flexible, fits anyone
    min_vetting_rank: Any = None  # int8 VETTING_*
    min_age: Any = None  # int16
    stream: Any = None  # uint8 STREAM_*
    shift_day: Any = None  # int32 days since epoch: the check must be valid on this day
    small_org: Any = None  # bool: the organisation is in the small size band
    days_open_unfilled: Any = None  # int32

    SPEC = {
        "id": (np.int64, 0),
        "remote": (np.bool_, False),
        "places_left": (np.int32, 1),
        "required_skills": (np.uint64, 0),
        "desirable_skills": (np.uint64, 0),
        "causes": (np.uint64, 0),
        "languages": (np.uint64, 0),
        "slots": (np.uint32, 0),
        "min_vetting_rank": (np.int8, VETTING_NONE),
        "min_age": (np.int16, 16),
        "stream": (np.uint8, STREAM_GENERAL),
        "shift_day": (np.int32, 0),
        "small_org": (np.bool_, False),
        "days_open_unfilled": (np.int32, 0),
    }

    def __post_init__(self) -> None:
        self.id = np.asarray(self.id, dtype=np.int64)
        n = len(self.id)
        self.easting, self.northing = _location(self.easting, self.northing, n)
        _coerce(self, self.SPEC, n)
        self.remote = self.remote | ~np.isfinite(self.easting)
        np.maximum(self.places_left, 0, out=self.places_left)
        if np.any(self.stream >= len(STREAM_NAMES)):
            raise ValueError("Opportunities.stream holds an unknown stream code")

    def __len__(self) -> int:
        return len(self.id)


@dataclass
class Edges:
    """Candidate pairs that pass every hard constraint: positions into Volunteers and Opportunities.

    `cost` is the total integer cost (see cost.py); the parts are recomputed on demand for the few edges
    that need explaining (cost.cost_parts), because storing six parts for tens of millions of edges would
    cost more memory than the rest of the engine.
    """

    vol: np.ndarray  # int32
    opp: np.ndarray  # int32
    cost: np.ndarray  # int64
    dist_m: np.ndarray  # int32 metres; 0 for remote opportunities

    @classmethod
    def empty(cls) -> Edges:
        return cls(
            np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32)
        )

    def __len__(self) -> int:
        return len(self.vol)

    def take(self, index: np.ndarray) -> Edges:
        return Edges(self.vol[index], self.opp[index], self.cost[index], self.dist_m[index])

    @classmethod
    def concat(cls, parts: list[Edges]) -> Edges:
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("vol", "opp", "cost", "dist_m")))


# Filter stages counted per volunteer during candidate generation (Candidates.reach).
STAGES = ("in_range", "skills", "vetting", "availability", "age", "stream")


@dataclass
class Candidates:
    edges: Edges
    # reach[i, s]: how many opportunities volunteer i still had after stage s (in_range, then each hard filter
    # in STAGES order), among those examined. The first zero column is why they have no candidate.
    reach: np.ndarray  # (n_volunteers, len(STAGES)) int32
    seconds: float = 0.0


@dataclass
class Matching:
    """A strategy's answer: one row per filled place."""

    strategy: str
    vol: np.ndarray  # int32 positions
    opp: np.ndarray  # int32 positions
    edge: np.ndarray  # int64 positions into Candidates.edges
    cost: np.ndarray  # int64 edge cost of each proposal
    n_volunteers: int
    n_opportunities: int
    fallback_reason: str = ""  # set when an optimal strategy failed or ran out of time and greedy answered
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, strategy: str, n_volunteers: int = 0, n_opportunities: int = 0, **kw: Any) -> Matching:
        z = np.zeros(0, np.int32)
        return cls(strategy, z, z.copy(), np.zeros(0, np.int64), np.zeros(0, np.int64),
                   n_volunteers, n_opportunities, **kw)

    def __len__(self) -> int:
        return len(self.vol)

    @property
    def total_cost(self) -> int:
        return int(self.cost.sum())
