"""API endpoints of the cohorts: targets (list, read, the contact result, the appointment), generating a
month's list, and the progress figures (targets, consented, visited, 진도율; visits alone or joint).

Thin: the same rules (each operation's door), selectors and services as the pages, every read logged.
Errors are the API's Korean JSON (chatdong/api/errors.py).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import FIELD_LABELS, MAX_ID, Day, Moment, error_responses, request_user, text_field
from chatdong.core.dates import typed_month
from chatdong.core.pagination import page_of

from . import generation, leader_view, rules, selectors, targets
from .models import Target
from .programmes import Programme
from .states import TargetStatus

router = Router(tags=["찾아가는 복지 대상자·진도율"])
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

FIELD_LABELS.update(
    {"target_id": "대상자 ID", "programme": "사업", "month": "대상 월", "result": "연락 결과",
     "contacted_on": "연락일", "method": "연락·동의 방법", "at": "예약 일시", "planner": "담당 복지플래너",
     "zone": "구역", "date_from": "대상 월(부터)", "date_to": "대상 월(까지)"}
)  # fmt: skip
ACCESS_RULES = (
    "동 직원은 자기 동, 희망복지지원단은 구의 대상자를 보고, 통·반장은 담당 가구의 대상자만 LeaderTargetOut "
    "형태(생년월일·사업·선정 사유·경로 없이; 사업 조건은 통·반장에게 적용되지 않음)로 봅니다. "
    "돌봄위기가정 대상자는 담당 복지플래너·가구 담당 직원·동 복지수퍼바이저만 봅니다. 통계 담당은 403. "
    "범위 밖과 없는 기록은 똑같이 404입니다."
)


class TargetOut(Schema):
    id: int
    programme: Programme
    programme_label: str
    month: str
    dong: str
    zone: str | None
    person_id: int
    name: str
    birth_date: dt.date
    address: str
    source: str
    reason: str
    status: TargetStatus
    status_label: str
    planner: str | None
    contacted_on: dt.date | None
    consent_id: int | None
    appointment_at: dt.datetime | None
    appointment_confirmed_on: dt.date | None
    letter_printed_on: dt.date | None
    referred_by: str | None


class TargetPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[TargetOut]


class LeaderTargetOut(Schema):
    """A target as a tong leader gets it (`leader_view`): no birth date, programme, reason, source or notes."""

    id: int
    month: str
    dong: str
    zone: str | None
    person_id: int
    name: str
    address: str
    phone: str = Field(description="대상자 전화(없으면 세대 전화)")
    status: TargetStatus
    status_label: str
    planner: str | None
    contacted_on: dt.date | None
    appointment_at: dt.datetime | None
    appointment_confirmed_on: dt.date | None


class LeaderTargetPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[LeaderTargetOut]


class GenerateIn(Schema):
    programme: Programme
    month: str = Field(..., pattern=MONTH_PATTERN, description="대상 월 YYYY-MM")


class RunOut(Schema):
    id: int
    dong: str
    programme: Programme
    period_start: dt.date
    period_end: dt.date
    added: int
    already_listed: int


class ContactIn(Schema):
    result: str
    contacted_on: Day
    method: str = "phone"
    note: str = text_field(Target, "note", "")


class AppointmentIn(Schema):
    at: Moment


def _out(t: Target) -> TargetOut:
    return TargetOut(
        id=t.pk, programme=Programme(t.programme), programme_label=t.get_programme_display(),
        month=f"{t.period_start:%Y-%m}", dong=t.dong.name, zone=str(t.zone) if t.zone_id else None,
        person_id=t.person_id, name=t.person.name, birth_date=t.person.birth_date, address=str(t.household),
        source=t.get_source_display(), reason=t.reason, status=TargetStatus(t.status),
        status_label=t.get_status_display(), planner=t.planner.name if t.planner_id else None,  # type: ignore[union-attr]
        contacted_on=t.contacted_on, consent_id=t.consent_id, appointment_at=t.appointment_at,
        appointment_confirmed_on=t.appointment_confirmed_on, letter_printed_on=t.letter_printed_on,
        referred_by=t.referred_by.name if t.referred_by_id else None,  # type: ignore[union-attr]
    )  # fmt: skip


def _leader_out(t: Target) -> LeaderTargetOut:
    fields = asdict(leader_view.leader_target(t))
    return LeaderTargetOut(id=fields.pop("pk"), **fields)


def _shape(principal: Principal) -> Callable[[Target], TargetOut | LeaderTargetOut]:
    """Staff get the whole target; a tong leader the leader view (`rules.sees_reasons`)."""
    return _out if rules.sees_reasons(principal) else _leader_out


def _read(request: HttpRequest, principal: Principal, target_id: int) -> TargetOut | LeaderTargetOut:
    t = rules.get_target(principal, target_id)
    log.record(
        request, log.Action.VIEW, object_type="target", object_id=t.pk, household_id=t.household_id,
        detail=f"{t.get_programme_display()} 대상자: {t.person.name}",
    )  # fmt: skip
    return _shape(principal)(t)


@router.get(
    "/outreach/targets", response={200: TargetPage | LeaderTargetPage, **error_responses(403, 422)},
    summary="찾아가는 복지 대상자 목록",
    description=f"한 쪽에 {settings.PAGE_SIZE}명. month는 YYYY-MM. " + ACCESS_RULES,
)  # fmt: skip
@door(rules.VIEW)
def list_targets(
    request: HttpRequest,
    programme: Programme | None = Query(None, description="사업"),
    month: str = Query("", max_length=7, description="대상 월 YYYY-MM"),
    status: TargetStatus | None = Query(None, description="진행 상태"),
    planner: int | None = Query(None, ge=1, le=MAX_ID, description="담당 복지플래너(직원) ID"),
    zone: int | None = Query(None, ge=1, le=MAX_ID, description="구역 ID"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> TargetPage | LeaderTargetPage:
    principal = principal_for(request.user)
    f = selectors.TargetFilters(
        programme=programme or "", month=typed_month(month, "대상 월"), status=status or "", planner_id=planner,
        zone_id=zone,
    )  # fmt: skip
    one = page_of(selectors.target_list(principal, f), page)
    log.record(request, log.Action.SEARCH, object_type="target", detail=f"대상자 목록 {f} · {page}쪽")
    if not rules.sees_reasons(principal):
        return LeaderTargetPage(**one.figures(), results=[_leader_out(t) for t in one.rows])
    return TargetPage(**one.figures(), results=[_out(t) for t in one.rows])


@router.get(
    "/outreach/targets/{target_id}", response={200: TargetOut | LeaderTargetOut, **error_responses(403, 404, 422)},
    summary="찾아가는 복지 대상자", description=ACCESS_RULES,
)  # fmt: skip
@door(rules.VIEW)
def get_target(request: HttpRequest, target_id: int = Path(..., ge=1, le=MAX_ID)) -> TargetOut | LeaderTargetOut:
    return _read(request, principal_for(request.user), target_id)


@router.post(
    "/outreach/cohorts/generate", response={201: RunOut, **error_responses(400, 403, 422)},
    summary="대상자 명단 생성",
    description=(
        "자기 동의 그 달 대상자 명단을 주민등록·수급 자료에서 생성합니다(복지플래너·복지수퍼바이저·동장). "
        "다시 생성해도 이미 있는 대상자는 그대로이고 already_listed로 셉니다. 돌봄위기가정은 의뢰로만 등록하므로 422."
    ),
)  # fmt: skip
@door(rules.VIEW)
def generate(request: HttpRequest, payload: GenerateIn) -> Status[RunOut]:
    principal = principal_for(request.user)
    dong = rules.dong_to_generate(principal)
    month = typed_month(payload.month, "대상 월")
    assert month is not None
    run = generation.generate(request_user(request), principal, dong, payload.programme, month)
    return Status(
        201,
        RunOut(
            id=run.pk, dong=dong.name, programme=Programme(run.programme), period_start=run.period_start,
            period_end=run.period_end, added=run.added, already_listed=run.already_listed,
        ),
    )  # fmt: skip


@router.post(
    "/outreach/targets/{target_id}/contact",
    response={200: TargetOut | LeaderTargetOut, **error_responses(400, 403, 404, 422)},
    summary="동의 여부 기록",
    description="result: yes 방문 동의(방문상담 동의 기록), no 방문 거부, unreachable 연락 안 됨. " + ACCESS_RULES,
)  # fmt: skip
@door(rules.VIEW)
def contact(
    request: HttpRequest, payload: ContactIn, target_id: int = Path(..., ge=1, le=MAX_ID)
) -> TargetOut | LeaderTargetOut:
    principal = principal_for(request.user)
    target = rules.get_target(principal, target_id)
    targets.record_contact(
        request_user(request), principal, target, result=payload.result, contacted_on=payload.contacted_on,
        method=payload.method, note=payload.note,
    )  # fmt: skip
    return _read(request, principal, target_id)


@router.post(
    "/outreach/targets/{target_id}/appointment",
    response={200: TargetOut | LeaderTargetOut, **error_responses(400, 403, 404, 422)},
    summary="방문 예약",
    description="방문에 동의한 대상자만, 오늘 이후 일시로. 다시 예약하면 통·반장 확인이 지워집니다.",
)  # fmt: skip
@door(rules.VIEW)
def appointment(
    request: HttpRequest, payload: AppointmentIn, target_id: int = Path(..., ge=1, le=MAX_ID)
) -> TargetOut | LeaderTargetOut:
    principal = principal_for(request.user)
    target = rules.get_target(principal, target_id)
    targets.book_appointment(request_user(request), principal, target, at=payload.at)
    return _read(request, principal, target_id)
