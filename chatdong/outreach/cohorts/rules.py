"""Who may see cohort targets and work on them, generate a dong's lists, take a 돌봄위기가정 referral, print the
birth letter and put a household on the 빈곤위기가정 list. Built on `access.rules`; `manage.py access_matrix`
prints them."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.access.rules import (
    ANY_DONG,
    DISTRICT_CASE_STAFF,
    DONG_STAFF,
    EVERYWHERE,
    LEADER,
    SUPERUSER,
    Reach,
    Rule,
    both,
    dong_records,
    grants,
    in_own_district,
    in_own_dong,
    own_dong_id,
    planner_of,
    role,
    theirs,
)
from chatdong.org.models import Dong
from chatdong.org.roles import PlannerSpeciality, Role
from chatdong.registry import rules as registry_rules

from .models import Target
from .programmes import Programme

# --- Which targets -----------------------------------------------------------------------------------------

NOT_CARE_CRISIS = Reach(
    "돌봄위기가정 외",
    lambda p, target: target.programme != Programme.CARE_CRISIS,
    lambda p: ~Q(programme=Programme.CARE_CRISIS),
)
THEIR_PLANNER = theirs("planner", "담당 복지플래너인 대상자")
# 돌봄위기가정 targets say that a household was referred for abuse or violence: like the sensitive flags, only the
# target's planner, staff in charge of the household and the dong's supervisor see them.
CARE_CRISIS_IF_THEIRS = NOT_CARE_CRISIS | THEIR_PLANNER | registry_rules.on_household(registry_rules.IN_CHARGE)
LEADERS_TARGETS = both(
    "배정된 가구(돌봄위기가정 제외)", registry_rules.on_household(registry_rules.ASSIGNED_TO_LEADER), NOT_CARE_CRISIS
)
SUPERVISOR = role(Role.WELFARE_SUPERVISOR) & DONG_STAFF
_OWN_DONG = in_own_dong()

# --- Rules -------------------------------------------------------------------------------------------------

VIEW = Rule(
    "outreach.cohorts.view",
    "찾아가는 복지 대상자 명단 열람",
    grants(
        (SUPERUSER, EVERYWHERE),
        (
            DISTRICT_CASE_STAFF,
            both("구 전체(돌봄위기가정은 맡은 것만)", in_own_district(), CARE_CRISIS_IF_THEIRS),
        ),
        (DONG_STAFF, both("자기 동(돌봄위기가정은 맡은 것만)", _OWN_DONG, CARE_CRISIS_IF_THEIRS)),
        (SUPERVISOR, Reach("자기 동(돌봄위기가정 포함)", _OWN_DONG.test, _OWN_DONG.filter)),
        (LEADER, LEADERS_TARGETS),
    ),
    "찾아가는 복지 대상자를 볼 권한이 없습니다.",
)

WORK = Rule(
    "outreach.cohorts.work",
    "대상자 연락 결과·방문 예약·출산축하서신 기록",
    # A tong leader works on the targets they see: those of the households assigned to them.
    {**dong_records(), LEADER: LEADERS_TARGETS},
    "이 대상자의 동 직원이나 담당 통·반장만 기록할 수 있습니다.",
    about_people=False,
)

LETTER = Rule(
    "outreach.cohorts.letter",
    "출산축하서신 출력",
    dong_records(),
    "출산축하서신은 동 직원이 출력합니다.",
    about_people=False,
)

# The lists of a dong (given as its id).
GENERATE = Rule(
    "outreach.cohorts.generate",
    "대상자 명단 생성",
    grants(
        (SUPERUSER, ANY_DONG),
        (role(Role.WELFARE_PLANNER, Role.WELFARE_SUPERVISOR, Role.DONG_HEAD), own_dong_id()),
    ),
    "대상자 명단은 그 동의 복지플래너, 복지수퍼바이저, 동장만 생성할 수 있습니다.",
    about_people=False,
)

# The referrals of a dong (given as its id).
REFER = Rule(
    "outreach.cohorts.refer",
    "돌봄위기가정 의뢰 접수",
    grants(
        (SUPERUSER, ANY_DONG),
        (role(Role.WELFARE_SUPERVISOR), own_dong_id()),
        (planner_of(PlannerSpeciality.CARE_CRISIS), own_dong_id()),
    ),
    "돌봄위기가정 의뢰는 그 동의 돌봄위기 전담 복지플래너나 복지수퍼바이저가 접수합니다.",
)

# A household found by an officer, a tong leader or a resident (the rule is on the household).
DISCOVER = Rule(
    "outreach.cohorts.discover",
    "빈곤위기가정 발굴 등록",
    {**registry_rules.EDIT.grants, LEADER: registry_rules.ASSIGNED_TO_LEADER},
    "이 가구를 빈곤위기가정 대상으로 올릴 권한이 없습니다.",
    about_people=False,
)

NO_DONG = "대상자 명단은 동 직원이 자기 동의 명단을 생성합니다."


def sees_reasons(principal: Principal) -> bool:
    """Whether the viewer sees why someone is a target (programme, reason, source), their birth date, notes and
    visits: those who see households' full records. A tong leader gets `leader_view` instead."""
    return registry_rules.sees_full_record(principal)


def targets_visible_to(principal: Principal) -> QuerySet[Target]:
    """Cohort targets: dong staff their dong's, 희망복지지원단 the district's, a tong leader those of the
    households assigned to them; statistics roles none (figures only). 돌봄위기가정: see `VIEW`."""
    return VIEW.scope(principal, Target.objects.all())


def get_target(principal: Principal, target_id: int) -> Target:
    qs = Target.objects.select_related(
        "person__household__dong", "household__tong", "dong", "zone", "planner", "referred_by", "consent"
    )
    return VIEW.fetch(principal, qs, target_id, "target")


def dong_to_generate(principal: Principal) -> Dong:
    """Lists are generated for one's own dong: someone with none (the administrator, district staff) has none."""
    dong = Dong.objects.filter(pk=principal.dong_id or 0).first()
    if dong is None:
        raise Forbidden(NO_DONG)
    return dong
