"""The consultation desk (복지상담전문관) of one demo dong: this month's desk roster, three months of
comprehensive consultations (walk-ins mostly, a few with medium or high suicide risk), the referrals made
from them with their history, and the consents that external referrals need.

Rules kept so the demo never shows what the system would refuse: an external referral goes only to an
agency covered by the resident's third-party consent given that day, or carries a legal exception recorded
by the supervisor; a high suicide risk raises the sensitive flag (with a planner in charge) and an urgent
referral to the suicide prevention or mental health centre.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from chatdong.consult.models import (
    Consultation,
    ConsultationNeed,
    DeskShift,
    Referral,
    ReferralEvent,
    SuicideRisk,
)
from chatdong.core.dates import add_months
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, StaffMember
from chatdong.registry.models import Consent, Flag, PersonFlag, StaffAssignment

from .casetexts import (
    CONSULTATION_SUMMARIES,
    DOMAIN_WEIGHTS,
    INTERNAL_REFERRAL_REASONS,
    NEEDS,
    REFERRAL_RESULTS,
)
from .conferences import at
from .directory import AgencyRef, Directory, DongPeople
from .households import Home, Member
from .records import FLAG_FIELDS, STAFF_ASSIGNMENT_FIELDS
from .rows import Rows
from .staff import DongOrg

D = NeedDomain
K = Agency.Kind
S = Referral.Status
WINDOW_DAYS = 91  # three months of consultations
ROTATION = ["planner", "plannerbirth", "planner65", "resources"]  # who covers the desk on rotation days
ROTATION_SHARE = 0.2
CHANNELS = [(Consultation.Channel.WALK_IN, 75), (Consultation.Channel.PHONE, 18), (Consultation.Channel.HOME_VISIT, 7)]
VISITORS = [
    (Consultation.Visitor.SELF, 78), (Consultation.Visitor.FAMILY, 10), (Consultation.Visitor.NEIGHBOUR, 4),
    (Consultation.Visitor.LEADER, 5), (Consultation.Visitor.AGENCY, 3),
]  # fmt: skip
RISK_SHARES = {SuicideRisk.HIGH: 0.008, SuicideRisk.MEDIUM: 0.03, SuicideRisk.LOW: 0.12}
RISK_SCORES = {
    SuicideRisk.NONE: (0, 3),
    SuicideRisk.LOW: (4, 8),
    SuicideRisk.MEDIUM: (9, 14),
    SuicideRisk.HIGH: (15, 20),
}
REFERRAL_SHARE = 0.33
INTERNAL_TO: dict[str, str] = {
    D.ECONOMY: "planner", D.HOUSING: "planner", D.HEALTH: "nurse", D.EDUCATION: "plannerbirth",
    D.RELATIONSHIP: "planner65", D.EMPLOYMENT: "planner", D.LEGAL: "planner", D.OTHER: "resources",
}  # fmt: skip
# Where each need domain is referred outside (health: see external_kind).
EXTERNAL_TO: dict[str, list[str]] = {
    D.ECONOMY: [K.FINANCIAL_WELFARE, K.COMMUNITY_WELFARE_CENTRE], D.HOUSING: [K.COMMUNITY_WELFARE_CENTRE],
    D.EDUCATION: [K.DREAM_START],
    D.RELATIONSHIP: [K.ELDER_WELFARE_CENTRE, K.COMMUNITY_WELFARE_CENTRE],
    D.EMPLOYMENT: [K.JOB_CENTRE, K.SELF_SUFFICIENCY], D.LEGAL: [K.VILLAGE_LAWYER, K.FINANCIAL_WELFARE],
    D.OTHER: [K.OTHER],
}  # fmt: skip
AGENCY_REQUESTS: dict[str, str] = {
    K.FINANCIAL_WELFARE: "채무조정·재무 상담 요청", K.COMMUNITY_WELFARE_CENTRE: "복지관 후원·서비스 연계 요청",
    K.HEALTH_CENTRE: "방문건강관리 요청", K.MENTAL_HEALTH_CENTRE: "정신건강 상담 요청",
    K.DEMENTIA_CENTRE: "치매 조기검진 요청", K.DREAM_START: "드림스타트 서비스 연계 요청",
    K.ELDER_WELFARE_CENTRE: "노인돌봄·관계망 프로그램 연계 요청", K.JOB_CENTRE: "취업 상담·알선 요청",
    K.SELF_SUFFICIENCY: "자활근로 참여 상담 요청", K.VILLAGE_LAWYER: "무료 법률·세무 상담 요청",
    K.OTHER: "자원봉사자 연계 요청",
}  # fmt: skip
URGENT_EXCEPTION = "급박한 생명·신체 보호(개인정보 보호법 제18조 제2항 제3호)"
TELL_METHODS = [Referral.TellMethod.PHONE] * 6 + [Referral.TellMethod.IN_PERSON] * 2 + [
    Referral.TellMethod.VISIT, Referral.TellMethod.TEXT
]  # fmt: skip

CONSULTATION_FIELDS = (
    "id", "dong_id", "household_id", "person_id", "officer_id", "channel", "visitor", "visitor_name", "occurred_on",
    "summary", "screening_score", "screening_answers", "suicide_risk", "case_id", "created_at",
)  # fmt: skip
NEED_FIELDS = ("consultation_id", "domain", "note")
INFO_FIELDS = ("consultation_id", "serviceprogramme_id")
REFERRAL_FIELDS = (
    "id", "dong_id", "household_id", "person_id", "consultation_id", "case_id", "made_by_id", "target", "to_team_id",
    "to_staff_id", "to_agency_id", "domain", "reason", "urgent", "status", "requested_on", "due_on", "result",
    "closed_on", "resident_told_on", "resident_told_method", "legal_exception", "exception_recorded_by_id",
    "created_at",
)  # fmt: skip
REFERRAL_EVENT_FIELDS = ("referral_id", "at", "actor_id", "status", "note")
SHIFT_FIELDS = ("dong_id", "staff_id", "day", "mode")
CONSENT_FIELDS = (
    "id", "person_id", "kind", "scope", "given_on", "expires_on", "withdrawn_on", "method", "recorded_by_id",
    "created_at",
)  # fmt: skip
CONSENT_AGENCY_FIELDS = ("consent_id", "agency_id")
OPEN_STATUSES = (S.REQUESTED, S.RECEIVED, S.IN_PROGRESS)


def weighted[T](rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def need_domains(rng: random.Random, count: int) -> list[str]:
    """`count` distinct need domains, drawn by seed 001's weights."""
    pool = dict(DOMAIN_WEIGHTS)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        domain = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(domain)
        del pool[domain]
    return chosen


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def external_kind(rng: random.Random, domain: str, note: str) -> str:
    """The kind of agency a need goes to; health needs by what the note says."""
    if domain == D.HEALTH:
        if "치매" in note:
            return K.DEMENTIA_CENTRE
        if "우울" in note or "알코올" in note:
            return K.MENTAL_HEALTH_CENTRE
        return K.HEALTH_CENTRE
    return rng.choice(EXTERNAL_TO[domain])


def add_consent(
    rows: Rows, *, person_id: int, kind: str, scope: str, given_on: dt.date, expires_on: dt.date | None,
    method: str, recorded_by: int, agencies: list[int],
) -> int:  # fmt: skip
    consent_id = rows.new_id(Consent)
    rows.add(Consent, CONSENT_FIELDS, (
        consent_id, person_id, kind, scope[:300], given_on, expires_on, None, method, recorded_by, at(given_on, 10),
    ))  # fmt: skip
    for agency_id in dict.fromkeys(agencies):
        rows.add(Consent.agencies.through, CONSENT_AGENCY_FIELDS, (consent_id, agency_id))
    return consent_id


def adult(home: Home) -> Member:
    grown = [m for m in home.members if m.age >= 19]
    return grown[0] if grown else home.members[0]


@dataclass
class DeskIntake:
    """A case opened from the desk: its consultation is written here, linked to the case."""

    case_id: int
    home: Home
    member: Member
    day: dt.date
    domains: list[str]
    worker_id: int


@dataclass
class ReferralPlan:
    consultation_id: int
    home: Home
    member: Member
    made_by: StaffMember
    domain: str
    requested_on: dt.date
    target: str
    to_staff: StaffMember | None = None
    to_team_id: int | None = None
    agency: AgencyRef | None = None
    reason: str = ""
    urgent: bool = False
    case_id: int | None = None
    status: str = ""  # decided up front only where the demo needs a particular state
    told: bool | None = None
    legal_exception: str = ""
    result: str = ""


@dataclass
class DeskCounts:
    consultations: int = 0
    referrals: int = 0
    high_risk: int = 0


@dataclass
class _Consult:
    day: dt.date
    home: Home
    member: Member
    officer: StaffMember
    risk: str = SuicideRisk.NONE
    referrals: list[ReferralPlan] = field(default_factory=list)


class DeskBuilder:
    def __init__(self, rows: Rows, directory: Directory, today: dt.date) -> None:
        self.rows = rows
        self.directory = directory
        self.today = today

    def build(
        self, rng: random.Random, org: DongOrg, people: DongPeople, intakes: list[DeskIntake], count: int,
        persona: bool,
    ) -> DeskCounts:  # fmt: skip
        today = self.today
        days = working_days(today - dt.timedelta(days=WINDOW_DAYS - 1), today)
        # Persona dongs: the desk officer's own work list always shows a waiting, an overdue and an untold referral.
        forced = {}
        if persona and days:
            forced = {
                days[-1]: "waiting",
                days[max(0, len(days) - 1 - rng.randint(15, 25))]: "overdue",
                days[max(0, len(days) - 1 - rng.randint(4, 8))]: "untold",
            }
        roster = self._roster(rng, org, days, set(forced))
        counts = DeskCounts()
        consults: list[_Consult] = []
        for _ in range(count):
            day = rng.choice(days)
            poor = people.low_income and rng.random() < 0.55  # the desk sees more of those on benefits
            home = rng.choice(people.low_income if poor else people.homes)
            consults.append(_Consult(day, home, adult(home), roster[day][0]))
        for day in forced:
            home = rng.choice(people.low_income or people.homes)
            consults.append(_Consult(day, home, adult(home), org.staff["desk"]))
        consults.sort(key=lambda c: c.day)
        self._risks(rng, consults, persona)
        for consult in consults:
            kind = forced.get(consult.day) if consult.officer.pk == org.staff["desk"].pk else None
            self._consultation(rng, org, people, consult, None, [], kind)
            if kind:
                del forced[consult.day]
            counts.consultations += 1
            counts.referrals += len(consult.referrals)
            counts.high_risk += consult.risk == SuicideRisk.HIGH
        for intake in intakes:
            officer = roster.get(intake.day, (org.staff["desk"], ""))[0]
            consult = _Consult(intake.day, intake.home, intake.member, officer)
            self._consultation(rng, org, people, consult, intake, intake.domains, None)
            counts.consultations += 1
            counts.referrals += len(consult.referrals)
        return counts

    # -- roster -----------------------------------------------------------------------------------------

    def _roster(
        self, rng: random.Random, org: DongOrg, days: list[dt.date], dedicated: set[dt.date]
    ) -> dict[dt.date, tuple[StaffMember, str]]:
        """Who is on the desk each working day of the three months and of this whole month; this month's
        days are written as DeskShift rows."""
        today = self.today
        month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        roster: dict[dt.date, tuple[StaffMember, str]] = {}
        turn = 0
        for day in sorted(set(days) | set(working_days(today.replace(day=1), month_end))):
            if day not in dedicated and rng.random() < ROTATION_SHARE:
                roster[day] = (org.staff[ROTATION[turn % len(ROTATION)]], DeskShift.Mode.ROTATION)
                turn += 1
            else:
                roster[day] = (org.staff["desk"], DeskShift.Mode.DEDICATED)
            if day.month == today.month and day.year == today.year:
                self.rows.add(DeskShift, SHIFT_FIELDS, (org.dong.pk, roster[day][0].pk, day, roster[day][1]))
        return roster

    # -- consultations ----------------------------------------------------------------------------------

    def _risks(self, rng: random.Random, consults: list[_Consult], persona: bool) -> None:
        adults = [c for c in consults if c.member.age >= 19]
        rng.shuffle(adults)
        start = 0
        for level, share in RISK_SHARES.items():
            n = round(len(consults) * share)
            if persona and level in (SuicideRisk.HIGH, SuicideRisk.MEDIUM):
                n = max(1, n)
            for consult in adults[start : start + n]:
                consult.risk = level
            start += n

    def _consultation(
        self, rng: random.Random, org: DongOrg, people: DongPeople, c: _Consult, intake: DeskIntake | None,
        domains: list[str], forced: str | None,
    ) -> None:  # fmt: skip
        rows = self.rows
        cid = rows.new_id(Consultation)
        domains = domains or need_domains(rng, rng.choices([1, 2, 3], weights=[50, 35, 15])[0])
        if c.risk in (SuicideRisk.HIGH, SuicideRisk.MEDIUM) and D.HEALTH not in domains:
            domains = [D.HEALTH, *domains]
        notes = [rng.choice(NEEDS[d]) for d in domains]
        channel: str = Consultation.Channel.WALK_IN
        summary = f"{notes[0]}. 복합 욕구로 사례관리 접수"
        if not intake:
            channel, summary = weighted(rng, CHANNELS), rng.choice(CONSULTATION_SUMMARIES).format(need=notes[0])
        visitor = Consultation.Visitor.SELF if intake else weighted(rng, VISITORS)
        others = [m for m in c.home.members if m is not c.member and m.age >= 19]
        visitor_name = others[0].name if visitor == Consultation.Visitor.FAMILY and others else ""
        if visitor == Consultation.Visitor.FAMILY and not visitor_name:
            visitor = Consultation.Visitor.SELF
        low, high = RISK_SCORES[SuicideRisk(c.risk)]
        screened = c.risk != SuicideRisk.NONE or (c.member.age >= 19 and rng.random() < 0.55)
        score = rng.randint(low, high) if screened else None
        rows.add(
            Consultation,
            CONSULTATION_FIELDS,
            (
                cid,
                org.dong.pk,
                c.home.id,
                c.member.id,
                c.officer.pk,
                channel,
                visitor,
                visitor_name,
                c.day,
                summary,
                score,
                "[]",  # the demo records a score, not the individual answers
                c.risk,
                intake.case_id if intake else None,
                at(c.day, rng.randint(9, 17), rng.randint(0, 59)),
            ),
        )
        for domain, note in zip(domains, notes, strict=True):
            rows.add(ConsultationNeed, NEED_FIELDS, (cid, domain, note))
        informed: set[int] = set()
        for domain in domains:  # one or two programmes of each need's domain were explained
            programmes = self.directory.programmes.get(domain, [])
            informed.update(p.id for p in rng.sample(programmes, min(len(programmes), rng.choice([1, 1, 2]))))
        for programme_id in sorted(informed):
            rows.add(Consultation.information.through, INFO_FIELDS, (cid, programme_id))
        c.referrals = self._referral_plans(rng, org, c, cid, dict(zip(domains, notes, strict=True)), intake, forced)
        if c.risk == SuicideRisk.HIGH:
            self._flag_high_risk(org, people, c)
        self._write_referrals(rng, org, c, cid)

    def _flag_high_risk(self, org: DongOrg, people: DongPeople, c: _Consult) -> None:
        if c.member.id not in people.suicide_flagged:
            people.suicide_flagged.add(c.member.id)
            self.rows.add(PersonFlag, FLAG_FIELDS, (
                c.member.id, Flag.SUICIDE_RISK, c.day, None, "복지상담 자살위험 선별검사 고위험, 긴급 연계",
                None, c.officer.pk,
            ))  # fmt: skip
        # A sensitive record always has someone in charge who may see it (the care planner).
        key = (c.home.id, org.staff["plannercare"].pk)
        if key not in people.assigned:
            people.assigned.add(key)
            self.rows.add(StaffAssignment, STAFF_ASSIGNMENT_FIELDS, (c.home.id, key[1], c.day, None))

    # -- referrals --------------------------------------------------------------------------------------

    def _referral_plans(
        self, rng: random.Random, org: DongOrg, c: _Consult, cid: int, notes: dict[str, str],
        intake: DeskIntake | None, forced: str | None,
    ) -> list[ReferralPlan]:  # fmt: skip
        domains = list(notes)

        def plan(domain: str, external: bool) -> ReferralPlan:
            p = ReferralPlan(cid, c.home, c.member, c.officer, domain, c.day, Referral.Target.INTERNAL)
            note = notes.get(domain, "")
            agency = None
            if external or domain == D.LEGAL:
                agency = self.directory.agency(rng, external_kind(rng, domain, note), org.dong.pk)
            if agency:
                p.target, p.agency = Referral.Target.EXTERNAL, agency
                request = AGENCY_REQUESTS.get(agency.kind, "서비스 연계 요청")
                p.reason = f"{note}: {request}" if note else request
            else:
                staff = org.staff[INTERNAL_TO[domain]]
                if rng.random() < 0.4 and staff.team_id:
                    p.to_team_id = staff.team_id
                else:
                    p.to_staff = staff
                p.reason = rng.choice(INTERNAL_REFERRAL_REASONS)
            return p

        plans = []
        if intake:
            worker = next(s for s in org.staff.values() if s.pk == intake.worker_id)
            p = ReferralPlan(
                cid,
                c.home,
                c.member,
                c.officer,
                domains[0],
                c.day,
                Referral.Target.INTERNAL,
                to_staff=worker,
                reason="복합 욕구, 사례관리 접수 요청",
                case_id=intake.case_id,
                status=S.COMPLETED,
                told=True,
                result=f"사례관리 접수(사례 #{intake.case_id})",
            )
            plans.append(p)
        if c.risk == SuicideRisk.HIGH:
            kind = K.SUICIDE_PREVENTION_CENTRE if rng.random() < 0.6 else K.MENTAL_HEALTH_CENTRE
            agency = self.directory.agency(rng, kind, org.dong.pk)
            p = ReferralPlan(
                cid,
                c.home,
                c.member,
                c.officer,
                D.HEALTH,
                c.day,
                Referral.Target.EXTERNAL,
                agency=agency,
                urgent=True,
                reason="자살위험 선별검사 고위험: 긴급 위기개입 요청",
            )
            if rng.random() < 0.5:
                p.legal_exception = URGENT_EXCEPTION
            plans.append(p)
        elif c.risk == SuicideRisk.MEDIUM:
            plans.append(plan(D.HEALTH, rng.random() < 0.5))
        elif forced or (not intake and rng.random() < REFERRAL_SHARE):
            plans.append(plan(domains[0], forced == "overdue" or rng.random() < 0.4))
            if len(domains) > 1 and rng.random() < 0.15:
                plans.append(plan(domains[1], rng.random() < 0.4))
        if forced and plans:
            target = plans[-1]
            target.status = {"waiting": S.RECEIVED, "overdue": S.IN_PROGRESS, "untold": S.COMPLETED}[forced]
            target.told = False if forced == "untold" else None
        return plans

    def _write_referrals(self, rng: random.Random, org: DongOrg, c: _Consult, cid: int) -> None:
        rows = self.rows
        today = self.today
        external = [p.agency.id for p in c.referrals if p.agency and not p.legal_exception]
        if external:
            add_consent(
                rows, person_id=c.member.id, kind=Consent.Kind.THIRD_PARTY,
                scope="복지서비스 의뢰를 위한 개인정보 제3자 제공: "
                + ", ".join(self.directory.by_id[a].name for a in dict.fromkeys(external)),
                given_on=c.day, expires_on=add_months(c.day, 12),
                method=Consent.Method.WRITTEN if rng.random() < 0.7 else Consent.Method.VERBAL,
                recorded_by=c.officer.pk, agencies=external,
            )  # fmt: skip
        for p in c.referrals:
            rid = rows.new_id(Referral)
            wait = 1 if p.urgent else (14 if p.agency else 7)
            due = p.requested_on + dt.timedelta(days=wait)
            status = p.status or self._status(rng, p.requested_on, due)
            if p.case_id:  # the planner took the case on the same day
                received = working = p.requested_on
            else:
                received = min(today, p.requested_on + dt.timedelta(days=0 if p.urgent else rng.randint(0, 2)))
                working = min(today, received + dt.timedelta(days=rng.randint(0, 3)))
            closed = told_on = None
            method = result = ""
            if status in (S.COMPLETED, S.RETURNED):
                closed = min(today, working + dt.timedelta(days=rng.randint(0, wait + 2)))
                if p.case_id:
                    closed = p.requested_on
                result = p.result or rng.choice(REFERRAL_RESULTS[status])
                told = (
                    p.told
                    if p.told is not None
                    else rng.random() < (0.5 if closed >= today - dt.timedelta(days=7) else 0.96)
                )
                if told:
                    told_on = min(today, closed + dt.timedelta(days=0 if p.case_id else rng.randint(0, 4)))
                    method = Referral.TellMethod.IN_PERSON if p.case_id else rng.choice(TELL_METHODS)
            exception_by = org.staff["supervisor"].pk if p.legal_exception else None
            rows.add(Referral, REFERRAL_FIELDS, (
                rid, org.dong.pk, p.home.id, p.member.id, cid, p.case_id, p.made_by.pk, p.target, p.to_team_id,
                p.to_staff.pk if p.to_staff else None, p.agency.id if p.agency else None, p.domain, p.reason,
                p.urgent, status, p.requested_on, due, result, closed, told_on, method, p.legal_exception,
                exception_by, at(p.requested_on, 17),
            ))  # fmt: skip
            receiver = p.to_staff.pk if p.to_staff else None
            where = p.agency.name if p.agency else "담당 팀"
            history: list[tuple[dt.date, int, int | None, str, str]] = [
                (p.requested_on, 17, p.made_by.pk, S.REQUESTED, p.reason[:300])
            ]
            if status != S.REQUESTED:
                history.append((received, 18, receiver, S.RECEIVED, f"{where} 접수"))
            if status in (S.IN_PROGRESS, S.COMPLETED, S.RETURNED) and not p.case_id:
                history.append((working, 19, receiver, S.IN_PROGRESS, "처리 중"))
            if closed:
                history.append((closed, 20, receiver, status, result[:300]))
            for day, hour, actor, event_status, note in history:
                rows.add(ReferralEvent, REFERRAL_EVENT_FIELDS, (rid, at(day, hour), actor, event_status, note))

    def _status(self, rng: random.Random, requested: dt.date, due: dt.date) -> str:
        """Most referrals past their due date are answered; about one in eleven is still open (overdue)."""
        if due < self.today:
            return rng.choices([S.COMPLETED, S.RETURNED, S.IN_PROGRESS, S.RECEIVED, S.REQUESTED],
                               weights=[86, 5, 4.5, 3, 1.5])[0]  # fmt: skip
        if (self.today - requested).days <= 1:
            return rng.choice([S.REQUESTED, S.REQUESTED, S.RECEIVED])
        return rng.choices([S.COMPLETED, S.IN_PROGRESS, S.RECEIVED, S.REQUESTED], weights=[30, 30, 25, 15])[0]
