"""Read queries of the cohorts, scoped by the cohort rules: the target list with its filters.

Built with `select_related` so that its query count does not depend on the number of rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from chatdong.access.principal import Principal

from . import rules
from .generation import month_of
from .models import Target


@dataclass(frozen=True)
class TargetFilters:
    programme: str = ""
    month: dt.date | None = None
    status: str = ""
    planner_id: int | None = None
    zone_id: int | None = None
    dong_id: int | None = None
    mine: bool = False


def target_list(principal: Principal, f: TargetFilters) -> QuerySet[Target]:
    qs = rules.targets_visible_to(principal)
    # Filtering by programme would tell a tong leader who is on the 빈곤위기가정 list: for them it filters nothing.
    if f.programme and rules.sees_reasons(principal):
        qs = qs.filter(programme=f.programme)
    if f.month:
        qs = qs.filter(period_start=month_of(f.month)[0])
    if f.status:
        qs = qs.filter(status=f.status)
    if f.planner_id:
        qs = qs.filter(planner_id=f.planner_id)
    if f.zone_id:
        qs = qs.filter(zone_id=f.zone_id)
    if f.dong_id:
        qs = qs.filter(dong_id=f.dong_id)
    if f.mine:
        qs = qs.filter(planner_id=principal.staff.pk if principal.staff else 0)
    return qs.select_related("person", "household", "dong", "zone", "planner", "referred_by").order_by(
        "-period_start", "status", "appointment_at", "person__name", "pk"
    )
