import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Volunteer once, help anywhere" in response.content.decode()


def test_healthz_reports_the_database_ok(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_personas_fixture_builds(personas):
    assert personas.application.volunteer == personas.alice
