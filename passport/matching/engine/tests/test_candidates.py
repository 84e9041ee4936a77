"""Candidate generation never lets through a pair that breaks a hard constraint, and says why it stopped one."""

import numpy as np
import pytest

from passport.matching.engine import REASONS, generate_candidates, match
from passport.matching.engine.tests import build
from passport.matching.engine.types import VETTING_ENHANCED, VETTING_STANDARD

FIRST_AID, DRIVING = 1 << 0, 1 << 1
RESERVE, COMMUNITY = 1, 2  # stream codes; consent bits are 1 << (code - 1)


def found(vols, opps, **kw) -> set[tuple[int, int]]:
    edges = generate_candidates(vols, opps, **kw).edges
    return set(zip(edges.vol.tolist(), edges.opp.tolist(), strict=True))


def reason_of(vols, opps, volunteer=0) -> str:
    from passport.matching.engine import explain

    cands = generate_candidates(vols, opps)
    result = match(vols, opps, cands, "optimal")
    return REASONS[explain(vols, opps, cands, result).reason[volunteer]]


@pytest.mark.parametrize(
    ("volunteer", "opportunity", "reason"),
    [
        ({"skills": DRIVING}, {"required_skills": FIRST_AID | DRIVING}, "skills"),
        ({"at": (12, 0)}, {}, "no_opportunity_in_range"),
        ({"age": 17}, {"min_age": 18}, "age"),
        ({"vetting_rank": VETTING_ENHANCED, "vetting_valid_until": build.SHIFT_DAY - 1},
         {"min_vetting_rank": VETTING_STANDARD}, "vetting"),
        ({"vetting_rank": VETTING_STANDARD, "vetting_valid_until": build.SHIFT_DAY + 400},
         {"min_vetting_rank": VETTING_ENHANCED}, "vetting"),
        ({"streams": 1 << (COMMUNITY - 1)}, {"stream": RESERVE}, "stream"),
        ({"availability": 0b001}, {"slots": 0b110}, "availability"),
        ({"at": None}, {}, "no_opportunity_in_range"),
        ({"remote_only": True}, {}, "no_opportunity_in_range"),
        ({"remote_only": True}, {"at": None, "required_skills": FIRST_AID}, "skills"),
    ],
    ids=["lacks-a-required-skill", "out-of-range", "too-young", "check-expires-before-the-shift",
         "check-too-low", "no-stream-consent", "no-common-slot", "no-location-and-local-only",
         "remote-only-and-local-only", "remote-only-but-lacks-skill"],
)
def test_it_never_proposes_a_volunteer_who_breaks_a_hard_constraint_and_says_which(volunteer, opportunity, reason):
    vols = build.volunteers({"at": (1, 0), **volunteer})
    opps = build.opportunities(opportunity)
    assert found(vols, opps) == set()
    assert reason_of(vols, opps) == reason


@pytest.mark.parametrize(
    ("volunteer", "opportunity"),
    [
        ({"skills": FIRST_AID | DRIVING | 1 << 7}, {"required_skills": FIRST_AID | DRIVING}),
        ({"at": (9.99, 0)}, {}),
        ({"age": 18}, {"min_age": 18}),
        ({"vetting_rank": VETTING_ENHANCED, "vetting_valid_until": build.SHIFT_DAY},
         {"min_vetting_rank": VETTING_STANDARD}),
        ({"streams": 1 << (RESERVE - 1)}, {"stream": RESERVE}),
        ({"availability": 0b011}, {"slots": 0b110}),
        ({"availability": 0}, {"slots": 0}),
        ({"at": None}, {"at": None}),
        ({"remote_only": True}, {"at": None}),
    ],
    ids=["holds-every-required-skill", "just-in-range", "exactly-old-enough", "check-valid-on-the-shift-day",
         "consented-to-the-stream", "one-common-slot", "flexible-opportunity", "no-location-but-remote",
         "remote-only-and-remote"],
)
def test_it_finds_a_volunteer_who_meets_every_hard_constraint(volunteer, opportunity):
    vols = build.volunteers({"at": (1, 0), **volunteer})
    opps = build.opportunities(opportunity)
    assert found(vols, opps) == {(0, 0)}
    assert reason_of(vols, opps) == "matched"


def test_someone_unwilling_to_work_remotely_is_never_offered_a_remote_place():
    vols = build.volunteers({"remote_ok": False}, {"remote_ok": True})
    opps = build.opportunities({"at": None})
    assert found(vols, opps) == {(1, 0)}


def test_a_volunteer_who_may_travel_lacks_the_skill_for_a_remote_place_and_is_not_offered_it():
    vols = build.volunteers({"at": (1, 0)})
    opps = build.opportunities({"at": None, "required_skills": FIRST_AID})
    assert found(vols, opps) == set()


def test_a_volunteer_at_capacity_gets_no_candidates_and_is_reported_at_capacity():
    vols = build.volunteers({"capacity": 0})
    opps = build.opportunities({})
    assert found(vols, opps) == set()
    assert reason_of(vols, opps) == "at_capacity"


def test_an_opportunity_with_no_places_left_gets_no_candidates():
    assert found(build.volunteers({}), build.opportunities({"places": 0})) == set()


def test_a_volunteer_who_lost_to_someone_closer_is_reported_all_places_taken():
    vols = build.volunteers({"at": (1, 0)}, {"at": (2, 0)})
    opps = build.opportunities({})
    assert reason_of(vols, opps, volunteer=1) == "all_places_taken"


def test_each_volunteer_keeps_only_their_k_cheapest_candidates():
    vols = build.volunteers({})
    opps = build.opportunities(*({"at": (d, 0)} for d in (5, 1, 4, 2, 3)))
    assert found(vols, opps, k=2, rescue_k=0) == {(0, 1), (0, 3)}


def test_an_opportunity_the_volunteers_search_missed_finds_its_volunteer_itself():
    # Five nearer opportunities need a skill she lacks; with k=scan=1 she examines only the nearest.
    vols = build.volunteers({"at": (0, 0)})
    opps = build.opportunities(*({"at": (0.1 * i, 0), "required_skills": FIRST_AID} for i in range(5)),
                               {"at": (3, 0)})
    assert found(vols, opps, k=1, scan=1, rescue_k=0) == set()
    assert found(vols, opps, k=1, scan=1) == {(0, 5)}


def test_candidates_carry_whole_metres_and_costs_that_add_up():
    vols = build.volunteers({"at": (0, 0)})
    opps = build.opportunities({"at": (3, 4)}, {"at": None})
    edges = generate_candidates(vols, opps).edges
    by_opp = dict(zip(edges.opp.tolist(), zip(edges.dist_m.tolist(), edges.cost.tolist(), strict=True), strict=True))
    assert by_opp == {0: (5000, 500), 1: (0, 300)}


def test_every_pair_appears_once_even_when_both_searches_find_it():
    vols = build.volunteers(*({"at": (0.1 * i, 0)} for i in range(4)))
    opps = build.opportunities({"places": 50})  # more places than candidates: the rescue searches too
    edges = generate_candidates(vols, opps).edges
    keys = edges.vol.astype(np.int64) * 10 + edges.opp
    assert len(keys) == 4 and len(np.unique(keys)) == 4


def test_an_opportunity_whose_nearest_volunteers_cannot_do_it_looks_further_down_the_list():
    # Each volunteer examines only the decoy at their door, which nobody can do; the three nearest to the
    # opportunity are too young for it.
    homes = [(5.1, 0), (5.2, 0), (5.3, 0), (6, 0)]
    vols = build.volunteers(*({"at": at, "age": 16} for at in homes[:3]), {"at": homes[3]})
    opps = build.opportunities({"at": (5, 0), "min_age": 18}, *({"at": at, "required_skills": 1 << 9} for at in homes))
    assert found(vols, opps, k=1, scan=1, rescue_k=0) == set()
    assert found(vols, opps, k=1, scan=1, rescue_k=1) == {(3, 0)}
