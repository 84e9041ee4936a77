"""The credentials issued to a volunteer, for their data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.credentials.models import Holder, IssuedCredential


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def credentials_of_volunteer(volunteer: Any) -> dict[str, Any]:
    """Their passport number and every credential issued to them (passports, badges, hours statements), with the
    signed credential itself, which is theirs to keep and show."""
    holder = Holder.objects.filter(volunteer=volunteer).first()
    return {
        "passport_number": holder.number if holder else None,
        "issued": [
            {"id": str(c.pk), "kind": c.get_kind_display(), "valid_from": _date(c.valid_from),
             "valid_until": _date(c.valid_until), "revoked_at": _date(c.revoked_at),
             "revoked_reason": c.revoked_reason, "credential": c.token}
            for c in IssuedCredential.objects.filter(volunteer=volunteer)
        ],
    }
