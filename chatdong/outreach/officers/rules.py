"""Who may see zones, zone walks (with their photos) and findings; record a walk or a key place; hand a finding
over and handle it; write the weekly report; see the dong's reports and prepare the monthly meeting. Built on
`access.rules`; `manage.py access_matrix` prints them."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.access.rules import (
    ANY_DONG,
    DISTRICT_CASE_STAFF,
    DONG_MEMBER,
    DONG_STAFF,
    EVERYWHERE,
    LEADER,
    NOTHING,
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
from chatdong.org.models import Zone
from chatdong.org.roles import Role
from chatdong.registry import rules as registry_rules

from .models import Finding, OfficerActivity

STAFF_ONLY = "우리동네주무관 화면은 동 직원만 볼 수 있습니다."


def my_zones(principal: Principal) -> QuerySet[Zone]:
    """The zones the person walks as their officer."""
    if principal.staff is None:
        return Zone.objects.none()
    return Zone.objects.filter(officer_id=principal.staff.pk).select_related("dong").order_by("number")


WALKS_THE_ZONE = Reach(
    "맡은 구역",
    lambda p, zone: p.staff is not None and zone.officer_id == p.staff.pk and zone.dong_id == p.dong_id,
)
WALKS_A_ZONE = Reach("맡은 구역이 있으면", lambda p, _none: my_zones(p).exists())
WALKS_A_ZONE_OF_THE_DONG = Reach(
    "동 소속으로 맡은 구역이 있으면", lambda p, _none: p.dong_id is not None and my_zones(p).exists()
)
ROUTED_TO_THEM = theirs("routed_to", "전달받은 것")
RAISED_BY_THEM = Reach(
    "자기가 알린 것",
    lambda p, finding: p.leader is not None and finding.raised_by_leader_id == p.leader.pk,
    lambda p: Q(raised_by_leader_id=p.leader.pk) if p.leader is not None else NOTHING,
)
# A tong leader raises findings about the households assigned to them (the registry's scope decides the person),
# or about none in their own dong; staff in their dong. The dong is given as its id.
LEADERS_NEIGHBOURS = Reach("담당 가구의 이웃", lambda p, _dong_id: True)
_DONG_STAFF_HANDING_OVER = grants((SUPERUSER & STAFF, EVERYWHERE), (DONG_STAFF, own_dong_id()))
_COORDINATOR = role(Role.OFFICER_COORDINATOR, Role.DONG_HEAD)
# The pages need a dong to show (the administrator without one is refused); the API answers them an empty list.
_COORDINATORS = grants((SUPERUSER, ANY_DONG), (_COORDINATOR, own_dong_id()))

# --- Seeing ------------------------------------------------------------------------------------------------

PAGES = Rule(
    "outreach.officers.pages",
    "우리동네주무관 업무 화면(발굴·전달 작성, 주간 활동보고, 공유·평가회의)",
    dong_records(),
    STAFF_ONLY,
)

ZONES = Rule(
    "outreach.officers.zones",
    "구역 열람(통, 통·반장, 주요 거점, 1:1 결연, 연락망 카드)",
    dong_records(),
    STAFF_ONLY,
)

ACTIVITIES = Rule(
    "outreach.officers.activities",
    "동네 탐방 기록·사진 열람",
    dong_records("zone__dong"),
    STAFF_ONLY,
)

# Findings name residents: the dong's staff (they review them monthly), 희망복지지원단 the district's, whoever a
# finding was routed to, and a tong leader only the findings they raised.
FINDINGS = Rule(
    "outreach.officers.findings",
    "발굴·전달 열람",
    grants(
        (SUPERUSER, EVERYWHERE),
        (DISTRICT_CASE_STAFF, in_own_district()),
        (DONG_STAFF, in_own_dong()),
        (DONG_STAFF | DISTRICT_CASE_STAFF, ROUTED_TO_THEM),
        (LEADER, RAISED_BY_THEM),
    ),
    "발굴·전달을 볼 권한이 없습니다.",
)

# --- Zone walks ---------------------------------------------------------------------------------------------

# On a zone; the refusal names it.
RECORD_WALK = Rule(
    "outreach.officers.record_walk",
    "동네 탐방·주요 거점 기록",
    grants(
        (SUPERUSER, EVERYWHERE),
        (DONG_MEMBER, WALKS_THE_ZONE),
        (role(Role.DONG_HEAD, Role.OFFICER_COORDINATOR), in_own_dong()),
    ),
    "활동은 그 구역의 우리동네주무관(또는 동장·총괄)만 기록할 수 있습니다.",
    about_people=False,
)

# --- Findings -----------------------------------------------------------------------------------------------

HAND_OVER = Rule(
    "outreach.officers.hand_over",
    "발굴·전달 기록(돌봄이웃)",
    {**_DONG_STAFF_HANDING_OVER, LEADER: LEADERS_NEIGHBOURS},
    "발굴·전달은 동 직원과 통·반장만 기록할 수 있습니다.",
    about_people=False,
)

HAND_OVER_OTHERS = Rule(
    "outreach.officers.hand_over_others",
    "나눔이웃·생활민원 전달",
    _DONG_STAFF_HANDING_OVER,
    "통·반장은 도움이 필요한 이웃만 알릴 수 있습니다. 민원은 담당 주무관에게 전해 주세요.",
    about_people=False,
)

INTAKE = Rule(
    "outreach.officers.intake",
    "발굴과 함께 사례관리 접수",
    _DONG_STAFF_HANDING_OVER,
    "사례관리 접수는 직원만 할 수 있습니다.",
    about_people=False,
)

OTHER_DONG = "다른 동의 발굴·전달은 기록할 수 없습니다."
# A finding is recorded in a dong: that of the walk, of the resident, or of the staff member recording it.
NO_DONG = "발굴·전달은 동 직원이 기록합니다."

HANDLE = Rule(
    "outreach.officers.handle",
    "발굴·전달 처리(처리중·결과 기록·사례 접수)",
    grants((SUPERUSER, EVERYWHERE), (STAFF, ROUTED_TO_THEM)),
    "전달받은 담당자만 처리 결과를 기록할 수 있습니다.",
    about_people=False,
)

# --- Weekly reports and the monthly meeting ----------------------------------------------------------------

WEEKLY_REPORT = Rule(
    "outreach.officers.weekly_report",
    "주간 활동보고 작성",
    grants((STAFF, WALKS_A_ZONE)),
    "주간 활동보고는 구역을 맡은 우리동네주무관이 작성합니다.",
    about_people=False,
)

WEEKLY_SUBMIT = Rule(
    "outreach.officers.weekly_submit",
    "주간 활동보고 제출",
    grants((STAFF, WALKS_A_ZONE_OF_THE_DONG)),
    "주간 활동보고는 구역을 맡은 우리동네주무관이 제출합니다.",
    about_people=False,
)

# The dong's reports and meeting (the dong given as its id: the person's own).
REPORT_GRID = Rule(
    "outreach.officers.report_grid",
    "주간 활동보고 현황",
    _COORDINATORS,
    "주간 활동보고 현황은 우리동네주무관 총괄과 동장이 봅니다.",
    about_people=False,
)

MISSING_REPORTS = Rule(
    "outreach.officers.missing_reports",
    "주간 활동보고 미제출 목록(API)",
    grants((SUPERUSER, EVERYWHERE), (_COORDINATOR, own_dong_id())),
    "우리동네주무관 총괄과 동장만 볼 수 있습니다.",
)

MONTHLY_MEETING = Rule(
    "outreach.officers.monthly_meeting",
    "활동내용 공유·평가회의 준비",
    _COORDINATORS,
    "공유·평가회의는 동장이나 우리동네주무관 총괄이 준비합니다.",
    about_people=False,
)


def zones_visible_to(principal: Principal) -> QuerySet[Zone]:
    """Zones, their tongs, leaders and key places: the dong's staff, 희망복지지원단 the district's."""
    return ZONES.scope(principal, Zone.objects.all())


def get_zone(principal: Principal, zone_id: int) -> Zone:
    return ZONES.fetch(principal, Zone.objects.select_related("dong", "officer"), zone_id, "zone")


def activities_visible_to(principal: Principal) -> QuerySet[OfficerActivity]:
    """Zone walks (with their photos of the neighbourhood): the staff who may see the zone."""
    return ACTIVITIES.scope(principal, OfficerActivity.objects.all())


def get_activity(principal: Principal, activity_id: int) -> OfficerActivity:
    qs = OfficerActivity.objects.select_related("zone__dong", "officer")
    return ACTIVITIES.fetch(principal, qs, activity_id, "activity")


def sees_outcome(principal: Principal) -> bool:
    """Whether the viewer sees what came of a finding (the result, the case, the 빈곤위기가정 listing): those who
    see households' full records. A tong leader who raised it sees only that it was handled, and by whom."""
    return registry_rules.sees_full_record(principal)


def findings_visible_to(principal: Principal) -> QuerySet[Finding]:
    return FINDINGS.scope(principal, Finding.objects.all())


def get_finding(principal: Principal, finding_id: int) -> Finding:
    qs = Finding.objects.select_related(
        "dong", "routed_to__user", "raised_by__staff", "raised_by_leader", "household", "person", "target"
    )
    return FINDINGS.fetch(principal, qs, finding_id, "finding")


def require_record_for(principal: Principal, zone: Zone) -> None:
    """The zone's officer records its walks and key places; the dong head and the officer coordinator may too."""
    if not RECORD_WALK.allows(principal, zone):
        raise Forbidden(f"{zone}의 {RECORD_WALK.refusal}")
