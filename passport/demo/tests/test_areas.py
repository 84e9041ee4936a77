"""Loading ONS local authority names, which `passport import areas` will reuse."""

import pytest

from passport.core.models import LocalAuthority
from passport.demo import areas

pytestmark = pytest.mark.django_db

HEADER = "LADCD,LADNM,LADCD_ACTIVE,LADNM_ACTIVE,UTLACD,UTLANM,CAUTHCD,CAUTHNM,RGNCD,RGNNM,CTRYCD,CTRYNM,Current\n"


def write(tmp_path, *rows: str):
    path = tmp_path / "la_all_codes.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_it_loads_current_authorities_with_their_region_and_country(tmp_path):
    path = write(
        tmp_path,
        "E08000035,Leeds,,,E08000035,Leeds,E47000003,West Yorkshire,E12000003,Yorkshire and The Humber,"
        "E92000001,England,TRUE",
        "E07000163,Craven,,,E10000023,North Yorkshire,,,E12000003,Yorkshire and The Humber,E92000001,England,FALSE",
    )
    assert areas.local_authorities_load(path=path) == 1
    leeds = LocalAuthority.objects.get()
    assert (leeds.code, leeds.name, leeds.region_name, leeds.country_code) == (
        "E08000035", "Leeds", "Yorkshire and The Humber", "E92000001")


def test_loading_again_updates_names_instead_of_duplicating_them(tmp_path):
    row = "E06000065,{name},,,E06000065,{name},,,E12000003,Yorkshire and The Humber,E92000001,England,TRUE"
    areas.local_authorities_load(path=write(tmp_path, row.format(name="North Yorks")))
    areas.local_authorities_load(path=write(tmp_path, row.format(name="North Yorkshire")))
    assert list(LocalAuthority.objects.values_list("name", flat=True)) == ["North Yorkshire"]


def test_a_missing_file_loads_nothing_and_says_so(tmp_path):
    assert areas.local_authorities_load(path=tmp_path / "nowhere.csv") is None
    assert not LocalAuthority.objects.exists()


def test_the_shared_files_give_leeds_its_council_and_city_region():
    if not areas.data_path(areas.COUNCIL_FILE).is_file():
        pytest.skip("GEO_DATA_DIR has no org-id register")
    assert areas.councils()["E08000035"] == areas.Council("GB-LAE-LDS", "Leeds City Council")
    assert areas.area_groups()["E08000035"] == "West Yorkshire"
