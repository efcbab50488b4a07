"""Bearer-token authentication for the API: `Authorization: Bearer <token>` → the token's user."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer

from chatdong.access.doors import Door, door_of

from .models import ApiToken, hash_token

# Writing last_used_at on every call would turn each read into a write; once a minute is enough
# to tell an auditor whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    """Looks a token up by its hash; revoked tokens and inactive users are refused (401).

    On success `request.user` becomes the token's user, so the rules and the access log see the same person as
    they would on the pages. Given an operation's door, it then tries the door, before ninja reads the request's
    input: a caller the door refuses gets its 403 (or 404) even with a malformed body, never a schema error that
    describes the input.
    """

    openapi_bearerFormat = "cd_…"  # ninja copies openapi_* attributes into the scheme
    openapi_description = (
        "`manage.py issue_token 사용자이름`으로 발급한 토큰을 `Authorization: Bearer <토큰>` 헤더로 보냅니다."
    )

    def __init__(self, door: Door | None = None) -> None:
        super().__init__()
        self.door = door

    def __call__(self, request: HttpRequest) -> Any:
        token = super().__call__(request)
        if token is not None and self.door is not None:
            self.door.enter(request)
        return token

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


def doors_before_input(api: NinjaAPI) -> None:
    """Give every operation that has a door the token-then-door authentication (the view keeps its door too).

    Set on the routers' operations before the API binds them (its URLs are built later), as an operation's own
    `auth=` would be, so the bound copies keep it instead of inheriting the API's plain token."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found = door_of(operation.view_func)
                if found is not None and found.rule is not None:
                    gate = BearerToken(found)
                    operation.auth_param = gate
                    operation.auth_callbacks = [gate]
