"""Who may see zones, zone walks (with their photos) and findings."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import dong_scope, staff_scoped
from chatdong.org.models import Zone

from .models import Finding, OfficerActivity


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
