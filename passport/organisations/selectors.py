"""Reads about organisations, scoped to the acting user where they are not public."""

from statistics import median
from typing import Any

from django.db.models import QuerySet

from passport.organisations.models import Invitation, Organisation


def organisations_of(actor: Any) -> QuerySet[Organisation]:
    """Organisations the actor coordinates for."""
    if not getattr(actor, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=actor)


def organisation_for_coordinator(actor: Any, organisation_id: Any) -> Organisation | None:
    return organisations_of(actor).filter(pk=organisation_id).first()


def invitation_for(actor: Any, invitation_id: Any) -> Invitation | None:
    if not getattr(actor, "is_authenticated", False) or not actor.email:
        return None
    return Invitation.objects.filter(pk=invitation_id, email__iexact=actor.email).select_related("organisation").first()


def median_response_days(organisation: Organisation) -> float | None:
    """Median days from application to the organisation's first reply, over answered applications."""
    from passport.opportunities.selectors import response_days_for_organisation

    days = response_days_for_organisation(organisation)
    return round(median(days), 1) if days else None


def assisted_volunteers(organisation: Organisation) -> list[Any]:
    """People the organisation's coordinators signed up, and whether they have taken over their account."""
    from passport.volunteers.models import Volunteer

    return list(
        Volunteer.objects.filter(assisted_organisation=organisation, erased_at__isnull=True)
        .select_related("user")
        .order_by("-created_at")[:100]
    )
