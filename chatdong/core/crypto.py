"""Encryption at rest for resident numbers (AES-GCM) and the keyed hash that finds them by exact match."""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


@functools.cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    # Two independent keys derived from one secret: one encrypts, one hashes for search.
    enc = hashlib.sha256(b"chatdong-encrypt:" + secret.encode()).digest()
    mac = hashlib.sha256(b"chatdong-search:" + secret.encode()).digest()
    return enc, mac


def _aead() -> AESGCM:
    return _cipher(settings.FIELD_ENCRYPTION_KEY)


@functools.cache
def _cipher(secret: str) -> AESGCM:
    return AESGCM(_keys(secret)[0])


def encrypt(plaintext: str) -> str:
    """Encrypt text; the result is ASCII (base64 of nonce + ciphertext)."""
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plaintext.encode(), None)
    return base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    return _aead().decrypt(raw[:12], raw[12:], None).decode()


def search_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) so equal values can be found without storing them in clear."""
    key = _keys(settings.FIELD_ENCRYPTION_KEY)[1]
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
