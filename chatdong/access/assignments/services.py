"""Who walks which zone, which zone a tong belongs to, and who holds which role: each change audited."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.core.types import Actor
from chatdong.org.models import RoleAssignment, StaffMember, Tong, Zone
from chatdong.org.roles import DONG_ROLES, Role

# Least privilege: whoever manages zones and roles does not widen their own access with them (a zone brings the
# 우리동네주무관 role; a role its rules). Another manager of the dong, or an administrator, does it for them.
OWN_ZONE = "자기 자신을 구역 담당 주무관으로 지정할 수 없습니다. 동장이나 다른 관리자에게 요청하세요."


def _is_self(user: Actor, staff: StaffMember) -> bool:
    return staff.user_id == getattr(user, "pk", None)


@transaction.atomic
def assign_zone_officer(user: Actor, zone: Zone, officer: StaffMember | None) -> Zone:
    """Every staff member of the dong may walk a zone; staff of another dong may not."""
    if officer is not None and officer.dong_id != zone.dong_id:
        raise ValidationError(f"{officer.name}은(는) {zone.dong.name} 소속이 아니어서 구역을 맡을 수 없습니다.")
    if officer is not None and officer.pk != zone.officer_id and _is_self(user, officer):
        raise ValidationError(OWN_ZONE)
    before = audit.snapshot(zone, ["officer"])
    zone.officer = officer
    zone.save(update_fields=["officer"])
    if officer is not None:
        RoleAssignment.objects.get_or_create(staff=officer, role=Role.NEIGHBOURHOOD_OFFICER, speciality="")
    audit.record(user, "update", zone, audit.diff(before, audit.snapshot(zone, ["officer"])))
    return zone


@transaction.atomic
def assign_tong_zone(user: Actor, tong: Tong, zone: Zone | None) -> Tong:
    if zone is not None and zone.dong_id != tong.dong_id:
        raise ValidationError("다른 동의 구역에는 통을 배정할 수 없습니다.")
    before = audit.snapshot(tong, ["zone"])
    tong.zone = zone
    tong.save(update_fields=["zone"])
    audit.record(user, "update", tong, audit.diff(before, audit.snapshot(tong, ["zone"])))
    return tong


# Roles that open a whole dong's sensitive records (or decide who sees them): given by 동장 only.
DONG_LEAD_ROLES = frozenset({Role.WELFARE_SUPERVISOR, Role.DONG_HEAD})


def _require_may_give(principal: Principal, staff: StaffMember, added: set[str]) -> None:
    """Nobody raises their own access: one's own roles are someone else's to change; a dong's managers give the
    dong's roles only (district roles are the system administrator's), and 복지수퍼바이저·동장 only 동장."""
    if principal.is_superuser:
        return
    if principal.staff is not None and principal.staff.pk == staff.pk:
        raise Forbidden("자기 자신의 역할은 바꿀 수 없습니다. 동장이나 시스템 관리자에게 요청하세요.")
    if added - DONG_ROLES:
        raise Forbidden("희망복지지원단·통계·감사 등 구의 역할은 시스템 관리자만 부여할 수 있습니다.")
    if added & DONG_LEAD_ROLES and not principal.has_role(Role.DONG_HEAD):
        raise Forbidden("복지수퍼바이저·동장 역할은 동장만 부여할 수 있습니다.")


@transaction.atomic
def set_roles(
    user: Actor, principal: Principal, staff: StaffMember, roles: Iterable[str], speciality: str = ""
) -> None:
    """Replace a staff member's roles. The planner speciality applies to the 복지플래너 role."""
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError("알 수 없는 역할이 있습니다.")
    if not wanted:
        raise ValidationError("역할을 하나 이상 선택하세요.")
    # Two managers changing the same person's roles at once: the second waits for the first, instead of both
    # deleting and re-inserting into the one-role-once constraint.
    StaffMember.objects.select_for_update(no_key=True).only("pk").get(pk=staff.pk)
    before = sorted(staff.roles.values_list("role", flat=True))
    _require_may_give(principal, staff, wanted - set(before))
    staff.roles.all().delete()
    for role in sorted(wanted):
        RoleAssignment.objects.create(
            staff=staff, role=role, speciality=speciality if role == Role.WELFARE_PLANNER else ""
        )
    audit.record(user, "update", staff, {"roles": [before, sorted(wanted)]})
