from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from passport.core.http import login_required, posted_answer, render_form
from passport.core.once import SentBefore
from passport.organisations.selectors import organisations_of
from passport.support import selectors, services, texts
from passport.support.forms import MYSELF, CancelForm, CannotDoForm, FeedbackForm, TaskForm
from passport.support.models import FeedbackSide, ReplyChannel, TaskStatus
from passport.volunteers.selectors import live_streams, volunteer_of

LINK_DAYS = 14
ANSWERS = {
    services.Outcome.ACCEPTED: "Thank you: the task is yours. Sign in and open it from your community support page "
                               "to see who needs help, where, and their phone number.",
    services.Outcome.TAKEN: "Thank you for saying yes. Someone else said yes first, so this one is taken.",
    services.Outcome.DECLINED: "Thank you for letting us know. We will not ask you about this task again.",
    services.Outcome.NOT_ELIGIBLE: "Thank you for saying yes, but you cannot take this kind of task at the moment. "
                                   "We have sent you the reason, and we will ask someone else.",
    services.Outcome.ALREADY_ANSWERED: "You have already answered this request, so nothing has changed.",
    services.Outcome.CLOSED: "This request has closed, so nothing has changed. Thank you for offering to help.",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return redirect("support:tasks")
    return render(request, "support/home.html", {
        "consented": "community" in live_streams(volunteer),
        "alerts": selectors.alerts_of_volunteer(request.user),
        "accepted": selectors.accepted_by_volunteer(request.user),
        "is_referrer": organisations_of(request.user).exists() or selectors.tasks_of_referrer(request.user).exists(),
    })


@login_required
@require_POST
def alert_reply(request: HttpRequest, alert_id: str) -> HttpResponse:
    alert = selectors.alert_of_volunteer(request.user, alert_id)
    if alert is None:
        raise Http404
    accept = posted_answer(request)
    if accept is None:
        return HttpResponseBadRequest("Answer yes or no")
    outcome = services.reply_record(alert_id=alert.id, accept=accept, channel=ReplyChannel.WEB)
    messages.success(request, ANSWERS[outcome])
    if outcome is services.Outcome.ACCEPTED:
        return redirect("support:mine", alert.task.id)
    return redirect("support:home")


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. Opening it shows one button; only pressing it answers, so a mail scanner that opens
    every link cannot say yes for anyone. The signed link is the volunteer's authority: no sign-in."""
    try:
        data = signing.loads(token, salt=texts.REPLY_SALT, max_age=LINK_DAYS * 86400)
        alert = selectors.alert_for_link(data["t"])
        accept = data["a"] == "yes"
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError):
        return render(request, "support/reply.html", {"invalid": True}, status=400)
    if alert is None:
        return render(request, "support/reply.html", {"invalid": True}, status=404)
    answer = None
    if request.method == "POST":
        answer = ANSWERS[services.reply_record(alert_id=alert.id, accept=accept, channel=ReplyChannel.LINK)]
    elif alert.status != "alerted":
        answer = ANSWERS[services.Outcome.ALREADY_ANSWERED]
    elif alert.task.is_closed:
        answer = ANSWERS[services.Outcome.CLOSED]
    return render(request, "support/reply.html", {"alert": alert, "accept": accept, "answer": answer})


def _mine_page(request: HttpRequest, task_id: str, *, form: Any = None, feedback_form: Any = None) -> HttpResponse:
    alert = selectors.accepted_task_of_volunteer(request.user, task_id)
    if alert is None:
        raise Http404
    details = services.person_details_reveal(actor=request.user, task_id=alert.task.id)
    if details is None and alert.task.status == TaskStatus.ACCEPTED:  # taken back just now (services.allowed)
        messages.error(request, "You can no longer take this task, because your vetting or account no longer "
                                "allows it. We have sent you the reason and are asking other volunteers.")
        return redirect("support:home")
    left = selectors.feedback_left(task_id=alert.task.id, side=FeedbackSide.VOLUNTEER)
    response = render_form(request, "support/mine.html", {
        "alert": alert, "task": alert.task, "details": details, "form": form or CannotDoForm(),
        "feedback_form": feedback_form or FeedbackForm(), "feedback_left": left,
        "error_title": bool(feedback_form is not None and feedback_form.errors),
    })
    add_never_cache_headers(response)  # a person's name, address and phone: never kept by a browser
    return response


@login_required
def mine(request: HttpRequest, task_id: str) -> HttpResponse:
    """The accepter's page for one task: who and where while it is theirs and open; never after it closes."""
    return _mine_page(request, task_id)


@login_required
@require_POST
def mine_done(request: HttpRequest, task_id: str) -> HttpResponse:
    try:
        services.task_complete(actor=request.user, task_id=task_id)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Thank you. The task is marked done, and your hours are waiting for the "
                                  "organisation to confirm them.")
    return redirect("support:mine", task_id)


@login_required
@require_POST
def mine_cannot_do(request: HttpRequest, task_id: str) -> HttpResponse:
    if selectors.accepted_task_of_volunteer(request.user, task_id) is None:
        raise Http404
    form = CannotDoForm(request.POST)
    if form.is_valid():
        try:
            services.task_cannot_do(actor=request.user, task_id=task_id, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            services.alerts_send(task_id=task_id)
            messages.success(request, "Thank you for letting us know. We are asking other volunteers.")
            return redirect("support:home")
    return _mine_page(request, task_id, form=form)


def _feedback(request: HttpRequest, task_id: str, form: FeedbackForm) -> bool:
    if not form.is_valid():
        return False
    try:
        services.feedback_leave(actor=request.user, task_id=task_id, rating=form.cleaned_data["rating"],
                                comment=form.cleaned_data["comment"])
    except ValidationError as error:
        form.add_service_error(error)
        return False
    messages.success(request, "Thank you for your feedback.")
    return True


@login_required
@require_POST
def mine_feedback(request: HttpRequest, task_id: str) -> HttpResponse:
    if selectors.accepted_task_of_volunteer(request.user, task_id) is None:
        raise Http404
    form = FeedbackForm(request.POST)
    if _feedback(request, task_id, form):
        return redirect("support:mine", task_id)
    return _mine_page(request, task_id, feedback_form=form)


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    return render(request, "support/tasks.html", {"tasks": list(selectors.tasks_of_referrer(request.user)[:100])})


def _organisation_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(str(o.pk), o.name) for o in organisations_of(request.user).order_by("name")]


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest) -> HttpResponse:
    choices = _organisation_choices(request)
    form = TaskForm(request.POST or None, organisations=choices,
                    initial={"organisation": choices[0][0] if len(choices) == 1 else None})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        start, end = form.window()
        organisation = None if d["organisation"] == MYSELF else organisations_of(request.user).get(pk=d["organisation"])
        try:
            task = services.task_post(
                actor=request.user, organisation=organisation, kind=d["kind"], postcode=d["postcode"],
                window_start=start, window_end=end, notes=d["notes"], person_name=d["person_name"],
                person_address=d["person_address"], person_phone=d["person_phone"], submission=d["submission"],
            )
        except SentBefore as already:  # the same form again: one task, its volunteers asked once
            messages.success(request, "You have already posted this task. Here it is.")
            return redirect("support:task", already.made.pk)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            sent = services.alerts_send(task_id=task.pk)
            messages.success(request, f"Posted. We have asked {sent} volunteers nearby." if sent else
                             "Posted. Nobody nearby can take it yet; we will keep looking.")
            return redirect("support:task", task.pk)
    return render_form(request, "support/task_new.html", {"form": form})


def _task_page(request: HttpRequest, task_id: str, *, cancel_form: Any = None,
               feedback_form: Any = None) -> HttpResponse:
    task = selectors.tasks_of_referrer(request.user).filter(pk=task_id).first()
    if task is None:
        raise Http404
    response = render_form(request, "support/task.html", {
        "task": task, "report": selectors.task_report(task), "cancel_form": cancel_form or CancelForm(),
        "form": feedback_form or FeedbackForm(),
        "feedback_left": selectors.feedback_left(task_id=task.pk, side=FeedbackSide.REFERRER),
        "live": task.status in (TaskStatus.OPEN, TaskStatus.ACCEPTED),
        "error_title": bool(cancel_form is not None and cancel_form.errors),
    })
    add_never_cache_headers(response)  # the person's details and live status: never from a cache
    return response


@login_required
def task(request: HttpRequest, task_id: str) -> HttpResponse:
    return _task_page(request, task_id)


@login_required
@require_POST
def task_cancel(request: HttpRequest, task_id: str) -> HttpResponse:
    if not selectors.is_referrer_of(request.user, task_id):
        raise Http404
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.task_cancel(actor=request.user, task_id=task_id, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "The task is cancelled.")
        return redirect("support:task", task_id)
    return _task_page(request, task_id, cancel_form=form)


@login_required
@require_POST
def task_feedback(request: HttpRequest, task_id: str) -> HttpResponse:
    if not selectors.is_referrer_of(request.user, task_id):
        raise Http404
    form = FeedbackForm(request.POST)
    if _feedback(request, task_id, form):
        return redirect("support:task", task_id)
    return _task_page(request, task_id, feedback_form=form)
