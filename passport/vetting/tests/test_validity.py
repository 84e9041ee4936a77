import datetime as dt

from passport.vetting.validity import CheckFacts, Rules, covers, valid_until

RULES = Rules(refresh_years={"basic": 1}, default_refresh_years=3, status_check_days=90)


def check(**kw):
    base = {"level": "enhanced", "workforce": "adult", "issued_on": dt.date(2024, 3, 1), "outcome": "suitable"}
    return CheckFacts(**{**base, **kw})


def test_a_suitable_check_counts_for_the_refresh_period_of_its_level():
    assert valid_until(check(), RULES) == dt.date(2027, 2, 28)
    assert valid_until(check(level="basic"), RULES) == dt.date(2025, 2, 28)


def test_a_not_suitable_or_referred_check_never_counts():
    assert valid_until(check(outcome="not_suitable"), RULES) is None
    assert valid_until(check(outcome="referred"), RULES) is None


def test_a_clean_update_service_check_keeps_an_old_certificate_current():
    old = check(issued_on=dt.date(2019, 1, 1), last_status_check=dt.date(2026, 10, 1),
                last_status_result="no_new_information")
    assert valid_until(old, RULES) == dt.date(2026, 12, 30)


def test_a_status_check_with_new_information_does_not_extend_it():
    old = check(issued_on=dt.date(2019, 1, 1), last_status_check=dt.date(2026, 10, 1),
                last_status_result="new_information")
    assert valid_until(old, RULES) == dt.date(2021, 12, 31)


def test_a_check_covers_roles_at_or_below_its_level():
    assert covers(check(level="enhanced"), "standard")
    assert covers(check(level="enhanced"), "enhanced")
    assert not covers(check(level="standard"), "enhanced")


def test_a_barred_list_role_needs_the_list_for_its_workforce():
    assert covers(check(level="enhanced_children_barred"), "enhanced_barred", "child")
    assert not covers(check(level="enhanced_adults_barred"), "enhanced_barred", "child")
    assert covers(check(level="enhanced_both_barred"), "enhanced_barred", "adult")
    assert not covers(check(level="enhanced"), "enhanced_barred")
