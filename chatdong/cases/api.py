"""API endpoints of case management: the case list and summary, a case, intake, and each action on a case.

Thin, as the pages: each endpoint passes its door (`rules.VIEW`), reads through `cases.selectors` or acts through
`cases.services` (which check the rules and the state machine again), logs every answer that shows a
case in the access log, and shapes it with `schemas`.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import FIELD_LABELS, MAX_ID, Day, QueryFlag, error_responses, request_user
from chatdong.core.pagination import page_of
from chatdong.org.models import Agency
from chatdong.registry import rules as registry_rules
from chatdong.registry.services import find_dong
from chatdong.resources.models import ServiceProgramme

from . import rules, selectors, services
from .forms import this_year
from .models import Case, CaseType, FollowUp, PlannedService, Priority, ServicePlan
from .schemas import (
    AddAgencyIn,
    ApproveClosureIn,
    ApprovePlanIn,
    AssessIn,
    CaseDetailOut,
    CaseIn,
    CasePage,
    DeliveryIn,
    FollowUpIn,
    MonitoringIn,
    PlanIn,
    RejectClosureIn,
    RequestClosureIn,
    SelectIn,
    SetLeadIn,
    SummaryOut,
    case_detail,
    case_row,
    summary_out,
)
from .states import Stage

router = Router(tags=["사례관리"])

FIELD_LABELS.update(
    {
        "case_id": "사례 ID",
        "person_id": "대상자 ID",
        "source": "접수 경로",
        "source_note": "접수 경위",
        "case_type": "사례 유형",
        "stage": "단계",
        "priority": "우선순위",
        "worker": "주 사례관리자 ID",
        "overdue": "점검 기한 경과",
        "from": "기간 시작",
        "to": "기간 끝",
        "assessed_on": "조사일",
        "urgency": "시급성",
        "importance": "중요도",
        "summary": "내용",
        "needs": "욕구",
        "domain": "영역",
        "note": "의견·내용",
        "selection": "대상자 구분",
        "decided_on": "결정일",
        "agency_id": "기관 ID",
        "legal_exception": "동의 예외 근거",
        "role": "역할",
        "written_on": "작성일",
        "goals": "목표",
        "services": "서비스",
        "term": "구분",
        "description": "내용",
        "target_on": "목표일",
        "programme_id": "사업·서비스 ID",
        "amount": "금액",
        "starts_on": "시작일",
        "ends_on": "종료일",
        "plan_id": "서비스계획 ID",
        "delivered_on": "제공일",
        "planned_service_id": "계획된 서비스 ID",
        "contacted_on": "점검일",
        "method": "방법",
        "reached": "연락 여부",
        "with_whom": "만난 사람",
        "changes": "변화·점검 내용",
        "reason": "종결 사유",
        "follow_up_id": "사후관리 ID",
        "done_on": "실시일",
        "outcome": "결과",
        "reopen": "재개",
    }
)

ACCESS_RULES = (
    "동 직원은 자기 동의 사례, 희망복지지원단은 구의 사례를 봅니다. 범위 밖의 사례와 없는 사례는 똑같이 404로 "
    "답합니다. 사례 기록(notes)과 가구의 민감정보(sensitive_flags)는 사례 담당자와 복지수퍼바이저에게만 "
    "나가며, 그 밖의 사람에게는 항목 자체가 없습니다. 모든 조회는 접근기록에 남습니다."
)
ACTION_RULES = (
    "처리 후의 사례 전체를 돌려줍니다. 그 단계에서 할 수 없는 처리, 입력 오류는 422(한국어 설명), 권한 없는 "
    "처리(예: 복지수퍼바이저가 아닌 사람의 승인)는 403이며 아무것도 바뀌지 않습니다. 변경은 변경 이력에 남습니다."
)


# Query parameters whose type ruff cannot tell is immutable, declared once (B008).
STAGE_QUERY = Query(None, description="단계")
CASE_TYPE_QUERY = Query(None, description="사례 유형")
PRIORITY_QUERY = Query(None, description="우선순위 1~4")
FROM_QUERY = Query(None, alias="from", description="기간 시작(YYYY-MM-DD)")
TO_QUERY = Query(None, alias="to", description="기간 끝(YYYY-MM-DD)")


def _case_staff(request: HttpRequest) -> Principal:
    return principal_for(request.user)  # past the door: case staff only


def _shown(request: HttpRequest, principal: Principal, case_id: int) -> CaseDetailOut:
    """The case as the user may see it, with the view written to the access log."""
    case = rules.get_case(principal, case_id)
    detail = selectors.case_detail(principal, case)
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if detail.shows_sensitive else log.Action.VIEW,
        object_type="case",
        object_id=case.pk,
        household_id=case.household_id,
        detail=f"사례 #{case.pk} {case.person.name}",
    )
    return case_detail(detail)


# ----------------------------------------------------------------------------------------- reading


@router.get(
    "/cases",
    response={200: CasePage, **error_responses(403, 422)},
    exclude_unset=True,
    summary="사례 목록",
    description=f"우선순위(긴급 먼저), 다음 점검 예정일 순. 한 쪽에 {settings.PAGE_SIZE}건. " + ACCESS_RULES,
)
@door(rules.VIEW)
def list_cases(
    request: HttpRequest,
    stage: Stage | None = STAGE_QUERY,
    case_type: CaseType | None = CASE_TYPE_QUERY,
    dong: str = Query("", max_length=20, description="행정동 코드 또는 이름"),
    worker: int | None = Query(None, ge=1, le=MAX_ID, description="주 사례관리자(직원 ID)"),
    priority: Priority | None = PRIORITY_QUERY,
    overdue: QueryFlag = Query(False, description="점검 기한이 지난 사례만"),
    q: str = Query("", max_length=30, description="대상자 이름(일부)"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> CasePage:
    principal = _case_staff(request)
    filters = selectors.CaseFilters(
        stage=stage or "",
        case_type=case_type or "",
        dong_id=find_dong(dong.strip()).pk if dong.strip() else None,
        worker_id=worker,
        priority=priority,
        overdue=overdue,
        text=q,
    )
    one = page_of(selectors.case_list(principal, filters), page)
    log.record(
        request,
        log.Action.SEARCH,
        object_type="case",
        detail=f"사례 목록 · 이름: {filters.text or '(없음)'} · 단계: {stage or '(전체)'} · {page}쪽",
    )
    return CasePage(
        **one.figures(),
        results=[case_row(c) for c in one.rows],
    )


@router.get(
    "/cases/summary",
    response={200: SummaryOut, **error_responses(403, 422)},
    summary="통합사례관리 현황(집계)",
    description=(
        "seed 001의 표: 계 / 사례관리 / 서비스연계 / 미선정 / 종결(와 선정 전) 가구·인원, 대상 유형별(기초수급자, "
        "차상위계층, 일반저소득), 영역별 서비스 연계 인원. 기간 중 진행된 사례(기간 끝까지 접수되고 시작 전에 "
        "종결·미선정되지 않은 사례)를 기간 끝의 상태로 셉니다. 기간을 비우면 올해. 사례를 볼 수 있는 직원은 자기 "
        "범위를, 통계 담당은 구 전체를 집계로만 봅니다."
    ),
)
@door(rules.SUMMARY)
def case_summary(
    request: HttpRequest,
    date_from: Day | None = FROM_QUERY,
    date_to: Day | None = TO_QUERY,
    dong: str = Query("", max_length=20, description="행정동 코드 또는 이름"),
) -> SummaryOut:
    principal = principal_for(request.user)
    default_from, default_to = this_year()
    start, end = date_from or default_from, date_to or default_to
    if end < start:
        raise ValidationError("기간의 끝이 시작보다 앞섭니다.")
    dong_id = find_dong(dong.strip()).pk if dong.strip() else None
    return summary_out(selectors.case_summary(principal, start, end, dong_id))


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetailOut, **error_responses(403, 404, 422)},
    exclude_unset=True,
    summary="사례 상세",
    description="진행 기록, 욕구조사, 서비스계획(목표·서비스), 제공, 점검, 참여 기관, 사후관리. " + ACCESS_RULES,
)
@door(rules.VIEW)
def get_case(request: HttpRequest, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    return _shown(request, _case_staff(request), case_id)


# ----------------------------------------------------------------------------------------- intake


@router.post(
    "/cases",
    response={201: CaseDetailOut, **error_responses(400, 403, 404, 422)},
    exclude_unset=True,
    summary="사례 접수",
    description=(
        "가구원 한 명을 대상자로 그 가구의 사례를 접수합니다(가구당 진행 중인 사례 하나). 요청한 직원이 주 "
        "사례관리자가 됩니다. 자기 동(희망복지지원단은 구)의 가구만 접수할 수 있습니다. " + ACTION_RULES
    ),
)
@door(rules.VIEW)
def open_case(request: HttpRequest, payload: CaseIn) -> Status[CaseDetailOut]:
    principal = _case_staff(request)
    person = registry_rules.get_person(principal, payload.person_id)
    case = services.open_case(
        request_user(request), principal, person=person, source=payload.source,
        source_note=payload.source_note.strip(), case_type=payload.case_type,
    )  # fmt: skip
    return Status(201, _shown(request, principal, case.pk))


# ---------------------------------------------------------------------------------------- actions


def _agency(case: Case, agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id, district_id=case.dong.district_id).first()
    if agency is None:
        raise ValidationError(f"기관(ID {agency_id})을 찾을 수 없습니다.")
    return agency


def _programme(programme_id: int | None) -> ServiceProgramme | None:
    if programme_id is None:
        return None
    programme = ServiceProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise ValidationError(f"사업·서비스(ID {programme_id})를 찾을 수 없습니다.")
    return programme


def _action(path: str, summary: str, description: str) -> Callable:  # type: ignore[type-arg]
    """An action on a case: POST /cases/{case_id}/actions/<path>, behind the door of the cases it may see."""
    post = router.post(
        f"/cases/{{case_id}}/actions/{path}",
        response={200: CaseDetailOut, **error_responses(400, 403, 404, 422)},
        exclude_unset=True,
        summary=summary,
        description=f"{description} {ACTION_RULES}",
    )
    return lambda view: post(door(rules.VIEW)(view))


@_action(
    "assess", "욕구조사·재사정", "영역별 욕구와 위기도(시급성, 중요도)를 기록합니다. 위기도로 우선순위가 정해집니다."
)
def assess(request: HttpRequest, payload: AssessIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.record_assessment(
        request_user(request), principal, case, assessed_on=payload.assessed_on, urgency=payload.urgency,
        importance=payload.importance, summary=payload.summary, needs=[(n.domain, n.note) for n in payload.needs],
        case_type=payload.case_type,
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action("select", "대상자 구분·선정", "사례관리가구, 서비스연계가구, 사업대상제외. 복지수퍼바이저만 결정합니다.")
def select(request: HttpRequest, payload: SelectIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.decide_selection(
        request_user(request), principal, case, selection=payload.selection, decided_on=payload.decided_on,
        note=payload.note.strip(),
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action(
    "set-lead",
    "주 사례관리기관 지정",
    "기관(또는 null: 동주민센터). 기관에 공유하려면 대상자의 제3자 제공 동의가 그 기관을 포함해야 하고, 없으면 "
    "복지수퍼바이저가 법적 예외 근거를 기록해야 합니다.",
)
def set_lead(request: HttpRequest, payload: SetLeadIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.set_lead_agency(
        request_user(request), principal, case, _agency(case, payload.agency_id),
        legal_exception=payload.legal_exception.strip(),
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action("add-agency", "참여 기관 추가", "동의 규칙은 주 사례관리기관 지정과 같습니다.")
def add_agency(request: HttpRequest, payload: AddAgencyIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    agency = _agency(case, payload.agency_id)
    assert agency is not None  # agency_id is required by the schema
    services.add_agency(
        request_user(request), principal, case, agency, role=payload.role.strip(),
        legal_exception=payload.legal_exception.strip(),
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action("plan", "서비스계획 작성", "장기·단기 목표와 제공할 서비스. 복지수퍼바이저의 승인(approve-plan)을 기다립니다.")
def plan(request: HttpRequest, payload: PlanIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.write_plan(
        request_user(request), principal, case, written_on=payload.written_on, summary=payload.summary,
        goals=[services.GoalInput(term=g.term, description=g.description, target_on=g.target_on)
               for g in payload.goals],
        services=[
            services.ServiceInput(domain=s.domain, description=s.description, programme=_programme(s.programme_id),
                                  agency=_agency(case, s.agency_id), amount=s.amount, starts_on=s.starts_on,
                                  ends_on=s.ends_on)
            for s in payload.services
        ],
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action(
    "approve-plan", "서비스계획 승인", "복지수퍼바이저만. 사례는 서비스 제공·점검 단계가 되고 점검 예정일이 잡힙니다."
)
def approve_plan(
    request: HttpRequest, payload: ApprovePlanIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    plan = ServicePlan.objects.filter(pk=payload.plan_id, case=case).first()
    if plan is None:
        raise ValidationError("이 사례의 서비스계획이 아닙니다.")
    services.approve_plan(request_user(request), principal, case, plan)
    return _shown(request, principal, case.pk)


@_action(
    "delivery",
    "서비스 제공 기록",
    "서비스 제공·점검 단계에서. 계획된 서비스를 고르면 영역·내용·기관·금액의 기본값이 됩니다.",
)
def delivery(request: HttpRequest, payload: DeliveryIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    planned = None
    if payload.planned_service_id is not None:
        planned = (
            PlannedService.objects.filter(
                pk=payload.planned_service_id, plan__case=case, plan__approved_on__isnull=False
            )
            .select_related("agency")
            .first()
        )
        if planned is None:
            raise ValidationError("이 사례의 승인된 계획에 있는 서비스가 아닙니다.")
    service = services.ServiceInput(
        domain=payload.domain or (planned.domain if planned else ""),
        description=payload.description.strip() or (planned.description if planned else ""),
        agency=_agency(case, payload.agency_id) or (planned.agency if planned else None),
        amount=payload.amount if payload.amount is not None else (planned.amount if planned else None),
    )
    services.record_delivery(
        request_user(request), principal, case, delivered_on=payload.delivered_on, service=service,
        planned_service=planned,
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action(
    "monitoring",
    "점검 기록",
    "방문·전화 등 점검, 또는 연락 시도 실패(reached=false). 연락되면 다음 점검 예정일이 미뤄집니다.",
)
def monitoring(request: HttpRequest, payload: MonitoringIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.record_monitoring(
        request_user(request), principal, case, contacted_on=payload.contacted_on, method=payload.method,
        reached=payload.reached, with_whom=payload.with_whom, changes=payload.changes,
    )  # fmt: skip
    return _shown(request, principal, case.pk)


@_action(
    "request-closure",
    "종결 요청",
    "사유와 의견. 연락두절은 3개월 이상에 걸친 3회 이상의 연락 실패 기록이 있어야 합니다.",
)
def request_closure(
    request: HttpRequest, payload: RequestClosureIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.request_closure(request_user(request), principal, case, reason=payload.reason, note=payload.note)
    return _shown(request, principal, case.pk)


@_action(
    "approve-closure",
    "종결 승인",
    "복지수퍼바이저만. 사후관리 일정(사례관리가구 6·12개월, 서비스연계가구 6개월)이 잡힙니다.",
)
def approve_closure(
    request: HttpRequest, payload: ApproveClosureIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.approve_closure(request_user(request), principal, case)
    return _shown(request, principal, case.pk)


@_action("reject-closure", "종결 반려", "복지수퍼바이저만. 사례는 종결 요청 전 단계로 돌아갑니다.")
def reject_closure(
    request: HttpRequest, payload: RejectClosureIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    services.reject_closure(request_user(request), principal, case, note=payload.note)
    return _shown(request, principal, case.pk)


@_action("follow-up", "사후관리 기록", "종결 후 예정된 사후관리의 결과. reopen=true면 사례를 욕구조사부터 재개합니다.")
def follow_up(request: HttpRequest, payload: FollowUpIn, case_id: int = Path(..., ge=1, le=MAX_ID)) -> CaseDetailOut:
    principal = _case_staff(request)
    case = rules.get_case(principal, case_id)
    record = FollowUp.objects.filter(pk=payload.follow_up_id, case=case).first()
    if record is None:
        raise ValidationError("이 사례의 사후관리가 아닙니다.")
    services.record_follow_up(
        request_user(request), principal, record, done_on=payload.done_on, outcome=payload.outcome,
        reopen=payload.reopen,
    )  # fmt: skip
    return _shown(request, principal, case.pk)
