import io

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile

from passport.credentials import services

pytestmark = pytest.mark.django_db


def png_of(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="l").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "qr.png"):
    return client.post("/verify", {"token": "", "qr": SimpleUploadedFile(name, content, content_type="image/png")})


def test_a_photo_of_the_passport_qr_code_is_checked(client, vetted_alice):
    issued = services.passport_issue(volunteer=vetted_alice, actor=None)
    page = upload(client, png_of(f"http://testserver/verify?token={issued.token}"))
    assert page.status_code == 200 and "Genuine and current" in page.content.decode()


@pytest.mark.parametrize(("content", "message"), [
    (b"not a picture at all", "The file must be a picture"),
    (png_of("https://example.org/somewhere"), "is a web link, not a Volunteer Passport"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "The file must be a picture"),
])
def test_pictures_that_hold_no_passport_are_refused_with_a_reason(client, content, message):
    page = upload(client, content)
    assert page.status_code == 400 and message in page.content.decode()


def test_a_picture_with_no_qr_code_is_refused(client):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (200, 200), color=255).save(buffer, format="PNG")
    page = upload(client, buffer.getvalue())
    assert page.status_code == 400 and "could not find a QR code" in page.content.decode()


def test_a_qr_code_with_a_forged_token_says_it_is_not_genuine(client, vetted_alice):
    page = upload(client, png_of("eyJhbGciOiJub25lIn0.e30."))
    assert "This is not a genuine Volunteer Passport" in page.content.decode()
