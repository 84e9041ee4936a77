from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from passport.core import geo
from passport.core.http import login_required, render_form
from passport.core.taxonomy import SLOTS, mask_to_slots
from passport.matching.selectors import offers_managed_by, shortlist
from passport.opendata.jobposting import job_posting
from passport.opportunities import selectors, services
from passport.opportunities.eligibility import Requirement, eligibility
from passport.opportunities.forms import ApplyForm, DecisionForm, OpportunityForm, SearchForm
from passport.opportunities.models import Application, Opportunity, OpportunityStatus
from passport.organisations.selectors import organisation_for_coordinator
from passport.vetting.selectors import attestations
from passport.volunteers.selectors import volunteer_of

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if data and not data.get("radius"):
        data["radius"] = SearchForm.base_fields["radius"].initial  # show the distance the search really uses
    form = SearchForm(data or None)
    volunteer = volunteer_of(request.user)
    page = None
    place = None
    if form.is_bound and form.is_valid():
        postcode = form.cleaned_data.get("postcode") or ""
        if postcode:
            try:
                place = geo.lookup(postcode)
            except geo.PostcodeError as error:
                form.add_error("postcode", str(error))
        elif volunteer and volunteer.easting is not None and form.cleaned_data.get("remote") != "only":
            place = geo.Place(volunteer.postcode, volunteer.easting, volunteer.northing, volunteer.la_code)
        if not form.errors:
            query = selectors.SearchQuery(
                easting=place.easting if place else None,
                northing=place.northing if place else None,
                radius_m=round(float(form.cleaned_data.get("radius") or 10) * geo.METRES_PER_MILE),
                stream=form.cleaned_data.get("stream") or "",
                cause=form.cleaned_data.get("cause") or "",
                skill=form.cleaned_data.get("skill") or "",
                slots_mask=form.slots_mask(),
                remote=form.cleaned_data.get("remote") or "include",
            )
            results = selectors.opportunity_search(query).select_related("organisation", "cause")
            page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "place": place, "query_string": query_string.urlencode()}
    return render(request, "opportunities/search.html", context, status=400 if form.errors else 200)


def detail(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunities_visible_to(request.user), pk=opportunity_id)
    volunteer = volunteer_of(request.user)
    context = {
        "opportunity": opportunity,
        "volunteer": volunteer,
        "form": ApplyForm(),
        "slots": [dict(SLOTS)[s] for s in mask_to_slots(opportunity.weekly_slots)],
        "shifts": [(s.starts_at, timezone.localtime(s.ends_at)) for s in opportunity.shifts.all()[:20]],
        "required_skills": list(opportunity.required_skills.all()),
        "desirable_skills": list(opportunity.desirable_skills.all()),
        "can_manage": organisation_for_coordinator(request.user, opportunity.organisation_id) is not None,
        "job_posting": job_posting(opportunity),
    }
    if volunteer is not None:
        context["eligibility"] = eligibility(volunteer, Requirement.of(opportunity))
        context["application"] = selectors.live_application(volunteer, opportunity)
        if volunteer.easting is not None and opportunity.easting is not None:
            context["distance_m"] = geo.distance_m(volunteer.easting, volunteer.northing,
                                                   opportunity.easting, opportunity.northing)
    return render(request, "opportunities/detail.html", context)


@login_required
@require_POST
def apply(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunities_visible_to(request.user), pk=opportunity_id)
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        messages.info(request, "Sign up as a volunteer to apply.")
        return redirect("volunteers:sign-up")
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_submit(opportunity=opportunity, volunteer=volunteer,
                                        message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"You have applied. {opportunity.organisation.name} will reply to you.")
            return redirect("opportunities:detail", opportunity.pk)
    context = {"opportunity": opportunity, "volunteer": volunteer, "form": form,
               "eligibility": eligibility(volunteer, Requirement.of(opportunity))}
    return render(request, "opportunities/apply_problem.html", context, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, application_id: str) -> HttpResponse:
    application = get_object_or_404(selectors.applications_of_volunteer(request.user), pk=application_id)
    try:
        services.application_withdraw(application=application, volunteer=application.volunteer)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "You have withdrawn your application.")
    return redirect("volunteers:home")


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_coordinator(request.user, organisation_id)
    if organisation is None:
        raise Http404
    return _save(request, organisation, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunities_managed_by(request.user), pk=opportunity_id)
    return _save(request, opportunity.organisation, opportunity)


def _initial(opportunity: Opportunity) -> dict[str, object]:
    return {
        "title": opportunity.title, "description": opportunity.description, "stream": opportunity.stream,
        "public_service_role": opportunity.public_service_role, "cause": opportunity.cause_id,
        "required_skills": list(opportunity.required_skills.values_list("code", flat=True)),
        "desirable_skills": list(opportunity.desirable_skills.values_list("code", flat=True)),
        "min_dbs_level": opportunity.min_dbs_level, "min_age": opportunity.min_age, "remote": opportunity.remote,
        "postcode": opportunity.postcode, "places": opportunity.places, "schedule_type": opportunity.schedule_type,
        "weekly_slots": mask_to_slots(opportunity.weekly_slots),
        "shifts": "\n".join(
            f"{timezone.localtime(s.starts_at):%d/%m/%Y %H:%M}-{timezone.localtime(s.ends_at):%H:%M}"
            for s in opportunity.shifts.all()
        ),
        "paid_youth_placement": opportunity.paid_youth_placement,
        "hourly_pay": (opportunity.hourly_pay_pence or 0) / 100 if opportunity.hourly_pay_pence else None,
        "closes_on": opportunity.closes_on,
    }


def _save(request: HttpRequest, organisation: object, opportunity: Opportunity | None) -> HttpResponse:
    form = OpportunityForm(request.POST or None, initial=_initial(opportunity) if opportunity else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.opportunity_save(
                actor=request.user, organisation=organisation, opportunity=opportunity,
                publish="publish" in request.POST, **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if saved.status == OpportunityStatus.OPEN:
                messages.success(request, "Your opportunity is published. Volunteers can now find it and apply.")
            else:
                messages.success(request, "Saved as a draft. Publish it when you are ready.")
            return redirect("opportunities:applicants", saved.pk)
    context = {"form": form, "organisation": organisation, "opportunity": opportunity}
    return render_form(request, "opportunities/edit.html", context)


@login_required
@require_POST
def set_status(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunities_managed_by(request.user), pk=opportunity_id)
    try:
        services.opportunity_set_status(opportunity=opportunity, actor=request.user,
                                        status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The opportunity is now {opportunity.get_status_display().lower()}.")
    return redirect("opportunities:applicants", opportunity.pk)


@login_required
def applicants(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunities_managed_by(request.user), pk=opportunity_id)
    applications = list(
        selectors.applications_managed_by(request.user).filter(opportunity=opportunity)
        .prefetch_related("volunteer__skills")
    )
    requirement = Requirement.of(opportunity)
    # Coordinators see what each applicant's checks attest and whether they meet the role, never the records.
    checks = {a.pk: attestations(a.volunteer) for a in applications if a.volunteer.erased_at is None}
    meets = {a.pk: eligibility(a.volunteer, requirement) for a in applications if a.volunteer.erased_at is None}
    proposed = list(offers_managed_by(request.user).filter(opportunity=opportunity, status="proposed"))
    # A new opportunity (no applicants, nobody proposed yet) shows its shortlist at once; others on request.
    show_shortlist = opportunity.status == OpportunityStatus.OPEN and (
        request.GET.get("shortlist") == "1" or (not applications and not proposed)
    )
    return render(request, "opportunities/applicants.html", {
        "opportunity": opportunity,
        "applications": applications,
        "proposed": proposed,
        "shortlist": shortlist(opportunity) if show_shortlist else None,
        "statuses": OpportunityStatus,
        "checks": checks,
        "meets": meets,
    })


@login_required
@require_POST
def decide(request: HttpRequest, application_id: str) -> HttpResponse:
    application: Application = get_object_or_404(selectors.applications_managed_by(request.user), pk=application_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(application=application, actor=request.user,
                                        accept=form.cleaned_data["decision"] == "accept",
                                        message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            verb = "accepted" if form.cleaned_data["decision"] == "accept" else "declined"
            messages.success(request, f"You have {verb} {application.volunteer.first_name}. We have told them.")
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("opportunities:applicants", application.opportunity_id)
