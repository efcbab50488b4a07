"""API clients for the personas: `api_client("wolgok2.planner")` carries a fresh bearer token of that user."""

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.api.models import ApiToken


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def api_client(db) -> Callable[[str], Client]:  # type: ignore[no-untyped-def]
    def _client(username: str) -> Client:
        user = get_user_model().objects.get(username=username)
        _token, clear = ApiToken.issue(user, "테스트")
        return bearer(clear)

    return _client
