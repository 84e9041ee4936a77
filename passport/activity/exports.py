"""Hours and recognition, for a volunteer's data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.activity.models import CreditEntry, HoursEntry, HoursStatement, MilestoneAward
from passport.volunteers.export_sections import iso


def hours_of_volunteer(volunteer: Any) -> dict[str, Any]:
    """Every hours entry (whoever logged it), milestones, the time-credit ledger and statements issued."""
    entries = HoursEntry.objects.filter(volunteer=volunteer).select_related("organisation", "opportunity")
    return {
        "entries": [
            {"date": iso(e.date), "hours": str(e.hours), "organisation": e.organisation.name,
             "opportunity": e.opportunity.title if e.opportunity else None, "description": e.description,
             "logged_by": e.get_logged_by_display(), "status": e.get_status_display(), "message": e.message,
             "decided_at": iso(e.decided_at), "logged_at": iso(e.created_at)}
            for e in entries.order_by("date", "created_at")
        ],
        "milestones": [
            {"milestone": m.get_milestone_display(), "reached_at": iso(m.created_at),
             "credential": str(m.credential_id)}
            for m in MilestoneAward.objects.filter(volunteer=volunteer)
        ],
        "time_credits": [
            {"at": iso(c.created_at), "kind": c.get_kind_display(), "amount": str(c.amount), "reason": c.reason,
             "organisation": c.organisation.name if c.organisation else None}
            for c in CreditEntry.objects.filter(volunteer=volunteer).select_related("organisation")
            .order_by("created_at")
        ],
        "statements": [
            {"issued_at": iso(s.created_at), "total_hours": str(s.total_hours), "credential": str(s.credential_id)}
            for s in HoursStatement.objects.filter(volunteer=volunteer)
        ],
    }
