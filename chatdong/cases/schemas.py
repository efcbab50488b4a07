"""Schemas of the case endpoints, and how a case becomes them under the case rules.

Case notes and sensitive flags are left unset for anyone outside the case team and the supervisor, and the
routes drop unset fields (`exclude_unset`), so such an answer does not even carry the keys. Every other
field is always set explicitly by the presenters below.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from chatdong.core.api import Day, DongRef, Flag, Id, Out, text_field
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, StaffMember
from chatdong.registry.models import Person

from .models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAgency,
    CaseEvent,
    CaseNote,
    CaseType,
    FollowUp,
    Goal,
    MonitoringContact,
    PlannedService,
    Priority,
    ServiceDelivery,
    ServicePlan,
    Source,
)
from .selectors import CaseDetail, CaseSummary
from .states import ClosureReason, Selection, Stage

Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=0, description="원")]

# ---------------------------------------------------------------------------------------------- output


class CaseStaffRef(Out):
    id: int
    name: str


class CaseAgencyRef(Out):
    id: int
    name: str


class CasePersonRef(Out):
    id: int
    name: str
    age: int


class CaseRow(Out):
    id: int
    person: CasePersonRef = Field(description="대상자")
    household_id: int
    dong: DongRef
    stage: Stage = Field(description="단계")
    stage_label: str
    selection: Selection | None = Field(description="대상자 구분(선정 전이면 null)")
    case_type: CaseType
    case_type_label: str
    priority: Priority = Field(description="우선순위: 1 긴급, 2 높음, 3 보통, 4 낮음")
    priority_label: str
    worker: CaseStaffRef = Field(description="주 사례관리자")
    lead_agency: CaseAgencyRef | None = Field(description="주 사례관리기관(null이면 동주민센터)")
    opened_on: dt.date
    next_monitoring_on: dt.date | None = Field(description="다음 점검 예정일")
    overdue: bool = Field(description="점검 기한이 지났는지(서비스 제공·점검 단계에서 예정일이 오늘 이전)")


class CasePage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[CaseRow]


class EventOut(Out):
    at: dt.datetime
    action: str
    from_stage: str
    to_stage: str
    note: str
    actor: CaseStaffRef | None
    meeting_id: int | None = Field(description="사례회의에서 결정된 경우 그 회의")


class CaseNeedOut(Out):
    domain: NeedDomain
    note: str


class AssessmentOut(Out):
    id: int
    assessed_on: dt.date
    assessed_by: CaseStaffRef
    urgency: int
    importance: int
    summary: str
    is_reassessment: bool
    needs: list[CaseNeedOut]


class GoalOut(Out):
    term: Goal.Term
    description: str
    target_on: dt.date | None
    status: str = Field(description="ongoing 진행 중, achieved 달성, not_achieved 미달성, stopped 중단")


class PlannedServiceOut(Out):
    id: int
    domain: NeedDomain
    description: str
    programme: str | None = Field(description="목록의 사업·서비스 이름")
    agency: CaseAgencyRef | None
    amount: Decimal | None
    starts_on: dt.date | None
    ends_on: dt.date | None


class PlanOut(Out):
    id: int
    written_on: dt.date
    written_by: CaseStaffRef
    summary: str
    approved_on: dt.date | None = Field(description="승인일(null이면 승인 대기)")
    approved_by: CaseStaffRef | None
    goals: list[GoalOut]
    services: list[PlannedServiceOut]


class DeliveryOut(Out):
    id: int
    delivered_on: dt.date
    domain: NeedDomain
    description: str
    agency: CaseAgencyRef | None
    amount: Decimal | None
    planned_service_id: int | None
    recorded_by: CaseStaffRef


class CaseContactOut(Out):
    id: int
    contacted_on: dt.date
    method: MonitoringContact.Method
    reached: bool = Field(description="연락됨(false면 연락 시도 실패)")
    with_whom: str
    changes: str
    recorded_by: CaseStaffRef


class CaseAgencyOut(Out):
    agency: CaseAgencyRef
    role: str
    added_on: dt.date
    legal_exception: str = Field(description="동의 없이 공유한 법적 근거(있으면)")


class FollowUpOut(Out):
    id: int
    sequence: int
    due_on: dt.date
    done_on: dt.date | None
    outcome: str
    reopened: bool


class NoteOut(Out):
    written_at: dt.datetime
    author: CaseStaffRef
    text: str


class SensitiveFlagOut(Out):
    person: str
    kind: str
    label: str
    started_on: dt.date
    reported_to_police_on: dt.date | None


class CaseDetailOut(CaseRow):
    source: Source
    source_note: str
    monitoring_interval_days: int
    selected_on: dt.date | None
    selected_by: CaseStaffRef | None
    closure_reason: ClosureReason | None
    closure_note: str
    closed_on: dt.date | None
    team: list[CaseStaffRef] = Field(description="주 사례관리자 외 사례 담당자")
    agencies: list[CaseAgencyOut]
    events: list[EventOut] = Field(description="진행 기록(시간순)")
    assessments: list[AssessmentOut]
    plans: list[PlanOut]
    deliveries: list[DeliveryOut]
    contacts: list[CaseContactOut] = Field(description="점검(연락 시도 실패 포함)")
    follow_ups: list[FollowUpOut]
    notes: list[NoteOut] | None = Field(None, description="사례 기록: 사례 담당자와 복지수퍼바이저에게만 제공")
    sensitive_flags: list[SensitiveFlagOut] | None = Field(
        None, description="가구의 민감정보(학대·폭력·자살위험): 사례 담당자와 복지수퍼바이저에게만 제공"
    )


class FigureOut(Out):
    key: str
    label: str
    households: int
    persons: int


class DomainFigureOut(Out):
    domain: NeedDomain
    label: str
    persons: int


class TotalOut(Out):
    households: int
    persons: int = Field(description="그 가구의 현재 가구원 수")


class SummaryOut(Out):
    date_from: dt.date
    date_to: dt.date
    total: TotalOut = Field(description="계: 기간 중 진행된 사례의 가구")
    by_status: list[FigureOut] = Field(description="사례관리, 서비스연계, 미선정, 종결, 선정 전(기간 끝 기준)")
    by_household_type: list[FigureOut] = Field(description="기초수급자, 차상위계층, 일반저소득")
    links_total: int = Field(description="한 영역 이상 서비스가 연계된 대상자 수")
    links_by_domain: list[DomainFigureOut] = Field(description="영역별 서비스 연계 대상자 수")


# ----------------------------------------------------------------------------------------------- input


class CaseIn(Schema):
    person_id: Id = Field(description="대상자(가구원) ID: 그 가구의 사례가 됩니다")
    source: Source = Field(description="접수 경로")
    source_note: str = text_field(Case, "source_note", "", description="접수 경위")
    case_type: CaseType = Field(CaseType.GENERAL, description="사례 유형")


class CaseNeedIn(Schema):
    domain: NeedDomain
    note: str = text_field(AssessmentNeed, "note", description="욕구 내용")


class AssessIn(Schema):
    assessed_on: Day
    urgency: int = Field(ge=1, le=3, description="시급성 1(낮음)~3(높음)")
    importance: int = Field(ge=1, le=3, description="중요도 1(낮음)~3(높음)")
    summary: str = text_field(Assessment, "summary", description="조사 결과")
    needs: list[CaseNeedIn] = Field(max_length=20, description="영역별 욕구(하나 이상)")
    case_type: CaseType | None = Field(None, description="사례 유형을 바꿀 때")


class SelectIn(Schema):
    selection: Selection
    decided_on: Day
    note: str = text_field(CaseEvent, "note", "", description="결정 내용")


class SetLeadIn(Schema):
    agency_id: Id | None = Field(None, description="기관 ID. null이면 동주민센터")
    legal_exception: str = text_field(
        CaseAgency,
        "legal_exception",
        "",
        description="동의가 없을 때 법적 예외 근거(복지수퍼바이저만): 긴급지원, 학대 신고 등",
    )


class AddAgencyIn(Schema):
    agency_id: Id
    role: str = text_field(CaseAgency, "role", "")
    legal_exception: str = text_field(
        CaseAgency, "legal_exception", "", description="동의가 없을 때 법적 예외 근거(복지수퍼바이저만)"
    )


class GoalIn(Schema):
    term: Goal.Term = Field(description="long: 장기목표, short: 단기목표")
    description: str = text_field(Goal, "description")
    target_on: Day | None = None


class ServiceIn(Schema):
    domain: NeedDomain
    description: str = text_field(PlannedService, "description")
    programme_id: Id | None = Field(None, description="목록의 사업·서비스 ID")
    agency_id: Id | None = Field(None, description="제공 기관 ID")
    amount: Amount | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None


class PlanIn(Schema):
    written_on: Day
    summary: str = text_field(ServicePlan, "summary", "", description="개입 방향")
    goals: list[GoalIn] = Field(max_length=20, description="장기목표와 단기목표 각각 하나 이상")
    services: list[ServiceIn] = Field(max_length=20, description="제공할 서비스(하나 이상)")


class ApprovePlanIn(Schema):
    plan_id: Id


class DeliveryIn(Schema):
    delivered_on: Day
    planned_service_id: Id | None = Field(None, description="승인된 계획의 서비스 ID(있으면 영역·내용의 기본값)")
    domain: NeedDomain | None = None
    description: str = text_field(ServiceDelivery, "description", "")
    agency_id: Id | None = None
    amount: Amount | None = None


class MonitoringIn(Schema):
    contacted_on: Day
    method: MonitoringContact.Method
    reached: Flag = Field(True, description="false: 연락 시도 실패(연락두절 판단에 쓰입니다)")
    with_whom: str = text_field(MonitoringContact, "with_whom", "")
    changes: str = text_field(MonitoringContact, "changes", "", description="변화·점검 내용")


class RequestClosureIn(Schema):
    reason: ClosureReason = Field(
        description="긍정적 종결(long_term_goal, short_term_goal, improved), 여건종결(moved_away, died, refused, "
        "gave_up, unreachable: 3개월 이상 3회 이상 연락 실패 기록 필요), 자체종결(agency_limit)"
    )
    note: str = text_field(Case, "closure_note", description="종결 의견")


class ApproveClosureIn(Schema):
    """No fields: the supervisor approves the closure as requested."""


class RejectClosureIn(Schema):
    note: str = text_field(CaseEvent, "note", description="반려 사유")


class FollowUpIn(Schema):
    follow_up_id: Id
    done_on: Day
    outcome: str = text_field(FollowUp, "outcome")
    reopen: Flag = Field(False, description="위기 재발로 사례를 재개(욕구조사부터)")


# ------------------------------------------------------------------------------------------ presenters


def staff_ref(staff: StaffMember | None) -> CaseStaffRef | None:
    return CaseStaffRef(id=staff.pk, name=staff.name) if staff else None


def agency_ref(agency: Agency | None) -> CaseAgencyRef | None:
    return CaseAgencyRef(id=agency.pk, name=agency.name) if agency else None


def person_ref(person: Person) -> CasePersonRef:
    return CasePersonRef(id=person.pk, name=person.name, age=person.age)


def case_row_fields(case: Case, today: dt.date) -> dict[str, object]:
    return {
        "id": case.pk,
        "person": person_ref(case.person),
        "household_id": case.household_id,
        "dong": DongRef(code=case.dong.code, name=case.dong.name),
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "selection": case.selection or None,
        "case_type": case.case_type,
        "case_type_label": case.get_case_type_display(),
        "priority": case.priority,
        "priority_label": case.get_priority_display(),
        "worker": staff_ref(case.worker),
        "lead_agency": agency_ref(case.lead_agency),
        "opened_on": case.opened_on,
        "next_monitoring_on": case.next_monitoring_on,
        "overdue": bool(case.stage == Stage.IN_SERVICE and case.next_monitoring_on and case.next_monitoring_on < today),
    }


def case_row(case: Case) -> CaseRow:
    return CaseRow(**case_row_fields(case, dt.date.today()))  # type: ignore[arg-type]


def _event(e: CaseEvent) -> EventOut:
    return EventOut(at=e.at, action=e.action, from_stage=e.from_stage, to_stage=e.to_stage, note=e.note,
                    actor=staff_ref(e.actor), meeting_id=e.meeting_id)  # fmt: skip


def _assessment(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.pk, assessed_on=a.assessed_on, assessed_by=CaseStaffRef(id=a.assessed_by.pk, name=a.assessed_by.name),
        urgency=a.urgency, importance=a.importance, summary=a.summary, is_reassessment=a.is_reassessment,
        needs=[CaseNeedOut(domain=NeedDomain(n.domain), note=n.note) for n in a.needs.all()],
    )  # fmt: skip


def _service(s: PlannedService) -> PlannedServiceOut:
    return PlannedServiceOut(
        id=s.pk, domain=NeedDomain(s.domain), description=s.description,
        programme=s.programme.name if s.programme else None, agency=agency_ref(s.agency), amount=s.amount,
        starts_on=s.starts_on, ends_on=s.ends_on,
    )  # fmt: skip


def _plan(p: ServicePlan) -> PlanOut:
    return PlanOut(
        id=p.pk, written_on=p.written_on, written_by=CaseStaffRef(id=p.written_by.pk, name=p.written_by.name),
        summary=p.summary, approved_on=p.approved_on, approved_by=staff_ref(p.approved_by),
        goals=[GoalOut(term=Goal.Term(g.term), description=g.description, target_on=g.target_on,
                       status=g.status) for g in p.goals.all()],
        services=[_service(s) for s in p.services.all()],
    )  # fmt: skip


def _delivery(x: ServiceDelivery) -> DeliveryOut:
    return DeliveryOut(
        id=x.pk, delivered_on=x.delivered_on, domain=NeedDomain(x.domain), description=x.description,
        agency=agency_ref(x.agency), amount=x.amount, planned_service_id=x.planned_service_id,
        recorded_by=CaseStaffRef(id=x.recorded_by.pk, name=x.recorded_by.name),
    )  # fmt: skip


def _contact(c: MonitoringContact) -> CaseContactOut:
    return CaseContactOut(
        id=c.pk, contacted_on=c.contacted_on, method=MonitoringContact.Method(c.method), reached=c.reached,
        with_whom=c.with_whom, changes=c.changes,
        recorded_by=CaseStaffRef(id=c.recorded_by.pk, name=c.recorded_by.name),
    )  # fmt: skip


def _link(link: CaseAgency) -> CaseAgencyOut:
    return CaseAgencyOut(agency=CaseAgencyRef(id=link.agency.pk, name=link.agency.name), role=link.role,
                         added_on=link.added_on, legal_exception=link.legal_exception)  # fmt: skip


def _follow_up(f: FollowUp) -> FollowUpOut:
    return FollowUpOut(id=f.pk, sequence=f.sequence, due_on=f.due_on, done_on=f.done_on, outcome=f.outcome,
                       reopened=f.reopened)  # fmt: skip


def _note(n: CaseNote) -> NoteOut:
    return NoteOut(written_at=n.written_at, author=CaseStaffRef(id=n.author.pk, name=n.author.name), text=n.text)


def case_detail(d: CaseDetail) -> CaseDetailOut:
    case = d.case
    extra: dict[str, object] = {}
    if d.notes_allowed:
        extra["notes"] = [_note(n) for n in d.notes]
        extra["sensitive_flags"] = [
            SensitiveFlagOut(person=f.person.name, kind=f.kind, label=f.get_kind_display(), started_on=f.started_on,
                             reported_to_police_on=f.reported_to_police_on)
            for f in d.sensitive_flags
        ]  # fmt: skip
    return CaseDetailOut(
        **case_row_fields(case, dt.date.today()),  # type: ignore[arg-type]
        source=Source(case.source),
        source_note=case.source_note,
        monitoring_interval_days=case.monitoring_interval_days,
        selected_on=case.selected_on,
        selected_by=staff_ref(case.selected_by),
        closure_reason=ClosureReason(case.closure_reason) if case.closure_reason else None,
        closure_note=case.closure_note,
        closed_on=case.closed_on,
        team=[CaseStaffRef(id=m.staff.pk, name=m.staff.name) for m in d.team],
        agencies=[_link(link) for link in d.agencies],
        events=[_event(e) for e in d.events],
        assessments=[_assessment(a) for a in d.assessments],
        plans=[_plan(p) for p in d.plans],
        deliveries=[_delivery(x) for x in d.deliveries],
        contacts=[_contact(c) for c in d.contacts],
        follow_ups=[_follow_up(f) for f in d.follow_ups],
        **extra,  # type: ignore[arg-type]
    )


def summary_out(s: CaseSummary) -> SummaryOut:
    return SummaryOut(
        date_from=s.date_from,
        date_to=s.date_to,
        total=TotalOut(households=s.total.households, persons=s.total.persons),
        by_status=[
            FigureOut(key=c.key, label=c.label, households=c.households, persons=c.persons) for c in s.by_status
        ],
        by_household_type=[
            FigureOut(key=c.key, label=c.label, households=c.households, persons=c.persons) for c in s.by_household_type
        ],
        links_total=s.links_total,
        links_by_domain=[
            DomainFigureOut(domain=NeedDomain(d), label=label, persons=n) for d, label, n in s.links_by_domain
        ],
    )
