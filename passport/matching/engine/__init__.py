"""The matching engine: arrays in, proposals out. Pure numpy, scipy and OR-Tools; it imports nothing of Django.

    from passport.matching.engine import Volunteers, Opportunities, generate_candidates, match, explain, summarise

    candidates = generate_candidates(volunteers, opportunities, weights, k=30)
    result = match(volunteers, opportunities, candidates, "optimal_regional", weights=weights, time_limit_s=60)
    why = explain(volunteers, opportunities, candidates, result, weights)
    figures = summarise(volunteers, opportunities, candidates, result)

Candidate generation -> optimisation -> explanation, as DESIGN.md describes; each module says how.
"""

from passport.matching.engine.candidates import generate_candidates
from passport.matching.engine.cost import PARTS, Weights
from passport.matching.engine.explain import Explanation, explain, unmatched_reasons
from passport.matching.engine.report import Summary, summarise
from passport.matching.engine.solve import STRATEGIES, match
from passport.matching.engine.types import (
    REASONS,
    STREAM_NAMES,
    Candidates,
    Edges,
    Matching,
    Opportunities,
    Volunteers,
)

__all__ = [
    "PARTS",
    "REASONS",
    "STRATEGIES",
    "STREAM_NAMES",
    "Candidates",
    "Edges",
    "Explanation",
    "Matching",
    "Opportunities",
    "Summary",
    "Volunteers",
    "Weights",
    "explain",
    "generate_candidates",
    "match",
    "summarise",
    "unmatched_reasons",
]
