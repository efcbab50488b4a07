"""Scope helpers beside the rules: an assignment current on a day, and the dong a dong-level page is about."""

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest

from chatdong.org.models import Dong

from .errors import OutOfScope
from .principal import Principal


def active_on(today: dt.date, prefix: str = "") -> Q:
    """An assignment or status current on `today`: started, and not ended before it."""
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def dong_in_scope(request: HttpRequest, principal: Principal) -> Dong:
    """Dong staff always get their own dong; district staff the requested dong of their district (else the
    first, also when the one asked for is outside the district)."""
    if principal.is_dong_staff and principal.dong_id:
        return Dong.objects.select_related("district").get(pk=principal.dong_id)
    dongs = (
        Dong.objects.all() if principal.is_superuser else Dong.objects.filter(district_id=principal.district_id or 0)
    )
    try:
        chosen = dongs.filter(pk=int(request.GET.get("dong") or request.POST.get("dong") or 0)).first()
    except ValueError:
        chosen = None
    found = chosen or dongs.order_by("code").first()
    if found is None:
        raise OutOfScope("dong", request.GET.get("dong", ""))
    return found
