import numpy as np
import pytest

from passport.reserve import ranking


def test_a_need_of_ten_at_a_quarter_accepting_asks_for_about_sixty():
    assert 55 <= ranking.wave_size(remaining=10, pending=0, rate=0.25, confidence=0.95) <= 65


def test_people_still_to_answer_count_towards_the_wave():
    alone = ranking.wave_size(remaining=10, pending=0, rate=0.25, confidence=0.95)
    assert ranking.wave_size(remaining=10, pending=20, rate=0.25, confidence=0.95) == alone - 20
    assert ranking.wave_size(remaining=1, pending=100, rate=0.25, confidence=0.95) == 0


def test_a_filled_need_asks_for_nobody():
    assert ranking.wave_size(remaining=0, pending=0, rate=0.25, confidence=0.95) == 0


@pytest.mark.parametrize(("accepted", "replied", "expected"), [(0, 0, 0.25), (10, 10, 0.625), (0, 90, 0.025)])
def test_the_acceptance_rate_starts_from_the_prior_and_follows_replies(accepted, replied, expected):
    assert ranking.acceptance_rate(accepted=accepted, replied=replied, prior=0.25) == pytest.approx(expected)


def test_ranking_puts_the_nearest_first_leaves_out_those_beyond_the_radius_and_rotates():
    order, distance, _minutes, _score = ranking.rank(
        easting=np.array([5000.0, 1000.0, 20000.0, 1000.0]), northing=np.zeros(4),
        days_since_called=np.array([np.nan, np.nan, np.nan, 1.0]), holds_needed_skill=np.zeros(4, dtype=bool),
        centre=(0, 0), radius_m=10000, skilled_need=False,
    )
    assert list(order) == [1, 0, 3]  # 3 is as near as 1 but was called yesterday; 2 is too far
    assert distance[2] == 20000


def test_people_with_a_skill_another_role_needs_are_kept_for_it():
    order, *_ = ranking.rank(
        easting=np.array([1000.0, 1500.0]), northing=np.zeros(2), days_since_called=np.full(2, np.nan),
        holds_needed_skill=np.array([True, False]), centre=(0, 0), radius_m=10000, skilled_need=False,
    )
    assert list(order) == [1, 0]


def test_ranking_goes_by_travel_time_so_a_driver_further_away_comes_before_a_walker_nearby():
    order, distance, minutes, _score = ranking.rank(
        easting=np.array([2000.0, 6000.0]), northing=np.zeros(2), days_since_called=np.full(2, np.nan),
        holds_needed_skill=np.zeros(2, dtype=bool), centre=(0, 0), radius_m=10000, skilled_need=False,
        speed_kmh=np.array([ranking.SPEED_KMH["walk"], ranking.SPEED_KMH["drive"]]),
    )
    assert list(order) == [1, 0]
    # 2 km as the crow flies is 2.6 km by road: about half an hour on foot; 6 km is about 12 minutes by car.
    assert round(minutes[0]) == 32 and round(minutes[1]) == 12


def test_nobody_scores_below_a_driver_at_the_same_distance():
    # The wave search relies on this: a member further than `reach` never beats reach ÷ radius.
    distances = np.array([500.0, 3000.0, 9000.0])
    for mode, speed in ranking.SPEED_KMH.items():
        _order, _d, _m, score = ranking.rank(
            easting=distances, northing=np.zeros(3), days_since_called=np.full(3, np.nan),
            holds_needed_skill=np.zeros(3, dtype=bool), centre=(0, 0), radius_m=10000, skilled_need=False,
            speed_kmh=np.full(3, speed),
        )
        assert (score >= distances / 10000 - 1e-12).all(), mode
