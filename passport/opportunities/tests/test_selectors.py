"""Search (nearest first, within the radius, with filters) and who can read which opportunities."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from passport.core import geo
from passport.core.models import Cause, Skill
from passport.core.taxonomy import day_mask, part_mask, slots_to_mask
from passport.opportunities import selectors
from passport.opportunities.models import OpportunityStatus
from passport.opportunities.selectors import RemoteFilter, SearchQuery
from tests import factories

pytestmark = pytest.mark.django_db

CENTRE = geo.lookup(factories.LEEDS_CENTRE)


def near_centre(**kwargs) -> SearchQuery:
    kwargs.setdefault("radius_m", 16093)
    return SearchQuery(easting=CENTRE.easting, northing=CENTRE.northing, **kwargs)


def titles(query: SearchQuery, **kwargs) -> list[str]:
    return [o.title for o in selectors.opportunity_search(query, **kwargs)]


@pytest.fixture
def places(db):
    """One opportunity in Leeds centre, one in Headingley (about 3.5 km away), one in London, one remote."""
    org = factories.OrganisationFactory()
    return {
        "centre": factories.OpportunityFactory(organisation=org, title="Centre", at=factories.LEEDS_CENTRE),
        "headingley": factories.OpportunityFactory(organisation=org, title="Headingley", at=factories.LEEDS_HEADINGLEY),
        "london": factories.OpportunityFactory(organisation=org, title="London", at=factories.LONDON),
        "remote": factories.OpportunityFactory(organisation=org, title="Remote", remote=True),
    }


class TestSearch:
    def test_it_lists_the_nearest_first_then_remote(self, places):
        assert titles(near_centre()) == ["Centre", "Headingley", "Remote"]

    def test_it_annotates_the_squared_distance(self, places):
        results = {o.title: o.distance_m2 for o in selectors.opportunity_search(near_centre())}
        assert results["Centre"] == 0
        assert 3400 < results["Headingley"] ** 0.5 < 3600

    def test_it_respects_the_radius(self, places):
        assert titles(near_centre(radius_m=3000, remote=RemoteFilter.EXCLUDE)) == ["Centre"]
        assert titles(near_centre(radius_m=4000, remote=RemoteFilter.EXCLUDE)) == ["Centre", "Headingley"]

    def test_a_search_from_london_finds_london(self, places):
        london = geo.lookup(factories.LONDON)
        query = SearchQuery(easting=london.easting, northing=london.northing, remote=RemoteFilter.EXCLUDE)
        assert titles(query) == ["London"]

    def test_the_bounding_box_changes_nothing_but_the_plan(self, places):
        for radius in (1000, 4000, 16093, 500_000):
            query = near_centre(radius_m=radius)
            assert titles(query) == titles(query, bounding_box=False)

    def test_remote_can_be_included_excluded_or_the_only_ones(self, places):
        assert "Remote" in titles(near_centre(remote=RemoteFilter.INCLUDE))
        assert "Remote" not in titles(near_centre(remote=RemoteFilter.EXCLUDE))
        assert titles(near_centre(remote=RemoteFilter.ONLY)) == ["Remote"]
        assert titles(SearchQuery(remote=RemoteFilter.ONLY)) == ["Remote"]

    def test_without_a_place_it_lists_everything_open_newest_first(self, places):
        factories.OpportunityFactory(title="Newest", published_at=timezone.now() + dt.timedelta(minutes=1))
        found = titles(SearchQuery())
        assert found[0] == "Newest"
        assert set(found) == {"Newest", "Centre", "Headingley", "London", "Remote"}
        assert "Remote" not in titles(SearchQuery(remote=RemoteFilter.EXCLUDE))

    @pytest.mark.parametrize("status", [OpportunityStatus.DRAFT, OpportunityStatus.CLOSED, OpportunityStatus.FILLED])
    def test_only_open_opportunities_appear(self, places, status):
        factories.OpportunityFactory(title="Not open", status=status)
        factories.OpportunityFactory(title="Not open remote", status=status, remote=True)
        assert "Not open" not in titles(near_centre())
        assert "Not open remote" not in titles(near_centre())
        assert "Not open" not in titles(SearchQuery())

    def test_it_filters_by_skill_required_or_desirable(self, places):
        first_aid = Skill.objects.get(code="first-aid")
        places["centre"].required_skills.add(first_aid)
        places["headingley"].desirable_skills.add(first_aid)
        places["london"].required_skills.add(first_aid)
        assert titles(near_centre(skill="first-aid")) == ["Centre", "Headingley"]

    def test_it_filters_by_cause(self, places):
        places["headingley"].cause = Cause.objects.get(code="environment")
        places["headingley"].save()
        assert titles(near_centre(cause="environment")) == ["Headingley"]

    def test_it_filters_by_stream(self, places):
        places["remote"].stream = "reserve"
        places["remote"].save()
        assert titles(near_centre(stream="reserve")) == ["Remote"]

    def test_it_filters_by_day_and_time(self, places):
        places["centre"].weekly_slots = slots_to_mask(["saturday-morning"])
        places["centre"].save()
        places["headingley"].weekly_slots = slots_to_mask(["monday-evening"])
        places["headingley"].save()
        places["remote"].weekly_slots = 0
        places["remote"].save()
        assert titles(near_centre(slots_mask=day_mask("saturday"))) == ["Centre"]
        assert titles(near_centre(slots_mask=part_mask("evening"))) == ["Headingley"]
        assert titles(near_centre(slots_mask=day_mask("monday") & part_mask("morning"))) == []


class TestVisibility:
    def test_a_draft_is_visible_only_to_its_organisations_coordinators(self, personas):
        draft = factories.OpportunityFactory(organisation=personas.bobs_org, status=OpportunityStatus.DRAFT)
        assert selectors.opportunities_visible_to(personas.bob).filter(pk=draft.pk).exists()
        for someone in (personas.dave, personas.alice.user, AnonymousUser()):
            assert not selectors.opportunities_visible_to(someone).filter(pk=draft.pk).exists()

    def test_published_opportunities_are_visible_to_everyone_once_each(self, personas):
        factories.MembershipFactory(organisation=personas.bobs_org)
        visible = selectors.opportunities_visible_to(personas.bob)
        assert list(visible.filter(pk=personas.opportunity.pk)) == [personas.opportunity]
        assert selectors.opportunities_visible_to(AnonymousUser()).filter(pk=personas.opportunity.pk).exists()

    def test_only_coordinators_manage_their_opportunities(self, personas):
        assert list(selectors.opportunities_managed_by(personas.bob)) == [personas.opportunity]
        assert not selectors.opportunities_managed_by(personas.dave).exists()
        assert not selectors.opportunities_managed_by(AnonymousUser()).exists()

    def test_a_volunteer_sees_only_their_own_applications(self, personas):
        assert list(selectors.applications_of_volunteer(personas.alice.user)) == [personas.application]
        assert not selectors.applications_of_volunteer(personas.charlie.user).exists()
        assert not selectors.applications_of_volunteer(AnonymousUser()).exists()

    def test_a_coordinator_sees_only_applications_to_their_organisation(self, personas):
        assert list(selectors.applications_managed_by(personas.bob)) == [personas.application]
        assert not selectors.applications_managed_by(personas.dave).exists()
        assert not selectors.applications_managed_by(personas.alice.user).exists()


class TestCounts:
    def test_live_application_is_a_submitted_or_accepted_one(self, personas):
        assert selectors.live_application(personas.alice, personas.opportunity) == personas.application
        assert selectors.live_application(personas.charlie, personas.opportunity) is None
        personas.application.status = "withdrawn"
        personas.application.save()
        assert selectors.live_application(personas.alice, personas.opportunity) is None

    def test_open_applications_are_counted_per_opportunity(self, personas):
        other = factories.OpportunityFactory(organisation=personas.bobs_org)
        factories.ApplicationFactory.create_batch(2, opportunity=other)
        factories.ApplicationFactory(opportunity=other, status="declined")
        counts = selectors.open_applications_count([personas.opportunity.pk, other.pk])
        assert counts == {personas.opportunity.pk: 1, other.pk: 2}

    def test_response_days_are_measured_per_answered_application(self, personas):
        submitted = timezone.now() - dt.timedelta(days=10)
        factories.ApplicationFactory(opportunity=personas.opportunity, submitted_at=submitted,
                                     first_response_at=submitted + dt.timedelta(hours=36))
        assert selectors.response_days_for_organisation(personas.bobs_org) == [1.5]
