"""Who may see a case, work on it, supervise it and read its notes. Built on `access.rules`;
`manage.py access_matrix` prints them."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.access.rules import (
    DISTRICT_CASE_STAFF,
    DONG_STAFF,
    EVERYWHERE,
    STAFF,
    STATISTICS,
    SUPERUSER,
    Reach,
    Rule,
    dong_records,
    grants,
    in_own_district,
    in_own_dong,
    role,
)
from chatdong.org.roles import Role
from chatdong.registry.rules import IN_EMERGENCY, on_household

from .models import Case

STAFF_ONLY = "사례 정보는 동 직원과 희망복지지원단만 볼 수 있습니다."

# A case run by district staff (its worker belongs to no dong) is supervised by 희망복지지원단.
RUN_BY_DISTRICT = Reach(
    "구 직원이 맡은 사례",
    lambda p, case: case.worker.dong_id is None,
    lambda p: Q(worker__dong__isnull=True, dong__district_id=p.district_id),
)
ON_THE_TEAM = Reach(
    "사례 담당자로 참여한 사례",
    lambda p, case: (
        p.staff is not None and (case.worker_id == p.staff.pk or case.team.filter(staff_id=p.staff.pk).exists())
    ),
)
_DISTRICT = in_own_district()
_SUPERVISORS = grants((role(Role.WELFARE_SUPERVISOR), in_own_dong()), (role(Role.HOPE_STAFF), RUN_BY_DISTRICT))

VIEW = Rule("cases.view", "사례 열람(목록·사례 화면·접수)", dong_records(), STAFF_ONLY, about_people=False)

SUMMARY = Rule(
    "cases.summary",
    "사례관리 현황(집계)",
    {**dong_records(), STATISTICS: Reach("구 전체(숫자만)", _DISTRICT.test, _DISTRICT.filter)},
    STAFF_ONLY,
    about_people=False,
)

WORK = Rule(
    "cases.work",
    "사례 처리(욕구조사·계획·제공·점검·종결 요청·사후관리)",
    grants((DISTRICT_CASE_STAFF, in_own_district()), (DONG_STAFF, in_own_dong())),
    "이 사례를 처리할 권한이 없습니다. 사례가 속한 동의 직원이나 희망복지지원단만 처리할 수 있습니다.",
)

SUPERVISE = Rule(
    "cases.supervise",
    "사례 선정·서비스계획 승인·종결 승인·동의 없는 정보 제공 확인",
    _SUPERVISORS,
    "복지수퍼바이저(또는 사례회의)만 결정할 수 있습니다.",
)

NOTES = Rule(
    "cases.notes",
    "사례 기록·민감정보 열람과 작성",
    {STAFF: ON_THE_TEAM, **_SUPERVISORS, DONG_STAFF: on_household(IN_EMERGENCY)},
    "사례 기록은 사례 담당자와 복지수퍼바이저만 작성할 수 있습니다.",
)


# Joining a case's team opens its notes and its household's sensitive records, so nobody joins on their own: the
# dong's welfare supervisor or 동장 puts staff on the team, and for a case escalated to the district (run by its
# worker at 희망복지지원단) 희망복지지원단's supervising staff or the district case manager who runs it. A dong
# case's worker does not add colleagues (least privilege: they ask the supervisor). The service also refuses one's
# own account unless one already reads the notes (a supervisor).
ESCALATED_AND_THEIRS = Reach(
    "구로 올라온 자기 사례",
    lambda p, case: p.staff is not None and case.worker.dong_id is None and case.worker_id == p.staff.pk,
)
TEAM = Rule(
    "cases.team",
    "사례 담당자(팀) 추가(사례 기록·민감정보 열람 권한이 따라감)",
    grants(
        (SUPERUSER, EVERYWHERE),
        (role(Role.WELFARE_SUPERVISOR, Role.DONG_HEAD), in_own_dong()),
        (role(Role.HOPE_STAFF), RUN_BY_DISTRICT),
        (DISTRICT_CASE_STAFF, ESCALATED_AND_THEIRS),
    ),
    "사례 담당자는 이 동의 복지수퍼바이저나 동장(구로 올라온 사례는 희망복지지원단)만 추가할 수 있습니다.",
)
SELF_ON_TEAM = "자기 자신을 사례 담당자로 추가할 수 없습니다. 복지수퍼바이저에게 요청하세요."


def require_team_change(principal: Principal, case: Case, staff_id: int) -> None:
    """Refuse (403) unless the person may put staff on the case's team, and never themselves unless they already
    read its notes."""
    TEAM.require(principal, case)
    if principal.staff is not None and staff_id == principal.staff.pk and not NOTES.allows(principal, case):
        raise Forbidden(SELF_ON_TEAM)


def cases_visible_to(principal: Principal) -> QuerySet[Case]:
    """Dong staff see their dong's cases; 희망복지지원단 the district's; nobody else any."""
    return VIEW.scope(principal, Case.objects.all())


def get_case(principal: Principal, case_id: int) -> Case:
    qs = Case.objects.select_related("household", "person", "dong", "worker", "lead_agency")
    return VIEW.fetch(principal, qs, case_id, "case")


def is_case_supervisor(principal: Principal, case: Case) -> bool:
    """The welfare supervisor of the case's dong; for district-run cases, 희망복지지원단 staff."""
    return SUPERVISE.allows(principal, case)


def cases_supervised_by(principal: Principal) -> QuerySet[Case]:
    """The cases `is_case_supervisor` holds true for, as a query (approvals waiting on the work list)."""
    return SUPERVISE.scope(principal, Case.objects.all())


def is_on_case_team(principal: Principal, case: Case) -> bool:
    return ON_THE_TEAM.covers(principal, case)


def can_work_on_case(principal: Principal, case: Case) -> bool:
    """Record on the case (assessment, plan, delivery, monitoring, closure request)."""
    return WORK.allows(principal, case)


def require_work_on_case(principal: Principal, case: Case) -> None:
    WORK.require(principal, case)


def require_case_supervisor(principal: Principal, case: Case, what: str) -> None:
    if not SUPERVISE.allows(principal, case):
        raise Forbidden(f"{what}은(는) {SUPERVISE.refusal}")


def can_see_case_notes(principal: Principal, case: Case) -> bool:
    """Case notes and sensitive details: the case team and the supervisor only."""
    return NOTES.allows(principal, case)
