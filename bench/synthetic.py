"""A seeded, UK-sized synthetic instance for the matching benchmark: arrays only, no database.

Where people are: real English postcodes (ONS Postcode Directory, local authority codes starting "E") sampled
uniformly, so density follows where people live (a postcode covers about 15 households wherever it is). When
the postcode package is not installed, points are drawn around the 60 towns below instead, in proportion to
their populations.

What they are like: the proportions below are our assumptions for a national volunteering service, chosen to
be plausible, not measured; skill popularity follows a Zipf-like curve so a few skills (driving, first aid)
are common and most are rare, for volunteers and for what opportunities require alike.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from passport.matching.engine.types import Opportunities, Volunteers

TODAY = 20_600  # days since 1970-01-01 (2026-05-27): a fixed "today" so the instance never depends on the date
N_SKILLS = 46  # passport.core.taxonomy.SKILLS
N_CAUSES = 20
N_LANGUAGES = 20

# Built-up areas of England, approximate centre (BNG easting, northing in metres) and population, rounded.
# Source: ONS Census 2021 built-up area populations (and mid-2021 local authority estimates for cities whose
# built-up area is not published separately); centres read off OS grid references. Only used when the
# postcode directory is missing.
TOWNS: list[tuple[str, int, int, int]] = [
    ("London", 530_000, 180_000, 8_800_000), ("Birmingham", 407_000, 287_000, 1_145_000),
    ("Leeds", 430_000, 433_000, 812_000), ("Sheffield", 435_000, 387_000, 556_000),
    ("Manchester", 384_000, 398_000, 552_000), ("Liverpool", 335_000, 390_000, 487_000),
    ("Bristol", 359_000, 173_000, 472_000), ("Leicester", 458_000, 304_000, 368_000),
    ("Coventry", 433_000, 279_000, 345_000), ("Bradford", 416_000, 433_000, 546_000),
    ("Nottingham", 457_000, 340_000, 324_000), ("Newcastle upon Tyne", 425_000, 564_000, 300_000),
    ("Kingston upon Hull", 509_000, 429_000, 268_000), ("Stoke-on-Trent", 388_000, 347_000, 258_000),
    ("Plymouth", 248_000, 55_000, 265_000), ("Southampton", 442_000, 112_000, 249_000),
    ("Reading", 471_000, 173_000, 174_000), ("Derby", 435_000, 336_000, 261_000),
    ("Wolverhampton", 391_000, 298_000, 264_000), ("Milton Keynes", 485_000, 238_000, 287_000),
    ("Sunderland", 439_000, 557_000, 274_000), ("Brighton", 531_000, 105_000, 277_000),
    ("Norwich", 623_000, 308_000, 144_000), ("Portsmouth", 465_000, 101_000, 208_000),
    ("Northampton", 475_000, 260_000, 225_000), ("Luton", 509_000, 221_000, 225_000),
    ("Bournemouth", 408_000, 91_000, 400_000), ("Swindon", 415_000, 184_000, 233_000),
    ("Southend-on-Sea", 588_000, 186_000, 181_000), ("Peterborough", 519_000, 298_000, 216_000),
    ("York", 460_000, 452_000, 203_000), ("Ipswich", 616_000, 244_000, 140_000),
    ("Oxford", 451_000, 206_000, 162_000), ("Cambridge", 545_000, 258_000, 146_000),
    ("Exeter", 292_000, 92_000, 131_000), ("Gloucester", 383_000, 218_000, 132_000),
    ("Preston", 354_000, 429_000, 148_000), ("Blackpool", 331_000, 436_000, 141_000),
    ("Middlesbrough", 449_000, 520_000, 144_000), ("Huddersfield", 414_000, 416_000, 141_000),
    ("Bolton", 371_000, 409_000, 196_000), ("Stockport", 389_000, 390_000, 294_000),
    ("Doncaster", 457_000, 403_000, 308_000), ("Chelmsford", 571_000, 207_000, 181_000),
    ("Colchester", 599_000, 225_000, 130_000), ("Lincoln", 497_000, 371_000, 104_000),
    ("Carlisle", 340_000, 556_000, 75_000), ("Worcester", 385_000, 255_000, 103_000),
    ("Cheltenham", 395_000, 222_000, 118_000), ("Bath", 375_000, 165_000, 94_000),
    ("Canterbury", 615_000, 158_000, 55_000), ("Maidstone", 576_000, 155_000, 113_000),
    ("Basingstoke", 463_000, 152_000, 113_000), ("Guildford", 499_000, 150_000, 77_000),
    ("Crawley", 527_000, 136_000, 120_000), ("Telford", 370_000, 309_000, 142_000),
    ("Shrewsbury", 349_000, 312_000, 76_000), ("Hereford", 351_000, 240_000, 61_000),
    ("Lancaster", 348_000, 461_000, 52_000), ("Truro", 182_000, 44_000, 21_000),
]


@lru_cache(maxsize=1)
def english_postcodes() -> tuple[np.ndarray, np.ndarray, str]:
    """(easting, northing, source) of every English postcode, or of town-weighted points when unavailable."""
    try:
        from passport.core import geo

        rows = [(e, n) for _pc, e, n, la in geo.all_postcodes() if la.startswith("E")]
    except Exception:  # the postcode package is optional for the engine: fall back to the towns
        rows = []
    if rows:
        xy = np.asarray(rows, dtype=np.float64)
        return xy[:, 0], xy[:, 1], f"{len(rows):,} English postcodes (ONS Postcode Directory)"
    return np.empty(0), np.empty(0), "towns"


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    east, north, source = english_postcodes()
    if source != "towns":
        i = rng.integers(0, len(east), n)
        return east[i], north[i]
    pop = np.array([t[3] for t in TOWNS], dtype=np.float64)
    town = rng.choice(len(TOWNS), n, p=pop / pop.sum())
    centre = np.array([(t[1], t[2]) for t in TOWNS], dtype=np.float64)[town]
    spread = 2_000 + 6_000 * np.sqrt(pop[town] / pop.max())  # bigger towns sprawl further
    return (centre[:, 0] + rng.normal(0, 1, n) * spread, centre[:, 1] + rng.normal(0, 1, n) * spread)


def _zipf(n_items: int, s: float = 0.9) -> np.ndarray:
    p = 1.0 / np.arange(1, n_items + 1) ** s
    return p / p.sum()


def _bitsets(rng, n, n_items, counts, counts_p, s=0.9) -> np.ndarray:
    """n uint64 bitsets, each with up to `counts` bits drawn from a Zipf-like popularity."""
    k = rng.choice(counts, n, p=counts_p)
    draws = rng.choice(n_items, (n, max(counts)), p=_zipf(n_items, s))
    bits = np.left_shift(np.uint64(1), draws.astype(np.uint64))
    bits[np.arange(max(counts)) >= k[:, None]] = 0
    return np.bitwise_or.reduce(bits, axis=1)


def _week(rng, n, scale: float) -> np.ndarray:
    """uint32 week grids; weekday daytime less likely than evenings, weekends most likely."""
    day = np.repeat(np.arange(7), 3)
    part = np.tile(np.arange(3), 7)
    p = np.where(day >= 5, 0.45, np.where(part == 2, 0.35, 0.22)) * scale
    on = rng.random((n, 21)) < p
    return (on * (1 << np.arange(21))).sum(1).astype(np.uint32)


def volunteers(n: int, seed: int = 1) -> Volunteers:
    rng = np.random.default_rng([seed, 1])
    east, north = _places(rng, n)
    unplaced = rng.random(n) < 0.005
    east[unplaced] = np.nan
    north[unplaced] = np.nan
    rank = rng.choice(5, n, p=[0.35, 0.15, 0.15, 0.25, 0.10]).astype(np.int8)
    valid = np.where(rank > 0, TODAY + rng.integers(-120, 1100, n), 0)
    streams = ((rng.random(n) < 0.25) * 1 + (rng.random(n) < 0.5) * 2 + (rng.random(n) < 0.12) * 4)
    never = rng.random(n) < 0.3
    waited = np.where(never, 10_000, rng.exponential(45, n).astype(np.int64))
    second_language = np.where(rng.random(n) < 0.15, _bitsets(rng, n, N_LANGUAGES - 1, [1], [1.0]) << 1, 0)
    return Volunteers(
        id=np.arange(1, n + 1),
        easting=east,
        northing=north,
        max_travel_m=rng.choice([3_000, 5_000, 8_000, 16_000, 25_000, 40_000], n,
                                p=[0.10, 0.20, 0.25, 0.30, 0.10, 0.05]),
        remote_only=rng.random(n) < 0.02,
        remote_ok=rng.random(n) < 0.6,
        skills=_bitsets(rng, n, N_SKILLS, [0, 1, 2, 3, 4, 5, 6], [0.1, 0.2, 0.25, 0.2, 0.12, 0.08, 0.05]),
        causes=_bitsets(rng, n, N_CAUSES, [1, 2, 3], [0.4, 0.4, 0.2], s=0.5),
        availability=_week(rng, n, 1.0),
        languages=np.uint64(1) | second_language.astype(np.uint64),
        vetting_rank=rank,
        vetting_valid_until=valid,
        age=np.clip(rng.normal(45, 17, n), 16, 90).astype(np.int16),
        streams=streams.astype(np.uint8),
        capacity=np.where(rng.random(n) < 0.05, 2, 1),
        days_since_offered=waited,
    )


def opportunities(n: int, seed: int = 1) -> Opportunities:
    rng = np.random.default_rng([seed, 2])
    east, north = _places(rng, n)
    remote = rng.random(n) < 0.04
    east[remote] = np.nan
    north[remote] = np.nan
    language = np.where(rng.random(n) < 0.1, _bitsets(rng, n, N_LANGUAGES - 1, [1], [1.0]) << 1, 0)
    # A fifth are flexible (0, as the product stores them); a weekly pattern that draws no slot is flexible too.
    slots = np.where(rng.random(n) < 0.2, 0, _week(rng, n, 0.3))
    return Opportunities(
        id=np.arange(1, n + 1),
        easting=east,
        northing=north,
        remote=remote,
        places_left=rng.choice([1, 2, 3, 4, 5, 8, 10], n, p=[0.5, 0.2, 0.12, 0.06, 0.06, 0.04, 0.02]),
        required_skills=_bitsets(rng, n, N_SKILLS, [0, 1, 2], [0.6, 0.3, 0.1]),
        desirable_skills=_bitsets(rng, n, N_SKILLS, [0, 1, 2, 3], [0.3, 0.3, 0.25, 0.15]),
        causes=_bitsets(rng, n, N_CAUSES, [1], [1.0], s=0.5),
        languages=language.astype(np.uint64),
        slots=slots,
        min_vetting_rank=rng.choice(5, n, p=[0.5, 0.1, 0.12, 0.2, 0.08]),
        min_age=rng.choice([16, 18, 21], n, p=[0.65, 0.3, 0.05]),
        stream=rng.choice(4, n, p=[0.7, 0.08, 0.17, 0.05]),
        shift_day=TODAY + rng.integers(0, 60, n),
        small_org=rng.random(n) < 0.45,
        days_open_unfilled=rng.exponential(20, n).astype(np.int32),
    )


def instance(n_volunteers: int, n_opportunities: int, seed: int = 1) -> tuple[Volunteers, Opportunities]:
    """The same arrays for the same sizes and seed."""
    return volunteers(n_volunteers, seed), opportunities(n_opportunities, seed)


def source() -> str:
    return english_postcodes()[2]
