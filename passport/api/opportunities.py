"""Public search and detail of opportunities; applying; a coordinator's view of applicants."""

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from passport.api.schemas import (
    Applicant,
    ApplicationIn,
    MyApplication,
    OpportunityDetail,
    Problem,
    SearchPage,
    SearchParams,
)
from passport.opportunities import selectors, services
from passport.opportunities.models import Application, Opportunity
from passport.volunteers.selectors import volunteer_of

router = Router(tags=["Opportunities"])


def _next_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page + 1)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get(
    "/opportunities",
    response={200: SearchPage, 422: Problem},
    summary="Search open opportunities, nearest first",
    url_name="opportunity-search",
)
def search_opportunities(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Open opportunities near a postcode (or everywhere, newest first, without one), with their distance in
    miles. Remote opportunities come after local ones unless `remote` says otherwise."""
    results = selectors.opportunity_search(params.to_query(), bounding_box=settings.SEARCH_SPATIAL_PREFILTER)
    count = results.count()
    offset = (params.page - 1) * params.page_size
    page: list[Opportunity] = []
    if offset < count:  # a page past the end is empty, however large its number
        page = list(
            results.select_related("organisation", "cause").prefetch_related("required_skills")[
                offset : offset + params.page_size
            ]
        )
    more = offset + params.page_size < count
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": _next_url(request, params.page) if more else None,
        "results": page,
    }


@router.get(
    "/opportunities/{uuid:opportunity_id}",
    response={200: OpportunityDetail, 404: Problem},
    summary="Read a published opportunity",
    url_name="opportunity-detail",
)
def opportunity_detail(request: HttpRequest, opportunity_id: UUID) -> Opportunity:
    """Everything a volunteer needs to decide whether to apply. Drafts are not found, except by their
    organisation's coordinators."""
    visible = selectors.opportunities_visible_to(request.user).prefetch_related(
        "required_skills", "desirable_skills", "shifts"
    )
    return get_object_or_404(visible, pk=opportunity_id)


@router.post(
    "/opportunities/{uuid:opportunity_id}/applications",
    auth=django_auth,
    response={201: MyApplication, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="Apply for an opportunity as the signed-in volunteer",
    url_name="opportunity-apply",
)
def apply(request: HttpRequest, opportunity_id: UUID, payload: ApplicationIn) -> Status:
    """The organisation's coordinators are told. A volunteer who is not eligible gets a 422 problem whose
    `reasons` say why."""
    opportunity = get_object_or_404(selectors.opportunities_visible_to(request.user), pk=opportunity_id)
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise HttpError(403, "Sign up as a volunteer before you apply")
    application = services.application_submit(opportunity=opportunity, volunteer=volunteer, message=payload.message)
    return Status(201, application)


@router.get(
    "/opportunities/{uuid:opportunity_id}/applicants",
    auth=django_auth,
    response={200: list[Applicant], 401: Problem, 404: Problem},
    summary="List the applicants for an opportunity you coordinate",
    url_name="opportunity-applicants",
)
def applicants(request: HttpRequest, opportunity_id: UUID) -> list[Application]:
    """Newest first. Shows what a coordinator needs to answer: never an applicant's date of birth, email,
    phone or postcode."""
    opportunity = get_object_or_404(selectors.opportunities_managed_by(request.user), pk=opportunity_id)
    applications = selectors.applications_managed_by(request.user).filter(opportunity=opportunity)
    return list(applications.prefetch_related("volunteer__skills"))
