from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from passport.core import geo
from passport.core.http import login_required
from passport.vetting import selectors, services
from passport.vetting.forms import DbsCheckForm, FindVolunteerForm, IdentityForm, QualificationForm, UpdateServiceForm


def officer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_vetting_officer(request.user):
            raise Http404  # don't reveal that the page exists
        return view(request, *args, **kwargs)

    return wrapper


@officer_required
def home(request: HttpRequest) -> HttpResponse:
    form = FindVolunteerForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        people = selectors.volunteers_for_officer(request.user)
        words = q.split()
        if "@" in q:
            people = people.filter(user__email__iexact=q)
        elif any(ch.isdigit() for ch in q):
            compact = geo.normalise(q)
            people = people.filter(postcode=geo.format_postcode(compact)) if len(compact) >= 5 else people.none()
        else:
            for word in words:
                people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        results = list(people.order_by("last_name", "first_name")[:50])
    return render(request, "vetting/home.html", {"form": form, "results": results},
                  status=400 if form.errors else 200)


FORMS = {"identity": IdentityForm, "dbs": DbsCheckForm, "qualification": QualificationForm,
         "update-service": UpdateServiceForm}


@officer_required
@require_http_methods(["GET", "POST"])
def volunteer(request: HttpRequest, volunteer_id: str) -> HttpResponse:
    person = selectors.volunteers_for_officer(request.user).filter(pk=volunteer_id).first()
    if person is None:
        raise Http404
    if request.method == "POST" and request.POST.get("revoke"):
        from passport.credentials.services import volunteer_credentials_revoke

        count = volunteer_credentials_revoke(volunteer=person, reason="officer_decision", actor=request.user)
        messages.success(request, f"Revoked {count} credential{'s' if count != 1 else ''}. Verifiers will see it "
                                  "within minutes.")
        return redirect("vetting:volunteer", person.pk)
    which = request.POST.get("record", "")
    forms = {name: cls(request.POST if which == name else None, prefix=name) for name, cls in FORMS.items()}
    if request.method == "POST" and which in forms and forms[which].is_valid():
        data = forms[which].cleaned_data
        try:
            if which == "identity":
                services.identity_record(officer=request.user, volunteer=person, **data)
            elif which == "dbs":
                services.dbs_check_record(officer=request.user, volunteer=person, **data)
            elif which == "qualification":
                services.qualification_record(officer=request.user, volunteer=person, **data)
            else:
                check = person.dbs_checks.order_by("-issued_on").first()
                if check is None:
                    raise ValidationError({"subscription_id": "Record a DBS check first"})
                services.update_service_record(officer=request.user, volunteer=person, dbs_check=check, **data)
        except ValidationError as error:
            forms[which].add_service_error(error)
        else:
            messages.success(request, "Saved.")
            return redirect("vetting:volunteer", person.pk)
    context = {"person": person, "forms": forms, **selectors.vetting_record(person),
               "credentials": list(person.credentials.order_by("-created_at")[:20]),
               "error_title": any(f.is_bound and f.errors for f in forms.values())}
    return render(request, "vetting/volunteer.html", context, status=400 if context["error_title"] else 200)
