"""API endpoint of tong leaders: a check-in (안부확인), which moves a watched household's due date.

Thin: the same rules and the same services as the pages.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import MAX_ID, Day, Out, error_responses, request_user, text_field
from chatdong.registry import rules as registry_rules

from . import checkins, rules
from .models import CheckIn

router = Router(tags=["우리동네주무관·통반장"])


class CheckInIn(Schema):
    household_id: int = Field(ge=1, le=MAX_ID)
    leader_id: int | None = Field(None, ge=1, le=MAX_ID, description="직원이 대신 기록할 때의 통·반장")
    method: CheckIn.CheckInMethod
    condition: CheckIn.Condition
    note: str = text_field(CheckIn, "note", "")
    checked_on: Day | None = None


class CheckInOut(Out):
    id: int
    household_id: int
    checked_on: dt.date
    condition: str
    finding_id: int | None = Field(description="위기이면 복지플래너에게 전달된 발굴·전달")
    next_due_on: dt.date | None = Field(description="모니터링 가구이면 옮겨진 다음 점검 예정일")


@router.post(
    "/outreach/check-ins", response={201: CheckInOut, **error_responses(400, 403, 404, 422)}, summary="안부확인",
    description="통·반장은 자기 담당 가구에만(다른 가구는 404), 같은 동 직원은 leader_id로 대신 기록합니다. 모니터링 "
    "가구이면 다음 점검 예정일이 옮겨지고, ‘위기’는 복지플래너에게 발굴·전달됩니다.",
)  # fmt: skip
@door(rules.LEADERS)
def check_in(request: HttpRequest, payload: CheckInIn) -> Status[CheckInOut]:
    principal = principal_for(request.user)
    leader = rules.acting_leader(principal, payload.leader_id)
    household = registry_rules.get_household(principal, payload.household_id)
    done = checkins.record_check_in(
        request_user(request), principal, leader, household, method=payload.method, condition=payload.condition,
        note=payload.note, checked_on=payload.checked_on,
    )  # fmt: skip
    watch = checkins.cadence.open_watch(household)
    return Status(
        201,
        CheckInOut(
            id=done.pk, household_id=household.pk, checked_on=done.checked_on, condition=done.condition,
            finding_id=done.finding_id, next_due_on=watch.next_due_on if watch else None,
        ),
    )  # fmt: skip
