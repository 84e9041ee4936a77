"""Disclosure control: nothing public is below 10 or unrounded, and no hidden cell can be worked out by
subtracting the shown ones from a total."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passport.activity.models import EntryStatus, HoursEntry
from passport.core.models import Cause
from passport.impact import disclosure, refresh, selectors
from passport.impact.disclosure import protect, protect_parts
from passport.impact.models import MEASURE_UNITS, Area, AreaType, Measure
from passport.impact.tests.conftest import LEEDS, YORKSHIRE
from tests import factories


def test_counts_below_10_are_suppressed_and_others_rounded_to_5():
    assert [protect(n).text for n in (0, 1, 9)] == ["[c]"] * 3
    assert protect(9).suppressed and protect(9).value is None
    assert [protect(n).text for n in (10, 12, 13, 1234, 1237.5)] == ["10", "10", "15", "1,235", "1,240"]
    assert protect(None).text == "[x]" and not protect(None).suppressed


def test_rates_and_medians_from_fewer_than_10_records_are_suppressed():
    assert protect(66.7, count_based=False, base=9, unit="percent").text == "[c]"
    assert protect(66.7, count_based=False, base=None, unit="percent").text == "[c]"
    assert protect(66.7, count_based=False, base=10, unit="percent").text == "67%"
    assert protect(2.25, count_based=False, base=40, unit="days").text == "2.3"
    assert protect(239.6, count_based=False, base=20, unit="gbp").text == "£240"
    assert protect(None, count_based=False, base=0, unit="days").text == "[x]"


@given(st.one_of(st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False)))
def test_no_shown_count_is_below_10_or_off_the_grid_of_5(value):
    figure = protect(value)
    if figure.value is not None:
        assert figure.value >= 10
        assert figure.value % 5 == 0
        assert not figure.suppressed


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=60), min_size=2,
                       max_size=8))
def test_never_exactly_one_part_is_hidden(parts):
    total, figures = protect_parts(sum(parts.values()), parts)
    hidden = [key for key, figure in figures.items() if figure.suppressed]
    assert len(hidden) != 1
    for key in hidden:
        assert figures[key].value is None
    # The hidden parts together are not recoverable as one person's number: two or more share the difference.
    if hidden:
        assert len(hidden) >= 2


def test_secondary_suppression_hides_the_smallest_shown_part_beside_a_hidden_one():
    total, figures = protect_parts(20, {"poverty": 12, "health": 8})
    assert total.text == "20"
    assert figures["health"].text == "[c]"
    assert figures["poverty"].text == "[c]"
    total, figures = protect_parts(64, {"a": 30, "b": 27, "c": 7})
    assert [figures[k].text for k in "abc"] == ["30", "[c]", "[c]"]


@pytest.fixture
def twenty(geography):
    """Twenty Leeds volunteers give an hour each: twelve for poverty, eight for health."""
    org = factories.OrganisationFactory()
    poverty = factories.OpportunityFactory(organisation=org, cause=Cause.objects.get(code="poverty"))
    health = factories.OpportunityFactory(organisation=org, cause=Cause.objects.get(code="health"))
    for number in range(20):
        volunteer = factories.VolunteerFactory()
        HoursEntry.objects.create(
            volunteer=volunteer, organisation=org, opportunity=poverty if number < 12 else health,
            date=dt.date(2026, 3, 1 + number), hours=Decimal("1.00"), description="Helped",
            status=EntryStatus.CONFIRMED,
        )
    refresh.refresh_all()


@pytest.mark.django_db
def test_a_small_category_cannot_be_recovered_from_the_total_and_the_others(twenty):
    leeds = selectors.area_get(LEEDS)
    figures = selectors.area_measures(leeds, "all")
    assert figures[Measure.VOLUNTEERS_ACTIVE].text == "20"
    assert figures[Measure.HOURS_CONFIRMED].text == "20"
    by_cause = dict(selectors.area_breakdown(leeds, "all", Measure.VOLUNTEERS_ACTIVE, "cause"))
    assert by_cause["health"].text == "[c]"
    # 12 would show as 10, and 20 - 12 gives the 8 away: it is hidden too.
    assert by_cause["poverty"].text == "[c]"
    # Privately (for checks and the organisation's own view) the exact figures are there.
    exact = dict(selectors.area_breakdown(leeds, "all", Measure.VOLUNTEERS_ACTIVE, "cause", public=False))
    assert (exact["poverty"].value, exact["health"].value) == (12, 8)


@pytest.mark.django_db
def test_no_public_figure_anywhere_is_below_10_or_unrounded(twenty):
    checked = 0
    for area in Area.objects.exclude(type=AreaType.LSOA):
        for period in selectors.periods_available():
            for measure, figure in selectors.area_measures(area, period).items():
                checked += 1
                if figure.value is None:
                    continue
                unit, count_based = MEASURE_UNITS[measure]
                if count_based or unit in {"hours", "gbp"}:
                    assert figure.value >= 10 and figure.value % 5 == 0, (area.code, period, measure, figure)
    assert checked > 1000


@pytest.mark.django_db
def test_a_hidden_local_authority_cannot_be_recovered_from_its_region(twenty):
    # Move three of the twenty to Bradford: Leeds 17 and Bradford 3 in Yorkshire's 20.
    from passport.volunteers.models import Volunteer

    bradford = "E08000032"
    moved = list(Volunteer.objects.values_list("pk", flat=True)[:3])
    Volunteer.objects.filter(pk__in=moved).update(la_code=bradford)
    refresh.refresh_all()
    figures = dict(selectors.area_children_figures(selectors.area_get(YORKSHIRE), "all",
                                                   Measure.VOLUNTEERS_ACTIVE))
    shown = {area.code: figure for area, figure in figures.items()}
    assert shown[bradford].suppressed
    # Yorkshire's 20 less Leeds' 17 leaves 3 spread over every hidden authority, never one alone.
    assert sum(figure.suppressed for figure in shown.values()) >= 2
    assert disclosure.protect(20).text == selectors.area_measures(
        selectors.area_get(YORKSHIRE), "all")[Measure.VOLUNTEERS_ACTIVE].text


@pytest.mark.django_db
def test_the_only_hidden_child_gets_a_hidden_sibling(geography):
    """Two LSOAs make up an area: 25 in one, 4 in the other. 29 less 25 would give the 4 away."""
    from passport.impact.models import Statistic

    parent = Area.objects.create(code="E08999999", type=AreaType.LA, name="Testshire")
    Area.objects.create(code="E01999998", type=AreaType.LSOA, name="Testshire 001A", parent=parent)
    Area.objects.create(code="E01999999", type=AreaType.LSOA, name="Testshire 001B", parent=parent)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for code, value in (("E08999999", 29), ("E01999998", 25), ("E01999999", 4)):
        Statistic.objects.create(area_id=code, period="all", measure=Measure.VOLUNTEERS_REGISTERED, value=value,
                                 refreshed_at=now)
    figures = [f.text for _a, f in selectors.area_children_figures(parent, "all", Measure.VOLUNTEERS_REGISTERED)]
    assert figures == ["[c]", "[c]"]
    assert selectors.area_measures(parent, "all")[Measure.VOLUNTEERS_REGISTERED].text == "30"
