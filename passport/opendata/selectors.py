"""Reads for open data. Everything here is public by design: only open opportunities, their organisations'
public details and controlled-list concepts, never a person (coordinators, applicants, creators)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from passport.core.models import LocalAuthority
from passport.core.taxonomy import DAYS, day_mask
from passport.opportunities.models import Opportunity, OpportunityStatus, ScheduleType, Shift


@dataclass(frozen=True)
class OpenFilter:
    area: str = ""  # a local authority GSS code, like E08000035
    updated_since: dt.datetime | None = None
    cause: str = ""
    skill: str = ""
    stream: str = ""
    search: str = ""
    min_age_at_least: int | None = None
    day: str = ""  # monday ... sunday


def _upcoming_shifts() -> Prefetch:
    return Prefetch("shifts", queryset=Shift.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at"))


def open_opportunities(flt: OpenFilter | None = None) -> QuerySet[Opportunity]:
    """Open opportunities still taking applications, oldest change first (so harvesters can resume from the
    last `updated_at` they saw), with what the open data formats show."""
    flt = flt or OpenFilter()
    today = timezone.localdate()
    qs = Opportunity.objects.filter(status=OpportunityStatus.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )
    if flt.area:
        qs = qs.filter(la_code=flt.area)
    if flt.updated_since is not None:
        qs = qs.filter(updated_at__gte=flt.updated_since)
    if flt.cause:
        qs = qs.filter(cause_id=flt.cause)
    if flt.skill:
        qs = qs.filter(Q(required_skills=flt.skill) | Q(desirable_skills=flt.skill)).distinct()
    if flt.stream:
        qs = qs.filter(stream=flt.stream)
    if flt.search:
        qs = qs.filter(Q(title__icontains=flt.search) | Q(description__icontains=flt.search))
    if flt.min_age_at_least is not None:
        qs = qs.filter(min_age__gte=flt.min_age_at_least)
    if flt.day:
        qs = _on_day(qs, flt.day)
    return with_details(qs).order_by("updated_at", "id")


def _on_day(qs: QuerySet[Opportunity], day: str) -> QuerySet[Opportunity]:
    """Weekly opportunities with a slot on that day, flexible ones (whenever suits), and those with a shift
    still to come that starts on that day (local time)."""
    week_day = (DAYS.index(day) + 1) % 7 + 1  # Django's week_day: Sunday is 1, Saturday is 7
    shifts = Shift.objects.filter(opportunity=OuterRef("pk"), ends_at__gte=timezone.now(), starts_at__week_day=week_day)
    weekly = Q(schedule_type=ScheduleType.WEEKLY, slot_overlap__gt=0)
    qs = qs.annotate(slot_overlap=F("weekly_slots").bitand(day_mask(day)), shift_on_day=Exists(shifts))
    return qs.filter(weekly | Q(schedule_type=ScheduleType.FLEXIBLE) | Q(schedule_type=ScheduleType.SHIFTS,
                                                                         shift_on_day=True))


def with_details(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return qs.select_related("organisation", "cause").prefetch_related(
        "required_skills", "desirable_skills", _upcoming_shifts()
    )


def published_opportunity(opportunity_id: Any) -> Opportunity | None:
    """An opportunity the public may see (open, filled or closed: never a draft), with its details."""
    qs = Opportunity.objects.exclude(status=OpportunityStatus.DRAFT).filter(pk=opportunity_id)
    return with_details(qs).first()


def local_authorities(codes: set[str]) -> dict[str, LocalAuthority]:
    """Names of the given local authorities, where the area list has been loaded."""
    return {la.code: la for la in LocalAuthority.objects.filter(code__in=codes)}
