"""The vetting records about a volunteer, for their data download (passport.volunteers.export_sections)."""

from typing import Any

from passport.vetting.models import DbsCheck, IdentityCheck, Qualification, UpdateServiceSubscription
from passport.volunteers.export_sections import iso


def vetting_of_volunteer(volunteer: Any) -> dict[str, Any]:
    """Identity checks, DBS checks (the certificate's details and outcome as recorded: criminal record content is
    never stored), the Update Service subscription and qualifications. Officers are not named."""
    subscription = UpdateServiceSubscription.objects.filter(volunteer=volunteer).first()
    return {
        "identity_checks": [
            {"method": c.get_method_display(), "checked_on": iso(c.checked_on)}
            for c in IdentityCheck.objects.filter(volunteer=volunteer)
        ],
        "dbs_checks": [
            {"level": c.get_level_display(), "workforce": c.get_workforce_display(),
             "certificate_number": c.certificate_number, "issued_on": iso(c.issued_on),
             "outcome": c.get_outcome_display(), "decided_at": iso(c.decided_at)}
            for c in DbsCheck.objects.filter(volunteer=volunteer)
        ],
        "update_service": None if subscription is None else {
            "subscription_id": subscription.subscription_id,
            "consent_given_at": iso(subscription.consent_given_at),
            "consent_withdrawn_at": iso(subscription.consent_withdrawn_at),
            "last_checked_at": iso(subscription.last_checked_at),
            "last_result": subscription.get_last_result_display() if subscription.last_result else None,
        },
        "qualifications": [
            {"kind": q.get_kind_display(), "issued_on": iso(q.issued_on), "expires_on": iso(q.expires_on)}
            for q in Qualification.objects.filter(volunteer=volunteer)
        ],
    }
