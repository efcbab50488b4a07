"""오늘 할 일: each user's work list — case monitoring and watched households overdue or due this week,
follow-ups, referrals waiting either way, results to tell residents, findings handed over to them, weekly
reports missing (officer coordinators), approvals waiting (supervisors) and conferences coming.

Every section costs the same whatever the data size: one aggregate for its total (and how many are
overdue) and one query for its first rows. The home page asks for the aggregates only.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from chatdong.access.principal import Principal
from chatdong.cases import rules as case_rules
from chatdong.cases.models import Assessment, Case, CaseTeamMember, FollowUp, ServicePlan
from chatdong.cases.states import ClosureReason, Stage
from chatdong.consult.models import Referral
from chatdong.core.links import case_url, finding_url, meeting_url, referral_url, target_url, watch_url
from chatdong.meetings.models import Meeting
from chatdong.meetings.selectors import day_start, upcoming_for
from chatdong.org.models import StaffMember
from chatdong.org.roles import Role
from chatdong.outreach.cohorts import rules as cohort_rules
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.officers import weekly
from chatdong.outreach.officers.models import Finding
from chatdong.outreach.officers.states import FindingStatus
from chatdong.outreach.visits import rules as visit_rules
from chatdong.outreach.visits.models import WatchedHousehold
from chatdong.outreach.visits.selectors import with_head_name
from chatdong.outreach.visits.states import Tier
from chatdong.registry import rules as registry_rules
from chatdong.registry.imports.deciding import pending_for
from chatdong.registry.models import PendingMoveIn

LIMIT = 10
WEEK = 7
OPEN_REFERRAL = (Referral.Status.REQUESTED, Referral.Status.RECEIVED, Referral.Status.IN_PROGRESS)
ANSWERED_REFERRAL = (Referral.Status.COMPLETED, Referral.Status.RETURNED)


@dataclass
class WorkItem:
    title: str
    detail: str
    url: str
    due_on: dt.date | None = None
    overdue: bool = False
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    group: str
    empty: str
    count: int = 0
    overdue_count: int = 0
    items: list[WorkItem] = field(default_factory=list)


@dataclass
class _Spec:
    """How to build a section: its query, how a row reads, and which rows are overdue."""

    key: str
    title: str
    group: str
    empty: str
    query: QuerySet[Any]
    to_item: Callable[[Any], WorkItem]
    overdue: Q | None = None


def _days(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta < 0:
        return f"{-delta}일 지남"
    return "오늘" if delta == 0 else f"{delta}일 남음"


def _referral_target(r: Referral) -> str:
    if r.to_agency_id:
        return r.to_agency.name  # type: ignore[union-attr]
    if r.to_staff_id:
        return r.to_staff.name  # type: ignore[union-attr]
    if r.to_team_id:
        return str(r.to_team)
    return "-"


# --- The sections ------------------------------------------------------------------------------------


def _my_cases(principal: Principal) -> QuerySet[Case]:
    """Cases the user works: as main worker or on the case team, within their scope."""
    staff = principal.staff
    assert staff is not None
    on_team = CaseTeamMember.objects.filter(case_id=OuterRef("pk"), staff_id=staff.pk)
    return case_rules.cases_visible_to(principal).filter(Q(worker_id=staff.pk) | Exists(on_team))


def _case_specs(principal: Principal, today: dt.date) -> list[_Spec]:
    on_team = CaseTeamMember.objects.filter(case_id=OuterRef("case_id"), staff_id=principal.staff.pk)  # type: ignore[union-attr]
    in_service = _my_cases(principal).filter(stage=Stage.IN_SERVICE).select_related("person")

    def monitoring(case: Case) -> WorkItem:
        due = case.next_monitoring_on
        assert due is not None
        return WorkItem(
            title=f"{case.person.name} · 사례 #{case.pk}",
            detail=f"점검 예정일 {due:%Y-%m-%d} ({_days(due, today)})",
            url=case_url(case.pk),
            due_on=due,
            overdue=due < today,
            urgent=case.priority == 1,
        )

    def follow_up(f: FollowUp) -> WorkItem:
        return WorkItem(
            title=f"{f.case.person.name} · 사례 #{f.case_id}",
            detail=f"사후관리 {f.sequence}차 예정일 {f.due_on:%Y-%m-%d} ({_days(f.due_on, today)})",
            url=case_url(f.case_id),
            due_on=f.due_on,
            overdue=f.due_on < today,
        )

    def next_step(case: Case) -> WorkItem:
        step = "욕구조사" if case.stage == Stage.INTAKE else "서비스계획 작성"
        return WorkItem(
            title=f"{case.person.name} · 사례 #{case.pk}",
            detail=f"{step} 차례 · {case.get_stage_display()} {case.opened_on:%Y-%m-%d} 접수",
            url=case_url(case.pk),
            urgent=case.priority == 1,
        )

    # A case is the worker's to move on: just taken in (needs its assessment), or selected for case
    # management with no plan written yet (a written plan waits for the supervisor instead).
    plan_written = ServicePlan.objects.filter(case_id=OuterRef("pk"))
    return [
        _Spec(
            "cases_to_move", "사례 진행 차례", "사례", "욕구조사나 서비스계획을 기다리는 사례가 없습니다.",
            _my_cases(principal)
            .filter(Q(stage=Stage.INTAKE) | Q(stage=Stage.PLANNING) & ~Exists(plan_written))
            .select_related("person")
            .order_by("priority", "opened_on", "pk"),
            next_step,
        ),
        _Spec(
            "monitoring_overdue", "점검 기한 지남", "사례", "기한이 지난 점검이 없습니다.",
            in_service.filter(next_monitoring_on__lt=today).order_by("next_monitoring_on", "pk"),
            monitoring, Q(next_monitoring_on__lt=today),
        ),
        _Spec(
            "monitoring_due", "이번 주 점검", "사례", "이번 주에 예정된 점검이 없습니다.",
            in_service.filter(next_monitoring_on__range=(today, today + dt.timedelta(days=WEEK))).order_by(
                "next_monitoring_on", "pk"
            ),
            monitoring,
        ),
        _Spec(
            "follow_ups", "사후관리 예정", "사례", "이번 주까지 예정된 사후관리가 없습니다.",
            FollowUp.objects.filter(
                Q(case__worker_id=principal.staff.pk) | Exists(on_team),  # type: ignore[union-attr]
                case__in=case_rules.cases_visible_to(principal),
                done_on__isnull=True,
                due_on__lte=today + dt.timedelta(days=WEEK),
            )
            .select_related("case__person")
            .order_by("due_on", "pk"),
            follow_up, Q(due_on__lt=today),
        ),
    ]  # fmt: skip


def _watch_specs(principal: Principal, today: dt.date) -> list[_Spec]:
    """Households under outreach monitoring (찾아가는 복지) in the user's charge whose contact is due."""
    mine = with_head_name(
        visit_rules.watches_visible_to(principal)
        .filter(planner_id=principal.staff.pk, ended_on__isnull=True)  # type: ignore[union-attr]
        .select_related("household")
    )

    def watch(w: WatchedHousehold) -> WorkItem:
        name = w.head_name or w.any_name or w.household.road_address  # type: ignore[attr-defined]
        programme = f" · {w.get_programme_display()}" if w.programme else ""
        return WorkItem(
            title=f"{name} · {w.get_tier_display()}{programme}",
            detail=f"다음 점검 {w.next_due_on:%Y-%m-%d} ({_days(w.next_due_on, today)})",
            url=watch_url(w.pk),
            due_on=w.next_due_on,
            overdue=w.next_due_on < today,
            urgent=w.tier == Tier.INTEGRATED,
        )

    def booked(t: Target) -> WorkItem:
        at = timezone.localtime(t.appointment_at)  # type: ignore[arg-type]
        confirmed = " · 통·반장 확인" if t.appointment_confirmed_on else ""
        return WorkItem(
            title=f"{t.person.name} · {t.get_programme_display()}",
            detail=f"방문 예약 {at:%Y-%m-%d %H:%M} ({_days(at.date(), today)}){confirmed}",
            url=target_url(t.pk),
            due_on=at.date(),
            overdue=at.date() < today,
        )

    # Booked visits of the coming week, and booked ones whose day passed without a visit record.
    visits = (
        cohort_rules.targets_visible_to(principal)
        .filter(
            planner_id=principal.staff.pk,  # type: ignore[union-attr]
            status=TargetStatus.SCHEDULED,
            appointment_at__lt=day_start(today + dt.timedelta(days=WEEK + 1)),
        )
        .select_related("person")
        .order_by("appointment_at", "pk")
    )
    return [
        _Spec(
            "visits_booked", "방문 예약", "찾아가는 복지", "이번 주에 예약된 방문이 없습니다.",
            visits, booked, Q(appointment_at__lt=day_start(today)),
        ),
        _Spec(
            "watch_overdue", "모니터링 기한 지남", "찾아가는 복지", "기한이 지난 모니터링 가구가 없습니다.",
            mine.filter(next_due_on__lt=today).order_by("next_due_on", "pk"), watch, Q(next_due_on__lt=today),
        ),
        _Spec(
            "watch_due", "이번 주 모니터링", "찾아가는 복지", "이번 주에 점검할 모니터링 가구가 없습니다.",
            mine.filter(next_due_on__range=(today, today + dt.timedelta(days=WEEK))).order_by("next_due_on", "pk"),
            watch,
        ),
    ]  # fmt: skip


def _referral_specs(principal: Principal, today: dt.date) -> list[_Spec]:
    staff = principal.staff
    assert staff is not None
    referrals = Referral.objects.select_related("person", "to_agency", "to_staff", "to_team__dong", "made_by")

    def waiting(r: Referral) -> WorkItem:
        late = r.due_on < today
        return WorkItem(
            title=f"{r.person.name} → {_referral_target(r)}",
            detail=f"{r.get_status_display()} · 회신 기한 {r.due_on:%Y-%m-%d}" + (" (기한 지남)" if late else ""),
            url=referral_url(r.pk),
            due_on=r.due_on,
            overdue=late,
            urgent=r.urgent,
        )

    def received(r: Referral) -> WorkItem:
        late = r.due_on < today
        return WorkItem(
            title=f"{r.person.name} · {r.get_domain_display()} ({r.made_by.name} 의뢰)",
            detail=f"{r.get_status_display()} · 처리 기한 {r.due_on:%Y-%m-%d}" + (" (기한 지남)" if late else ""),
            url=referral_url(r.pk),
            due_on=r.due_on,
            overdue=late,
            urgent=r.urgent,
        )

    def to_tell(r: Referral) -> WorkItem:
        closed = f"{r.closed_on:%Y-%m-%d} " if r.closed_on else ""
        return WorkItem(
            title=f"{r.person.name} → {_referral_target(r)}",
            detail=f"{closed}{r.get_status_display()} · 주민에게 결과를 알리고 기록하세요",
            url=referral_url(r.pk),
            due_on=r.closed_on,
        )

    to_me = Q(to_staff_id=staff.pk)
    if staff.team_id:
        to_me |= Q(to_team_id=staff.team_id)
    return [
        _Spec(
            "referrals_waiting", "의뢰 회신 대기", "의뢰", "회신을 기다리는 의뢰가 없습니다.",
            # Overdue ones have the earliest due dates, so they come first.
            referrals.filter(made_by_id=staff.pk).exclude(status__in=ANSWERED_REFERRAL).order_by("due_on", "pk"),
            waiting, Q(due_on__lt=today),
        ),
        _Spec(
            "referrals_to_me", "나에게 온 의뢰", "의뢰", "처리할 의뢰가 없습니다.",
            referrals.filter(to_me, status__in=OPEN_REFERRAL).order_by("-urgent", "due_on", "pk"),
            received, Q(due_on__lt=today),
        ),
        _Spec(
            "results_to_tell", "결과 안내 필요", "의뢰", "주민에게 알릴 의뢰 결과가 없습니다.",
            referrals.filter(made_by_id=staff.pk, status__in=ANSWERED_REFERRAL, resident_told_on__isnull=True)
            .order_by("closed_on", "pk"),
            to_tell,
        ),
    ]  # fmt: skip


def is_supervisor(principal: Principal) -> bool:
    return principal.staff is not None and (
        (principal.has_role(Role.WELFARE_SUPERVISOR) and principal.dong_id is not None)
        or principal.has_role(Role.HOPE_STAFF)
    )


def _supervised_referrals(principal: Principal) -> QuerySet[Referral]:
    """Referrals whose legal exceptions this supervisor confirms: the dong's, or for 희망복지지원단
    those made by district staff — the same split as `case_rules.is_case_supervisor`."""
    scope = Q(pk__in=[])
    if principal.has_role(Role.WELFARE_SUPERVISOR) and principal.dong_id is not None:
        scope |= Q(dong_id=principal.dong_id)
    if principal.has_role(Role.HOPE_STAFF):
        scope |= Q(made_by__dong__isnull=True, dong__district_id=principal.district_id)
    return Referral.objects.filter(scope)


def _approval_specs(principal: Principal, today: dt.date) -> list[_Spec]:
    supervised = case_rules.cases_supervised_by(principal)
    cases = supervised.select_related("person", "worker")

    def closure(case: Case) -> WorkItem:
        reason = ClosureReason(case.closure_reason).label if case.closure_reason else "-"
        return WorkItem(
            title=f"{case.person.name} · 사례 #{case.pk}",
            detail=f"종결 사유: {reason} · 담당 {case.worker.name}",
            url=case_url(case.pk),
        )

    def selection(case: Case) -> WorkItem:
        assessed = case.last_assessed_on  # type: ignore[attr-defined]
        return WorkItem(
            title=f"{case.person.name} · 사례 #{case.pk}",
            detail=f"욕구조사 {assessed:%Y-%m-%d} · 담당 {case.worker.name}" if assessed else "욕구조사 완료",
            url=case_url(case.pk),
            urgent=case.priority == 1,
        )

    def plan(p: ServicePlan) -> WorkItem:
        return WorkItem(
            title=f"{p.case.person.name} · 사례 #{p.case_id}",
            detail=f"{p.written_on:%Y-%m-%d} 작성 · {p.written_by.name}",
            url=case_url(p.case_id),
            due_on=p.written_on,
        )

    def exception(r: Referral) -> WorkItem:
        return WorkItem(
            title=f"{r.person.name} → {_referral_target(r)}",
            detail=f"예외 근거: {r.legal_exception} · {r.made_by.name} 의뢰",
            url=referral_url(r.pk),
            urgent=r.urgent,
        )

    assessments = Assessment.objects.filter(case_id=OuterRef("pk")).order_by("-assessed_on", "-id")
    return [
        _Spec(
            "closure_approvals", "종결 승인 대기", "승인 대기", "승인을 기다리는 종결이 없습니다.",
            cases.filter(stage=Stage.CLOSURE_REQUESTED).order_by("updated_at", "pk"), closure,
        ),
        _Spec(
            "selection_pending", "대상자 선정 대기", "승인 대기", "선정을 기다리는 사례가 없습니다.",
            cases.annotate(last_assessed_on=Subquery(assessments.values("assessed_on")[:1]))
            .filter(stage=Stage.ASSESSMENT, selection="", last_assessed_on__isnull=False)
            .order_by("priority", "last_assessed_on", "pk"),
            selection,
        ),
        _Spec(
            "plan_approvals", "서비스계획 승인 대기", "승인 대기", "승인을 기다리는 서비스계획이 없습니다.",
            ServicePlan.objects.filter(
                approved_on__isnull=True,
                case_id__in=Subquery(supervised.filter(stage__in=[Stage.PLANNING, Stage.IN_SERVICE]).values("pk")),
            )
            .select_related("case__person", "written_by")
            .order_by("written_on", "pk"),
            plan,
        ),
        _Spec(
            "exceptions_to_confirm", "법적 예외 확인 대기", "승인 대기", "확인할 동의 예외가 없습니다.",
            _supervised_referrals(principal)
            .exclude(legal_exception="")
            .filter(exception_recorded_by__isnull=True)
            .select_related("person", "to_agency", "to_staff", "to_team__dong", "made_by")
            .order_by("requested_on", "pk"),
            exception,
        ),
    ]  # fmt: skip


def _move_in_spec(principal: Principal, today: dt.date) -> _Spec:
    """Move-ins an import asked for, waiting for the receiving dong's supervisor (전입 확인)."""

    def item(m: PendingMoveIn) -> WorkItem:
        came_from = m.from_dong.name if m.from_dong else "새 주민"
        requested = timezone.localtime(m.requested_at).date()
        return WorkItem(
            title=f"{m.name} · 세대번호 {m.registry_no}",
            detail=f"{came_from} → {m.to_dong.name} · {requested:%Y-%m-%d} 요청",
            url=reverse("registry:move_ins"),
            due_on=requested,
        )

    return _Spec(
        "move_ins", "전입 확인 대기", "승인 대기", "확인을 기다리는 전입이 없습니다.",
        pending_for(principal), item,
    )  # fmt: skip


def _meeting_spec(principal: Principal, today: dt.date) -> _Spec:
    def item(m: Meeting) -> WorkItem:
        when = timezone.localtime(m.starts_at)
        where = f" · {m.place}" if m.place else ""
        return WorkItem(
            title=m.title,
            detail=f"{when:%m월 %d일 %H:%M}{where} · {m.get_kind_display()} · 주재 {m.chair.name}",
            url=meeting_url(m.pk),
            due_on=when.date(),
        )

    return _Spec(
        "meetings", "다가오는 회의", "회의", "2주 안에 예정된 회의가 없습니다.",
        upcoming_for(principal, today), item,
    )  # fmt: skip


def _officer_specs(principal: Principal, today: dt.date) -> list[_Spec]:
    """Findings handed over to the user; for the officer coordinator and the dong head (who chairs the
    monthly review), officers with weekly reports missing."""
    staff = principal.staff
    assert staff is not None

    def finding(f: Finding) -> WorkItem:
        raised = f.created_at.date()
        return WorkItem(
            title=f"[{f.get_kind_display()}] {f.subject}",
            detail=f"{raised:%Y-%m-%d} 전달 · {f.get_status_display()}",
            url=finding_url(f.pk),
            due_on=raised,
            overdue=raised < today - dt.timedelta(days=WEEK),
        )

    to_me = Finding.objects.filter(routed_to_id=staff.pk).exclude(status=FindingStatus.DONE)
    specs = [
        _Spec(
            "findings_to_me", "전달받은 발굴·민원", "우리동네", "처리할 발굴·전달이 없습니다.",
            to_me.order_by("created_at", "pk"),
            finding, Q(created_at__date__lt=today - dt.timedelta(days=WEEK)),
        ),
    ]  # fmt: skip
    if principal.has_role(Role.OFFICER_COORDINATOR, Role.DONG_HEAD) and principal.dong_id is not None:

        def missing(officer: StaffMember) -> WorkItem:
            gap = weekly.LOOKBACK_WEEKS - officer.reported  # type: ignore[attr-defined]
            return WorkItem(
                title=officer.name,
                detail=f"최근 {weekly.LOOKBACK_WEEKS}주 중 {gap}주 주간 활동보고 미제출",
                url=reverse("outreach:weekly_grid"),
                overdue=True,
            )

        specs.append(
            _Spec(
                "weekly_reports_missing", "주간 활동보고 미제출", "우리동네", "주간 활동보고가 모두 제출되었습니다.",
                weekly.officers_missing_reports(principal.dong_id, today).order_by("name", "pk"), missing,
            )
        )  # fmt: skip
    return specs


def _specs(principal: Principal, today: dt.date) -> list[_Spec]:
    if principal.staff is None or not (principal.is_dong_staff or principal.is_district_case_staff):
        return []
    specs = (
        _case_specs(principal, today)
        + _watch_specs(principal, today)
        + _referral_specs(principal, today)
        + _officer_specs(principal, today)
    )
    if is_supervisor(principal):
        specs += _approval_specs(principal, today)
    if registry_rules.MOVE_IN.admits(principal):
        specs.append(_move_in_spec(principal, today))
    return [*specs, _meeting_spec(principal, today)]


# --- Building ----------------------------------------------------------------------------------------


def _figures(spec: _Spec) -> dict[str, int]:
    aggregates: dict[str, Any] = {"total": Count("pk")}
    if spec.overdue is not None:
        aggregates["overdue"] = Count("pk", filter=spec.overdue)
    return spec.query.order_by().aggregate(**aggregates)


def work_list(principal: Principal, today: dt.date, *, limit: int = LIMIT) -> list[Section]:
    """The sections with their first `limit` rows and totals: two queries per section, one for an empty section
    (most of a nurse's or a desk officer's).

    (A window count would make it one, but measured slower: the database then joins every matching
    row for the select_related columns before it can stop at `limit`.)
    """
    sections = []
    for spec in _specs(principal, today):
        figures = _figures(spec)
        items = [spec.to_item(row) for row in spec.query[:limit]] if figures["total"] else []
        sections.append(
            Section(
                spec.key, spec.title, spec.group, spec.empty, count=figures["total"],
                overdue_count=figures.get("overdue") or 0, items=items,
            )
        )  # fmt: skip
    return sections


def work_counts(principal: Principal, today: dt.date) -> list[Section]:
    """The same sections with counts only (the home page's cards): one aggregate per section."""
    sections = []
    for spec in _specs(principal, today):
        figures = _figures(spec)
        sections.append(
            Section(
                spec.key, spec.title, spec.group, spec.empty, count=figures["total"],
                overdue_count=figures.get("overdue") or 0,
            )
        )  # fmt: skip
    return sections
