"""Scheduled vetting work: expiry reminders, expiry itself, and Update Service re-checks. Each task is safe
to run any number of times: reminders are marked as sent in the same transaction that queues them."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from passport.accounts.models import Role, User
from passport.notifications import services as notify
from passport.vetting import selectors, validity
from passport.vetting.events import vetting_event
from passport.vetting.models import DbsCheck, Outcome, UpdateServiceSubscription
from passport.vetting.provider import StatusCheckFailed, configured_provider

log = logging.getLogger(__name__)
REMINDER_DAYS = (60, 14)
EXPIRED = 0  # the mark recorded once a check has expired


def _officers() -> list[User]:
    return list(User.objects.filter(roles__role=Role.VETTING_OFFICER, is_active=True).exclude(email=None))


def check_expiry(*, today: dt.date | None = None) -> dict[str, int]:
    """Send 60- and 14-day reminders, and act on checks that have just expired."""
    day = today or timezone.localdate()
    counts = {"reminded": 0, "expired": 0}
    rules = selectors.rules()
    candidates = DbsCheck.objects.filter(outcome=Outcome.SUITABLE, volunteer__erased_at__isnull=True)
    for check_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            check = DbsCheck.objects.select_for_update().select_related("volunteer__user").get(pk=check_id)
            subscription = UpdateServiceSubscription.objects.filter(volunteer=check.volunteer).first()
            until = validity.valid_until(selectors.facts(check, subscription), rules)
            if until is None:
                continue
            left = (until - day).days
            sent = set(check.expiry_reminders_sent)
            due = [mark for mark in REMINDER_DAYS if 0 <= left <= mark and mark not in sent]
            if left < 0 and EXPIRED not in sent:
                _expire(check, until)
                sent.add(EXPIRED)
                counts["expired"] += 1
            elif due:
                _remind(check, until, left)
                sent.update(due)
                counts["reminded"] += 1
            if sent != set(check.expiry_reminders_sent):
                check.expiry_reminders_sent = sorted(sent)
                check.save(update_fields=["expiry_reminders_sent", "updated_at"])
    return counts


def _remind(check: DbsCheck, until: dt.date, left: int) -> None:
    volunteer = check.volunteer
    text = (f"{volunteer.full_name}'s {check.get_level_display().lower()} DBS check stops counting on "
            f"{until:%-d %B %Y}, in {left} days. Renew it, or join the DBS Update Service so we can re-check it "
            "online.")
    if volunteer.user.email:
        notify.email_send(to=volunteer.user.email, user=volunteer.user, template="vetting_expiry_reminder",
                          subject="Your DBS check needs renewing soon", body=text)
    for officer in _officers():
        notify.email_send(to=officer.email or "", user=officer, template="vetting_expiry_reminder",
                          subject=f"DBS check expiring: {volunteer.full_name}", body=text)
    vetting_event(actor=None, verb="expiry_reminder_sent", subject=volunteer, days_left=left)


def _expire(check: DbsCheck, until: dt.date) -> None:
    from passport.credentials.services import volunteer_credentials_revoke

    volunteer = check.volunteer
    vetting_event(actor=None, verb="expired", subject=volunteer, check=str(check.pk), until=until.isoformat())
    volunteer_credentials_revoke(volunteer=volunteer, reason="check_expired", actor=None)
    if volunteer.user.email:
        notify.email_send(
            to=volunteer.user.email, user=volunteer.user, template="vetting_expired",
            subject="Your DBS check has expired",
            body=(f"Your {check.get_level_display().lower()} DBS check stopped counting on {until:%-d %B %Y}. "
                  "Until it is renewed you cannot take up roles that need it, and your passport no longer shows it."),
        )


def recheck_subscriptions(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run Update Service status checks for subscriptions not checked recently (when a service is configured)."""
    from passport.vetting.services import status_check_record

    provider = configured_provider()
    counts = {"checked": 0, "failed": 0}
    if provider is None:
        return counts
    moment = now or timezone.now()
    stale = moment - dt.timedelta(days=settings.VETTING_RECHECK_DAYS)
    due = UpdateServiceSubscription.objects.filter(consent_withdrawn_at__isnull=True).exclude(
        last_checked_at__gt=stale
    ).select_related("dbs_check", "volunteer")
    for subscription in due:
        volunteer = subscription.volunteer
        if volunteer.date_of_birth is None or volunteer.erased_at is not None:
            continue
        try:
            answer = provider.status_check(subscription.dbs_check.certificate_number, volunteer.last_name,
                                           volunteer.date_of_birth)
        except StatusCheckFailed as error:
            log.warning("Update Service check failed for subscription %s: %s", subscription.pk, error)
            counts["failed"] += 1
            continue
        status_check_record(subscription=subscription, result=answer.result, at=moment)
        counts["checked"] += 1
    return counts


@task()
def vetting_expiry() -> dict[str, int]:
    return check_expiry()


@task()
def vetting_recheck() -> dict[str, int]:
    return recheck_subscriptions()
