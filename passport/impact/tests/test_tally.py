"""The hours tally kept as hours are confirmed must always equal the tally built from the entries themselves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from passport.activity import services as activity
from passport.activity.models import EntryStatus, HoursEntry
from passport.core.models import Cause
from passport.impact import selectors, tally
from passport.impact.models import Area, AreaType, HoursTally, Measure, PointArea, Refresh, Statistic, TallyState
from passport.impact.refresh import refresh_all
from passport.volunteers import services as volunteers
from tests import factories

from .conftest import LEEDS, WESTMINSTER

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def snapshot() -> dict:
    return {(a, p, d, c): (round(h, 6), round(v, 6), n) for a, p, d, c, h, v, n in tally.rows()}


def rebuilt() -> dict:
    """The tally as a rebuild from the entries gives it (the live tally is put back afterwards)."""
    live = list(HoursTally.objects.values_list("area_code", "period", "dimension", "category", "hours", "value",
                                               "volunteers"))
    state = TallyState.objects.get(pk=tally.STATE_ID)
    tally.rebuild()
    built = snapshot()
    HoursTally.objects.all().delete()
    HoursTally.objects.bulk_create([HoursTally(area_code=a, period=p, dimension=d, category=c, hours=h, value=v,
                                               volunteers=n) for a, p, d, c, h, v, n in live])
    state.save()
    return built


@pytest.fixture
def world(geography):
    """Two neighbourhoods (one in Leeds, one in Westminster) whose centroids are where the volunteers live, an
    organisation with a coordinator, two Leeds volunteers and pending hours; the tally built while nothing is
    confirmed."""
    leeds_volunteer = factories.VolunteerFactory()
    londoner = factories.VolunteerFactory(at=factories.LONDON)
    for code, parent, person in (("E01011111", LEEDS, leeds_volunteer), ("E01022222", WESTMINSTER, londoner)):
        Area.objects.create(code=code, type=AreaType.LSOA, name=code, parent_id=parent, easting=person.easting,
                            northing=person.northing)
    second = factories.VolunteerFactory()
    org = factories.OrganisationFactory()
    coordinator = factories.MembershipFactory(organisation=org).user
    food = factories.OpportunityFactory(organisation=org, cause=Cause.objects.get(code="poverty"))
    entries = []
    for volunteer, opportunity, days, hours in ((leeds_volunteer, food, 1, "2.5"), (leeds_volunteer, None, 40, "3"),
                                                (leeds_volunteer, food, 100, "1.25"), (second, food, 2, "4"),
                                                (second, None, 3, "6")):
        entries.append(HoursEntry.objects.create(
            volunteer=volunteer, organisation=org, opportunity=opportunity, hours=Decimal(hours),
            date=dt.date.today() - dt.timedelta(days=days), description="Helped", status=EntryStatus.PENDING))
    tally.rebuild()
    tally.registration_rebuild()
    return leeds_volunteer, londoner, second, coordinator, entries


def test_confirming_hours_through_the_service_keeps_the_tally_equal_to_a_rebuild(world):
    leeds_volunteer, _londoner, second, coordinator, entries = world
    assert snapshot() == {}
    for entry in entries:
        activity.hours_confirm(entry=entry, actor=coordinator)
        assert snapshot() == rebuilt()
    cells = snapshot()
    year = str(YESTERDAY.year)
    # Both volunteers once in the authority's all-time cell, every hour counted, valued at the wage table.
    assert cells[(LEEDS, "all", "", "")][0] == 2.5 + 3 + 1.25 + 4 + 6
    assert cells[(LEEDS, "all", "", "")][2] == 2
    # Only the first volunteer lives at the neighbourhood's centroid; the second is placed there too (nearest).
    assert cells[("E01011111", "all", "", "")][2] == 2
    assert cells[(LEEDS, "all", "stream", "informal")] == (9.0, cells[(LEEDS, "all", "stream", "informal")][1], 2)
    assert (LEEDS, year, "cause", "poverty") in cells
    state = TallyState.objects.get(pk=tally.STATE_ID)
    assert (state.entries, state.hours) == (5, 16.75)


def test_the_refresh_uses_the_tally_without_rebuilding_it_when_it_is_current(world):
    _leeds_volunteer, _londoner, _second, coordinator, entries = world
    for entry in entries[:2]:
        activity.hours_confirm(entry=entry, actor=coordinator)
    built_at = TallyState.objects.get(pk=tally.STATE_ID).built_at
    report = refresh_all()
    assert not any("tally" in note for note in report.notes)
    assert TallyState.objects.get(pk=tally.STATE_ID).built_at == built_at
    hours = Statistic.objects.get(area_id=LEEDS, period="all", measure=Measure.HOURS_CONFIRMED, dimension="")
    assert (hours.value, hours.base) == (5.5, 1)
    assert Statistic.objects.get(area_id="E92000001", period="all", measure=Measure.VOLUNTEERS_ACTIVE,
                                dimension="").value == 1


def test_moving_house_moves_the_volunteers_hours_to_the_new_area(world):
    leeds_volunteer, _londoner, _second, coordinator, entries = world
    for entry in entries[:3]:
        activity.hours_confirm(entry=entry, actor=coordinator)
    volunteers.volunteer_update(
        volunteer=leeds_volunteer, actor=leeds_volunteer.user, first_name="Ada", last_name="Lovelace", mobile="",
        postcode=factories.LONDON, max_travel_miles=5, remote_only=False, availability=leeds_volunteer.availability,
        skills=[], causes=[], languages=["en"], streams=[])
    cells = snapshot()
    assert cells == rebuilt()
    assert cells[(WESTMINSTER, "all", "", "")] == (6.75, cells[(WESTMINSTER, "all", "", "")][1], 1)
    assert cells[("E01022222", "all", "", "")][2] == 1
    assert (LEEDS, "all", "", "") not in cells or cells[(LEEDS, "all", "", "")][2] == 0


def test_erasure_keeps_the_hours_in_the_authority_but_not_the_neighbourhood(world):
    leeds_volunteer, _londoner, _second, coordinator, entries = world
    activity.hours_confirm(entry=entries[0], actor=coordinator)
    volunteers.volunteer_erase(volunteer=leeds_volunteer, actor=leeds_volunteer.user)
    cells = snapshot()
    assert cells == rebuilt()
    assert cells[(LEEDS, "all", "", "")][0] == 2.5
    assert ("E01011111", "all", "", "") not in cells


def test_hours_written_another_way_are_noticed_and_the_tally_rebuilt(world):
    leeds_volunteer, _londoner, _second, _coordinator, entries = world
    assert tally.ensure_current(tally.wages.current()) is None
    HoursEntry.objects.filter(pk=entries[0].pk).update(status=EntryStatus.CONFIRMED)  # not through the service
    reason = tally.ensure_current(tally.wages.current())
    assert reason and "0 entries, there are 1" in reason
    assert snapshot()[(LEEDS, "all", "", "")][0] == 2.5
    assert tally.ensure_current(tally.wages.current()) is None


def test_a_new_wage_table_or_new_neighbourhoods_rebuild_the_tally(world, tmp_path):
    _leeds_volunteer, _londoner, _second, coordinator, entries = world
    activity.hours_confirm(entry=entries[0], actor=coordinator)
    built_in = float(tally.wages.current().rate("poverty"))
    assert snapshot()[(LEEDS, "all", "", "")][1] == pytest.approx(2.5 * built_in)
    wages = tmp_path / "wages.csv"
    wages.write_text("cause,soc_code,occupation,hourly_gbp,source,year\n"
                     "poverty,9263,Kitchen assistant,20.00,Test table,2030\n"
                     "*,0,All employees,10.00,Test table,2030\n")
    with override_settings(IMPACT_WAGE_TABLE=str(wages)):
        assert "wage table" in tally.ensure_current(tally.wages.current())
        assert snapshot()[(LEEDS, "all", "", "")][1] == 2.5 * 20
    Area.objects.create(code="E01033333", type=AreaType.LSOA, name="E01033333", parent_id=LEEDS, easting=1,
                        northing=1)
    assert "LSOAs" in tally.ensure_current(tally.wages.current())


def test_a_volunteer_at_a_point_never_seen_is_placed_in_the_nearest_neighbourhood(world):
    _leeds_volunteer, _londoner, second, coordinator, entries = world
    PointArea.objects.all().delete()
    activity.hours_confirm(entry=entries[3], actor=coordinator)
    assert PointArea.objects.get(easting=second.easting, northing=second.northing).lsoa_id == "E01011111"
    assert snapshot()[("E01011111", "all", "", "")] == (4.0, snapshot()[("E01011111", "all", "", "")][1], 1)


def test_a_refresh_rewrites_only_the_figures_that_changed(world):
    _leeds_volunteer, _londoner, _second, coordinator, entries = world
    activity.hours_confirm(entry=entries[0], actor=coordinator)
    first = refresh_all()
    assert first.changed == first.statistics + first.index_scores  # everything is new
    ids = dict(Statistic.objects.values_list("id", "value"))
    first_written = Statistic.objects.get(area_id=LEEDS, period="all", measure=Measure.HOURS_CONFIRMED,
                                          dimension="").refreshed_at
    again = refresh_all()
    assert again.changed == 0
    assert dict(Statistic.objects.values_list("id", "value")) == ids  # the same rows, untouched
    activity.hours_confirm(entry=entries[3], actor=coordinator)
    third = refresh_all()
    assert 0 < third.changed < third.statistics
    hours = Statistic.objects.get(area_id=LEEDS, period="all", measure=Measure.HOURS_CONFIRMED, dimension="")
    assert (hours.value, hours.base) == (6.5, 2) and ids[hours.id] != 6.5  # the same row, updated in place
    assert hours.refreshed_at > first_written  # "when this value was written"
    # The figures are exactly those a refresh into empty tables gives.
    kept = {(s.area_id, s.period, s.measure, s.dimension, s.category): (s.value, s.base)
            for s in Statistic.objects.all()}
    Statistic.objects.all().delete()
    refresh_all()
    assert {(s.area_id, s.period, s.measure, s.dimension, s.category): (s.value, s.base)
            for s in Statistic.objects.all()} == kept
    assert Refresh.objects.count() == 4 and selectors.refreshed_at() >= Refresh.objects.latest("id").finished_at


def registrations() -> dict:
    return {(a, p, d, c): n for a, p, d, c, n in tally.registration_rows()}


def registrations_rebuilt() -> dict:
    """The registrations tally as a rebuild gives it (the live one is put back afterwards)."""
    from passport.impact.models import RegistrationTally

    live = list(RegistrationTally.objects.values_list("area_code", "period", "dimension", "category", "volunteers"))
    state = TallyState.objects.get(pk=tally.REGISTRATIONS_ID)
    tally.registration_rebuild()
    built = registrations()
    RegistrationTally.objects.all().delete()
    RegistrationTally.objects.bulk_create([RegistrationTally(area_code=a, period=p, dimension=d, category=c,
                                                             volunteers=n) for a, p, d, c, n in live])
    state.save()
    return built


def test_registering_changing_streams_causes_and_place_and_erasure_keep_the_registrations_tally_exact(world):
    leeds_volunteer, *_rest = world
    this_year = str(dt.date.today().year)
    before = registrations()[(LEEDS, "all", "", "")]
    newcomer = volunteers.volunteer_register(
        email="newcomer@example.org", first_name="Nia", last_name="Evans", date_of_birth=dt.date(1990, 1, 1),
        postcode="LS1 4AP", causes=["poverty"], streams=["community"])
    cells = registrations()
    assert cells == registrations_rebuilt()
    assert cells[(LEEDS, "all", "", "")] == before + 1
    assert cells[(LEEDS, this_year, "cause", "poverty")] == 1
    assert cells[(LEEDS, "all", "stream", "community")] == 1
    volunteers.volunteer_update(
        volunteer=newcomer, actor=newcomer.user, first_name="Nia", last_name="Evans", mobile="",
        postcode=factories.LONDON, max_travel_miles=5, remote_only=False, availability=0, skills=[],
        causes=["health"], languages=["en"], streams=["reserve"])
    cells = registrations()
    assert cells == registrations_rebuilt()
    assert cells[(LEEDS, "all", "", "")] == before
    assert cells[(WESTMINSTER, "all", "cause", "health")] == 1
    assert (LEEDS, "all", "stream", "community") not in cells
    volunteers.volunteer_erase(volunteer=leeds_volunteer, actor=leeds_volunteer.user)
    cells = registrations()
    assert cells == registrations_rebuilt()
    assert cells[(LEEDS, "all", "", "")] == before - 1
    assert tally.registrations_current() is None


def test_volunteers_written_another_way_are_noticed_and_the_registrations_tally_rebuilt(world):
    factories.VolunteerFactory()  # not through the service
    reason = tally.registrations_current()
    assert reason and "without going through the service" in reason
    assert registrations()[(LEEDS, "all", "", "")] == 3
    assert tally.registrations_current() is None


def test_the_refresh_command_can_rebuild_both_tallies_first(world, capsys):
    from django.core.management import call_command

    leeds_volunteer, *_rest = world
    HoursTally.objects.all().delete()  # as if the tally had been damaged: the counts alone do not show it
    leeds = registrations()[(LEEDS, "all", "", "")]
    type(leeds_volunteer).objects.filter(pk=leeds_volunteer.pk).update(la_code=WESTMINSTER)  # not via the service
    call_command("impact_refresh", "--rebuild-tallies")
    assert "Refreshed" in capsys.readouterr().out
    assert registrations()[(LEEDS, "all", "", "")] == leeds - 1
    assert registrations()[(WESTMINSTER, "all", "", "")] == 2
