"""Refusing to run unsafely: outside the demo (DEBUG off), the secret key and the field key must be set, long and
not the published demo values. A system check (so `manage.py check`, `migrate` and `runserver` stop) and the WSGI
entry point (`chatdong.wsgi`, so gunicorn stops too: it runs no system checks of its own)."""

import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# Published in this repository: anyone can forge sessions signed with it or decrypt numbers encrypted with it.
DEMO_SECRET_KEY = "chatdong-demo-insecure-secret-key-change-me-0123456789"
DEMO_FIELD_KEY = "chatdong-demo-field-key-change-me"

# Django's own advice for SECRET_KEY (security.W009) is 50 characters; the field key is hashed into two AES and
# HMAC keys (core.crypto), so 32 random characters already carry more than its 256 bits need.
MIN_SECRET_KEY_LENGTH = 50
MIN_FIELD_KEY_LENGTH = 32
TAG = "chatdong_production"

GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(64))"'


def _key_problem(variable: str, value: str, demo: str, minimum: int) -> str | None:
    # Unset, settings falls back to the demo value: say which of the two it is.
    if not value or (value == demo and not os.environ.get(variable)):
        return "설정되지 않았습니다"
    if value == demo:
        return "공개된 데모 값입니다"
    if len(value) < minimum:
        return f"너무 짧습니다 ({len(value)}자, {minimum}자 이상 필요)"
    if len(set(value)) < 5:
        return "같은 문자가 반복됩니다"
    return None


@checks.register(TAG)
def production_keys(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """With DEBUG off, each unsafe key is an error naming its environment variable."""
    if settings.DEBUG:
        return []
    errors: list[checks.CheckMessage] = []
    for variable, value, demo, minimum, error_id in (
        ("CHATDONG_SECRET_KEY", settings.SECRET_KEY, DEMO_SECRET_KEY, MIN_SECRET_KEY_LENGTH, "chatdong.E001"),
        ("CHATDONG_FIELD_KEY", settings.FIELD_ENCRYPTION_KEY, DEMO_FIELD_KEY, MIN_FIELD_KEY_LENGTH, "chatdong.E002"),
    ):
        problem = _key_problem(variable, value, demo, minimum)
        if problem:
            errors.append(
                checks.Error(
                    f"{variable}가 {problem}. 운영(CHATDONG_DEBUG가 1이 아님)에서는 시작하지 않습니다.",
                    hint=f"무작위 값을 만들어 환경 변수로 주세요: {GENERATE}  (데모·개발은 CHATDONG_DEBUG=1)",
                    id=error_id,
                )
            )
    return errors


def refuse_unsafe_start() -> None:
    """Raise (and so stop the server process) when a production check fails."""
    errors = [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{message.msg} {message.hint}" for message in errors))
