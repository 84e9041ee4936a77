from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from passport.core.http import login_required, posted_answer, render_form
from passport.core.once import SentBefore
from passport.reserve import selectors, services, texts
from passport.reserve.forms import IncidentForm, StandbyForm
from passport.reserve.models import CallOutStatus, IncidentStatus, ReplyChannel
from passport.volunteers.selectors import volunteer_of

LINK_DAYS = 14
ANSWERS = {
    services.Outcome.CONFIRMED: "You are confirmed. We have sent you the briefing: where to go, when, and whom "
                                "to report to.",
    services.Outcome.STANDBY: "Thank you. Every place is taken for now, so we have put you on standby.",
    services.Outcome.DECLINED: "Thank you for letting us know. We will not ask you about this incident again.",
    services.Outcome.WITHDRAWN: "Thank you for letting us know. We will give your place to someone else.",
    services.Outcome.ALREADY_ANSWERED: "You have already answered this call-out, so nothing has changed.",
    services.Outcome.CLOSED: "This call-out has closed, so nothing has changed. Thank you for being ready to help.",
}
# A reply stored and left to the request applying replies (services.reply_apply_if_free); the outcome follows by
# email. The benchmark counts the pages that start so.
RECEIVED = "Thank you, we have your answer."
RECEIVED_ANSWERS = {
    True: f"{RECEIVED} Many people are answering at once, so we will email you in a minute or two to say whether "
          "you have a place.",
    False: f"{RECEIVED} We will not ask you about this incident again.",
}


@login_required
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    status = selectors.membership(volunteer)
    m = status.member
    initial = {"standby": m.standby, "available_from": m.available_from, "monthly_cap": m.monthly_cap,
               "travel_mode": m.travel_mode} if m \
        else {"standby": "available", "monthly_cap": 4, "travel_mode": "drive"}
    form = StandbyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.standby_set(volunteer=volunteer, standby=d["standby"], available_from=d["available_from"],
                             monthly_cap=d["monthly_cap"], travel_mode=d["travel_mode"])
        messages.success(request, "Your standby status is saved.")
        return redirect("reserve:member")
    return render_form(request, "reserve/member.html", {
        "form": form, "status": status, "callouts": list(selectors.callouts_of_volunteer(request.user)[:20]),
    })


@login_required
@require_POST
def callout_reply(request: HttpRequest, callout_id: str) -> HttpResponse:
    callout = get_object_or_404(selectors.callouts_of_volunteer(request.user), pk=callout_id)
    accept = posted_answer(request)
    if accept is None:
        return HttpResponseBadRequest("Answer yes or no")
    outcome = services.reply_record(callout_id=callout.pk, accept=accept, channel=ReplyChannel.WEB)
    messages.success(request, ANSWERS[outcome])
    return redirect("reserve:member")


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. Opening it shows one button; only pressing it answers, so a mail scanner that
    opens every link cannot say yes for anyone. The signed link is the volunteer's authority: no sign-in."""
    try:
        data = signing.loads(token, salt=texts.REPLY_SALT, max_age=LINK_DAYS * 86400)
        callout = selectors.callout_for_link(data["c"])
        accept = data["a"] == "yes"
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError):
        return render(request, "reserve/reply.html", {"invalid": True}, status=400)
    if callout is None:
        return render(request, "reserve/reply.html", {"invalid": True}, status=404)
    answer = None
    if request.method == "POST":
        outcome = services.reply_record(callout_id=callout.pk, accept=accept, channel=ReplyChannel.LINK, wait=False)
        answer = RECEIVED_ANSWERS[accept] if outcome is services.Outcome.RECEIVED else ANSWERS[outcome]
    elif not services.answer_changes(callout.status, accept):
        answer = ANSWERS[services.Outcome.ALREADY_ANSWERED]
    elif not callout.incident_open:
        answer = ANSWERS[services.Outcome.CLOSED]
    else:
        waiting = selectors.reply_waiting(callout.pk)  # answered, not yet applied: no second button
        if waiting is not None:
            answer = RECEIVED_ANSWERS[waiting]
    # The "no" link, opened after saying yes: its button gives the place back, or leaves standby.
    return render(request, "reserve/reply.html", {"callout": callout, "accept": accept, "answer": answer,
                                                  "after_yes": callout.status != CallOutStatus.ALERTED})


def _controller(request: HttpRequest) -> None:
    if not selectors.is_controller(request.user):
        raise Http404


@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    _controller(request)
    return render(request, "reserve/incidents.html", {"incidents": selectors.incidents_visible_to(request.user)[:50]})


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    _controller(request)
    form = IncidentForm(request.POST or None, initial={"radius_km": 10, "expected_hours": 4})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            incident = services.incident_declare(
                actor=request.user, title=d["title"], postcode=d["postcode"], radius_m=d["radius_km"] * 1000,
                severity=d["severity"], starts_at=form.starts_at(), expected_hours=d["expected_hours"],
                briefing=d["briefing"], needs=form.needs(), submission=d["submission"],
            )
        except SentBefore as already:  # the same form again: nobody is called out twice
            messages.success(request, "You have already declared this incident. Here it is.")
            return redirect("reserve:incident", already.made.pk)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            sent = services.wave_send(incident_id=incident.pk)
            messages.success(request, f"Incident declared. The first wave alerted {sent} people."
                             if incident.status == IncidentStatus.OPEN
                             else "Incident declared. A second controller must approve it before anyone is alerted.")
            return redirect("reserve:incident", incident.pk)
    return render_form(request, "reserve/incident_new.html", {"form": form})


@login_required
@never_cache  # live figures, and names of people: never from a cache
def incident(request: HttpRequest, incident_id: str) -> HttpResponse:
    """The live incident page; with ?live=1, only its figures, which passport.js fetches every few seconds."""
    found = get_object_or_404(selectors.incidents_visible_to(request.user), pk=incident_id)
    live = request.GET.get("live") == "1"
    return render(request, "reserve/_incident_live.html" if live else "reserve/incident.html", {
        "incident": found, "report": selectors.incident_report(found),
        "people": list(selectors.people_confirmed(found)), "away": texts.away,
    })


@login_required
@require_POST
def incident_approve(request: HttpRequest, incident_id: str) -> HttpResponse:
    found = get_object_or_404(selectors.incidents_visible_to(request.user), pk=incident_id)
    try:
        services.incident_approve(actor=request.user, incident_id=found.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        sent = services.wave_send(incident_id=found.pk)
        messages.success(request, f"Approved. The first wave alerted {sent} people.")
    return redirect("reserve:incident", found.pk)


@login_required
@require_POST
def incident_stand_down(request: HttpRequest, incident_id: str) -> HttpResponse:
    found = get_object_or_404(selectors.incidents_visible_to(request.user), pk=incident_id)
    try:
        told = services.incident_stand_down(actor=request.user, incident_id=found.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Stood down. We have told {told} people.")
    return redirect("reserve:incident", found.pk)
