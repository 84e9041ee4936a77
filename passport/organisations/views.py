from django.contrib import auth, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from passport.accounts.models import User
from passport.activity.selectors import to_confirm_count
from passport.core.http import login_required, render_form
from passport.opportunities.models import OpportunityStatus
from passport.opportunities.selectors import open_applications_count
from passport.organisations import selectors, services
from passport.organisations.forms import InviteForm, RegisterForm, YourDetailsForm
from passport.organisations.models import Organisation


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None, prefix="org")
    you = None if request.user.is_authenticated else YourDetailsForm(request.POST or None, prefix="you")
    if request.method == "POST" and form.is_valid() and (you is None or you.is_valid()):
        try:
            with transaction.atomic():
                actor = request.user
                if you is not None:
                    email = you.cleaned_data["your_email"].lower()
                    if User.objects.filter(email__iexact=email).exists():
                        raise ValidationError({"your_email": "An account already uses this email. Sign in first"})
                    actor = User.objects.create_user(email=email, display_name=you.cleaned_data["your_name"])
                organisation = services.organisation_register(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            target = you if you is not None and "your_email" in getattr(error, "error_dict", {}) else form
            target.add_service_error(error)
        else:
            if you is not None:
                auth.login(request, actor, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"{organisation.name} is registered. Now post your first opportunity.")
            return redirect("organisations:detail", organisation.pk)
    return render_form(request, "organisations/register.html", {"form": form, "you": you})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.organisations_of(request.user))
    if len(organisations) == 1 and not request.GET.get("all"):
        return redirect("organisations:detail", organisations[0].pk)
    return render(request, "organisations/mine.html", {"organisations": organisations})


@login_required
def detail(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_coordinator(request.user, organisation_id)
    if organisation is None:
        raise Http404
    opportunities = list(organisation.opportunities.select_related("cause").order_by("status", "-created_at")[:200])
    waiting = open_applications_count([o.pk for o in opportunities])
    context = {
        "organisation": organisation,
        "opportunities": opportunities,
        "waiting": waiting,
        "median_days": selectors.median_response_days(organisation),
        "coordinators": organisation.memberships.select_related("user"),
        "assisted": selectors.assisted_volunteers(organisation),
        "hours_to_confirm": to_confirm_count(organisation),
    }
    return render(request, "organisations/detail.html", context)


def public(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    opportunities = organisation.opportunities.filter(status=OpportunityStatus.OPEN).select_related("cause")
    return render(request, "organisations/public.html", {"organisation": organisation, "opportunities": opportunities})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_coordinator(request.user, organisation_id)
    if organisation is None:
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_invite(organisation=organisation, actor=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"We have sent an invitation to {form.cleaned_data['email']}.")
            return redirect("organisations:detail", organisation.pk)
    return render_form(request, "organisations/invite.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = selectors.invitation_for(request.user, invitation_id)
    if invitation is None:
        raise Http404
    if request.method == "POST":
        services.invitation_accept(invitation=invitation, actor=request.user)
        messages.success(request, f"You are now a coordinator for {invitation.organisation.name}.")
        return redirect("organisations:detail", invitation.organisation.pk)
    return render(request, "organisations/accept.html", {"invitation": invitation})
