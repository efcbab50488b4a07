"""Who may see and change households and persons: every household list, the full record, the sensitive flags,
registering, consent and importing. Built on `access.rules`; `manage.py access_matrix` prints them."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from chatdong.access.principal import Principal
from chatdong.access.rules import (
    DISTRICT_CASE_STAFF,
    DONG_STAFF,
    EVERYWHERE,
    LEADER,
    NOTHING,
    STAFF,
    SUPERUSER,
    Reach,
    Rule,
    dong_records,
    fetch,
    grants,
    in_own_dong,
    own_dong_id,
    role,
)
from chatdong.access.scopes import active_on
from chatdong.org.roles import Role

from .models import Household, LeaderAssignment, PendingMoveIn, Person, StaffAssignment


def _assigned_to_leader(principal: Principal) -> Q:
    if principal.leader is None:
        return NOTHING
    return Q(
        Exists(
            LeaderAssignment.objects.filter(
                active_on(dt.date.today()), household_id=OuterRef("pk"), leader_id=principal.leader.pk
            )
        )
    )


ASSIGNED_TO_LEADER = Reach(
    "배정된 가구만",
    lambda p, household: Household.objects.filter(_assigned_to_leader(p), pk=household.pk).exists(),
    _assigned_to_leader,
)


def _in_charge(principal: Principal) -> Q:
    if principal.staff is None:
        return NOTHING
    assigned = StaffAssignment.objects.filter(
        active_on(dt.date.today()), household_id=OuterRef("pk"), staff_id=principal.staff.pk
    )
    return Q(Exists(assigned))


IN_CHARGE = Reach(
    "담당으로 배정된 가구",
    lambda p, household: Household.objects.filter(_in_charge(p), pk=household.pk).exists(),
    _in_charge,
)


def on_household(reach: Reach, field: str = "household") -> Reach:
    """A reach over households, over the records that belong to one through `field` (a visit, a consultation)."""
    households = reach.filter
    return Reach(
        reach.label,
        lambda p, obj: reach.covers(p, getattr(obj, field)),
        (lambda p: Q(**{f"{field}__in": Household.objects.filter(households(p))})) if households else None,
    )


VIEW = Rule(
    "registry.view",
    "가구·가구원 열람과 검색",
    grants(*dong_records().items(), (LEADER, ASSIGNED_TO_LEADER)),
    "가구 정보를 볼 권한이 없습니다.",
)

FULL_RECORD = Rule(
    "registry.full_record",
    "주민등록번호(가림)·급여·위기정보·이력·동의 열람",
    dong_records(),
    "통·반장은 연락처만 볼 수 있습니다.",
)

EDIT = Rule(
    "registry.edit",
    "가구 기록 수정(급여·위기정보·연락처·담당·전출·동의)",
    dong_records(),
    "이 가구의 정보를 수정할 권한이 없습니다. 담당 동 직원에게 요청하세요.",
)

# Registering: 희망복지지원단 in any dong, dong staff in their own (the dong is given by its id).
_REGISTERING = grants((SUPERUSER, EVERYWHERE), (DISTRICT_CASE_STAFF, Reach("모든 동")), (DONG_STAFF, own_dong_id()))

CREATE = Rule("registry.create", "가구 등록", _REGISTERING, "가구를 등록할 권한이 없습니다.", about_people=False)

SENSITIVE = Rule(
    "registry.sensitive",
    "학대·가정폭력·자살위험 정보 열람",
    grants((role(Role.WELFARE_SUPERVISOR), in_own_dong()), (STAFF, IN_CHARGE)),
    "민감정보는 담당 직원과 그 동의 복지수퍼바이저만 볼 수 있습니다.",
)

# Each row is then checked as a registration (CREATE) or a change to a household (EDIT).
IMPORT = Rule(
    "registry.import",
    "주민등록 자료 가져오기(CSV)",
    _REGISTERING,
    "주민등록 자료를 가져올 권한이 없습니다.",
    about_people=False,
)


# 전입 확인: someone not yet a resident of the dong (registered in another dong, or new to the district) comes in
# through an import only when the receiving dong's supervisor approves; the dong sending them is told.
MOVE_IN = Rule(
    "registry.move_in",
    "전입 확인(가져오기에서 다른 동·새 주민의 전입 승인·반려)",
    grants((SUPERUSER, EVERYWHERE), (role(Role.WELFARE_SUPERVISOR) & DONG_STAFF, in_own_dong("to_dong"))),
    "전입 확인은 받는 동의 복지수퍼바이저만 할 수 있습니다.",
)


def households_visible_to(principal: Principal, base: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """Every household list starts here."""
    return VIEW.scope(principal, base if base is not None else Household.objects.all())


def persons_visible_to(principal: Principal) -> QuerySet[Person]:
    return Person.objects.filter(household__in=households_visible_to(principal).values("pk"))


def get_household(principal: Principal, household_id: int) -> Household:
    """The household if it is within scope; otherwise 404, exactly as if it did not exist."""
    return VIEW.fetch(principal, Household.objects.select_related("dong", "tong", "ban"), household_id, "household")


def get_person(principal: Principal, person_id: int) -> Person:
    return fetch(persons_visible_to(principal).select_related("household__dong"), person_id, "person")


def sees_full_record(principal: Principal) -> bool:
    """Leaders see contact details only: no resident number, benefits, flags or history."""
    return FULL_RECORD.admits(principal)


def can_edit_household(principal: Principal, household: Household) -> bool:
    return EDIT.allows(principal, household)


def require_edit_household(principal: Principal, household: Household) -> None:
    EDIT.require(principal, household)


def can_create_household_in(principal: Principal, dong_id: int) -> bool:
    return CREATE.allows(principal, dong_id)


def can_see_sensitive(principal: Principal, household: Household) -> bool:
    """Abuse, violence and suicide-risk records: the assigned staff and their dong's supervisor only."""
    return SENSITIVE.allows(principal, household)


def can_import(principal: Principal) -> bool:
    return IMPORT.admits(principal)


def can_decide_move_ins_into(principal: Principal, dong_id: int) -> bool:
    """Whether this person approves move-ins into the dong (so an import of theirs needs no one else's approval)."""
    return MOVE_IN.allows(principal, PendingMoveIn(to_dong_id=dong_id))
