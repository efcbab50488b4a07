"""State changes of a case. Each checks the rules (`rules.py`) and the state machine, writes, records the timeline
and the audit trail in one transaction, and refuses with a Korean message otherwise."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from chatdong.access import audit
from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.core.dates import add_months
from chatdong.core.needs import NeedDomain
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import Agency, StaffMember
from chatdong.org.roles import DISTRICT_CASE_ROLES
from chatdong.registry import rules as registry_rules
from chatdong.registry import services as registry_services
from chatdong.registry.consents import has_valid_consent
from chatdong.registry.models import Consent, Household, Person
from chatdong.resources.models import ServiceProgramme

from . import rules
from .models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAgency,
    CaseEvent,
    CaseNote,
    CaseTeamMember,
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
from .states import ENDED_STAGES, SELECTION_STAGE, Action, ClosureReason, Selection, Stage, can, refusal

UNREACHABLE_MONTHS = 3
UNREACHABLE_MIN_ATTEMPTS = 3
_ENDED = frozenset(ENDED_STAGES)
FOLLOW_UP_MONTHS = {Selection.MANAGED: (6, 12), Selection.SERVICE_LINK: (6,)}


def _staff(principal: Principal) -> StaffMember:
    if principal.staff is None:
        raise Forbidden("직원 계정만 사례를 처리할 수 있습니다.")
    return principal.staff


def _locked(case: Case) -> Case:
    """The case row locked for this transaction, so two transitions cannot interleave. Only the case's row, and not
    against the foreign-key checks of rows that refer to it: locking the joined household, person and dong too made a
    reopening and a concurrent case opening for the household wait for each other (a deadlock, a 500)."""
    locked = Case.objects.select_for_update(of=("self",), no_key=True)
    return locked.select_related("dong", "worker", "person", "household").get(pk=case.pk)


def _check(action: str, case: Case) -> None:
    if not can(action, case.stage):
        raise ValidationError(refusal(action, case.stage))


def _event(case: Case, actor: StaffMember | None, action: str, from_stage: str, note: str = "", meeting_id=None):  # type: ignore[no-untyped-def]
    CaseEvent.objects.create(
        case=case, actor=actor, action=action, from_stage=from_stage, to_stage=case.stage, note=note[:300],
        meeting_id=meeting_id,
    )  # fmt: skip


def _audit_fields(user: Actor, case: Case, before: dict, fields: list[str]) -> None:
    changes = audit.diff(before, audit.snapshot(case, fields))
    if changes:
        audit.record(user, "update", case, changes, case.household_id)


def priority_of(urgency: int, importance: int) -> int:
    """시급성 and 중요도 (1 low … 3 high) → 긴급/높음/보통/낮음."""
    score = urgency + importance
    if urgency == 3 and importance >= 2:
        return Priority.URGENT
    if score >= 5:
        return Priority.HIGH
    if score >= 3:
        return Priority.NORMAL
    return Priority.LOW


# --- Intake ----------------------------------------------------------------------------------------


def _already_open(household: Household) -> str:
    existing = Case.objects.filter(household=household).exclude(stage__in=_ENDED).values_list("pk", flat=True).first()
    number = f"(#{existing})" if existing else ""
    return f"이 가구에는 이미 진행 중인 사례{number}가 있습니다."


@transaction.atomic
def open_case(
    user: Actor,
    principal: Principal,
    *,
    person: Person,
    source: str,
    source_note: str = "",
    worker: StaffMember | None = None,
    case_type: str = CaseType.GENERAL,
) -> Case:
    """접수: a case for the person's household. One open case per household."""
    household = person.household
    registry_rules.require_edit_household(principal, household)
    actor = _staff(principal)
    worker = worker or actor
    if source not in Source.values:
        raise ValidationError("접수 경로가 올바르지 않습니다.")
    if case_type not in CaseType.values:
        raise ValidationError("사례 유형이 올바르지 않습니다.")
    if worker.dong_id not in (household.dong_id, None):
        raise ValidationError(f"{worker.name}은(는) 이 가구의 동 소속이 아니어서 주 사례관리자가 될 수 없습니다.")
    already = partial(_already_open, household)
    if Case.objects.filter(household=household).exclude(stage__in=_ENDED).exists():
        raise ValidationError(already())
    with only_one(Case, already):  # two staff at the same moment: the constraint lets one through
        case = Case.objects.create(
            household=household, person=person, dong_id=household.dong_id, source=source, source_note=source_note,
            worker=worker, case_type=case_type, stage=Stage.INTAKE, opened_on=dt.date.today(),
        )  # fmt: skip
    # Opening a case does not put its worker in charge of the household (its sensitive records): anyone of the dong
    # may open one. The supervisor's selection does (`decide_selection`).
    _event(case, actor, "open", "", f"접수: {Source(source).label}")
    audit.record_created(user, case, ["household", "person", "source", "worker", "case_type", "stage"], household.pk)
    return case


# --- Assessment and selection ----------------------------------------------------------------------


@transaction.atomic
def record_assessment(
    user: Actor,
    principal: Principal,
    case: Case,
    *,
    assessed_on: dt.date,
    urgency: int,
    importance: int,
    summary: str,
    needs: list[tuple[str, str]],
    case_type: str | None = None,
) -> Assessment:
    """욕구조사 (or 재사정 later): needs by domain and the crisis rating that sets the priority."""
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    _check(Action.ASSESS, case)
    errors = []
    if urgency not in (1, 2, 3) or importance not in (1, 2, 3):
        errors.append("시급성과 중요도는 1(낮음)~3(높음) 중에서 고르세요.")
    if not needs:
        errors.append("욕구 영역을 하나 이상 기록하세요.")
    if any(domain not in NeedDomain.values for domain, _ in needs):
        errors.append("욕구 영역이 올바르지 않습니다.")
    if not summary.strip():
        errors.append("조사 결과를 입력하세요.")
    if assessed_on > dt.date.today():
        errors.append("조사일은 오늘 이후일 수 없습니다.")
    if case_type and case_type not in CaseType.values:
        errors.append("사례 유형이 올바르지 않습니다.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(case, ["stage", "priority", "case_type"])
    from_stage = case.stage
    assessment = Assessment.objects.create(
        case=case, assessed_on=assessed_on, assessed_by=_staff(principal), urgency=urgency, importance=importance,
        summary=summary.strip(), is_reassessment=from_stage != Stage.INTAKE and case.assessments.exists(),
    )  # fmt: skip
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, domain=domain, note=note.strip()) for domain, note in needs
    )
    case.priority = priority_of(urgency, importance)
    if case_type:
        case.case_type = case_type
    if case.stage == Stage.INTAKE:
        case.stage = Stage.ASSESSMENT
    case.save(update_fields=["priority", "case_type", "stage", "updated_at"])
    _event(case, principal.staff, Action.ASSESS, from_stage, "재사정" if assessment.is_reassessment else "욕구조사")
    _audit_fields(user, case, before, ["stage", "priority", "case_type"])
    return assessment


@transaction.atomic
def decide_selection(
    user: Actor,
    principal: Principal,
    case: Case,
    *,
    selection: str,
    decided_on: dt.date,
    meeting_id: int | None = None,
    note: str = "",
) -> Case:
    """대상자 구분·선정, by the supervisor or at a case conference (which the supervisor chairs)."""
    case = _locked(case)
    rules.require_case_supervisor(principal, case, "대상자 선정")
    _check(Action.SELECT, case)
    if selection not in Selection.values:
        raise ValidationError("대상자 구분이 올바르지 않습니다.")
    if not case.assessments.exists():
        raise ValidationError("욕구조사를 먼저 기록하세요.")
    before = audit.snapshot(case, ["stage", "selection", "selected_on", "selected_by"])
    from_stage = case.stage
    case.selection = selection
    case.selected_on = decided_on
    case.selected_by = principal.staff
    case.stage = SELECTION_STAGE[Selection(selection)]
    if case.stage == Stage.IN_SERVICE:
        case.next_monitoring_on = decided_on + dt.timedelta(days=case.monitoring_interval_days)
    if case.stage == Stage.NOT_SELECTED:
        case.closed_on = decided_on
    case.save()
    if case.stage != Stage.NOT_SELECTED:
        # A rule of the system: the lead the supervisor selects the case for is put in charge of the household.
        registry_services.put_in_charge(user, case.household, case.worker, dt.date.today())
    _event(case, principal.staff, Action.SELECT, from_stage, note or Selection(selection).label, meeting_id)
    _audit_fields(user, case, before, ["stage", "selection", "selected_on", "selected_by"])
    return case


# --- Agencies and consent --------------------------------------------------------------------------


def require_consent_or_exception(principal: Principal, case: Case, agency: Agency, legal_exception: str) -> None:
    """Sharing a case with an agency needs consent to third-party provision covering it, unless the
    supervisor records a legal exception (e.g. 긴급지원, 학대 신고)."""
    if has_valid_consent(case.person, Consent.Kind.THIRD_PARTY, dt.date.today(), agency):
        return
    if not legal_exception.strip():
        raise ValidationError(
            f"{case.person.name}님의 '{agency.name}' 개인정보 제3자 제공 동의가 없거나 만료·철회되었습니다. "
            "동의를 먼저 기록하거나, 복지수퍼바이저가 법적 예외 근거(긴급지원, 학대 신고 등)를 기록하세요."
        )
    rules.require_case_supervisor(principal, case, "동의 없는 정보 제공(법적 예외)")


@transaction.atomic
def add_agency(
    user: Actor, principal: Principal, case: Case, agency: Agency, *, role: str = "", legal_exception: str = ""
) -> CaseAgency:
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if case.stage in _ENDED:
        raise ValidationError("종결된 사례에는 기관을 추가할 수 없습니다.")
    if CaseAgency.objects.filter(case=case, agency=agency).exists():
        raise ValidationError(f"{agency.name}은(는) 이미 이 사례에 참여하고 있습니다.")
    require_consent_or_exception(principal, case, agency, legal_exception)
    link = CaseAgency.objects.create(case=case, agency=agency, role=role, legal_exception=legal_exception.strip())
    changes = {"agency": [None, agency.name], "role": [None, role]}
    if legal_exception.strip():
        changes["legal_exception"] = [None, legal_exception.strip()]
    audit.record(user, "create", link, changes, case.household_id)
    _event(case, principal.staff, "add_agency", case.stage, f"참여 기관: {agency.name}")
    return link


@transaction.atomic
def set_lead_agency(
    user: Actor,
    principal: Principal,
    case: Case,
    agency: Agency | None,
    *,
    legal_exception: str = "",
    meeting_id: int | None = None,
) -> Case:
    """주 사례관리기관: the dong centre (None) or an agency, which then takes part in the case."""
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if case.stage in _ENDED:
        raise ValidationError("종결된 사례의 주 사례관리기관은 바꿀 수 없습니다.")
    if agency is not None and not CaseAgency.objects.filter(case=case, agency=agency).exists():
        require_consent_or_exception(principal, case, agency, legal_exception)
        CaseAgency.objects.create(case=case, agency=agency, role="주 사례관리기관", legal_exception=legal_exception)
    before = audit.snapshot(case, ["lead_agency"])
    case.lead_agency = agency
    case.save(update_fields=["lead_agency", "updated_at"])
    _event(case, principal.staff, "set_lead", case.stage, f"주 사례관리기관: {agency.name if agency else '동주민센터'}",
           meeting_id)  # fmt: skip
    _audit_fields(user, case, before, ["lead_agency"])
    return case


# --- Plan, delivery, monitoring --------------------------------------------------------------------


@dataclass
class GoalInput:
    term: str
    description: str
    target_on: dt.date | None = None


@dataclass
class ServiceInput:
    domain: str
    description: str
    programme: ServiceProgramme | None = None
    agency: Agency | None = None
    amount: Decimal | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@transaction.atomic
def write_plan(
    user: Actor,
    principal: Principal,
    case: Case,
    *,
    written_on: dt.date,
    summary: str,
    goals: list[GoalInput],
    services: list[ServiceInput],
) -> ServicePlan:
    """서비스제공계획 with long- and short-term goals and the services to deliver; approved separately."""
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if case.stage not in (Stage.PLANNING, Stage.IN_SERVICE):
        raise ValidationError(f"'{Stage(case.stage).label}' 단계에서는 서비스계획을 작성할 수 없습니다.")
    errors = []
    if not any(g.term == Goal.Term.LONG for g in goals) or not any(g.term == Goal.Term.SHORT for g in goals):
        errors.append("장기목표와 단기목표를 각각 하나 이상 입력하세요.")
    if any(not g.description.strip() for g in goals):
        errors.append("목표 내용을 입력하세요.")
    if not services:
        errors.append("제공할 서비스를 하나 이상 입력하세요.")
    for s in services:
        if s.domain not in NeedDomain.values or not s.description.strip():
            errors.append("서비스마다 영역과 내용을 입력하세요.")
        if s.starts_on and s.ends_on and s.ends_on < s.starts_on:
            errors.append(f"'{s.description}'의 종료일이 시작일보다 앞섭니다.")
        if s.amount is not None and s.amount < 0:
            errors.append("금액은 0 이상이어야 합니다.")
    if errors:
        raise ValidationError(errors)
    plan = ServicePlan.objects.create(
        case=case, written_on=written_on, written_by=_staff(principal), summary=summary.strip()
    )
    Goal.objects.bulk_create(
        Goal(plan=plan, term=g.term, description=g.description.strip(), target_on=g.target_on) for g in goals
    )
    PlannedService.objects.bulk_create(
        PlannedService(plan=plan, domain=s.domain, description=s.description.strip(), programme=s.programme,
                       agency=s.agency, amount=s.amount, starts_on=s.starts_on, ends_on=s.ends_on)
        for s in services
    )  # fmt: skip
    audit.record_created(user, plan, ["case", "written_on", "summary"], case.household_id)
    _event(case, principal.staff, "write_plan", case.stage, "서비스계획 작성")
    return plan


@transaction.atomic
def approve_plan(
    user: Actor, principal: Principal, case: Case, plan: ServicePlan, *, meeting_id: int | None = None
) -> Case:
    case = _locked(case)
    rules.require_case_supervisor(principal, case, "서비스계획 승인")
    _check(Action.APPROVE_PLAN, case)
    if plan.case_id != case.pk:
        raise ValidationError("이 사례의 서비스계획이 아닙니다.")
    plan = ServicePlan.objects.get(pk=plan.pk)  # as it is now the case is locked: approved meanwhile is "이미"
    if plan.approved_on:
        raise ValidationError("이미 승인된 서비스계획입니다.")
    today = dt.date.today()
    plan.approved_on = today
    plan.approved_by = principal.staff
    plan.save(update_fields=["approved_on", "approved_by"])
    before = audit.snapshot(case, ["stage", "next_monitoring_on"])
    from_stage = case.stage
    case.stage = Stage.IN_SERVICE
    case.next_monitoring_on = case.next_monitoring_on or today + dt.timedelta(days=case.monitoring_interval_days)
    case.save(update_fields=["stage", "next_monitoring_on", "updated_at"])
    _event(case, principal.staff, Action.APPROVE_PLAN, from_stage, "서비스계획 승인", meeting_id)
    _audit_fields(user, case, before, ["stage", "next_monitoring_on"])
    return case


@transaction.atomic
def record_delivery(
    user: Actor, principal: Principal, case: Case, *, delivered_on: dt.date, service: ServiceInput,
    planned_service: PlannedService | None = None,
) -> ServiceDelivery:  # fmt: skip
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if case.stage != Stage.IN_SERVICE:
        raise ValidationError("서비스 제공은 '서비스 제공·점검' 단계에서 기록합니다.")
    if delivered_on > dt.date.today():
        raise ValidationError("제공일은 오늘 이후일 수 없습니다.")
    if service.domain not in NeedDomain.values or not service.description.strip():
        raise ValidationError("영역과 제공 내용을 입력하세요.")
    delivery = ServiceDelivery.objects.create(
        case=case, planned_service=planned_service, domain=service.domain, agency=service.agency,
        description=service.description.strip(), amount=service.amount, delivered_on=delivered_on,
        recorded_by=_staff(principal),
    )  # fmt: skip
    audit.record_created(user, delivery, ["case", "domain", "description", "amount", "delivered_on"], case.household_id)
    return delivery


@transaction.atomic
def record_monitoring(
    user: Actor,
    principal: Principal,
    case: Case,
    *,
    contacted_on: dt.date,
    method: str,
    reached: bool = True,
    with_whom: str = "",
    changes: str = "",
) -> MonitoringContact:
    """점검: a contact (or a failed attempt). A contact made moves the next due date by the interval."""
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if case.stage in _ENDED:
        raise ValidationError("종결된 사례에는 점검을 기록할 수 없습니다. 사후관리로 기록하세요.")
    if contacted_on > dt.date.today():
        raise ValidationError("점검일은 오늘 이후일 수 없습니다.")
    if method not in MonitoringContact.Method.values:
        raise ValidationError("점검 방법이 올바르지 않습니다.")
    contact = MonitoringContact.objects.create(
        case=case, contacted_on=contacted_on, method=method, reached=reached, with_whom=with_whom.strip(),
        changes=changes.strip(), recorded_by=_staff(principal),
    )  # fmt: skip
    if reached:
        due = contacted_on + dt.timedelta(days=case.monitoring_interval_days)
        if case.next_monitoring_on is None or due > case.next_monitoring_on:
            case.next_monitoring_on = due
            case.save(update_fields=["next_monitoring_on", "updated_at"])
    audit.record_created(user, contact, ["case", "contacted_on", "method", "reached"], case.household_id)
    return contact


@transaction.atomic
def set_monitoring_interval(user: Actor, principal: Principal, case: Case, days: int) -> Case:
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    if not 7 <= days <= 180:
        raise ValidationError("점검 주기는 7일에서 180일 사이로 정하세요.")
    before = audit.snapshot(case, ["monitoring_interval_days", "next_monitoring_on"])
    last = case.contacts.filter(reached=True).first()
    case.monitoring_interval_days = days
    if case.stage == Stage.IN_SERVICE:
        base = last.contacted_on if last else dt.date.today()
        case.next_monitoring_on = base + dt.timedelta(days=days)
    case.save(update_fields=["monitoring_interval_days", "next_monitoring_on", "updated_at"])
    _audit_fields(user, case, before, ["monitoring_interval_days", "next_monitoring_on"])
    return case


@transaction.atomic
def add_note(user: Actor, principal: Principal, case: Case, text: str) -> CaseNote:
    rules.require_work_on_case(principal, case)
    if not rules.can_see_case_notes(principal, case):
        raise Forbidden("사례 기록은 사례 담당자와 복지수퍼바이저만 작성할 수 있습니다.")
    if not text.strip():
        raise ValidationError("내용을 입력하세요.")
    note = CaseNote.objects.create(case=case, author=_staff(principal), text=text.strip())
    audit.record(user, "create", note, {"case": [None, case.pk]}, case.household_id)  # the text stays out of the trail
    return note


NOT_A_TEAM_CANDIDATE = "이 사례의 동 직원(구로 올라온 사례는 희망복지지원단 직원도)만 사례 담당자로 추가할 수 있습니다."


def team_candidates(case: Case) -> QuerySet[StaffMember]:
    """Who may join the case's team: staff of the case's dong; for a case escalated to the district (its worker
    belongs to no dong), 희망복지지원단 too."""
    candidates = Q(dong_id=case.dong_id)
    if case.worker.dong_id is None:
        candidates |= Q(dong__isnull=True, district_id=case.dong.district_id, roles__role__in=DISTRICT_CASE_ROLES)
    return StaffMember.objects.filter(candidates).distinct()


def add_team_member(user: Actor, principal: Principal, case: Case, staff: StaffMember) -> CaseTeamMember:
    """The supervisor (or 동장; 희망복지지원단 for an escalated case) puts staff on the case team, who then read its
    notes. The refusal for staff who may not join names nobody: it must not confirm who works elsewhere."""
    with transaction.atomic():
        rules.require_team_change(principal, case, staff.pk)
        if not team_candidates(case).filter(pk=staff.pk).exists():
            raise ValidationError(NOT_A_TEAM_CANDIDATE)
        member, created = CaseTeamMember.objects.get_or_create(case=case, staff=staff)
        if not created:
            raise ValidationError(f"{staff.name}은(는) 이미 사례 담당자입니다.")
        audit.record(user, "create", member, {"staff": [None, staff.name]}, case.household_id)
        return member


# --- Closure and follow-up -------------------------------------------------------------------------


def unreachable_for_three_months(case: Case, on: dt.date) -> bool:
    """연락두절: at least three failed attempts since the last contact made, the first three months ago."""
    last_reached = case.contacts.filter(reached=True).order_by("-contacted_on").first()
    failed = case.contacts.filter(reached=False)
    if last_reached:
        failed = failed.filter(contacted_on__gt=last_reached.contacted_on)
    attempts = list(failed.order_by("contacted_on").values_list("contacted_on", flat=True))
    return len(attempts) >= UNREACHABLE_MIN_ATTEMPTS and attempts[0] <= add_months(on, -UNREACHABLE_MONTHS)


@transaction.atomic
def request_closure(user: Actor, principal: Principal, case: Case, *, reason: str, note: str) -> Case:
    case = _locked(case)
    rules.require_work_on_case(principal, case)
    _check(Action.REQUEST_CLOSURE, case)
    if reason not in ClosureReason.values:
        raise ValidationError("종결 사유가 올바르지 않습니다.")
    if not note.strip():
        raise ValidationError("종결 의견을 입력하세요.")
    today = dt.date.today()
    if reason == ClosureReason.UNREACHABLE and not unreachable_for_three_months(case, today):
        raise ValidationError(
            "연락두절 종결은 마지막 연락 이후 3개월 이상에 걸쳐 3회 이상 연락을 시도한 기록이 있어야 합니다."
        )
    before = audit.snapshot(case, ["stage", "closure_reason"])
    from_stage = case.stage
    case.stage_before_closure = case.stage
    case.stage = Stage.CLOSURE_REQUESTED
    case.closure_reason = reason
    case.closure_note = note.strip()
    case.closure_requested_by = principal.staff
    case.save()
    _event(case, principal.staff, Action.REQUEST_CLOSURE, from_stage, ClosureReason(reason).label)
    _audit_fields(user, case, before, ["stage", "closure_reason"])
    return case


@transaction.atomic
def approve_closure(
    user: Actor, principal: Principal, case: Case, *, meeting_id: int | None = None, on: dt.date | None = None
) -> Case:
    """종결 승인: closes the case and schedules its follow-ups (6 and 12 months; service-link: 6)."""
    case = _locked(case)
    rules.require_case_supervisor(principal, case, "종결 승인")
    _check(Action.APPROVE_CLOSURE, case)
    closed_on = on or dt.date.today()
    before = audit.snapshot(case, ["stage", "closed_on", "closure_approved_by"])
    case.stage = Stage.CLOSED
    case.closed_on = closed_on
    case.closure_approved_by = principal.staff
    case.next_monitoring_on = None
    case.save()
    months = FOLLOW_UP_MONTHS.get(Selection(case.selection), ()) if case.selection else (6,)
    sequence_start = (case.follow_ups.order_by("-sequence").values_list("sequence", flat=True).first() or 0) + 1
    FollowUp.objects.bulk_create(
        FollowUp(case=case, sequence=sequence_start + i, due_on=add_months(closed_on, m)) for i, m in enumerate(months)
    )
    _event(case, principal.staff, Action.APPROVE_CLOSURE, Stage.CLOSURE_REQUESTED,
           f"종결 승인: {ClosureReason(case.closure_reason).label}", meeting_id)  # fmt: skip
    _audit_fields(user, case, before, ["stage", "closed_on", "closure_approved_by"])
    return case


@transaction.atomic
def reject_closure(user: Actor, principal: Principal, case: Case, *, note: str) -> Case:
    case = _locked(case)
    rules.require_case_supervisor(principal, case, "종결 반려")
    _check(Action.REJECT_CLOSURE, case)
    if not note.strip():
        raise ValidationError("반려 사유를 입력하세요.")
    before = audit.snapshot(case, ["stage", "closure_reason"])
    case.stage = case.stage_before_closure or Stage.IN_SERVICE
    case.closure_reason = ""
    case.closure_requested_by = None
    case.save()
    _event(case, principal.staff, Action.REJECT_CLOSURE, Stage.CLOSURE_REQUESTED, note)
    _audit_fields(user, case, before, ["stage", "closure_reason"])
    return case


@transaction.atomic
def record_follow_up(
    user: Actor,
    principal: Principal,
    follow_up: FollowUp,
    *,
    done_on: dt.date,
    outcome: str,
    reopen: bool = False,
) -> FollowUp:
    """사후관리: how the household is doing; a relapse reopens the case at needs assessment."""
    case = _locked(follow_up.case)
    rules.require_work_on_case(principal, case)
    follow_up = FollowUp.objects.get(pk=follow_up.pk)  # as it is now the case is locked: done meanwhile is "이미"
    if follow_up.done_on:
        raise ValidationError("이미 실시한 사후관리입니다.")
    if done_on > dt.date.today():
        raise ValidationError("실시일은 오늘 이후일 수 없습니다.")
    if not outcome.strip():
        raise ValidationError("사후관리 결과를 입력하세요.")
    follow_up.done_on = done_on
    follow_up.outcome = outcome.strip()
    follow_up.done_by = principal.staff
    follow_up.reopened = reopen
    follow_up.save()
    audit.record(user, "update", follow_up, {"done_on": [None, done_on.isoformat()], "reopened": [None, reopen]},
                 case.household_id)  # fmt: skip
    if reopen:
        _check(Action.REOPEN, case)
        reopened_already = "이 가구에는 이미 진행 중인 다른 사례가 있어 재개할 수 없습니다."
        other_open = Case.objects.filter(household_id=case.household_id).exclude(pk=case.pk)
        if other_open.exclude(stage__in=_ENDED).exists():
            raise ValidationError(reopened_already)
        before = audit.snapshot(case, ["stage", "closed_on"])
        from_stage = case.stage
        case.stage = Stage.ASSESSMENT
        case.closed_on = None
        case.closure_reason = ""
        case.closure_approved_by = None
        with only_one(Case, reopened_already):  # a case opened for the household meanwhile
            case.save()
        case.follow_ups.filter(done_on__isnull=True).exclude(pk=follow_up.pk).delete()
        _event(case, principal.staff, Action.REOPEN, from_stage, f"사후관리 {follow_up.sequence}차에서 재개")
        _audit_fields(user, case, before, ["stage", "closed_on"])
    return follow_up
