"""Statistical disclosure control: every public figure goes through `protect` (or `protect_parts` for a total
shown beside its parts), so that no published number lets a person be singled out. Rules: docs/impact.md.

- A count below 10 is suppressed ("[c]"); other counts are rounded to the nearest 5.
- A rate, median or sum derived from fewer than 10 underlying records (people, opportunities, needs) is
  suppressed; others are rounded to a stated precision.
- Secondary suppression: when a total is shown beside its parts, a part is never the only one suppressed, since
  the total less the others would give it back; the smallest shown part is suppressed with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

THRESHOLD = 10
ROUND_TO = 5
SUPPRESSED = "[c]"  # confidential, as ONS marks it
NOT_AVAILABLE = "[x]"  # not available: nothing to compute from


@dataclass(frozen=True)
class Figure:
    value: float | None
    text: str
    suppressed: bool

    def __str__(self) -> str:
        return self.text


# How each unit is rounded and written once it may be shown.
UNITS = {"count", "hours", "gbp", "percent", "days", "minutes"}


def round_to_base(value: float, base: int = ROUND_TO) -> int:
    """Round half up to the nearest multiple of `base` (Python's round() would round halves to even)."""
    return int(math.floor(value / base + 0.5)) * base


def _text(value: float, unit: str) -> str:
    if unit == "gbp":
        return f"£{value:,.0f}"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit == "days":
        return f"{value:,.1f}"
    if unit == "minutes":
        return f"{value:,.0f}"
    return f"{value:,.0f}"


def _rounded(value: float, unit: str, *, count_based: bool) -> float:
    if count_based or unit in {"count", "hours", "gbp"}:
        return float(round_to_base(value))
    if unit == "percent" or unit == "minutes":
        return float(math.floor(value + 0.5))
    return math.floor(value * 10 + 0.5) / 10


def not_available() -> Figure:
    return Figure(value=None, text=NOT_AVAILABLE, suppressed=False)


def suppressed() -> Figure:
    return Figure(value=None, text=SUPPRESSED, suppressed=True)


def exact(value: float | None, *, unit: str = "count") -> Figure:
    """A figure without disclosure control, for people entitled to the detail (an organisation's own numbers)."""
    if value is None:
        return not_available()
    if unit in {"count", "hours"} and float(value).is_integer():
        return Figure(value=float(value), text=f"{value:,.0f}", suppressed=False)
    if unit == "hours":
        return Figure(value=float(value), text=f"{value:,.2f}".rstrip("0").rstrip("."), suppressed=False)
    return Figure(value=float(value), text=_text(float(value), unit), suppressed=False)


def protect(value: float | None, *, count_based: bool = True, base: int | None = None,
            unit: str = "count") -> Figure:
    """The public form of one figure: suppressed when it (or, for a rate, median or sum, the number of records
    behind it, `base`) is below 10, otherwise rounded. None means there was nothing to compute from."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}")
    if count_based:
        if value is None:
            return not_available()
        if value < THRESHOLD:
            return suppressed()
    else:
        if value is None:
            # Nothing to compute from is not a secret; too few records to say is.
            return suppressed() if base else not_available()
        if base is None or base < THRESHOLD:
            return suppressed()
    shown = _rounded(float(value), unit, count_based=count_based)
    return Figure(value=shown, text=_text(shown, unit), suppressed=False)


def protect_parts(
    total: float | None,
    parts: Mapping[str, float | None],
    *,
    count_based: bool = True,
    total_base: int | None = None,
    bases: Mapping[str, int | None] | None = None,
    unit: str = "count",
) -> tuple[Figure, dict[str, Figure]]:
    """Protect a total and its parts together (categories of a breakdown, or the areas within an area).

    Primary suppression as `protect`; then, while the total is shown and exactly one part is suppressed, the
    smallest shown part is suppressed too, so that the total minus the shown parts never gives a suppressed one.
    """
    bases = bases or {}
    shown_total = protect(total, count_based=count_based, base=total_base, unit=unit)
    figures = {
        key: protect(value, count_based=count_based, base=bases.get(key), unit=unit) for key, value in parts.items()
    }
    hidden = [key for key, figure in figures.items() if figure.suppressed]
    if len(hidden) == 1 and len(figures) > 1:
        # Not only when the total is shown: a hidden total could be public elsewhere (another page, the CSV).
        candidates = [key for key, figure in figures.items() if not figure.suppressed and figure.value is not None]
        if candidates:
            smallest = min(candidates, key=lambda key: (parts[key] or 0, key))
            figures[smallest] = suppressed()
    return shown_total, figures
