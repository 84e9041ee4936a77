"""The demo's word lists: templates only name skills and causes that exist, names are safe in addresses."""

import random

import pytest
from faker import Faker

from passport.core.models import Cause, Skill
from passport.demo import names
from passport.demo.templates import TEMPLATES
from passport.opportunities.models import OpportunityStream
from passport.organisations.models import OrganisationType

pytestmark = pytest.mark.django_db


def test_templates_name_only_skills_and_causes_on_the_controlled_lists():
    skills = set(Skill.objects.values_list("code", flat=True))
    causes = set(Cause.objects.values_list("code", flat=True))
    for template in TEMPLATES:
        assert set(template.required) | set(template.desirable) <= skills, template.title
        assert template.cause in causes, template.title


def test_templates_cover_every_stream_and_fit_titles_in_the_field():
    assert {t.stream for t in TEMPLATES} == set(OpportunityStream.values)
    assert max(len(t.title) + len(" (paid youth placement)") for t in TEMPLATES) <= 120


def test_every_organisation_type_has_a_way_to_be_named():
    for org_type in OrganisationType:
        if org_type != OrganisationType.COUNCIL:  # councils keep their real names
            name, causes, _description = names.org_name(random.Random(1), org_type, place="Harehills",
                                                        area="Leeds", group="West Yorkshire")
            assert name and causes


def test_email_addresses_are_plain_ascii_even_for_polish_and_irish_names():
    email = names.email_for(names.PersonName("Łukasz", "O'Brien-Wójcik", "pl"), 7)
    assert email == "lukasz.obrienwojcik.7@example.org"


def test_a_seeded_name_generator_repeats_itself():
    def some(seed: int) -> list:
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        rng = random.Random(seed)
        return [names.person(rng, fake) for _ in range(50)]

    assert some(3) == some(3)
    assert some(3) != some(4)
