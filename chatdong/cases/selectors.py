"""Read queries over cases, scoped by the case rules (`rules.py`): the case list, the seed 001 summary, the case page.

Each runs a fixed number of queries whatever the number of cases: the list joins what a row shows,
the summary is two aggregate queries, and the case page fetches each part of the case once.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce

from chatdong.access.principal import Principal
from chatdong.core.db import without_jit
from chatdong.core.needs import NeedDomain
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import SENSITIVE_FLAGS, BenefitStatus, Household, Person, PersonFlag

from . import rules
from .models import (
    Assessment,
    Case,
    CaseAgency,
    CaseEvent,
    CaseNote,
    CaseTeamMember,
    FollowUp,
    MonitoringContact,
    PlannedService,
    ServiceDelivery,
    ServicePlan,
)
from .states import OPEN_STAGES, Selection, Stage

# --------------------------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class CaseFilters:
    """What the case list can be narrowed by; every field optional."""

    stage: str = ""
    case_type: str = ""
    dong_id: int | None = None
    worker_id: int | None = None
    priority: int | None = None
    overdue: bool = False
    text: str = ""


def overdue_q(today: dt.date) -> Q:
    """점검 기한 경과: a case in service whose next monitoring date has passed."""
    return Q(stage=Stage.IN_SERVICE, next_monitoring_on__lt=today)


def case_list(principal: Principal, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases the user may see, filtered; most urgent first, then the soonest due.

    Rows carry `is_overdue`; dong, worker and lead agency are joined and the persons of a page fetched
    in one more query, so a page costs the same whatever it shows.
    """
    filters = filters or CaseFilters()
    today = dt.date.today()
    qs = rules.cases_visible_to(principal)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.case_type:
        qs = qs.filter(case_type=filters.case_type)
    if filters.dong_id:
        qs = qs.filter(dong_id=filters.dong_id)
    if filters.worker_id:
        qs = qs.filter(worker_id=filters.worker_id)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.text.strip():
        # A scalar subquery per case, not a join: a join makes PostgreSQL scan every resident for the name.
        name = Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("name")[:1])
        qs = qs.alias(person_name=name).filter(person_name__contains=filters.text.strip())
    return (
        # The person comes in a second query for the page's rows only: joined, PostgreSQL would hash every
        # resident of the district before sorting the cases (full-scale demo: 160 ms against 10).
        qs.select_related("dong", "worker", "lead_agency")
        .prefetch_related("person")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
        .order_by("priority", F("next_monitoring_on").asc(nulls_last=True), "opened_on", "id")
    )


# ---------------------------------------------------------------------------------- the seed 001 summary

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("managed", "사례관리"),
    ("service_link", "서비스연계"),
    ("not_selected", "미선정"),
    ("closed", "종결"),
    ("pending", "선정 전(접수·욕구조사)"),
)
HOUSEHOLD_TYPES: tuple[tuple[str, str], ...] = (
    ("basic", "기초수급자"),
    ("near_poor", "차상위계층"),
    ("low_income", "일반저소득"),
)
BASIC_LIVELIHOOD = "basic_livelihood"
NEAR_POOR_PREFIX = "near_poor_"


@dataclass(frozen=True)
class Figure:
    households: int
    persons: int


@dataclass(frozen=True)
class SummaryCell:
    key: str
    label: str
    households: int
    persons: int


@dataclass
class CaseSummary:
    """The seed 001 tables (2014년 통합사례관리 현황) for a period."""

    date_from: dt.date
    date_to: dt.date
    total: Figure
    by_status: list[SummaryCell] = field(default_factory=list)
    by_household_type: list[SummaryCell] = field(default_factory=list)
    links_total: int = 0
    links_by_domain: list[tuple[str, str, int]] = field(default_factory=list)  # (domain, label, persons)


def period_cases_q(date_from: dt.date, date_to: dt.date) -> Q:
    """Cases handled in the period: opened by its end, and not ended (closed or not selected) before it began."""
    return Q(opened_on__lte=date_to) & (Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))


def category_q(date_to: dt.date) -> dict[str, Q]:
    """Where each case stood at the end of the period, read from its current record.

    A case closed (or not selected) after the period counts by its selection, as it was still open at the
    end of the period. A case back at intake or assessment (new, or reopened) is 선정 전.
    """
    closed = Q(stage=Stage.CLOSED, closed_on__lte=date_to)
    not_selected = Q(stage=Stage.NOT_SELECTED, closed_on__lte=date_to)
    still_open = ~closed & ~not_selected
    unselected_stage = Q(stage__in=[Stage.INTAKE, Stage.ASSESSMENT])
    managed = still_open & ~unselected_stage & Q(selection=Selection.MANAGED)
    service_link = still_open & ~unselected_stage & Q(selection=Selection.SERVICE_LINK)
    pending = still_open & (unselected_stage | ~Q(selection__in=[Selection.MANAGED, Selection.SERVICE_LINK]))
    return {
        "managed": managed,
        "service_link": service_link,
        "not_selected": not_selected,
        "closed": closed,
        "pending": pending,
    }


def _benefit_on(day: dt.date, household_ref: str) -> QuerySet[BenefitStatus]:
    """Benefits in force on the day for any member of the household in `household_ref`."""
    return BenefitStatus.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        started_on__lte=day,
        person__household_id=OuterRef(household_ref),
    )


def _summary_scope(principal: Principal) -> QuerySet[Case]:
    """Case staff: the cases they may see. Statistics roles: their district's cases, as figures only."""
    return rules.SUMMARY.scope(principal, Case.objects.all())


def case_summary(principal: Principal, date_from: dt.date, date_to: dt.date, dong_id: int | None = None) -> CaseSummary:
    """Two aggregate queries: households and persons by status and by type, and service links by domain."""
    # Each figure is a correlated subquery: without JIT off, 1.3–2 s of compiling for 0.1–0.2 s of execution.
    with without_jit():
        return _case_summary(principal, date_from, date_to, dong_id)


def _case_summary(principal: Principal, date_from: dt.date, date_to: dt.date, dong_id: int | None) -> CaseSummary:
    cases = _summary_scope(principal).filter(period_cases_q(date_from, date_to))
    if dong_id:
        cases = cases.filter(dong_id=dong_id)
    categories = category_q(date_to)
    # Benefits as on the last day of the period, or today for a period that has not ended yet.
    type_day = min(date_to, dt.date.today())
    # The household's type as a rank: 1 기초수급자 (a member has 국민기초생활수급자), 2 차상위계층 (otherwise a
    # member has a 차상위 status), none 일반저소득 (the rest). One LIMIT 1 subquery per case,
    # which both databases run from the household's members: an EXISTS on the benefit type makes PostgreSQL
    # hash every such benefit of the district, and SQLite walk them all for each case.
    household_type = Subquery(
        _benefit_on(type_day, "household_id")
        .filter(Q(benefit_type__code=BASIC_LIVELIHOOD) | Q(benefit_type__code__startswith=NEAR_POOR_PREFIX))
        .annotate(rank=DbCase(When(benefit_type__code=BASIC_LIVELIHOOD, then=Value(1)), default=Value(2)))
        .order_by("rank")
        .values("rank")[:1],
        output_field=IntegerField(),
    )
    # Persons are the current members of the households.
    members = (
        Person.objects.filter(household_id=OuterRef("household_id"), moved_out_on__isnull=True, died_on__isnull=True)
        .order_by()
        .values("household_id")
        .annotate(n=Count("pk"))
        .values("n")
    )

    # One row per household: its members, whether any of its cases falls in each column, its type. Then the
    # sums over those rows. (Counting persons from the persons' side ran a subquery per resident.)
    per_household = (
        cases.order_by()
        .values("household_id")
        .annotate(
            members=Max(Coalesce(Subquery(members, output_field=IntegerField()), 0)),
            household_type=Min(Coalesce(household_type, 3)),
            **{key: _any(q) for key, q in categories.items()},
        )
    )
    type_q = {"basic": Q(household_type=1), "near_poor": Q(household_type=2), "low_income": Q(household_type=3)}
    sums = per_household.aggregate(
        households=Count("household_id"),
        persons=Sum("members", default=0),
        **{f"{key}_h": Sum(key, default=0) for key in categories},
        **{f"{key}_p": Sum(F(key) * F("members"), default=0) for key in categories},
        **{f"type_{key}_h": Count("household_id", filter=q) for key, q in type_q.items()},
        **{f"type_{key}_p": Sum("members", filter=q, default=0) for key, q in type_q.items()},
    )
    households = {"total": sums["households"], **{key: sums[f"{key}_h"] for key in categories}}
    households |= {f"type_{key}": sums[f"type_{key}_h"] for key in type_q}
    persons = {"total": sums["persons"], **{key: sums[f"{key}_p"] for key in categories}}
    persons |= {f"type_{key}": sums[f"type_{key}_p"] for key in type_q}

    links = cases.aggregate(
        total=Count("person", distinct=True, filter=link_q(None, date_from, date_to)),
        **{d: Count("person", distinct=True, filter=link_q(d, date_from, date_to)) for d in NeedDomain.values},
    )
    return CaseSummary(
        date_from=date_from,
        date_to=date_to,
        total=Figure(households["total"], persons["total"]),
        by_status=[SummaryCell(key, label, households[key], persons[key]) for key, label in CATEGORIES],
        by_household_type=[
            SummaryCell(key, label, households[f"type_{key}"], persons[f"type_{key}"]) for key, label in HOUSEHOLD_TYPES
        ],
        links_total=links["total"],
        links_by_domain=[(d, NeedDomain(d).label, links[d]) for d in NeedDomain.values],
    )


def _any(q: Q) -> Max:
    """Per household (grouped): 1 when any of its cases meets `q`, else 0."""
    return Max(DbCase(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))


def link_q(domain: str | None, date_from: dt.date, date_to: dt.date) -> Q:
    """복지서비스 연계: a delivery in the domain in the period, or a service of an approved plan running in it.

    A planned service without a start date runs from the plan's approval; without an end date, on.
    """
    deliveries = ServiceDelivery.objects.filter(
        case_id=OuterRef("pk"), delivered_on__gte=date_from, delivered_on__lte=date_to
    )
    planned = (
        PlannedService.objects.filter(plan__case_id=OuterRef("pk"), plan__approved_on__isnull=False)
        .annotate(runs_from=Coalesce("starts_on", "plan__approved_on"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date_from), runs_from__lte=date_to)
    )
    if domain:
        deliveries = deliveries.filter(domain=domain)
        planned = planned.filter(domain=domain)
    return Q(Exists(deliveries)) | Q(Exists(planned))


# ------------------------------------------------------------------------------------------ the case page


@dataclass
class CaseDetail:
    """Everything the case page shows, each part fetched once."""

    case: Case
    events: list[CaseEvent]
    assessments: list[Assessment]
    plans: list[ServicePlan]
    deliveries: list[ServiceDelivery]
    contacts: list[MonitoringContact]
    agencies: list[CaseAgency]
    team: list[CaseTeamMember]
    follow_ups: list[FollowUp]
    members: list[Person]
    notes_allowed: bool
    notes: list[CaseNote] = field(default_factory=list)
    sensitive_flags: list[PersonFlag] = field(default_factory=list)

    @property
    def failed_attempts(self) -> int:
        return sum(1 for c in self.contacts if not c.reached)

    @property
    def pending_plans(self) -> list[ServicePlan]:
        return [p for p in self.plans if p.approved_on is None]

    @property
    def pending_follow_ups(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.done_on is None]

    @property
    def is_overdue(self) -> bool:
        case = self.case
        return bool(
            case.stage == Stage.IN_SERVICE and case.next_monitoring_on and case.next_monitoring_on < dt.date.today()
        )

    @property
    def shows_sensitive(self) -> bool:
        return self.notes_allowed and bool(self.notes or self.sensitive_flags)


def case_detail(principal: Principal, case: Case) -> CaseDetail:
    """The case (already fetched through `rules.get_case`) with its whole record; notes and sensitive flags
    only for the case team and the supervisor."""
    notes_allowed = rules.can_see_case_notes(principal, case)
    plans = list(
        case.plans.select_related("written_by", "approved_by").prefetch_related(
            "goals",
            Prefetch("services", queryset=PlannedService.objects.select_related("programme", "agency").order_by("id")),
        )
    )
    detail = CaseDetail(
        case=case,
        events=list(case.events.select_related("actor")),
        assessments=list(case.assessments.select_related("assessed_by").prefetch_related("needs")),
        plans=plans,
        deliveries=list(case.deliveries.select_related("agency", "recorded_by")),
        contacts=list(case.contacts.select_related("recorded_by")),
        agencies=list(case.agencies.select_related("agency").order_by("added_on", "id")),
        team=list(case.team.select_related("staff").order_by("added_on", "id")),
        follow_ups=list(case.follow_ups.select_related("done_by")),
        members=list(
            Person.objects.filter(
                household_id=case.household_id, moved_out_on__isnull=True, died_on__isnull=True
            ).order_by("id")
        ),
        notes_allowed=notes_allowed,
    )
    if notes_allowed:
        detail.notes = list(case.notes.select_related("author"))
    if notes_allowed and _sees_household_sensitive(principal, case, detail.team):
        detail.sensitive_flags = list(
            PersonFlag.objects.filter(
                person__household_id=case.household_id, kind__in=SENSITIVE_FLAGS, ended_on__isnull=True
            )
            .select_related("person")
            .order_by("started_on")
        )
    return detail


def _sees_household_sensitive(principal: Principal, case: Case, team: list[CaseTeamMember]) -> bool:
    """The household's abuse, violence and suicide-risk records on the case page: for whoever sees them on the
    household (its staff in charge, the dong's supervisor), the case's supervisors and the team they chose. Not for a
    worker by opening the case alone — anyone of the dong may open one; the supervisor's selection puts the worker in
    charge."""
    return (
        registry_rules.can_see_sensitive(principal, case.household)
        or rules.is_case_supervisor(principal, case)
        or (principal.staff is not None and any(m.staff_id == principal.staff.pk for m in team))
    )


def open_case_of(principal: Principal, household: Household) -> Case | None:
    """The household's open case, if the user may see it (for the household page)."""
    return rules.cases_visible_to(principal).filter(household=household, stage__in=OPEN_STAGES).first()


def household_section(principal: Principal, household: Household) -> dict[str, object]:
    """The household page's case link: its open case if the user may see it, else 사례 접수 for staff who may
    open one."""
    return {
        "open_case": open_case_of(principal, household) if principal.staff else None,
        "can_open_case": principal.staff is not None and registry_rules.can_edit_household(principal, household),
    }
