"""Whose tong leader pages staff may open (to record on a leader's behalf); a leader only their own."""

from django.db.models import QuerySet

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import staff_scoped
from chatdong.org.models import NeighbourhoodLeader


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
