"""The life of a cohort target, from the list to the visit — the one place that lists the transitions."""

from django.db import models


class TargetStatus(models.TextChoices):
    LISTED = "listed", "대상"
    UNREACHABLE = "unreachable", "연락안됨"
    REFUSED = "refused", "방문 거부"
    CONSENTED = "consented", "방문 동의"
    SCHEDULED = "scheduled", "방문 예약"
    VISITED = "visited", "방문 완료"


# status → the statuses it may move to. Consent is asked again after an unanswered call or a change of
# mind; a visit needs consent (with or without an appointment).
TARGET_TRANSITIONS: dict[str, frozenset[str]] = {
    TargetStatus.LISTED: frozenset(
        {TargetStatus.UNREACHABLE, TargetStatus.REFUSED, TargetStatus.CONSENTED, TargetStatus.SCHEDULED}
    ),
    TargetStatus.UNREACHABLE: frozenset(
        {TargetStatus.UNREACHABLE, TargetStatus.REFUSED, TargetStatus.CONSENTED, TargetStatus.SCHEDULED}
    ),
    TargetStatus.REFUSED: frozenset({TargetStatus.CONSENTED, TargetStatus.SCHEDULED}),
    TargetStatus.CONSENTED: frozenset({TargetStatus.SCHEDULED, TargetStatus.REFUSED, TargetStatus.VISITED}),
    TargetStatus.SCHEDULED: frozenset({TargetStatus.SCHEDULED, TargetStatus.REFUSED, TargetStatus.VISITED}),
    TargetStatus.VISITED: frozenset(),
}

# The statuses a visit may be recorded from: those that may move to VISITED.
VISITABLE = frozenset(s for s, nxt in TARGET_TRANSITIONS.items() if TargetStatus.VISITED in nxt)


def can_move(current: str, new: str) -> bool:
    return new in TARGET_TRANSITIONS.get(current, frozenset())


class Tier(models.TextChoices):
    """Monitoring tiers of seed 000 (돌봄위기가정) used for every watched household."""

    CAUTION = "caution", "주의 대상 가구"
    SERVICE = "service", "서비스 관리 가구"
    INTEGRATED = "integrated", "통합사례관리 가구"


# Default days between contacts (configurable per dong): every 2 months, monthly, twice a month.
DEFAULT_INTERVAL_DAYS = {Tier.CAUTION: 60, Tier.SERVICE: 30, Tier.INTEGRATED: 15}


class FindingKind(models.TextChoices):
    CARE_NEEDED = "care_needed", "돌봄이웃(도움이 필요한 주민)"
    HELPER = "helper", "나눔이웃(도움을 줄 수 있는 주민)"
    COMPLAINT = "complaint", "생활민원"


class FindingStatus(models.TextChoices):
    HANDED_OVER = "handed_over", "전달됨"
    IN_PROGRESS = "in_progress", "처리중"
    DONE = "done", "처리완료"


FINDING_TRANSITIONS: dict[str, frozenset[str]] = {
    FindingStatus.HANDED_OVER: frozenset({FindingStatus.IN_PROGRESS, FindingStatus.DONE}),
    FindingStatus.IN_PROGRESS: frozenset({FindingStatus.DONE}),
    FindingStatus.DONE: frozenset(),
}
