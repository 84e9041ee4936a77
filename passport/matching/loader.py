"""From the database to the engine's arrays, in bulk: values lists and vectorised bit-setting, never a
model instance per volunteer. Positions in the arrays map back to primary keys through the returned lists."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Max, Q
from django.utils import timezone

from passport.core.models import Cause, Skill
from passport.core.taxonomy import LANGUAGES
from passport.matching.engine import types as engine
from passport.matching.models import Offer, OfferStatus
from passport.opportunities.models import (
    Application,
    ApplicationStatus,
    Opportunity,
    OpportunityStatus,
    ScheduleType,
    Shift,
)
from passport.organisations.models import SMALL_BANDS
from passport.vetting import validity
from passport.vetting.models import DbsCheck, Outcome, UpdateServiceSubscription
from passport.vetting.selectors import rules
from passport.volunteers.models import StreamConsent, Volunteer

EPOCH = dt.date(1970, 1, 1)
LANGUAGE_BIT = {code: i for i, (code, _label) in enumerate(LANGUAGES)}
STREAM_CODE = {name: i for i, name in enumerate(engine.STREAM_NAMES)}
REQUIREMENT_RANK = validity.REQUIREMENT_RANK


@dataclass
class Pool:
    volunteers: engine.Volunteers
    opportunities: engine.Opportunities
    volunteer_pks: list[Any]
    opportunity_pks: list[Any]
    excluded_pairs: np.ndarray  # int64 keys vol * n_opps + opp that must not be proposed again


def _bitset(rows: list[tuple[Any, int]], index: dict[Any, int], n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.uint64)
    if rows:
        pos = np.fromiter((index[pk] for pk, _bit in rows if pk in index), dtype=np.int64)
        bits = np.fromiter((bit for pk, bit in rows if pk in index), dtype=np.uint64)
        np.bitwise_or.at(out, pos, np.left_shift(np.uint64(1), bits))
    return out


def _days(day: dt.date) -> int:
    return (day - EPOCH).days


def _vetting(index: dict[Any, int], n: int, today: dt.date, chosen: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each volunteer's best current check: its rank and the last day it counts."""
    rank = np.zeros(n, dtype=np.int8)
    until = np.zeros(n, dtype=np.int32)
    status = {
        v: (checked.date() if checked else None, result)
        for v, checked, result in UpdateServiceSubscription.objects.filter(
            consent_withdrawn_at__isnull=True, volunteer_id__in=chosen
        )
        .values_list("volunteer_id", "last_checked_at", "last_result")
    }
    the_rules = rules()
    for v, level, workforce, issued, outcome in DbsCheck.objects.filter(
        outcome=Outcome.SUITABLE, volunteer_id__in=chosen
    ).values_list(
        "volunteer_id", "level", "workforce", "issued_on", "outcome"
    ):
        if v not in index:
            continue
        last, result = status.get(v, (None, ""))
        ends = validity.valid_until(validity.CheckFacts(level, workforce, issued, outcome, last, result), the_rules)
        if ends is None or ends < today:
            continue
        i = index[v]
        level_rank = validity.LEVEL_RANK[level]
        if level_rank > rank[i] or (level_rank == rank[i] and _days(ends) > until[i]):
            rank[i], until[i] = level_rank, _days(ends)
    return rank, until


def load(*, today: dt.date | None = None, now: dt.datetime | None = None, opportunity: Any = None) -> Pool:
    """Everyone who can be matched now, and every open place, as engine arrays.

    With `opportunity`, only that one (if open) and the volunteers who could reach it: those inside the
    bounding box of the longest travel distance anyone gave, plus everyone when it is remote."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    live_offer = Q(offers__status=OfferStatus.PROPOSED)
    volunteers = (
        Volunteer.objects.filter(erased_at__isnull=True, user__is_active=True)
        .exclude(paused_until__gte=today)
        .exclude(live_offer)
    )
    if opportunity is not None and not opportunity.remote and opportunity.easting is not None:
        reach = volunteers.aggregate(reach=Max("max_travel_m"))["reach"] or 0
        e, n_ = opportunity.easting, opportunity.northing
        volunteers = volunteers.filter(easting__range=(e - reach, e + reach), northing__range=(n_ - reach, n_ + reach))
    vol_rows = list(
        volunteers.values_list("pk", "easting", "northing", "max_travel_m", "remote_only", "availability",
                               "date_of_birth", "languages")
    )
    vpk = [r[0] for r in vol_rows]
    vindex = {pk: i for i, pk in enumerate(vpk)}
    n = len(vpk)
    dob = [r[6] for r in vol_rows]
    ages = np.array([(today.year - d.year - ((today.month, today.day) < (d.month, d.day))) if d else 0 for d in dob],
                    dtype=np.int16)
    language_rows = [(r[0], LANGUAGE_BIT[c]) for r in vol_rows for c in (r[7] or []) if c in LANGUAGE_BIT]
    skill_bit = dict(Skill.objects.values_list("code", "bit"))
    cause_bit = dict(Cause.objects.values_list("code", "bit"))
    chosen = volunteers.values("pk")
    vskills = _bitset([(v, skill_bit[s]) for v, s in Volunteer.skills.through.objects.filter(
        volunteer_id__in=chosen).values_list("volunteer_id", "skill_id")], vindex, n)
    vcauses = _bitset([(v, cause_bit[c]) for v, c in Volunteer.causes.through.objects.filter(
        volunteer_id__in=chosen).values_list("volunteer_id", "cause_id")], vindex, n)
    streams = np.zeros(n, dtype=np.uint8)
    for v, stream in StreamConsent.objects.filter(withdrawn_at__isnull=True, volunteer_id__in=chosen).values_list(
        "volunteer_id", "stream"
    ):
        if v in vindex and stream in STREAM_CODE:
            streams[vindex[v]] |= np.uint8(1 << (STREAM_CODE[stream] - 1))
    rank, until = _vetting(vindex, n, today, chosen)
    last_offer = dict(Offer.objects.values("volunteer_id").annotate(last=Max("created_at"))
                      .values_list("volunteer_id", "last"))
    joined = dict(Volunteer.objects.filter(pk__in=vpk).values_list("pk", "created_at"))
    waiting = np.array([(now - (last_offer.get(pk) or joined[pk])).days for pk in vpk], dtype=np.int32)
    volunteers = engine.Volunteers(
        id=np.arange(n),
        easting=np.array([r[1] if r[1] is not None else np.nan for r in vol_rows], dtype=np.float64),
        northing=np.array([r[2] if r[2] is not None else np.nan for r in vol_rows], dtype=np.float64),
        max_travel_m=np.array([r[3] for r in vol_rows], dtype=np.int32),
        remote_only=np.array([r[4] for r in vol_rows], dtype=bool),
        skills=vskills, causes=vcauses,
        availability=np.array([r[5] for r in vol_rows], dtype=np.uint32),
        languages=_bitset(language_rows, vindex, n),
        vetting_rank=rank, vetting_valid_until=until, age=ages, streams=streams,
        capacity=np.ones(n, dtype=np.int32), days_since_offered=waiting,
    )
    opportunities, opk = _opportunities(today, now, skill_bit, cause_bit, opportunity)
    return Pool(volunteers, opportunities, vpk, opk, _excluded(vindex, {pk: i for i, pk in enumerate(opk)}, len(opk)))


def _opportunities(today: dt.date, now: dt.datetime, skill_bit: dict[str, int], cause_bit: dict[str, int],
                   only: Any = None):
    taken = Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED), distinct=True)
    offered = Count("offers", filter=Q(offers__status=OfferStatus.PROPOSED), distinct=True)
    rows = list(
        Opportunity.objects.filter(status=OpportunityStatus.OPEN, **({"pk": only.pk} if only is not None else {}))
        .annotate(taken=taken, offered=offered)
        .order_by("published_at", "pk")
        .values_list("pk", "easting", "northing", "remote", "places", "taken", "offered", "cause_id", "weekly_slots",
                     "schedule_type", "min_dbs_level", "min_age", "stream", "organisation__income_band",
                     "published_at")
    )
    opk = [r[0] for r in rows]
    oindex = {pk: i for i, pk in enumerate(opk)}
    m = len(opk)
    next_shift: dict[Any, dt.date] = {}
    for o, starts in Shift.objects.filter(
        opportunity_id__in=opk, starts_at__gte=now
    ).order_by("starts_at").values_list("opportunity_id", "starts_at"):
        next_shift.setdefault(o, timezone.localtime(starts).date())
    through_req = Opportunity.required_skills.through.objects.filter(opportunity_id__in=opk)
    through_des = Opportunity.desirable_skills.through.objects.filter(opportunity_id__in=opk)
    return engine.Opportunities(
        id=np.arange(m),
        easting=np.array([r[1] if r[1] is not None else np.nan for r in rows], dtype=np.float64),
        northing=np.array([r[2] if r[2] is not None else np.nan for r in rows], dtype=np.float64),
        remote=np.array([r[3] for r in rows], dtype=bool),
        places_left=np.array([max(r[4] - r[5] - r[6], 0) for r in rows], dtype=np.int32),
        required_skills=_bitset([(o, skill_bit[s]) for o, s in through_req.values_list("opportunity_id", "skill_id")],
                                oindex, m),
        desirable_skills=_bitset([(o, skill_bit[s]) for o, s in through_des.values_list("opportunity_id", "skill_id")],
                                 oindex, m),
        causes=_bitset([(r[0], cause_bit[r[7]]) for r in rows], oindex, m),
        slots=np.array([0 if r[9] == ScheduleType.FLEXIBLE else r[8] for r in rows], dtype=np.uint32),
        min_vetting_rank=np.array([REQUIREMENT_RANK.get(r[10], 0) for r in rows], dtype=np.int8),
        min_age=np.array([r[11] for r in rows], dtype=np.int16),
        stream=np.array([STREAM_CODE.get(r[12], 0) for r in rows], dtype=np.uint8),
        shift_day=np.array([_days(next_shift.get(r[0], today)) for r in rows], dtype=np.int32),
        small_org=np.array([r[13] in SMALL_BANDS for r in rows], dtype=bool),
        days_open_unfilled=np.array([(now - r[14]).days if r[14] else 0 for r in rows], dtype=np.int32),
    ), opk


def _excluded(vindex: dict[Any, int], oindex: dict[Any, int], m: int) -> np.ndarray:
    """Pairs never to propose: they applied already, or declined or were passed over for it before."""
    pairs: defaultdict[Any, set[Any]] = defaultdict(set)
    for v, o in Application.objects.values_list("volunteer_id", "opportunity_id"):
        pairs[v].add(o)
    for v, o in Offer.objects.exclude(status=OfferStatus.EXPIRED).values_list("volunteer_id", "opportunity_id"):
        pairs[v].add(o)
    keys = [vindex[v] * m + oindex[o] for v, opps in pairs.items() if v in vindex for o in opps if o in oindex]
    return np.array(sorted(keys), dtype=np.int64)
