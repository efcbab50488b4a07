"""Sending notices to users (alerts and notices back)."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from .models import Notice


def send(recipients: Iterable[AbstractBaseUser], kind: str, message: str, url: str = "", urgent: bool = False) -> int:
    notices = [
        Notice(recipient_id=user.pk, kind=kind, message=message[:300], url=url, urgent=urgent) for user in recipients
    ]
    Notice.objects.bulk_create(notices)
    return len(notices)
