"""Who may see and work on outreach records: visits and watched households, zones, zone walks and findings,
tong leaders' pages, cohort targets and the progress figures."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import active_on, dong_scope, is_dong_supervisor, staff_scoped
from chatdong.org.models import NeighbourhoodLeader, Zone
from chatdong.org.roles import Role
from chatdong.registry.models import LeaderAssignment, StaffAssignment
from chatdong.registry.rules import can_see_sensitive

from .models import Finding, OfficerActivity, Target, Visit, WatchedHousehold
from .programmes import Programme


def visits_visible_to(principal: Principal) -> QuerySet[Visit]:
    return staff_scoped(principal, Visit.objects.all())


def get_visit(principal: Principal, visit_id: int) -> Visit:
    try:
        return (
            visits_visible_to(principal)
            .select_related("household__dong", "household__tong", "person", "visitor", "target", "case", "dong")
            .get(pk=visit_id)
        )
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("visit", visit_id) from None


def can_see_visit_sensitive(principal: Principal, visit: Visit) -> bool:
    """The nurse's screenings and abuse signs: who made the visit (the visitor and staff who went along),
    the household's assigned staff and the dong's supervisor."""
    staff = principal.staff
    if staff is None:
        return False
    if visit.visitor_id == staff.pk or visit.companions.filter(staff_id=staff.pk).exists():
        return True
    return can_see_sensitive(principal, visit.household)


def watches_visible_to(principal: Principal) -> QuerySet[WatchedHousehold]:
    return staff_scoped(principal, WatchedHousehold.objects.all())


def get_watch(principal: Principal, watch_id: int) -> WatchedHousehold:
    try:
        return (
            watches_visible_to(principal)
            .select_related("household__dong", "household__tong", "planner", "dong")
            .get(pk=watch_id)
        )
    except (WatchedHousehold.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("watch", watch_id) from None


def can_manage_watch(principal: Principal, watch: WatchedHousehold) -> bool:
    """Tier, planner and ending the watch: the planner in charge or the dong's supervisor."""
    if principal.staff is not None and watch.planner_id == principal.staff.pk:
        return True
    return principal.is_superuser or is_dong_supervisor(principal, watch.dong_id)


def zones_visible_to(principal: Principal) -> QuerySet[Zone]:
    """Zones, their tongs, leaders and key places: the dong's staff, 희망복지지원단 the district's."""
    return staff_scoped(principal, Zone.objects.all())


def get_zone(principal: Principal, zone_id: int) -> Zone:
    try:
        return zones_visible_to(principal).select_related("dong", "officer").get(pk=zone_id)
    except (Zone.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("zone", zone_id) from None


def activities_visible_to(principal: Principal) -> QuerySet[OfficerActivity]:
    """Zone walks (with their photos of the neighbourhood): the staff who may see the zone."""
    return staff_scoped(principal, OfficerActivity.objects.all(), "zone__dong")


def get_activity(principal: Principal, activity_id: int) -> OfficerActivity:
    try:
        return activities_visible_to(principal).select_related("zone__dong", "officer").get(pk=activity_id)
    except (OfficerActivity.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("activity", activity_id) from None


def findings_visible_to(principal: Principal) -> QuerySet[Finding]:
    """Findings name residents: the dong's staff (they review them monthly), 희망복지지원단 the district's,
    whoever a finding was routed to, and a tong leader only the findings they raised."""
    qs = Finding.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_leader and principal.leader is not None:
        return qs.filter(raised_by_leader_id=principal.leader.pk)
    if principal.staff is None or not principal.sees_people:
        return qs.none()
    scope = dong_scope(principal)
    assert scope is not None
    return qs.filter(scope | Q(routed_to_id=principal.staff.pk))


def get_finding(principal: Principal, finding_id: int) -> Finding:
    try:
        return (
            findings_visible_to(principal)
            .select_related(
                "dong", "routed_to__user", "raised_by__staff", "raised_by_leader", "household", "person", "target"
            )
            .get(pk=finding_id)
        )
    except (Finding.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("finding", finding_id) from None


def leaders_visible_to(principal: Principal) -> QuerySet[NeighbourhoodLeader]:
    """Tong leaders whose pages staff may open (to record on their behalf); a leader only themself."""
    if principal.is_leader and principal.leader is not None:
        return NeighbourhoodLeader.objects.filter(pk=principal.leader.pk)
    return staff_scoped(principal, NeighbourhoodLeader.objects.all())


def get_leader(principal: Principal, leader_id: int) -> NeighbourhoodLeader:
    try:
        return leaders_visible_to(principal).select_related("dong", "tong__zone", "user").get(pk=leader_id)
    except (NeighbourhoodLeader.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("leader", leader_id) from None


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


def can_see_outreach_progress(principal: Principal) -> bool:
    """The progress figures (no names): every staff role, statistics roles included."""
    return principal.is_superuser or bool(principal.roles)
