"""Organisations the signed-in user coordinates for, and their opportunities including drafts."""

from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.security import django_auth

from passport.api.schemas import ManagedOpportunity, MyOrganisation, Problem
from passport.opportunities.models import Opportunity
from passport.opportunities.selectors import opportunities_managed_by
from passport.organisations.selectors import organisation_for_coordinator, organisations_of

router = Router(tags=["Organisations"], auth=django_auth)


@router.get(
    "/organisations/mine",
    response={200: list[MyOrganisation], 401: Problem},
    summary="List the organisations you coordinate for",
    url_name="my-organisations",
)
def my_organisations(request: HttpRequest) -> list[object]:
    return list(organisations_of(request.user))


@router.get(
    "/organisations/{uuid:organisation_id}/opportunities",
    response={200: list[ManagedOpportunity], 401: Problem, 404: Problem},
    summary="List an organisation's opportunities, drafts included, if you coordinate for it",
    url_name="organisation-opportunities",
)
def organisation_opportunities(request: HttpRequest, organisation_id: UUID) -> list[Opportunity]:
    organisation = organisation_for_coordinator(request.user, organisation_id)
    if organisation is None:
        raise Http404
    return list(opportunities_managed_by(request.user).filter(organisation=organisation).order_by("-created_at"))
