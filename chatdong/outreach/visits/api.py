"""API of home visits (/outreach/visits…) and monitored households (/outreach/watches…).

Thin, like the pages: each operation's door names its rule (`rules.py`), the rules and `selectors` decide what a
user sees, `services` and `monitoring` write. Screenings and abuse signs leave only for the staff who may see them
(the visitor and companions, the household's assigned staff, the supervisor), and each such read is logged as
민감정보 열람.
"""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import (
    FIELD_LABELS,
    MAX_ID,
    Day,
    Flag,
    Out,
    QueryFlag,
    error_responses,
    request_user,
    text_field,
)
from chatdong.core.dates import typed_month
from chatdong.core.pagination import page_of
from chatdong.core.text import limit
from chatdong.org.models import Agency, NeighbourhoodLeader, StaffMember
from chatdong.outreach.cohorts import rules as cohort_rules
from chatdong.registry import rules as registry_rules

from . import monitoring, rules, selectors, services
from .models import MonitoringContact, Visit, VisitCompanion, VisitLink, VisitNeed, WatchedHousehold
from .screenings import INSTRUMENTS

router = Router(tags=["방문상담·모니터링"])

FIELD_LABELS.update(
    {
        "visit_id": "방문 ID",
        "watch_id": "모니터링 가구 ID",
        "person_id": "대상자 ID",
        "target_id": "대상 ID",
        "visited_on": "방문일",
        "summary": "상담 내용",
        "outcome": "판정",
        "classification": "관리대상 분류",
        "companions": "동행자",
        "screenings": "선별검사",
        "tier": "관리 등급",
        "contacted_on": "접촉일",
        "method": "방법",
        "month": "방문 월",
        "scope": "범위",
        "due": "점검 기한",
    }
)
ACCESS_RULES = (
    "동 직원은 자기 동의 기록, 희망복지지원단은 구의 기록을 봅니다. 통·반장과 통계 담당 계정은 403을 받습니다. "
    "범위 밖의 기록과 없는 기록은 똑같이 404로 답합니다."
)

# ---------------------------------------------------------------------------------------------- schemas


class OutreachRef(Out):
    id: int
    name: str


class VisitScreeningOut(Out):
    kind: str = Field(description="depression 우울, cognitive 인지저하, chronic 만성질환")
    instrument: str = Field(description="도구 이름(예: SGDS-K)")
    score: int
    positive: bool = Field(description="기준에 해당(위험)하면 true")
    screened_by: OutreachRef


class VisitCompanionOut(Out):
    kind: Literal["staff", "leader", "agency"]
    name: str
    role: str
    agency: str | None = None


class VisitRow(Out):
    id: int
    visited_on: dt.date
    person: OutreachRef
    visitor: OutreachRef
    team: str = Field(
        description="alone 단독, with_health 보건소 동행, with_agency 타기관 동행, with_leader 통·반장 동행"
    )
    team_label: str
    programme: str = Field(description="대상자 명단의 사업(명단 밖 방문이면 빈 문자열)")
    outcome: str = Field(description="normal 정상군, managed 관리대상군")
    classification: str
    case_id: int | None


class VisitPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[VisitRow]


class VisitOut(VisitRow):
    target_id: int | None
    companions: list[VisitCompanionOut]
    members_present: list[OutreachRef]
    family_form: str
    housing: str
    tenure: str
    housing_note: str
    monthly_income: int | None = Field(description="월 소득(만원)")
    economic_note: str
    services_explained: list[str] = Field(description="안내한 서비스 코드(사업별 안내 항목)")
    summary: str
    needs: list[dict[str, str]] = Field(description="욕구: domain, note")
    links: list[str] = Field(description="연계한 기관")
    sensitive_visible: bool = Field(description="선별검사·학대 징후를 볼 수 있으면 true")
    screenings: list[VisitScreeningOut] | None = Field(description="볼 수 없으면 null")
    abuse_sign: str | None = Field(description="학대·폭력 징후(볼 수 없으면 null)")
    reported_to_police_on: dt.date | None


# A need's note, limited as its column is (a [domain, note] pair has no field of its own to carry the limit).
NeedNote = Annotated[str, StringConstraints(max_length=limit(VisitNeed, "note"))]


class VisitCompanionIn(Schema):
    staff_id: int | None = Field(None, ge=1, le=MAX_ID, description="동행 직원(방문간호사 등)")
    leader_id: int | None = Field(None, ge=1, le=MAX_ID, description="동행 통·반장")
    agency_id: int | None = Field(None, ge=1, le=MAX_ID, description="동행 기관")
    name: str = text_field(VisitCompanion, "name", "", description="기관 직원 이름(기관 동행이면 필수)")
    role: str = text_field(VisitCompanion, "role", "", description="역할(예: 학대전담경찰관)")


class VisitIn(Schema):
    person_id: int | None = Field(None, ge=1, le=MAX_ID, description="명단 밖 방문의 대상자")
    target_id: int | None = Field(None, ge=1, le=MAX_ID, description="찾아가는 복지 대상자 명단의 대상 ID")
    visited_on: Day
    summary: str = text_field(Visit, "summary")
    outcome: Visit.Outcome
    classification: Literal["", "poverty_crisis", "simple_health", "simple_welfare"] = ""
    companions: list[VisitCompanionIn] = Field(default_factory=list, max_length=10)
    members_present: list[int] = Field(default_factory=list, max_length=20, description="면담한 가구원 ID")
    family_form: str = Field("", max_length=20)
    housing: str = Field("", max_length=20)
    tenure: str = Field("", max_length=20)
    housing_note: str = text_field(Visit, "housing_note", "")
    monthly_income: int | None = Field(None, ge=0, le=100_000, description="월 소득(만원)")
    economic_note: str = text_field(Visit, "economic_note", "")
    services_explained: list[str] = Field(default_factory=list, max_length=20)
    needs: list[tuple[str, NeedNote]] = Field(default_factory=list, max_length=8, description="[영역, 내용]")
    screenings: dict[str, int] = Field(
        default_factory=dict,
        description="종류 → 점수: " + "; ".join(f"{k}: {i.rule}" for k, i in INSTRUMENTS.items()),
    )
    link_agency_ids: list[int] = Field(default_factory=list, max_length=10)
    link_note: str = text_field(VisitLink, "note", "")
    abuse_sign: Literal["", "elder_abuse", "child_abuse", "domestic_violence"] = ""
    reported_to_police_on: Day | None = None
    tier: Literal["", "caution", "service", "integrated"] = Field("", description="관리대상군의 모니터링 관리 등급")
    open_case: Flag = Field(False, description="true이면 사례관리로 함께 접수")


class WatchRow(Out):
    id: int
    household_id: int
    name: str = Field(description="세대주 이름")
    address: str
    tier: str = Field(description="caution 주의, service 서비스 관리, integrated 통합사례관리")
    tier_label: str
    programme: str
    planner: OutreachRef
    started_on: dt.date
    last_contact_on: dt.date | None
    next_due_on: dt.date
    overdue: bool


class WatchPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[WatchRow]


class WatchContactIn(Schema):
    contacted_on: Day
    method: Literal["visit", "phone", "other"]
    note: str = text_field(MonitoringContact, "note", "")


class WatchContactOut(Out):
    id: int
    contacted_on: dt.date
    method: str
    next_due_on: dt.date = Field(description="접촉 뒤의 다음 점검 예정일")


class WatchTierIn(Schema):
    tier: Literal["caution", "service", "integrated"]
    planner_id: int | None = Field(None, ge=1, le=MAX_ID, description="담당자를 바꿀 때")


# ------------------------------------------------------------------------------------------ presenters


def _row_fields(v: Visit) -> dict[str, object]:
    return {
        "id": v.pk,
        "visited_on": v.visited_on,
        "person": OutreachRef(id=v.person.pk, name=v.person.name),
        "visitor": OutreachRef(id=v.visitor.pk, name=v.visitor.name),
        "team": v.team,
        "team_label": v.get_team_display(),
        "programme": v.target.programme if v.target else "",
        "outcome": v.outcome,
        "classification": v.classification,
        "case_id": v.case_id,
    }


def _companion(c: object) -> VisitCompanionOut:
    staff, leader, agency = c.staff, c.leader, c.agency  # type: ignore[attr-defined]
    if staff:
        return VisitCompanionOut(kind="staff", name=staff.name, role=c.role)  # type: ignore[attr-defined]
    if leader:
        return VisitCompanionOut(kind="leader", name=leader.name, role=c.role)  # type: ignore[attr-defined]
    return VisitCompanionOut(kind="agency", name=c.name, role=c.role, agency=agency.name if agency else None)  # type: ignore[attr-defined]


def _visit_out(request: HttpRequest, principal: Principal, visit_id: int) -> VisitOut:
    d = selectors.visit_detail(principal, visit_id)
    v = d.visit
    log.record(
        request, log.Action.VIEW_SENSITIVE if d.shows_sensitive else log.Action.VIEW, object_type="visit",
        object_id=v.pk, household_id=v.household_id, detail=v.person.name,
    )  # fmt: skip
    return VisitOut(
        **_row_fields(v),  # type: ignore[arg-type]
        target_id=v.target_id,
        companions=[_companion(c) for c in d.companions],
        members_present=[OutreachRef(id=p.pk, name=p.name) for p in d.members_present],
        family_form=v.family_form, housing=v.housing, tenure=v.tenure, housing_note=v.housing_note,
        monthly_income=v.monthly_income, economic_note=v.economic_note, services_explained=v.services_explained,
        summary=v.summary, needs=[{"domain": n.domain, "note": n.note} for n in d.needs],
        links=[link.agency.name if link.agency else link.programme.name for link in d.links],
        sensitive_visible=d.sensitive_visible,
        screenings=[
            VisitScreeningOut(kind=s.kind, instrument=INSTRUMENTS[s.kind].name, score=s.score, positive=s.positive,
                         screened_by=OutreachRef(id=s.screened_by.pk, name=s.screened_by.name))
            for s in d.screenings
        ] if d.sensitive_visible else None,
        abuse_sign=v.abuse_sign if d.sensitive_visible else None,
        reported_to_police_on=v.reported_to_police_on if d.sensitive_visible else None,
    )  # fmt: skip


def _watch_row(w: WatchedHousehold, today: dt.date) -> WatchRow:
    return WatchRow(
        id=w.pk, household_id=w.household_id, name=w.head_name or w.any_name or "",  # type: ignore[attr-defined]
        address=f"{w.household.road_address} {w.household.address_detail}".strip(), tier=w.tier,
        tier_label=w.get_tier_display(), programme=w.programme,
        planner=OutreachRef(id=w.planner.pk, name=w.planner.name),
        started_on=w.started_on, last_contact_on=w.last_contact_on, next_due_on=w.next_due_on,
        overdue=w.next_due_on < today,
    )  # fmt: skip


def _found[T](model: type[T], pk: int | None, what: str) -> T | None:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise ValidationError(f"{what}을(를) 찾을 수 없습니다.")
    return found  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------- endpoints


@router.get(
    "/outreach/visits",
    response={200: VisitPage, **error_responses(403, 422)},
    summary="방문상담 목록",
    description="최근 방문부터. month(YYYY-MM), team, outcome, mine(내가 방문한 것만)으로 좁힙니다. " + ACCESS_RULES,
)
@door(rules.VIEW)
def list_visits(
    request: HttpRequest,
    month: str = Query("", pattern=r"^(\d{4}-\d{2})?$", description="방문 월 YYYY-MM"),
    team: Literal["", "alone", "with_health", "with_agency", "with_leader"] = Query(""),
    outcome: Literal["", "normal", "managed"] = Query(""),
    mine: QueryFlag = Query(False),
    page: int = Query(1, ge=1, le=1_000_000),
) -> VisitPage:
    principal = principal_for(request.user)
    first = typed_month(month, "방문 월")
    f = selectors.VisitFilter(month=first, team=team, outcome=outcome, mine=mine)
    paged = page_of(selectors.visit_list(principal, f), page)
    log.record(request, log.Action.SEARCH, object_type="visit", detail=f"방문상담 목록 {page}쪽")
    return VisitPage(**paged.figures(), results=[VisitRow(**_row_fields(v)) for v in paged.rows])  # type: ignore[arg-type]


@router.post(
    "/outreach/visits",
    response={201: VisitOut, **error_responses(400, 403, 404, 422)},
    summary="방문상담 기록(방문상담기록지)",
    description=(
        "target_id(대상자 명단) 또는 person_id(명단 밖)를 줍니다. 명단의 대상은 방문 동의(동의·예약)가 있어야 하고 "
        "돌봄위기가정은 방문일에 유효한 방문상담 동의가 있어야 합니다. 방문 형태는 동행자로 정해집니다(간호사·보건소 → "
        "보건소 동행, 그 밖의 기관 → 타기관 동행). 선별검사는 간호사가 방문·동행했을 때만, 학대·폭력 징후는 112 "
        "신고일과 함께 기록하며 가구에 민감 표시가 남습니다. 관리대상군은 분류가 필요하고 tier로 모니터링을, "
        "open_case로 사례 접수를 함께 합니다. " + ACCESS_RULES
    ),
)
@door(rules.VIEW)
def create_visit(request: HttpRequest, payload: VisitIn) -> Status[VisitOut]:
    principal = principal_for(request.user)
    target = cohort_rules.get_target(principal, payload.target_id) if payload.target_id else None
    if target is not None:
        person = target.person
    elif payload.person_id:
        person = registry_rules.get_person(principal, payload.person_id)
    else:
        raise ValidationError("대상자(target_id 또는 person_id)를 지정하세요.")
    companions = [
        services.Companion(
            staff=_found(StaffMember, c.staff_id, "동행 직원"), agency=_found(Agency, c.agency_id, "기관"),
            leader=_found(NeighbourhoodLeader, c.leader_id, "통·반장"), name=c.name, role=c.role,
        )
        for c in payload.companions
    ]  # fmt: skip
    agencies = list(
        Agency.objects.filter(pk__in=payload.link_agency_ids, district_id=person.household.dong.district_id)
    )
    if len(agencies) != len(set(payload.link_agency_ids)):
        raise ValidationError("연계 기관을 찾을 수 없습니다.")
    data = services.VisitInput(
        visited_on=payload.visited_on, summary=payload.summary, outcome=payload.outcome,
        classification=payload.classification, companions=companions, members_present=payload.members_present,
        family_form=payload.family_form, tenure=payload.tenure, housing=payload.housing,
        housing_note=payload.housing_note, monthly_income=payload.monthly_income, economic_note=payload.economic_note,
        services_explained=payload.services_explained, needs=payload.needs, screenings=payload.screenings,
        link_agencies=agencies, link_note=payload.link_note, abuse_sign=payload.abuse_sign,
        reported_to_police_on=payload.reported_to_police_on, tier=payload.tier, open_case=payload.open_case,
    )  # fmt: skip
    visit = services.record_visit(request_user(request), principal, person, data, target=target)
    return Status(201, _visit_out(request, principal, visit.pk))


@router.get(
    "/outreach/visits/{visit_id}",
    response={200: VisitOut, **error_responses(403, 404, 422)},
    summary="방문상담 상세",
    description="선별검사와 학대 징후는 볼 수 있는 직원에게만 나가고(아니면 null), 그 열람은 민감정보 열람으로 "
    "접근기록에 남습니다. " + ACCESS_RULES,
)
@door(rules.VIEW)
def get_visit(request: HttpRequest, visit_id: int = Path(..., ge=1, le=MAX_ID)) -> VisitOut:
    return _visit_out(request, principal_for(request.user), visit_id)


@router.post(
    "/outreach/visits/{visit_id}/case",
    response={201: VisitOut, **error_responses(403, 404, 422)},
    summary="방문에서 사례 접수",
    description="관리대상군 방문에서 한 번만 접수합니다(복지플래너 방문 경로). 가구에 진행 중인 사례가 있으면 422.",
)
@door(rules.VIEW)
def open_case(request: HttpRequest, visit_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[VisitOut]:
    principal = principal_for(request.user)
    visit = rules.get_visit(principal, visit_id)
    services.open_case_from_visit(request_user(request), principal, visit)
    return Status(201, _visit_out(request, principal, visit.pk))


@router.get(
    "/outreach/watches",
    response={200: WatchPage, **error_responses(403, 422)},
    summary="모니터링 가구 목록",
    description="다음 점검 예정일이 이른 순. scope=mine(기본, 내 담당) 또는 dong, due=overdue(기한 지남) 또는 "
    "week(7일 안). " + ACCESS_RULES,
)
@door(rules.WATCHES)
def list_watches(
    request: HttpRequest,
    scope: Literal["mine", "dong"] = Query("mine"),
    due: Literal["", "overdue", "week"] = Query(""),
    page: int = Query(1, ge=1, le=1_000_000),
) -> WatchPage:
    principal = principal_for(request.user)
    today = timezone.localdate()
    f = selectors.WatchFilter(mine=scope == "mine", due=due)
    paged = page_of(selectors.watch_list(principal, f, today), page)
    log.record(request, log.Action.SEARCH, object_type="watch", detail=f"모니터링 가구 목록 {page}쪽")
    return WatchPage(**paged.figures(), results=[_watch_row(w, today) for w in paged.rows])


@router.post(
    "/outreach/watches/{watch_id}/contacts",
    response={201: WatchContactOut, **error_responses(400, 403, 404, 422)},
    summary="모니터링 접촉 기록",
    description="방문·전화 등 접촉을 기록하면 다음 점검 예정일이 접촉일 + 관리 등급의 주기로 바뀝니다. " + ACCESS_RULES,
)
@door(rules.WATCHES)
def record_contact(
    request: HttpRequest, payload: WatchContactIn, watch_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[WatchContactOut]:
    principal = principal_for(request.user)
    watch = rules.get_watch(principal, watch_id)
    contact = monitoring.record_watch_contact(
        request_user(request), principal, watch, contacted_on=payload.contacted_on, method=payload.method,
        note=payload.note,
    )  # fmt: skip
    watch.refresh_from_db()
    return Status(201, _contact_out(contact, watch))


def _contact_out(contact: MonitoringContact, watch: WatchedHousehold) -> WatchContactOut:
    return WatchContactOut(
        id=contact.pk, contacted_on=contact.contacted_on, method=contact.method, next_due_on=watch.next_due_on
    )


@router.put(
    "/outreach/watches/{watch_id}/tier",
    response={200: WatchRow, **error_responses(400, 403, 404, 422)},
    summary="관리 등급·담당자 변경",
    description="담당 복지플래너나 그 동의 복지수퍼바이저만(아니면 403). 다음 점검 예정일은 최근 접촉일부터 새 "
    "등급의 주기로 다시 계산됩니다.",
)
@door(rules.WATCHES)
def set_tier(request: HttpRequest, payload: WatchTierIn, watch_id: int = Path(..., ge=1, le=MAX_ID)) -> WatchRow:
    principal = principal_for(request.user)
    watch = rules.get_watch(principal, watch_id)
    planner = _found(StaffMember, payload.planner_id, "담당자")
    monitoring.set_tier(request_user(request), principal, watch, payload.tier, planner)
    row = selectors.with_head_name(
        WatchedHousehold.objects.filter(pk=watch.pk).select_related("household", "planner")
    ).get()
    return _watch_row(row, timezone.localdate())
