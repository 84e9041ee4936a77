import json

from django.contrib import auth, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from passport.activity.selectors import hours_summary
from passport.core.http import login_required, render_form
from passport.core.taxonomy import LANGUAGE_LABELS, SLOTS, mask_to_slots
from passport.matching.selectors import offers_of_volunteer
from passport.opportunities.eligibility import Requirement, eligibility
from passport.opportunities.selectors import applications_of_volunteer
from passport.organisations.selectors import organisation_for_coordinator
from passport.reserve.selectors import open_callouts_of_volunteer
from passport.vetting.selectors import vetting_record
from passport.volunteers import selectors, services
from passport.volunteers.forms import AssistedSignUpForm, DeleteForm, PauseForm, ProfileFields, SignUpForm
from passport.volunteers.models import Volunteer


def _volunteer_or_redirect(request: HttpRequest) -> Volunteer | HttpResponse:
    volunteer = selectors.volunteer_of(request.user)
    if volunteer is None:
        return redirect("volunteers:sign-up")
    return volunteer


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if selectors.volunteer_of(request.user):
        return redirect("volunteers:home")
    signed_in = request.user if request.user.is_authenticated else None
    initial = {"email": signed_in.email} if signed_in is not None else None
    form = SignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_register(
                email=form.cleaned_data["email"], date_of_birth=form.cleaned_data["date_of_birth"],
                user=signed_in, **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            auth.login(request, volunteer.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "You have signed up. Now find an opportunity near you.")
            return redirect("volunteers:home")
    return render_form(request, "volunteers/sign_up.html", {"form": form})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_redirect(request)
    if isinstance(volunteer, HttpResponse):
        return volunteer
    slot_labels = dict(SLOTS)
    context = {
        "volunteer": volunteer,
        "skills": list(volunteer.skills.all()),
        "causes": list(volunteer.causes.all()),
        "languages": [LANGUAGE_LABELS.get(c, c) for c in volunteer.languages],
        "availability": [slot_labels[s] for s in mask_to_slots(volunteer.availability)],
        "streams": selectors.live_streams(volunteer),
        "applications": applications_of_volunteer(request.user)[:50],
        **vetting_record(volunteer),
        "offers": list(offers_of_volunteer(request.user)),
        "reserve_open": open_callouts_of_volunteer(request.user).count(),
        "hours": hours_summary(volunteer),
    }
    # An open application the volunteer no longer qualifies for (say a check expired) says so, and why.
    context["blocked"] = {
        a.pk: result.reasons
        for a in context["applications"]
        if a.status in ("submitted", "accepted")
        and not (result := eligibility(volunteer, Requirement.of(a.opportunity))).ok
    }
    return render(request, "volunteers/home.html", context)


def _profile_initial(volunteer: Volunteer) -> dict[str, object]:
    miles = round(volunteer.max_travel_m / 1609.344)
    travel = "remote" if volunteer.remote_only else str(min((1, 3, 5, 10, 25), key=lambda m: abs(m - miles)))
    return {
        "first_name": volunteer.first_name, "last_name": volunteer.last_name, "mobile": volunteer.mobile,
        "postcode": volunteer.postcode, "travel": travel, "availability": mask_to_slots(volunteer.availability),
        "skills": list(volunteer.skills.values_list("code", flat=True)),
        "causes": list(volunteer.causes.values_list("code", flat=True)),
        "languages": volunteer.languages, "streams": selectors.live_streams(volunteer),
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_redirect(request)
    if isinstance(volunteer, HttpResponse):
        return volunteer
    form = ProfileFields(request.POST or None, initial=_profile_initial(volunteer))
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(volunteer=volunteer, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Your details have been updated.")
            return redirect("volunteers:home")
    return render_form(request, "volunteers/edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pause(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_redirect(request)
    if isinstance(volunteer, HttpResponse):
        return volunteer
    if request.method == "POST" and request.POST.get("resume"):
        services.volunteer_pause(volunteer=volunteer, until=None)
        messages.success(request, "You are available again.")
        return redirect("volunteers:home")
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_pause(volunteer=volunteer, until=form.cleaned_data["until"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "We will not offer you anything until the date you gave.")
            return redirect("volunteers:home")
    return render_form(request, "volunteers/pause.html", {"form": form, "volunteer": volunteer})


@login_required
def download(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_redirect(request)
    if isinstance(volunteer, HttpResponse):
        return volunteer
    data = selectors.volunteer_export(volunteer=volunteer)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="volunteer-passport-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_redirect(request)
    if isinstance(volunteer, HttpResponse):
        return volunteer
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.volunteer_erase(volunteer=volunteer, actor=request.user)
        auth.logout(request)
        return render(request, "volunteers/deleted.html")
    return render_form(request, "volunteers/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assisted_sign_up(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_coordinator(request.user, organisation_id)
    if organisation is None:
        raise Http404
    form = AssistedSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_register(
                email=form.cleaned_data.get("email") or None, date_of_birth=form.cleaned_data["date_of_birth"],
                consent_method=form.cleaned_data["consent_method"], recorded_by=request.user,
                organisation=organisation, **form.service_kwargs(),
            )
            if volunteer.user.email or volunteer.mobile:
                services.volunteer_take_over_send(volunteer=volunteer, actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{volunteer.full_name} is registered.")
            return redirect("organisations:detail", organisation.pk)
    return render_form(request, "volunteers/assisted_sign_up.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def take_over_resend(request: HttpRequest, volunteer_id: str) -> HttpResponse:
    volunteer = selectors.volunteers_visible_to(request.user).filter(pk=volunteer_id, assisted_by__isnull=False).first()
    if volunteer is None or volunteer.user == request.user:
        raise Http404
    try:
        services.volunteer_take_over_send(volunteer=volunteer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We have sent {volunteer.first_name} a link to take over their account.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = ""  # only paths on this site: never send a coordinator elsewhere
    return redirect(next_url or "organisations:mine")
