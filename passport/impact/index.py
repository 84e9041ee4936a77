"""The social infrastructure index by local authority and LSOA, shown against deprivation. Method:
docs/impact.md ("Social infrastructure index").

Each indicator is turned into a percentile among areas of the same type for the same period (0 the lowest,
100 the highest; for response time, the quickest scores highest). A part is the mean of its indicators'
percentiles; the score is the mean of the three parts. Indicators that cannot be computed for an area (no
opportunities, so no fill rate) are left out of its mean rather than counted as zero.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import NamedTuple

import numpy as np
from django.db.models import Avg
from scipy.stats import rankdata

from passport.impact.models import Area, AreaType, Measure

INDEXED_TYPES = (AreaType.LA, AreaType.LSOA)
# "Left behind": among the most deprived fifth (IMD decile 1 or 2) and the weakest fifth by index score.
LEFT_BEHIND_MAX_DECILE = 2
LEFT_BEHIND_SCORE_SHARE = 0.2

PARTS = {
    "civic_assets": ("organisations_per_1000", "opportunities_per_1000"),
    "connectedness": ("volunteers_per_1000", "remote_share"),
    "active_community": ("hours_per_head", "fill_rate", "response_speed"),
}


def _percentiles(values: np.ndarray) -> np.ndarray:
    """0-100 percentile of each non-NaN value among the others (ties share their mean rank); NaN stays NaN."""
    out = np.full(values.shape, np.nan)
    known = ~np.isnan(values)
    n = int(known.sum())
    if n == 1:
        out[known] = 50.0
    elif n > 1:
        out[known] = (rankdata(values[known]) - 1) / (n - 1) * 100
    return out


def la_deciles() -> dict[str, int]:
    """Each local authority's IMD decile: LAs ranked by the mean IMD rank of their LSOAs (lower is more deprived),
    split into tenths."""
    means = [
        (code, mean) for code, mean in
        Area.objects.filter(type=AreaType.LA).annotate(mean=Avg("children__imd_rank")).values_list("code", "mean")
        if mean is not None
    ]
    means.sort(key=lambda item: (item[1], item[0]))
    n = len(means)
    return {code: math.ceil((position + 1) * 10 / n) for position, (code, _mean) in enumerate(means)}


def _indicators(cells, codes: list[str], period: str, populations: np.ndarray) -> dict[str, np.ndarray]:
    """Each indicator for every area at once (NaN where it cannot be computed)."""
    values = cells.values

    def column(measure: str, when: str = period) -> np.ndarray:
        measure = str(measure)
        return np.array([values.get((code, when, measure, "", ""), 0.0) for code in codes], dtype=np.float64)

    posted = column(Measure.OPPORTUNITIES_POSTED)
    has_posts = posted > 0
    safe_posted = np.where(has_posts, posted, 1.0)
    median = str(Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE)
    response = np.array([values.get((code, period, median, "", ""), math.nan) for code in codes], dtype=np.float64)
    per_1000 = 1000.0 / populations
    return {
        "organisations_per_1000": column(Measure.ORGANISATIONS, "all") * per_1000,
        "opportunities_per_1000": posted * per_1000,
        "volunteers_per_1000": column(Measure.VOLUNTEERS_REGISTERED, "all") * per_1000,
        "remote_share": np.where(has_posts, column("opportunities_remote") / safe_posted, np.nan),
        "hours_per_head": column(Measure.HOURS_CONFIRMED) / populations,
        "fill_rate": np.where(has_posts, column(Measure.OPPORTUNITIES_FILLED) / safe_posted, np.nan),
        "response_speed": -response,
    }


class Score(NamedTuple):
    """One area's index for one period, as IndexScore stores it (a plain tuple: there are 170,000 of them)."""

    area_id: str
    period: str
    civic_assets: float | None
    connectedness: float | None
    active_community: float | None
    score: float | None
    imd_decile: int | None
    left_behind: bool
    rank: int | None


def index_compute(cells, *, now: dt.datetime | None = None) -> list[Score]:
    """Index scores for every LA and LSOA with a population, for all time and each calendar year."""
    periods = sorted({key[1] for key in cells.values if key[1] == "all" or len(key[1]) == 4})
    if "all" not in periods:
        periods.append("all")
    deciles = la_deciles()
    scores: list[Score] = []
    for area_type in INDEXED_TYPES:
        areas = list(Area.objects.filter(type=area_type, population__gt=0).values_list(
            "code", "population", "imd_decile"))
        if not areas:
            continue
        codes = [code for code, _population, _decile in areas]
        populations = np.array([population for _code, population, _decile in areas], dtype=np.float64)
        for period in periods:
            indicators = _indicators(cells, codes, period, populations)
            parts = {
                part: _mean([_percentiles(indicators[name]) for name in names]) for part, names in PARTS.items()
            }
            score = _mean(list(parts.values()))
            known = ~np.isnan(score)
            # Equal scores share a rank (1, 2, 2, 4): with no data every area ties at 1 and none is left behind.
            ranks = rankdata(-np.where(known, np.round(score, 6), -np.inf), method="min").astype(int)
            cutoff = math.ceil(int(known.sum()) * (1 - LEFT_BEHIND_SCORE_SHARE))
            civic, connected, active, total = (_rounded_list(a) for a in (
                parts["civic_assets"], parts["connectedness"], parts["active_community"], score))
            known_list, rank_list = known.tolist(), ranks.tolist()
            for i, (code, _population, lsoa_decile) in enumerate(areas):
                decile = lsoa_decile if area_type == AreaType.LSOA else deciles.get(code)
                weak = known_list[i] and rank_list[i] > cutoff
                scores.append(Score(
                    area_id=code, period=period, civic_assets=civic[i], connectedness=connected[i],
                    active_community=active[i], score=total[i], imd_decile=decile,
                    left_behind=weak and decile is not None and decile <= LEFT_BEHIND_MAX_DECILE,
                    rank=rank_list[i] if known_list[i] else None,
                ))
    return scores


def _mean(columns: list[np.ndarray]) -> np.ndarray:
    """Mean across columns, ignoring NaN; NaN where every column is NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(np.array(columns), axis=0)


def _rounded_list(values: np.ndarray) -> list[float | None]:
    """Each value to one decimal place; None for NaN."""
    return [None if value != value else value for value in np.round(values, 1).tolist()]
