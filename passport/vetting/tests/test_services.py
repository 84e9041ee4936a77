import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passport.core.models import AuditEvent
from passport.opportunities.eligibility import Requirement, eligibility
from passport.vetting import selectors, services
from passport.vetting.models import DbsCheck

pytestmark = pytest.mark.django_db


def record_enhanced(officer, volunteer, issued_on):
    return services.dbs_check_record(
        officer=officer, volunteer=volunteer, level="enhanced", workforce="adult",
        certificate_number="0012 3456 7890", issued_on=issued_on, outcome="suitable",
    )


def test_only_a_vetting_officer_can_record_a_check(personas):
    with pytest.raises(PermissionDenied):
        record_enhanced(personas.bob, personas.alice, dt.date(2025, 1, 1))
    assert not DbsCheck.objects.exists()


def test_it_refuses_a_malformed_certificate_number_and_a_future_date(officer, personas):
    with pytest.raises(ValidationError) as error:
        services.dbs_check_record(officer=officer, volunteer=personas.alice, level="enhanced", workforce="adult",
                                  certificate_number="12AB", issued_on=dt.date(2025, 1, 1), outcome="suitable")
    assert "certificate_number" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        record_enhanced(officer, personas.alice, timezone.localdate() + dt.timedelta(days=3))
    assert "issued_on" in error.value.error_dict


def test_a_decision_is_an_event_with_who_and_when(officer, personas):
    record_enhanced(officer, personas.alice, dt.date(2025, 1, 1))
    event = AuditEvent.objects.get(verb="vetting.dbs_decided")
    assert event.actor == officer and event.data["outcome"] == "suitable"
    assert "certificate_number" not in event.data


def test_an_enhanced_role_becomes_open_once_a_check_is_recorded_and_closes_when_it_expires(officer, personas):
    requirement = Requirement(min_dbs_level="enhanced")
    before = eligibility(personas.alice, requirement)
    assert not before.ok and "do not have a current one" in before.reasons[0]
    record_enhanced(officer, personas.alice, dt.date(2024, 6, 1))
    assert eligibility(personas.alice, requirement, on=dt.date(2026, 1, 1)).ok
    later = eligibility(personas.alice, requirement, on=dt.date(2027, 6, 1))
    assert not later.ok and "expired on 31 May 2027" in later.reasons[0]


def test_a_clean_status_check_renews_eligibility(officer, personas):
    check = record_enhanced(officer, personas.alice, dt.date(2022, 1, 1))
    subscription = services.update_service_record(officer=officer, volunteer=personas.alice, dbs_check=check,
                                                  subscription_id="C1234567890", consent_given=True)
    assert not eligibility(personas.alice, Requirement(min_dbs_level="enhanced")).ok
    services.status_check_record(subscription=subscription, result="no_new_information")
    assert eligibility(personas.alice, Requirement(min_dbs_level="enhanced")).ok


def test_coordinators_see_attestations_without_certificate_numbers(officer, personas):
    record_enhanced(officer, personas.alice, timezone.localdate() - dt.timedelta(days=30))
    [attestation] = selectors.attestations(personas.alice)
    assert attestation.text.startswith("Meets enhanced DBS (adult workforce) until")
    assert "001234567890" not in repr(attestation)
    assert not selectors.checks_visible_to(personas.bob, personas.alice).exists()
    assert not selectors.checks_visible_to(personas.charlie.user, personas.alice).exists()
    assert selectors.checks_visible_to(personas.alice.user, personas.alice).count() == 1
    assert selectors.checks_visible_to(officer, personas.alice).count() == 1


def test_no_table_has_a_field_for_criminal_record_content():
    suspicious = ("conviction", "offence", "offense", "caution", "disclosure", "criminal", "record_content",
                  "police", "notes", "comment", "details")
    for model in apps.get_models():
        if model._meta.app_label != "vetting":
            continue
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in suspicious), f"{model.__name__}.{field.name}"
        text_fields = [f.name for f in model._meta.get_fields() if f.get_internal_type() == "TextField"]
        assert not text_fields, f"{model.__name__} has free text: {text_fields}"
