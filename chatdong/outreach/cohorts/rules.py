"""Who may see cohort targets and work on them, generate a dong's lists."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import active_on, staff_scoped
from chatdong.org.roles import Role
from chatdong.registry.models import LeaderAssignment, StaffAssignment

from .models import Target
from .programmes import Programme


def targets_visible_to(principal: Principal) -> QuerySet[Target]:
    """Cohort targets: dong staff their dong's, 희망복지지원단 the district's, a tong leader those of the
    households assigned to them; statistics roles none (figures only).

    돌봄위기가정 targets say that a household was referred for abuse or violence: like the sensitive flags,
    only the target's planner, staff in charge of the household and the dong's supervisor see them."""
    qs = Target.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_leader and principal.leader:
        assigned = LeaderAssignment.objects.filter(
            active_on(dt.date.today()), household_id=OuterRef("household_id"), leader_id=principal.leader.pk
        )
        return qs.filter(Exists(assigned)).exclude(programme=Programme.CARE_CRISIS)
    staff = principal.staff
    if staff is None:
        return qs.none()
    qs = staff_scoped(principal, qs)
    in_charge = StaffAssignment.objects.filter(
        active_on(dt.date.today()), household_id=OuterRef("household_id"), staff_id=staff.pk
    )
    sees_care = Q(planner_id=staff.pk) | Q(Exists(in_charge))
    if principal.has_role(Role.WELFARE_SUPERVISOR) and staff.dong_id:
        sees_care |= Q(dong_id=staff.dong_id)
    return qs.filter(~Q(programme=Programme.CARE_CRISIS) | sees_care)


def get_target(principal: Principal, target_id: int) -> Target:
    try:
        return (
            targets_visible_to(principal)
            .select_related(
                "person__household__dong", "household__tong", "dong", "zone", "planner", "referred_by", "consent"
            )
            .get(pk=target_id)
        )
    except (Target.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("target", target_id) from None


def can_work_on_target(principal: Principal, target: Target) -> bool:
    """Record the contact result, the appointment or a letter: the dong's staff (the officer or planner
    who phoned), the district's case staff, or the tong leader the household is assigned to."""
    if principal.is_superuser:
        return True
    if principal.is_leader:
        return True  # a leader only ever holds targets of their own assigned households (targets_visible_to)
    if principal.is_dong_staff and principal.dong_id == target.dong_id:
        return True
    return principal.is_district_case_staff and principal.district_id == target.dong.district_id


def can_generate_cohort(principal: Principal, dong_id: int) -> bool:
    """Generate a dong's target lists: its welfare planners, supervisor and dong head."""
    if principal.is_superuser:
        return True
    return principal.dong_id == dong_id and principal.has_role(
        Role.WELFARE_PLANNER, Role.WELFARE_SUPERVISOR, Role.DONG_HEAD
    )
