"""Postcodes from the ONS directory, and distances between them."""

import pytest

from passport.core import geo


def test_it_finds_a_real_postcode_however_it_is_typed():
    for typed in ("LS1 4DY", "ls14dy", " Ls1  4dY "):
        assert geo.lookup(typed) == geo.Place("LS1 4DY", 429960, 433298, "E08000035")


def test_a_london_postcode_is_in_westminster():
    assert geo.lookup("SW1A 1AA").la_code == "E09000033"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a postcode"),
        ("   ", "Enter a postcode"),
        ("12345", "Enter a real postcode, like SW1A 1AA"),
        ("LS1", "Enter a real postcode, like SW1A 1AA"),
        ("ZZ99 9ZZ", "Enter a real postcode: we cannot find that one"),
    ],
)
def test_it_refuses_a_postcode_that_is_not_real_in_govuk_words(typed, message):
    with pytest.raises(geo.PostcodeError) as excinfo:
        geo.lookup(typed)
    assert str(excinfo.value) == message


def test_headingley_is_about_3_5_km_from_leeds_centre():
    centre, headingley = geo.lookup("LS1 4DY"), geo.lookup("LS6 3HN")
    distance = geo.distance_m(centre.easting, centre.northing, headingley.easting, headingley.northing)
    assert 3400 < distance < 3600


def test_leeds_is_about_270_km_from_london():
    leeds, london = geo.lookup("LS1 4DY"), geo.lookup("SW1A 1AA")
    assert 260_000 < geo.distance_m(leeds.easting, leeds.northing, london.easting, london.northing) < 280_000


def test_postcodes_are_formatted_with_the_inward_code_apart():
    assert geo.format_postcode("SW1A1AA") == "SW1A 1AA"
    assert geo.format_postcode("M11AE") == "M1 1AE"
