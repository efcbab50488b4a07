"""Who may see and record home visits and their sensitive parts, and the households kept under watch: contacts,
tier and planner, ending the watch, a dong's cadence. Built on `access.rules`; `manage.py access_matrix` prints
them."""

from django.db.models import QuerySet

from chatdong.access.principal import Principal
from chatdong.access.rules import (
    DISTRICT_CASE_STAFF,
    DONG_STAFF,
    EVERYWHERE,
    STAFF,
    SUPERUSER,
    Reach,
    Rule,
    dong_records,
    grants,
    in_own_district,
    in_own_dong,
    own_dong_id,
    role,
    theirs,
)
from chatdong.org.roles import Role
from chatdong.registry.rules import IN_CHARGE, IN_EMERGENCY, on_household

from .models import Visit, WatchedHousehold

STAFF_ONLY = "방문상담과 모니터링은(는) 동 직원과 희망복지지원단만 볼 수 있습니다."

VISIT_TEAM = Reach(
    "방문한 직원(동행 포함)",
    lambda p, visit: (
        p.staff is not None
        and (visit.visitor_id == p.staff.pk or visit.companions.filter(staff_id=p.staff.pk).exists())
    ),
)
THEIR_WATCH = theirs("planner", "담당 복지플래너로 맡은 가구")

# Recording on a household (visits, monitoring contacts) names the staff member who did it: a household's
# record as its editors reach it, but only for staff accounts (not a bare administrator account).
_STAFF_ON_HOUSEHOLDS = grants(
    (SUPERUSER & STAFF, EVERYWHERE),
    (DISTRICT_CASE_STAFF, in_own_district()),
    (DONG_STAFF, in_own_dong()),
)
_WATCH_MANAGERS = grants(
    (SUPERUSER, EVERYWHERE),
    (STAFF, THEIR_WATCH),
    (role(Role.WELFARE_SUPERVISOR), in_own_dong()),
)

VIEW = Rule("outreach.visits.view", "방문상담 열람", dong_records(), STAFF_ONLY)

# On the visited household, after the registry's rule on changing it.
RECORD = Rule(
    "outreach.visits.record",
    "방문상담 기록(방문상담기록지)",
    _STAFF_ON_HOUSEHOLDS,
    "직원 계정만 방문상담을 기록할 수 있습니다.",
    about_people=False,
)

SENSITIVE = Rule(
    "outreach.visits.sensitive",
    "방문의 선별검사·학대 징후 열람",
    grants(
        (STAFF, VISIT_TEAM | on_household(IN_CHARGE)),
        (role(Role.WELFARE_SUPERVISOR), on_household(in_own_dong())),
        (DONG_STAFF, on_household(IN_EMERGENCY)),
    ),
    "선별검사와 학대·폭력 징후는 방문한 직원, 가구 담당 직원과 동의 복지수퍼바이저만 볼 수 있습니다.",
)

WATCHES = Rule("outreach.visits.watches", "모니터링 가구 열람", dong_records(), STAFF_ONLY)

# On the watched household, after the registry's rule on changing it.
WATCH_CONTACT = Rule(
    "outreach.visits.watch_contact",
    "모니터링 접촉 기록",
    _STAFF_ON_HOUSEHOLDS,
    "직원 계정만 모니터링 접촉을 기록할 수 있습니다.",
    about_people=False,
)

WATCH_TIER = Rule(
    "outreach.visits.watch_tier",
    "모니터링 관리 등급·담당자 변경",
    _WATCH_MANAGERS,
    "관리 등급과 담당자는 담당 복지플래너나 복지수퍼바이저만 바꿀 수 있습니다.",
    about_people=False,
)

WATCH_END = Rule(
    "outreach.visits.watch_end",
    "모니터링 종료",
    _WATCH_MANAGERS,
    "모니터링 종료는 담당 복지플래너나 복지수퍼바이저만 합니다.",
    about_people=False,
)

# A dong's cadence (the dong given as its id).
CADENCE = Rule(
    "outreach.visits.cadence",
    "모니터링 주기 설정",
    grants((SUPERUSER, EVERYWHERE), (role(Role.WELFARE_SUPERVISOR), own_dong_id())),
    "모니터링 주기는 그 동의 복지수퍼바이저만 정합니다.",
    about_people=False,
)


def get_visit(principal: Principal, visit_id: int) -> Visit:
    qs = Visit.objects.select_related(
        "household__dong", "household__tong", "person", "visitor", "target", "case", "dong"
    )
    return VIEW.fetch(principal, qs, visit_id, "visit")


def watches_visible_to(principal: Principal) -> QuerySet[WatchedHousehold]:
    return WATCHES.scope(principal, WatchedHousehold.objects.all())


def get_watch(principal: Principal, watch_id: int) -> WatchedHousehold:
    qs = WatchedHousehold.objects.select_related("household__dong", "household__tong", "planner", "dong")
    return WATCHES.fetch(principal, qs, watch_id, "watch")
