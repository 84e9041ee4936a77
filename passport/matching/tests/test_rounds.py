import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passport.accounts.models import Role
from passport.accounts.services import role_grant
from passport.matching import services
from passport.matching.models import MatchingRound, Offer, OfferStatus, RoundStatus
from passport.notifications.models import Message
from passport.opportunities.models import Application, ApplicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """Charlie is free and near a second opportunity of Bob's; Alice already applied to the first."""
    second = factories.OpportunityFactory(organisation=personas.bobs_org, title="Befriending caller", places=1,
                                          at=factories.LEEDS_HEADINGLEY)
    far = factories.OpportunityFactory(organisation=personas.daves_org, title="London helper", at=factories.LONDON)
    return personas, second, far


def run_round():
    matching_round = services.round_request(actor=None)
    return services.round_run(round_id=matching_round.pk, in_process=True)


def test_a_round_offers_each_free_volunteer_a_nearby_place_with_reasons(world):
    personas, second, far = world
    matching_round = run_round()
    assert matching_round.status == RoundStatus.COMPLETED, matching_round.error
    offers = {(o.volunteer_id, o.opportunity_id): o for o in Offer.objects.all()}
    assert (personas.alice.pk, personas.opportunity.pk) not in offers  # she applied already
    assert all(opportunity_id != far.pk for _v, opportunity_id in offers)  # London is out of range
    charlie = [o for (v, _o), o in offers.items() if v == personas.charlie.pk]
    assert len(charlie) == 1
    assert charlie[0].reasons["distance_km"] < 16
    assert set(charlie[0].reasons["cost_parts"]) >= {"distance", "rotation"}
    assert Message.objects.filter(template="offer_made", to="charlie@example.org").exists()


def test_the_report_compares_the_round_with_first_come_nearest(world):
    report = run_round().report
    assert report["round"]["places_filled"] >= report["first_come_nearest"]["places_filled"]
    assert set(report["round"]) >= {"places", "places_filled", "mean_km", "small_org_fill", "unmatched_by_reason"}


def test_accepting_an_offer_makes_an_accepted_application(world):
    personas, second, _far = world
    run_round()
    offer = Offer.objects.get(volunteer=personas.charlie)
    application = services.offer_accept(offer=offer, volunteer=personas.charlie)
    assert application.status == ApplicationStatus.ACCEPTED
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_a_declined_offer_is_not_offered_again(world):
    personas, _second, _far = world
    run_round()
    offer = Offer.objects.get(volunteer=personas.charlie)
    services.offer_decline(offer=offer, volunteer=personas.charlie, reason="too_far")
    run_round()
    assert not Offer.objects.filter(volunteer=personas.charlie, opportunity=offer.opportunity,
                                    status=OfferStatus.PROPOSED).exists()


def test_offers_expire_and_free_their_places(world):
    personas, _second, _far = world
    run_round()
    assert services.offers_expire(now=timezone.now() + dt.timedelta(days=4)) == Offer.objects.count()
    assert not Offer.objects.filter(status=OfferStatus.PROPOSED).exists()


def test_an_empty_pool_completes_with_no_offers(db):
    matching_round = run_round()
    assert matching_round.status == RoundStatus.COMPLETED
    assert matching_round.report["round"]["places_filled"] == 0


def test_a_failing_round_writes_nothing_and_says_why(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(services, "match", broken)
    matching_round = run_round()
    assert matching_round.status == RoundStatus.FAILED and "solver exploded" in matching_round.error
    assert not Offer.objects.exists()


def test_someone_else_cannot_accept_an_offer(world):
    personas, _second, _far = world
    run_round()
    offer = Offer.objects.get(volunteer=personas.charlie)
    before = Application.objects.count()
    with pytest.raises(ValidationError):
        services.offer_accept(offer=offer, volunteer=personas.alice)
    assert Application.objects.count() == before
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PROPOSED


class TestPages:
    def test_the_volunteer_sees_matched_for_you_and_accepts(self, world, client_for):
        personas, _second, _far = world
        run_round()
        client = client_for(personas.charlie)
        page = client.get("/volunteer/").content.decode()
        assert "Matched for you" in page and "km away" in page
        offer = Offer.objects.get(volunteer=personas.charlie)
        assert client.post(f"/matching/offers/{offer.pk}/accept").status_code == 302
        assert Application.objects.filter(volunteer=personas.charlie, status="accepted").exists()

    def test_nobody_else_can_answer_an_offer(self, world, client_for):
        personas, _second, _far = world
        run_round()
        offer = Offer.objects.get(volunteer=personas.charlie)
        assert client_for(personas.alice).post(f"/matching/offers/{offer.pk}/accept").status_code == 404
        assert client_for(personas.dave).post(f"/matching/offers/{offer.pk}/coordinate",
                                              {"action": "pass"}).status_code == 404

    def test_the_coordinator_sees_proposed_volunteers_and_can_pass(self, world, client_for):
        personas, _second, _far = world
        run_round()
        offer = Offer.objects.get(volunteer=personas.charlie)
        client = client_for(personas.bob)
        page = client.get(f"/opportunities/{offer.opportunity_id}/applicants").content.decode()
        assert "Proposed by matching" in page and "Charlie" in page
        client.post(f"/matching/offers/{offer.pk}/coordinate", {"action": "pass"})
        offer.refresh_from_db()
        assert offer.status == OfferStatus.PASSED

    def test_the_shortlist_lists_fitting_volunteers_nearby(self, world, client_for):
        personas, second, _far = world
        page = client_for(personas.bob).get(f"/opportunities/{second.pk}/applicants?shortlist=1").content.decode()
        assert "Volunteers nearby who fit" in page and "Charlie" in page

    def test_an_administrator_runs_a_round_and_reads_its_report(self, world, client_for):
        personas, _second, _far = world
        admin = factories.UserFactory(email="ada@example.org")
        role_grant(user=admin, role=Role.ADMINISTRATOR)
        client = client_for(admin)
        response = client.post("/matching/")
        assert response.status_code == 302
        report = client.get(response["Location"]).content.decode()
        assert "This round against first come, nearest first" in report
        assert MatchingRound.objects.get().status == RoundStatus.COMPLETED

    @pytest.mark.parametrize("who", ["alice", "bob"])
    def test_volunteers_and_coordinators_cannot_run_rounds(self, world, client_for, who):
        personas, _second, _far = world
        client = client_for(getattr(personas, who))
        assert client.get("/matching/").status_code == 404
        assert client.post("/matching/").status_code == 404
        assert not MatchingRound.objects.exists()


def test_the_shortlist_reads_only_volunteers_who_could_reach_the_opportunity(world):
    from passport.matching import loader

    personas, _second, far = world
    pool = loader.load(opportunity=far)
    assert pool.opportunity_pks == [far.pk]
    assert personas.alice.pk not in pool.volunteer_pks and personas.charlie.pk not in pool.volunteer_pks
    near = loader.load(opportunity=personas.opportunity)
    assert personas.charlie.pk in near.volunteer_pks
