"""`manage.py check` (and every command) says so when GOV.UK Notify is half configured."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def notify_configuration(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if not settings.NOTIFY_API_KEY:
        return []
    problems: list[Any] = [
        Error(f"NOTIFY_API_KEY is set but {name} is empty, so Notify would refuse every {kind}",
              hint="Create the template described in docs/notifications.md and set its id",
              id=f"notifications.E00{n}")
        for n, (name, kind) in enumerate(
            [("NOTIFY_EMAIL_TEMPLATE_ID", "email"), ("NOTIFY_SMS_TEMPLATE_ID", "text message")], start=1
        )
        if not getattr(settings, name)
    ]
    if not settings.NOTIFY_CALLBACK_TOKEN:
        problems.append(Warning(
            "NOTIFY_CALLBACK_TOKEN is empty, so delivery receipts and received text messages are refused",
            hint="Choose a long random token and give it to Notify with the callback URLs",
            id="notifications.W001",
        ))
    return problems
