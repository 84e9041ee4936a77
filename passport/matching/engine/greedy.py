"""Sequential greedy assignment, computed in vectorised rounds.

`sequential_assign` returns exactly what this loop would choose:

    for e in order:
        if volunteer_room[vol[e]] > 0 and places_left[opp[e]] > 0:
            choose e; volunteer_room[vol[e]] -= 1; places_left[opp[e]] -= 1

without looping over edges in Python. In each round, an edge that is among the first `room` live edges of its
volunteer and among the first `places_left` live edges of its opportunity (live: both ends still have room,
counted in loop order) is chosen by the loop whatever happens to the edges before it, so every such edge is
chosen at once; edges whose volunteer or opportunity is then full die, and the round repeats. The first live
edge always qualifies, so the rounds end; in practice there are a few dozen.

Each round also drops edges the loop can never choose: an edge among the first `room` live edges of its
volunteer is "sure" (its volunteer still has room when the loop reaches it), so once an opportunity has as many
sure edges as places left, it will be full before the loop reaches any later edge of its.
"""

from __future__ import annotations

import numpy as np

from passport.matching.engine.sorting import rank_in_group, regroup


def sequential_assign(
    vol: np.ndarray, opp: np.ndarray, order: np.ndarray, vol_room: np.ndarray, opp_places: np.ndarray
) -> tuple[np.ndarray, int]:
    """(chosen mask per edge, rounds) of the loop above over edges in `order`."""
    n = len(vol)
    chosen = np.zeros(n, bool)
    if n == 0:
        return chosen, 0
    room_v = vol_room.astype(np.int64).copy()
    room_o = opp_places.astype(np.int64).copy()
    alive = (room_v[vol] > 0) & (room_o[opp] > 0)
    by_v = regroup(order, vol)  # by volunteer, each volunteer's edges in loop order
    by_o = regroup(order, opp)
    first_for_volunteer = np.zeros(n, bool)
    rounds = 0
    while True:
        by_v = by_v[alive[by_v]]
        by_o = by_o[alive[by_o]]
        if len(by_o) == 0:
            return chosen, rounds
        rounds += 1
        gv = vol[by_v]
        first_for_volunteer[by_v] = rank_in_group(gv) < room_v[gv]
        go = opp[by_o]
        sure = first_for_volunteer[by_o]
        rank_o = rank_in_group(go)
        take_here = sure & (rank_o < room_o[go])
        start = np.arange(len(go)) - rank_o
        seen = np.cumsum(sure) - sure  # sure edges before this one, over the whole arrangement
        never = seen - seen[start] >= room_o[go]  # ...and within its opportunity
        alive[by_o[never]] = False
        take = by_o[take_here]
        first_for_volunteer[by_v] = False
        chosen[take] = True
        alive[take] = False
        room_v -= np.bincount(vol[take], minlength=len(room_v))
        room_o -= np.bincount(opp[take], minlength=len(room_o))
        alive[by_o] &= (room_v[vol[by_o]] > 0) & (room_o[go] > 0)
