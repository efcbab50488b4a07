"""Outreach in the demo district (찾아가는 복지): the four programmes' target lists for the last six months
with their consents, appointments and visits; the households kept under monitoring and their contacts; the
neighbourhood officers' zone walks, findings and weekly reports; the tong leaders' check-ins. Dong by dong
as the population builder finishes each, written in bulk with the demo's writer (rows, not services: the
services check one change at a time, the demo writes a few hundred thousand rows).

Proportions follow seed 002's 찾아가는 복지실현: the 65 cohort comes from the registry (everyone whose 65th
birthday falls in the month) and is visited at 진도율 22.5%, births at 2.7% (the pilot's 0세군); 정상군 41% and
관리대상군 59% of the visits; 65세 visits go out as a social worker with the visiting nurse (2인 1조), whose
screenings are read against the thresholds of `outreach/screenings.py` (SGDS-K ≥ 8 of 15, MMSE-DS ≤ 23 of
30, two or more untreated chronic conditions). The visited counts are carried from dong to dong (largest
remainder), so the district's 진도율 is the seed's at any scale; the persona dongs (월곡2동, 장위1동) get
enough of every programme for their accounts' pages and work lists even at the smallest scales.
"""

import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field

from chatdong.core.dates import add_months
from chatdong.meetings.models import Attendee, Meeting
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember, Tong, Zone
from chatdong.outreach.cohorts.models import CohortRun, Target
from chatdong.outreach.cohorts.programmes import CHECKLISTS, Programme, Source
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.leaders.models import CheckIn
from chatdong.outreach.officers.models import ActivityPhoto, Finding, KeyPlace, OfficerActivity, WeeklyReport
from chatdong.outreach.officers.states import FindingKind, FindingStatus
from chatdong.outreach.visits.models import (
    CadenceSetting,
    MonitoringContact,
    Screening,
    Visit,
    VisitCompanion,
    VisitLink,
    VisitNeed,
    WatchedHousehold,
)
from chatdong.outreach.visits.screenings import INSTRUMENTS
from chatdong.outreach.visits.states import DEFAULT_INTERVAL_DAYS, Tier
from chatdong.registry.models import Consent, Flag

from . import outreachtexts as txt
from .casework import PERSONA_DONGS, VisitCase, masked
from .conferences import ATTENDEE_FIELDS, MEETING_FIELDS, at, working_day
from .desk import CONSENT_FIELDS, adult, need_domains, weighted
from .directory import Directory, DongPeople, ProgrammeRef
from .households import Home, Member
from .officers import DongOfficers, FindingNote, WalkNote
from .photos import PhotoStore
from .population import DongResult, scaled
from .rows import Rows
from .staff import DongOrg
from .writer import BulkWriter

P, TS, T, K = Programme, TargetStatus, Visit.Team, Agency.Kind
MONTHS = 6  # target lists of this month and the five before
WEEKS = 17  # officers' activities and weekly reports: four months, for three monthly meetings' agendas
CHECK_IN_DAYS = 35  # tong leaders' check-ins kept in the demo
VISITED_SHARE: dict[str, float] = {
    P.TURNING_65: 0.225,
    P.BIRTH_CHILDCARE: 0.027,
    P.POVERTY_CRISIS: 0.35,
    P.CARE_CRISIS: 0.5,
}
NORMAL_SHARE: dict[str, float] = {P.TURNING_65: 0.41, P.BIRTH_CHILDCARE: 0.6, P.POVERTY_CRISIS: 0.1, P.CARE_CRISIS: 0.0}
PLANNER_OF: dict[str, str] = {P.TURNING_65: "planner65", P.BIRTH_CHILDCARE: "plannerbirth", P.POVERTY_CRISIS: "planner",
              P.CARE_CRISIS: "plannercare"}  # fmt: skip
BIRTH_CONSENT_SHARE = 0.8  # parents who agree at the desk, when registering the birth, to a visit
BENEFIT_LIST_A_MONTH = 10  # recipient households put on the poverty-crisis list per dong and month (full scale)
REFERRALS_A_MONTH = 2  # care-crisis referrals per dong and month besides the flagged households (full scale)
PERSONA_MIN: dict[str, int] = {P.TURNING_65: 8, P.BIRTH_CHILDCARE: 4, P.POVERTY_CRISIS: 6, P.CARE_CRISIS: 4}
# Visited targets a persona dong with three or more on a list gets at least (its planners' visit pages and watched
# households). None for births: no persona account works them, and at 2.7% a district of scale 0.01 lists about
# twenty births with half a visit due, so two more in a persona dong would lift its progress to 10% or more.
PERSONA_VISITED: dict[str, int] = {P.TURNING_65: 2, P.BIRTH_CHILDCARE: 0, P.POVERTY_CRISIS: 2, P.CARE_CRISIS: 2}
LOOK_BACK_MONTHS = 24  # how far back the persona dongs look for more of a tiny cohort
# Not yet visited: what became of the others, by how many months ago the list was made.
OPEN_WEIGHTS: dict[int, list[tuple[str, float]]] = {
    0: [(TS.LISTED, 50), (TS.SCHEDULED, 20), (TS.CONSENTED, 10), (TS.UNREACHABLE, 10), (TS.REFUSED, 10)],
    1: [(TS.LISTED, 15), (TS.SCHEDULED, 15), (TS.CONSENTED, 15), (TS.UNREACHABLE, 20), (TS.REFUSED, 35)],
    2: [(TS.LISTED, 4), (TS.CONSENTED, 16), (TS.UNREACHABLE, 30), (TS.REFUSED, 50)],
}
TEAMS: dict[str, list[tuple[str, float]]] = {
    P.TURNING_65: [(T.WITH_HEALTH, 80), (T.ALONE, 12), (T.WITH_LEADER, 5), (T.WITH_AGENCY, 3)],
    P.BIRTH_CHILDCARE: [(T.ALONE, 60), (T.WITH_HEALTH, 35), (T.WITH_AGENCY, 5)],
    P.POVERTY_CRISIS: [(T.WITH_LEADER, 45), (T.ALONE, 40), (T.WITH_HEALTH, 8), (T.WITH_AGENCY, 7)],
    P.CARE_CRISIS: [(T.WITH_AGENCY, 50), (T.ALONE, 25), (T.WITH_HEALTH, 25)],
}
C = Visit.Classification
CLASSIFICATIONS: dict[str, list[tuple[str, float]]] = {
    P.TURNING_65: [(C.SIMPLE_HEALTH, 50), (C.SIMPLE_WELFARE, 35), (C.POVERTY_CRISIS, 15)],
    P.BIRTH_CHILDCARE: [(C.SIMPLE_WELFARE, 60), (C.SIMPLE_HEALTH, 30), (C.POVERTY_CRISIS, 10)],
    P.POVERTY_CRISIS: [(C.POVERTY_CRISIS, 80), (C.SIMPLE_WELFARE, 15), (C.SIMPLE_HEALTH, 5)],
    P.CARE_CRISIS: [(C.SIMPLE_WELFARE, 50), (C.POVERTY_CRISIS, 30), (C.SIMPLE_HEALTH, 20)],
}
# Services a managed household is linked to, by classification and programme (catalogue codes).
WELFARE_LINKS: dict[str, list[str]] = {
    P.TURNING_65: ["elder_jobs", "basic_pension", "free_meals", "elder_basic_care", "sharing_neighbours"],
    P.BIRTH_CHILDCARE: ["childcare_allowance", "dream_start", "local_child_centre"],
    P.POVERTY_CRISIS: ["emergency_support", "basic_livelihood", "public_rental", "financial_counselling",
                       "self_sufficiency_work", "housing_repair"],
    P.CARE_CRISIS: ["dream_start", "mental_health", "village_lawyer", "local_child_centre"],
}  # fmt: skip
POVERTY_LINKS = ["emergency_support", "basic_livelihood", "seoul_basic_security", "hope_ondol"]
# Screenings: kind → (maximum, cut-off, higher is worse), read from the instruments the visit form uses.
SCREENINGS = {kind: (i.max_score, i.cutoff, i.higher_is_worse) for kind, i in INSTRUMENTS.items()}
HEALTH_LINK_OF: dict[str, str] = {
    Screening.Kind.DEPRESSION: "mental_health",
    Screening.Kind.COGNITIVE: "dementia_screening",
    Screening.Kind.CHRONIC: "home_health_visit",
}
FAMILY_FORMS = {
    "single_young": "single", "single_middle": "single", "single_elder": "single", "couple_young": "couple",
    "couple_middle": "couple", "couple_elder": "couple", "couple_children": "couple_children",
    "one_parent": "single_parent", "grandparent_grandchild": "grandparent", "three_generation": "extended",
    "couple_with_parent": "extended",
}  # fmt: skip
TENURES = [("owned", 35), ("jeonse", 25), ("monthly_rent", 28), ("public_rental", 10), ("free", 2)]
HOUSINGS = [("apartment", 40), ("multi_unit", 33), ("detached", 12), ("semi_basement", 8), ("rooftop", 2),
            ("gosiwon", 5)]  # fmt: skip
TIERS: dict[str, list[tuple[str, float]]] = {
    C.POVERTY_CRISIS: [(Tier.SERVICE, 70), (Tier.INTEGRATED, 30)],
    C.SIMPLE_HEALTH: [(Tier.CAUTION, 70), (Tier.SERVICE, 30)],
    C.SIMPLE_WELFARE: [(Tier.CAUTION, 70), (Tier.SERVICE, 30)],
    P.CARE_CRISIS: [(Tier.INTEGRATED, 35), (Tier.SERVICE, 35), (Tier.CAUTION, 30)],
}
# Dongs that set their own cadence (domain.md: configurable per dong).
OWN_CADENCES: dict[str, dict[str, int]] = {"장위1동": {Tier.INTEGRATED: 14, Tier.SERVICE: 28}}
OVERDUE_SHARE = 0.12  # watched households whose contact is past due
CONTACT_METHODS = [(MonitoringContact.Method.PHONE, 50), (MonitoringContact.Method.VISIT, 35),
                   (MonitoringContact.Method.LEADER_CHECK_IN, 15)]  # fmt: skip
# Activities that hand something over: 30% where a zone has its full-scale ~1,500 households, fewer in the
# thinner zones of a small-scale demo (the officers walk weekly whatever the scale), a floor in the persona dongs.
FINDING_SHARE, ZONE_HOUSEHOLDS, PERSONA_FINDING_SHARE = 0.3, 1500, 0.1
FINDING_KINDS = [(FindingKind.CARE_NEEDED, 45), (FindingKind.HELPER, 20), (FindingKind.COMPLAINT, 35)]
MISSING_REPORT_SHARE = 0.1  # weeks without a weekly report
OTHER_EVERY_DAYS = 21
CHECK_IN_OVERDUE_SHARE = 0.08
CONDITIONS = [(CheckIn.Condition.WELL, 88), (CheckIn.Condition.CONCERN, 11.8), (CheckIn.Condition.CRISIS, 0.2)]
PERSONA_PLANNERS = ("planner", "planner65", "plannercare")  # each gets an overdue and a due-this-week household
PERSONA_OFFICER = "officer"  # misses last week's report in the persona dongs (the coordinator's work list)
COMPLAINT_HANDLERS = ("officer", "officer2", "coordinator", "volunteer")  # whom an administrative complaint goes to
PERSONA_HANDLERS = ("planner", "officer", "coordinator", "head")  # each has an open finding in the persona dongs

RUN_FIELDS = ("id", "dong_id", "programme", "period_start", "period_end", "generated_at", "generated_by_id",
              "added", "already_listed")  # fmt: skip
TARGET_FIELDS = (
    "id", "programme", "period_start", "dong_id", "zone_id", "household_id", "person_id", "run_id", "source", "reason",
    "planner_id", "status", "contacted_on", "contacted_by_staff_id", "contacted_by_leader_id", "consent_id",
    "appointment_at", "appointment_confirmed_on", "appointment_confirmed_by_id", "letter_printed_on", "referred_by_id",
    "referred_on", "pre_case_meeting_id", "note", "created_at",
)  # fmt: skip
VISIT_FIELDS = (
    "id", "target_id", "dong_id", "household_id", "person_id", "visited_on", "visitor_id", "team", "family_form",
    "tenure", "housing", "housing_note", "monthly_income", "economic_note", "services_explained", "summary", "outcome",
    "classification", "case_id", "abuse_sign", "reported_to_police_on", "created_at",
)  # fmt: skip
PRESENT_FIELDS = ("visit_id", "person_id")
COMPANION_FIELDS = ("visit_id", "staff_id", "leader_id", "agency_id", "name", "role")
VISIT_NEED_FIELDS = ("visit_id", "domain", "note")
SCREENING_FIELDS = ("visit_id", "kind", "score", "positive", "screened_by_id")
LINK_FIELDS = ("visit_id", "agency_id", "programme_id", "note")
CADENCE_FIELDS = ("dong_id", "tier", "interval_days")
WATCH_FIELDS = ("id", "household_id", "dong_id", "programme", "tier", "planner_id", "started_on", "last_contact_on",
                "next_due_on", "ended_on", "end_reason", "visit_id", "created_at")  # fmt: skip
CONTACT_FIELDS = ("watch_id", "contacted_on", "method", "staff_id", "leader_id", "note", "recorded_at")
ACTIVITY_FIELDS = ("id", "officer_id", "zone_id", "occurred_on", "places", "people_met", "complaints", "note",
                   "created_at")  # fmt: skip
FINDING_FIELDS = (
    "id", "dong_id", "kind", "activity_id", "raised_by_id", "raised_by_leader_id", "household_id", "person_id",
    "subject", "description", "routed_to_id", "status", "result", "handled_on", "target_id", "case_id",
    "complainant_told_on", "complainant_told_how", "created_at",
)  # fmt: skip
REPORT_FIELDS = ("officer_id", "dong_id", "week_start", "activity_count", "finding_count", "body", "submitted_at")
CHECK_IN_FIELDS = ("id", "leader_id", "household_id", "checked_on", "method", "condition", "note", "recorded_by_id",
                   "finding_id", "recorded_at")  # fmt: skip


Candidate = tuple[dt.date, Home, Member, str, str]  # day, home, member, source, reason


@dataclass
class _Target:
    id: int
    programme: str
    period: dt.date
    home: Home
    member: Member
    source: str
    reason: str
    planner: StaffMember
    listed_on: dt.date
    status: str = ""
    case: VisitCase | None = None
    flag: str = ""
    referred_by: int | None = None
    leader_to_confirm: bool = False  # booked, for the persona tong leader to confirm


@dataclass
class _Watch:
    id: int
    home: Home
    programme: str
    tier: str
    planner: StaffMember
    started: dt.date
    visit_id: int | None
    interval: int
    contacts: list[tuple[dt.date, str, int | None, int | None, str]] = field(default_factory=list)
    ended: dt.date | None = None


@dataclass
class OutreachCounts:
    targets: int = 0
    visits: int = 0
    watches: int = 0
    activities: int = 0
    findings: int = 0
    reports: int = 0
    check_ins: int = 0
    meetings: int = 0
    key_places: int = 0
    photos: int = 0
    reviews: int = 0


class _Carry:
    """Counts rounded dong by dong so that the district's total is the share of its total (error carried on)."""

    def __init__(self) -> None:
        self.owed: dict[str, float] = {}

    def take(self, key: str, exact: float) -> int:
        owed = self.owed.get(key, 0.0) + exact
        count = max(0, round(owed))
        self.owed[key] = owed - count
        return count


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def birthday_in(birth: dt.date, years: int) -> dt.date:
    """The day the age is reached, by the cohorts' own rule (29 February → 28 February)."""
    return add_months(birth, 12 * years)


class Outreach:
    """Adds outreach to the demo district dong by dong; `finish` writes everything."""

    def __init__(self, writer: BulkWriter, dongs: list[Dong], directory: Directory, *, scale: float, seed: int,
                 today: dt.date, photos: PhotoStore | None = None) -> None:  # fmt: skip
        self.rows = Rows(writer)
        self.photos = photos
        self.directory = directory
        self.scale = scale
        self.seed = seed
        self.today = today
        self.this_month = month_start(today)
        self.month_end = add_months(self.this_month, 1) - dt.timedelta(days=1)
        self.months = [add_months(self.this_month, -k) for k in range(MONTHS - 1, -1, -1)]
        self.carry = _Carry()
        self.counts = OutreachCounts()
        self.programmes = {p.code: p for refs in directory.programmes.values() for p in refs}
        self.zone_of_tong = dict(Tong.objects.filter(dong__in=dongs).values_list("pk", "zone_id"))
        self.zones: dict[int, list[tuple[int, int | None]]] = {}
        self.zone_numbers: dict[int, int] = {}
        for zone_id, dong_id, officer_id, number in (
            Zone.objects.filter(dong__in=dongs).order_by("number").values_list("pk", "dong_id", "officer_id", "number")
        ):
            self.zones.setdefault(dong_id, []).append((zone_id, officer_id))
            self.zone_numbers[zone_id] = number
        self.leader_users = dict(NeighbourhoodLeader.objects.filter(dong__in=dongs).values_list("pk", "user_id"))
        for name, cadence in OWN_CADENCES.items():
            for dong in dongs:
                if dong.name == name:
                    for tier, days in cadence.items():
                        self.rows.add(CadenceSetting, CADENCE_FIELDS, (dong.pk, tier, days))

    def add_dong(self, org: DongOrg, result: DongResult, people: DongPeople, visit_cases: list[VisitCase]) -> None:
        rng = random.Random(f"chatdong-demo:{self.seed}:{org.dong.code}:outreach")
        _DongOutreach(self, rng, org, result, people, visit_cases).build()

    def finish(self) -> OutreachCounts:
        c = self.counts
        c.targets, c.visits = self.rows.count(Target), self.rows.count(Visit)
        c.watches, c.activities = self.rows.count(WatchedHousehold), self.rows.count(OfficerActivity)
        c.findings, c.reports = self.rows.count(Finding), self.rows.count(WeeklyReport)
        c.check_ins, c.meetings = self.rows.count(CheckIn), self.rows.count(Meeting)
        c.key_places, c.photos = self.rows.count(KeyPlace), self.rows.count(ActivityPhoto)
        self.rows.flush()
        return c


class _DongOutreach:
    def __init__(self, parent: Outreach, rng: random.Random, org: DongOrg, result: DongResult, people: DongPeople,
                 visit_cases: list[VisitCase]) -> None:  # fmt: skip
        self.p = parent
        self.rows = parent.rows
        self.today = parent.today
        self.rng = rng
        self.org = org
        self.dong = org.dong
        self.homes = result.homes
        self.result = result
        self.people = people
        self.visit_cases = visit_cases
        self.persona = org.dong.name in PERSONA_DONGS
        self.staff_by_pk = {s.pk: s for s in org.staff.values()}
        self.zones = parent.zones.get(org.dong.pk, [])
        self.officer_of_zone = {
            zone_id: self.staff_by_pk[officer_id]
            for zone_id, officer_id in self.zones
            if officer_id in self.staff_by_pk
        }
        self.cadence: dict[str, int] = {str(tier): days for tier, days in DEFAULT_INTERVAL_DAYS.items()}
        self.cadence.update(OWN_CADENCES.get(org.dong.name, {}))
        self.homes_of_zone: dict[int | None, list[Home]] = {}
        for home in self.homes:
            self.homes_of_zone.setdefault(self.zone(home), []).append(home)
        self.home_by_id = {h.id: h for h in self.homes}
        self.targets: dict[str, list[_Target]] = {p: [] for p in Programme.values}
        self.listed: set[tuple[str, int, dt.date]] = set()
        # household → its tong leader's check-ins (leader, day, condition, note, finding), written last: an overdue
        # watched household's leader stopped calling when its last contact was made.
        self.check_ins: dict[int, list[tuple[NeighbourhoodLeader, dt.date, str, str, int | None]]] = {}
        self.check_in_cutoff: dict[int, dt.date] = {}
        self.run_ids: dict[tuple[str, dt.date], int] = {}
        self.looked_after = {row[0] for row in result.records.leader_assignments}
        self.check_in_late: set[int] = set()  # households whose tong leader has not called for too long
        self.managed: set[str] = set()  # programmes with a managed visit already
        self.desk = DongOfficers(
            self.rows, random.Random(f"chatdong-demo:{parent.seed}:{org.dong.code}:officers"), org, self.today,
            self.persona, parent.photos, [officer_id for _zone, officer_id in self.zones if officer_id],
        )  # fmt: skip
        self.places_of_zone: dict[int, list[str]] = {}
        self.leader_watched = 0  # the persona tong leader's watched household (0: none)

    # -- helpers ------------------------------------------------------------------------------------------

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def zone(self, home: Home) -> int | None:
        return self.p.zone_of_tong.get(home.tong_id)

    def officer(self, home: Home) -> StaffMember:
        zone = self.zone(home)
        return (self.officer_of_zone.get(zone) if zone else None) or self.org.staff["officer"]

    def leader(self, home: Home) -> NeighbourhoodLeader | None:
        return self.org.welfare_leader_of_tong.get(home.tong_number)

    def add_target(self, programme: str, period: dt.date, home: Home, member: Member, source: str, reason: str,
                   listed_on: dt.date, **extra: object) -> _Target | None:  # fmt: skip
        key = (programme, member.id, period)
        if key in self.listed:
            return None
        self.listed.add(key)
        target = _Target(self.rows.new_id(Target), programme, period, home, member, source, reason,
                         self.org.staff[PLANNER_OF[programme]], min(listed_on, self.today), **extra)  # type: ignore[arg-type]  # fmt: skip
        self.targets[programme].append(target)
        return target

    def build(self) -> None:
        self.officers()
        self.leaders()
        self.cohort_65()
        self.cohort_births()
        self.cohort_poverty()
        self.cohort_care()
        if self.persona:
            self.booked_for_tongjang()
        watches: list[_Watch] = []
        for programme in Programme.values:
            self.statuses(programme)
            for target in self.targets[programme]:
                watch = self.write_target(target)
                if watch:
                    watches.append(watch)
        self.runs()
        self.watches(watches)
        self.write_check_ins()
        self.desk.walk_photos()
        self.p.counts.reviews += self.desk.reviews(self.first_week)

    # -- cohorts ------------------------------------------------------------------------------------------

    def _extended(self, programme: str, candidates: list[Candidate]) -> None:
        """Candidates (day, home, member, source, reason) in the window (this month's whole list, as the monthly
        generation makes it on the 1st); a persona dong short of its minimum also takes the latest ones from before
        it (real members of the cohort, listed in their own month)."""
        first = self.p.months[0]
        inside = [c for c in candidates if first <= c[0] <= self.p.month_end]
        if self.persona and len(inside) < PERSONA_MIN[programme]:
            earlier = sorted((c for c in candidates if c[0] < first), key=lambda c: c[0], reverse=True)
            inside += earlier[: PERSONA_MIN[programme] - len(inside)]
        for day, home, member, source, reason in sorted(inside, key=lambda c: (c[0], c[2].id)):
            self.add_target(programme, month_start(day), home, member, source, reason, month_start(day))

    def cohort_65(self) -> None:
        earliest = add_months(self.p.months[0], -LOOK_BACK_MONTHS)
        candidates: list[Candidate] = []
        for home in self.homes:
            for member in home.members:
                if member.birth_date and 63 <= member.age <= 67:
                    day = birthday_in(member.birth_date, 65)
                    if earliest <= day <= self.p.month_end:  # this month's list has the whole month
                        candidates.append(
                            (day, home, member, Source.REGISTRY, txt.REASONS["turning_65"].format(day=day))
                        )
        self._extended(P.TURNING_65, candidates)

    def cohort_births(self) -> None:
        candidates: list[Candidate] = []
        for home in self.homes:
            for member in home.members:
                if member.birth_date is None:
                    continue
                if member.age == 0 and self.rng.random() < BIRTH_CONSENT_SHARE:
                    reason = txt.REASONS["birth"].format(day=member.birth_date)
                    candidates.append((member.birth_date, home, member, Source.BIRTH_REGISTRATION, reason))
        home_of = {id(m): h for h in self.homes for m in h.members}
        for grant in self.result.grants:
            member = grant.member
            if grant.code == "home_care_allowance" and member.birth_date and 2 <= member.age <= 5:
                day = birthday_in(member.birth_date, 3)
                if day <= self.p.month_end:
                    candidates.append((day, home_of[id(member)], member, Source.BENEFIT_LIST,
                                       txt.REASONS["home_care"]))  # fmt: skip
        self._extended(P.BIRTH_CHILDCARE, candidates)

    def cohort_poverty(self) -> None:
        rng = self.rng
        pool = sorted(self.people.low_income, key=lambda h: h.id)
        rng.shuffle(pool)
        per_month = scaled(BENEFIT_LIST_A_MONTH, self.p.scale)
        if self.persona:
            per_month = max(per_month, PERSONA_MIN[P.POVERTY_CRISIS] // 2)
        for month in self.p.months:
            for _ in range(per_month):
                if not pool:
                    break
                home = pool.pop()
                kind = "basic" if home.id in self.people.basic else "near_poor"
                reason = txt.REASONS["benefit_list"].format(benefit=txt.BENEFIT_NAMES[kind])
                self.add_target(P.POVERTY_CRISIS, month, home, adult(home), Source.BENEFIT_LIST, reason, month)
        for case in self.visit_cases:
            opened = case.opened
            if opened < self.p.months[0]:
                continue
            listed = max(month_start(opened), opened - self.days(3, 10))
            target = self.add_target(P.POVERTY_CRISIS, month_start(opened), case.home, case.member, Source.PLANNER,
                                     txt.REASONS["planner"], listed, case=case, status=TS.VISITED)  # fmt: skip
            if target is not None:
                target.planner = self.staff_by_pk.get(case.worker_id, target.planner)

    def cohort_care(self) -> None:
        rng = self.rng
        members = {m.id: (h, m) for h in self.homes for m in h.members}
        dv = K.DOMESTIC_VIOLENCE_COUNSELLING
        referrers: dict[str, list[str]] = {
            Flag.CHILD_ABUSE: [K.CHILD_PROTECTION, K.POLICE],
            Flag.DOMESTIC_VIOLENCE: [dv, K.POLICE],
            Flag.ELDER_ABUSE: [K.POLICE],
            "": [K.POLICE, K.CHILD_PROTECTION, dv],
        }
        chosen: list[tuple[Home, Member, str]] = []
        for person_id, kind in sorted(self.people.sensitive):
            if kind in referrers and person_id in members:
                home, member = members[person_id]
                chosen.append((home, adult(home) if member.age < 14 else member, kind))
        families = [h for h in self.homes if any(m.age < 18 for m in h.members) and h.size >= 2]
        rng.shuffle(families)
        extra = scaled(REFERRALS_A_MONTH * MONTHS, self.p.scale)
        if self.persona:
            extra = max(extra, PERSONA_MIN[P.CARE_CRISIS] - len(chosen))
        chosen += [(home, adult(home), "") for home in families[:extra]]
        span = (self.today - self.p.months[0]).days
        for home, member, kind in chosen:
            referred = working_day(self.p.months[0] + dt.timedelta(days=rng.randint(0, span)), self.today)
            agency = self.p.directory.agency(rng, rng.choice(referrers[kind]), self.dong.pk)
            reason = rng.choice(txt.REFERRAL_REASONS[kind])
            self.add_target(P.CARE_CRISIS, month_start(referred), home, member, Source.AGENCY_REFERRAL, reason,
                            referred, flag=kind, referred_by=agency.id if agency else None)  # fmt: skip

    def statuses(self, programme: str) -> None:
        """Visited: the seed's share, carried across dongs, oldest lists first; the rest by the list's age."""
        rng, targets = self.rng, self.targets[programme]
        if not targets:
            return
        wanted = self.p.carry.take(programme, VISITED_SHARE[programme] * len(targets))
        local = max(wanted, PERSONA_VISITED[programme]) if self.persona and len(targets) >= 3 else wanted
        forced = sum(1 for t in targets if t.status == TS.VISITED)
        free = [t for t in targets if not t.status]
        months_ago = {t.id: self._months_ago(t.period) for t in targets}
        free.sort(key=lambda t: months_ago[t.id] + rng.random() * 1.5, reverse=True)
        for target in free[: max(0, local - forced)]:
            target.status = TS.VISITED
        # Visits beyond the district's share here (persona minimums, planners' own visits) are owed back later.
        self.p.carry.owed[programme] -= sum(1 for t in targets if t.status == TS.VISITED) - wanted
        rest = [t for t in targets if not t.status]
        for target in rest:
            target.status = weighted(rng, OPEN_WEIGHTS[min(2, months_ago[target.id])])
        if self.persona and rest:
            # The persona planners' lists: the latest open targets booked and waiting to be called.
            rest.sort(key=lambda t: (t.period, t.id), reverse=True)
            rest[0].status = TS.SCHEDULED
            if len(rest) > 1:
                rest[1].status = TS.LISTED

    def booked_for_tongjang(self) -> None:
        """The persona tong leader's page lists a booked visit in one of their households to confirm: the latest
        target listed there (not a care-crisis one: an agency's referral is not the tong leader's to call on), or
        else the tong leader's own word put on the poverty-crisis list this week. Booked before the statuses are
        drawn, so that the visit is there whatever the six months' lists of the day hold in their households."""
        tongjang = next((lead for lead in self.org.welfare_leader_of_tong.values() if lead.user_id), None)
        if tongjang is None:
            return
        theirs = [
            household for household, leader, started, ended, _matched, _every in self.result.records.leader_assignments
            if leader == tongjang.pk and started <= self.today and (ended is None or ended >= self.today)
            and household in self.home_by_id
        ]  # fmt: skip
        listed = [
            t for programme in (P.TURNING_65, P.BIRTH_CHILDCARE, P.POVERTY_CRISIS) for t in self.targets[programme]
            if t.home.id in theirs and not t.status
        ]  # fmt: skip
        target = max(listed, key=lambda t: (t.period, t.id), default=None) or self.tongjang_referral(theirs)
        if target is not None:
            target.status, target.leader_to_confirm = TS.SCHEDULED, True

    def tongjang_referral(self, theirs: list[int]) -> _Target | None:
        """One of the tong leader's households on the poverty-crisis list at their word (통·반장 발굴): one without
        an agency's referral first."""
        referred = {t.home.id for t in self.targets[P.CARE_CRISIS]}
        listed_on = working_day(self.today - self.days(1, 6), self.today)
        for household in sorted(theirs, key=lambda h: h in referred):
            home = self.home_by_id[household]
            target = self.add_target(P.POVERTY_CRISIS, month_start(listed_on), home, adult(home), Source.LEADER,
                                     txt.REASONS["leader_word"], listed_on)  # fmt: skip
            if target is not None:
                return target
        return None

    def _months_ago(self, period: dt.date) -> int:
        return (self.p.this_month.year - period.year) * 12 + self.p.this_month.month - period.month

    def runs(self) -> None:
        """One generation per programme and month for the lists drawn from the registry and benefit lists; this
        month's in the persona dongs is their planners' own, even when it found nobody (a month with no one turning
        65 in a small-scale dong)."""
        by_run: Counter[tuple[str, dt.date]] = Counter()
        for programme, targets in self.targets.items():
            for t in targets:
                if t.source in (Source.REGISTRY, Source.BIRTH_REGISTRATION, Source.BENEFIT_LIST):
                    by_run[(programme, t.period)] += 1
        if self.persona:
            for programme in (P.TURNING_65, P.BIRTH_CHILDCARE, P.POVERTY_CRISIS):
                by_run[(programme, self.p.this_month)] += 0
        for (programme, period), added in sorted(by_run.items()):
            run_id = self.run_ids.get((programme, period)) or self.rows.new_id(CohortRun)
            on_demand = self.persona and period == self.p.this_month
            self.rows.add(CohortRun, RUN_FIELDS, (
                run_id, self.dong.pk, programme, period, add_months(period, 1) - dt.timedelta(days=1),
                at(period, 9 if on_demand else 3), self.org.staff[PLANNER_OF[programme]].pk if on_demand else None,
                added, 0,
            ))  # fmt: skip

    # -- a target's story ---------------------------------------------------------------------------------

    def write_target(self, t: _Target) -> "_Watch | None":
        rng, today = self.rng, self.today
        status = t.status
        contacted = staff = leader = consent = appointment = confirmed_on = confirmed_by = letter = meeting = None
        visit_day: dt.date | None = None
        if t.case is not None:
            visit_day = t.case.opened
            contacted = max(t.listed_on, visit_day - self.days(2, 7))
        elif status != TS.LISTED:
            contacted = min(today, working_day(t.listed_on + self.days(1, 12), today))
            contacted = max(contacted, t.listed_on)
            if status == TS.VISITED:
                visit_day = min(today, working_day(contacted + self.days(3, 20), today))
                visit_day = max(visit_day, contacted)
        tong_leader = self.leader(t.home)
        if contacted:
            if t.programme in (P.TURNING_65, P.BIRTH_CHILDCARE) and tong_leader and rng.random() < 0.65:
                leader = tong_leader
            else:
                staff = t.planner if t.programme != P.POVERTY_CRISIS or rng.random() < 0.6 else self.officer(t.home)
        if status in (TS.CONSENTED, TS.SCHEDULED, TS.VISITED):
            assert contacted is not None
            consent = self.rows.new_id(Consent)
            label = Programme(t.programme).label
            self.rows.add(Consent, CONSENT_FIELDS, (
                consent, t.member.id, Consent.Kind.VISIT, f"{label} 가정방문 상담 동의", contacted,
                add_months(contacted, 12), None, Consent.Method.PHONE, t.planner.pk, at(contacted, 11),
            ))  # fmt: skip
        if status == TS.SCHEDULED:
            day = working_day(today + self.days(1, 14), today + dt.timedelta(days=30))
            appointment = at(day, rng.choice([10, 11, 14, 15, 16]))
            if tong_leader and rng.random() < 0.5 and not t.leader_to_confirm:
                confirmed_on, confirmed_by = min(today, (contacted or today) + self.days(1, 3)), tong_leader.pk
        if visit_day:
            appointment = at(visit_day, rng.choice([10, 11, 14, 15]))
        if t.source == Source.BIRTH_REGISTRATION and contacted:
            letter = contacted
        referred_on = t.listed_on if t.programme == P.CARE_CRISIS else None
        if t.programme == P.CARE_CRISIS and status in (TS.CONSENTED, TS.SCHEDULED, TS.VISITED) and rng.random() < 0.4:
            meeting = self.pre_case_meeting(t, contacted or today, visit_day)
        run_id = None
        if t.source in (Source.REGISTRY, Source.BIRTH_REGISTRATION, Source.BENEFIT_LIST):
            run_id = self.run_ids.setdefault((t.programme, t.period), self.rows.new_id(CohortRun))
        self.rows.add(Target, TARGET_FIELDS, (
            t.id, t.programme, t.period, self.dong.pk, self.zone(t.home), t.home.id, t.member.id, run_id, t.source,
            t.reason[:200], t.planner.pk, status, contacted, staff.pk if staff else None, leader.pk if leader else None,
            consent, appointment, confirmed_on, confirmed_by, letter, t.referred_by, referred_on, meeting, "",
            at(t.listed_on, 8),
        ))  # fmt: skip
        if visit_day is None:
            return None
        return self.visit(t, visit_day)

    def pre_case_meeting(self, t: _Target, contacted: dt.date, visit_day: dt.date | None) -> int:
        rng = self.rng
        day = working_day(t.listed_on + self.days(1, 7), visit_day or self.today + dt.timedelta(days=14))
        if visit_day:
            day = min(day, visit_day)
        day = max(day, t.listed_on)
        meeting_id = self.rows.new_id(Meeting)
        held = day <= self.today
        self.rows.add(Meeting, MEETING_FIELDS, (
            meeting_id, self.dong.district_id, self.dong.pk, Meeting.Kind.PRE_CASE_MEETING, Meeting.Schedule.AD_HOC,
            f"사전 사례회의: {masked(t.member.name)} 가구", at(day, 15), "동 주민센터 상담실", t.planner.pk,
            Meeting.Status.HELD if held else Meeting.Status.PLANNED,
            "의뢰 기관과 가구 상황 공유, 방문 시 동행 여부와 역할 분담 협의" if held else "", at(t.listed_on, 9),
        ))  # fmt: skip
        self.rows.add(Attendee, ATTENDEE_FIELDS, (meeting_id, t.planner.pk, None, "", "담당 복지플래너", True))
        if t.referred_by:
            contacts = self.p.directory.contacts.get(t.referred_by) or [("담당자", "")]
            name, title = rng.choice(contacts)
            self.rows.add(
                Attendee, ATTENDEE_FIELDS, (meeting_id, None, t.referred_by, name, title or "의뢰 기관", True)
            )
        return meeting_id

    def visit(self, t: _Target, day: dt.date) -> "_Watch | None":
        rng, programme = self.rng, t.programme
        visit_id = self.rows.new_id(Visit)
        visitor = self.staff_by_pk.get(t.case.worker_id, t.planner) if t.case else t.planner
        team = weighted(rng, TEAMS[programme])
        nurse = self.org.staff["nurse"]
        tong_leader = self.leader(t.home)
        if team == T.WITH_LEADER and tong_leader is None:
            team = T.ALONE
        if team == T.WITH_HEALTH:
            self.rows.add(VisitCompanion, COMPANION_FIELDS, (visit_id, nurse.pk, None, None, "", "방문간호사"))
        elif team == T.WITH_LEADER:
            assert tong_leader is not None
            self.rows.add(VisitCompanion, COMPANION_FIELDS, (visit_id, None, tong_leader.pk, None, "", "복지통장"))
        elif team == T.WITH_AGENCY:
            agency_id = t.referred_by
            if agency_id is None:
                ref = self.p.directory.agency(rng, K.COMMUNITY_WELFARE_CENTRE, self.dong.pk)
                agency_id = ref.id if ref else None
            kind = self.p.directory.by_id[agency_id].kind if agency_id else "other"
            name, role = rng.choice(txt.AGENCY_COMPANIONS.get(kind, txt.AGENCY_COMPANIONS["other"]))
            self.rows.add(VisitCompanion, COMPANION_FIELDS, (visit_id, None, None, agency_id, name, role))
        present = [t.member] if t.member.age >= 14 else []
        present += [m for m in t.home.members if m is not t.member and m.age >= 19 and rng.random() < 0.5]
        for member in present or [adult(t.home)]:
            self.rows.add(Visit.members_present.through, PRESENT_FIELDS, (visit_id, member.id))
        # Outcome first (the seed's shares), then screenings that agree with it.
        classification: str = ""
        if t.case:
            outcome, classification = Visit.Outcome.MANAGED, C.POVERTY_CRISIS
        else:
            normal = self.p.carry.take(f"normal:{programme}", NORMAL_SHARE[programme]) == 1
            if self.persona and programme not in self.managed:  # the persona planner's first visit needs watching
                normal = False
            outcome = Visit.Outcome.NORMAL if normal else Visit.Outcome.MANAGED
            if not normal:
                self.managed.add(programme)
            classification = "" if normal else weighted(rng, CLASSIFICATIONS[programme])
        screenings: list[tuple[str, int, bool]] = []
        if team == T.WITH_HEALTH:
            kinds = list(SCREENINGS) if programme == P.TURNING_65 or t.member.age >= 60 else [Screening.Kind.DEPRESSION]
            must = rng.choice(kinds) if classification == C.SIMPLE_HEALTH else None
            for kind in kinds:
                top, cut, worse = SCREENINGS[kind]
                positive = kind == must or (outcome == Visit.Outcome.MANAGED and rng.random() < 0.15)
                if positive:
                    score = rng.randint(cut, top) if worse else rng.randint(max(0, cut - 8), cut)
                else:
                    score = rng.randint(0, cut - 1) if worse else rng.randint(cut + 1, top)
                screenings.append((kind, score, positive))
                self.rows.add(Screening, SCREENING_FIELDS, (visit_id, kind, score, positive, nurse.pk))
        if outcome == Visit.Outcome.MANAGED:
            domains = need_domains(rng, rng.randint(1, 3))
            if classification == C.SIMPLE_HEALTH and "health" not in domains:
                domains = ["health", *domains[:2]]
            for domain in domains:
                self.rows.add(VisitNeed, VISIT_NEED_FIELDS, (visit_id, domain, rng.choice(txt.NEED_NOTES)))
            self.links(visit_id, programme, classification, screenings)
        checklist = [code for code, _label in CHECKLISTS[programme]]
        explained = rng.sample(checklist, rng.randint(min(3, len(checklist)), len(checklist)))
        abuse = t.flag if t.flag and rng.random() < 0.6 else ""
        elder = programme == P.TURNING_65 or t.member.age >= 60
        income = rng.randrange(0, 120, 5) if programme in (P.POVERTY_CRISIS, P.CARE_CRISIS) else rng.randrange(
            60 if elder else 150, 450, 10)  # fmt: skip
        self.rows.add(Visit, VISIT_FIELDS, (
            visit_id, t.id, self.dong.pk, t.home.id, t.member.id, day, visitor.pk, team,
            FAMILY_FORMS.get(t.home.shape, "other"), weighted(rng, TENURES), weighted(rng, HOUSINGS),
            rng.choice(txt.HOUSING_NOTES), income, rng.choice(txt.ECONOMIC_NOTES), json.dumps(explained),
            rng.choice(txt.SUMMARIES[programme]), outcome, classification, t.case.case_id if t.case else None, abuse,
            day if abuse else None, at(day, 17),
        ))  # fmt: skip
        if outcome != Visit.Outcome.MANAGED or t.case is not None:
            return None  # case management follows the case's households
        tier = weighted(rng, TIERS[P.CARE_CRISIS if programme == P.CARE_CRISIS else classification])
        return _Watch(self.rows.new_id(WatchedHousehold), t.home, programme, tier, visitor, day, visit_id,
                      self.cadence[Tier(tier)])  # fmt: skip

    def links(self, visit_id: int, programme: str, classification: str,
              screenings: list[tuple[str, int, bool]]) -> None:  # fmt: skip
        rng = self.rng
        codes: list[str] = []
        if classification == C.SIMPLE_HEALTH:
            codes = [HEALTH_LINK_OF[kind] for kind, _score, positive in screenings if positive] or ["home_health_visit"]
        elif classification == C.SIMPLE_WELFARE:
            codes = rng.sample(WELFARE_LINKS[programme], rng.randint(1, 2))
        elif classification == C.POVERTY_CRISIS:
            codes = rng.sample(POVERTY_LINKS, rng.randint(1, 2))
        for code in dict.fromkeys(codes):
            programme_ref: ProgrammeRef | None = self.p.programmes.get(code)
            if programme_ref is None:
                continue
            agency = self.p.directory.provider(rng, programme_ref, self.dong.pk)
            if code == "home_health_visit":
                agency = self.p.directory.agency(rng, K.HEALTH_CENTRE, self.dong.pk) or agency
            self.rows.add(VisitLink, LINK_FIELDS, (
                visit_id, agency.id if agency else None, programme_ref.id, rng.choice(txt.LINK_NOTES),
            ))  # fmt: skip

    # -- monitoring ---------------------------------------------------------------------------------------

    def watches(self, watches: list[_Watch]) -> None:
        rng, today = self.rng, self.today
        seen: set[int] = set()
        kept = []
        for watch in sorted(watches, key=lambda w: (w.started, w.id)):
            if watch.home.id not in seen:  # one open watch per household: the first visit's
                seen.add(watch.home.id)
                kept.append(watch)
        if self.persona:
            kept += self.tongjang_watch(kept, seen)
        overdue: set[int] = set()
        due_soon: set[int] = set()
        # Households the tong leader calls on are contacted anyway: the overdue and due-soon ones are others (the
        # persona tong leader's too: their check-ins are what moves its due date).
        crisis = {h for h, plans in self.check_ins.items() if any(c[4] is not None for c in plans)}
        crisis.add(self.leader_watched)
        old = [w for w in kept if (today - w.started).days > w.interval + 7 and w.home.id not in crisis]
        for watch in old:
            if rng.random() < OVERDUE_SHARE:
                overdue.add(watch.id)
        if self.persona:
            for suffix in PERSONA_PLANNERS:
                mine = [w for w in old if w.planner.pk == self.org.staff[suffix].pk]
                if mine and not any(w.id in overdue for w in mine):
                    overdue.add(mine[0].id)
                rest = [w for w in mine if w.id not in overdue]
                if rest:
                    due_soon.add(rest[-1].id)
                # Too few of their own watched long enough (small scales): one more of their cohort's households.
                for wanted, chosen in ((not mine, overdue), (not rest, due_soon)):
                    extra = self.planner_watch(suffix, seen | crisis) if wanted else None
                    if extra is not None:
                        seen.add(extra.home.id)
                        kept.append(extra)
                        chosen.add(extra.id)
        for watch in kept:
            self.schedule(watch, watch.id in overdue, watch.id in due_soon)
            settled = watch.id not in overdue and watch.id not in due_soon and (today - watch.started).days > 120
            if settled and rng.random() < 0.08:
                watch.ended = today - self.days(1, 30)
            self.write_watch(watch)

    def planner_watch(self, suffix: str, taken: set[int]) -> "_Watch | None":
        """A household of the persona planner's cohort under watch for a few months (for their work list)."""
        programme = next(p for p, s in PLANNER_OF.items() if s == suffix)
        home = next((t.home for t in self.targets[programme] if t.home.id not in taken), None)
        if home is None:
            return None
        tier = Tier.SERVICE if programme == P.CARE_CRISIS else Tier.CAUTION
        interval = self.cadence[tier]
        started = working_day(self.today - dt.timedelta(days=interval) - self.days(10, 40), self.today)
        return _Watch(self.rows.new_id(WatchedHousehold), home, programme, tier, self.org.staff[suffix], started,
                      None, interval)  # fmt: skip

    def tongjang_watch(self, kept: list[_Watch], seen: set[int]) -> list[_Watch]:
        """The persona tong leader looks after a watched household, so their check-ins move a due date: one of
        theirs is watched already since before their latest check-in there, or one is added."""
        tongjang = next((lead for lead in self.org.welfare_leader_of_tong.values() if lead.user_id), None)
        if tongjang is None:
            return []
        assignments = self.result.records.leader_assignments
        mine = [self.home_by_id[row[0]] for row in assignments if row[1] == tongjang.pk and row[0] in self.home_by_id]

        def called_since(home_id: int, day: dt.date) -> bool:
            return any(c[0].pk == tongjang.pk and c[1] > day for c in self.check_ins.get(home_id, []))

        theirs = {h.id for h in mine}
        watched = next((w for w in kept if w.home.id in theirs and called_since(w.home.id, w.started)), None)
        if watched is not None:
            self.leader_watched = watched.home.id
            return []
        started = working_day(self.today - self.days(40, 70), self.today)
        home = next((h for h in mine if h.id not in seen and called_since(h.id, started)), None)
        if home is None:
            return []
        seen.add(home.id)
        self.leader_watched = home.id
        return [_Watch(self.rows.new_id(WatchedHousehold), home, P.POVERTY_CRISIS, Tier.CAUTION,
                       self.org.staff["planner"], started, None, self.cadence[Tier.CAUTION])]  # fmt: skip

    def schedule(self, watch: _Watch, overdue: bool, due_soon: bool) -> None:
        """Contacts every interval from the start; the last one sets the next due date."""
        rng, today, interval = self.rng, self.today, watch.interval
        leader = self.leader(watch.home)
        if overdue:
            last = today - dt.timedelta(days=interval) - self.days(1, 20)
        elif due_soon:
            last = today - dt.timedelta(days=interval) + self.days(1, 6)
        else:
            last = today - self.days(0, max(0, interval - 8))
        day = last
        staff_days = []
        while day > watch.started:
            staff_days.append(day)
            day = day - dt.timedelta(days=interval) + self.days(-3, 2)
        for day in staff_days:
            method = weighted(rng, CONTACT_METHODS)
            if method == MonitoringContact.Method.LEADER_CHECK_IN and (
                leader is None or watch.home.id not in self.looked_after or watch.home.id in self.check_in_late
            ):
                method = MonitoringContact.Method.PHONE  # a tong leader calls only on the households assigned to them
            if method == MonitoringContact.Method.LEADER_CHECK_IN:
                assert leader is not None
                self.check_ins.setdefault(watch.home.id, []).append((leader, day, CheckIn.Condition.WELL, "", None))
            else:
                watch.contacts.append((day, method, watch.planner.pk, None, rng.choice(txt.CONTACT_NOTES)))
        if overdue or due_soon:
            self.check_in_cutoff[watch.home.id] = last
        for by, day, _condition, _note, _finding in self.check_ins.get(watch.home.id, []):
            # The tong leader's check-ins count as contacts too (none after the last one of an overdue household).
            if day > watch.started and (not (overdue or due_soon) or day <= last):
                watch.contacts.append((day, MonitoringContact.Method.LEADER_CHECK_IN, None, by.pk, "통장 안부확인"))

    def write_watch(self, w: _Watch) -> None:
        if w.ended:
            w.contacts = [c for c in w.contacts if c[0] <= w.ended]
        last = max((c[0] for c in w.contacts), default=None)
        due = (last or w.started) + dt.timedelta(days=w.interval)
        self.rows.add(WatchedHousehold, WATCH_FIELDS, (
            w.id, w.home.id, self.dong.pk, w.programme, w.tier, w.planner.pk, w.started, last, due, w.ended,
            self.rng.choice(txt.WATCH_END_REASONS) if w.ended else "", w.visit_id, at(w.started, 17),
        ))  # fmt: skip
        for day, method, staff_id, leader_id, note in sorted(w.contacts):
            self.rows.add(MonitoringContact, CONTACT_FIELDS, (w.id, day, method, staff_id, leader_id, note,
                                                              at(day, 18)))  # fmt: skip

    # -- neighbourhood officers ---------------------------------------------------------------------------

    def officers(self) -> None:
        rng, today = self.rng, self.today
        monday = today - dt.timedelta(days=today.weekday())
        weeks = [monday - dt.timedelta(weeks=k) for k in range(WEEKS, -1, -1)]
        self.first_week = weeks[0]
        reported: dict[tuple[int, dt.date], list[int]] = {}
        for zone_id, officer_id in self.zones:
            zone_homes = self.homes_of_zone.get(zone_id, [])
            self.places_of_zone[zone_id] = self.desk.key_places(zone_id, self.p.zone_numbers[zone_id], zone_homes)
            officer = self.staff_by_pk.get(officer_id) if officer_id else None
            if officer is None:
                continue
            for week in weeks:
                days = [week + dt.timedelta(days=d) for d in range(5) if week + dt.timedelta(days=d) <= today]
                if not days:
                    continue
                counts = reported.setdefault((officer.pk, week), [0, 0])
                for day in sorted(rng.sample(days, min(len(days), rng.choice([1, 1, 2, 2, 3])))):
                    counts[0] += 1
                    counts[1] += self.activity(officer, zone_id, zone_homes, day)
        self.weekly_reports(reported, monday)
        if self.persona:
            self.persona_findings()

    def activity(self, officer: StaffMember, zone_id: int, zone_homes: list[Home], day: dt.date) -> int:
        rng = self.rng
        activity_id = self.rows.new_id(OfficerActivity)
        pool = self.places_of_zone.get(zone_id) or txt.PLACES
        visited = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
        places = ", ".join(visited)
        met = ", ".join(rng.sample(txt.PEOPLE, rng.randint(1, 3)))
        complaint = ""
        found = 0
        share = FINDING_SHARE * min(1.0, len(zone_homes) / ZONE_HOUSEHOLDS)
        if self.persona:
            share = max(share, PERSONA_FINDING_SHARE)
        if rng.random() < share and zone_homes:
            kind = weighted(rng, FINDING_KINDS)
            if kind == FindingKind.COMPLAINT:
                complaint = rng.choice(txt.COMPLAINTS)
            self.finding(kind, day, officer.user_id, None, zone_homes, activity_id=activity_id, complaint=complaint,
                         officer=officer)  # fmt: skip
            found = 1
        elif rng.random() < 0.2:
            complaint = rng.choice(txt.COMPLAINTS) + "(현장 안내로 해결)"
        self.rows.add(OfficerActivity, ACTIVITY_FIELDS, (
            activity_id, officer.pk, zone_id, day, places, met, complaint, rng.choice(txt.ACTIVITY_NOTES),
            at(day, 17, rng.randint(0, 59)),
        ))  # fmt: skip
        self.desk.walks.append(WalkNote(activity_id, officer.pk, self.p.zone_numbers[zone_id], day, visited, complaint))
        return found

    def finding(self, kind: str, day: dt.date, raised_by: int, leader_id: int | None, homes: list[Home], *,
                activity_id: int | None = None, complaint: str = "", officer: StaffMember | None = None,
                home: Home | None = None, description: str = "", routed_to: str = "") -> int:  # fmt: skip
        rng, today = self.rng, self.today
        age = (today - day).days
        if age < 7:
            status = weighted(rng, [(FindingStatus.HANDED_OVER, 60), (FindingStatus.IN_PROGRESS, 40)])
        elif age < 21:
            status = weighted(rng, [(FindingStatus.HANDED_OVER, 20), (FindingStatus.IN_PROGRESS, 40),
                                    (FindingStatus.DONE, 40)])  # fmt: skip
        else:
            status = weighted(rng, [(FindingStatus.IN_PROGRESS, 15), (FindingStatus.DONE, 85)])
        handled = min(today, working_day(day + self.days(2, 10), today)) if status == FindingStatus.DONE else None
        person = None
        target_id = None
        told_on, told_how = None, ""
        if kind == FindingKind.CARE_NEEDED:
            home = home or rng.choice(homes)
            person = adult(home)
            subject = f"{masked(person.name)} ({home.road_address})"
            description = description or rng.choice(txt.CARE_FINDINGS)
            routed = self.org.staff["planner"]
            result = rng.choice(txt.CARE_RESULTS) if handled else ""
            if handled:
                source = Source.LEADER if leader_id else Source.OFFICER
                target = self.add_target(P.POVERTY_CRISIS, month_start(handled), home, person, source,
                                         txt.REASONS["leader" if leader_id else "officer"], handled)  # fmt: skip
                target_id = target.id if target else None
        elif kind == FindingKind.HELPER:
            helper_home = rng.choice(homes)
            helper = adult(helper_home)
            role, description = rng.choice(txt.HELPERS)
            subject = f"{masked(helper.name)} ({role})"
            home, person = None, None
            routed = self.org.staff["resources"]
            result = rng.choice(txt.HELPER_RESULTS) if handled else ""
        else:
            subject = f"주민 {masked(adult(rng.choice(homes)).name)}"
            description = complaint or rng.choice(txt.COMPLAINTS)
            home = None
            choices = [s for s in COMPLAINT_HANDLERS if officer is None or self.org.staff[s].pk != officer.pk]
            routed = self.org.staff[routed_to or rng.choice(choices)]
            result = rng.choice(txt.COMPLAINT_RESULTS) if handled else ""
            if handled:
                told_on, told_how = min(today, handled + self.days(0, 2)), rng.choice(txt.TOLD_HOW)
        finding_id = self.rows.new_id(Finding)
        self.rows.add(Finding, FINDING_FIELDS, (
            finding_id, self.dong.pk, kind, activity_id, raised_by, leader_id, home.id if home else None,
            person.id if person else None, subject[:100], description, routed.pk, status, result, handled, target_id,
            None, told_on, told_how, at(day, 17, 30),
        ))  # fmt: skip
        self.desk.findings.append(FindingNote(finding_id, kind, subject[:100], routed, status, day, handled))
        return finding_id

    def persona_findings(self) -> None:
        """In the persona dongs, the poverty-crisis planner has a person needing care and the officer, the
        coordinator and the dong head a complaint handed over this week (their work lists' 전달받은 발굴·민원)."""
        zone_homes = [h for homes in self.homes_of_zone.values() for h in homes] or self.homes
        day = working_day(self.today, self.today)
        open_to = {f.routed_to.pk for f in self.desk.findings if f.status != FindingStatus.DONE}
        for suffix in PERSONA_HANDLERS:
            handler = self.org.staff[suffix]
            if handler.pk in open_to or not zone_homes:
                continue
            raiser = next(s for s in (self.org.staff[o] for o in ("officer2", "officer")) if s.pk != handler.pk)
            kind = FindingKind.CARE_NEEDED if suffix == "planner" else FindingKind.COMPLAINT  # the planner's: care
            self.finding(kind, day, raiser.user_id, None, zone_homes, officer=raiser, routed_to=suffix)

    def weekly_reports(self, reported: dict[tuple[int, dt.date], list[int]], monday: dt.date) -> None:
        rng = self.rng
        last_week = monday - dt.timedelta(weeks=1)
        for (officer_id, week), (activities, findings) in sorted(reported.items()):
            friday = week + dt.timedelta(days=4)
            if week >= monday or friday > self.today:
                continue  # this week's report is not due yet
            persona_gap = self.persona and officer_id == self.org.staff[PERSONA_OFFICER].pk and week == last_week
            if persona_gap or rng.random() < MISSING_REPORT_SHARE:
                continue
            body = (f"{week:%m.%d.}~{friday:%m.%d.} 담당 구역 활동 {activities}건, 발굴·전달 {findings}건. "
                    f"{rng.choice(txt.ACTIVITY_NOTES)}.")  # fmt: skip
            self.desk.reported.add((officer_id, week))
            self.rows.add(WeeklyReport, REPORT_FIELDS, (
                officer_id, self.dong.pk, week, activities, findings, body, at(friday, 17, rng.randint(0, 59)),
            ))  # fmt: skip

    # -- tong leaders -------------------------------------------------------------------------------------

    def leaders(self) -> None:
        """Check-ins on every household a welfare tong leader looks after: weekly for 1:1 matched elders."""
        rng, today = self.rng, self.today
        leaders = {lead.pk: lead for lead in self.org.welfare_leader_of_tong.values()}
        tongjang_overdue = False
        for household_id, leader_id, started, _ended, matched, every in self.result.records.leader_assignments:
            leader, home = leaders.get(leader_id), self.home_by_id.get(household_id)
            if leader is None or home is None:
                continue
            every = every or OTHER_EVERY_DAYS
            overdue = rng.random() < CHECK_IN_OVERDUE_SHARE
            if matched and leader.user_id and not tongjang_overdue:
                overdue = tongjang_overdue = True
            last = today - self.days(0, every - 1)
            if overdue:
                last = today - dt.timedelta(days=every) - self.days(3, 12)
                self.check_in_late.add(home.id)
            day = last
            while day >= max(started, today - dt.timedelta(days=CHECK_IN_DAYS)):
                condition = weighted(rng, CONDITIONS)
                note = rng.choice(txt.CHECK_IN_NOTES[condition])
                finding_id = None
                if condition == CheckIn.Condition.CRISIS:  # a crisis becomes a discovery for the planner
                    raised_by = leader.user_id or self.officer(home).user_id
                    finding_id = self.finding(FindingKind.CARE_NEEDED, day, raised_by, leader.pk, [home], home=home,
                                              description=f"안부확인 중 위기: {note}")  # fmt: skip
                self.check_ins.setdefault(home.id, []).append((leader, day, condition, note, finding_id))
                day -= dt.timedelta(days=every) + self.days(-1, 1)

    def write_check_ins(self) -> None:
        rng = self.rng
        for household_id, plans in self.check_ins.items():
            cutoff = self.check_in_cutoff.get(household_id)
            officer = self.officer(self.home_by_id[household_id])
            for leader, day, condition, note, finding_id in sorted(plans, key=lambda c: c[1]):
                if cutoff and day > cutoff and finding_id is None:
                    continue
                on_behalf = leader.user_id is None or rng.random() < 0.1  # officers record for leaders without a login
                method = weighted(rng, [(CheckIn.CheckInMethod.PHONE, 70), (CheckIn.CheckInMethod.VISIT, 30)])
                self.rows.add(CheckIn, CHECK_IN_FIELDS, (
                    self.rows.new_id(CheckIn), leader.pk, household_id, day, method, condition, note,
                    officer.pk if on_behalf else None, finding_id, at(day, 19 if on_behalf else 11),
                ))  # fmt: skip
