"""The CSV download: every open opportunity, the documented columns, streamed, safe to open in a spreadsheet."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passport.opendata.csvexport import COLUMNS
from passport.opendata.tests.conftest import PERSONAL
from tests import factories

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "open-data.md"


def rows_of(client):
    response = client.get("/open-data/opportunities.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_one_row_per_open_opportunity_with_the_documented_columns(client, varied):
    text, rows = rows_of(client)

    assert text.splitlines()[0].split(",") == COLUMNS
    assert {r["title"] for r in rows} == {"Food bank helper", "Phone befriender", "Flood reserve sandbagger",
                                          "Garden helper"}
    food = next(r for r in rows if r["title"] == "Food bank helper")
    assert (food["postcode"], food["cause"], food["required_skills"], food["desirable_skills"]) == (
        "LS1 4DY", "poverty", "first-aid", "driving")
    assert food["weekly_slots"] == "monday-morning;wednesday-morning;saturday-evening"
    assert 53.7 < float(food["latitude"]) < 53.9
    remote = next(r for r in rows if r["title"] == "Phone befriender")
    assert (remote["remote"], remote["postcode"], remote["latitude"], remote["hourly_pay_pence"]) == (
        "true", "", "", "1100")


def test_every_column_is_documented():
    documented = re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text().split("## Opportunities as CSV")[1], re.M)

    assert documented[: len(COLUMNS)] == COLUMNS


def test_a_cell_that_would_run_as_a_spreadsheet_formula_is_written_as_text(client, personas):
    factories.OpportunityFactory(organisation=personas.bobs_org, title='=HYPERLINK("http://evil.example","Click")',
                                 description="+44 is our code")
    _text, rows = rows_of(client)

    titles = {r["title"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"Click\")" in titles
    assert all(not r["title"].startswith("=") and not r["description"].startswith("+") for r in rows)


def test_no_person_appears_in_the_csv(client, varied):
    text, _rows = rows_of(client)

    for personal in PERSONAL:
        assert personal not in text


def test_an_empty_download_is_just_the_header(client, db):
    text, rows = rows_of(client)

    assert rows == [] and text.strip() == ",".join(COLUMNS)


@pytest.mark.parametrize("url", ["/open-data/opportunities.csv", "/open-data/opportunities.jsonld"])
def test_downloads_read_the_database_in_chunks_not_row_by_row(client, varied, url):
    def queries_for_download():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            b"".join(response.streaming_content)
        return len(captured)

    few = queries_for_download()
    for i in range(12):
        factories.OpportunityFactory(organisation=varied["weekly"].organisation, title=f"More {i}")

    assert queries_for_download() == few
