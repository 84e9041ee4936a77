"""The append-only history of vetting: decisions, status checks, expiries. Written in the same transaction
as the change it records (passport.core.events), never updated or deleted."""

from typing import Any

from django.db import models

from passport.core import events


def vetting_event(*, actor: Any, verb: str, subject: models.Model, **data: Any) -> None:
    events.record(actor=actor, verb=f"vetting.{verb}", subject=subject, **data)
