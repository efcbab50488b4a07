"""Bearer-token authentication for the API: `Authorization: Bearer <token>` → the token's user."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken, hash_token

# Writing last_used_at on every call would turn each read into a write; once a minute is enough
# to tell an auditor whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    """Looks a token up by its hash; revoked tokens and inactive users are refused (401).

    On success `request.user` becomes the token's user, so `access.policy` and the access log
    see the same person as they would on the pages.
    """

    openapi_bearerFormat = "cd_…"  # ninja copies openapi_* attributes into the scheme
    openapi_description = (
        "`manage.py issue_token 사용자이름`으로 발급한 토큰을 `Authorization: Bearer <토큰>` 헤더로 보냅니다."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        token = token.strip()
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        request.user = api_token.user
        return api_token
