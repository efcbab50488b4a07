"""The building blocks every domain's rules use to scope records: current assignments, a dong's records as
its staff and 희망복지지원단 see them, and fetching one record in scope or answering "not found"."""

import datetime as dt

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from chatdong.org.models import Dong
from chatdong.org.roles import Role

from .errors import OutOfScope
from .principal import Principal


def active_on(today: dt.date, prefix: str = "") -> Q:
    """An assignment or status current on `today`: started, and not ended before it."""
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def dong_scope(principal: Principal, dong_field: str = "dong") -> Q | None:
    """The records kept by a dong that staff may see, as a filter on `dong_field`: the dong's staff their
    dong, 희망복지지원단 the district's, nobody else any (tong leaders and statistics roles included).
    None means everything (superuser)."""
    if principal.is_superuser:
        return None
    if principal.is_district_case_staff and principal.district_id:
        return Q(**{f"{dong_field}__district_id": principal.district_id})
    if principal.is_dong_staff and principal.dong_id is not None:
        return Q(**{f"{dong_field}_id": principal.dong_id})
    return Q(pk__in=[])


def staff_scoped[M: Model](principal: Principal, qs: QuerySet[M], dong_field: str = "dong") -> QuerySet[M]:
    """`qs` limited by `dong_scope`."""
    scope = dong_scope(principal, dong_field)
    return qs if scope is None else qs.filter(scope)


def is_dong_supervisor(principal: Principal, dong_id: int) -> bool:
    """The welfare supervisor of the dong: confirms legal exceptions, sets cadences, sees sensitive records."""
    return principal.staff is not None and principal.dong_id == dong_id and principal.has_role(Role.WELFARE_SUPERVISOR)


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
