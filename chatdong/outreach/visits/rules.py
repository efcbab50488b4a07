"""Who may see home visits and their sensitive parts, and the households kept under watch."""

from django.db.models import QuerySet

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import is_dong_supervisor, staff_scoped
from chatdong.registry.rules import can_see_sensitive

from .models import Visit, WatchedHousehold


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
