"""Fixtures: the personas of tests/world.py are built once per test database; `api_client` gives an API client
signed in (by bearer token) as one of them.

Tests that use `db` see them (each test's changes roll back). Browser tests need a live server and
so a transactional database, which is emptied after each test: they build the world again themselves.
"""

import atexit
import shutil
import tempfile
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.api.models import ApiToken

from .races import fresh_world, require_postgresql
from .world import PASSWORD, World, build_world, load_world

# The tests' own keys: not the published demo ones, so the production checks (chatdong.core.safety) pass as they
# would on a real deployment, and long enough for them.
TEST_SECRET_KEY = "chatdong-tests-secret-key-not-for-production-4f0e9c2b7a1d8e6f3b5c0a9d"
TEST_FIELD_KEY = "chatdong-tests-field-key-not-for-production-7c3e1a"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.SECRET_KEY = TEST_SECRET_KEY
    settings.FIELD_ENCRYPTION_KEY = TEST_FIELD_KEY
    # The test client and the live server speak plain HTTP, as a trial without TLS does (CHATDONG_HTTPS=0); the
    # production transport settings have their own tests (tests/web/test_production_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0

    # PBKDF2's 1.5 million rounds cost a second a password: a dozen per world built (each browser test
    # builds one) and one per login in the browser. The tests are about who may log in, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Files the tests write (uploaded photos, the demo's zone-walk pictures) never go to the checkout's media/.
    media = tempfile.mkdtemp(prefix="chatdong-test-media-")
    settings.MEDIA_ROOT = media
    atexit.register(shutil.rmtree, media, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: figures cached by an earlier test (whose rows were rolled back) would
    otherwise show in the next one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return load_world()


@pytest.fixture
def racing_world(transactional_db) -> World:  # type: ignore[no-untyped-def]
    """For requests at once on PostgreSQL (tests/races.py): committed data, the personas built afresh."""
    require_postgresql()
    return fresh_world()


@pytest.fixture
def login(db):  # type: ignore[no-untyped-def]
    """login("wolgok2.planner") → a Django test client signed in as that persona."""

    def _login(username: str) -> Client:
        client = Client()
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def api_client(db) -> Callable[[str], Client]:  # type: ignore[no-untyped-def]
    def _client(username: str) -> Client:
        user = get_user_model().objects.get(username=username)
        _token, clear = ApiToken.issue(user, "테스트")
        return bearer(clear)

    return _client
