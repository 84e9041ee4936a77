"""org-id.guide identifiers: the prefixes we accept and the shape each register's numbers take.

Groups with no registration get an identifier from our own list, `GB-VPS-` followed by 8 characters. That
prefix is ours, not one registered on org-id.guide; it only promises uniqueness within Volunteer Passport.
"""

import re
import secrets

OWN_PREFIX = "GB-VPS"

# prefix -> (pattern of the part after the prefix, example, register name)
PATTERNS: dict[str, tuple[str, str, str]] = {
    "GB-CHC": (r"[0-9]{6,7}", "GB-CHC-1234567", "Charity Commission for England and Wales"),
    "GB-SC": (r"SC[0-9]{6}", "GB-SC-SC012345", "Scottish Charity Regulator"),
    "GB-NIC": (r"[0-9]{5,6}", "GB-NIC-100123", "Charity Commission for Northern Ireland"),
    "GB-COH": (r"(?:[0-9]{8}|[A-Z]{2}[0-9]{6})", "GB-COH-01234567", "Companies House"),
    "GB-MPR": (r"[0-9]{1,6}[A-Z]{0,2}", "GB-MPR-12345R", "Mutuals Public Register"),
    "GB-LAE": (r"[A-Z]{3,4}", "GB-LAE-LDS", "Local authorities in England"),
    "GB-LAS": (r"[A-Z]{3,4}", "GB-LAS-EDH", "Local authorities in Scotland"),
    "GB-LAW": (r"[A-Z]{3,4}", "GB-LAW-CRF", "Local authorities in Wales"),
    "GB-PLA": (r"[A-Z]{3,4}", "GB-PLA-LDS", "Principal local authorities (Northern Ireland)"),
    "GB-NHS": (r"[A-Z0-9]{3,5}", "GB-NHS-RR8", "NHS organisation data service"),
    "GB-EDU": (r"[0-9]{6}", "GB-EDU-100000", "Department for Education school URN"),
    "GB-GOR": (r"[A-Z]{1,3}[0-9]{1,4}", "GB-GOR-D1", "UK government organisations register"),
    OWN_PREFIX: (r"[A-Z0-9]{8}", "GB-VPS-7K2M9QX4", "Volunteer Passport (unregistered groups)"),
}

_SHAPE = re.compile(r"^(?P<prefix>[A-Z]{2}-[A-Z]{2,4})-(?P<rest>[A-Z0-9]+)$")


class OrgIdError(ValueError):
    pass


def normalise(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


def validate(raw: str) -> str:
    """Return the identifier in canonical form, or raise OrgIdError with a message for the person."""
    value = normalise(raw)
    if not value:
        raise OrgIdError("Enter your organisation's identifier")
    match = _SHAPE.match(value)
    if not match:
        raise OrgIdError("Enter the identifier in org-id form, like GB-CHC-1234567")
    prefix, rest = match["prefix"], match["rest"]
    if prefix not in PATTERNS:
        raise OrgIdError(f"Enter an identifier from a register we know: {prefix} is not one of them")
    pattern, example, register = PATTERNS[prefix]
    if not re.fullmatch(pattern, rest):
        raise OrgIdError(f"Enter a {register} identifier in the right form, like {example}")
    return value


def generate_own() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"{OWN_PREFIX}-" + "".join(secrets.choice(alphabet) for _ in range(8))
