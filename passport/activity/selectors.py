"""Reads of hours, milestones and credits, always scoped to who is asking."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from passport.activity.models import CreditEntry, EntryStatus, HoursEntry, HoursStatement, MilestoneAward
from passport.core.models import AuditEvent


def _signed_in(actor: Any) -> bool:
    return getattr(actor, "is_authenticated", False)


def entries_of_volunteer(actor: Any) -> QuerySet[HoursEntry]:
    """The acting volunteer's own entries, across every organisation."""
    if not _signed_in(actor):
        return HoursEntry.objects.none()
    return HoursEntry.objects.filter(volunteer__user=actor, volunteer__erased_at__isnull=True).select_related(
        "organisation", "opportunity"
    )


def entries_managed_by(actor: Any) -> QuerySet[HoursEntry]:
    """Entries for organisations the actor coordinates, and no others."""
    if not _signed_in(actor):
        return HoursEntry.objects.none()
    return HoursEntry.objects.filter(organisation__memberships__user=actor).select_related(
        "volunteer", "organisation", "opportunity"
    )


def entries_visible_to(actor: Any) -> QuerySet[HoursEntry]:
    """Entries the actor may read: their own, and their organisations' volunteers'."""
    if not _signed_in(actor):
        return HoursEntry.objects.none()
    return HoursEntry.objects.filter(
        Q(volunteer__user=actor) | Q(organisation__memberships__user=actor)
    ).distinct().select_related("volunteer", "organisation", "opportunity")


def totals_by_organisation(entries: QuerySet[HoursEntry]) -> list[dict[str, Any]]:
    """Confirmed and pending hours per organisation, largest first."""
    waiting = [EntryStatus.PENDING, EntryStatus.QUERIED, EntryStatus.DISPUTED]
    rows = (
        entries.order_by()
        .values("organisation_id", "organisation__name", "organisation__org_id")
        .annotate(
            confirmed=Sum("hours", filter=Q(status=EntryStatus.CONFIRMED), default=Decimal(0)),
            pending=Sum("hours", filter=Q(status__in=waiting), default=Decimal(0)),
            confirmed_entries=Count("id", filter=Q(status=EntryStatus.CONFIRMED)),
        )
    )
    return sorted(
        ({"organisation_id": r["organisation_id"], "name": r["organisation__name"], "org_id": r["organisation__org_id"],
          "confirmed": r["confirmed"], "pending": r["pending"], "entries": r["confirmed_entries"]} for r in rows),
        key=lambda r: (-r["confirmed"], r["name"]),
    )


def confirmed_total(volunteer: Any) -> Decimal:
    return HoursEntry.objects.filter(volunteer=volunteer, status=EntryStatus.CONFIRMED).aggregate(
        total=Sum("hours", default=Decimal(0))
    )["total"]


def credit_balance(volunteer: Any) -> Decimal:
    """The sum of the ledger: there is no stored balance to drift from it."""
    return CreditEntry.objects.filter(volunteer=volunteer).aggregate(total=Sum("amount", default=Decimal(0)))["total"]


def credits_of(actor: Any) -> QuerySet[CreditEntry]:
    if not _signed_in(actor):
        return CreditEntry.objects.none()
    return CreditEntry.objects.filter(volunteer__user=actor).select_related("organisation")


def milestones_of(actor: Any) -> QuerySet[MilestoneAward]:
    if not _signed_in(actor):
        return MilestoneAward.objects.none()
    return MilestoneAward.objects.filter(volunteer__user=actor).select_related("credential")


def statements_of(actor: Any) -> QuerySet[HoursStatement]:
    if not _signed_in(actor):
        return HoursStatement.objects.none()
    return HoursStatement.objects.filter(volunteer__user=actor).select_related("credential")


def entry_history(entry: HoursEntry) -> QuerySet[AuditEvent]:
    """Every change to an entry, oldest first, with who made it."""
    return AuditEvent.objects.filter(subject_type="activity.hoursentry", subject_id=str(entry.pk)).select_related(
        "actor"
    ).order_by("at", "id")


def hours_summary(volunteer: Any) -> dict[str, Decimal]:
    """The two figures the volunteer's home page shows."""
    entries = HoursEntry.objects.filter(volunteer=volunteer)
    return entries.aggregate(
        confirmed=Sum("hours", filter=Q(status=EntryStatus.CONFIRMED), default=Decimal(0)),
        pending=Sum("hours", filter=Q(status__in=[EntryStatus.PENDING, EntryStatus.QUERIED, EntryStatus.DISPUTED]),
                    default=Decimal(0)),
    )


def to_confirm_count(organisation: Any) -> int:
    """Entries waiting for the organisation: pending or disputed (queried ones wait for the volunteer)."""
    return HoursEntry.objects.filter(
        organisation=organisation, status__in=[EntryStatus.PENDING, EntryStatus.DISPUTED]
    ).count()


def accepted_opportunities(volunteer: Any) -> list[Any]:
    """Opportunities the volunteer has been accepted for: what they may log hours against."""
    from passport.opportunities.models import ApplicationStatus, Opportunity

    return list(
        Opportunity.objects.filter(applications__volunteer=volunteer, applications__status=ApplicationStatus.ACCEPTED)
        .select_related("organisation").distinct().order_by("title")
    )


def organisation_choices() -> list[tuple[str, str]]:
    """Every organisation, for informal help (which that organisation must still confirm)."""
    from passport.organisations.models import Organisation

    return [(str(pk), name) for pk, name in Organisation.objects.order_by("name").values_list("pk", "name")]


def organisation_by_id(organisation_id: Any) -> Any:
    from passport.organisations.models import Organisation

    return Organisation.objects.filter(pk=organisation_id).first()


def volunteers_of_organisation(organisation: Any) -> list[Any]:
    """Volunteers a coordinator may log hours for: those accepted for one of the organisation's opportunities, and
    those the organisation signed up."""
    from passport.opportunities.models import ApplicationStatus
    from passport.volunteers.models import Volunteer

    accepted = Q(applications__opportunity__organisation=organisation,
                 applications__status=ApplicationStatus.ACCEPTED)
    return list(
        Volunteer.objects.filter(accepted | Q(assisted_organisation=organisation), erased_at__isnull=True)
        .distinct().order_by("first_name", "last_name")
    )


def volunteer_by_passport_number(number: str) -> Any:
    from passport.credentials.models import Holder

    holder = Holder.objects.filter(number=number, volunteer__erased_at__isnull=True).select_related("volunteer").first()
    return holder.volunteer if holder else None


def passport_number_of(volunteer: Any) -> str | None:
    """The number a volunteer gives a partner organisation to spend credits; None until they hold a credential."""
    from passport.credentials.models import Holder

    return Holder.objects.filter(volunteer=volunteer).values_list("number", flat=True).first()
