"""Case management in the demo district (사례관리): cases in every stage with their whole history, the
desk's consultations and referrals, and the conferences that decided on them, dong by dong as the
population builder finishes each, written in bulk with the demo's writer.

Proportions follow seed 001's 2014 table (a district Hope team's year: 119 households — 사례관리 42,
서비스연계 18, 미선정 18, 종결 41; by household 기초수급 81, 차상위 22, 일반저소득 16), scaled to a
dong-centred district: 40–80 cases a year per dong at full scale by its share of 기초수급·차상위
recipients, at least a few per dong (and a dozen in the persona dongs 월곡2동 and 장위1동) at any scale.
The stages and selections are allocated district-wide (largest remainder) and shuffled, then dealt to the
dongs, so the district's counts follow the shares exactly; the persona dongs trade cases with the others
until they have one of each stage their accounts' work lists need.

Each case's history obeys the rules of `cases.services` (it would pass them): an assessment before the
selection, a plan and its approval before service, follow-ups at 6 and 12 months after closure (service-link
households: 6), 연락두절 only after three months of failed attempts, agencies only with the resident's
third-party consent or a recorded legal exception, decisions by the dong's supervisor or at a conference.
Closures for death or moving away are left out: the registry's people stay as the 2014 figures have them.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from chatdong.cases.models import (
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
    ServiceDelivery,
    ServicePlan,
    Source,
)
from chatdong.cases.services import FOLLOW_UP_MONTHS, UNREACHABLE_MONTHS, priority_of
from chatdong.cases.states import SELECTION_STAGE, Action, ClosureReason, Selection, Stage
from chatdong.core.dates import add_months
from chatdong.core.needs import NeedDomain
from chatdong.meetings.models import AgendaItem
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.org.reference import DongFigures
from chatdong.registry.models import SENSITIVE_FLAGS, Consent, Flag, PersonFlag, StaffAssignment
from chatdong.resources.catalogue import sync_programmes

from . import casetexts as txt
from .conferences import AgendaEntry, DongMeetings, MeetingPlan, at, working_day
from .desk import DeskBuilder, DeskIntake, add_consent, adult, need_domains, weighted
from .desk import working_days as working_days_between
from .directory import AgencyRef, Directory, DongPeople
from .households import Home, Member
from .population import DongResult, scaled
from .records import STAFF_ASSIGNMENT_FIELDS
from .rows import Rows
from .staff import DongOrg
from .writer import BulkWriter

K = Agency.Kind
M, L, X = Selection.MANAGED, Selection.SERVICE_LINK, Selection.EXCLUDED

PERSONA_DONGS = ("월곡2동", "장위1동")
CASES_A_YEAR = (40, 80)  # per dong at full scale
MIN_CASES, MIN_PERSONA_CASES = 3, 12
DESK_PER_DAY = (3.0, 6.0)  # consultations per dong per working day at full scale
MIN_CONSULTATIONS, MIN_PERSONA_CONSULTATIONS = 2, 15
NEAR_POOR_COLUMNS = ("near_poor_self_support", "near_poor_disabled", "near_poor_copay_reduction",
                     "near_poor_priority_care")  # fmt: skip

# Seed 001's year (사례관리 42, 서비스연계 18, 미선정 18, 종결 41 of 119) for the 90% of cases already selected;
# the other 10% are still at intake or assessment. Of the open managed cases 12% are being planned and 12%
# wait for closure approval; the 41 closed ones were managed and service-link cases in the ratio 42:18.
_SELECTED = 0.9 / 119
KIND_WEIGHTS: dict[tuple[str, str], float] = {
    (Stage.INTAKE, ""): 0.04,
    (Stage.ASSESSMENT, ""): 0.06,
    (Stage.PLANNING, M): 42 * 0.12 * _SELECTED,
    (Stage.IN_SERVICE, M): 42 * 0.76 * _SELECTED,
    (Stage.CLOSURE_REQUESTED, M): 42 * 0.12 * _SELECTED,
    (Stage.IN_SERVICE, L): 18 * 0.85 * _SELECTED,
    (Stage.CLOSURE_REQUESTED, L): 18 * 0.15 * _SELECTED,
    (Stage.NOT_SELECTED, X): 18 * _SELECTED,
    (Stage.CLOSED, M): 41 * 42 / 60 * _SELECTED,
    (Stage.CLOSED, L): 41 * 18 / 60 * _SELECTED,
}
HOUSEHOLD_TYPES: dict[str, float] = {"basic": 81, "near_poor": 22, "low_income": 16}
FALLBACK = {
    "basic": ("basic", "near_poor", "low_income"),
    "near_poor": ("near_poor", "basic", "low_income"),
    "low_income": ("low_income", "near_poor", "basic"),
}
# The three families of domain.md: positive 55, circumstantial 30, agency-limited 15.
CLOSURE_WEIGHTS: dict[str, float] = {
    ClosureReason.LONG_TERM_GOAL: 15, ClosureReason.SHORT_TERM_GOAL: 20, ClosureReason.IMPROVED: 20,
    ClosureReason.REFUSED: 10, ClosureReason.GAVE_UP: 7, ClosureReason.UNREACHABLE: 13,
    ClosureReason.AGENCY_LIMIT: 15,
}  # fmt: skip
SOURCES = [(Source.DESK, 30), (Source.PLANNER_VISIT, 28), (Source.OFFICER, 12), (Source.LEADER, 12),
           (Source.AGENCY, 14), (Source.OTHER, 4)]  # fmt: skip
# What the persona dongs' accounts need on their work lists: one case of each of these at least.
REQUIRED_IN_PERSONA = [
    (Stage.INTAKE, ""), (Stage.ASSESSMENT, ""), (Stage.PLANNING, M), (Stage.IN_SERVICE, M), (Stage.IN_SERVICE, M),
    (Stage.IN_SERVICE, M), (Stage.IN_SERVICE, L), (Stage.CLOSURE_REQUESTED, M), (Stage.CLOSED, M),
    (Stage.CLOSED, L), (Stage.NOT_SELECTED, X),
]  # fmt: skip
OVERDUE_SHARE = 0.12  # in-service cases whose monitoring is past due
# Days before today a case still in this stage was opened.
OPENED_AGO: dict[tuple[str, str], tuple[int, int]] = {
    (Stage.INTAKE, ""): (0, 12), (Stage.ASSESSMENT, ""): (10, 40), (Stage.PLANNING, M): (30, 75),
    (Stage.NOT_SELECTED, X): (25, 360), (Stage.IN_SERVICE, M): (45, 420), (Stage.IN_SERVICE, L): (20, 300),
}  # fmt: skip
CRISIS_LEAD: dict[str, str] = {
    Flag.SUICIDE_RISK: K.MENTAL_HEALTH_CENTRE, Flag.ELDER_ABUSE: K.ELDER_WELFARE_CENTRE,
    Flag.CHILD_ABUSE: K.CHILD_PROTECTION, Flag.DOMESTIC_VIOLENCE: K.DOMESTIC_VIOLENCE_COUNSELLING,
}  # fmt: skip
# Abuse is reported without waiting for consent: the link to the lead agency carries the legal ground.
LEGAL_EXCEPTIONS: dict[str, str] = {
    Flag.ELDER_ABUSE: "노인학대 신고(노인복지법 제39조의6)",
    Flag.CHILD_ABUSE: "아동학대 신고(아동학대범죄의 처벌 등에 관한 특례법 제10조)",
    Flag.DOMESTIC_VIOLENCE: "가정폭력 신고(가정폭력범죄의 처벌 등에 관한 특례법 제4조)",
}
AMOUNTS: dict[str, tuple[int, int]] = {  # won per delivery, by domain (others: none)
    NeedDomain.ECONOMY: (100_000, 1_000_000), NeedDomain.HOUSING: (100_000, 2_000_000),
    NeedDomain.EDUCATION: (50_000, 300_000), NeedDomain.OTHER: (20_000, 100_000),
}  # fmt: skip
METHODS = [(MonitoringContact.Method.PHONE, 55), (MonitoringContact.Method.VISIT, 40),
           (MonitoringContact.Method.OFFICE, 5)]  # fmt: skip

CASE_FIELDS = (
    "id", "household_id", "person_id", "dong_id", "source", "source_note", "worker_id", "case_type",
    "lead_agency_id", "stage", "priority", "selection", "selected_on", "selected_by_id", "opened_on",
    "monitoring_interval_days", "next_monitoring_on", "stage_before_closure", "closure_reason", "closure_note",
    "closure_requested_by_id", "closure_approved_by_id", "closed_on", "created_at",
)  # fmt: skip
EVENT_FIELDS = ("case_id", "at", "actor_id", "action", "from_stage", "to_stage", "note", "meeting_id")
ASSESSMENT_FIELDS = (
    "id", "case_id", "assessed_on", "assessed_by_id", "urgency", "importance", "summary", "is_reassessment",
)  # fmt: skip
NEED_FIELDS = ("assessment_id", "domain", "note")
PLAN_FIELDS = ("id", "case_id", "written_on", "written_by_id", "summary", "approved_on", "approved_by_id")
GOAL_FIELDS = ("plan_id", "term", "description", "target_on", "status")
PLANNED_FIELDS = (
    "id", "plan_id", "domain", "programme_id", "agency_id", "description", "amount", "starts_on", "ends_on",
)  # fmt: skip
DELIVERY_FIELDS = (
    "case_id", "planned_service_id", "domain", "agency_id", "description", "amount", "delivered_on", "recorded_by_id",
)  # fmt: skip
CONTACT_FIELDS = ("case_id", "contacted_on", "method", "reached", "with_whom", "changes", "recorded_by_id")
NOTE_FIELDS = ("case_id", "author_id", "written_at", "text")
FOLLOW_UP_FIELDS = ("case_id", "sequence", "due_on", "done_on", "outcome", "reopened", "done_by_id")
TEAM_FIELDS = ("case_id", "staff_id", "added_on")
CASE_AGENCY_FIELDS = ("case_id", "agency_id", "role", "added_on", "legal_exception")


# -- planning the district's cases ------------------------------------------------------------------------


@dataclass
class CaseSpec:
    stage: str
    selection: str
    household_type: str
    reason: str = ""  # closure reason (closed and closure-requested cases)
    overdue: bool = False  # monitoring past due
    due_soon: bool = False  # monitoring due within the week
    follow_up_now: bool = False  # the 6-month follow-up falls in this month
    for_planner: bool = False  # worked by the dong's poverty-crisis planner (the persona account)

    @property
    def kind(self) -> tuple[str, str]:
        return (self.stage, self.selection)


def allocate[Key](n: int, weights: dict[Key, float]) -> list[Key]:
    """n items split by the weights, rounded by largest remainder (so the counts add up to n exactly)."""
    total = sum(weights.values())
    exact = {key: n * w / total for key, w in weights.items()}
    counts = {key: int(v) for key, v in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[key] += 1
    return [key for key, c in counts.items() for _ in range(c)]


def need_ratios(figures: list[DongFigures]) -> dict[str, float]:
    """Each dong's 기초수급 and 차상위 recipients relative to the district's average dong."""
    need = {f.name: f.recipients["basic_livelihood"] + sum(f.recipients[c] for c in NEAR_POOR_COLUMNS) for f in figures}
    mean = sum(need.values()) / len(need)
    return {name: n / mean for name, n in need.items()}


def case_counts(figures: list[DongFigures], scale: float) -> dict[str, int]:
    low, high = CASES_A_YEAR
    counts = {}
    for name, ratio in need_ratios(figures).items():
        base = round(min(high, max(low, (low + high) / 2 * ratio)))
        counts[name] = max(MIN_PERSONA_CASES if name in PERSONA_DONGS else MIN_CASES, scaled(base, scale))
    return counts


def consultation_counts(figures: list[DongFigures], scale: float, days: int) -> dict[str, int]:
    low, high = DESK_PER_DAY
    counts = {}
    for name, ratio in need_ratios(figures).items():
        per_day = min(high, max(low, (low + high) / 2 * ratio))
        floor = MIN_PERSONA_CONSULTATIONS if name in PERSONA_DONGS else MIN_CONSULTATIONS
        counts[name] = max(floor, scaled(round(per_day * days), scale))
    return counts


def plan_cases(rng: random.Random, counts: dict[str, int]) -> dict[str, list[CaseSpec]]:
    total = sum(counts.values())
    kinds = allocate(total, KIND_WEIGHTS)
    types = allocate(total, HOUSEHOLD_TYPES)
    rng.shuffle(kinds)
    rng.shuffle(types)
    specs = [CaseSpec(stage, selection, t) for (stage, selection), t in zip(kinds, types, strict=True)]
    closing = [s for s in specs if s.stage in (Stage.CLOSED, Stage.CLOSURE_REQUESTED)]
    reasons = allocate(len(closing), CLOSURE_WEIGHTS)
    rng.shuffle(reasons)
    for spec, reason in zip(closing, reasons, strict=True):
        spec.reason = reason
    by_dong: dict[str, list[CaseSpec]] = {}
    start = 0
    for name, n in counts.items():
        by_dong[name] = specs[start : start + n]
        start += n
    for name in PERSONA_DONGS:
        if name in by_dong:
            _make_room(rng, by_dong, name)
    for name, dong_specs in by_dong.items():
        _mark_work_lists(dong_specs, name in PERSONA_DONGS)
    return by_dong


def _make_room(rng: random.Random, by_dong: dict[str, list[CaseSpec]], name: str) -> None:
    """Trade cases with the other dongs until the persona dong has every kind its accounts need."""
    mine = by_dong[name]
    required: Counter[tuple[str, str]] = Counter(REQUIRED_IN_PERSONA)
    for kind, need in required.items():
        while sum(1 for s in mine if s.kind == kind) < need:
            have = Counter(s.kind for s in mine)
            spare = [i for i, s in enumerate(mine) if have[s.kind] > required.get(s.kind, 0)]
            if not spare:
                return
            i = max(spare, key=lambda j: have[mine[j].kind] - required.get(mine[j].kind, 0))
            donors = [
                (lst, j)
                for other, lst in by_dong.items()
                if other not in PERSONA_DONGS
                for j, s in enumerate(lst)
                if s.kind == kind
            ]
            if donors:
                lst, j = rng.choice(donors)
                mine[i], lst[j] = lst[j], mine[i]
            else:  # a tiny district has none to trade: this one changes kind
                closing = kind[0] in (Stage.CLOSED, Stage.CLOSURE_REQUESTED)
                mine[i] = CaseSpec(kind[0], kind[1], mine[i].household_type,
                                   reason=ClosureReason.IMPROVED if closing else "")  # fmt: skip


def _mark_work_lists(specs: list[CaseSpec], persona: bool) -> None:
    serving = [s for s in specs if s.stage == Stage.IN_SERVICE]
    overdue = round(OVERDUE_SHARE * len(serving))
    for spec in serving[: max(1, overdue) if persona else overdue]:
        spec.overdue = True
    if not persona:
        return
    # The persona planner's own work list: an overdue contact, one due this week, a follow-up due this month.
    if serving:
        serving[0].for_planner = True
    rest = [s for s in serving if not s.overdue]
    if rest:
        rest[0].due_soon = rest[0].for_planner = True
    closed = [s for s in specs if s.stage == Stage.CLOSED and s.selection == M]
    if closed:
        closed[0].follow_up_now = closed[0].for_planner = True


# -- one case's history -----------------------------------------------------------------------------------


def masked(name: str) -> str:
    return name[:1] + "○" * (len(name) - 1)


class _Timeline:
    """A case's events; sorted by time at the end and their stages replayed, so they always chain."""

    def __init__(self) -> None:
        self.items: list[tuple[dt.datetime, int | None, str, str | None, str, int | None]] = []

    def add(self, when: dt.datetime, actor: int | None, action: str, to_stage: str | None, note: str,
            meeting: MeetingPlan | None = None) -> None:  # fmt: skip
        self.items.append((when, actor, action, to_stage, note[:300], meeting.id if meeting else None))

    def rows(self, case_id: int) -> list[tuple]:
        out = []
        stage = ""
        for when, actor, action, to_stage, note, meeting_id in sorted(self.items, key=lambda item: item[0]):
            after = to_stage or stage
            out.append((case_id, when, actor, action, stage, after, note, meeting_id))
            stage = after
        return out


@dataclass(frozen=True)
class VisitCase:
    """A case opened after a planner's home visit: the outreach demo writes that visit (chatdong.demo.outreach)."""

    case_id: int
    home: Home
    member: Member
    opened: dt.date
    worker_id: int


@dataclass
class DongCases:
    intakes: list[DeskIntake] = field(default_factory=list)
    from_visits: list[VisitCase] = field(default_factory=list)
    reviews: list[tuple[int, dt.date, dt.date, str]] = field(default_factory=list)
    pending: list[AgendaEntry] = field(default_factory=list)
    cases: int = 0


class CaseBuilder:
    def __init__(self, rows: Rows, directory: Directory, today: dt.date) -> None:
        self.rows = rows
        self.directory = directory
        self.today = today

    def build(
        self, rng: random.Random, org: DongOrg, people: DongPeople, specs: list[CaseSpec], meetings: DongMeetings,
        persona: bool,
    ) -> DongCases:  # fmt: skip
        pools = {
            "basic": [h for h in people.homes if h.id in people.basic],
            "near_poor": [h for h in people.homes if h.id in people.near_poor],
            "low_income": [h for h in people.homes if h.id not in people.basic and h.id not in people.near_poor],
        }
        for pool in pools.values():
            rng.shuffle(pool)
        members = {m.id: (h, m) for h in people.homes for m in h.members}
        flagged = [(members[pid], kind) for pid, kind in people.sensitive if pid in members]
        rng.shuffle(flagged)
        used: set[int] = set()
        out = DongCases()
        for spec in specs:
            case_type = CaseType.GENERAL
            if spec.stage not in (Stage.INTAKE, Stage.NOT_SELECTED):
                draw = rng.random()
                if draw < 0.10 and spec.selection == M:
                    case_type = CaseType.CRISIS
                elif draw < 0.30:
                    case_type = CaseType.SPECIALIST
            flag_kind = ""
            chosen: tuple[Home, Member] | None = None
            if case_type == CaseType.CRISIS:
                while flagged and chosen is None:
                    (flagged_home, member), kind = flagged.pop()
                    if flagged_home.id not in used and member.age >= 14:
                        chosen, flag_kind = (flagged_home, member), kind
            if chosen is None:
                home = self._take(pools, used, spec.household_type)
                if home is None:
                    continue  # a dong smaller than its cases (only at the tiniest scales)
                chosen = (home, adult(home))
            used.add(chosen[0].id)
            worker = org.staff[self._worker(rng, spec, chosen[0], persona, case_type)]
            _CaseStory(self, rng, org, meetings, spec, chosen[0], chosen[1], case_type, flag_kind, worker,
                       people, out).write()  # fmt: skip
            out.cases += 1
        return out

    @staticmethod
    def _take(pools: dict[str, list[Home]], used: set[int], household_type: str) -> Home | None:
        for kind in FALLBACK[household_type]:
            pool = pools[kind]
            while pool:
                home = pool.pop()
                if home.id not in used:
                    return home
        return None

    @staticmethod
    def _worker(rng: random.Random, spec: CaseSpec, home: Home, persona: bool, case_type: str) -> str:
        """The dong's planner whose speciality fits the household; in the persona dongs mostly the
        poverty-crisis planner, so that the demo account has a full work list."""
        if spec.for_planner or (persona and rng.random() < 0.75):
            return "planner"
        ages = [m.age for m in home.members]
        if case_type == CaseType.CRISIS:
            return rng.choice(["plannercare", "planner"])
        if min(ages) < 7 and rng.random() < 0.6:
            return "plannerbirth"
        if min(ages) >= 64 and rng.random() < 0.6:
            return rng.choice(["planner65", "plannercare"])
        return "planner"


@dataclass
class _State:
    """The case row as the story goes."""

    opened: dt.date
    source: str
    stage: str = Stage.INTAKE
    priority: int = 3
    selected_on: dt.date | None = None
    closed_on: dt.date | None = None
    next_monitoring: dt.date | None = None
    lead: int | None = None
    reason: str = ""
    follow_ups_open: bool = False
    last_follow_up: dt.date | None = None


class _CaseStory:
    """Makes and writes one case from intake to where its spec says it is today."""

    def __init__(
        self, builder: CaseBuilder, rng: random.Random, org: DongOrg, meetings: DongMeetings, spec: CaseSpec,
        home: Home, member: Member, case_type: str, flag_kind: str, worker: StaffMember, people: DongPeople,
        out: DongCases,
    ) -> None:  # fmt: skip
        self.b = builder
        self.rows = builder.rows
        self.directory = builder.directory
        self.today = builder.today
        self.rng = rng
        self.org = org
        self.meetings = meetings
        self.spec = spec
        self.home = home
        self.member = member
        self.case_type = case_type
        self.flag_kind = flag_kind
        self.worker = worker
        self.supervisor = org.staff["supervisor"]
        self.people = people
        self.out = out
        self.id = self.rows.new_id(Case)
        self.timeline = _Timeline()
        self.name = masked(member.name)
        self.interval = 14 if case_type == CaseType.CRISIS else 30
        self.agencies: list[tuple[int, str, dt.date, str]] = []  # agency, role, added on, legal exception
        self.team: dict[int, dt.date] = {}
        self.goals: tuple[int, list[tuple[str, str, dt.date]]] | None = None  # plan id and its goals

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def day(self, day: dt.date, latest: dt.date | None = None) -> dt.date:
        """A working day no later than `latest` (default today)."""
        latest = latest or self.today
        return working_day(min(day, latest), latest)

    # -- the story ----------------------------------------------------------------------------------------

    def write(self) -> None:
        rng, spec, today = self.rng, self.spec, self.today
        stage, selection = spec.stage, spec.selection
        unreachable = spec.reason == ClosureReason.UNREACHABLE
        request = closed = None
        if stage == Stage.CLOSED:
            if spec.follow_up_now:
                month = today.replace(day=1)
                due = rng.choice(working_days_between(month, add_months(month, 1) - dt.timedelta(days=1)))
                closed = add_months(due, -FOLLOW_UP_MONTHS[Selection.MANAGED][0])
            else:
                closed = today - self.days(5, 400)
            life = (200, 400) if unreachable else ((100, 330) if selection == M else (60, 150))
            opened = closed - self.days(*life)
            request = self.day(closed - self.days(2, 12), closed - dt.timedelta(days=1))
        elif stage == Stage.CLOSURE_REQUESTED:
            request = self.day(today - self.days(1, 14))
            opened = request - self.days(*((210, 420) if unreachable else (120, 400)))
        else:
            low, high = OPENED_AGO[spec.kind]
            if spec.overdue or spec.due_soon:
                low = max(low, 120)
            opened = today - self.days(low, max(low, high))
        opened = self.day(opened)
        end = request or today
        source = weighted(rng, SOURCES)
        if self.flag_kind and rng.random() < 0.5:
            source = Source.AGENCY
        opener = self.org.staff["desk"] if source == Source.DESK else self.worker
        self.timeline.add(at(opened, 10), opener.pk, "open", Stage.INTAKE, f"접수: {Source(source).label}")
        needs = need_domains(rng, rng.choices([1, 2, 3, 4], weights=[25, 40, 25, 10])[0])
        if self.flag_kind and NeedDomain.HEALTH not in needs:
            needs = [NeedDomain.HEALTH, *needs]
        case = _State(opened, source)
        if source == Source.DESK:
            self.out.intakes.append(DeskIntake(self.id, self.home, self.member, opened, needs[:2], self.worker.pk))
        elif source == Source.PLANNER_VISIT:
            self.out.from_visits.append(VisitCase(self.id, self.home, self.member, opened, self.worker.pk))
        if stage != Stage.INTAKE:
            self._story(case, needs, end, request, closed)
        self._write_case(case)
        self._assignment(case)
        self._consents(case)
        self._notes(case, end)
        self._write_goals(case.stage == Stage.CLOSED, case.reason)
        for row in self.timeline.rows(self.id):
            self.rows.add(CaseEvent, EVENT_FIELDS, row)

    def _story(self, case: _State, needs: list[str], end: dt.date, request: dt.date | None,
               closed: dt.date | None) -> None:  # fmt: skip
        rng, spec, today = self.rng, self.spec, self.today
        stage, selection = spec.stage, spec.selection
        opened = case.opened
        assessed = self.day(opened + self.days(3, 14))
        if self.case_type == CaseType.CRISIS:
            urgency, importance = 3, rng.choice([2, 3])
        elif selection == X:
            urgency, importance = 1, rng.choice([1, 2])
        elif self.case_type == CaseType.SPECIALIST:
            urgency, importance = rng.choice([2, 3]), rng.choice([2, 3])
        else:
            urgency, importance = rng.choice([1, 2, 2, 3]), rng.choice([1, 2, 2, 3])
        summary = rng.choice(txt.ASSESSMENT_SUMMARIES)
        self._assessment(assessed, urgency, importance, summary, needs, reassessment=False)
        case.priority = priority_of(urgency, importance)
        case.stage = Stage.ASSESSMENT
        self.timeline.add(at(assessed, 15), self.worker.pk, Action.ASSESS, Stage.ASSESSMENT, "욕구조사")
        if stage == Stage.ASSESSMENT:
            self.out.pending.append(AgendaEntry(self.id, "대상자 구분·선정", person_name=self.name))
            return

        # Selection: at the first conference after the assessment, or by the supervisor.
        # Leave room for what follows: a plan before today, service long enough to have been monitored.
        if stage == Stage.PLANNING:
            latest = today - dt.timedelta(days=3)
        elif stage == Stage.NOT_SELECTED:
            latest = today - dt.timedelta(days=1)
        elif stage == Stage.IN_SERVICE:
            latest = today - dt.timedelta(days=12 if selection == M else 3)
        else:
            latest = end - dt.timedelta(days=40)
        latest = max(latest, assessed + dt.timedelta(days=1))
        earliest = min(assessed + self.days(2, 8), latest)
        meeting = None
        if rng.random() < 0.75:
            meeting = self.meetings.find(earliest, min(earliest + dt.timedelta(days=28), latest))
        selected = meeting.day if meeting else self.day(earliest, latest)
        label = Selection(selection).label
        entry = AgendaEntry(
            self.id, "대상자 구분·선정", AgendaItem.Decision.SELECTION, label, summary, person_name=self.name
        )
        when = self.meetings.decide(meeting, entry) if meeting else at(selected, 16)
        case.selected_on, case.stage = selected, SELECTION_STAGE[Selection(selection)]
        self.timeline.add(when, self.supervisor.pk, Action.SELECT, case.stage, label, meeting)
        if selection == X:
            case.closed_on = selected
            return

        if self.case_type in (CaseType.SPECIALIST, CaseType.CRISIS):
            self._lead(case, selected, meeting, latest)
        if self.case_type == CaseType.CRISIS and self.directory.hope_staff:
            self.team[rng.choice(self.directory.hope_staff)] = selected
        if NeedDomain.HEALTH in needs and rng.random() < 0.3:
            self.team[self.org.staff["nurse"].pk] = selected

        if selection == M:
            start = self._plan(case, needs, selected, end)
            if start is None:
                return
        else:
            start = selected
            self._service_links(needs, start, end)
        self._monitoring(case, start, end, unreachable=spec.reason == ClosureReason.UNREACHABLE)
        self.out.reviews.append((self.id, start, end, self.name))
        if (end - start).days > 200 and rng.random() < 0.6:
            again = self.day(start + self.days(150, 190), end - dt.timedelta(days=3))
            urgency, importance = max(1, urgency - 1), importance
            self._assessment(
                again, urgency, importance, "재사정: 초기 위기 완화, 남은 욕구 확인", needs, reassessment=True
            )
            case.priority = priority_of(urgency, importance)
            self.timeline.add(at(again, 15), self.worker.pk, Action.ASSESS, None, "재사정")
        if request:
            self._closure(case, request, closed)

    # -- pieces -------------------------------------------------------------------------------------------

    def _assessment(self, on: dt.date, urgency: int, importance: int, summary: str, needs: list[str],
                    reassessment: bool) -> None:  # fmt: skip
        assessment_id = self.rows.new_id(Assessment)
        self.rows.add(
            Assessment,
            ASSESSMENT_FIELDS,
            (assessment_id, self.id, on, self.worker.pk, urgency, importance, summary, reassessment),
        )
        for domain in needs:
            self.rows.add(AssessmentNeed, NEED_FIELDS, (assessment_id, domain, self.rng.choice(txt.NEEDS[domain])))

    def _lead(self, case: _State, selected: dt.date, meeting: MeetingPlan | None, latest: dt.date) -> None:
        """주 사례관리기관 for specialist and crisis cases, at an integrated conference if one follows soon."""
        rng = self.rng
        ages = [m.age for m in self.home.members]
        if self.flag_kind:
            kind = CRISIS_LEAD[self.flag_kind]
        elif min(ages) < 13 and rng.random() < 0.5:
            kind = K.DREAM_START
        elif self.member.age >= 65:
            kind = K.ELDER_WELFARE_CENTRE
        else:
            kind = rng.choice([K.COMMUNITY_WELFARE_CENTRE, K.COMMUNITY_WELFARE_CENTRE, K.MENTAL_HEALTH_CENTRE])
        lead = self.directory.agency(rng, kind, self.org.dong.pk)
        if lead is None:
            return
        integrated = self.meetings.find(selected, min(selected + dt.timedelta(days=45), latest), integrated=True)
        at_meeting = integrated or meeting
        entry = AgendaEntry(self.id, "주 사례관리기관 결정", AgendaItem.Decision.LEAD_AGENCY, lead.name,
                            person_name=self.name)  # fmt: skip
        if at_meeting:
            when = self.meetings.decide(at_meeting, entry)
            at_meeting.agencies.append(lead.id)
        else:
            when = at(selected, 16, 30)
        on = timezone_date(when)
        exception = LEGAL_EXCEPTIONS.get(self.flag_kind, "")
        self.agencies.append((lead.id, "주 사례관리기관", on, exception))
        case.lead = lead.id
        self.timeline.add(when, self.worker.pk, "set_lead", None, f"주 사례관리기관: {lead.name}", at_meeting)
        if self.flag_kind == Flag.ELDER_ABUSE:
            police = self.directory.agency(rng, K.POLICE, self.org.dong.pk)
            if police:
                self.agencies.append((police.id, "학대 신고 연계", on, exception))
                self.timeline.add(when + dt.timedelta(minutes=5), self.worker.pk, "add_agency", None,
                                  f"참여 기관: {police.name}")  # fmt: skip

    def _plan(self, case: _State, needs: list[str], selected: dt.date, end: dt.date) -> dt.date | None:
        """The service plan; returns the day service started (its approval), or None while it is not approved."""
        rng, today = self.rng, self.today
        planning = self.spec.stage == Stage.PLANNING
        written = selected + self.days(2, 10)
        if planning and written >= today:
            self.out.pending.append(AgendaEntry(self.id, "서비스계획 수립 논의", person_name=self.name))
            return None
        written = self.day(written, today - dt.timedelta(days=1) if planning else end - dt.timedelta(days=25))
        written = max(written, selected)
        plan_id = self.rows.new_id(ServicePlan)
        self.timeline.add(at(written, 14), self.worker.pk, "write_plan", None, "서비스계획 작성")
        approved = meeting = None
        if not planning:
            earliest = written + self.days(1, 7)
            latest = max(earliest, end - dt.timedelta(days=20))
            meeting = (
                self.meetings.find(earliest, min(earliest + dt.timedelta(days=25), latest))
                if rng.random() < 0.35
                else None
            )
            approved = meeting.day if meeting else self.day(earliest, latest)
            entry = AgendaEntry(
                self.id, "서비스계획 승인", AgendaItem.Decision.PLAN_APPROVAL, "승인", person_name=self.name
            )
            when = self.meetings.decide(meeting, entry) if meeting else at(approved, 16, 30)
            self.timeline.add(
                when, self.supervisor.pk, Action.APPROVE_PLAN, Stage.IN_SERVICE, "서비스계획 승인", meeting
            )
            case.stage = Stage.IN_SERVICE
        else:
            self.out.pending.append(AgendaEntry(self.id, "서비스계획 승인", person_name=self.name))
        self.rows.add(ServicePlan, PLAN_FIELDS, (
            plan_id, self.id, written, self.worker.pk, rng.choice(txt.PLAN_SUMMARIES), approved,
            self.supervisor.pk if approved else None,
        ))  # fmt: skip
        domains = needs[:4]
        if len(domains) < 4 and rng.random() < 0.3:  # something the assessment did not name, e.g. 나눔이웃
            domains = list(dict.fromkeys([*domains, *need_domains(rng, 1)]))
        start = approved or written
        goal_rows: list[tuple[str, str, dt.date]] = [
            (Goal.Term.LONG, rng.choice(txt.LONG_GOALS[domains[0]]), start + self.days(180, 365))
        ]
        goal_rows += [
            (Goal.Term.SHORT, rng.choice(txt.SHORT_GOALS[d]), start + self.days(30, 120)) for d in domains[:3]
        ]
        self.goals = (plan_id, goal_rows)
        for domain in domains:
            service_id = self.rows.new_id(PlannedService)
            programme = rng.choice(self.directory.programmes[domain]) if self.directory.programmes.get(domain) else None
            agency = self.directory.provider(rng, programme, self.org.dong.pk) if programme else None
            amount = rng.randrange(*AMOUNTS[domain], 10_000) if domain in AMOUNTS else None
            starts = written + self.days(5, 20)
            ends = starts + self.days(90, 365)
            description = programme.name if programme else rng.choice(txt.SERVICE_DESCRIPTIONS[domain])
            self.rows.add(PlannedService, PLANNED_FIELDS, (
                service_id, plan_id, domain, programme.id if programme else None, agency.id if agency else None,
                description, amount, starts, ends,
            ))  # fmt: skip
            if agency:
                self._link(agency, "서비스 제공", written, at(written, 14, 5))
            if approved:
                self._deliveries(service_id, domain, agency, description, amount, max(starts, approved),
                                 min(ends, end))  # fmt: skip
        return approved

    def _write_goals(self, case_closed: bool, reason: str = "") -> None:
        if self.goals is None:
            return
        plan_id, goals = self.goals
        rng, today = self.rng, self.today
        S = Goal.Status
        for term, description, target in goals:
            if not case_closed:
                status = S.ACHIEVED if term == Goal.Term.SHORT and target < today and rng.random() < 0.5 else S.ONGOING
            elif reason in (ClosureReason.LONG_TERM_GOAL, ClosureReason.IMPROVED):
                status = S.ACHIEVED
            elif reason == ClosureReason.SHORT_TERM_GOAL:
                status = S.ACHIEVED if term == Goal.Term.SHORT else S.NOT_ACHIEVED
            elif reason == ClosureReason.AGENCY_LIMIT:
                status = S.NOT_ACHIEVED
            else:
                status = S.STOPPED
            self.rows.add(Goal, GOAL_FIELDS, (plan_id, term, description, target, status))
        self.goals = None

    def _link(self, agency: AgencyRef, role: str, on: dt.date, when: dt.datetime) -> None:
        if any(a[0] == agency.id for a in self.agencies):
            return
        self.agencies.append((agency.id, role, on, ""))
        self.timeline.add(when, self.worker.pk, "add_agency", None, f"참여 기관: {agency.name}")

    def _deliveries(self, planned_id: int | None, domain: str, agency: AgencyRef | None, description: str,
                    amount: int | None, first: dt.date, last: dt.date) -> None:  # fmt: skip
        day, made = first, 0
        last = min(last, self.today)
        while day <= last and made < 6:
            self.rows.add(ServiceDelivery, DELIVERY_FIELDS, (
                self.id, planned_id, domain, agency.id if agency else None, description, amount,
                self.day(day, last), self.worker.pk,
            ))  # fmt: skip
            made += 1
            day += self.days(25, 35)

    def _service_links(self, needs: list[str], start: dt.date, end: dt.date) -> None:
        """서비스연계가구: services linked without a plan."""
        rng = self.rng
        for domain in needs[: rng.randint(1, 2)]:
            programme = rng.choice(self.directory.programmes[domain]) if self.directory.programmes.get(domain) else None
            agency = self.directory.provider(rng, programme, self.org.dong.pk) if programme else None
            if agency:
                self._link(agency, "서비스 연계", start, at(start, 16, 45))
            amount = rng.randrange(*AMOUNTS[domain], 10_000) if domain in AMOUNTS else None
            first = start + self.days(1, 15)
            last = min(end, first + self.days(0, 60))
            description = programme.name if programme else rng.choice(txt.SERVICE_DESCRIPTIONS[domain])
            self._deliveries(None, domain, agency, description, amount, first, last)

    def _monitoring(self, case: _State, start: dt.date, end: dt.date, unreachable: bool) -> None:
        """Contacts every interval from the start of service; the last one made sets the next due date."""
        rng, spec, today, interval = self.rng, self.spec, self.today, self.interval
        if spec.stage == Stage.IN_SERVICE:
            if spec.overdue:
                last = today - dt.timedelta(days=interval) - self.days(3, 35)
            elif spec.due_soon:
                last = today - dt.timedelta(days=interval) + self.days(3, 6)
            else:
                last = today - self.days(2, interval - 3)
        elif unreachable:
            last = end - self.days(125, 150)
        else:
            last = end - self.days(0, 15)
        last = back_to_weekday(last)
        reached: list[dt.date] = []
        day = last
        while day > start + dt.timedelta(days=2) and len(reached) < 24:
            reached.append(day)
            day = back_to_weekday(day - dt.timedelta(days=interval) + self.days(-5, 5))
        failed: list[dt.date] = []
        for day in reached:
            if rng.random() < 0.08 and day - dt.timedelta(days=4) > start:
                failed.append(back_to_weekday(day - self.days(2, 4)))
        if spec.overdue and rng.random() < 0.5:
            attempt = last + dt.timedelta(days=interval) + self.days(0, 10)
            if attempt < today:
                failed.append(back_to_weekday(attempt))
        if unreachable:
            # 연락두절: three or more failed attempts since the last contact, the first three months before the request.
            first = (last if reached else start) + self.days(14, 25)
            first = min(first, add_months(end, -UNREACHABLE_MONTHS) - dt.timedelta(days=2))
            attempt = first
            while attempt < end - dt.timedelta(days=3):
                failed.append(back_to_weekday(attempt))
                attempt += self.days(25, 35)
        for day in reached:
            method = weighted(rng, METHODS)
            self.rows.add(MonitoringContact, CONTACT_FIELDS, (
                self.id, day, method, True, rng.choice(txt.WITH_WHOM), rng.choice(txt.MONITORING), self.worker.pk,
            ))  # fmt: skip
        for day in failed:
            self.rows.add(MonitoringContact, CONTACT_FIELDS, (
                self.id, day, rng.choice([MonitoringContact.Method.PHONE, MonitoringContact.Method.VISIT]), False, "",
                rng.choice(txt.FAILED), self.worker.pk,
            ))  # fmt: skip
        due = start + dt.timedelta(days=interval)
        if reached:
            due = max(due, reached[0] + dt.timedelta(days=interval))
        case.next_monitoring = due

    def _closure(self, case: _State, request: dt.date, closed: dt.date | None) -> None:
        rng, spec = self.rng, self.spec
        reason = spec.reason or ClosureReason.IMPROVED
        label = ClosureReason(reason).label
        case.stage, case.reason = Stage.CLOSURE_REQUESTED, reason
        self.timeline.add(at(request, 11), self.worker.pk, Action.REQUEST_CLOSURE, Stage.CLOSURE_REQUESTED, label)
        if closed is None:
            self.out.pending.append(AgendaEntry(self.id, f"종결 승인 검토({label})", person_name=self.name))
            return
        meeting = None
        if not spec.follow_up_now and rng.random() < 0.5:
            meeting = self.meetings.find(request + dt.timedelta(days=1), request + dt.timedelta(days=21))
        if meeting:
            closed = meeting.day
        entry = AgendaEntry(self.id, "종결 검토", AgendaItem.Decision.CLOSURE_APPROVAL, f"종결 승인: {label}",
                            person_name=self.name)  # fmt: skip
        when = self.meetings.decide(meeting, entry) if meeting else at(closed, 16)
        self.timeline.add(
            when, self.supervisor.pk, Action.APPROVE_CLOSURE, Stage.CLOSED, f"종결 승인: {label}", meeting
        )
        case.stage, case.closed_on, case.next_monitoring = Stage.CLOSED, closed, None
        self._follow_ups(case, closed)

    def _follow_ups(self, case: _State, closed: dt.date) -> None:
        rng, today = self.rng, self.today
        case.follow_ups_open = False
        case.last_follow_up = None
        for sequence, months in enumerate(FOLLOW_UP_MONTHS[Selection(self.spec.selection)], start=1):
            due = add_months(closed, months)
            done = None
            if due <= today and not (self.spec.follow_up_now and sequence == 1) and rng.random() < 0.85:
                done = max(closed + dt.timedelta(days=1), self.day(due + self.days(-7, 14)))
            if done is None:
                case.follow_ups_open = True
            else:
                case.last_follow_up = done
            self.rows.add(FollowUp, FOLLOW_UP_FIELDS, (
                self.id, sequence, due, done, rng.choice(txt.FOLLOW_UP_OUTCOMES) if done else "", False,
                self.worker.pk if done else None,
            ))  # fmt: skip

    # -- the case row and what goes with it -----------------------------------------------------------------

    def _write_case(self, case: _State) -> None:
        stage = case.stage
        closing = stage in (Stage.CLOSURE_REQUESTED, Stage.CLOSED)
        reason = case.reason
        selection = self.spec.selection if case.selected_on else ""
        in_service = stage in (Stage.IN_SERVICE, Stage.CLOSURE_REQUESTED)
        self.rows.add(Case, CASE_FIELDS, (
            self.id, self.home.id, self.member.id, self.org.dong.pk, case.source,
            self.rng.choice(txt.SOURCE_NOTES[case.source]), self.worker.pk, self.case_type, case.lead, stage,
            case.priority, selection, case.selected_on, self.supervisor.pk if case.selected_on else None,
            case.opened, self.interval, case.next_monitoring if in_service else None,
            Stage.IN_SERVICE if closing else "", reason, txt.CLOSURE_NOTES.get(reason, "") if closing else "",
            self.worker.pk if closing else None, self.supervisor.pk if stage == Stage.CLOSED else None,
            case.closed_on, at(case.opened, 10),
        ))  # fmt: skip
        for staff_id, on in self.team.items():
            self.rows.add(CaseTeamMember, TEAM_FIELDS, (self.id, staff_id, on))
        for agency_id, role, on, exception in self.agencies:
            self.rows.add(CaseAgency, CASE_AGENCY_FIELDS, (self.id, agency_id, role, on, exception))

    def _assignment(self, case: _State) -> None:
        """The worker is in charge of the household (registry) from intake; until the follow-ups are done."""
        key = (self.home.id, self.worker.pk)
        if key in self.people.assigned:
            return
        self.people.assigned.add(key)
        ended = None
        if case.stage == Stage.NOT_SELECTED:
            ended = case.closed_on
        elif case.stage == Stage.CLOSED and not case.follow_ups_open:
            ended = case.last_follow_up or case.closed_on
        self.rows.add(StaffAssignment, STAFF_ASSIGNMENT_FIELDS, (self.home.id, self.worker.pk, case.opened, ended))

    def _consents(self, case: _State) -> None:
        """수집·이용 at intake; 제3자 제공 covering every agency in the case that has no legal exception."""
        opened = case.opened
        recorder = self.org.staff["desk"].pk if case.source == Source.DESK else self.worker.pk
        add_consent(
            self.rows, person_id=self.member.id, kind=Consent.Kind.COLLECT_USE,
            scope="사례관리를 위한 개인정보 수집·이용(욕구조사, 서비스 연계, 점검)", given_on=opened,
            expires_on=add_months(opened, 60), method=Consent.Method.WRITTEN, recorded_by=recorder, agencies=[],
        )  # fmt: skip
        shared = [(agency_id, on) for agency_id, _role, on, exception in self.agencies if not exception]
        if shared:
            given = min(on for _a, on in shared)
            names = ", ".join(self.directory.by_id[a].name for a, _on in shared)
            add_consent(
                self.rows,
                person_id=self.member.id,
                kind=Consent.Kind.THIRD_PARTY,
                scope=f"사례관리 서비스 연계를 위한 개인정보 제3자 제공: {names}",
                given_on=min(given, opened + self.days(3, 10)),
                expires_on=add_months(given, 36),
                method=Consent.Method.WRITTEN,
                recorded_by=self.worker.pk,
                agencies=[a for a, _on in shared],
            )

    def _notes(self, case: _State, end: dt.date) -> None:
        rng = self.rng
        if rng.random() >= 0.15:
            return
        last = min(end, self.today)
        for _ in range(rng.randint(1, 2)):
            span = max(0, (last - case.opened).days)
            day = case.opened + dt.timedelta(days=rng.randint(0, span))
            self.rows.add(CaseNote, NOTE_FIELDS, (self.id, self.worker.pk, at(day, 17, rng.randint(0, 59)),
                                                  rng.choice(txt.NOTES)))  # fmt: skip


def back_to_weekday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def timezone_date(when: dt.datetime) -> dt.date:
    return timezone.localtime(when).date()


# -- the whole district ---------------------------------------------------------------------------------


@dataclass
class CaseworkCounts:
    cases: int = 0
    consultations: int = 0
    referrals: int = 0
    meetings: int = 0
    flags: int = 0  # suicide-risk flags raised at the desk


class Casework:
    """Adds case work to the demo district, dong by dong as the population builder finishes each (while the
    dong's generated households are still in memory); `finish` writes everything."""

    def __init__(self, writer: BulkWriter, dongs: list[Dong], figures: list[DongFigures], *, scale: float,
                 seed: int, today: dt.date) -> None:  # fmt: skip
        self.rows = Rows(writer)
        # The catalogue is reference data from a migration; demo builds before it was kept could have emptied it.
        sync_programmes()
        self.directory = Directory()
        self.today = today
        self.seed = seed
        by_name = {f.name: f for f in figures}
        ordered = [by_name[d.name] for d in dongs]
        window = working_days_between(today - dt.timedelta(days=90), today)
        self.case_counts = case_counts(ordered, scale)
        self.consultation_counts = consultation_counts(ordered, scale, len(window))
        self.specs = plan_cases(random.Random(f"chatdong-demo:{seed}:cases"), self.case_counts)
        # Integrated conferences in the persona dongs and every third other dong.
        self.integrated = {d.name for i, d in enumerate(dongs) if d.name in PERSONA_DONGS or i % 3 == 0}
        self.cases = CaseBuilder(self.rows, self.directory, today)
        self.desk = DeskBuilder(self.rows, self.directory, today)
        self.counts = CaseworkCounts()

    def add_dong(self, index: int, org: DongOrg, result: DongResult) -> tuple[DongPeople, list[VisitCase]]:
        """The dong's case work; returns its households as sorted for case work and the cases opened after a
        planner's visit, for the outreach that follows."""
        name = org.dong.name
        persona = name in PERSONA_DONGS
        stream = f"chatdong-demo:{self.seed}:{org.dong.code}"
        people = dong_people(result)
        meetings = DongMeetings(random.Random(f"{stream}:meetings"), self.rows, org, index, self.today,
                                name in self.integrated)  # fmt: skip
        cases = self.cases.build(random.Random(f"{stream}:cases"), org, people, self.specs[name], meetings, persona)
        desk = self.desk.build(random.Random(f"{stream}:desk"), org, people, cases.intakes,
                               self.consultation_counts[name], persona)  # fmt: skip
        self.counts.meetings += meetings.write(cases.reviews, cases.pending, self.directory.contacts,
                                               self.directory.hope_staff)  # fmt: skip
        self.counts.cases += cases.cases
        self.counts.consultations += desk.consultations
        self.counts.referrals += desk.referrals
        return people, cases.from_visits

    def finish(self) -> CaseworkCounts:
        self.counts.flags = self.rows.count(PersonFlag)
        self.rows.flush()
        return self.counts


def dong_people(result: DongResult) -> DongPeople:
    homes = result.homes
    home_of = {id(m): h for h in homes for m in h.members}
    basic = {home_of[id(g.member)].id for g in result.grants if g.code == "basic_livelihood"}
    near_poor = {home_of[id(g.member)].id for g in result.grants if g.code.startswith("near_poor")} - basic
    sensitive = [(row[0], row[1]) for row in result.records.flags if row[1] in SENSITIVE_FLAGS]
    return DongPeople(
        homes=homes,
        low_income=[h for h in homes if h.id in basic or h.id in near_poor],
        basic=basic,
        near_poor=near_poor,
        assigned={(row[0], row[1]) for row in result.records.staff_assignments},
        sensitive=sensitive,
        suicide_flagged={pid for pid, kind in sensitive if kind == Flag.SUICIDE_RISK},
    )
