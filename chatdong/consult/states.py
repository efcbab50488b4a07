"""The states of a referral and the transitions allowed between them — the one place that lists them."""

from django.db import models

from .models import Referral

Status = Referral.Status


class Action(models.TextChoices):
    RECEIVE = "receive", "접수"
    START = "start", "처리 시작"
    COMPLETE = "complete", "완료"
    RETURN = "return", "반려"


# action → (statuses it may start from, status it leads to).
# 완료 may follow 접수 directly: many answers (a benefit enquiry, a lawyer's advice) need no separate 처리중 step.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Action.RECEIVE: (frozenset({Status.REQUESTED}), Status.RECEIVED),
    Action.START: (frozenset({Status.RECEIVED}), Status.IN_PROGRESS),
    Action.COMPLETE: (frozenset({Status.RECEIVED, Status.IN_PROGRESS}), Status.COMPLETED),
    Action.RETURN: (frozenset({Status.REQUESTED, Status.RECEIVED, Status.IN_PROGRESS}), Status.RETURNED),
}

# Still waiting for an answer: these count as overdue once past the due date.
OPEN_STATUSES = frozenset({Status.REQUESTED, Status.RECEIVED, Status.IN_PROGRESS})
# Answered: the resident can be told the result (사후관리).
CLOSED_STATUSES = frozenset({Status.COMPLETED, Status.RETURNED})


def can(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


def refusal(action: str, status: str) -> str:
    """The Korean reason an action is not possible in this status."""
    return f"'{Status(status).label}' 상태의 의뢰는 '{Action(action).label}' 처리할 수 없습니다."
