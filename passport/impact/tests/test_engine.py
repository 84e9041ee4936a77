"""The refresh on crafted data with known answers: every sum, rate and median worked out by hand."""

import pytest

from passport.impact import refresh, selectors
from passport.impact.models import Area, Measure, Statistic
from passport.impact.tests.conftest import ENGLAND, LEEDS, WESTMINSTER, YORKSHIRE

pytestmark = pytest.mark.django_db

# 2 + 3 + 1 (food bank, poverty: £11.50) + 4 + 2.5 (ward, health: £12.70) + 1.5 + 6 (informal: £17.48 fallback)
HOURS = 20.0
VALUE = 6 * 11.50 + 6.5 * 12.70 + 7.5 * 17.48


def stat(area, period, measure, dimension="", category=""):
    row = Statistic.objects.filter(area_id=area, period=period, measure=measure, dimension=dimension,
                                   category=category).first()
    return None if row is None else row.value


def test_it_sums_confirmed_hours_and_their_replacement_value(crafted):
    refresh.refresh_all()
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)
    assert stat(LEEDS, "all", Measure.VALUE_GBP) == pytest.approx(VALUE)
    assert stat(LEEDS, "2026", Measure.HOURS_CONFIRMED) == pytest.approx(17.5)
    assert stat(LEEDS, "2025", Measure.HOURS_CONFIRMED) == pytest.approx(2.5)
    assert stat(LEEDS, "2026-Q1", Measure.HOURS_CONFIRMED) == pytest.approx(9.0)
    assert stat(LEEDS, "2026-Q3", Measure.HOURS_CONFIRMED) == pytest.approx(7.0)
    assert stat(LEEDS, "2026-07", Measure.HOURS_CONFIRMED) == pytest.approx(7.0)


def test_it_counts_active_volunteers_once_per_period(crafted):
    refresh.refresh_all()
    assert stat(LEEDS, "all", Measure.VOLUNTEERS_ACTIVE) == 3
    assert stat(LEEDS, "2025", Measure.VOLUNTEERS_ACTIVE) == 1
    assert stat(LEEDS, "2026-Q1", Measure.VOLUNTEERS_ACTIVE) == 2
    assert stat(LEEDS, "2026-Q3", Measure.VOLUNTEERS_ACTIVE) == 1


def test_regions_and_england_add_up_their_local_authorities(crafted):
    refresh.refresh_all()
    assert stat(YORKSHIRE, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)
    assert stat(ENGLAND, "all", Measure.VOLUNTEERS_REGISTERED) == 4
    assert stat(LEEDS, "all", Measure.VOLUNTEERS_REGISTERED) == 3
    assert stat(WESTMINSTER, "all", Measure.VOLUNTEERS_REGISTERED) == 1
    assert stat(LEEDS, "2026", Measure.VOLUNTEERS_REGISTERED) == 2
    assert stat(ENGLAND, "2026-02", Measure.VOLUNTEERS_REGISTERED) == 2


def test_it_works_out_fill_rate_and_median_days_to_first_response(crafted):
    refresh.refresh_all()
    # Three published opportunities (the draft is not posted): food filled by an acceptance, ward marked filled.
    assert stat(LEEDS, "all", Measure.OPPORTUNITIES_POSTED) == 3
    assert stat(LEEDS, "all", Measure.OPPORTUNITIES_FILLED) == 2
    assert stat(LEEDS, "all", Measure.FILL_RATE) == pytest.approx(200 / 3)
    assert stat(LEEDS, "2026-Q2", Measure.FILL_RATE) == pytest.approx(0.0)
    # Answered after 1, 2 and 4 days; the unanswered one is left out.
    assert stat(LEEDS, "all", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE) == pytest.approx(2.0)
    assert stat(ENGLAND, "all", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE) == pytest.approx(2.0)
    assert stat(LEEDS, "2026-Q2", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE) == pytest.approx(3.0)
    base = Statistic.objects.get(area_id=LEEDS, period="all", measure=Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE)
    assert base.base == 3
    assert stat(LEEDS, "all", Measure.ORGANISATIONS) == 1


def test_it_breaks_figures_down_by_stream_cause_and_organisation_size(crafted):
    refresh.refresh_all()
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED, "stream", "community") == pytest.approx(6.0)
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED, "stream", "general") == pytest.approx(6.5)
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED, "stream", "informal") == pytest.approx(7.5)
    assert stat(LEEDS, "all", Measure.VALUE_GBP, "cause", "health") == pytest.approx(6.5 * 12.70)
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED, "org_size", "small") == pytest.approx(HOURS)
    assert stat(LEEDS, "all", Measure.VOLUNTEERS_ACTIVE, "cause", "poverty") == 2
    assert stat(LEEDS, "all", Measure.VOLUNTEERS_REGISTERED, "stream", "community") == 2
    assert stat(LEEDS, "all", Measure.VOLUNTEERS_REGISTERED, "cause", "poverty") == 1
    assert stat(LEEDS, "all", Measure.OPPORTUNITIES_POSTED, "cause", "health") == 2


def test_selectors_give_exact_figures_privately_and_nothing_small_publicly(crafted):
    refresh.refresh_all()
    leeds = selectors.area_get(LEEDS)
    private = selectors.area_measures(leeds, "all", public=False)
    assert private[Measure.HOURS_CONFIRMED].text == "20"
    assert private[Measure.VALUE_GBP].text == f"£{VALUE:,.0f}"
    public = selectors.area_measures(leeds, "all")
    assert all(figure.suppressed or figure.value is None for figure in public.values())
    assert public[Measure.HOURS_CONFIRMED].text == "[c]"
    assert selectors.periods_available()[:3] == ["all", "2026", "2025"]
    series = selectors.area_series(leeds, Measure.HOURS_CONFIRMED, public=False)
    # Every quarter with any statistic (the organisation registered this quarter), oldest first.
    assert [period for period, _figure in series][:4] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert [figure.value for _period, figure in series][:4] == [2.5, 9.0, 1.5, 7.0]
    assert selectors.refreshed_at() is not None


def test_an_organisation_sees_its_own_exact_numbers(crafted):
    values = selectors.organisation_measures(crafted["org"], "2026")
    assert values[Measure.HOURS_CONFIRMED].value == pytest.approx(17.5)
    assert values[Measure.VOLUNTEERS_ACTIVE].text == "3"
    assert values[Measure.OPPORTUNITIES_POSTED].value == 3
    assert values[Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE].value == pytest.approx(2.0)


def test_refreshing_twice_replaces_rather_than_adds(crafted):
    refresh.refresh_all()
    first = Statistic.objects.count()
    refresh.refresh_all()
    assert Statistic.objects.count() == first
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)


def test_an_area_with_no_data_has_zero_counts_and_no_rates(geography):
    refresh.refresh_all()
    figures = selectors.area_measures(Area.objects.get(code=LEEDS), "all", public=False)
    assert figures[Measure.VOLUNTEERS_REGISTERED].value == 0
    assert figures[Measure.FILL_RATE].text == "[x]"


def test_a_configured_wage_table_replaces_the_built_in_one(crafted, settings, tmp_path):
    table = tmp_path / "wages.csv"
    table.write_text(
        "cause,soc_code,occupation,hourly_gbp,source,year\n"
        "*,,All employees,10.00,Test table,2030\n"
        "poverty,9263,Kitchen and catering assistants,20.00,Test table,2030\n"
    )
    settings.IMPACT_WAGE_TABLE = str(table)
    refresh.refresh_all()
    # 6 poverty hours at £20, the other 14 at the £10 fallback (health has no row in this table).
    assert stat(LEEDS, "all", Measure.VALUE_GBP) == pytest.approx(6 * 20 + 14 * 10)


def test_a_wage_table_without_its_columns_is_refused_in_one_line(geography, settings, tmp_path):
    from django.core.management import CommandError, call_command

    table = tmp_path / "wages.csv"
    table.write_text("cause,rate\n*,10\n")
    settings.IMPACT_WAGE_TABLE = str(table)
    with pytest.raises(CommandError, match="has no column soc_code, occupation, hourly_gbp, source, year"):
        call_command("impact_refresh")
    assert not Statistic.objects.exists()


def test_the_command_refreshes_and_says_how_much(crafted, capsys):
    from django.core.management import call_command

    call_command("impact_refresh")
    assert "Refreshed" in capsys.readouterr().out
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)


def test_reserve_call_outs_and_fill_times_and_support_tasks_count_where_they_happened(geography):
    import datetime as dt

    from passport.reserve.models import CallOut, CallOutStatus, Incident, IncidentNeed
    from passport.support.models import SupportTask, TaskStatus
    from tests import factories

    leeds = factories.place(factories.LEEDS_CENTRE)
    controller = factories.UserFactory()
    declared = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    incident = Incident.objects.create(
        title="Flood", briefing="Depot", postcode=leeds.postcode, easting=leeds.easting, northing=leeds.northing,
        radius_m=5000, severity="amber", starts_at=declared, expected_hours=4, declared_by=controller,
        wave_spacing=dt.timedelta(minutes=15))
    Incident.objects.filter(pk=incident.pk).update(created_at=declared)
    sandbags = IncidentNeed.objects.create(incident=incident, role="Sandbags", count=2, confirmed=2)
    drivers = IncidentNeed.objects.create(incident=incident, role="Drivers", count=3, confirmed=1)
    replies = [(sandbags, CallOutStatus.CONFIRMED, 10), (sandbags, CallOutStatus.CONFIRMED, 40),
               (sandbags, CallOutStatus.DECLINED, 5), (drivers, CallOutStatus.CONFIRMED, 20)]
    for number, (need, status, minutes) in enumerate(replies):
        CallOut.objects.create(incident=incident, need=need, volunteer=factories.VolunteerFactory(), wave=1,
                               code=f"{number:04d}", status=status,
                               replied_at=declared + dt.timedelta(minutes=minutes))
    for hours in (3, 30):
        task = SupportTask.objects.create(
            posted_by=controller, kind="shopping", postcode=leeds.postcode, easting=leeds.easting,
            northing=leeds.northing, radius_m=5000, window_start=declared, window_end=declared,
            person_name="P", person_address="A", person_phone="0", status=TaskStatus.DONE,
            closed_at=declared + dt.timedelta(hours=hours))
        SupportTask.objects.filter(pk=task.pk).update(created_at=declared)
    refresh.refresh_all()
    assert stat(LEEDS, "2026-03", Measure.RESERVE_CALLOUTS) == 4
    assert stat(ENGLAND, "all", Measure.RESERVE_CALLOUTS) == 4
    # Only the sandbags need was filled, by its second confirmation 40 minutes after the incident was declared.
    assert stat(LEEDS, "all", Measure.RESERVE_MEDIAN_MINUTES_TO_FILL) == pytest.approx(40)
    assert stat(YORKSHIRE, "2026", Measure.RESERVE_MEDIAN_MINUTES_TO_FILL) == pytest.approx(40)
    assert stat(LEEDS, "2026-Q1", Measure.SUPPORT_TASKS) == 2
    assert stat(LEEDS, "2026-Q1", Measure.SUPPORT_DONE_WITHIN_24H) == 1


def test_areas_are_found_by_name_or_code_bigger_first_and_list_their_children(geography):
    assert [a.code for a in selectors.area_search("leeds")] == [LEEDS]
    assert selectors.area_search("e08000035")[0].code == LEEDS
    found = [a.type for a in selectors.area_search("York")]
    assert found[0] == "region" and "la" in found  # Yorkshire and The Humber before York
    assert selectors.area_search("   ") == []
    yorkshire = selectors.area_get(YORKSHIRE.lower())
    children = selectors.areas_children(yorkshire)
    assert LEEDS in [a.code for a in children] and all(a.parent_id == YORKSHIRE for a in children)
    assert len(selectors.areas_children(selectors.area_get(ENGLAND))) == 9
    with pytest.raises(Area.DoesNotExist):
        selectors.area_get("E99999999")


def test_period_keys_give_their_first_and_last_days():
    import datetime as dt

    assert refresh.period_bounds("all") is None
    assert refresh.period_bounds("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert refresh.period_bounds("2026-Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert refresh.period_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    with pytest.raises(ValueError):
        refresh.period_bounds("2026-Q5")


@pytest.fixture
def controlled_lists(transactional_db):
    """The skills and causes the data migration loads: a transactional test may start with them flushed."""
    from passport.core.models import Cause, Skill
    from passport.core.taxonomy import load_lists

    load_lists(Skill, Cause)


def _alongside_where() -> str:
    """How the refresh runs its second piece of work outside a transaction: SQLite in memory (the tests' own
    database) cannot be opened from another process."""
    from django.db import connection

    return "thread" if connection.vendor == "sqlite" and connection.is_in_memory_db() else "process"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_medians_are_worked_out_alongside(controlled_lists, crafted):
    report = refresh.refresh_all()
    assert f"median days to first response ({_alongside_where()})" in report.phases
    assert stat(LEEDS, "all", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE) == pytest.approx(2.0)
    assert stat(LEEDS, "2026-Q2", Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE) == pytest.approx(3.0)
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)


@pytest.mark.django_db(transaction=True)
def test_a_failure_alongside_stops_the_refresh_and_writes_nothing(controlled_lists, crafted, monkeypatch):
    from passport.impact.models import Refresh, Statistic

    def broken(*args):
        raise ValueError("the reply times could not be read")

    monkeypatch.setattr(refresh, "_response_medians", broken)
    expected = RuntimeError if _alongside_where() == "process" else ValueError
    with pytest.raises(expected, match="the reply times could not be read"):
        refresh.refresh_all()
    assert not Statistic.objects.exists() and not Refresh.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_refresh_abandons_the_work_alongside(controlled_lists, crafted, monkeypatch):
    import multiprocessing

    def broken(*args):
        raise ValueError("the opportunities could not be read")

    monkeypatch.setattr(refresh, "_collect_facts", broken)
    with pytest.raises(ValueError, match="the opportunities could not be read"):
        refresh.refresh_all()
    assert not multiprocessing.active_children()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_write_compares_in_two_halves_and_mends_every_figure(controlled_lists, crafted):
    """Stored figures gone wrong in both halves of the table (odd and even ids), and one no longer wanted, are put
    right by the next refresh, which then holds exactly what a refresh into an empty table writes."""
    refresh.refresh_all()
    wrong = list(Statistic.objects.filter(measure=Measure.HOURS_CONFIRMED).values_list("id", flat=True))
    assert {pk % 2 for pk in wrong} == {0, 1}
    Statistic.objects.filter(id__in=wrong).update(value=-1.0)
    Statistic.objects.create(area_id=LEEDS, period="1999", measure=Measure.HOURS_CONFIRMED, value=5.0,
                             refreshed_at="2000-01-01T00:00:00Z")
    report = refresh.refresh_all()
    assert report.changed == len(wrong) + 1
    mended = {(s.area_id, s.period, s.measure, s.dimension, s.category): (s.value, s.base)
              for s in Statistic.objects.all()}
    Statistic.objects.all().delete()
    refresh.refresh_all()
    assert {(s.area_id, s.period, s.measure, s.dimension, s.category): (s.value, s.base)
            for s in Statistic.objects.all()} == mended
    assert stat(LEEDS, "all", Measure.HOURS_CONFIRMED) == pytest.approx(HOURS)


@pytest.mark.django_db(transaction=True)
def test_a_helper_process_that_dies_stops_the_refresh_with_its_exit_code(controlled_lists, crafted, monkeypatch):
    import os

    from passport.impact.models import Refresh

    if _alongside_where() != "process":
        pytest.skip("helpers are threads here: ending one would end the tests")

    def dies(*args):
        os._exit(3)

    monkeypatch.setattr(refresh, "_response_medians", dies)
    with pytest.raises(RuntimeError, match="ended with exit code 3"):
        refresh.refresh_all()
    assert not Refresh.objects.exists()
