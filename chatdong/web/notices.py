"""Notices on the home page: a user's unread ones, urgent first, and marking them read.

Notices are sent by the apps through `core.notices.send`; only their recipient ever reads or clears them
(`rules.NOTICES`).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import principal_for
from chatdong.core.models import Notice

from .rules import NOTICES

UNREAD_LIMIT = 20


def _received(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notice]:
    return NOTICES.scope(principal_for(user), Notice.objects.all())


def unread(user: AbstractBaseUser | AnonymousUser, limit: int = UNREAD_LIMIT) -> tuple[list[Notice], int]:
    """The first unread notices (urgent first, newest first) and how many there are: two queries."""
    qs = _received(user).filter(read_at__isnull=True)
    return list(qs.order_by("-urgent", "-created_at", "-id")[:limit]), qs.count()


def mark_read(user: AbstractBaseUser | AnonymousUser, notice_id: int) -> None:
    """Someone else's notice, or one already read, is "not found" like a missing one."""
    updated = _received(user).filter(pk=notice_id, read_at__isnull=True).update(read_at=timezone.now())
    if not updated:
        raise OutOfScope("notice", notice_id)


def mark_all_read(user: AbstractBaseUser | AnonymousUser) -> int:
    return _received(user).filter(read_at__isnull=True).update(read_at=timezone.now())
