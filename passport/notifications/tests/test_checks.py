"""The configuration check says when GOV.UK Notify is half set up."""

from passport.notifications.checks import notify_configuration


def ids():
    return [problem.id for problem in notify_configuration()]


def test_without_a_key_there_is_nothing_to_check(settings):
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_EMAIL_TEMPLATE_ID = settings.NOTIFY_SMS_TEMPLATE_ID = settings.NOTIFY_CALLBACK_TOKEN = ""
    assert ids() == []


def test_a_key_without_templates_is_an_error_for_each_missing_one(settings):
    settings.NOTIFY_API_KEY = "key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    settings.NOTIFY_SMS_TEMPLATE_ID = "sms-template"
    settings.NOTIFY_CALLBACK_TOKEN = "token"
    assert ids() == ["notifications.E001"]
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    assert ids() == ["notifications.E001", "notifications.E002"]


def test_a_key_without_a_callback_token_is_a_warning(settings):
    settings.NOTIFY_API_KEY = "key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = settings.NOTIFY_SMS_TEMPLATE_ID = "template"
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert ids() == ["notifications.W001"]
    settings.NOTIFY_CALLBACK_TOKEN = "token"
    assert ids() == []
