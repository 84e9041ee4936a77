"""Reads of opportunities and applications. Search uses a bounding box on indexed easting and
northing before any distance is computed, so it never reads opportunities far from the searcher."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus

FAR_AWAY = 10**13  # sorts remote opportunities after every local one


class RemoteFilter:
    INCLUDE = "include"
    ONLY = "only"
    EXCLUDE = "exclude"


@dataclass(frozen=True)
class SearchQuery:
    easting: int | None = None
    northing: int | None = None
    radius_m: int = 16093  # 10 miles
    stream: str = ""
    cause: str = ""
    skill: str = ""
    slots_mask: int = 0
    remote: str = RemoteFilter.INCLUDE


def opportunity_search(query: SearchQuery, *, bounding_box: bool = True) -> QuerySet[Opportunity]:
    """Open opportunities matching the query, nearest first, each annotated with `distance_m2`.

    `bounding_box=False` is the naive plan (exact distance over every open row), kept as the benchmark's baseline.
    """
    qs = Opportunity.objects.filter(status=OpportunityStatus.OPEN)
    located = query.easting is not None and query.northing is not None
    if query.remote == RemoteFilter.ONLY or not located:
        where = Q(remote=True) if query.remote == RemoteFilter.ONLY else Q()
        if query.remote == RemoteFilter.EXCLUDE:
            where = Q(remote=False)
        qs = qs.filter(where).annotate(distance_m2=Value(None, output_field=BigIntegerField()))
        qs = _filters(qs, query)
        return qs.order_by("-published_at", "id")
    e, n, r = int(query.easting or 0), int(query.northing or 0), int(query.radius_m)
    d2 = ExpressionWrapper(
        (Cast(F("easting"), BigIntegerField()) - e) * (Cast(F("easting"), BigIntegerField()) - e)
        + (Cast(F("northing"), BigIntegerField()) - n) * (Cast(F("northing"), BigIntegerField()) - n),
        output_field=BigIntegerField(),
    )
    local = Q(remote=False)
    if bounding_box:
        local &= Q(easting__gte=e - r, easting__lte=e + r, northing__gte=n - r, northing__lte=n + r)
    where = local | Q(remote=True) if query.remote == RemoteFilter.INCLUDE else local
    qs = qs.filter(where).annotate(
        distance_m2=Case(When(remote=True, then=Value(FAR_AWAY)), default=d2, output_field=BigIntegerField())
    )
    within = Q(distance_m2__lte=r * r)
    qs = qs.filter(within | Q(remote=True) if query.remote == RemoteFilter.INCLUDE else within)
    qs = _filters(qs, query)
    return qs.order_by("distance_m2", "id")


def _filters(qs: QuerySet[Opportunity], query: SearchQuery) -> QuerySet[Opportunity]:
    if query.stream:
        qs = qs.filter(stream=query.stream)
    if query.cause:
        qs = qs.filter(cause_id=query.cause)
    if query.skill:
        required = Opportunity.required_skills.through.objects.filter(
            opportunity_id=OuterRef("pk"), skill_id=query.skill
        )
        desirable = Opportunity.desirable_skills.through.objects.filter(
            opportunity_id=OuterRef("pk"), skill_id=query.skill
        )
        qs = qs.filter(Exists(required) | Exists(desirable))
    if query.slots_mask:
        qs = qs.annotate(slot_overlap=F("weekly_slots").bitand(query.slots_mask)).filter(slot_overlap__gt=0)
    return qs


def opportunities_visible_to(actor: Any) -> QuerySet[Opportunity]:
    """Published opportunities for everyone; drafts only for the organisation's coordinators."""
    public = ~Q(status=OpportunityStatus.DRAFT)
    if getattr(actor, "is_authenticated", False):
        public |= Q(organisation__memberships__user=actor)
    return Opportunity.objects.filter(public).distinct().select_related("organisation", "cause")


def opportunities_managed_by(actor: Any) -> QuerySet[Opportunity]:
    """Opportunities the actor can edit: those of organisations they coordinate for."""
    if not getattr(actor, "is_authenticated", False):
        return Opportunity.objects.none()
    return Opportunity.objects.filter(organisation__memberships__user=actor).select_related("organisation", "cause")


def applications_of_volunteer(actor: Any) -> QuerySet[Application]:
    """The acting user's own applications."""
    if not getattr(actor, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(volunteer__user=actor).select_related("opportunity__organisation")


def applications_managed_by(actor: Any) -> QuerySet[Application]:
    """Applications to opportunities of organisations the actor coordinates for."""
    if not getattr(actor, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(opportunity__organisation__memberships__user=actor).select_related(
        "volunteer", "opportunity__organisation"
    )


def live_application(volunteer: Any, opportunity: Opportunity) -> Application | None:
    return Application.objects.filter(
        volunteer=volunteer,
        opportunity=opportunity,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED],
    ).first()


def response_days_for_organisation(organisation: Any) -> list[float]:
    rows = Application.objects.filter(
        opportunity__organisation=organisation, first_response_at__isnull=False
    ).values_list("submitted_at", "first_response_at")
    return [(answered - submitted).total_seconds() / 86400 for submitted, answered in rows]


def open_applications_count(opportunity_ids: list[Any]) -> dict[Any, int]:
    rows = (
        Application.objects.filter(opportunity_id__in=opportunity_ids, status=ApplicationStatus.SUBMITTED)
        .values("opportunity_id")
        .annotate(n=Count("id"))
    )
    return {r["opportunity_id"]: r["n"] for r in rows}
