"""Every proposal carries its reasons and the alternatives it beat; the summary adds up."""

import numpy as np
import pytest

from passport.matching.engine import PARTS, Weights, explain, generate_candidates, match, summarise
from passport.matching.engine.tests import build
from passport.matching.engine.types import VETTING_ENHANCED

FIRST_AID, DRIVING, COOKING = 1 << 0, 1 << 1, 1 << 5


@pytest.fixture
def round_():
    vols = build.volunteers(
        {"at": (2.1, 0), "skills": FIRST_AID | COOKING, "availability": 0b0111, "vetting_rank": VETTING_ENHANCED,
         "vetting_valid_until": 20_500},
        {"at": (3, 0), "skills": FIRST_AID, "days_since_offered": 0},
        {"at": (4, 0), "skills": FIRST_AID},
        {"at": (0, 0.5), "skills": FIRST_AID},  # nearer to B, so placed there
        {"at": (0, 30)},  # out of range of everything
    )
    opps = build.opportunities(
        {"at": (0, 0), "required_skills": FIRST_AID, "desirable_skills": DRIVING | COOKING, "slots": 0b0110,
         "min_vetting_rank": 0, "small_org": True},
        {"at": (0, 1), "small_org": False, "days_open_unfilled": 60},
    )
    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, "optimal")
    return vols, opps, cands, result


def test_a_proposal_says_how_far_which_skills_which_slots_and_what_it_cost(round_):
    vols, opps, cands, result = round_
    why = explain(vols, opps, cands, result)
    i = int(np.flatnonzero(result.opp == 0)[0])
    said = why.proposal(i, result)
    assert said["volunteer"] == 0 and said["distance_km"] == 2.1
    assert said["skills_matched"] == [0, 5]
    assert said["availability_overlap"] == [1, 2]
    assert said["vetting_valid_until"] is None  # the opportunity needs no check
    assert said["cost_parts"] == {"distance": 210, "skills": 200, "interest": 0, "language": 0, "rotation": 0,
                                  "fairness": 0}
    assert said["cost"] == sum(said["cost_parts"].values())


def test_a_proposal_names_the_next_two_alternatives_and_why_they_lost(round_):
    vols, opps, cands, result = round_
    i = int(np.flatnonzero(result.opp == 0)[0])
    alternatives = explain(vols, opps, cands, result).proposal(i, result)["alternatives"]
    # v1 is nearer than v2 but was offered something today; v3 went to B.
    assert [(a["volunteer"], a["lost_because"]) for a in alternatives] == [(3, "placed_elsewhere"), (2, "higher_cost")]
    assert alternatives[1]["cost_parts"]["distance"] == 400 and alternatives[1]["cost_parts"]["skills"] == 400


def test_a_check_the_opportunity_needs_is_shown_with_its_expiry():
    vols = build.volunteers({"vetting_rank": VETTING_ENHANCED, "vetting_valid_until": 20_321})
    opps = build.opportunities({"min_vetting_rank": VETTING_ENHANCED})
    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, "optimal")
    assert explain(vols, opps, cands, result).proposal(0, result)["vetting_valid_until"] == 20_321


def test_a_remote_proposal_has_no_distance():
    vols = build.volunteers({"remote_only": True})
    opps = build.opportunities({"at": None})
    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, "greedy")
    said = explain(vols, opps, cands, result).proposal(0, result)
    assert said["distance_km"] is None and said["cost_parts"]["distance"] == Weights().remote


def test_the_cost_parts_always_add_up_to_the_cost():
    rng = np.random.default_rng(7)
    vols = build.volunteers(*({"at": tuple(rng.uniform(0, 10, 2)), "skills": int(rng.integers(0, 8)),
                               "causes": int(rng.integers(0, 4)), "languages": int(rng.integers(0, 4)),
                               "days_since_offered": int(rng.integers(0, 100))} for _ in range(40)))
    opps = build.opportunities(*({"at": tuple(rng.uniform(0, 10, 2)), "desirable_skills": int(rng.integers(0, 8)),
                                  "causes": int(rng.integers(0, 4)), "languages": int(rng.integers(0, 4)),
                                  "small_org": bool(rng.integers(0, 2)), "days_open_unfilled": int(rng.integers(0, 90)),
                                  "places": 2} for _ in range(10)))
    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, "first_come_nearest")
    why = explain(vols, opps, cands, result)
    assert len(result) == 20
    assert why.parts.shape == (20, len(PARTS)) and (why.parts.sum(1) == result.cost).all()
    has = why.alt_vol >= 0
    assert has.any() and (why.alt_parts.sum(2)[has] == why.alt_cost[has]).all()


def test_the_summary_counts_places_coverage_reasons_distance_and_fairness(round_):
    vols, opps, cands, result = round_
    figures = summarise(vols, opps, cands, result)
    assert (figures.places, figures.places_filled, figures.opportunities, figures.opportunities_covered) == (2, 2, 2, 2)
    assert figures.unmatched_by_reason["no_opportunity_in_range"] == 1
    assert figures.unmatched_by_reason["all_places_taken"] == 2
    assert figures.volunteers_matched == 2
    assert figures.mean_km == pytest.approx((2.1 + 0.5) / 2)
    assert figures.small_org_fill == 1.0 and figures.large_org_fill == 1.0
    assert figures.mean_cost == result.total_cost / 2
    assert figures.as_dict()["coverage"] == 1.0


def test_the_summary_reports_small_and_large_organisations_fill_separately():
    vols = build.volunteers({"at": (0, 0)})
    opps = build.opportunities({"at": (1, 0), "small_org": True}, {"at": (1, 0), "small_org": False, "places": 3})
    cands = generate_candidates(vols, opps)
    figures = summarise(vols, opps, cands, match(vols, opps, cands, "optimal"))
    assert (figures.small_org_fill, figures.large_org_fill) == (1.0, 0.0)
    assert figures.coverage == 0.5 and figures.fill_rate == 0.25
