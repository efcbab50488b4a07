"""API endpoints of case conferences (/conferences…).

Thin, like the pages: `meetings.selectors` and the rules decide what a user sees, `meetings.services`
changes things (and, through `cases.services`, the cases).
"""

import datetime as dt
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.cases import rules as case_rules
from chatdong.core.api import (
    FIELD_LABELS,
    MAX_ID,
    DongRef,
    Flag,
    Moment,
    Out,
    error_responses,
    request_user,
    text_field,
)
from chatdong.core.pagination import page_of
from chatdong.org.models import Agency, StaffMember
from chatdong.registry.services import find_dong

from . import rules, selectors, services
from .models import AgendaItem, Attendee, Meeting

router = Router(tags=["사례회의"])

FIELD_LABELS.update(
    {
        "meeting_id": "회의 ID",
        "item_id": "안건 ID",
        "view": "구분",
        "kind": "회의 종류",
        "schedule": "수시·정기 구분",
        "title": "회의명",
        "starts_at": "일시",
        "place": "장소",
        "chair_id": "주재 직원 ID",
        "case_id": "사례 ID",
        "purpose": "안건",
        "legal_exception": "동의 예외 근거",
        "decision": "결정 종류",
        "value": "결정 내용",
        "discussion": "논의 내용",
        "minutes": "회의록",
        "mark_held": "개최 표시",
        "staff_id": "직원 ID",
        "agency_id": "기관 ID",
        "role": "역할",
    }
)
ACCESS_RULES = (
    "동 직원은 자기 동의 회의, 희망복지지원단은 구의 회의, 그리고 자기가 주재하거나 참석하는 회의를 봅니다. "
    "통계 담당 계정과 통·반장은 403을 받습니다. 범위 밖의 회의와 없는 회의는 똑같이 404로 답합니다."
)
DecisionKind = Literal["selection", "lead_agency", "plan_approval", "closure_approval"]

# ---------------------------------------------------------------------------------------------- schemas


class MeetingStaffRef(Out):
    id: int
    name: str


class MeetingRow(Out):
    id: int
    kind: str = Field(description="internal_conference 내부 사례회의, integrated_conference 통합사례회의, "
                      "pre_case_meeting 사전 사례회의")  # fmt: skip
    kind_label: str
    schedule: str = Field(description="ad_hoc 수시, regular 정기")
    schedule_label: str
    status: str = Field(description="planned 예정, held 개최, cancelled 취소")
    status_label: str
    title: str
    starts_at: dt.datetime
    place: str
    dong: DongRef | None = Field(description="행정동(구 회의는 null)")
    chair: MeetingStaffRef = Field(description="주재(복지수퍼바이저, 구 회의는 희망복지지원단)")


class MeetingListRow(MeetingRow):
    agenda_count: int = Field(description="안건 수")


class MeetingPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[MeetingListRow]


class AttendeeOut(Out):
    id: int
    staff: MeetingStaffRef | None = Field(description="직원 참석자")
    agency: str | None = Field(description="기관 참석자의 기관명")
    name: str = Field(description="참석자 이름")
    role: str
    attended: bool = Field(description="참석 여부(개최 표시 때 불참으로 기록되면 false)")


class AgendaCaseOut(Out):
    id: int
    person_name: str = Field(description="대상자 이름")
    stage: str
    stage_label: str = Field(description="현재 단계")
    selection: str = Field(description="대상자 구분(선정 전이면 빈 문자열)")
    worker: MeetingStaffRef = Field(description="주 사례관리자")
    lead_agency: str = Field(description="주 사례관리기관(동주민센터이면 '동주민센터')")


class AgendaItemOut(Out):
    id: int
    order: int
    case: AgendaCaseOut | None = Field(description="사례회의 안건의 사례(우리동네주무관 회의 안건이면 없음)")
    finding_id: int | None = Field(None, description="우리동네주무관 회의 안건의 발굴·전달 ID")
    purpose: str
    legal_exception: str = Field(description="동의 없이 기관에 공유하는 법적 예외 근거(있을 때)")
    decision: str = Field(description="결정 종류(결정 전이면 빈 문자열)")
    decision_label: str
    decision_value: str = Field(description="결정 내용(예: 사례관리가구, 월곡종합사회복지관)")
    discussion: str
    decided_at: dt.datetime | None


class MeetingDetailOut(MeetingRow):
    minutes: str = Field(description="회의록")
    attendees: list[AttendeeOut]
    agenda: list[AgendaItemOut]


class MeetingIn(Schema):
    kind: Meeting.Kind = Field(description="회의 종류")
    schedule: Meeting.Schedule = Field(description="수시(ad_hoc) 또는 정기(regular)")
    dong: str = Field("", max_length=20, description="행정동 코드 또는 이름. 비우면 구 회의(희망복지지원단)")
    title: str = text_field(Meeting, "title", description="회의명")
    starts_at: Moment = Field(description="일시(ISO 8601). 시간대가 없으면 한국 시간")
    place: str = text_field(Meeting, "place", "", description="장소")
    chair_id: int = Field(ge=1, le=MAX_ID, description="주재 직원 ID: 동 회의는 그 동의 복지수퍼바이저")


class AttendeeIn(Schema):
    staff_id: int | None = Field(None, ge=1, le=MAX_ID, description="직원 참석자의 ID")
    agency_id: int | None = Field(None, ge=1, le=MAX_ID, description="기관 참석자의 기관 ID")
    name: str = text_field(Attendee, "name", "", description="기관 참석자 이름")
    role: str = text_field(Attendee, "role", "", description="역할(기관 참석자는 필수)")


class AgendaIn(Schema):
    case_id: int = Field(ge=1, le=MAX_ID, description="사례 ID")
    purpose: str = text_field(AgendaItem, "purpose", description="안건(예: 대상자 선정, 주 사례관리기관 결정)")
    legal_exception: str = text_field(
        AgendaItem, "legal_exception", "",
        description="기관이 참석하는 회의에서 주민의 제3자 제공 동의가 없을 때의 법적 예외 근거(복지수퍼바이저만)",
    )  # fmt: skip


class DecisionIn(Schema):
    decision: DecisionKind = Field(
        description="selection 대상자 선정, lead_agency 주 사례관리기관, plan_approval 서비스계획 승인, "
        "closure_approval 종결 승인"
    )
    value: str = Field(
        "", max_length=20,
        description="selection이면 managed/service_link/excluded, lead_agency이면 기관 ID(비우면 동주민센터)",
    )  # fmt: skip
    discussion: str = text_field(AgendaItem, "discussion", "", description="논의 내용")


class MinutesIn(Schema):
    minutes: str = text_field(Meeting, "minutes", description="회의록 전문(이전 내용을 바꿉니다)")
    mark_held: Flag = Field(False, description="true이면 회의를 개최로 표시")


# ------------------------------------------------------------------------------------------ presenters


def _row_fields(meeting: Meeting) -> dict[str, object]:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "schedule": meeting.schedule,
        "schedule_label": meeting.get_schedule_display(),
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "dong": DongRef(code=meeting.dong.code, name=meeting.dong.name) if meeting.dong else None,
        "chair": MeetingStaffRef(id=meeting.chair.pk, name=meeting.chair.name),
    }


def _attendee(a: Attendee) -> AttendeeOut:
    return AttendeeOut(
        id=a.pk,
        staff=MeetingStaffRef(id=a.staff.pk, name=a.staff.name) if a.staff else None,
        agency=a.agency.name if a.agency else None,
        name=a.staff.name if a.staff else a.name,
        role=a.role,
        attended=a.attended,
    )


def _item(item: AgendaItem) -> AgendaItemOut:
    case = item.case
    return AgendaItemOut(
        id=item.pk,
        order=item.order,
        case=AgendaCaseOut(
            id=case.pk,
            person_name=case.person.name,
            stage=case.stage,
            stage_label=case.get_stage_display(),
            selection=case.selection,
            worker=MeetingStaffRef(id=case.worker.pk, name=case.worker.name),
            lead_agency=case.lead_agency.name if case.lead_agency else services.DONG_CENTRE,
        )
        if case is not None
        else None,
        finding_id=item.finding_id,
        purpose=item.purpose,
        legal_exception=item.legal_exception,
        decision=item.decision,
        decision_label=item.get_decision_display() if item.decision else "",
        decision_value=item.decision_value,
        discussion=item.discussion,
        decided_at=item.decided_at,
    )


def _detail(request: HttpRequest, principal: Principal, meeting_id: int) -> MeetingDetailOut:
    detail = selectors.meeting_detail(principal, meeting_id)
    if detail.agenda:
        names = selectors.agenda_names(detail.agenda)
        log.record(request, log.Action.VIEW, object_type="meeting", object_id=meeting_id, detail=f"안건: {names}")
    return MeetingDetailOut(
        **_row_fields(detail.meeting),  # type: ignore[arg-type]
        minutes=detail.meeting.minutes,
        attendees=[_attendee(a) for a in detail.attendees],
        agenda=[_item(i) for i in detail.agenda],
    )


# ------------------------------------------------------------------------------------------- endpoints


@router.get(
    "/conferences",
    response={200: MeetingPage, **error_responses(403, 422)},
    summary="사례회의 목록",
    description=f"예정된 회의(오늘부터, 가까운 순) 또는 지난 회의(최근 순). 한 쪽에 {settings.PAGE_SIZE}건. "
    "view와 page 밖의 조회 항목은 422입니다. " + ACCESS_RULES,
)
@door(rules.VIEW)
def list_conferences(
    request: HttpRequest,
    view: Literal["upcoming", "past"] = Query("upcoming", description="upcoming 예정, past 지난 회의"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> MeetingPage:
    # A misspelt filter would otherwise be ignored silently and return the unfiltered list.
    unknown = sorted(set(request.GET) - {"view", "page"})
    if unknown:
        raise ValidationError(f"알 수 없는 조회 항목입니다: {', '.join(unknown)[:100]}")
    principal = principal_for(request.user)
    meetings = selectors.meeting_list(principal, upcoming=view == "upcoming", today=timezone.localdate())
    one = page_of(meetings, page)
    return MeetingPage(
        **one.figures(),
        results=[MeetingListRow(**_row_fields(m), agenda_count=m.agenda_count) for m in one.rows],  # type: ignore[arg-type,attr-defined]
    )


@router.post(
    "/conferences",
    response={201: MeetingDetailOut, **error_responses(400, 403, 422)},
    summary="사례회의 등록",
    description=(
        "동 회의는 그 동의 복지수퍼바이저나 동장이 등록하고 복지수퍼바이저가 주재합니다. 구 회의(dong 비움)는 "
        "희망복지지원단이 등록·주재합니다. 정기회의는 월 1회 이상 엽니다. 등록은 변경 이력에 남습니다."
    ),
)
@door(rules.VIEW)
def create_conference(request: HttpRequest, payload: MeetingIn) -> Status[MeetingDetailOut]:
    principal = principal_for(request.user)
    dong = find_dong(payload.dong.strip()) if payload.dong.strip() else None
    chair = StaffMember.objects.filter(pk=payload.chair_id).first()
    if chair is None:
        raise ValidationError(services.NOT_A_CHAIR)  # the same as for staff who may not chair
    meeting = services.schedule_meeting(
        request_user(request), principal, kind=payload.kind, schedule=payload.schedule, dong=dong,
        title=payload.title, starts_at=payload.starts_at, place=payload.place, chair=chair,
    )  # fmt: skip
    return Status(201, _detail(request, principal, meeting.pk))


@router.get(
    "/conferences/{meeting_id}",
    response={200: MeetingDetailOut, **error_responses(403, 404, 422)},
    summary="사례회의 상세",
    description="참석자, 안건(사례의 현재 단계와 결정), 회의록. 안건이 있으면 열람이 접근기록에 남습니다. "
    + ACCESS_RULES,
)
@door(rules.VIEW)
def get_conference(request: HttpRequest, meeting_id: int = Path(..., ge=1, le=MAX_ID)) -> MeetingDetailOut:
    return _detail(request, principal_for(request.user), meeting_id)


@router.post(
    "/conferences/{meeting_id}/attendees",
    response={201: AttendeeOut, **error_responses(400, 403, 404, 422)},
    summary="참석자 추가",
    description=(
        "구의 직원(staff_id) 또는 기관 참석자(agency_id, name, role). 내부 사례회의에는 기관 참석자를 둘 수 없고, "
        "이미 안건에 오른 사례의 주민이 그 기관에 대한 제3자 제공 동의를 하지 않았으면 422입니다. 주재자와 "
        "회의를 등록할 수 있는 직원만 추가합니다."
    ),
)
@door(rules.VIEW)
def add_attendee(
    request: HttpRequest, payload: AttendeeIn, meeting_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[AttendeeOut]:
    principal = principal_for(request.user)
    meeting = rules.get_meeting(principal, meeting_id)
    staff = agency = None
    if payload.staff_id is not None:
        staff = StaffMember.objects.filter(pk=payload.staff_id).first()
        if staff is None:
            raise ValidationError(services.NOT_AN_ATTENDEE)  # the same as for staff of another dong
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            raise ValidationError("기관을 찾을 수 없습니다.")
    attendee = services.add_attendee(
        request_user(request), principal, meeting, staff=staff, agency=agency, name=payload.name, role=payload.role
    )
    return Status(201, _attendee(Attendee.objects.select_related("staff", "agency").get(pk=attendee.pk)))


@router.post(
    "/conferences/{meeting_id}/agenda",
    response={201: AgendaItemOut, **error_responses(400, 403, 404, 422)},
    summary="안건 추가",
    description=(
        "사례를 안건으로 올립니다. 주재자가 볼 수 있는 사례여야 합니다. 기관이 참석하는 회의(통합사례회의)에서는 "
        "주민의 개인정보 제3자 제공 동의가 참석 기관 모두를 포함해야 하고, 아니면 복지수퍼바이저가 "
        "legal_exception(법적 예외 근거)을 기록해야 합니다(다른 직원이 적으면 403). 볼 수 없는 사례는 404."
    ),
)
@door(rules.VIEW)
def add_agenda_item(
    request: HttpRequest, payload: AgendaIn, meeting_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[AgendaItemOut]:
    principal = principal_for(request.user)
    meeting = rules.get_meeting(principal, meeting_id)
    case = case_rules.get_case(principal, payload.case_id)
    item = services.add_agenda_item(
        request_user(request), principal, meeting, case=case, purpose=payload.purpose,
        legal_exception=payload.legal_exception,
    )  # fmt: skip
    return Status(201, _item(_loaded_item(item.pk)))


def _loaded_item(item_id: int) -> AgendaItem:
    return AgendaItem.objects.select_related("case__person", "case__worker", "case__lead_agency").get(pk=item_id)


@router.post(
    "/conferences/{meeting_id}/agenda/{item_id}/decision",
    response={200: AgendaItemOut, **error_responses(400, 403, 404, 422)},
    summary="안건 결정",
    description=(
        "회의 주재자만 기록합니다(다른 사람은 403). 결정은 사례에 그대로 반영됩니다: selection → 대상자 구분·선정, "
        "lead_agency → 주 사례관리기관(동의 규칙 적용), plan_approval → 가장 최근의 미승인 서비스계획 승인, "
        "closure_approval → 종결 승인(사후관리 예약). 사례의 단계에서 할 수 없는 결정은 422와 한국어 설명으로 "
        "거절되고 아무것도 바뀌지 않습니다. 사례 기록에는 회의 ID가 남습니다."
    ),
)
@door(rules.VIEW)
def decide(
    request: HttpRequest,
    payload: DecisionIn,
    meeting_id: int = Path(..., ge=1, le=MAX_ID),
    item_id: int = Path(..., ge=1, le=MAX_ID),
) -> AgendaItemOut:
    principal = principal_for(request.user)
    meeting = rules.get_meeting(principal, meeting_id)
    item = selectors.agenda_item(meeting, item_id)
    services.record_decision(
        request_user(request), principal, item, decision=payload.decision, value=payload.value,
        discussion=payload.discussion,
    )  # fmt: skip
    return _item(_loaded_item(item.pk))


@router.post(
    "/conferences/{meeting_id}/minutes",
    response={200: MeetingDetailOut, **error_responses(400, 403, 404, 422)},
    summary="회의록 저장(개최 표시)",
    description=(
        "회의록을 저장하고, mark_held가 true이면 회의를 개최로 표시합니다(회의 날짜 이후만). 주재자와 회의를 "
        "등록할 수 있는 직원만 합니다. 둘 중 하나라도 거절되면 아무것도 저장하지 않습니다. 변경 이력에는 회의록이 "
        "바뀌었다는 사실만 남고 내용은 남지 않습니다."
    ),
)
@door(rules.VIEW)
def save_minutes(
    request: HttpRequest, payload: MinutesIn, meeting_id: int = Path(..., ge=1, le=MAX_ID)
) -> MeetingDetailOut:
    principal = principal_for(request.user)
    meeting = rules.get_meeting(principal, meeting_id)
    user = request_user(request)
    # Minutes and "held" together or not at all.
    with transaction.atomic():
        services.record_minutes(user, principal, meeting, payload.minutes)
        if payload.mark_held:
            services.mark_held(user, principal, meeting)
    return _detail(request, principal, meeting.pk)
