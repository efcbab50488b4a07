"""Who may open a tong leader's pages (the leader, or staff of the leader's dong recording on their behalf), record
their check-ins, crises and appointment confirmations, and match a leader with an elder living alone. Built on
`access.rules`; `manage.py access_matrix` prints them."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.rules import (
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
    grants,
    in_own_district,
    in_own_dong,
)
from chatdong.org.models import NeighbourhoodLeader, StaffMember

# The rules here are on a tong leader (their record).
THEMSELF = Reach(
    "본인",
    lambda p, leader: p.leader is not None and leader.pk == p.leader.pk,
    lambda p: Q(pk=p.leader.pk) if p.leader is not None else NOTHING,
)
ON_BEHALF = "통·반장 업무는 통·반장 본인이나 같은 동 직원만 기록할 수 있습니다."

LEADERS = Rule(
    "outreach.leaders.view",
    "통·반장 열람(대신 기록할 통·반장)",
    grants(
        (SUPERUSER, EVERYWHERE),
        (DISTRICT_CASE_STAFF, in_own_district()),
        (DONG_STAFF, in_own_dong()),
        (LEADER, THEMSELF),
    ),
    "통·반장 정보를 볼 권한이 없습니다.",
)

PAGES = Rule(
    "outreach.leaders.pages",
    "통·반장 화면(담당 가구·안부확인·위기 신고·방문 예약 확인)",
    grants((LEADER, THEMSELF), (SUPERUSER, EVERYWHERE), (DONG_STAFF, in_own_dong())),
    ON_BEHALF,
    about_people=False,
)

# What is recorded names the staff member who recorded it for the leader: staff accounts only.
RECORD = Rule(
    "outreach.leaders.record",
    "안부확인·위기 신고·방문 예약 확인 기록",
    grants((LEADER, THEMSELF), (SUPERUSER & STAFF, EVERYWHERE), (DONG_MEMBER, in_own_dong())),
    ON_BEHALF,
    about_people=False,
)

MATCH = Rule(
    "outreach.leaders.match",
    "통·반장과 홀몸어르신 1:1 결연",
    grants((SUPERUSER & STAFF, EVERYWHERE), (DONG_STAFF, in_own_dong())),
    "1:1 결연은 동 직원이 맺습니다.",
    about_people=False,
)


def leaders_visible_to(principal: Principal) -> QuerySet[NeighbourhoodLeader]:
    """Tong leaders whose pages staff may open (to record on their behalf); a leader only themself."""
    return LEADERS.scope(principal, NeighbourhoodLeader.objects.all())


def get_leader(principal: Principal, leader_id: int) -> NeighbourhoodLeader:
    qs = NeighbourhoodLeader.objects.select_related("dong", "tong__zone", "user")
    return LEADERS.fetch(principal, qs, leader_id, "leader")


def acting_leader(principal: Principal, leader_id: int | str | None) -> NeighbourhoodLeader:
    """A leader acts as themself; a staff member of the leader's dong acts on a chosen leader's behalf."""
    if principal.is_leader and principal.leader is not None:
        return principal.leader
    PAGES.require_admitted(principal)
    if not leader_id:
        raise OutOfScope("leader", "")
    return get_leader(principal, leader_id)  # type: ignore[arg-type]


def recorded_by(principal: Principal, leader: NeighbourhoodLeader) -> StaffMember | None:
    """The staff member recording for the leader (None when the leader records). A leader records only their own;
    staff of another dong find no such leader."""
    RECORD.require_admitted(principal)
    if not RECORD.allows(principal, leader):
        if principal.is_leader:
            raise Forbidden("다른 통·반장의 기록은 할 수 없습니다.")
        raise OutOfScope("leader", leader.pk)
    return principal.staff


def require_match(principal: Principal, leader: NeighbourhoodLeader) -> None:
    """Dong staff match their dong's leaders; another dong's leader "does not exist" for them."""
    MATCH.require_admitted(principal)
    if not MATCH.allows(principal, leader):
        raise OutOfScope("leader", leader.pk)
