"""Turning the values people type into other systems into ours, or saying why we cannot.

Real exports hold placeholders ("N/A", "-", "TBC") where nobody knew the answer: those count as empty, so the
domain services say what is missing in the same words as the pages do.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

PLACEHOLDERS = {
    "n/a", "na", "n.a.", "n/k", "-", "--", "---", ".", "?", "tbc", "tba", "tbd", "none", "null", "nil", "unknown",
    "not known", "not applicable",
}
TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}


class ValueProblem(ValueError):
    """A value we cannot use; the message says what to do, in GOV.UK wording."""


def clean(raw: str) -> str:
    """The value without surrounding spaces, or "" if it is a placeholder."""
    value = (raw or "").strip()
    return "" if value.lower() in PLACEHOLDERS else value


def clean_name(raw: str) -> str:
    return " ".join(clean(raw).split())


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def parse_datetime(raw: str, label: str) -> tuple[dt.datetime, bool] | None:
    """A date or date and time, as dd/mm/yyyy [hh:mm[:ss]] or ISO 8601; returns (value, has_time) or None."""
    value = clean(raw)
    if not value:
        return None
    if match := _DMY.match(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        hour, minute, second = int(match[4] or 0), int(match[5] or 0), int(match[6] or 0)
        try:
            return dt.datetime(year, month, day, hour, minute, second), match[4] is not None
        except ValueError:
            raise ValueProblem(f"{label} must be a real date") from None
    if _ISO.match(value):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")), len(value) > 10
        except ValueError:
            raise ValueProblem(f"{label} must be a real date") from None
    raise ValueProblem(f"Enter the {label.lower()} as dd/mm/yyyy or yyyy-mm-dd, like 27/03/1990")


def parse_date(raw: str, label: str) -> dt.date | None:
    parsed = parse_datetime(raw, label)
    return parsed[0].date() if parsed else None


def parse_bool(raw: str) -> bool | None:
    """True, False, or None when the value is empty or not a yes/no word."""
    value = clean(raw).lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    return None


def parse_email(raw: str) -> str | None:
    value = clean(raw).lower()
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        raise ValueProblem("Enter an email address in the correct format, like name@example.com") from None
    return value


def parse_phone(raw: str) -> str:
    """A UK telephone number in national form (07700900982), or "" when there is none."""
    value = clean(raw)
    if not value:
        return ""
    compact = re.sub(r"[\s\-().]", "", value)
    if re.fullmatch(r"7\d{9}", compact):
        compact = "0" + compact  # a spreadsheet took the leading zero for a number's
    compact = re.sub(r"^(?:\+44|0044)", "0", compact)
    if not re.fullmatch(r"0\d{9,10}", compact):
        raise ValueProblem("Enter a UK telephone number, like 07700 900 982 or 0113 496 0000")
    return compact


def parse_website(raw: str) -> str:
    value = clean(raw)
    if not value:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value, flags=re.IGNORECASE):
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValueProblem("Enter a website address in the correct format, like www.example.org") from None
    return value


def split_list(raw: str, separators: str = ";") -> list[str]:
    """Items of a list written in one cell, without placeholders or empty items."""
    parts = re.split("[" + re.escape(separators) + "]", raw or "")
    return [item for item in (clean(part) for part in parts) if item]
