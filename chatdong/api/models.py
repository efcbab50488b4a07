"""API tokens: a bearer token per client, stored only as a hash."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField("용도", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 토큰"

    @classmethod
    def issue(cls, user: models.Model, label: str = "") -> tuple["ApiToken", str]:
        """Create a token; the clear value is returned once and never stored."""
        token = "cd_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, key_hash=hash_token(token), label=label), token
