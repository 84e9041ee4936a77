"""The area statistics download: a tidy CSV with disclosure control, and its CSV on the Web metadata."""

import csv
import io
import json

import pytest

from passport.impact.tests.test_pages import areas  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_an_areas_csv_has_a_row_per_measure_for_it_and_the_areas_within_it(client, areas):  # noqa: F811
    rows = read(client.get("/impact/areas/E09000033.csv", {"period": "2026"}))
    assert list(rows[0]) == ["area_code", "area_name", "area_type", "parent_code", "period", "measure", "dimension",
                             "category", "value", "marker"]
    assert {r["area_code"] for r in rows} == {"E09000033", "E01004736"}
    hours = next(r for r in rows if r["area_code"] == "E09000033" and r["measure"] == "hours_confirmed"
                 and not r["dimension"])
    assert hours == {"area_code": "E09000033", "area_name": "Westminster", "area_type": "la",
                     "parent_code": "E12000007", "period": "2026", "measure": "hours_confirmed", "dimension": "",
                     "category": "", "value": "9870", "marker": ""}


def test_englands_csv_covers_every_region_and_local_authority(client, areas):  # noqa: F811
    rows = read(client.get("/impact/areas/E92000001.csv", {"period": "2026"}))
    assert {r["area_code"] for r in rows} == {"E92000001", "E12000007", "E09000033", "E09000007"}


def test_withheld_figures_have_no_value_and_a_marker(client, areas):  # noqa: F811
    rows = read(client.get("/impact/areas/E01004736.csv", {"period": "2026"}))
    active = next(r for r in rows if r["measure"] == "volunteers_active")
    assert (active["value"], active["marker"]) == ("", "[c]")
    missing = next(r for r in rows if r["measure"] == "median_days_to_first_response")
    assert (missing["value"], missing["marker"]) == ("", "[x]")
    assert not [r for r in rows if r["value"] == "3"]


def test_the_csv_carries_the_breakdowns_of_its_own_area(client, areas):  # noqa: F811
    rows = read(client.get("/impact/areas/E09000033.csv", {"period": "2026"}))
    streams = {r["category"]: r["value"] for r in rows if r["dimension"] == "stream"}
    assert streams == {"community": "5600", "reserve": "4270"}


def test_the_csv_names_itself_and_points_at_its_metadata(client, areas):  # noqa: F811
    response = client.get("/impact/areas/E09000033.csv", {"period": "2026"})
    assert response["Content-Disposition"] == 'attachment; filename="impact-E09000033-2026.csv"'
    assert response["Link"].startswith("</impact/areas/E09000033.csv-metadata.json?period=2026>")


def test_the_metadata_gives_definitions_period_suppression_rules_refresh_time_and_source(client, areas):  # noqa: F811
    response = client.get("/impact/areas/E09000033.csv-metadata.json", {"period": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/csvm+json"
    meta = json.loads(response.content)
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    assert meta["url"] == "http://testserver/impact/areas/E09000033.csv?period=2026"
    assert meta["period"] == "2026"
    assert meta["dc:modified"].startswith("2026-11-01T03:00")
    assert "ONS" in meta["dc:source"]
    assert any("fewer than 10" in rule for rule in meta["suppression"]["rules"])
    assert "replacement cost" in meta["measures"]["value_gbp"]["definition"].lower()
    columns = [c["name"] for c in meta["tableSchema"]["columns"]]
    header = client.get("/impact/areas/E09000033.csv", {"period": "2026"}).content.decode().splitlines()[0]
    assert ",".join(columns) == header


def test_the_default_period_is_the_pages_default(client, areas):  # noqa: F811
    rows = read(client.get("/impact/areas/E09000033.csv"))
    assert {r["period"] for r in rows} == {"2026"}


@pytest.mark.parametrize("path", ["/impact/areas/E09000033.csv", "/impact/areas/E09000033.csv-metadata.json"])
def test_a_bad_period_is_a_problem_naming_the_field(client, areas, path):  # noqa: F811
    response = client.get(path, {"period": "1066"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["errors"][0]["field"] == "query.period"


@pytest.mark.parametrize("path", ["/impact/areas/E09999999.csv", "/impact/areas/E09999999.csv-metadata.json"])
def test_an_unknown_area_is_not_found(client, areas, path):  # noqa: F811
    assert client.get(path).status_code == 404
