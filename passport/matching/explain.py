"""The engine's explanations and figures, turned into words and names for pages."""

import datetime as dt
from typing import Any

from passport.core.taxonomy import SKILLS, SLOTS
from passport.matching.engine import Candidates, Matching, explain, summarise
from passport.matching.loader import EPOCH, Pool

SKILL_LABELS = [label for _code, label in SKILLS]
SLOT_LABELS = [label for _code, label in SLOTS]
REASON_TEXT = {
    "no_opportunity_in_range": "No open opportunity within the distance they will travel",
    "skills": "Nothing nearby they have the required skills for",
    "vetting": "Nothing nearby their checks cover",
    "availability": "Nothing nearby at times they are free",
    "age": "Nothing nearby open to their age",
    "stream": "Nothing nearby in a stream they agreed to",
    "at_capacity": "Already offered as much as they can take",
    "all_places_taken": "Every place they fitted went to someone closer or waiting longer",
}
LOST_TEXT = {"placed_elsewhere": "was matched to another opportunity", "higher_cost": "was a less good fit"}


def _labels(bits: list[int], labels: list[str]) -> list[str]:
    return [labels[b] for b in bits if b < len(labels)]


def describe(row: dict[str, Any], remote: bool) -> dict[str, Any]:
    """One proposal from the engine (engine.Explanation.proposal), as stored on the offer."""
    until = row["vetting_valid_until"]
    return {
        "distance_km": row["distance_km"],
        "remote": remote,
        "skills": _labels(row["skills_matched"], SKILL_LABELS),
        "times": _labels(row["availability_overlap"], SLOT_LABELS)[:6],
        "vetting_valid_until": (EPOCH + dt.timedelta(days=until)).isoformat() if until else None,
        "cost": row["cost"],
        "cost_parts": row["cost_parts"],
        "alternatives": [
            {"cost": alt["cost"], "cost_parts": alt["cost_parts"],
             "lost_because": LOST_TEXT.get(alt["lost_because"], alt["lost_because"])}
            for alt in row["alternatives"]
        ],
    }


def proposals(pool: Pool, candidates: Candidates, result: Matching) -> list[dict[str, Any]]:
    why = explain(pool.volunteers, pool.opportunities, candidates, result)
    return [describe(why.proposal(i, result), bool(pool.opportunities.remote[result.opp[i]]))
            for i in range(len(result))]


def summary(pool: Pool, candidates: Candidates, result: Matching) -> dict[str, Any]:
    """A round's figures for the report page, percentages rounded for people."""
    figures = summarise(pool.volunteers, pool.opportunities, candidates, result).as_dict()
    for key in ("fill_rate", "coverage", "coverage_of_reachable", "small_org_fill", "large_org_fill"):
        figures[key] = round(100 * figures[key], 1)
    figures["mean_km"] = round(figures["mean_km"], 2)
    figures["mean_cost"] = round(figures["mean_cost"], 1)
    figures["unmatched_by_reason"] = {k: v for k, v in figures["unmatched_by_reason"].items() if v}
    return figures
