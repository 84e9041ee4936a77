"""The optimal assignment of one edge set as a min-cost flow (OR-Tools `SimpleMinCostFlow`).

The network:

    source --(capacity_i, 0)--> volunteer i --(1, cost_ij)--> opportunity j --(1, 0)----------> sink
                                                                             --(places_j - 1, bonus)--> sink
    source --(P, reward)--------------------------------------------------------------------> sink

The source supplies P = every place of the opportunities in the graph and the sink takes them all, so the flow
is always feasible: a place nobody can fill goes through the bypass arc ("unmatched") at a cost of `reward`.
Each opportunity's first place has its own arc, `bonus` cheaper than its other places (the coverage bonus), so
of two equally good plans the one that gives more opportunities a volunteer wins.

Filled places first, then cost: a place sent through the bypass costs `reward`. Filling one more place may mean
moving other volunteers along a chain of reassignments, each move costing at most (max edge cost + bonus), so
with reward = (max edge cost + bonus) x min(places, supply) + 1 no saving in cost can ever pay for a place left
unfilled: the flow fills as many places as possible, then costs least. That is the default (`chain=None`).
`chain=n` bounds the chain instead, reward = (max edge cost + bonus) x n + 1: a smaller cost range, which
OR-Tools' cost scaling (its run time grows with log(cost range)) solves faster (chain=64: the UK-sized benchmark's
regional flows took 3.5 s of CPU instead of 5.1 s and filled the same places), exact on any instance with at most
n places. OR-Tools multiplies costs by the number of nodes internally, so the
reward is also capped below 2^62 / nodes (`exact` is False then; far beyond any real instance).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

_INT62 = 1 << 62


class SolverError(RuntimeError):
    """The flow solver did not report an optimal solution."""


@dataclass
class FlowResult:
    chosen: np.ndarray  # bool per edge: the edge carries a volunteer to a place
    reward: int  # the cost of a place left unfilled
    exact: bool  # reward large enough that filled places strictly come first
    arcs: int
    nodes: int


def fill_reward(max_edge_cost: int, bonus: int, units: int, n_nodes: int, chain: int | None) -> tuple[int, bool]:
    """The bypass cost of a place left unfilled, and whether it makes filled places strictly come first."""
    bound = max(units, 1) if chain is None else max(min(units, chain), 1)
    reward = (max(max_edge_cost, 0) + bonus) * bound + 1
    limit = _INT62 // (n_nodes + 2) // 4
    return min(reward, limit), reward <= limit and bound >= units


def solve_flow(
    vol: np.ndarray,
    opp: np.ndarray,
    cost: np.ndarray,
    vol_capacity: np.ndarray,
    opp_places: np.ndarray,
    bonus: int,
    first_place: np.ndarray | None = None,
    chain: int | None = None,
) -> FlowResult:
    """Min-cost flow over edges (vol[e], opp[e], cost[e]); capacities indexed by position.

    `first_place[j]` (default: all True) says whether opportunity j's first place earns the coverage bonus; a
    final pass sets it False for opportunities that already have a volunteer. Raises SolverError.
    """
    n_edges = len(vol)
    if n_edges == 0:
        return FlowResult(np.zeros(0, bool), 0, True, 0, 0)
    v_used = np.zeros(len(vol_capacity), bool)
    v_used[vol] = True
    o_used = np.zeros(len(opp_places), bool)
    o_used[opp] = True
    v_ids = np.flatnonzero(v_used)
    o_ids = np.flatnonzero(o_used)
    v_node = np.cumsum(v_used, dtype=np.int64) + 1  # node of volunteer i is v_node[i] (2..)
    o_node = np.cumsum(o_used, dtype=np.int64) + 1 + len(v_ids)
    source, sink = 0, 1
    n_nodes = 2 + len(v_ids) + len(o_ids)

    places = opp_places[o_ids].astype(np.int64)
    units = int(places.sum())
    supply_total = int(vol_capacity[v_ids].astype(np.int64).sum())
    reward, exact = fill_reward(int(cost.max()), bonus, min(units, supply_total), n_nodes, chain)
    if first_place is None:
        first_cost = np.zeros(len(o_ids), np.int64)
    else:
        first_cost = np.where(first_place[o_ids], 0, bonus).astype(np.int64)

    smcf = min_cost_flow.SimpleMinCostFlow()
    # Edge arcs first, so arc e is edge e.
    smcf.add_arcs_with_capacity_and_unit_cost(
        v_node[vol].astype(np.int32), o_node[opp].astype(np.int32),
        np.ones(n_edges, np.int64), cost.astype(np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(len(v_ids), source, np.int32), v_node[v_ids].astype(np.int32),
        vol_capacity[v_ids].astype(np.int64), np.zeros(len(v_ids), np.int64),
    )
    heads = o_node[o_ids].astype(np.int32)
    smcf.add_arcs_with_capacity_and_unit_cost(
        heads, np.full(len(o_ids), sink, np.int32), np.minimum(places, 1), first_cost
    )
    rest = places > 1
    smcf.add_arcs_with_capacity_and_unit_cost(
        heads[rest], np.full(int(rest.sum()), sink, np.int32), places[rest] - 1,
        np.full(int(rest.sum()), bonus, np.int64),
    )
    smcf.add_arc_with_capacity_and_unit_cost(source, sink, units, reward)
    smcf.set_node_supply(source, units)
    smcf.set_node_supply(sink, -units)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SolverError(f"min-cost flow returned {status!r}")
    chosen = np.asarray(smcf.flows(np.arange(n_edges, dtype=np.int32))) > 0
    return FlowResult(chosen, reward, exact, smcf.num_arcs(), n_nodes)
