"""Who may take up an opportunity, with the reasons in words."""

import datetime as dt

import pytest
from django.utils import timezone

from passport.opportunities.eligibility import Requirement, eligibility
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_adult_meets_the_default_requirement():
    result = eligibility(factories.VolunteerFactory(), Requirement())
    assert result.ok and result.reasons == []


def test_someone_under_the_minimum_age_is_told_their_age():
    volunteer = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(17))
    result = eligibility(volunteer, Requirement(min_age=18))
    assert not result.ok
    assert result.reasons == ["You need to be 18 or older; you are 17"]


def test_age_is_reckoned_on_the_day_given():
    volunteer = factories.VolunteerFactory(date_of_birth=dt.date(2009, 6, 1))
    assert not eligibility(volunteer, Requirement(min_age=18), on=dt.date(2027, 5, 31)).ok
    assert eligibility(volunteer, Requirement(min_age=18), on=dt.date(2027, 6, 1)).ok


def test_a_paid_youth_placement_has_an_upper_age():
    opportunity = factories.OpportunityFactory(paid_youth_placement=True, hourly_pay_pence=1221)
    requirement = Requirement.of(opportunity)
    assert requirement.max_age == 24
    assert eligibility(factories.VolunteerFactory(date_of_birth=factories.born_years_ago(24)), requirement).ok
    assert not eligibility(factories.VolunteerFactory(date_of_birth=factories.born_years_ago(25)), requirement).ok


def test_a_paused_volunteer_is_told_until_when():
    until = timezone.localdate() + dt.timedelta(days=3)
    result = eligibility(factories.VolunteerFactory(paused_until=until), Requirement())
    assert not result.ok
    assert result.reasons == [f"You have paused volunteering until {until.day} {until:%B %Y}"]


def test_a_pause_that_ended_yesterday_no_longer_counts():
    assert eligibility(factories.VolunteerFactory(paused_until=timezone.localdate() - dt.timedelta(days=1)),
                       Requirement()).ok


def test_without_a_date_of_birth_we_cannot_check_the_age():
    result = eligibility(factories.VolunteerFactory(date_of_birth=None), Requirement())
    assert not result.ok and "date of birth" in result.reasons[0]


def test_an_erased_account_is_never_eligible():
    assert not eligibility(factories.VolunteerFactory(erased_at=timezone.now()), Requirement()).ok


def test_every_reason_is_given_at_once():
    volunteer = factories.VolunteerFactory(date_of_birth=factories.born_years_ago(16),
                                           paused_until=timezone.localdate())
    assert len(eligibility(volunteer, Requirement(min_age=18)).reasons) == 2
