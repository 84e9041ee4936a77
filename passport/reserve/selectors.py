"""Reads for the reserve, scoped to the person asking: controllers see incidents, volunteers their own call-outs."""

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from passport.accounts.models import Role
from passport.core.choices import Stream
from passport.reserve.models import (
    CallOut,
    CallOutEvent,
    CallOutEventKind,
    CallOutStatus,
    Incident,
    IncidentStatus,
    Reply,
    ReserveMember,
    Standby,
)
from passport.vetting.models import QualificationKind


def is_controller(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.has_role(Role.RESERVE_CONTROLLER)


def incidents_visible_to(actor: Any) -> QuerySet[Incident]:
    """Every incident, for reserve controllers only."""
    if not is_controller(actor):
        return Incident.objects.none()
    return Incident.objects.select_related("declared_by", "approved_by")


def callouts_of_volunteer(actor: Any) -> QuerySet[CallOut]:
    """The signed-in volunteer's own call-outs, newest first."""
    if not getattr(actor, "is_authenticated", False):
        return CallOut.objects.none()
    return (CallOut.objects.filter(volunteer__user=actor).select_related("incident", "need")
            .order_by("-created_at"))


def open_callouts_of_volunteer(actor: Any) -> QuerySet[CallOut]:
    return callouts_of_volunteer(actor).filter(incident__status="open",
                                               status__in=[CallOutStatus.ALERTED, CallOutStatus.CONFIRMED,
                                                           CallOutStatus.STANDBY])


@dataclass
class Membership:
    member: ReserveMember | None
    reasons: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def on_standby(self) -> bool:
        if not self.ok:
            return False
        if self.member is None:
            return True  # available now until they say otherwise
        if self.member.standby == Standby.FROM_DATE:
            return self.member.available_from is not None and self.member.available_from <= timezone.localdate()
        return self.member.standby == Standby.AVAILABLE


def membership(volunteer: Any, on: dt.date | None = None) -> Membership:
    """Whether the volunteer can be called out, and what they still need if not."""
    from passport.vetting.selectors import current_qualifications

    day = on or timezone.localdate()
    reasons = []
    if not volunteer.consents.filter(stream=Stream.RESERVE, withdrawn_at__isnull=True).exists():
        reasons.append("Agree to be contacted by the National Volunteer Reserve on your details page")
    if not current_qualifications(volunteer, on=day).filter(kind=QualificationKind.RESERVE_INDUCTION).exists():
        reasons.append("Complete the reserve induction; a vetting officer records it")
    if volunteer.easting is None:
        reasons.append("Add your postcode, so we know which incidents are near you")
    return Membership(ReserveMember.objects.filter(volunteer=volunteer).first(), reasons)


def incident_report(incident: Incident) -> dict[str, Any]:
    """Alerted, confirmed, standby, declined and no reply, per role and per wave, for the live page."""
    def tally(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, dict[str, int]]:
        out: dict[Any, dict[str, int]] = {}
        for row in rows:
            counts = out.setdefault(row[key], {s: 0 for s in CallOutStatus.values} | {"sent": 0})
            counts[row["status"]] += row["n"]
            counts["sent"] += row["n"]
        return out

    callouts = CallOut.objects.filter(incident=incident)
    delivered = dict(callouts.filter(Q(email_message__status="delivered") | Q(sms_message__status="delivered"))
                     .values_list("need").annotate(n=Count("pk")))
    by_need = tally(callouts.values("need", "status").annotate(n=Count("pk")), "need")
    by_wave = tally(callouts.values("wave", "status").annotate(n=Count("pk")), "wave")
    empty = {s: 0 for s in CallOutStatus.values} | {"sent": 0}
    needs = [(need, by_need.get(need.pk, empty) | {"delivered": delivered.get(need.pk, 0)})
             for need in incident.needs.select_related("skill")]
    waves = sorted(by_wave.items())
    totals = {k: sum(c[k] for _, c in needs) for k in empty | {"delivered": 0}}
    count, confirmed = sum(n.count for n, _ in needs), sum(n.confirmed for n, _ in needs)
    accepted = totals["confirmed"] + totals["standby"] + totals["withdrawn"]  # said yes, as wave_send counts
    replied = accepted + totals["declined"]
    # When the last place held now was confirmed: a place given back and taken from standby counts from then, not
    # from when its new holder first said yes.
    last_confirmed = CallOutEvent.objects.filter(callout__incident=incident, callout__status=CallOutStatus.CONFIRMED,
                                                 kind=CallOutEventKind.CONFIRMED).aggregate(at=Max("at"))["at"]
    filled_after = last_confirmed - incident.created_at if last_confirmed and confirmed >= count else None
    return {"needs": needs, "waves": waves, "totals": totals, "count": count, "confirmed": confirmed,
            "acceptance_rate": round(100 * accepted / replied) if replied else None,
            "alerts_per_confirmed": round(totals["sent"] / confirmed, 1) if confirmed else None,
            "filled_minutes": round(filled_after.total_seconds() / 60) if filled_after is not None else None}


def people_confirmed(incident: Incident) -> QuerySet[CallOut]:
    return (CallOut.objects.filter(incident=incident, status__in=[CallOutStatus.CONFIRMED, CallOutStatus.STANDBY])
            .select_related("volunteer__reserve", "need").order_by("need__created_at", "status", "replied_at"))


@dataclass(frozen=True)
class LinkedCallOut:
    """What a reply link's page shows of the call-out it names."""

    pk: uuid.UUID
    status: str
    title: str
    role: str
    postcode: str
    starts_at: dt.datetime
    incident_open: bool


def callout_for_link(callout_id: str) -> LinkedCallOut | None:
    """The call-out a signed reply link names: the signature, checked by the caller, is the authority. Only the
    columns its page shows: the link is answered in bursts, and a whole call-out with its incident and need
    took longer to read than the rest of the request."""
    rows = list(CallOut.objects.filter(pk=callout_id).order_by().values_list(
        "pk", "status", "incident__title", "need__role", "incident__postcode", "incident__starts_at",
        "incident__status")[:1])
    if not rows:
        return None
    pk, status, title, role, postcode, starts_at, incident_status = rows[0]
    return LinkedCallOut(pk, status, title, role, postcode, starts_at, incident_status == IncidentStatus.OPEN)


def reply_waiting(callout_id: Any) -> bool | None:
    """Whether the reply stored for this call-out and not yet applied says yes; None when none is waiting."""
    return (Reply.objects.filter(callout_id=callout_id, outcome="").order_by("pk")
            .values_list("accept", flat=True).first())
