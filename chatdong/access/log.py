"""The access log: every view of a person's record, every search and every refusal (개인정보 접근기록).

Entries are written only through the model's `save()` (`AccessLog.objects.create` here), which masks any
resident number in their text and chains them (see `chain.py`)."""

from django.http import HttpRequest

from chatdong.access.client import client_address
from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.core.api import as_id

from .models import AccessLog

Action = AccessLog.Action


def record(
    request: HttpRequest,
    action: str,
    *,
    object_type: str = "",
    object_id: object = "",
    household_id: int | None = None,
    detail: str = "",
) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        household_id=household_id,
        detail=detail,
        ip_address=client_address(request),  # X-Forwarded-For only from a trusted proxy
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        channel="api" if request.path.startswith("/api/") else "web",
    )


def record_system(action: str, *, object_type: str = "", detail: str = "") -> AccessLog:
    """An entry written by a management command rather than a request (the retention purge)."""
    return AccessLog.objects.create(
        username="system", action=action, object_type=object_type, detail=detail, channel="command"
    )


def denied(request: HttpRequest, exc: OutOfScope | Forbidden) -> None:
    if isinstance(exc, OutOfScope):
        # The household asked for, when the id can name one at all (2**64 cannot: the column would not hold it).
        household_id = as_id(exc.object_id) if exc.object_type == "household" else None
        record(
            request,
            Action.NOT_FOUND,
            object_type=exc.object_type,
            object_id=exc.object_id,
            household_id=household_id,
            detail=request.path,
        )
    else:
        record(request, Action.FORBIDDEN, detail=f"{request.path} — {exc.message}")
