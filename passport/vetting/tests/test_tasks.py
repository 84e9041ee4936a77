import datetime as dt

import pytest
from django.utils import timezone

from passport.credentials import services as credentials
from passport.notifications.models import Message
from passport.vetting import provider, services, tasks
from passport.vetting.models import UpdateServiceSubscription
from passport.vetting.standin import StandIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_checked(officer, personas):
    services.identity_record(officer=officer, volunteer=personas.alice, method="documents_in_person",
                             checked_on=dt.date(2024, 1, 1))
    check = services.dbs_check_record(officer=officer, volunteer=personas.alice, level="enhanced",
                                      workforce="adult", certificate_number="001234567890",
                                      issued_on=dt.date(2024, 1, 10), outcome="suitable")
    return check  # counts until 9 January 2027


def test_reminders_go_at_60_and_14_days_once_each(alice_checked):
    assert tasks.check_expiry(today=dt.date(2026, 11, 1)) == {"reminded": 0, "expired": 0}
    assert tasks.check_expiry(today=dt.date(2026, 11, 10))["reminded"] == 1
    assert tasks.check_expiry(today=dt.date(2026, 11, 11))["reminded"] == 0
    assert tasks.check_expiry(today=dt.date(2026, 12, 26))["reminded"] == 1
    reminders = Message.objects.filter(template="vetting_expiry_reminder")
    assert set(reminders.values_list("to", flat=True)) == {"alice@example.org", "olu.officer@example.org"}
    assert reminders.count() == 4


def test_on_expiry_the_passport_is_revoked_and_the_volunteer_told(alice_checked, personas):
    with timezone.override("Europe/London"):
        issued = credentials.passport_issue(volunteer=personas.alice, actor=None)
    assert tasks.check_expiry(today=dt.date(2027, 1, 10))["expired"] == 1
    assert tasks.check_expiry(today=dt.date(2027, 1, 11))["expired"] == 0
    issued.refresh_from_db()
    assert issued.revoked_reason == "check_expired"
    assert Message.objects.filter(template="vetting_expired", to="alice@example.org").count() == 1


def test_the_worker_rechecks_through_the_update_service_stand_in(alice_checked, personas, officer, settings):
    subscription = services.update_service_record(officer=officer, volunteer=personas.alice,
                                                  dbs_check=alice_checked, subscription_id="C1234567890",
                                                  consent_given=True)
    with StandIn() as standin:
        settings.DBS_UPDATE_SERVICE_URL = standin.url
        assert tasks.recheck_subscriptions() == {"checked": 1, "failed": 0}
        assert tasks.recheck_subscriptions() == {"checked": 0, "failed": 0}  # checked recently
        assert standin.requests == ["001234567890"]
    subscription.refresh_from_db()
    assert subscription.last_result == "no_new_information"


def test_new_information_revokes_the_passport(alice_checked, personas, officer, settings):
    alice_checked.certificate_number = "412345678901"
    alice_checked.save()
    services.update_service_record(officer=officer, volunteer=personas.alice, dbs_check=alice_checked,
                                   subscription_id="C1234567890", consent_given=True)
    issued = credentials.passport_issue(volunteer=personas.alice, actor=None)
    with StandIn() as standin:
        settings.DBS_UPDATE_SERVICE_URL = standin.url
        tasks.recheck_subscriptions()
    issued.refresh_from_db()
    assert issued.revoked_reason == "new_information"
    assert UpdateServiceSubscription.objects.get().last_result == "new_information"


def test_a_failing_service_is_counted_and_retried_later(alice_checked, personas, officer, settings):
    alice_checked.certificate_number = "912345678901"
    alice_checked.save()
    services.update_service_record(officer=officer, volunteer=personas.alice, dbs_check=alice_checked,
                                   subscription_id="C1234567890", consent_given=True)
    with StandIn() as standin:
        settings.DBS_UPDATE_SERVICE_URL = standin.url
        assert tasks.recheck_subscriptions() == {"checked": 0, "failed": 1}
    assert UpdateServiceSubscription.objects.get().last_checked_at is None


def test_the_http_adapter_refuses_an_unreachable_service():
    adapter = provider.HttpUpdateService("http://127.0.0.1:9", "Org", "A", "B", timeout=2)
    with pytest.raises(provider.StatusCheckFailed):
        adapter.status_check("001234567890", "ADAMS", dt.date(1990, 5, 17))


def test_a_not_suitable_decision_revokes_the_passport(alice_checked, personas, officer):
    issued = credentials.passport_issue(volunteer=personas.alice, actor=None)
    services.dbs_check_record(officer=officer, volunteer=personas.alice, level="enhanced", workforce="adult",
                              certificate_number="001234567891", issued_on=dt.date(2026, 1, 1),
                              outcome="not_suitable")
    issued.refresh_from_db()
    assert issued.revoked_reason == "not_suitable"

