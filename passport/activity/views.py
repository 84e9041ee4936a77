from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from passport.activity import selectors, services
from passport.activity.forms import (
    INFORMAL,
    CoordinatorLogForm,
    DecisionForm,
    DisputeForm,
    EntryFieldsForm,
    LogHoursForm,
    SpendForm,
)
from passport.activity.models import EntryStatus
from passport.core.http import login_required, render_form
from passport.credentials.vc import MEDIA_TYPE
from passport.organisations.selectors import organisation_for_coordinator
from passport.volunteers.selectors import volunteer_of


def _posted(request: HttpRequest) -> Any:
    """The POST data, even when empty, so an empty submission is validated rather than shown as a new form."""
    return request.POST if request.method == "POST" else None


def _volunteer(request: HttpRequest):  # type: ignore[no-untyped-def]
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    return volunteer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return redirect("volunteers:sign-up")
    entries = selectors.entries_of_volunteer(request.user)
    context = {
        "volunteer": volunteer,
        "totals": selectors.totals_by_organisation(entries),
        "summary": selectors.hours_summary(volunteer),
        "entries": entries[:200],
        "milestones": selectors.milestones_of(request.user),
        "balance": selectors.credit_balance(volunteer),
        "passport_number": selectors.passport_number_of(volunteer),
        "credits": selectors.credits_of(request.user)[:50],
        "statements": selectors.statements_of(request.user)[:10],
    }
    return render(request, "activity/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return redirect("volunteers:sign-up")
    form = LogHoursForm(_posted(request), opportunities=selectors.accepted_opportunities(volunteer),
                        organisations=selectors.organisation_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opportunity = None if data["activity"] == INFORMAL else form.opportunities[data["activity"]]
        organisation = opportunity.organisation if opportunity else selectors.organisation_by_id(data["organisation"])
        try:
            services.hours_log(volunteer=volunteer, organisation=organisation, opportunity=opportunity,
                               date=data["date"], hours=data["hours"], description=data["description"],
                               actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Your hours are logged. {organisation.name} will confirm them.")
            return redirect("activity:home")
    return render_form(request, "activity/log.html", {"form": form})


@login_required
def entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    item = get_object_or_404(selectors.entries_visible_to(request.user), pk=entry_id)
    is_volunteer = item.volunteer.user_id == request.user.pk
    manages = organisation_for_coordinator(request.user, item.organisation_id) is not None
    return render(request, "activity/entry.html", {
        "entry": item, "history": selectors.entry_history(item), "is_volunteer": is_volunteer, "manages": manages,
        "decision_form": DecisionForm() if manages else None,
    })


@login_required
@require_POST
def decide(request: HttpRequest, entry_id: str) -> HttpResponse:
    item = get_object_or_404(selectors.entries_managed_by(request.user), pk=entry_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == "confirm":
                services.hours_confirm(entry=item, actor=request.user)
            elif decision == "query":
                services.hours_query(entry=item, actor=request.user, message=message)
            else:
                services.hours_reject(entry=item, actor=request.user, message=message)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, {"confirm": "Hours confirmed.", "query": "Your question has been sent.",
                                       "reject": "The hours are marked as not confirmed."}[decision])
            return redirect("activity:organisation", item.organisation_id)
    return render(request, "activity/entry.html", {
        "entry": item, "history": selectors.entry_history(item), "is_volunteer": False, "manages": True,
        "decision_form": form,
    }, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, entry_id: str) -> HttpResponse:
    item = get_object_or_404(selectors.entries_of_volunteer(request.user), pk=entry_id)
    if item.status != EntryStatus.QUERIED:
        messages.error(request, "You can only change hours the organisation has queried.")
        return redirect("activity:entry", item.pk)
    initial = {"date": item.date, "hours": item.hours, "description": item.description}
    form = EntryFieldsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_resubmit(entry=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Your changes have been sent to {item.organisation.name}.")
            return redirect("activity:home")
    return render_form(request, "activity/change.html", {"entry": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dispute(request: HttpRequest, entry_id: str) -> HttpResponse:
    item = get_object_or_404(selectors.entries_of_volunteer(request.user), pk=entry_id)
    form = DisputeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_dispute(entry=item, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Your dispute has been sent to {item.organisation.name}.")
            return redirect("activity:home")
    return render_form(request, "activity/dispute.html", {"entry": item, "form": form})


@login_required
@require_POST
def statement_issue(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer(request)
    try:
        services.statement_issue(volunteer=volunteer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your signed statement of hours is ready to download.")
    return redirect("activity:home")


def _download(token: str, filename: str) -> HttpResponse:
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def statement_download(request: HttpRequest, statement_id: str) -> HttpResponse:
    statement = get_object_or_404(selectors.statements_of(request.user), pk=statement_id)
    return _download(statement.credential.token, f"hours-statement-{statement.created_at:%Y-%m-%d}.jwt")


@login_required
def badge_download(request: HttpRequest, award_id: str) -> HttpResponse:
    award = get_object_or_404(selectors.milestones_of(request.user), pk=award_id)
    return _download(award.credential.token, f"badge-{award.milestone}.jwt")


@login_required
def organisation(request: HttpRequest, organisation_id: str) -> HttpResponse:
    org = organisation_for_coordinator(request.user, organisation_id)
    if org is None:
        raise Http404
    entries = selectors.entries_managed_by(request.user).filter(organisation=org)
    waiting = entries.filter(status__in=[EntryStatus.PENDING, EntryStatus.DISPUTED])
    return render(request, "activity/organisation.html", {
        "organisation": org, "waiting": waiting[:200], "recent": entries.exclude(pk__in=waiting)[:50],
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_log(request: HttpRequest, organisation_id: str) -> HttpResponse:
    org = organisation_for_coordinator(request.user, organisation_id)
    if org is None:
        raise Http404
    volunteers = {str(v.pk): v for v in selectors.volunteers_of_organisation(org)}
    form = CoordinatorLogForm(_posted(request), volunteers=[(k, v.full_name) for k, v in volunteers.items()])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = volunteers[data["volunteer"]]
        try:
            services.hours_log(volunteer=volunteer, organisation=org, date=data["date"], hours=data["hours"],
                               description=data["description"], actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Hours logged for {volunteer.full_name}. They can see them and dispute them.")
            return redirect("activity:organisation", org.pk)
    return render_form(request, "activity/organisation_log.html", {"organisation": org, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def credits_spend(request: HttpRequest, organisation_id: str) -> HttpResponse:
    org = organisation_for_coordinator(request.user, organisation_id)
    if org is None:
        raise Http404
    form = SpendForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = selectors.volunteer_by_passport_number(data["passport_number"])
        if volunteer is None:
            form.add_error("passport_number", "Enter a passport number we have issued, like VP-ABCD-2345")
        else:
            try:
                services.credits_spend(volunteer=volunteer, organisation=org, amount=data["amount"],
                                       reason=data["reason"], actor=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, f"{data['amount']} credits spent.")
                return redirect("activity:organisation", org.pk)
    return render_form(request, "activity/spend.html", {"organisation": org, "form": form})
