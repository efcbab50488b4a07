"""The stages of a case and the transitions allowed between them — the one place that lists them."""

from django.db import models


class Stage(models.TextChoices):
    INTAKE = "intake", "접수"
    ASSESSMENT = "assessment", "욕구조사"
    PLANNING = "planning", "서비스계획 수립"
    IN_SERVICE = "in_service", "서비스 제공·점검"
    CLOSURE_REQUESTED = "closure_requested", "종결 승인 대기"
    CLOSED = "closed", "종결"
    NOT_SELECTED = "not_selected", "사업대상제외"


class Action(models.TextChoices):
    ASSESS = "assess", "욕구조사"
    SELECT = "select", "대상자 구분·선정"
    APPROVE_PLAN = "approve_plan", "서비스계획 승인"
    REQUEST_CLOSURE = "request_closure", "종결 요청"
    APPROVE_CLOSURE = "approve_closure", "종결 승인"
    REJECT_CLOSURE = "reject_closure", "종결 반려"
    REOPEN = "reopen", "재개"


# action → (stages it may start from, stage it leads to). SELECT's target depends on the decision.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    Action.ASSESS: (frozenset({Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.IN_SERVICE}), None),
    Action.SELECT: (frozenset({Stage.ASSESSMENT}), None),
    Action.APPROVE_PLAN: (frozenset({Stage.PLANNING, Stage.IN_SERVICE}), Stage.IN_SERVICE),
    Action.REQUEST_CLOSURE: (
        frozenset({Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.IN_SERVICE}),
        Stage.CLOSURE_REQUESTED,
    ),
    Action.APPROVE_CLOSURE: (frozenset({Stage.CLOSURE_REQUESTED}), Stage.CLOSED),
    Action.REJECT_CLOSURE: (frozenset({Stage.CLOSURE_REQUESTED}), None),  # back to where it was
    Action.REOPEN: (frozenset({Stage.CLOSED, Stage.NOT_SELECTED}), Stage.ASSESSMENT),
}

# A case at one of these is over; any other stage is open (one open case per household, `models.Case`). A list, in
# this order, because the database constraint's condition is written from it.
ENDED_STAGES = [Stage.CLOSED.value, Stage.NOT_SELECTED.value]
OPEN_STAGES = frozenset({Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.IN_SERVICE, Stage.CLOSURE_REQUESTED})


class Selection(models.TextChoices):
    MANAGED = "managed", "사례관리가구"
    SERVICE_LINK = "service_link", "서비스연계가구"
    EXCLUDED = "excluded", "사업대상제외"


SELECTION_STAGE = {
    Selection.MANAGED: Stage.PLANNING,
    Selection.SERVICE_LINK: Stage.IN_SERVICE,
    Selection.EXCLUDED: Stage.NOT_SELECTED,
}


class ClosureReason(models.TextChoices):
    LONG_TERM_GOAL = "long_term_goal", "장기목표 달성"
    SHORT_TERM_GOAL = "short_term_goal", "단기목표 달성"
    IMPROVED = "improved", "상황호전"
    MOVED_AWAY = "moved_away", "타구전출"
    DIED = "died", "사망"
    REFUSED = "refused", "거절"
    GAVE_UP = "gave_up", "포기"
    UNREACHABLE = "unreachable", "연락두절(3개월)"
    AGENCY_LIMIT = "agency_limit", "자체종결(기관의 지원·능력의 한계)"


CLOSURE_FAMILIES = {
    "positive": ("긍정적 종결", {ClosureReason.LONG_TERM_GOAL, ClosureReason.SHORT_TERM_GOAL, ClosureReason.IMPROVED}),
    "circumstantial": (
        "여건종결",
        {ClosureReason.MOVED_AWAY, ClosureReason.DIED, ClosureReason.REFUSED, ClosureReason.GAVE_UP,
         ClosureReason.UNREACHABLE},
    ),
    "agency": ("자체종결", {ClosureReason.AGENCY_LIMIT}),
}  # fmt: skip


def closure_family(reason: str) -> str:
    return next(key for key, (_label, reasons) in CLOSURE_FAMILIES.items() if reason in reasons)


def can(action: str, stage: str) -> bool:
    return stage in TRANSITIONS[action][0]


def refusal(action: str, stage: str) -> str:
    """The Korean reason an action is not possible at this stage."""
    return f"'{Stage(stage).label}' 단계에서는 '{Action(action).label}'을(를) 할 수 없습니다."
