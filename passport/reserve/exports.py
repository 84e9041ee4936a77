"""Reserve membership and call-outs, for a volunteer's data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.reserve.models import CallOut, ReserveMember
from passport.volunteers.export_sections import iso


def reserve_of_volunteer(volunteer: Any) -> dict[str, Any]:
    """Their standby settings and every call-out sent to them. Reply codes are left out: an open call-out's code
    still answers it, and the download may be kept or passed on."""
    member = ReserveMember.objects.filter(volunteer=volunteer).first()
    return {
        "membership": None if member is None else {
            "standby": member.get_standby_display(), "available_from": iso(member.available_from),
            "monthly_cap": member.monthly_cap, "travel_mode": member.get_travel_mode_display(),
            "last_called_at": iso(member.last_called_at),
        },
        "callouts": [
            {"incident": c.incident.title, "near": c.incident.postcode, "role": c.need.role, "wave": c.wave,
             "status": c.get_status_display(), "alerted_at": iso(c.created_at), "replied_at": iso(c.replied_at),
             "distance_metres": c.distance_m, "estimated_travel_minutes": c.travel_minutes}
            for c in CallOut.objects.filter(volunteer=volunteer).select_related("incident", "need")
        ],
    }
