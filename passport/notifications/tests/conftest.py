"""Fixtures for notification tests: a running Notify stand-in wired into the settings, and callback auth."""

import pytest

from passport.notifications import inbound_handlers
from passport.notifications.standin import NotifyStandIn

CALLBACK_TOKEN = "callback-token-0123456789abcdef"


@pytest.fixture
def notify(settings):
    """GOV.UK Notify configured, pointing at a stand-in on loopback."""
    with NotifyStandIn() as standin:
        settings.NOTIFY_API_KEY = standin.api_key
        settings.NOTIFY_BASE_URL = standin.url
        settings.NOTIFY_EMAIL_TEMPLATE_ID = standin.email_template_id
        settings.NOTIFY_SMS_TEMPLATE_ID = standin.sms_template_id
        yield standin


@pytest.fixture
def tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def callback_token(settings):
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    return CALLBACK_TOKEN


@pytest.fixture
def received():
    """A registered inbound handler that records every text it is given."""
    texts = []

    def record(message):
        texts.append(message)

    inbound_handlers.register(record)
    yield texts
    inbound_handlers.unregister(record)
