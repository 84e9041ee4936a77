"""The impact statistics pages: England, an area, an organisation's own numbers."""

import datetime as dt

import pytest
from django.utils import timezone

from passport.impact.models import Area, IndexScore, Statistic
from tests.pages.checks import check_error_summary, check_page, h1_text, text_of

pytestmark = pytest.mark.django_db

REFRESHED = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)


def stat(area, period, measure, value, *, dimension="", category="", base=None, count_based=True):
    return Statistic.objects.create(area=area, period=period, measure=measure, value=value, dimension=dimension,
                                    category=category, base=base, count_based=count_based, refreshed_at=REFRESHED)


@pytest.fixture
def areas():
    """England, London, Westminster and one of its neighbourhoods, and Camden with nothing recorded."""
    england = Area.objects.create(code="E92000001", type="country", name="England", population=56_286_961)
    london = Area.objects.create(code="E12000007", type="region", name="London", parent=england)
    westminster = Area.objects.create(code="E09000033", type="la", name="Westminster", parent=london,
                                      population=205_680, population_source="128 LSOAs × 1,714 (estimate)")
    lsoa = Area.objects.create(code="E01004736", type="lsoa", name="Westminster 018A", parent=westminster)
    camden = Area.objects.create(code="E09000007", type="la", name="Camden", parent=london)
    for area, scale in ((england, 100), (london, 10), (westminster, 4), (lsoa, 1)):
        for period, factor in (("all", 3), ("2026", 2), ("2025", 1)):
            stat(area, period, "volunteers_active", 50 * scale * factor)
            stat(area, period, "hours_confirmed", 1234 * scale * factor, count_based=False, base=50 * scale)
            stat(area, period, "value_gbp", 15_000 * scale * factor, count_based=False, base=50 * scale)
            stat(area, period, "opportunities_posted", 40 * scale)
            stat(area, period, "fill_rate", 62.5, count_based=False, base=40 * scale)
        for quarter, value in (("2025-Q4", 800), ("2026-Q1", 900), ("2026-Q2", 1000)):
            stat(area, quarter, "hours_confirmed", value * scale, count_based=False, base=50 * scale)
        stat(area, "2026", "hours_confirmed", 700 * scale * 2, dimension="stream", category="community",
             count_based=False, base=30 * scale)
        stat(area, "2026", "hours_confirmed", 534 * scale * 2, dimension="stream", category="reserve",
             count_based=False, base=20 * scale)
    # Few people in the neighbourhood: 3 active volunteers must never be published as 3.
    Statistic.objects.filter(area=lsoa, period="2026", measure="volunteers_active").update(value=3)
    for rank, (area, score, decile, behind) in enumerate(((westminster, 71.0, 6, False), (camden, 22.5, 2, True)), 1):
        IndexScore.objects.create(area=area, period="2026", civic_assets=score, connectedness=score,
                                  active_community=score, score=score, imd_decile=decile, left_behind=behind,
                                  rank=rank)
    return {"england": england, "london": london, "westminster": westminster, "lsoa": lsoa, "camden": camden}


def test_the_national_page_shows_headline_figures_charts_and_the_index(client, areas):
    doc = check_page(client.get("/impact/"), title="Volunteering in England")
    page = text_of(doc)
    assert "Hours confirmed" in page
    assert "246,800" in page  # 1234 × 100 × 2 in 2026, rounded to the nearest 5
    assert "£3,000,000" in page
    assert "63%" in page
    svgs = [el for el in doc.iter() if el.tag.endswith("svg") and el.get("class") == "vp-chart__svg"]
    assert len(svgs) >= 3  # series, breakdown by stream, index against deprivation
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.get("aria-labelledby").split()
        ids = {el.get("id") for el in svg.iter()}
        assert title in ids and desc in ids
    assert "Left behind" in page
    rows = {text_of(row.find("th")): text_of(row) for row in doc.iter("tr") if row.find("th/a") is not None}
    assert "Left behind" in rows["Camden"] and "Left behind" not in rows["Westminster"]


def test_the_national_page_links_the_regions_and_the_downloads(client, areas):
    doc = check_page(client.get("/impact/"))
    links = {a.get("href") for a in doc.iter("a")}
    assert "/impact/areas/E12000007" in links
    assert "/impact/areas/E92000001.csv?period=2026" in links
    assert "/impact/areas/E92000001.csv-metadata.json?period=2026" in links


def test_the_national_page_says_so_before_anything_is_calculated(client, db):
    doc = check_page(client.get("/impact/"))
    assert "No statistics have been calculated yet" in text_of(doc)


def test_the_site_navigation_links_the_impact_pages(client, areas):
    doc = check_page(client.get("/opportunities/"))
    assert "/impact/" in {a.get("href") for a in doc.iter("a")}


def test_a_local_authority_page_shows_its_figures_index_and_neighbourhoods(client, areas):
    doc = check_page(client.get("/impact/areas/E09000033"), title="Westminster: volunteering")
    assert h1_text(doc) == "Westminster"
    page = text_of(doc)
    assert "9,870" in page  # 1234 × 4 × 2
    assert "71.0" in page and "rank 1" in page
    assert "Westminster 018A" in page
    crumbs = [text_of(a) for a in doc.iter("a") if "govuk-breadcrumbs__link" in (a.get("class") or "")]
    assert crumbs == ["England", "London"]


def test_a_region_page_lists_its_local_authorities_and_their_index(client, areas):
    doc = check_page(client.get("/impact/areas/E12000007"))
    page = text_of(doc)
    assert "Local authorities" in page and "Camden" in page and "Westminster" in page
    assert "Social infrastructure by local authority" in page


def test_small_counts_are_never_published(client, areas):
    doc = check_page(client.get("/impact/areas/E01004736"))
    rows = {text_of(r.find("th")): text_of(r.find("td")) for r in doc.iter("tr") if r.find("td") is not None}
    assert rows["Active volunteers"] == "[c]"
    assert "withheld" in text_of(doc) or "[c]" in text_of(doc)


def test_an_area_with_nothing_recorded_says_there_is_no_data_yet(client, areas):
    doc = check_page(client.get("/impact/areas/E09000007"))
    assert "No data for this area yet" in text_of(doc.find(".//*[@id='no-data']"))
    assert not doc.findall(".//figure")


@pytest.mark.parametrize("code", ["E09999999", "nonsense", "E0900003%3Cb%3E"])
def test_an_unknown_area_is_a_not_found_page(client, areas, code):
    check_page(client.get(f"/impact/areas/{code}"), status=404)


def test_englands_area_page_is_the_national_page(client, areas):
    response = client.get("/impact/areas/E92000001?period=2025")
    assert response.status_code == 302 and response["Location"] == "/impact/?period=2025"


def test_choosing_a_period_shows_that_periods_figures(client, areas):
    doc = check_page(client.get("/impact/areas/E09000033", {"period": "2025"}))
    page = text_of(doc)
    assert "4,935" in page  # 1234 × 4 × 1, rounded to the nearest 5
    assert "9,870" not in page
    selected = doc.find(".//select[@name='period']/option[@selected]")
    assert selected is not None and selected.get("value") == "2025"


def test_periods_are_named_in_words(client, areas):
    doc = check_page(client.get("/impact/"))
    options = [text_of(o) for o in doc.findall(".//select[@name='period']/option")]
    assert options[:3] == ["All time", "2026", "2025"]
    assert "April to June 2026" in options


@pytest.mark.parametrize("period", ["1999", "", "2026-Q9", "'; drop table"])
def test_a_period_not_in_the_list_is_an_error_summary(client, areas, period):
    doc = check_error_summary(client.get("/impact/areas/E09000033", {"period": period}),
                              "Select a period" if not period else "Select a period from the list")
    assert h1_text(doc) == "Westminster"


def test_the_national_period_form_validates_too(client, areas):
    check_error_summary(client.get("/impact/", {"period": "tomorrow"}), "Select a period from the list")


# -- an organisation's own numbers -----------------------------------------------------------------------

def test_a_coordinator_sees_their_organisations_numbers(client_for, personas, areas):
    doc = check_page(client_for(personas.bob).get(f"/impact/organisation/{personas.bobs_org.pk}"))
    assert text_of(doc.find(".//*[@class='govuk-caption-l']")) == "Leeds Food Aid"
    assert "Hours confirmed" in text_of(doc)


def test_a_coordinator_of_one_organisation_goes_straight_to_it(client_for, personas):
    response = client_for(personas.bob).get("/impact/organisation/")
    assert response.status_code == 302
    assert response["Location"] == f"/impact/organisation/{personas.bobs_org.pk}"


def test_someone_who_coordinates_nothing_is_told_so(client_for, personas):
    doc = check_page(client_for(personas.charlie).get("/impact/organisation/"))
    assert "You do not coordinate for an organisation" in text_of(doc)


def test_another_organisations_coordinator_cannot_see_its_numbers(client_for, personas):
    check_page(client_for(personas.dave).get(f"/impact/organisation/{personas.bobs_org.pk}"), status=404)


def test_a_volunteer_cannot_see_an_organisations_numbers(client_for, personas):
    check_page(client_for(personas.alice).get(f"/impact/organisation/{personas.bobs_org.pk}"), status=404)


def test_someone_not_signed_in_is_asked_to_sign_in(client, personas):
    response = client.get(f"/impact/organisation/{personas.bobs_org.pk}")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_the_organisation_page_validates_the_period(client_for, personas, areas):
    check_error_summary(client_for(personas.bob).get(f"/impact/organisation/{personas.bobs_org.pk}",
                                                     {"period": "x"}), "Select a period from the list")


def test_refreshed_time_is_shown(client, areas):
    Statistic.objects.update(refreshed_at=timezone.make_aware(dt.datetime(2026, 11, 1, 3, 0)))
    assert "1 November 2026" in text_of(check_page(client.get("/impact/")))


def test_the_periods_on_offer_follow_each_refresh(client, areas):
    check_page(client.get("/impact/"))
    england = areas["england"]
    stat(england, "2027", "hours_confirmed", 50_000, count_based=False, base=500)
    doc = check_page(client.get("/impact/"))
    options = [text_of(o) for o in doc.findall(".//select[@name='period']/option")]
    assert options[:2] == ["All time", "2027"]
    Statistic.objects.filter(period="2027").delete()
    Statistic.objects.filter(period="2026").update(refreshed_at=dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC))
    stat(england, "2026-12", "hours_confirmed", 10, count_based=False, base=1)
    doc = check_page(client.get("/impact/"))
    options = [text_of(o) for o in doc.findall(".//select[@name='period']/option")]
    assert "2027" not in options and "December 2026" in options


def test_breakdowns_name_their_categories_in_words(client, areas):
    doc = check_page(client.get("/impact/areas/E09000033", {"period": "2026"}))
    rows = {text_of(r.find("th")): text_of(r.find("td")) for r in doc.iter("tr") if r.find("td") is not None}
    assert rows["Community support"] == "5,600"
    assert rows["National Volunteer Reserve"] == "4,270"


def test_a_long_list_of_neighbourhoods_is_shown_a_page_at_a_time_keeping_the_period(client, areas):
    westminster = areas["westminster"]
    for n in range(1, 150):  # 150 neighbourhoods with the one in the fixture
        lsoa = Area.objects.create(code=f"E0199{n:04d}", type="lsoa", name=f"Westminster 9{n:03d}X",
                                   parent=westminster)
        stat(lsoa, "2026", "hours_confirmed", 40, count_based=False, base=10)
    doc = check_page(client.get("/impact/areas/E09000033?period=2026"), title="Westminster: volunteering")
    page = text_of(doc)
    assert "Showing 1 to 100 of 150, by name." in page
    rows = [a for a in doc.iter("a") if (a.get("href") or "").startswith("/impact/areas/E01")]
    assert len(rows) == 100
    following = [a.get("href") for a in doc.iter("a") if "govuk-pagination__link" in (a.get("class") or "")]
    assert following == ["?period=2026&page=2#within"]

    doc = check_page(client.get("/impact/areas/E09000033?period=2026&page=2"), title="Westminster: volunteering")
    assert "Showing 101 to 150 of 150, by name." in text_of(doc)
    rows = [a for a in doc.iter("a") if (a.get("href") or "").startswith("/impact/areas/E01")]
    assert len(rows) == 50
    assert "Westminster 018A" not in text_of(doc) and "Westminster 9099X" not in text_of(doc)  # first page
    assert "Westminster 9100X" in text_of(doc) and "Westminster 9149X" in text_of(doc)


def test_a_page_number_that_is_not_there_shows_the_nearest_page(client, areas):
    response = client.get("/impact/areas/E09000033?page=99")
    assert response.status_code == 200
    assert "Westminster 018A" in text_of(check_page(response, title="Westminster: volunteering"))
