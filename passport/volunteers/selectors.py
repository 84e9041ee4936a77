"""Reads of volunteers' personal data, always scoped to who is asking."""

from typing import Any

from django.db.models import Q, QuerySet

from passport.core.models import AuditEvent
from passport.core.taxonomy import LANGUAGE_LABELS, mask_to_slots
from passport.volunteers import export_sections
from passport.volunteers.models import Volunteer


def volunteer_of(actor: Any) -> Volunteer | None:
    """The acting user's own volunteer profile, if they have one."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=actor, erased_at__isnull=True).first()


def volunteers_visible_to(actor: Any) -> QuerySet[Volunteer]:
    """Volunteers whose profile the actor may read: themselves; for coordinators, people who applied to
    their organisation or whom their organisation signed up; staff see everyone."""
    if not getattr(actor, "is_authenticated", False):
        return Volunteer.objects.none()
    if actor.is_staff:
        return Volunteer.objects.all()
    orgs = actor.memberships.values("organisation_id")
    return Volunteer.objects.filter(
        Q(user=actor) | Q(applications__opportunity__organisation__in=orgs) | Q(assisted_organisation__in=orgs)
    ).distinct()


def live_streams(volunteer: Volunteer) -> list[str]:
    return list(volunteer.consents.filter(withdrawn_at__isnull=True).values_list("stream", flat=True))


def volunteer_export(*, volunteer: Volunteer) -> dict[str, Any]:
    """Everything we hold about a volunteer, for their subject access download: this app's records, then each
    section another app registered (export_sections: vetting, credentials, hours, reserve, support)."""
    user = volunteer.user
    return {
        "format": "volunteer-passport-export/1",
        "account": {"email": user.email, "joined": user.date_joined.isoformat()},
        "profile": {
            "id": str(volunteer.id),
            "first_name": volunteer.first_name,
            "last_name": volunteer.last_name,
            "date_of_birth": volunteer.date_of_birth.isoformat() if volunteer.date_of_birth else None,
            "mobile": volunteer.mobile,
            "postcode": volunteer.postcode,
            "local_authority": volunteer.la_code,
            "remote_only": volunteer.remote_only,
            "max_travel_metres": volunteer.max_travel_m,
            "availability": mask_to_slots(volunteer.availability),
            "skills": sorted(volunteer.skills.values_list("code", flat=True)),
            "causes": sorted(volunteer.causes.values_list("code", flat=True)),
            "languages": [{"code": c, "name": LANGUAGE_LABELS.get(c, c)} for c in volunteer.languages],
            "paused_until": volunteer.paused_until.isoformat() if volunteer.paused_until else None,
            "registered": volunteer.created_at.isoformat(),
            "signed_up_by_coordinator": volunteer.assisted_by_id is not None,
        },
        "consents": [
            {
                "stream": c.stream,
                "wording": c.wording,
                "method": c.method,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in volunteer.consents.all()
        ],
        "applications": [
            {
                "opportunity": a.opportunity.title,
                "organisation": a.opportunity.organisation.name,
                "status": a.status,
                "message": a.message,
                "submitted_at": a.submitted_at.isoformat(),
                "decided_at": a.decided_at.isoformat() if a.decided_at else None,
                "decision_message": a.decision_message,
            }
            for a in volunteer.applications.select_related("opportunity__organisation")
        ],
        "messages": [
            {"channel": m.channel, "to": m.to, "subject": m.subject, "body": m.body, "sent": m.created_at.isoformat()}
            for m in user.messages.all()
        ],
        "history": [
            {"at": e.at.isoformat(), "what": e.verb}
            for e in AuditEvent.objects.filter(subject_type="volunteers.volunteer", subject_id=str(volunteer.pk))
        ],
    } | {name: build(volunteer) for name, build in export_sections.sections()}
