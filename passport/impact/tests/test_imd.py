"""`passport import imd FILE`: the official IMD 2019 file from GEO_DATA_DIR, and bad files that save nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from passport.impact import refresh, selectors
from passport.impact.areas import PEOPLE_PER_LSOA
from passport.impact.models import Area, AreaType, IndexScore, Measure, PointArea, Statistic
from passport.impact.tests.conftest import LEEDS
from tests import factories

pytestmark = pytest.mark.django_db

IMD_FILE = Path(settings.GEO_DATA_DIR) / "imd2019_england_lsoa.csv"
HEADER = "lsoa_code,IMD_decile,IMD_rank\n"


def imd(path, capsys=None):
    call_command("import_data", "imd", str(path))
    return capsys.readouterr().out if capsys else ""


@pytest.mark.skipif(not IMD_FILE.is_file(), reason="GEO_DATA_DIR has no IMD 2019 file")
def test_the_official_file_imports_every_lsoa_once_and_again_changes_nothing(capsys):
    out = imd(IMD_FILE, capsys)
    assert "32,844 LSOAs (32,844 new" in out
    lsoas = Area.objects.filter(type=AreaType.LSOA)
    assert lsoas.count() == 32_844
    city = Area.objects.get(code="E01000001")
    assert (city.imd_rank, city.imd_decile, city.parent_id) == (29199, 9, "E09000001")
    assert city.population == PEOPLE_PER_LSOA and "mid-2019" in city.population_source
    assert not lsoas.filter(parent__isnull=True).exists()
    assert Area.objects.get(code="E92000001").population == 32_844 * PEOPLE_PER_LSOA
    assert Area.objects.get(code="E09000001").population == 6 * PEOPLE_PER_LSOA  # the City has six LSOAs

    out = imd(IMD_FILE, capsys)
    assert "(0 new, 32,844 already there)" in out
    assert Area.objects.filter(type=AreaType.LSOA).count() == 32_844

    # End to end: a Leeds volunteer's hours reach their LSOA, and every LA gets an index score.
    volunteer = factories.VolunteerFactory()
    org = factories.OrganisationFactory()
    from decimal import Decimal

    from passport.activity.models import EntryStatus, HoursEntry

    HoursEntry.objects.create(volunteer=volunteer, organisation=org, date="2026-03-01", hours=Decimal("2.5"),
                              description="Helped", status=EntryStatus.CONFIRMED)
    report = refresh.refresh_all()
    lsoa = PointArea.objects.get(easting=volunteer.easting, northing=volunteer.northing).lsoa
    assert lsoa.parent_id == LEEDS
    assert Statistic.objects.get(area=lsoa, period="2026", measure=Measure.HOURS_CONFIRMED).value == 2.5
    assert report.points_located == 1  # the volunteer and the organisation share a postcode
    table = selectors.index_table(AreaType.LA, "all")
    assert len(table) == Area.objects.filter(type=AreaType.LA, population__gt=0).count()
    assert table[0].area_id == LEEDS and table[0].rank == 1
    assert {score.imd_decile for score in table} == set(range(1, 11))
    assert IndexScore.objects.filter(area__type=AreaType.LSOA, period="all").count() == 32_844


def test_a_file_without_the_columns_is_refused_naming_them_and_saves_nothing(tmp_path):
    bad = tmp_path / "imd.csv"
    bad.write_text("LSOA code (2011),IMD_decile\nE01000001,9\n")
    with pytest.raises(CommandError, match=r"missing required columns: lsoa_code, IMD_rank") as raised:
        call_command("import_data", "imd", str(bad))
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    assert not Area.objects.exists()


def test_one_bad_row_rejects_the_whole_file(tmp_path):
    bad = tmp_path / "imd.csv"
    bad.write_text(HEADER + "E01000001,9,29199\nE01000002,11,30379\n")
    with pytest.raises(CommandError, match="line 3: IMD_decile is not a whole number from 1 to 10; nothing"):
        call_command("import_data", "imd", str(bad))
    assert not Area.objects.exists()


def test_a_given_local_authority_column_is_used_and_reimport_updates(tmp_path, capsys):
    good = tmp_path / "imd.csv"
    good.write_text("lsoa_code,IMD_decile,IMD_rank,la_code\nE01000001,9,29199,E09000001\n")
    assert "1 LSOAs (1 new" in imd(good, capsys)
    good.write_text("lsoa_code,IMD_decile,IMD_rank,la_code\nE01000001,8,25000,E09000001\n")
    assert "(0 new, 1 already there)" in imd(good, capsys)
    city = Area.objects.get(code="E01000001")
    assert (city.imd_decile, city.imd_rank, city.parent_id, city.easting is not None) == (8, 25000, "E09000001",
                                                                                           True)
