"""Reading a passport from a photo or screenshot of its QR code."""

import urllib.parse
from typing import IO

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a 5,000 × 5,000 picture; larger ones are refused before decoding


class QrProblem(ValueError):
    """The picture could not give us a credential; the message says why, for the person."""


def token_from_image(stream: IO[bytes], size: int) -> str:
    """The credential in a QR code picture: the code holds our verify link (…/verify?token=…) or the token."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    if size > MAX_BYTES:
        raise QrProblem("The picture must be smaller than 5 MB")
    try:
        with Image.open(stream) as image:
            if image.width * image.height > MAX_PIXELS:
                raise QrProblem("The picture is too large: take a closer photo of the QR code")
            image.load()
            codes = zxingcpp.read_barcodes(image.convert("L"))
    except QrProblem:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise QrProblem("The file must be a picture, like a PNG or JPEG") from None
    texts = [code.text for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode and code.text]
    if not texts:
        raise QrProblem("We could not find a QR code in the picture: try a sharper, closer photo")
    text = texts[0].strip()
    if text.startswith(("http://", "https://")):
        token = urllib.parse.parse_qs(urllib.parse.urlparse(text).query).get("token", [""])[0]
        if not token:
            raise QrProblem("The QR code is a web link, not a Volunteer Passport")
        return token
    return text
