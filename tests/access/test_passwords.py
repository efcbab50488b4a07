"""Passwords are stored as Argon2id (chatdong.access.passwords); a PBKDF2 hash stored before still logs in and is
rewritten as Argon2id. The other tests use a fast MD5 hasher (tests/conftest.py); these use the project's list."""

import importlib

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import override_settings
from django.urls import reverse

PROJECT_HASHERS = importlib.import_module("chatdong.settings").PASSWORD_HASHERS
ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


def test_new_passwords_are_argon2id_and_pbkdf2_still_verifies():
    assert PROJECT_HASHERS[0] == "chatdong.access.passwords.Argon2idHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PROJECT_HASHERS
    with override_settings(PASSWORD_HASHERS=PROJECT_HASHERS):
        assert make_password("chatdong-demo").startswith(ARGON2ID)


def test_a_pbkdf2_password_logs_in_and_is_rewritten_as_argon2id(world, client, password):
    user = get_user_model().objects.get(username="wolgok2.planner")
    hasher = PBKDF2PasswordHasher()
    # Few rounds keep the test fast; any PBKDF2 hash is rewritten, as Argon2id comes first.
    user.password = hasher.encode(password, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    with override_settings(PASSWORD_HASHERS=PROJECT_HASHERS):
        response = client.post(reverse("login"), {"username": "wolgok2.planner", "password": password})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith(ARGON2ID)
        assert user.check_password(password)
