from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from passport.accounts import services
from passport.accounts.forms import SignInForm
from passport.accounts.selectors import home_url_for


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_request(email=form.cleaned_data["email"], next_url=next_url)
        request.session["sign_in_email"] = form.cleaned_data["email"]
        return redirect("accounts:check-email")
    return render(request, "accounts/sign_in.html", {"form": form}, status=400 if form.errors else 200)


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_email.html", {"email": request.session.get("sign_in_email", "")})


@require_http_methods(["GET", "POST"])
def use_link(request: HttpRequest, secret: str) -> HttpResponse:
    # GET only shows a button: mail scanners that follow links must not use up a single-use link.
    if request.method == "GET":
        token = services.sign_in_link_peek(secret=secret)
        return render(request, "accounts/use_link.html", {"token": token}, status=200 if token else 400)
    try:
        token = services.sign_in_link_use(secret=secret)
    except services.LinkProblem as problem:
        return render(request, "accounts/link_problem.html", {"problem": str(problem)}, status=400)
    auth.login(request, token.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(token.next_url or home_url_for(token.user))


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        auth.logout(request)
        return redirect("core:home")
    return render(request, "accounts/sign_out.html")
