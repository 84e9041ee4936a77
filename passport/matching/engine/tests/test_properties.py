"""Properties on small random pools, checked against code that shares nothing with the engine.

The hard constraints are re-stated pair by pair in plain Python, and the optimum is computed by scipy's
`min_weight_full_bipartite_matching` (LAPJVsp), a different algorithm from OR-Tools' cost-scaling flow: each
volunteer is a row, each place a column (an opportunity's first place at the edge cost, its other places at the
cost plus the coverage bonus), and dummy rows and columns let anyone stay unmatched at a price larger than any
set of proposals could cost, so the matching fills as many places as possible, then costs least.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from passport.matching.engine import Weights, generate_candidates, match
from passport.matching.engine.greedy import sequential_assign
from passport.matching.engine.tests import build

WEIGHTS = Weights()


def eligible(v: dict, o: dict) -> bool:
    """The hard constraints, one pair at a time."""
    if v["capacity"] < 1 or o["places"] < 1:
        return False
    if o["at"] is None:
        if not (v["remote_only"] or v["remote_ok"]):
            return False
    else:
        if v["at"] is None or v["remote_only"] or km(v, o) > v["max_travel_km"]:
            return False
    rank_ok = v["vetting_rank"] >= o["min_vetting_rank"] and (
        o["min_vetting_rank"] == 0 or v["vetting_valid_until"] >= o["shift_day"])
    stream_ok = o["stream"] == 0 or bool(v["streams"] & (1 << (o["stream"] - 1)))
    slots_ok = o["slots"] == 0 or bool(o["slots"] & v["availability"])
    skills_ok = (o["required_skills"] & ~v["skills"]) == 0
    return skills_ok and rank_ok and stream_ok and slots_ok and v["age"] >= o["min_age"]


def km(v: dict, o: dict) -> float:
    return math.hypot(v["at"][0] - o["at"][0], v["at"][1] - o["at"][1])


def cost(v: dict, o: dict) -> int:
    w = WEIGHTS
    if o["at"] is None:
        c = w.remote
    else:
        c = round(round(km(v, o) * 1000) * w.per_km / 1000)
    c += bin(o["desirable_skills"] & ~v["skills"]).count("1") * w.desirable_skill_missing
    if o["causes"] and not o["causes"] & v["causes"]:
        c += w.cause_mismatch
    c += w.rotation * (w.rotation_days - min(v["days_since_offered"], w.rotation_days)) // w.rotation_days
    c += 0 if o["small_org"] else w.large_org
    c += w.unfilled * (w.unfilled_days - min(o["days_open_unfilled"], w.unfilled_days)) // w.unfilled_days
    return c


def reference_optimum(vs: list[dict], os_: list[dict]) -> tuple[int, int]:
    """(places filled, objective) of the best plan: most places, then least cost including the bonus."""
    rows = [i for i, v in enumerate(vs) if v["capacity"] > 0]  # capacity is 0 or 1 in these pools
    cols = [(j, p) for j, o in enumerate(os_) for p in range(o["places"])]
    edges = {}
    for r, i in enumerate(rows):
        for c, (j, p) in enumerate(cols):
            if eligible(vs[i], os_[j]):
                edges[r, c] = cost(vs[i], os_[j]) + (WEIGHTS.coverage_bonus if p else 0)
    nr, nc = len(rows), len(cols)
    big = (max(edges.values(), default=0) + 1) * (nr + nc + 1)
    n = nr + nc
    entries = dict(edges)
    entries.update({(r, nc + r): big for r in range(nr)})  # volunteer r unmatched
    entries.update({(nr + c, c): big for c in range(nc)})  # place c unfilled
    entries.update({(nr + c, nc + r): 0 for c in range(nc) for r in range(nr)})  # dummy with dummy
    if n == 0:
        return 0, 0
    keys = list(entries)
    # Every full matching has n entries, so adding 1 to each (the solver needs non-zero weights) changes nothing.
    matrix = sp.csr_array(([entries[k] + 1 for k in keys], ([k[0] for k in keys], [k[1] for k in keys])), shape=(n, n))
    r_ind, c_ind = min_weight_full_bipartite_matching(matrix)
    chosen = [(r, c) for r, c in zip(r_ind, c_ind, strict=True) if (r, c) in edges]
    return len(chosen), sum(edges[k] for k in chosen)


def objective(result, opps_places: list[int]) -> int:
    """Edge costs plus the bonus forgone by every place beyond an opportunity's first."""
    filled = np.bincount(result.opp, minlength=len(opps_places))
    return result.total_cost + WEIGHTS.coverage_bonus * int(np.maximum(filled - 1, 0).sum())


# Mostly easy requirements, so that most pools have plenty of eligible pairs and some contention.
located = st.tuples(st.integers(0, 20), st.integers(0, 20)).map(lambda t: (t[0] / 2, t[1] / 2))
coords = st.integers(0, 7).flatmap(lambda r: st.none() if r == 0 else located)
some = st.sampled_from
volunteer = st.fixed_dictionaries({
    "at": coords, "max_travel_km": some([3.0, 6.0, 12.0]), "remote_only": some([False, False, False, True]),
    "remote_ok": some([True, True, False]), "skills": some([0b111, 0b111, 0b011, 0b101, 0b001, 0]),
    "causes": st.integers(0, 7), "availability": some([0b111, 0b111, 0b011, 0b100, 0]),
    "vetting_rank": st.integers(0, 4), "vetting_valid_until": st.integers(build.SHIFT_DAY - 3, build.SHIFT_DAY + 9),
    "age": st.integers(15, 20), "streams": some([0b111, 0b001, 0b010, 0]), "capacity": some([1, 1, 1, 0]),
    "days_since_offered": st.integers(0, 120),
})
opportunity = st.fixed_dictionaries({
    "at": coords, "places": some([1, 1, 2, 3, 0]), "required_skills": some([0, 0, 0, 0b001, 0b010, 0b011]),
    "desirable_skills": st.integers(0, 7), "causes": some([0, 1, 2, 4]), "slots": some([0, 0, 0b001, 0b011, 0b110]),
    "min_vetting_rank": some([0, 0, 0, 1, 3]), "min_age": some([16, 16, 18]), "stream": some([0, 0, 0, 1, 2, 3]),
    "shift_day": st.integers(build.SHIFT_DAY - 3, build.SHIFT_DAY + 9), "small_org": st.booleans(),
    "days_open_unfilled": st.integers(0, 90),
})
pools = st.tuples(st.lists(volunteer, max_size=9), st.lists(opportunity, max_size=6))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools)
def test_no_strategy_breaks_a_hard_constraint_and_none_beats_the_independent_optimum(pool):
    vs, os_ = pool
    vols, opps = build.volunteers(*vs), build.opportunities(*os_)
    cands = generate_candidates(vols, opps, WEIGHTS, k=10)
    # With K above the pool size the candidates are exactly the eligible pairs, at the reference's cost.
    expected = {(i, j): cost(v, o) for i, v in enumerate(vs) for j, o in enumerate(os_) if eligible(v, o)}
    got = dict(zip(zip(cands.edges.vol.tolist(), cands.edges.opp.tolist(), strict=True), cands.edges.cost.tolist(),
                   strict=True))
    assert got == expected
    target(float(len(expected)), label="eligible pairs")

    best_filled, best_objective = reference_optimum(vs, os_)
    places = [o["places"] for o in os_]
    results = {s: match(vols, opps, cands, s, weights=WEIGHTS, workers=1, tile_m=5_000)
               for s in ("optimal", "optimal_regional", "greedy", "first_come_nearest")}
    for strategy, result in results.items():
        proposals = list(zip(result.vol.tolist(), result.opp.tolist(), strict=True))
        assert len(set(proposals)) == len(proposals), strategy
        assert all(eligible(vs[i], os_[j]) for i, j in proposals), strategy
        assert all(np.bincount(result.opp, minlength=len(os_)) <= places), strategy
        assert all(np.bincount(result.vol, minlength=len(vs)) <= [v["capacity"] for v in vs]), strategy
        assert len(result) <= best_filled, strategy
        if len(result) == best_filled:
            assert objective(result, places) >= best_objective, strategy
    assert (len(results["optimal"]), objective(results["optimal"], places)) == (best_filled, best_objective)
    assert len(results["optimal"]) >= len(results["greedy"])
    assert len(results["optimal"]) >= len(results["first_come_nearest"])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_vectorised_rounds_choose_exactly_what_the_edge_by_edge_loop_chooses(data):
    n_v, n_o = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 6))
    pairs_ = sorted(data.draw(st.sets(st.tuples(st.integers(0, n_v - 1), st.integers(0, n_o - 1)), max_size=30)))
    vol = np.array([p[0] for p in pairs_], dtype=np.int32)
    opp = np.array([p[1] for p in pairs_], dtype=np.int32)
    order = np.array(data.draw(st.permutations(range(len(pairs_)))), dtype=np.int64)
    room = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n_v, max_size=n_v)))
    places = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n_o, max_size=n_o)))
    chosen, _ = sequential_assign(vol, opp, order, room, places)
    left_v, left_o, expected = room.copy(), places.copy(), np.zeros(len(pairs_), bool)
    for e in order:
        if left_v[vol[e]] > 0 and left_o[opp[e]] > 0:
            expected[e] = True
            left_v[vol[e]] -= 1
            left_o[opp[e]] -= 1
    assert chosen.tolist() == expected.tolist()
