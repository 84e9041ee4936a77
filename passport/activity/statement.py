"""The shape of a signed statement of confirmed hours: a W3C Verifiable Credential, pure data in, dict out."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from passport.credentials.vc import VC_CONTEXT, Issuer, iso

STATEMENT_TYPE = "VolunteerHoursStatement"


def hours_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def statement_credential(
    issuer: Issuer, *, credential_id: uuid.UUID, holder_id: str, name: str, total: Decimal,
    organisations: list[dict[str, Any]], first_date: dt.date | None, last_date: dt.date | None,
    valid_from: dt.datetime, status: dict[str, str],
) -> dict[str, Any]:
    """Confirmed hours by organisation, as the organisations confirmed them; nothing pending or disputed."""
    subject: dict[str, Any] = {
        "id": f"urn:vp:passport:{holder_id}",
        "type": "VolunteerHoursRecord",
        "name": name,
        "passportNumber": holder_id,
        "confirmedHours": hours_text(total),
        "organisations": [
            {"name": o["name"], "identifier": o["org_id"], "confirmedHours": hours_text(o["confirmed"]),
             "entries": o["entries"]}
            for o in organisations
        ],
    }
    if first_date and last_date:
        subject["period"] = {"from": first_date.isoformat(), "to": last_date.isoformat()}
    return {
        "@context": [VC_CONTEXT, issuer.context],
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", STATEMENT_TYPE],
        "issuer": {"id": issuer.id, "name": issuer.name},
        "validFrom": iso(valid_from),
        "name": "Statement of confirmed volunteering hours",
        "credentialSubject": subject,
        "credentialStatus": status,
    }
