from passport.demo import towns


def test_each_authority_gets_the_town_its_postcodes_are_named_after():
    names = towns.town_names_by_authority("L")
    assert names["E08000035"] == "Leeds"
    assert names["E08000012"] == "Liverpool"


def test_a_postcode_area_is_its_leading_letters():
    assert towns.postcode_area("LS6 3HN") == "LS"
    assert towns.postcode_area("M1 1AE") == "M"
