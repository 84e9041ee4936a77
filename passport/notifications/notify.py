"""GOV.UK Notify for email and text messages, through one generic template of each kind.

Every message fills the template's `((subject))` and `((body))` placeholders (docs/notifications.md says what
to create in Notify), so our wording stays in our code and Notify only carries it. Our message id goes as the
Notify `reference`, which lets a retry ask Notify whether an earlier attempt got through before sending again.
"""

import logging

from django.conf import settings
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError, HTTPError, InvalidResponse

from passport.notifications.channels import Outcome, SendResult
from passport.notifications.models import Channel, Message

log = logging.getLogger(__name__)

# Seconds to wait for Notify. Far below NOTIFY_SENDING_TIMEOUT_SECONDS, so a slow answer is never mistaken
# for a worker that died mid-send.
TIMEOUT_SECONDS = 10.0
RATE_LIMITED = 429
# The client reports a timeout or refused connection as a 503 with no response attached.
NO_ANSWER = 503


def classify(error: APIError) -> SendResult:
    """Temporary (rate limit, Notify's own errors, no answer) or permanent (anything else Notify refused)."""
    status = error.status_code
    detail = f"Notify {status}: {error.message}"[:300]
    if status == RATE_LIMITED:
        return SendResult(Outcome.RETRY, NotifyChannel.name, error=detail, slow_down=True)
    if status >= 500:
        # Without an answer, or with a server error, Notify may have stored the message before failing.
        return SendResult(Outcome.RETRY, NotifyChannel.name, error=detail, outcome_unknown=True)
    return SendResult(Outcome.FAILED, NotifyChannel.name, error=detail)


class NotifyChannel:
    name = "notify"
    instant = False

    def __init__(self) -> None:
        # The client is not thread-safe; one per channel object, and a channel is made per message.
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT_SECONDS
        )

    def send(self, message: Message) -> SendResult:
        reference = str(message.pk)
        try:
            if message.channel == Channel.EMAIL:
                response = self.client.send_email_notification(
                    email_address=message.to,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=reference,
                )
            else:
                response = self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                    personalisation={"body": message.body},
                    reference=reference,
                )
        except InvalidResponse:
            # A success status with a body we cannot read: Notify has the message. Its delivery receipt
            # carries our reference, which fills in Notify's id then.
            log.warning("Notify accepted message %s but its answer could not be read", reference)
            return SendResult(Outcome.SENT, self.name)
        except HTTPError as error:
            return classify(error)
        return SendResult(Outcome.SENT, self.name, reference=str(response.get("id", "")))

    def find_sent(self, message: Message) -> str | None:
        """Ask Notify for a notification carrying our reference (raises HTTPError when Notify cannot answer)."""
        found = self.client.get_all_notifications(reference=str(message.pk)).get("notifications") or []
        return str(found[0]["id"]) if found else None
