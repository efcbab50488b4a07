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
