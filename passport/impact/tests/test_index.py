"""The social infrastructure index on crafted figures with known percentiles, and the left-behind flag."""

import pytest

from passport.impact.index import index_compute, la_deciles
from passport.impact.models import Area, AreaType, Measure
from passport.impact.refresh import Cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_lsoas(db):
    """Five LSOAs of one LA, A (most deprived) to E; A has least of everything, E most."""
    la = Area.objects.create(code="E08999999", type=AreaType.LA, name="Testshire", population=5 * 1714)
    deciles = {"A": 1, "B": 1, "C": 5, "D": 9, "E": 10}
    for i, (letter, decile) in enumerate(deciles.items()):
        Area.objects.create(code=f"E0199999{i}", type=AreaType.LSOA, name=f"Testshire {letter}", parent=la,
                            population=1714, imd_decile=decile, imd_rank=1000 * (i + 1))
    cells = Cells()
    for i in range(5):
        code = f"E0199999{i}"
        for measure, value in ((Measure.ORGANISATIONS, i), (Measure.VOLUNTEERS_REGISTERED, 10 * i),
                               (Measure.HOURS_CONFIRMED, 100.0 * i)):
            cells.values[(code, "all", measure, "", "")] = value
        if i:  # A posted nothing, so it has no fill rate, remote share or response time: left out, not zero
            cells.values[(code, "all", Measure.OPPORTUNITIES_POSTED, "", "")] = 4
            cells.values[(code, "all", Measure.OPPORTUNITIES_FILLED, "", "")] = i
            cells.values[(code, "all", "opportunities_remote", "", "")] = i
            cells.values[(code, "all", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE, "", "")] = 10.0 - i
    return cells


def test_percentiles_average_into_parts_and_a_score_with_rank(five_lsoas):
    scores = {"ABCDE"[int(s.area_id[-1])]: s for s in index_compute(five_lsoas) if s.area_id.startswith("E01")}
    # Organisations 0..4 -> 0, 25, 50, 75, 100; opportunities per 1,000: A none (0), B-E equal (tied at 62.5).
    assert scores["A"].civic_assets == pytest.approx((0 + 0) / 2)
    assert scores["E"].civic_assets == pytest.approx((100 + 62.5) / 2, abs=0.05)  # shown to 1 decimal
    # A's active community has hours only (0th percentile); E is top on hours, fill rate and speed.
    assert scores["A"].active_community == 0.0
    assert scores["E"].active_community == 100.0
    assert [scores[k].rank for k in "EDCBA"] == [1, 2, 3, 4, 5]
    assert all(0 <= scores[k].score <= 100 for k in "ABCDE")


def test_left_behind_means_most_deprived_fifth_and_weakest_fifth(five_lsoas):
    scores = {"ABCDE"[int(s.area_id[-1])]: s for s in index_compute(five_lsoas) if s.area_id.startswith("E01")}
    assert scores["A"].left_behind  # decile 1 and the lowest score
    assert not scores["B"].left_behind  # decile 1 but not in the weakest fifth
    assert scores["A"].imd_decile == 1 and scores["E"].imd_decile == 10


def test_local_authority_deciles_rank_the_mean_rank_of_their_lsoas(db):
    for n in range(10):
        la = Area.objects.create(code=f"E0899990{n}", type=AreaType.LA, name=f"LA {n}")
        Area.objects.create(code=f"E0199990{n}", type=AreaType.LSOA, name=f"L {n}", parent=la, imd_rank=100 - n)
    deciles = la_deciles()
    assert deciles["E08999909"] == 1  # lowest mean rank: most deprived
    assert deciles["E08999900"] == 10


def test_no_population_no_index(db):
    Area.objects.create(code="E08999999", type=AreaType.LA, name="Empty", population=0)
    assert index_compute(Cells()) == []


def test_with_no_data_every_area_ties_and_none_is_left_behind(five_lsoas):
    from passport.impact.refresh import Cells

    scores = [s for s in index_compute(Cells()) if s.area_id.startswith("E01")]
    assert {s.rank for s in scores} == {1}
    assert not any(s.left_behind for s in scores)
