"""The strategies on hand-built cases whose answers are known, the fallback, and nothing to match."""

import time

import numpy as np
import pytest

from passport.matching.engine import STRATEGIES, Weights, generate_candidates, match
from passport.matching.engine.flow import SolverError
from passport.matching.engine.tests import build
from passport.matching.engine.tests.build import pairs


def run(vols, opps, strategy, weights=None, **kw):
    weights = weights or Weights()
    cands = generate_candidates(vols, opps, weights)
    return match(vols, opps, cands, strategy, weights=weights, workers=1, **kw)


def two_volunteers_two_places():
    """v0 can reach A (1 km) and B (1.8 km); v1 only A (2 km). Nearest-first gives A to v0 and leaves B empty."""
    vols = build.volunteers({"at": (0, -1), "max_travel_km": 5}, {"at": (-2, 0), "max_travel_km": 2.5})
    opps = build.opportunities({"at": (0, 0)}, {"at": (1.5, 0)})
    return vols, opps


@pytest.mark.parametrize("strategy", ["optimal", "optimal_regional"])
def test_the_optimum_fills_both_places_where_nearest_first_fills_one(strategy):
    vols, opps = two_volunteers_two_places()
    result = run(vols, opps, strategy)
    assert pairs(result) == {(0, 1), (1, 0)}
    assert result.total_cost == 180 + 200


@pytest.mark.parametrize("strategy", ["greedy", "first_come_nearest"])
def test_the_baselines_give_the_contested_volunteer_to_the_first_place_and_fill_one(strategy):
    vols, opps = two_volunteers_two_places()
    assert pairs(run(vols, opps, strategy)) == {(0, 0)}


def test_the_optimum_picks_the_nearest_volunteer_for_a_single_place():
    vols = build.volunteers({"at": (5, 0)}, {"at": (1, 0)}, {"at": (3, 0)})
    result = run(vols, build.opportunities({}), "optimal")
    assert pairs(result) == {(1, 0)} and result.total_cost == 100


def test_filling_a_place_comes_before_saving_cost():
    # v0 is 0.1 km from A and 20 km from B; v1 can only reach A, 30 km away. Both places filled costs
    # 2,000 + 3,000 points, against 10 for A alone: the optimum still fills both.
    vols = build.volunteers({"at": (0, 0.1), "max_travel_km": 40}, {"at": (-30, 0), "max_travel_km": 35})
    opps = build.opportunities({"at": (0, 0)}, {"at": (20, 0.1)})
    result = run(vols, opps, "optimal")
    assert pairs(result) == {(0, 1), (1, 0)}


def test_the_coverage_bonus_gives_a_second_opportunity_a_volunteer_before_the_first_gets_two():
    # Both volunteers are 1 km from A (two places) and 3 km from B (one place).
    vols = build.volunteers({"at": (0, 1)}, {"at": (0, -1)})
    opps = build.opportunities({"at": (0, 0), "places": 2}, {"at": (np.sqrt(8), 0)})
    assert {o for _, o in pairs(run(vols, opps, "optimal", build.NO_BONUS))} == {0}
    assert {o for _, o in pairs(run(vols, opps, "optimal"))} == {0, 1}


def test_a_volunteer_with_room_for_two_takes_two_opportunities_but_never_two_places_at_one():
    vols = build.volunteers({"capacity": 2})
    opps = build.opportunities({"at": (1, 0), "places": 3}, {"at": (2, 0)})
    assert pairs(run(vols, opps, "optimal")) == {(0, 0), (0, 1)}


def test_rotation_prefers_the_volunteer_who_has_waited_longest():
    vols = build.volunteers({"at": (1, 0), "days_since_offered": 0}, {"at": (2, 0), "days_since_offered": 365})
    assert pairs(run(vols, build.opportunities({}), "optimal")) == {(1, 0)}


def test_when_volunteers_are_scarce_the_small_organisation_is_served_first():
    vols = build.volunteers({"at": (0, 0)})
    opps = build.opportunities({"at": (1, 0), "small_org": False}, {"at": (1.2, 0), "small_org": True})
    assert pairs(run(vols, opps, "optimal")) == {(0, 1)}


def test_first_come_nearest_serves_opportunities_in_posting_order():
    vols = build.volunteers({"at": (0, 0)})
    opps = build.opportunities({"at": (5, 0)}, {"at": (1, 0)})
    assert pairs(run(vols, opps, "first_come_nearest")) == {(0, 0)}
    assert pairs(run(vols, opps, "greedy")) == {(0, 1)}


def test_regions_are_solved_apart_and_the_final_pass_takes_the_border_and_remote_places():
    # Tiles of 10 km: A and v0 share a tile; B sits across the border from v1; R is remote.
    vols = build.volunteers({"at": (1, 1)}, {"at": (9.5, 1)}, {"at": (2, 2), "remote_only": True})
    opps = build.opportunities({"at": (2, 1)}, {"at": (10.5, 1)}, {"at": None})
    result = run(vols, opps, "optimal_regional", tile_m=10_000)
    assert pairs(result) == {(0, 0), (1, 1), (2, 2)}
    assert result.details["regions"] == 1 and result.details["final_pass_filled"] == 2


def test_regions_run_in_parallel_processes_with_the_same_answer():
    rng = np.random.default_rng(3)
    vols = build.volunteers(*({"at": tuple(rng.uniform(0, 40, 2))} for _ in range(60)))
    opps = build.opportunities(*({"at": tuple(rng.uniform(0, 40, 2)), "places": 2} for _ in range(20)))
    cands = generate_candidates(vols, opps)
    one = match(vols, opps, cands, "optimal_regional", tile_m=10_000, workers=1)
    two = match(vols, opps, cands, "optimal_regional", tile_m=10_000, workers=2)
    assert one.details["regions"] > 2
    assert pairs(one) == pairs(two)


def failing_solver(*args, **kw):
    raise SolverError("min-cost flow returned BAD_COST_RANGE")


def slow_solver(*args, **kw):
    time.sleep(30)


@pytest.mark.parametrize("strategy", ["optimal", "optimal_regional"])
def test_a_failing_solver_falls_back_to_greedy_and_says_so(strategy):
    vols, opps = two_volunteers_two_places()
    result = run(vols, opps, strategy, solver=failing_solver)
    assert "failed" in result.fallback_reason and "BAD_COST_RANGE" in result.fallback_reason
    assert pairs(result) == pairs(run(vols, opps, "greedy"))


@pytest.mark.parametrize("strategy", ["optimal", "optimal_regional"])
def test_a_solver_past_its_time_limit_is_stopped_and_greedy_answers(strategy):
    vols, opps = two_volunteers_two_places()
    started = time.monotonic()
    result = run(vols, opps, strategy, solver=slow_solver, time_limit_s=0.5)
    assert time.monotonic() - started < 10
    assert "time limit of 0.5 s" in result.fallback_reason
    assert pairs(result) == {(0, 0)}


def test_a_solver_within_its_time_limit_answers_itself():
    vols, opps = two_volunteers_two_places()
    result = run(vols, opps, "optimal", time_limit_s=30)
    assert result.fallback_reason == "" and len(result) == 2


EMPTY_CASES = {
    "no-volunteers": (build.volunteers(), build.opportunities({})),
    "no-opportunities": (build.volunteers({}), build.opportunities()),
    "no-places": (build.volunteers({}), build.opportunities({"places": 0})),
    "nobody-eligible": (build.volunteers({"age": 16}), build.opportunities({"min_age": 18})),
    "nobody-located": (build.volunteers({"at": None}), build.opportunities({})),
    "nobody-with-room": (build.volunteers({"capacity": 0}), build.opportunities({})),
}


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("case", EMPTY_CASES, ids=list(EMPTY_CASES))
def test_nothing_to_match_gives_an_empty_answer_not_an_exception(strategy, case):
    from passport.matching.engine import explain, summarise

    vols, opps = EMPTY_CASES[case]
    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, strategy, time_limit_s=5)
    assert len(result) == 0 and result.fallback_reason == ""
    why = explain(vols, opps, cands, result)
    figures = summarise(vols, opps, cands, result)
    assert figures.places_filled == 0 and why.reason.shape == (len(vols),)


def test_an_unknown_strategy_is_refused():
    vols, opps = two_volunteers_two_places()
    with pytest.raises(ValueError, match="unknown strategy"):
        run(vols, opps, "nearest")


def test_the_reward_for_a_filled_place_outweighs_any_set_of_proposals_unless_bounded_to_a_chain():
    from passport.matching.engine.flow import fill_reward

    assert fill_reward(100, 10, units=5, n_nodes=10, chain=None) == (110 * 5 + 1, True)
    assert fill_reward(100, 10, units=5, n_nodes=10, chain=2) == (110 * 2 + 1, False)
    assert fill_reward(100, 10, units=5, n_nodes=10, chain=64) == (110 * 5 + 1, True)
    reward, exact = fill_reward(10**9, 0, units=10**6, n_nodes=10**6, chain=None)
    assert not exact and reward * (10**6 + 2) < 2**62
