from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from passport.core.http import login_required
from passport.matching import selectors, services
from passport.matching.explain import REASON_TEXT
from passport.matching.forms import DeclineForm
from passport.matching.tasks import run_matching_round


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read_rounds(request.user):
        raise Http404
    if request.method == "POST":
        if not selectors.can_run_rounds(request.user):
            raise Http404
        matching_round = services.round_request(actor=request.user)
        if services.pool_is_small():
            # Small pools (a council, the demo) answer at once; larger ones wait for the worker.
            matching_round = services.round_run(round_id=matching_round.pk, in_process=True)
        else:
            run_matching_round.enqueue(str(matching_round.pk))
            messages.success(request, "The round is queued: the worker will run it shortly.")
        return redirect("matching:round", matching_round.pk)
    return render(request, "matching/rounds.html", {
        "rounds": selectors.rounds_visible_to(request.user)[:50],
        "can_run": selectors.can_run_rounds(request.user),
    })


@login_required
def round_report(request: HttpRequest, round_id: str) -> HttpResponse:
    matching_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=round_id)
    report = matching_round.report or {}
    return render(request, "matching/round.html", {
        "matching_round": matching_round, "ours": report.get("round", {}),
        "baseline": report.get("first_come_nearest", {}), "report": report,
        "reason_text": REASON_TEXT,
    })


@login_required
@require_POST
def accept(request: HttpRequest, offer_id: str) -> HttpResponse:
    offer = get_object_or_404(selectors.offers_of_volunteer(request.user), pk=offer_id)
    try:
        services.offer_accept(offer=offer, volunteer=offer.volunteer)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"You are in. {offer.opportunity.organisation.name} will be in touch.")
    return redirect("volunteers:home")


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, offer_id: str) -> HttpResponse:
    offer = get_object_or_404(selectors.offers_of_volunteer(request.user), pk=offer_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_decline(offer=offer, volunteer=offer.volunteer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Thank you. We will not offer you this one again.")
        return redirect("volunteers:home")
    return render(request, "matching/decline.html", {"offer": offer, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def coordinate(request: HttpRequest, offer_id: str) -> HttpResponse:
    offer = get_object_or_404(selectors.offers_managed_by(request.user), pk=offer_id)
    invite = request.POST.get("action") == "invite"
    try:
        services.offer_coordinate(offer=offer, actor=request.user, invite=invite)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We have {'invited' if invite else 'passed over'} {offer.volunteer.first_name}.")
    return redirect("opportunities:applicants", offer.opportunity_id)
