"""API endpoints of neighbourhood officers: findings (list, hand over, read, complete) and the weekly-report
gaps of a dong.

Thin: the same rules (each operation's door) and the same services as the pages; every read of a finding is logged.
"""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import MAX_ID, Day, Flag, Out, QueryFlag, error_responses, request_user, text_field
from chatdong.core.pagination import page_of
from chatdong.org.models import StaffMember
from chatdong.registry import rules as registry_rules

from . import findings, rules, weekly
from .models import Finding
from .states import FindingKind, FindingStatus

router = Router(tags=["우리동네주무관·통반장"])


ACCESS = (
    "동 직원은 그 동의 발굴·전달을, 희망복지지원단은 구의 것을, 전달받은 직원은 자기에게 온 것을, 통·반장은 자기가 "
    "알린 것만 봅니다. 통계 계정은 볼 수 없습니다(403)."
)


KIND_QUERY = Query(None, description="구분")


STATUS_QUERY = Query(None, description="처리 상태")


class FindingOut(Out):
    id: int
    kind: FindingKind
    kind_label: str
    status: FindingStatus
    status_label: str
    subject: str
    description: str
    routed_to: str = Field(description="전달받은 직원 이름")
    raised_by_leader: str | None = Field(description="알린 통·반장(있을 때)")
    person_id: int | None
    target_id: int | None = Field(description="빈곤위기가정 대상자 명단의 행(돌봄이웃을 주민등록에서 고른 경우)")
    case_id: int | None
    result: str
    handled_on: dt.date | None
    complainant_told_on: dt.date | None
    created_at: dt.datetime


class FindingPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[FindingOut]


class LeaderFindingOut(Out):
    """A finding as the tong leader who raised it gets it: what they told and whether it was handled, not the
    result, the case or the 빈곤위기가정 listing (`rules.sees_outcome`)."""

    id: int
    kind: FindingKind
    kind_label: str
    status: FindingStatus
    status_label: str
    subject: str
    description: str
    routed_to: str = Field(description="전달받은 직원 이름")
    raised_by_leader: str | None = Field(description="알린 통·반장")
    handled_on: dt.date | None
    created_at: dt.datetime


class LeaderFindingPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[LeaderFindingOut]


class FindingIn(Schema):
    finding_kind: FindingKind = Field(description="돌봄이웃·나눔이웃·생활민원")
    description: str = text_field(Finding, "description", min_length=1)
    subject: str = text_field(Finding, "subject", "", description="주민등록에 없는 주민이면 이름과 위치")
    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    responsible_id: int | None = Field(None, ge=1, le=MAX_ID, description="생활민원일 때 처리할 직원")
    intake: Flag = Field(False, description="돌봄이웃을 바로 사례관리로 접수")


class FindingCompleteIn(Schema):
    result: str = text_field(Finding, "result", min_length=1)
    told_on: Day | None = Field(None, description="민원인·나눔이웃에게 알린 날짜(생활민원·나눔이웃은 필수)")
    told_how: str = text_field(Finding, "complainant_told_how", "")


class MissingReportOut(Out):
    officer_id: int
    officer: str
    reported_weeks: int
    missing_weeks: int


def _out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk, kind=FindingKind(f.kind), kind_label=f.get_kind_display(), status=FindingStatus(f.status),
        status_label=f.get_status_display(), subject=f.subject, description=f.description,
        routed_to=f.routed_to.name, raised_by_leader=f.raised_by_leader.name if f.raised_by_leader else None,
        person_id=f.person_id, target_id=f.target_id, case_id=f.case_id, result=f.result, handled_on=f.handled_on,
        complainant_told_on=f.complainant_told_on, created_at=f.created_at,
    )  # fmt: skip


def _leader_out(f: Finding) -> LeaderFindingOut:
    return LeaderFindingOut(
        id=f.pk, kind=FindingKind(f.kind), kind_label=f.get_kind_display(), status=FindingStatus(f.status),
        status_label=f.get_status_display(), subject=f.subject, description=f.description,
        routed_to=f.routed_to.name, raised_by_leader=f.raised_by_leader.name if f.raised_by_leader else None,
        handled_on=f.handled_on, created_at=f.created_at,
    )  # fmt: skip


def _shape(principal: Principal, f: Finding) -> FindingOut | LeaderFindingOut:
    return _out(f) if rules.sees_outcome(principal) else _leader_out(f)


def _read(request: HttpRequest, principal: Principal, finding_id: int) -> FindingOut | LeaderFindingOut:
    finding = rules.get_finding(principal, finding_id)
    log.record(
        request, log.Action.VIEW, object_type="finding", object_id=finding.pk, household_id=finding.household_id,
        detail=f"발굴·전달: {finding.subject}",
    )  # fmt: skip
    return _shape(principal, finding)


@router.get(
    "/outreach/findings", response={200: FindingPage | LeaderFindingPage, **error_responses(403, 422)},
    summary="발굴·전달 목록",
    description=f"최근 것부터, 한 쪽에 {settings.PAGE_SIZE}건. " + ACCESS,
)  # fmt: skip
@door(rules.FINDINGS)
def list_findings(
    request: HttpRequest,
    kind: FindingKind | None = KIND_QUERY,
    status: FindingStatus | None = STATUS_QUERY,
    received: QueryFlag = Query(False, description="나에게 전달된 것만"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> FindingPage | LeaderFindingPage:
    principal = principal_for(request.user)
    qs = rules.findings_visible_to(principal).select_related("routed_to", "raised_by_leader")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if received:
        qs = qs.filter(routed_to_id=principal.staff.pk if principal.staff else 0)
    one = page_of(qs.order_by("-created_at", "-id"), page)
    log.record(request, log.Action.SEARCH, object_type="finding", detail=f"발굴·전달 목록 {page}쪽")
    if not rules.sees_outcome(principal):
        return LeaderFindingPage(**one.figures(), results=[_leader_out(f) for f in one.rows])
    return FindingPage(**one.figures(), results=[_out(f) for f in one.rows])


@router.get(
    "/outreach/findings/{finding_id}",
    response={200: FindingOut | LeaderFindingOut, **error_responses(403, 404, 422)},
    summary="발굴·전달 보기", description=ACCESS,
)  # fmt: skip
@door(rules.FINDINGS)
def get_finding(request: HttpRequest, finding_id: int = Path(..., ge=1, le=MAX_ID)) -> FindingOut | LeaderFindingOut:
    return _read(request, principal_for(request.user), finding_id)


@router.post(
    "/outreach/findings", response={201: FindingOut | LeaderFindingOut, **error_responses(400, 403, 404, 422)},
    summary="발굴·전달",
    description="돌봄이웃은 구역의 빈곤위기가정 복지플래너(주민등록에서 고르면 이달 대상자 명단에도 오름)에게, "
    "나눔이웃은 자원관리담당자에게, 생활민원은 고른 직원에게 전달되고 받은 사람에게 알림이 갑니다.",
)  # fmt: skip
@door(rules.FINDINGS)
def hand_over(request: HttpRequest, payload: FindingIn) -> Status[FindingOut | LeaderFindingOut]:
    principal = principal_for(request.user)
    person = registry_rules.get_person(principal, payload.person_id) if payload.person_id else None
    responsible = None
    if payload.responsible_id:
        responsible = StaffMember.objects.filter(pk=payload.responsible_id).first()
        if responsible is None:
            raise OutOfScope("staff", payload.responsible_id)
    finding = findings.hand_over(
        request_user(request), principal, kind=payload.finding_kind, description=payload.description,
        subject=payload.subject, person=person, responsible=responsible, intake=payload.intake,
    )  # fmt: skip
    return Status(201, _read(request, principal, finding.pk))


@router.post(
    "/outreach/findings/{finding_id}/complete",
    response={200: FindingOut | LeaderFindingOut, **error_responses(400, 403, 404, 422)},
    summary="발굴·전달 처리 완료", description="전달받은 직원만. 전달한 사람에게 결과가 알림으로 갑니다.",
)  # fmt: skip
@door(rules.FINDINGS)
def complete(
    request: HttpRequest, payload: FindingCompleteIn, finding_id: int = Path(..., ge=1, le=MAX_ID)
) -> FindingOut | LeaderFindingOut:
    principal = principal_for(request.user)
    finding = rules.get_finding(principal, finding_id)
    findings.complete(
        request_user(request), principal, finding, result=payload.result, told_on=payload.told_on,
        told_how=payload.told_how,
    )  # fmt: skip
    return _read(request, principal, finding_id)


@router.get(
    "/outreach/weekly-reports/missing", response={200: list[MissingReportOut], **error_responses(403)},
    summary="주간 활동보고 미제출",
    description=f"최근 {weekly.LOOKBACK_WEEKS}주 중 보고가 빠진 우리동네주무관(총괄·동장만).",
)  # fmt: skip
@door(rules.MISSING_REPORTS)
def missing_reports(request: HttpRequest) -> list[MissingReportOut]:
    principal = principal_for(request.user)
    rules.MISSING_REPORTS.require(principal, principal.dong_id)
    rows = weekly.officers_missing_reports(principal.dong_id or 0, timezone.localdate())
    return [
        MissingReportOut(
            officer_id=o.pk, officer=o.name, reported_weeks=o.reported,  # type: ignore[attr-defined]
            missing_weeks=weekly.LOOKBACK_WEEKS - o.reported,  # type: ignore[attr-defined]
        )
        for o in rows
    ]  # fmt: skip
