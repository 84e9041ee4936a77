"""The two endpoints GOV.UK Notify calls: delivery receipts and received text messages.

Notify sends JSON with `Authorization: Bearer <token>`, the token we gave it when setting up the callback
(NOTIFY_CALLBACK_TOKEN). A wrong or missing token is a 401; JSON we cannot use is a 400 problem. A receipt for
a message we do not know is answered 200 and ignored: Notify retries anything else, and retrying cannot make
an unknown message known (it may be one the demo reset deleted, or sent by another environment's key).
"""

import datetime as dt
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from passport.notifications import services

log = logging.getLogger(__name__)


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="notify-callbacks"'
    return response


def _authorised(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def _read(request: HttpRequest, required: tuple[str, ...]) -> dict[str, Any] | HttpResponse:
    """The JSON object in the body, with each required field a non-empty string; or the problem to answer."""
    if not _authorised(request):
        return _problem(401, "Unauthorized", "Send the callback bearer token in the Authorization header")
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return _problem(400, "Bad Request", "The body must be a JSON object")
    if not isinstance(data, dict):
        return _problem(400, "Bad Request", "The body must be a JSON object")
    missing = [name for name in required if not isinstance(data.get(name), str) or not data[name].strip()]
    if missing:
        return _problem(400, "Bad Request", f"Missing or not text: {', '.join(missing)}")
    if len(data["id"]) > 100:
        return _problem(400, "Bad Request", "id is too long to be a Notify id")
    return data


@csrf_exempt
@require_POST
def delivery_status(request: HttpRequest) -> HttpResponse:
    data = _read(request, ("id", "status"))
    if isinstance(data, HttpResponse):
        return data
    reference = data.get("reference")
    result = services.message_receipt_record(
        provider_id=data["id"], reference=reference if isinstance(reference, str) else "", status=data["status"]
    )
    if result in ("unknown", "ignored"):
        log.info("Delivery receipt %s (%s) ignored: %s", data["id"], data["status"], result)
    return JsonResponse({"result": result})


@csrf_exempt
@require_POST
def inbound_sms(request: HttpRequest) -> HttpResponse:
    data = _read(request, ("id", "source_number", "message", "date_received"))
    if isinstance(data, HttpResponse):
        return data
    try:
        received_at = parse_datetime(data["date_received"])
    except ValueError:
        received_at = None
    if received_at is None:
        return _problem(400, "Bad Request", "date_received must be a date and time, like 2026-11-22T09:15:00Z")
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at, dt.UTC)
    destination = data.get("destination_number")
    _message, created = services.inbound_sms_receive(
        provider_id=data["id"], source_number=data["source_number"][:30],
        destination_number=destination[:30] if isinstance(destination, str) else "",
        body=data["message"], received_at=received_at,
    )
    return JsonResponse({"result": "stored" if created else "unchanged"})
