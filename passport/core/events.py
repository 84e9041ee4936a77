"""Writing the append-only audit trail."""

from typing import Any

from django.db import models

from passport.core.models import AuditEvent


def record(*, actor: Any, verb: str, subject: models.Model, **data: Any) -> AuditEvent:
    """Append an audit event; call inside the service's transaction so it commits with the change."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        verb=verb,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        data=data,
    )
