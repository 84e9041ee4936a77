import datetime as dt
import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from passport.core.http import login_required
from passport.credentials import keys, selectors, services
from passport.credentials.models import StatusList
from passport.credentials.qr import QrProblem, token_from_image
from passport.credentials.vc import MEDIA_TYPE, context_document
from passport.credentials.verify import MAX_TOKEN_LENGTH, verify
from passport.vetting.models import CheckLevel, QualificationKind, Workforce
from passport.volunteers.selectors import volunteer_of


def jwks(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


def context(request: HttpRequest) -> JsonResponse:
    return JsonResponse(context_document(), content_type="application/ld+json")


def status_list(request: HttpRequest, list_id: str) -> HttpResponse:
    token = services.status_list_token(list_id)
    if token is None:
        raise Http404
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    # Verifiers may cache the list this long: a revocation is visible to them within one refresh.
    response["Cache-Control"] = f"public, max-age={settings.STATUS_LIST_MAX_AGE_SECONDS}"
    return response


def _local_status_bits(url: str) -> bytes | None:
    """Our own status lists, read from the database (the verify page runs beside them)."""
    prefix = services.issuer().status_list_url("")
    if not url.startswith(prefix):
        return None
    status = StatusList.objects.filter(pk=url[len(prefix):]).first()
    return bytes(status.bits) if status else None


def _describe(credential: dict) -> list[dict[str, dict[str, str]]]:
    subject = credential.get("credentialSubject") or {}
    rows = []
    if "VolunteerPassport" in credential.get("type", []):
        rows.append({"key": {"text": "Name"}, "value": {"text": str(subject.get("name", ""))}})
        rows.append({"key": {"text": "Passport number"}, "value": {"text": str(subject.get("passportNumber", ""))}})
        rows.append({"key": {"text": "Identity"},
                     "value": {"text": "Verified" if subject.get("identityVerified") else "Not verified"}})
        for item in subject.get("vetting") or []:
            level = dict(CheckLevel.choices).get(item.get("level"), item.get("level"))
            workforce = dict(Workforce.choices).get(item.get("workforce"), item.get("workforce"))
            text = f"{level} ({str(workforce).lower()}), valid until {item.get('validUntil')}"
            rows.append({"key": {"text": "DBS check"}, "value": {"text": text}})
        for item in subject.get("qualifications") or []:
            kind = dict(QualificationKind.choices).get(item.get("kind"), item.get("kind"))
            until = f", valid until {item['validUntil']}" if item.get("validUntil") else ""
            rows.append({"key": {"text": "Training"}, "value": {"text": f"{kind}{until}"}})
        rows.append({"key": {"text": "National Volunteer Reserve"},
                     "value": {"text": "Member" if subject.get("reserveMember") else "Not a member"}})
    elif "OpenBadgeCredential" in credential.get("type", []):
        achievement = subject.get("achievement") or {}
        rows.append({"key": {"text": "Awarded to"}, "value": {"text": str(subject.get("name", ""))}})
        rows.append({"key": {"text": "Achievement"}, "value": {"text": str(achievement.get("name", ""))}})
    issuer = credential.get("issuer") or {}
    rows.append({"key": {"text": "Issued by"}, "value": {"text": str(issuer.get("name", ""))}})
    rows.append({"key": {"text": "Valid from"}, "value": {"text": str(credential.get("validFrom", ""))[:10]}})
    if credential.get("validUntil"):
        rows.append({"key": {"text": "Valid until"}, "value": {"text": str(credential["validUntil"])[:10]}})
    return rows


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone can check a passport: paste it, or scan its QR code, which opens this page with the token."""
    token = (request.POST.get("token") or request.GET.get("token") or "").strip()
    verdict = None
    error = ""
    upload = request.FILES.get("qr")
    if upload is not None and not token:
        try:
            token = token_from_image(upload, upload.size or 0)
        except QrProblem as problem:
            error = str(problem)
    if error:
        pass
    elif request.method == "POST" or "token" in request.GET:
        if not token:
            error = "Paste the passport, or choose a photo of its QR code"
        elif len(token) > MAX_TOKEN_LENGTH:
            error = "This is too long to be one of our credentials"
            token = token[:200]
        else:
            verdict = verify(token, keys=keys.keyset_from(keys.jwks()), issuer_id=services.issuer().id,
                             status_bits=_local_status_bits, now=timezone.now())
    context = {"token": token, "verdict": verdict, "error": error, "error_title": bool(error),
               "rows": _describe(verdict.credential) if verdict and verdict.credential else []}
    return render(request, "credentials/verify.html", context, status=400 if error else 200)


@login_required
def passport_page(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return redirect("volunteers:sign-up")
    credential = selectors.current_passport(request.user)
    qr_svg = ""
    verify_url = ""
    if credential is not None:
        verify_url = f"{settings.SITE_URL}{reverse('credentials:verify')}?token={credential.token}"
        buffer = io.BytesIO()
        segno.make(verify_url, error="l").save(buffer, kind="svg", scale=3, border=2, xmldecl=False, omitsize=True,
                                               svgclass=None, lineclass=None, title="QR code of your passport")
        qr_svg = buffer.getvalue().decode()
    facts, valid_until = selectors.passport_facts(volunteer)
    return render(request, "credentials/passport.html", {
        "volunteer": volunteer, "credential": credential, "qr_svg": qr_svg, "verify_url": verify_url,
        "facts": facts, "valid_until": valid_until,
        "rows": _describe(_payload(credential.token)) if credential else [],
    })


def _payload(token: str) -> dict:
    import base64
    import json

    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@login_required
@require_POST
def passport_issue(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    try:
        services.passport_issue(volunteer=volunteer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your passport is ready.")
    return redirect("credentials:passport")


@login_required
def passport_download(request: HttpRequest) -> HttpResponse:
    credential = selectors.current_passport(request.user)
    if credential is None:
        raise Http404
    response = HttpResponse(credential.token, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="volunteer-passport-{dt.date.today()}.jwt"'
    return response


