"""The packed-integer sorts order exactly as numpy's lexsort would, packed or not."""

import numpy as np
import pytest

from passport.matching.engine.sorting import order_by, rank_in_group, regroup


@pytest.mark.parametrize("group_max", [5, 2**60], ids=["packed", "too-wide-to-pack"])
def test_order_by_sorts_by_group_then_key_then_position(group_max):
    rng = np.random.default_rng(1)
    key = rng.integers(0, 4, 500)
    group = rng.choice([0, 3, group_max], 500)
    assert order_by(key, group=group).tolist() == np.lexsort((np.arange(500), key, group)).tolist()
    assert order_by(key).tolist() == np.argsort(key, kind="stable").tolist()


@pytest.mark.parametrize("group_max", [5, 2**62], ids=["packed", "too-wide-to-pack"])
def test_regroup_keeps_each_groups_order(group_max):
    rng = np.random.default_rng(2)
    order = rng.permutation(300)
    group = rng.choice([1, 2, group_max], 300)
    expected = sorted(order.tolist(), key=lambda e: (group[e], np.flatnonzero(order == e)[0]))
    assert regroup(order, group).tolist() == expected


def test_rank_in_group_counts_from_zero_in_each_run():
    assert rank_in_group(np.array([4, 4, 4, 7, 9, 9])).tolist() == [0, 1, 2, 0, 0, 1]
