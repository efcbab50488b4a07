"""API of break-the-glass access: ask for one household's sensitive records now, end it, and the list the dong's
supervisor and the district's privacy auditor review. The same rules and services as the pages."""

import datetime as dt

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import MAX_ID, DongRef, Out, QueryFlag, error_responses, request_user
from chatdong.core.pagination import page_of

from . import emergency, rules
from .emergency_views import log_started
from .models import EmergencyAccess

router = Router(tags=["긴급 열람"])


class EmergencyAccessIn(Schema):
    reason: str = Field(
        max_length=emergency.REASON_MAX,
        description=f"지금 민감정보가 필요한 이유({emergency.REASON_MIN}자 이상)",
    )


class EmergencyEndIn(Schema):
    note: str = Field("", max_length=emergency.NOTE_MAX, description="종료 메모(선택)")


class EmergencyAccessOut(Out):
    id: int
    household_id: int
    dong: DongRef
    staff_name: str = Field(description="요청한 직원")
    reason: str = Field(description="사유")
    started_at: dt.datetime
    expires_at: dt.datetime = Field(description="만료 시각(시작 후 24시간)")
    ended_at: dt.datetime | None = Field(description="조기 종료 또는 만료 처리 시각")
    active: bool = Field(description="지금 열람 중인지")
    status: str = Field(description="열람 중, 조기 종료, 만료")


class EmergencyAccessPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[EmergencyAccessOut]


def _out(grant: EmergencyAccess) -> EmergencyAccessOut:
    return EmergencyAccessOut(
        id=grant.pk,
        household_id=grant.household_id,
        dong=DongRef(code=grant.dong.code, name=grant.dong.name),
        staff_name=grant.staff.name,
        reason=grant.reason,
        started_at=grant.started_at,
        expires_at=grant.expires_at,
        ended_at=grant.ended_at,
        active=grant.is_active,
        status=grant.status_label,
    )


@router.post(
    "/households/{household_id}/emergency-access",
    response={201: EmergencyAccessOut, **error_responses(400, 403, 404, 422)},
    summary="민감정보 긴급 열람 요청",
    description=(
        "가구가 속한 동의 직원이 사유(10자 이상)를 적으면 곧바로 24시간 동안 그 가구의 학대·가정폭력·자살위험 기록과 "
        "사례 기록을 볼 수 있습니다. 동 복지수퍼바이저에게 알림이 가고, 접근기록과 월별 점검에 남습니다. "
        "이미 열람 중이거나 이미 볼 수 있으면 422, 다른 동의 가구는 404입니다."
    ),
)
@door(rules.EMERGENCY_REQUEST)
def request_emergency_access(
    request: HttpRequest, payload: EmergencyAccessIn, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[EmergencyAccessOut]:
    principal = principal_for(request.user)
    household = rules.get_household(principal, household_id)
    grant = emergency.request_access(request_user(request), principal, household, payload.reason)
    log_started(request, household.pk, grant.reason)
    grant = EmergencyAccess.objects.select_related("dong", "staff").get(pk=grant.pk)
    return Status(201, _out(grant))


@router.get(
    "/emergency-accesses",
    response={200: EmergencyAccessPage, **error_responses(403, 422)},
    summary="긴급 열람 내역",
    description="동 복지수퍼바이저는 자기 동, 개인정보 감사 담당은 구 전체의 긴급 열람 내역을 최근 것부터 봅니다.",
)
@door(rules.EMERGENCY_LIST)
def list_emergency_accesses(
    request: HttpRequest,
    running: QueryFlag = Query(False, description="지금 열람 중인 것만"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> EmergencyAccessPage:
    principal = principal_for(request.user)
    paged = page_of(emergency.overseen_by(principal, running_only=running), page)
    return EmergencyAccessPage(**paged.figures(), results=[_out(g) for g in paged.rows])


@router.post(
    "/emergency-accesses/{grant_id}/end",
    response={200: EmergencyAccessOut, **error_responses(400, 403, 404, 422)},
    summary="긴급 열람 조기 종료",
    description="요청한 직원, 동 복지수퍼바이저, 개인정보 감사 담당이 끝낼 수 있습니다. 이미 끝난 것은 422입니다.",
)
@door(rules.EMERGENCY_END)
def end_emergency_access(
    request: HttpRequest, payload: EmergencyEndIn, grant_id: int = Path(..., ge=1, le=MAX_ID)
) -> EmergencyAccessOut:
    principal = principal_for(request.user)
    grant = emergency.get_for_ending(principal, grant_id)
    return _out(emergency.end_access(request_user(request), principal, grant, payload.note))
