"""The credentials issued to a volunteer, for their data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.credentials.models import Holder, IssuedCredential
from passport.volunteers.export_sections import iso


def credentials_of_volunteer(volunteer: Any) -> dict[str, Any]:
    """Their passport number and every credential issued to them (passports, badges, hours statements), with the
    signed credential itself, which is theirs to keep and show."""
    holder = Holder.objects.filter(volunteer=volunteer).first()
    return {
        "passport_number": holder.number if holder else None,
        "issued": [
            {"id": str(c.pk), "kind": c.get_kind_display(), "valid_from": iso(c.valid_from),
             "valid_until": iso(c.valid_until), "revoked_at": iso(c.revoked_at),
             "revoked_reason": c.revoked_reason, "credential": c.token}
            for c in IssuedCredential.objects.filter(volunteer=volunteer)
        ],
    }
