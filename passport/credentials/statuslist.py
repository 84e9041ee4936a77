"""Bitstring Status List (W3C Recommendation): pure functions, no database.

Bit 0 is the left-most (most significant) bit of the first byte. The published list is GZIP-compressed and
base64url-encoded with the multibase prefix "u".
"""

import base64
import gzip


def empty(size_bits: int) -> bytes:
    return bytes(size_bits // 8)


def set_bit(bits: bytes, index: int) -> bytes:
    data = bytearray(bits)
    data[index // 8] |= 0x80 >> (index % 8)
    return bytes(data)


def get_bit(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def encode(bits: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(bits, mtime=0)).decode().rstrip("=")


MAX_DECODED_BYTES = 16 * 1024 * 1024  # a 128-million-bit list; anything larger is refused, not inflated


def decode(encoded: str) -> bytes:
    """Decode a published list; raises ValueError on anything malformed or absurdly large."""
    if not encoded.startswith("u"):
        raise ValueError("the status list is not multibase base64url")
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(raw)) as stream:
        data = stream.read(MAX_DECODED_BYTES + 1)
    if len(data) > MAX_DECODED_BYTES:
        raise ValueError("the status list is too large")
    return data
