"""The home visit (방문상담기록지): recording it with its team, screenings and outcome, and what follows from
it in the same transaction — the target visited, the 112 report flag, monitoring, a case intake."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.cases import services as case_services
from chatdong.cases.models import Case
from chatdong.cases.models import Source as CaseSource
from chatdong.core.needs import NeedDomain
from chatdong.core.types import Actor
from chatdong.org.models import Agency, NeighbourhoodLeader, StaffMember
from chatdong.org.roles import Role
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import CHECKLISTS, Programme
from chatdong.outreach.cohorts.states import VISITABLE, TargetStatus
from chatdong.registry import rules as registry_rules
from chatdong.registry import services as registry_services
from chatdong.registry.consents import has_valid_consent
from chatdong.registry.models import Consent, Flag, Person

from . import cadence, rules, screenings
from .models import Screening, Visit, VisitCompanion, VisitLink, VisitNeed
from .states import Tier

# The signs a visit may record; each becomes the person's sensitive flag with its 112 report date.
ABUSE_SIGNS = (Flag.ELDER_ABUSE, Flag.CHILD_ABUSE, Flag.DOMESTIC_VIOLENCE)
VISIT_FIELDS = [
    "target", "household", "person", "visited_on", "visitor", "team", "family_form", "tenure", "housing",
    "monthly_income", "services_explained", "outcome", "classification", "abuse_sign", "reported_to_police_on",
]  # fmt: skip


@dataclass
class Companion:
    """Who went along: a staff member (the nurse), a tong leader, or someone from an agency (APO …)."""

    staff: StaffMember | None = None
    leader: NeighbourhoodLeader | None = None
    agency: Agency | None = None
    name: str = ""
    role: str = ""


@dataclass
class VisitInput:
    visited_on: dt.date
    summary: str
    outcome: str
    classification: str = ""
    companions: list[Companion] = field(default_factory=list)
    members_present: list[int] = field(default_factory=list)
    family_form: str = ""
    tenure: str = ""
    housing: str = ""
    housing_note: str = ""
    monthly_income: int | None = None
    economic_note: str = ""
    services_explained: list[str] = field(default_factory=list)
    needs: list[tuple[str, str]] = field(default_factory=list)
    # kind → score, read against screenings.INSTRUMENTS.
    screenings: dict[str, int] = field(default_factory=dict)
    link_agencies: list[Agency] = field(default_factory=list)
    link_note: str = ""
    abuse_sign: str = ""
    reported_to_police_on: dt.date | None = None
    # 관리대상군: the monitoring tier to start with, and whether to open a case now.
    tier: str = ""
    open_case: bool = False


def checklist(programme: str | None) -> list[tuple[str, str]]:
    """The services a visit explains: the cohort's checklist, or every programme's for a visit off-list."""
    if programme:
        return CHECKLISTS.get(programme, [])
    seen: dict[str, str] = {}
    for items in CHECKLISTS.values():
        for code, label in items:
            seen.setdefault(code, label)
    return list(seen.items())


def is_nurse(staff: StaffMember | None) -> bool:
    return staff is not None and staff.roles.filter(role=Role.VISITING_NURSE).exists()


def team_of(companions: list[Companion]) -> str:
    """단독 / 보건소 동행 / 타기관 동행 / 통·반장 동행, as the progress figures count them (seed 002).
    A visit with the nurse counts as 보건소 동행 even when an agency came too."""
    if any(is_nurse(c.staff) or (c.agency and c.agency.kind == Agency.Kind.HEALTH_CENTRE) for c in companions):
        return Visit.Team.WITH_HEALTH
    if any(c.agency for c in companions):
        return Visit.Team.WITH_AGENCY
    if any(c.leader for c in companions):
        return Visit.Team.WITH_LEADER
    return Visit.Team.ALONE


def _locked_target(target: Target, person: Person) -> Target:
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.person_id != person.pk:
        raise ValidationError("대상자와 방문한 주민이 다릅니다.")
    if target.status not in VISITABLE:
        raise ValidationError(
            f"방문 동의를 받은 대상자만 방문을 기록할 수 있습니다(현재 상태: {target.get_status_display()}). "
            "먼저 동의 또는 예약을 기록하세요."
        )
    return target


def _check_consent(target: Target, visited_on: dt.date) -> None:
    """돌봄위기가정 is visited strictly with the resident's recorded consent valid on the day."""
    if target.programme != Programme.CARE_CRISIS:
        return
    consent = target.consent
    on_target = consent is not None and consent.kind == Consent.Kind.VISIT and consent.is_valid_on(visited_on)
    if not (on_target or has_valid_consent(target.person, Consent.Kind.VISIT, visited_on)):
        raise ValidationError(
            "돌봄위기가정은 방문 당일 유효한 방문상담 동의가 있어야 방문을 기록할 수 있습니다. 동의를 먼저 기록하세요."
        )


def _validate(data: VisitInput, person: Person, programme: str | None, visitor: StaffMember) -> list[str]:
    errors = []
    if data.visited_on > dt.date.today():
        errors.append("방문일은 오늘 이후일 수 없습니다.")
    if not data.summary.strip():
        errors.append("상담 내용을 입력하세요.")
    choices = [
        (data.family_form, Visit.FamilyForm, "가족 형태"),
        (data.tenure, Visit.Tenure, "점유 형태"),
        (data.housing, Visit.Housing, "주거 형태"),
    ]
    errors += [f"{label}가 올바르지 않습니다." for value, enum, label in choices if value and value not in enum.values]
    if data.outcome not in Visit.Outcome.values:
        errors.append("판정(정상군 또는 관리대상군)을 선택하세요.")
    elif data.outcome == Visit.Outcome.MANAGED:
        if data.classification not in Visit.Classification.values:
            errors.append("관리대상군은 분류(빈곤위기가정, 단순가구-보건욕구, 단순가구-복지욕구)를 선택하세요.")
        if data.tier and data.tier not in Tier.values:
            errors.append("관리 등급이 올바르지 않습니다.")
    elif data.classification or data.tier or data.open_case:
        errors.append("정상군은 정보 안내 후 종결합니다. 분류·모니터링·사례 접수는 관리대상군만 기록합니다.")
    codes = {code for code, _ in checklist(programme)}
    if set(data.services_explained) - codes:
        errors.append("안내한 서비스가 이 사업의 안내 항목에 없습니다.")
    if any(domain not in NeedDomain.values for domain, _ in data.needs):
        errors.append("욕구 영역이 올바르지 않습니다.")
    members = set(Person.objects.filter(household_id=person.household_id).values_list("pk", flat=True))
    if set(data.members_present) - members:
        errors.append("면담 가구원은 이 가구의 가구원이어야 합니다.")
    for c in data.companions:
        if c.staff and c.staff.pk == visitor.pk:
            errors.append("방문자 본인은 동행자로 적지 않습니다.")
        if c.leader and c.leader.dong_id != person.household.dong_id:
            errors.append(f"{c.leader.name}은(는) 이 동의 통·반장이 아닙니다.")
        if c.agency and not (c.name.strip() and c.role.strip()):
            errors.append("동행한 기관 직원의 이름과 역할(예: 학대전담경찰관)을 입력하세요.")
    if data.screenings and not (is_nurse(visitor) or any(is_nurse(c.staff) for c in data.companions)):
        errors.append("선별검사는 방문간호사가 방문하거나 동행한 경우에만 기록합니다. 동행한 간호사를 선택하세요.")
    for kind, score in data.screenings.items():
        try:
            screenings.check(kind, score)
        except ValidationError as exc:
            errors += exc.messages
    if data.abuse_sign:
        if data.abuse_sign not in ABUSE_SIGNS:
            errors.append("학대·폭력 징후의 종류가 올바르지 않습니다.")
        if data.reported_to_police_on is None:
            errors.append("학대·폭력 징후를 기록하면 112 신고일을 함께 입력하세요(신고는 법적 의무입니다).")
        elif data.reported_to_police_on < data.visited_on or data.reported_to_police_on > dt.date.today():
            errors.append("112 신고일은 방문일부터 오늘 사이여야 합니다.")
    elif data.reported_to_police_on:
        errors.append("112 신고일은 학대·폭력 징후와 함께 기록합니다.")
    return errors


@transaction.atomic
def record_visit(
    user: Actor, principal: Principal, person: Person, data: VisitInput, target: Target | None = None
) -> Visit:
    """방문상담기록지: a visit to the person's household, by the signed-in staff member.

    A cohort target must have consented (동의 or 예약); it becomes 방문 완료. A 관리대상군 visit may start
    monitoring with a tier (or counts as a contact of a household already watched) and may open a case.
    """
    household = person.household
    registry_rules.require_edit_household(principal, household)
    rules.RECORD.require(principal, household)
    visitor = principal.staff
    assert visitor is not None  # the rule records staff accounts only
    if target is not None:
        target = _locked_target(target, person)
        _check_consent(target, data.visited_on)
    programme = target.programme if target else None
    errors = _validate(data, person, programme, visitor)
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        target=target, dong_id=household.dong_id, household=household, person=person, visited_on=data.visited_on,
        visitor=visitor, team=team_of(data.companions), family_form=data.family_form, tenure=data.tenure,
        housing=data.housing, housing_note=data.housing_note.strip(), monthly_income=data.monthly_income,
        economic_note=data.economic_note.strip(), services_explained=list(dict.fromkeys(data.services_explained)),
        summary=data.summary.strip(), outcome=data.outcome, classification=data.classification,
        abuse_sign=data.abuse_sign, reported_to_police_on=data.reported_to_police_on,
    )  # fmt: skip
    visit.members_present.set(data.members_present)
    _write_parts(visit, data, visitor)
    audit.record_created(user, visit, VISIT_FIELDS, household.pk)
    if target is not None:
        _mark_visited(user, target)
    if data.abuse_sign:
        registry_services.add_flag(
            user, principal, person, data.abuse_sign, started_on=data.visited_on,
            note=f"방문상담 {data.visited_on:%Y-%m-%d}에 확인", reported_to_police_on=data.reported_to_police_on,
        )  # fmt: skip
    if data.outcome == Visit.Outcome.MANAGED:
        _follow_up(user, visit, data, target)
        if data.open_case:
            visit.case = open_case_from_visit(user, principal, visit)
    return visit


def _write_parts(visit: Visit, data: VisitInput, visitor: StaffMember) -> None:
    companions = data.companions
    VisitCompanion.objects.bulk_create(
        VisitCompanion(
            visit=visit, staff=c.staff, leader=c.leader, agency=c.agency, name=c.name.strip(), role=c.role.strip()
        )
        for c in companions
    )
    VisitNeed.objects.bulk_create(VisitNeed(visit=visit, domain=d, note=n.strip()[:300]) for d, n in data.needs)
    nurse = next((c.staff for c in companions if is_nurse(c.staff)), visitor)
    Screening.objects.bulk_create(
        Screening(visit=visit, kind=kind, score=score, positive=screenings.check(kind, score), screened_by=nurse)
        for kind, score in data.screenings.items()
    )
    VisitLink.objects.bulk_create(
        VisitLink(visit=visit, agency=agency, note=data.link_note.strip()[:200]) for agency in data.link_agencies
    )


def _mark_visited(user: Actor, target: Target) -> None:
    before = target.status
    target.status = TargetStatus.VISITED
    target.save(update_fields=["status", "updated_at"])
    audit.record(user, "update", target, {"status": [before, target.status]}, target.household_id)


def _follow_up(user: Actor, visit: Visit, data: VisitInput, target: Target | None) -> None:
    """A household already watched counts the visit as a contact; otherwise a tier starts monitoring."""
    household = visit.household
    watch = cadence.open_watch(household)
    if watch is not None:
        cadence.record_contact(
            user, household, visit.visited_on, "visit", staff=visit.visitor, note=f"방문상담 #{visit.pk}"
        )
        if data.tier and data.tier != watch.tier:
            cadence.change_tier(user, watch, data.tier)
    elif data.tier:
        cadence.watch_household(
            user, household, data.tier, planner=(target.planner if target and target.planner else visit.visitor),
            started_on=visit.visited_on, programme=target.programme if target else "", visit=visit,
        )  # fmt: skip


@transaction.atomic
def open_case_from_visit(user: Actor, principal: Principal, visit: Visit) -> Case:
    """사례 접수 in one step from a 관리대상군 visit: a planner-visit case for the visited person, once."""
    visit = Visit.objects.select_for_update(of=("self",)).select_related("person__household__dong").get(pk=visit.pk)
    registry_rules.require_edit_household(principal, visit.household)
    if visit.case_id:
        raise ValidationError(f"이 방문에서 이미 사례(#{visit.case_id})를 접수했습니다.")
    if visit.outcome != Visit.Outcome.MANAGED:
        raise ValidationError("정상군으로 판정한 방문에서는 사례를 접수하지 않습니다. 판정을 확인하세요.")
    note = f"방문상담 {visit.visited_on:%Y-%m-%d}({visit.get_classification_display()}): {visit.summary}"[:300]
    case = case_services.open_case(
        user, principal, person=visit.person, source=CaseSource.PLANNER_VISIT, source_note=note, worker=visit.visitor
    )
    visit.case = case
    visit.save(update_fields=["case", "updated_at"])
    audit.record(user, "update", visit, {"case": [None, case.pk]}, visit.household_id)
    return case
