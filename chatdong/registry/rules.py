"""Who may see and change households and persons: the scope of every household list, the full record,
the sensitive flags, registering and importing."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, QuerySet

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import active_on
from chatdong.org.roles import Role

from .models import Household, LeaderAssignment, Person, StaffAssignment


def households_visible_to(principal: Principal, base: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """Every household list starts here."""
    qs = base if base is not None else Household.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_district_case_staff and principal.district_id:
        return qs.filter(dong__district_id=principal.district_id)
    if principal.is_dong_staff and principal.dong_id is not None:
        return qs.filter(dong_id=principal.dong_id)
    if principal.is_leader and principal.leader:
        assigned = LeaderAssignment.objects.filter(
            active_on(dt.date.today()), household_id=OuterRef("pk"), leader_id=principal.leader.pk
        )
        return qs.filter(Exists(assigned))
    return qs.none()


def persons_visible_to(principal: Principal) -> QuerySet[Person]:
    return Person.objects.filter(household__in=households_visible_to(principal).values("pk"))


def get_household(principal: Principal, household_id: int) -> Household:
    """The household if it is within scope; otherwise 404, exactly as if it did not exist."""
    try:
        return households_visible_to(principal).select_related("dong", "tong", "ban").get(pk=household_id)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("household", household_id) from None


def get_person(principal: Principal, person_id: int) -> Person:
    try:
        return persons_visible_to(principal).select_related("household__dong").get(pk=person_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise OutOfScope("person", person_id) from None


def sees_full_record(principal: Principal) -> bool:
    """Leaders see contact details only: no resident number, benefits, flags or history."""
    return not principal.is_leader


def can_edit_household(principal: Principal, household: Household) -> bool:
    if principal.is_superuser:
        return True
    if principal.is_dong_staff and household.dong_id == principal.dong_id:
        return True
    return principal.is_district_case_staff and household.dong.district_id == principal.district_id


def require_edit_household(principal: Principal, household: Household) -> None:
    if not can_edit_household(principal, household):
        raise Forbidden("이 가구의 정보를 수정할 권한이 없습니다. 담당 동 직원에게 요청하세요.")


def can_create_household_in(principal: Principal, dong_id: int) -> bool:
    if principal.is_superuser:
        return True
    if principal.is_dong_staff:
        return dong_id == principal.dong_id
    return principal.is_district_case_staff


def can_see_sensitive(principal: Principal, household: Household) -> bool:
    """Abuse, violence and suicide-risk records: the assigned staff and their dong's supervisor only."""
    staff = principal.staff
    if staff is None:
        return False
    if principal.has_role(Role.WELFARE_SUPERVISOR) and staff.dong_id == household.dong_id:
        return True
    today = dt.date.today()
    return StaffAssignment.objects.filter(active_on(today), household_id=household.pk, staff_id=staff.pk).exists()


def can_import(principal: Principal) -> bool:
    return principal.is_superuser or principal.is_dong_staff or principal.is_district_case_staff
