"""Run by test_crash.py in a subprocess against the crash test's database: `python -m
passport.reserve.tests.crash_driver setup|tick|report`. It prints one JSON object.

- setup: a controller, six reserve members near Leeds (email and mobile each) and an incident whose first wave is
  due; the worker, not this script, sends the wave.
- tick: a minute passes for the worker's schedule (every scheduled job is due again).
- report: what the database holds: call-outs, their events and their alert messages with statuses.
- wave: send the due wave now, in this process.
- reply: the first call-out's volunteer says yes (`reserve.services.reply_record`) and the outcome is printed.
- replies: what the database holds of replies: each reply's outcome, the call-outs' statuses, the need's
  confirmed count, the events after the alerts and the answers queued.
"""

import datetime as dt
import json
import os
import sys


def setup() -> dict:
    from django.utils import timezone

    from passport.accounts.models import Role, UserRole
    from passport.reserve import services
    from passport.reserve.models import ReserveMember
    from passport.vetting.models import Qualification, QualificationKind
    from passport.volunteers.models import StreamConsent
    from tests import factories

    controller = factories.UserFactory(email="erin@example.org", display_name="Erin Controller")
    UserRole.objects.create(user=controller, role=Role.RESERVE_CONTROLLER)
    for i in range(6):
        volunteer = factories.VolunteerFactory(at=factories.LEEDS_CENTRE, mobile=f"07700 90010{i}")
        StreamConsent.objects.create(volunteer=volunteer, stream="reserve", wording="Call me out")
        Qualification.objects.create(volunteer=volunteer, kind=QualificationKind.RESERVE_INDUCTION,
                                     recorded_by=controller, issued_on=timezone.localdate() - dt.timedelta(days=30))
        ReserveMember.objects.create(volunteer=volunteer)
    incident = services.incident_declare(
        actor=controller, title="Flooding on the Aire", postcode=factories.LEEDS_CENTRE, radius_m=10000,
        severity="amber", starts_at=timezone.now() + dt.timedelta(hours=1), expected_hours=6,
        briefing="Report to Sam at the Kirkstall Road depot.",
        needs=[services.NeedSpec(role="Sandbagging", count=1)],
    )
    return {"incident": str(incident.pk)}


def tick() -> dict:
    from passport.core.models import PeriodicJob

    return {"jobs": PeriodicJob.objects.update(last_run_at=None)}


def report() -> dict:
    from passport.notifications.models import Message
    from passport.reserve.models import CallOut, CallOutEvent

    callouts = list(CallOut.objects.select_related("volunteer__user", "email_message", "sms_message"))
    return {
        "callouts": len(callouts),
        "volunteers": sorted({str(c.volunteer_id) for c in callouts}),
        "alerted_events": CallOutEvent.objects.filter(kind="alerted").count(),
        "alerts": sorted(
            [m.channel, m.to, str(m.pk), m.status, m.provider_reference]
            for m in Message.objects.filter(template="reserve_callout")
        ),
        "expected": sorted(
            [[c.volunteer.user.email, str(c.email_message_id)] for c in callouts]
            + [[c.volunteer.mobile, str(c.sms_message_id)] for c in callouts]
        ),
    }


def wave() -> dict:
    from passport.reserve import services

    return {"alerted": services.due_waves_send()}


def reply() -> dict:
    from passport.reserve import services
    from passport.reserve.models import CallOut

    first = CallOut.objects.order_by("created_at", "pk").first()
    return {"outcome": services.reply_record(callout_id=first.pk, accept=True, channel="link").value}


def replies() -> dict:
    from passport.notifications.models import Message
    from passport.reserve.models import CallOut, CallOutEvent, IncidentNeed, Reply

    return {
        "replies": list(Reply.objects.order_by("pk").values_list("outcome", flat=True)),
        "statuses": sorted(CallOut.objects.values_list("status", flat=True)),
        "confirmed": sum(IncidentNeed.objects.values_list("confirmed", flat=True)),
        "events": sorted(CallOutEvent.objects.exclude(kind="alerted").values_list("kind", flat=True)),
        "answers": sorted(Message.objects.exclude(template="reserve_callout").values_list("template", "channel")),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.settings")
    import django

    django.setup()
    commands = {"setup": setup, "tick": tick, "report": report, "wave": wave, "reply": reply, "replies": replies}
    print(json.dumps(commands[sys.argv[1]]()))
