"""View helpers: who may see a page, and rendering forms with the right status."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def posted_answer(request: HttpRequest) -> bool | None:
    """A page's Yes or No button (`answer=yes` or `answer=no`): True or False; None for anything else, which only a
    hand-made request sends and which should change nothing."""
    return {"yes": True, "no": False}.get(request.POST.get("answer", ""))


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a page with a form; a form with errors answers 400 so clients and tests can tell."""
    invalid = any(getattr(v, "errors", None) for v in context.values() if hasattr(v, "is_bound") and v.is_bound)
    return render(request, template, context, status=400 if invalid else 200)
