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
