"""Who may see and change households and persons: every household list, the full record, the sensitive flags,
registering, consent and importing. Built on `access.rules`; `manage.py access_matrix` prints them."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from chatdong.access.errors import Forbidden
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
    in_own_district,
    in_own_dong,
    own_dong_id,
    role,
    theirs,
)
from chatdong.access.scopes import active_on
from chatdong.org.roles import Role

from .models import EmergencyAccess, Household, LeaderAssignment, PendingMoveIn, Person, StaffAssignment


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


def _emergency_open(principal: Principal) -> Q:
    if principal.staff is None:
        return NOTHING
    open_grants = EmergencyAccess.objects.filter(
        household_id=OuterRef("pk"), staff_id=principal.staff.pk, ended_at__isnull=True, expires_at__gt=timezone.now()
    )
    return Q(Exists(open_grants))


# Break the glass: the household whose sensitive records this staff member asked to read now, while it lasts.
IN_EMERGENCY = Reach(
    "긴급 열람 중인 가구",
    lambda p, household: Household.objects.filter(_emergency_open(p), pk=household.pk).exists(),
    _emergency_open,
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

# The one place that decides what a tong leader sees of the households assigned to them: whoever this rule does not
# admit (a leader) gets the contact view of `contact_view.py` — names, an age band, address, phones, emergency
# contacts — and searches by name, address or phone only, since a search by birth date would tell who was born when.
FULL_RECORD = Rule(
    "registry.full_record",
    "생년월일·주민등록번호(가림)·급여·위기정보·이력·동의 열람, 생년월일·주민등록번호로 검색",
    dong_records(),
    "통·반장은 이름·나이대·주소·연락처만 볼 수 있습니다.",
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
    grants((role(Role.WELFARE_SUPERVISOR), in_own_dong()), (STAFF, IN_CHARGE), (DONG_STAFF, IN_EMERGENCY)),
    "민감정보는 담당 직원과 그 동의 복지수퍼바이저만 볼 수 있습니다. 급히 필요하면 긴급 열람을 요청하세요.",
)

EMERGENCY_REQUEST = Rule(
    "registry.emergency_request",
    "민감정보 긴급 열람 요청(사유 기록, 24시간)",
    grants((DONG_STAFF, in_own_dong())),
    "긴급 열람은 가구가 속한 동의 직원만 요청할 수 있습니다.",
)

# Those who are told and review: the dong's supervisor, the district's privacy auditor.
_EMERGENCY_OVERSIGHT = grants(
    (SUPERUSER, EVERYWHERE),
    (role(Role.WELFARE_SUPERVISOR), in_own_dong()),
    (role(Role.PRIVACY_AUDITOR), in_own_district()),
)

EMERGENCY_LIST = Rule(
    "registry.emergency_list",
    "긴급 열람 내역 확인",
    _EMERGENCY_OVERSIGHT,
    "긴급 열람 내역은 동 복지수퍼바이저와 개인정보 감사 담당만 볼 수 있습니다.",
    about_people=False,
)

EMERGENCY_END = Rule(
    "registry.emergency_end",
    "긴급 열람 조기 종료",
    {**_EMERGENCY_OVERSIGHT, STAFF: theirs("staff", "자기가 요청한 열람")},
    "긴급 열람은 요청한 직원, 동 복지수퍼바이저, 개인정보 감사 담당만 끝낼 수 있습니다.",
)

# Putting someone in charge opens the household's sensitive records to them, so nobody grants it to themselves:
# the dong's welfare supervisor or 동장 decides (and the few rules of the system that assign through
# `services.put_in_charge`: a case the supervisor selects, a care-crisis target's planner). The services also
# refuse one's own account unless one already sees the sensitive records (a supervisor).
ASSIGN_STAFF = Rule(
    "registry.assign_staff",
    "가구 담당 직원 지정(민감정보 열람 권한이 따라감)",
    grants((SUPERUSER, EVERYWHERE), (role(Role.WELFARE_SUPERVISOR, Role.DONG_HEAD), in_own_dong())),
    "담당 직원은 이 동의 복지수퍼바이저나 동장만 지정할 수 있습니다. 복지수퍼바이저에게 요청하세요.",
)
SELF_ASSIGNMENT = "자기 자신을 담당 직원으로 지정할 수 없습니다. 복지수퍼바이저에게 요청하세요."

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
    """Leaders see contact details only: no birth date (an age band), resident number, benefits, flags or history;
    nor do they search by birth date or resident number."""
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


def require_assign_staff(principal: Principal, household: Household, staff_id: int) -> None:
    """Refuse (403) unless the person may put staff in charge of the household, and never themselves unless they
    already see its sensitive records."""
    ASSIGN_STAFF.require(principal, household)
    if principal.staff is not None and staff_id == principal.staff.pk and not can_see_sensitive(principal, household):
        raise Forbidden(SELF_ASSIGNMENT)


def can_import(principal: Principal) -> bool:
    return IMPORT.admits(principal)


def can_decide_move_ins_into(principal: Principal, dong_id: int) -> bool:
    """Whether this person approves move-ins into the dong (so an import of theirs needs no one else's approval)."""
    return MOVE_IN.allows(principal, PendingMoveIn(to_dong_id=dong_id))
