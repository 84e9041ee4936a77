"""We record the level and date of a DBS check and the decision made, never what a certificate says."""

import re

from django.apps import apps

FORBIDDEN = re.compile(r"conviction|offen[cs]e|caution|criminal_?record|disclosure_?text", re.IGNORECASE)


def every_field_name() -> list[str]:
    return [f"{model._meta.label}.{field.name}" for model in apps.get_models() for field in model._meta.get_fields()]


def test_no_model_field_anywhere_is_named_for_criminal_record_content():
    offending = [name for name in every_field_name() if FORBIDDEN.search(name.rsplit(".", 1)[1])]
    assert offending == [], f"These fields look like they hold criminal record content: {offending}"


def test_the_check_looks_at_the_projects_own_models():
    names = every_field_name()
    assert "volunteers.Volunteer.date_of_birth" in names
    assert "opportunities.Opportunity.min_dbs_level" in names


def test_the_pattern_catches_the_names_it_is_meant_to():
    for name in ("convictions", "spent_offences", "offense_code", "caution_date", "criminal_record", "disclosure_text",
                 "criminalRecord"):
        assert FORBIDDEN.search(name), name
    for name in ("min_dbs_level", "certificate_number", "issued_on"):
        assert not FORBIDDEN.search(name), name
