"""Login lockout: too many failed logins for one username or from one address lock it for a while."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str) -> bool:
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip_address=ip_address)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


LOCKED_MESSAGE = (
    f"로그인에 {settings.LOGIN_FAILURE_LIMIT}회 이상 실패하여 계정이 잠겼습니다. "
    f"{settings.LOGIN_LOCKOUT_MINUTES}분 후에 다시 시도하거나 관리자에게 문의하세요."
)
