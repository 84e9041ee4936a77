"""Coordinators answer applications."""

from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.security import django_auth

from passport.api.schemas import Applicant, DecisionIn, Problem
from passport.opportunities import selectors, services
from passport.opportunities.models import Application

router = Router(tags=["Applications"], auth=django_auth)


@router.post(
    "/applications/{uuid:application_id}/decision",
    response={200: Applicant, 401: Problem, 404: Problem, 422: Problem},
    summary="Accept or decline an application to an opportunity you coordinate",
    url_name="application-decide",
)
def decide(request: HttpRequest, application_id: UUID, payload: DecisionIn) -> Application:
    """The volunteer is told either way, with your message. An application can be answered once."""
    application = get_object_or_404(selectors.applications_managed_by(request.user), pk=application_id)
    return services.application_decide(
        application=application, actor=request.user, accept=payload.decision == "accept", message=payload.message
    )
