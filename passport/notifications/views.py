from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from passport.notifications.selectors import outbox_visible_to


def outbox(request: HttpRequest) -> HttpResponse:
    messages = outbox_visible_to(request.user)
    page = Paginator(messages, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {"page": page})


def message_detail(request: HttpRequest, message_id: str) -> HttpResponse:
    message = get_object_or_404(outbox_visible_to(request.user), pk=message_id)
    return render(request, "notifications/message.html", {"message": message})
