"""API endpoints of the consultation desk: consultations (list, record, read, open a case) and referrals
(list, make, read, each status change as an action).

Thin: the same `selectors` and `services` as the pages, the same access rules, every read logged. Errors are
the API's Korean JSON (chatdong/api/errors.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import FIELD_LABELS, Day, QueryFlag, error_responses, request_user
from chatdong.core.pagination import page_of
from chatdong.org.models import Agency, StaffMember, Team
from chatdong.registry import rules as registry_rules
from chatdong.resources.models import ServiceProgramme

from . import rules, selectors, services, states
from .models import Consultation, Referral
from .schemas import (
    MAX_ID,
    CaseOpenedOut,
    CompleteIn,
    ConsultationDetailOut,
    ConsultationIn,
    ConsultationPage,
    ReferralDetailOut,
    ReferralIn,
    ReferralPage,
    ReturnIn,
    TellIn,
    consultation_detail,
    consultation_row,
    referral_detail,
    referral_row,
    staff_ref,
)

router = Router(tags=["종합상담·의뢰"])

FIELD_LABELS.update(
    {
        "consultation_id": "상담 ID",
        "referral_id": "의뢰 ID",
        "person_id": "대상자 ID",
        "channel": "상담 경로",
        "visitor": "방문자",
        "visitor_name": "방문자 이름",
        "occurred_on": "상담일",
        "summary": "상담 내용",
        "needs": "욕구",
        "domain": "영역",
        "note": "내용",
        "programmes": "안내한 사업·서비스",
        "screening": "자살위험 선별 응답",
        "screening_score": "자살위험 선별 점수",
        "target": "의뢰 구분",
        "reason": "내용·사유",
        "to_staff_id": "받을 담당자",
        "to_team_id": "받을 팀",
        "to_agency_id": "받을 기관",
        "urgent": "긴급",
        "due_on": "회신 기한",
        "legal_exception": "동의 예외 근거",
        "result": "처리 결과",
        "told_on": "안내일",
        "method": "안내 방법",
        "date_from": "상담일(부터)",
        "date_to": "상담일(까지)",
        "officer": "상담자",
        "risk": "자살위험 선별",
        "status": "상태",
        "box": "보기",
        "overdue": "기한 지남",
    }
)

ACCESS_RULES = (
    "동 직원은 자기 동의 기록, 희망복지지원단은 구의 기록을 봅니다. 통계 담당 계정과 통·반장은 403을 받습니다. "
    "범위 밖의 기록과 없는 기록은 똑같이 404로 답합니다."
)
# Query parameters whose type is not a plain str/int, declared once (ruff B008).
CHANNEL_QUERY = Query(None, description="상담 경로: walk_in 내방, phone 전화, home_visit 방문")
RISK_QUERY = Query(None, description="자살위험 선별: screened, not_screened, low, medium, high")
STATUS_QUERY = Query(
    None,
    description="상태: waiting 회신 대기, requested, received, in_progress, completed, returned, untold 결과 미안내",
)
BOX_QUERY = Query(None, description="made 내가 보낸 의뢰, received 나·우리 팀이 받은 의뢰")
SENSITIVE_RULE = (
    "자살위험 선별 결과(수준과 관계없이)는 민감정보로, 상담자·가구 담당 직원·동 복지수퍼바이저만 봅니다(그 밖에는 "
    "null). 자살예방센터 의뢰와 ‘높음’ 선별에서 나온 의뢰도 같은 사람들만 봅니다."
)


def _principal(request: HttpRequest) -> Principal:
    return principal_for(request.user)  # past the door: dong staff and 희망복지지원단 only


# --- Consultations ---------------------------------------------------------------------------------


@router.get(
    "/consultations",
    response={200: ConsultationPage, **error_responses(403, 422)},
    summary="종합상담 목록",
    description=f"최근 상담부터, 한 쪽에 {settings.PAGE_SIZE}건. " + ACCESS_RULES + " " + SENSITIVE_RULE
    + " 위험 수준으로 거르면 그 수준을 볼 수 있는 상담만 나옵니다.",
)  # fmt: skip
@door(rules.VIEW)
def list_consultations(
    request: HttpRequest,
    date_from: Day | None = Query(None, description="상담일(부터), YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="상담일(까지), YYYY-MM-DD"),
    officer: int | None = Query(None, ge=1, le=MAX_ID, description="상담자(직원) ID"),
    channel: Consultation.Channel | None = CHANNEL_QUERY,
    risk: selectors.RiskFilter | None = RISK_QUERY,
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> ConsultationPage:
    principal = _principal(request)
    f = selectors.ConsultationFilter(
        date_from=date_from, date_to=date_to, officer_id=officer,
        channel=channel or "", risk=risk or "",
    )  # fmt: skip
    one = page_of(selectors.consultation_list(principal, f), page)
    log.record(request, log.Action.SEARCH, object_type="consultation", detail=f"상담 목록 {f} · {page}쪽")
    return ConsultationPage(
        **one.figures(), results=[consultation_row(c) for c in one.rows],
    )  # fmt: skip


def _consultation_out(request: HttpRequest, principal: Principal, c: Consultation) -> ConsultationDetailOut:
    visible = rules.can_see_screening(principal, c)
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if c.screening_score is not None and visible else log.Action.VIEW,
        object_type="consultation",
        object_id=c.pk,
        household_id=c.household_id,
        detail=c.person.name,
    )
    return consultation_detail(c, selectors.referrals_of_consultation(principal, c), screening_visible=visible)


@router.get(
    "/consultations/{consultation_id}",
    response={200: ConsultationDetailOut, **error_responses(403, 404, 422)},
    summary="종합상담 상세",
    description="욕구, 안내한 사업·서비스, 자살위험 선별, 의뢰. " + ACCESS_RULES + " " + SENSITIVE_RULE,
)
@door(rules.VIEW)
def get_consultation(request: HttpRequest, consultation_id: int = Path(..., ge=1, le=MAX_ID)) -> ConsultationDetailOut:
    principal = _principal(request)
    return _consultation_out(request, principal, rules.get_consultation(principal, consultation_id))


@router.post(
    "/consultations",
    response={201: ConsultationDetailOut, **error_responses(400, 403, 404, 422)},
    summary="종합상담 기록",
    description=(
        "자기 동(희망복지지원단은 구) 주민의 상담만 기록합니다. 선별 결과가 ‘높음’이면 자살위험 표시, "
        "자살예방센터(없으면 정신건강증진센터) 긴급 의뢰(동의가 없으면 법적 예외로 기록하고 복지수퍼바이저 "
        "확인 대기), 복지수퍼바이저 긴급 알림이 함께 만들어집니다. 입력이 올바르지 않으면 422와 한국어 설명을 "
        "돌려주고 아무것도 저장하지 않습니다."
    ),
)
@door(rules.VIEW)
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[ConsultationDetailOut]:
    principal = _principal(request)
    person = registry_rules.get_person(principal, payload.person_id)
    codes = set(payload.programmes)
    ids = dict(ServiceProgramme.objects.filter(code__in=codes).values_list("code", "pk"))
    if len(ids) != len(codes):
        raise ValidationError("안내한 사업·서비스 코드 중 찾을 수 없는 것이 있습니다.")
    created = services.record_consultation(
        request_user(request), principal, person, channel=payload.channel, summary=payload.summary,
        visitor=payload.visitor, visitor_name=payload.visitor_name, occurred_on=payload.occurred_on,
        needs=[(n.domain, n.note) for n in payload.needs], programme_ids=list(ids.values()),
        screening_answers=payload.screening, screening_score=payload.screening_score,
    )  # fmt: skip
    return Status(201, _consultation_out(request, principal, rules.get_consultation(principal, created.pk)))


@router.post(
    "/consultations/{consultation_id}/open-case",
    response={201: CaseOpenedOut, **error_responses(403, 404, 422)},
    summary="상담에서 사례 접수",
    description=(
        "상담 대상자의 사례를 접수 경로 ‘복지상담’으로 엽니다. 한 상담에서 한 번만, 한 가구에 진행 중인 사례는 하나만."
    ),
)
@door(rules.VIEW)
def open_case(request: HttpRequest, consultation_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[CaseOpenedOut]:
    principal = _principal(request)
    consultation = rules.get_consultation(principal, consultation_id)
    case = services.open_case_from_consultation(request_user(request), principal, consultation)
    return Status(201, CaseOpenedOut(case_id=case.pk, stage=case.stage, worker=staff_ref(case.worker)))  # type: ignore[arg-type]


# --- Referrals -------------------------------------------------------------------------------------


@router.get(
    "/referrals",
    response={200: ReferralPage, **error_responses(403, 422)},
    summary="의뢰 현황",
    description=(
        f"기한이 지난 의뢰부터, 한 쪽에 {settings.PAGE_SIZE}건. box=made 내가 보낸 의뢰, "
        "box=received 나·우리 팀이 받은 의뢰; status=waiting 회신 대기, untold 결과 미안내. " + ACCESS_RULES
    ),
)
@door(rules.VIEW)
def list_referrals(
    request: HttpRequest,
    status: selectors.StatusFilter | None = STATUS_QUERY,
    box: selectors.BoxFilter | None = BOX_QUERY,
    overdue: QueryFlag = Query(False, description="기한 지난 것만"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> ReferralPage:
    principal = _principal(request)
    f = selectors.ReferralFilter(status=status or "", box=box or "", overdue=overdue)
    one = page_of(selectors.referral_list(principal, f), page)
    log.record(request, log.Action.SEARCH, object_type="referral", detail=f"의뢰 현황 {f} · {page}쪽")
    return ReferralPage(
        **one.figures(), results=[referral_row(r) for r in one.rows],
    )  # fmt: skip


def _allowed(principal: Principal, r: Referral) -> list[str]:
    allowed = [str(a) for a in states.allowed_actions(r.status)] if rules.can_act(principal, r) else []
    if rules.can_tell_resident(principal, r) and r.status in states.CLOSED_STATUSES and not r.resident_told_on:
        allowed.append("tell-resident")
    if rules.is_dong_supervisor(principal, r.dong_id) and r.legal_exception and not r.exception_recorded_by_id:
        allowed.append("confirm-exception")
    return allowed


def _referral_out(request: HttpRequest, principal: Principal, referral_id: int) -> ReferralDetailOut:
    r = selectors.get_referral(principal, referral_id)
    log.record(
        request, log.Action.VIEW, object_type="referral", object_id=r.pk, household_id=r.household_id,
        detail=r.person.name,
    )  # fmt: skip
    return referral_detail(r, list(r.events.select_related("actor")), _allowed(principal, r))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralDetailOut, **error_responses(403, 404, 422)},
    summary="의뢰 상세",
    description="의뢰 내용, 처리 결과, 이력, 이 사용자가 지금 할 수 있는 처리(allowed_actions). " + ACCESS_RULES,
)
@door(rules.VIEW)
def get_referral(request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)) -> ReferralDetailOut:
    return _referral_out(request, _principal(request), referral_id)


def _lookup(model, pk: int | None, label: str):  # type: ignore[no-untyped-def]
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError(f"{label}을(를) 찾을 수 없습니다.")
    return found


@router.post(
    "/referrals",
    response={201: ReferralDetailOut, **error_responses(400, 403, 404, 422)},
    summary="의뢰",
    description=(
        "내부 의뢰는 같은 동의 팀·담당자에게, 외부 의뢰는 구 기관 목록의 기관에 보냅니다. 외부 의뢰에는 그 기관이 "
        "포함된 유효한 개인정보 제3자 제공 동의가 있어야 하고, 없으면 422입니다. 이 동의 복지수퍼바이저만 법적 예외 "
        "근거(legal_exception)를 기록할 수 있고, 다른 사람이 기록하려 하면 403입니다. "
        "회신 기한을 생략하면 7일(긴급은 1일) 뒤."
    ),
)
@door(rules.VIEW)
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[ReferralDetailOut]:
    principal = _principal(request)
    person = registry_rules.get_person(principal, payload.person_id)
    consultation = None
    if payload.consultation_id is not None:
        try:
            consultation = rules.get_consultation(principal, payload.consultation_id)
        except OutOfScope:
            raise ValidationError("상담을 찾을 수 없습니다.") from None
    created = services.refer(
        request_user(request), principal, person, target=payload.target, domain=payload.domain,
        reason=payload.reason, to_staff=_lookup(StaffMember, payload.to_staff_id, "받을 담당자"),
        to_team=_lookup(Team, payload.to_team_id, "받을 팀"),
        to_agency=_lookup(Agency, payload.to_agency_id, "받을 기관"), consultation=consultation,
        case=consultation.case if consultation else None, urgent=payload.urgent, due_on=payload.due_on,
        legal_exception=payload.legal_exception,
    )  # fmt: skip
    return Status(201, _referral_out(request, principal, created.pk))


ACTION_RULES = (
    "내부 의뢰는 받은 담당자(또는 받은 팀의 팀원)가, 외부 의뢰는 의뢰한 직원이 기관의 회신을 기록합니다. 허용되지 않는 "
    "사람은 403, 지금 상태에서 할 수 없는 처리는 422(한국어 설명)이며 아무것도 바뀌지 않습니다. 허용되는 상태: "
    "접수 ← 의뢰; 처리중 ← 접수; 완료 ← 접수·처리중; 반려 ← 의뢰·접수·처리중."
)
ACTION_RESPONSES = {200: ReferralDetailOut, **error_responses(403, 404, 422)}
BODY_ACTION_RESPONSES = {200: ReferralDetailOut, **error_responses(400, 403, 404, 422)}


@router.post(
    "/referrals/{referral_id}/receive", response=ACTION_RESPONSES, summary="의뢰 접수", description=ACTION_RULES
)
@door(rules.VIEW)
def receive(request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)) -> ReferralDetailOut:
    principal = _principal(request)
    services.receive(request_user(request), principal, selectors.get_referral(principal, referral_id))
    return _referral_out(request, principal, referral_id)


@router.post(
    "/referrals/{referral_id}/start", response=ACTION_RESPONSES, summary="의뢰 처리 시작", description=ACTION_RULES
)
@door(rules.VIEW)
def start(request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)) -> ReferralDetailOut:
    principal = _principal(request)
    services.start(request_user(request), principal, selectors.get_referral(principal, referral_id))
    return _referral_out(request, principal, referral_id)


@router.post(
    "/referrals/{referral_id}/complete", response=BODY_ACTION_RESPONSES, summary="의뢰 완료", description=ACTION_RULES
)
@door(rules.VIEW)
def complete(
    request: HttpRequest, payload: CompleteIn, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReferralDetailOut:
    principal = _principal(request)
    referral = selectors.get_referral(principal, referral_id)
    services.complete(request_user(request), principal, referral, payload.result)
    return _referral_out(request, principal, referral_id)


@router.post(
    "/referrals/{referral_id}/return", response=BODY_ACTION_RESPONSES, summary="의뢰 반려", description=ACTION_RULES
)
@door(rules.VIEW)
def return_(
    request: HttpRequest, payload: ReturnIn, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReferralDetailOut:
    principal = _principal(request)
    referral = selectors.get_referral(principal, referral_id)
    services.return_(request_user(request), principal, referral, payload.reason)
    return _referral_out(request, principal, referral_id)


@router.post(
    "/referrals/{referral_id}/tell-resident",
    response=BODY_ACTION_RESPONSES,
    summary="주민에게 결과 안내",
    description="완료 또는 반려된 의뢰만, 한 번. 의뢰한 직원(내부 의뢰는 받은 담당자도)이 기록합니다.",
)
@door(rules.VIEW)
def tell_resident(
    request: HttpRequest, payload: TellIn, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReferralDetailOut:
    principal = _principal(request)
    referral = selectors.get_referral(principal, referral_id)
    services.tell_resident(request_user(request), principal, referral, told_on=payload.told_on, method=payload.method)
    return _referral_out(request, principal, referral_id)


@router.post(
    "/referrals/{referral_id}/confirm-exception",
    response=ACTION_RESPONSES,
    summary="동의 예외 확인",
    description="자살위험 긴급 의뢰처럼 동의 없이 보낸 의뢰의 법적 근거를 이 동의 복지수퍼바이저가 확인합니다.",
)
@door(rules.VIEW)
def confirm_exception(request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)) -> ReferralDetailOut:
    principal = _principal(request)
    services.confirm_exception(request_user(request), principal, selectors.get_referral(principal, referral_id))
    return _referral_out(request, principal, referral_id)
