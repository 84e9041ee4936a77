"""The public pages anyone can reach, and the error pages."""

import pytest

from tests.pages.checks import check_page, h1_text

pytestmark = pytest.mark.django_db


def test_the_home_page_renders_with_its_start_button(client):
    doc = check_page(client.get("/"), title="Volunteer once, help anywhere")
    assert h1_text(doc) == "Volunteer once, help anywhere"
    assert doc.find(".//a[@href='/volunteer/sign-up']") is not None


def test_the_accessibility_statement_renders(client):
    check_page(client.get("/accessibility"), title="Accessibility statement")


def test_the_privacy_page_says_we_never_record_what_a_certificate_says(client):
    response = client.get("/privacy")
    check_page(response, title="Privacy")
    assert "never what a certificate says" in response.content.decode()


def test_an_unknown_address_gives_the_not_found_page(client):
    check_page(client.get("/no-such-page"), status=404, title="Page not found")


def test_an_unknown_opportunity_id_gives_the_not_found_page(client):
    check_page(client.get("/opportunities/00000000-0000-0000-0000-000000000000"), status=404, title="Page not found")


def test_a_signed_in_persons_pages_show_their_navigation(personas, client_for):
    doc = check_page(client_for(personas.bob).get("/"))
    nav_links = {a.get("href") for a in doc.iter("a")}
    assert "/organisations/" in nav_links
    assert "/sign-out" in nav_links
    assert "/volunteer/" not in nav_links


def test_a_form_posted_without_its_csrf_token_gets_the_session_expired_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/sign-in", {"email": "erin@example.org"})
    check_page(response, status=403, title="Your session may have expired")


@pytest.mark.parametrize(
    ("handler", "status", "title"),
    [
        ("server_error", 500, "Sorry, there is a problem with the service"),
        ("forbidden", 403, "You cannot see this page"),
        ("bad_request", 400, "There is a problem with your request"),
    ],
)
def test_the_error_pages_render(rf, handler, status, title):
    from django.contrib.auth.models import AnonymousUser

    from passport.core import views

    request = rf.get("/anything")
    request.user = AnonymousUser()
    view = getattr(views, handler)
    response = view(request) if handler == "server_error" else view(request, Exception())
    check_page(response, status=status, title=title)


def test_the_health_check_reports_the_database(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
