"""API of 전입 확인: the move-ins waiting for the caller's decision, approving and rejecting one (as the pages)."""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import MAX_ID, DongRef, Out, error_responses, request_user
from chatdong.core.pagination import page_of

from .. import rules
from ..models import PendingMoveIn
from . import deciding

router = Router(tags=["전입 확인"])
WHO = "받는 동의 복지수퍼바이저(와 관리자)만 씁니다. 다른 직원은 403, 다른 동의 전입 확인은 404입니다."


class MoveInOut(Out):
    id: int
    status: str = Field(description="pending 확인 대기, approved 승인, rejected 반려")
    name: str = Field(description="성명(가져온 파일의 값)")
    resident_number_masked: str = Field(description="주민등록번호(마스킹)")
    relation: str = Field(description="세대주와의 관계")
    from_dong: DongRef | None = Field(description="지금 등록된 동(구에 기록이 없는 새 주민이면 null)")
    to_dong: DongRef
    registry_no: str = Field(description="전입할 세대의 세대번호")
    address: str = Field(description="전입할 주소")
    moved_in_on: dt.date | None = Field(description="전입일")
    requested_at: dt.datetime
    note: str = Field(description="반려 사유")


class MoveInPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[MoveInOut]


class RejectIn(Schema):
    note: str = Field(max_length=deciding.NOTE_MAX, description="반려 사유(가져온 직원에게 전달)")


def _out(m: PendingMoveIn) -> MoveInOut:
    def dong(d):  # type: ignore[no-untyped-def]
        return DongRef(code=d.code, name=d.name) if d is not None else None

    return MoveInOut(
        id=m.pk, status=m.status, name=m.name, resident_number_masked=m.masked_rrn, relation=m.relation,
        from_dong=dong(m.from_dong), to_dong=dong(m.to_dong), registry_no=m.registry_no, address=m.full_address,
        moved_in_on=m.moved_in_on, requested_at=m.requested_at, note=m.note,
    )  # fmt: skip


@router.get(
    "/registry/move-ins",
    response={200: MoveInPage, **error_responses(403, 422)},
    summary="전입 확인 대기 목록",
    description=f"가져오기에서 확인을 기다리는 전입, 먼저 요청된 것부터 한 쪽에 {settings.PAGE_SIZE}건. " + WHO,
)
@door(rules.MOVE_IN)
def list_move_ins(request: HttpRequest, page: int = Query(1, ge=1, le=1_000_000)) -> MoveInPage:
    paged = page_of(deciding.pending_for(principal_for(request.user)), page)
    log.record(request, log.Action.VIEW, object_type="move_in", detail=f"전입 확인 목록 {page}쪽")
    return MoveInPage(**paged.figures(), results=[_out(m) for m in paged.rows])


@router.post(
    "/registry/move-ins/{move_in_id}/approve",
    response={200: MoveInOut, **error_responses(403, 404, 422)},
    summary="전입 승인",
    description="가져오기와 똑같이 반영합니다(전출·전입 이력, 변경 기록). 이미 처리된 것은 422. " + WHO,
)
@door(rules.MOVE_IN)
def approve_move_in(request: HttpRequest, move_in_id: int = Path(..., ge=1, le=MAX_ID)) -> MoveInOut:
    user = request_user(request)
    moved = deciding.approve(user, principal_for(user), move_in_id)
    return _out(moved)


@router.post(
    "/registry/move-ins/{move_in_id}/reject",
    response={200: MoveInOut, **error_responses(400, 403, 404, 422)},
    summary="전입 반려",
    description="주민 기록은 바꾸지 않고 요청을 닫습니다. 사유는 필수. 이미 처리된 것은 422. " + WHO,
)
@door(rules.MOVE_IN)
def reject_move_in(request: HttpRequest, payload: RejectIn, move_in_id: int = Path(..., ge=1, le=MAX_ID)) -> MoveInOut:
    user = request_user(request)
    rejected = deciding.reject(user, principal_for(user), move_in_id, payload.note)
    return _out(rejected)
