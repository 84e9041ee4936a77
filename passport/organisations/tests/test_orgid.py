"""org-id identifiers: each register's numbers have their own shape."""

import pytest

from passport.organisations import orgid


@pytest.mark.parametrize(
    "identifier",
    [
        "GB-CHC-1234567",
        "GB-CHC-123456",
        "GB-SC-SC012345",
        "GB-NIC-100123",
        "GB-NIC-10012",
        "GB-COH-01234567",
        "GB-COH-SC123456",
        "GB-LAE-LDS",
        "GB-LAE-BIRM",
        "GB-VPS-7K2M9QX4",
    ],
)
def test_it_accepts_an_identifier_in_its_registers_shape(identifier):
    assert orgid.validate(identifier) == identifier


@pytest.mark.parametrize(
    ("identifier", "register"),
    [
        ("GB-CHC-12345", "Charity Commission for England and Wales"),
        ("GB-CHC-12345678", "Charity Commission for England and Wales"),
        ("GB-SC-012345", "Scottish Charity Regulator"),
        ("GB-SC-SC01234", "Scottish Charity Regulator"),
        ("GB-NIC-1001", "Charity Commission for Northern Ireland"),
        ("GB-COH-1234567", "Companies House"),
        ("GB-COH-123456789", "Companies House"),
        ("GB-COH-S1234567", "Companies House"),
        ("GB-LAE-LD", "Local authorities in England"),
        ("GB-LAE-L1S", "Local authorities in England"),
        ("GB-VPS-SHORT", "Volunteer Passport (unregistered groups)"),
    ],
)
def test_it_refuses_an_identifier_of_the_wrong_shape_naming_the_register(identifier, register):
    with pytest.raises(orgid.OrgIdError) as excinfo:
        orgid.validate(identifier)
    assert str(excinfo.value).startswith(f"Enter a {register} identifier in the right form, like ")


def test_it_puts_an_identifier_in_canonical_form():
    assert orgid.validate(" gb-chc-12 34567 ") == "GB-CHC-1234567"


@pytest.mark.parametrize("identifier", ["1234567", "CHC 1234567", "GB_CHC_1234567", "GB-CHC-"])
def test_it_refuses_something_not_in_org_id_form(identifier):
    with pytest.raises(orgid.OrgIdError, match="^Enter the identifier in org-id form, like GB-CHC-1234567$"):
        orgid.validate(identifier)


def test_it_refuses_a_register_it_does_not_know():
    with pytest.raises(orgid.OrgIdError, match="XI-ABC is not one of them"):
        orgid.validate("XI-ABC-123")


def test_it_asks_for_an_identifier_when_there_is_none():
    with pytest.raises(orgid.OrgIdError, match="Enter your organisation's identifier"):
        orgid.validate("  ")


def test_our_own_identifiers_are_valid_and_differ():
    generated = {orgid.generate_own() for _ in range(50)}
    assert len(generated) == 50
    for identifier in generated:
        assert identifier.startswith("GB-VPS-")
        assert orgid.validate(identifier) == identifier
