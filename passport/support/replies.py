"""Text replies to support alerts: "YES 48213", "no 48213", "Y48213".

Support codes have five digits, reserve call-out codes four, so each app's handler reads only its own replies:
the reserve's handler answers any four-digit "YES 1234" it cannot match, and must never see ours.
"""

import re
from typing import Any

from passport.core.bulk import insert_once
from passport.notifications.services import sms_send
from passport.reserve.services import normalise_mobile
from passport.support import selectors
from passport.support.models import AlertStatus, HandledText, ReplyChannel, TaskStatus
from passport.support.services import Outcome, reply_record

REPLY_PATTERN = re.compile(r"^\s*(yes|y|no|n)\W*(\d{5})\W*$", re.IGNORECASE)

SMS_ANSWERS = {
    Outcome.ALREADY_ANSWERED: "You have already answered this request, so nothing has changed.",
    Outcome.CLOSED: "This request has closed, so nothing has changed. Thank you.",
}
SMS_UNKNOWN = ("We could not find a request for help with code {code} for this phone number, so nothing has "
               "changed. Check the code in our message.")


def sms_reply_handle(message: Any) -> None:
    """Read a received text as a reply to a support alert. Other texts are left for other handlers; the same text
    read twice changes nothing the second time."""
    match = REPLY_PATTERN.match(message.body or "")
    if not match:
        return
    if not insert_once(HandledText, {"inbound_id": str(message.provider_id)}, unique="inbound_id"):
        return
    accept, code = match.group(1).lower().startswith("y"), match.group(2)
    number = normalise_mobile(message.source_number)
    mine = [row for row in selectors.alert_ids_for_text(code) if normalise_mobile(row[1]) == number]
    open_ones = [row for row in mine if row[2] == AlertStatus.ALERTED and row[3] == TaskStatus.OPEN]
    target = (open_ones or mine or [None])[0]
    if target is None:
        sms_send(to=message.source_number, template="support_reply", body=SMS_UNKNOWN.format(code=code))
        return
    outcome = reply_record(alert_id=target[0], accept=accept, channel=ReplyChannel.SMS,
                           inbound_id=str(message.provider_id))
    if outcome in SMS_ANSWERS:
        # The other outcomes have had their own message from reply_record.
        sms_send(to=message.source_number, template="support_reply", body=SMS_ANSWERS[outcome])
