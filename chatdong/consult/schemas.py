"""Schemas of the consultation and referral endpoints, and how records become them under the desk's rules.

A screening result is sensitive (health information): for a viewer who may not see it, `screening` is null
and `screening_visible` false (the list's `suicide_risk` likewise). No schema carries a resident number other
than masked.
"""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, field_validator

from chatdong.core.api import MAX_ID, Day, DongRef, Flag, Out, text_field
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, StaffMember, Team
from chatdong.registry.models import Person

from . import states
from .models import Consultation, ConsultationNeed, Referral, ReferralEvent
from .screening import BY_CODE, MAX_SCORE

DOMAINS = ", ".join(f"{d.value} {d.label}" for d in NeedDomain)
ScreeningCode = Literal[
    "thoughts", "plan", "means", "past_attempt", "hopeless", "low_mood", "isolated", "recent_loss", "illness",
    "alcohol",
]  # fmt: skip
assert set(ScreeningCode.__args__) == set(BY_CODE)  # type: ignore[attr-defined]  # one list of questions


# ---------------------------------------------------------------------------------------------- output


class PersonRef(Out):
    id: int
    name: str
    resident_number_masked: str | None = Field(None, description="주민등록번호(마스킹, 예: 610315-2******)")


class StaffRef(Out):
    id: int
    name: str


class TeamRef(Out):
    id: int
    kind: str
    name: str = Field(description="팀 이름(예: 월곡2동 복지1팀)")


class AgencyRef(Out):
    id: int
    name: str
    kind: str
    phone: str


class NeedOut(Out):
    domain: NeedDomain
    domain_label: str
    note: str


class ProgrammeOut(Out):
    code: str
    name: str
    provider: str


class ScreeningOut(Out):
    score: int = Field(description=f"선별 점수(0~{MAX_SCORE})")
    level: str = Field(description="none 해당 없음, low 낮음, medium 중간, high 높음")
    level_label: str
    answers: list[str] = Field(description="‘예’라고 답한 문항 코드(점수만 옮겨 온 경우 빈 목록)")


class ReferralRow(Out):
    id: int
    status: Referral.Status = Field(
        description="requested 의뢰, received 접수, in_progress 처리중, completed 완료, returned 반려"
    )
    status_label: str
    target: Referral.Target = Field(description="internal 내부, external 외부")
    domain: NeedDomain
    urgent: bool
    person: PersonRef
    dong: DongRef
    made_by: StaffRef
    to_staff: StaffRef | None
    to_team: TeamRef | None
    to_agency: AgencyRef | None
    requested_on: dt.date
    due_on: dt.date = Field(description="회신 기한")
    overdue: bool = Field(description="회신 기한이 지났는데 완료·반려되지 않음")
    closed_on: dt.date | None
    resident_told_on: dt.date | None = Field(description="주민에게 결과를 안내한 날")
    resident_told_method: str
    consultation_id: int | None
    case_id: int | None


class ReferralEventOut(Out):
    at: dt.datetime
    status: str
    actor: StaffRef | None
    note: str


class ReferralDetailOut(ReferralRow):
    reason: str
    result: str = Field(description="처리 결과 또는 반려 사유")
    legal_exception: str = Field(description="동의 없이 제공한 경우 그 법적 근거")
    exception_confirmed_by: StaffRef | None = Field(
        description="법적 예외를 기록·확인한 복지수퍼바이저(없으면 확인 대기)"
    )
    allowed_actions: list[str] = Field(
        description=(
            "이 사용자가 지금 할 수 있는 처리(receive, start, complete, return, tell-resident, confirm-exception)"
        )
    )
    events: list[ReferralEventOut]


class ReferralPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ReferralRow]


class ConsultationRow(Out):
    id: int
    occurred_on: dt.date
    dong: DongRef
    household_id: int
    person: PersonRef
    channel: Consultation.Channel = Field(description="walk_in 내방, phone 전화, home_visit 방문")
    channel_label: str
    officer: StaffRef
    screened: bool = Field(description="자살위험 선별검사를 했는지")
    screening_visible: bool = Field(
        description="이 사용자가 선별 결과를 볼 수 있는지(높음은 상담자·담당 직원·복지수퍼바이저만)"
    )
    suicide_risk: str | None = Field(description="선별 수준(볼 수 없거나 검사하지 않았으면 null)")
    referral_count: int
    case_id: int | None


class ConsultationDetailOut(ConsultationRow):
    visitor: Consultation.Visitor
    visitor_label: str
    visitor_name: str
    summary: str
    needs: list[NeedOut]
    information: list[ProgrammeOut] = Field(description="안내한 사업·서비스")
    screening: ScreeningOut | None
    referrals: list[ReferralRow]


class ConsultationPage(Out):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ConsultationRow]


class CaseOpenedOut(Out):
    case_id: int
    stage: str
    worker: StaffRef


# ----------------------------------------------------------------------------------------------- input


class NeedIn(Schema):
    domain: NeedDomain = Field(description=DOMAINS)
    note: str = text_field(ConsultationNeed, "note", "", description="욕구 내용")


class ConsultationIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID, description="상담 대상자(가구원) ID")
    channel: Consultation.Channel = Field(description="walk_in 내방, phone 전화, home_visit 방문")
    visitor: Consultation.Visitor = Field(Consultation.Visitor.SELF, description="방문자 구분")
    visitor_name: str = text_field(Consultation, "visitor_name", "")
    occurred_on: Day | None = Field(None, description="상담일(생략하면 오늘)")
    summary: str = text_field(Consultation, "summary", min_length=1, description="상담 내용")
    needs: list[NeedIn] = Field(default_factory=list, max_length=20)
    programmes: list[str] = Field(default_factory=list, max_length=60, description="안내한 사업·서비스 코드")
    screening: list[ScreeningCode] | None = Field(
        None, max_length=10, description="자살위험 선별에서 ‘예’라고 답한 문항 코드(검사했으면 빈 목록도 가능)"
    )
    screening_score: int | None = Field(
        None, ge=0, le=MAX_SCORE, description="점수만 옮겨 올 때(문항 응답과 함께 쓰지 않음)"
    )

    @field_validator("programmes")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if len(code) > 60:
                raise ValueError("사업·서비스 코드는 60자 이하입니다.")
        return value


class ReferralIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID, description="의뢰 대상자(가구원) ID")
    target: Referral.Target = Field(description="internal 내부(팀·담당자), external 외부(기관)")
    domain: NeedDomain
    reason: str = text_field(Referral, "reason", min_length=1, description="의뢰 내용")
    to_staff_id: int | None = Field(None, ge=1, le=MAX_ID, description="내부: 받을 담당자 ID")
    to_team_id: int | None = Field(None, ge=1, le=MAX_ID, description="내부: 받을 팀 ID")
    to_agency_id: int | None = Field(None, ge=1, le=MAX_ID, description="외부: 받을 기관 ID")
    consultation_id: int | None = Field(None, ge=1, le=MAX_ID, description="이 의뢰를 낳은 종합상담 ID")
    urgent: Flag = False
    due_on: Day | None = Field(None, description="회신 기한(생략하면 7일, 긴급은 1일 뒤)")
    legal_exception: str = text_field(
        Referral,
        "legal_exception",
        "",
        description="동의 없이 외부 기관에 제공할 때의 법적 근거: 이 동의 복지수퍼바이저만",
    )


class CompleteIn(Schema):
    result: str = text_field(Referral, "result", min_length=1, description="처리 결과")


class ReturnIn(Schema):
    reason: str = text_field(Referral, "result", min_length=1, description="반려 사유")


class TellIn(Schema):
    told_on: Day = Field(description="안내일")
    method: Referral.TellMethod = Field(description="phone 전화, visit 방문, in_person 내방, text 문자, letter 우편")


# ------------------------------------------------------------------------------------------ presenters


def person_ref(person: Person) -> PersonRef:
    return PersonRef(id=person.pk, name=person.name, resident_number_masked=person.masked_rrn or None)


def staff_ref(staff: StaffMember | None) -> StaffRef | None:
    return StaffRef(id=staff.pk, name=staff.name) if staff else None


def _team(team: Team | None) -> TeamRef | None:
    return TeamRef(id=team.pk, kind=team.kind, name=str(team)) if team else None


def _agency(agency: Agency | None) -> AgencyRef | None:
    return AgencyRef(id=agency.pk, name=agency.name, kind=agency.kind, phone=agency.phone) if agency else None


def _dong(obj: Consultation | Referral) -> DongRef:
    return DongRef(code=obj.dong.code, name=obj.dong.name)


def _referral_fields(r: Referral) -> dict[str, object]:
    overdue = getattr(r, "overdue", None)
    if overdue is None:
        overdue = r.status in states.OPEN_STATUSES and r.due_on < dt.date.today()
    return {
        "id": r.pk, "status": r.status, "status_label": r.get_status_display(), "target": r.target,
        "domain": r.domain, "urgent": r.urgent, "person": person_ref(r.person), "dong": _dong(r),
        "made_by": staff_ref(r.made_by), "to_staff": staff_ref(r.to_staff), "to_team": _team(r.to_team),
        "to_agency": _agency(r.to_agency), "requested_on": r.requested_on, "due_on": r.due_on,
        "overdue": bool(overdue), "closed_on": r.closed_on, "resident_told_on": r.resident_told_on,
        "resident_told_method": r.resident_told_method, "consultation_id": r.consultation_id, "case_id": r.case_id,
    }  # fmt: skip


def referral_row(r: Referral) -> ReferralRow:
    return ReferralRow(**_referral_fields(r))  # type: ignore[arg-type]


def referral_detail(r: Referral, events: list[ReferralEvent], allowed: list[str]) -> ReferralDetailOut:
    return ReferralDetailOut(
        **_referral_fields(r),  # type: ignore[arg-type]
        reason=r.reason,
        result=r.result,
        legal_exception=r.legal_exception,
        exception_confirmed_by=staff_ref(r.exception_recorded_by),
        allowed_actions=allowed,
        events=[ReferralEventOut(at=e.at, status=e.status, actor=staff_ref(e.actor), note=e.note) for e in events],
    )


def _consultation_fields(c: Consultation, *, screening_visible: bool) -> dict[str, object]:
    screened = c.screening_score is not None
    return {
        "id": c.pk, "occurred_on": c.occurred_on, "dong": _dong(c), "household_id": c.household_id,
        "person": person_ref(c.person), "channel": c.channel, "channel_label": c.get_channel_display(),
        "officer": staff_ref(c.officer), "screened": screened, "screening_visible": screening_visible,
        "suicide_risk": c.suicide_risk if screened and screening_visible else None, "case_id": c.case_id,
    }  # fmt: skip


def consultation_row(c: Consultation) -> ConsultationRow:
    """A row of `selectors.consultation_list` (with its `screening_visible` and `referral_count`)."""
    return ConsultationRow(
        **_consultation_fields(c, screening_visible=bool(c.screening_visible)),  # type: ignore[attr-defined, arg-type]
        referral_count=c.referral_count,  # type: ignore[attr-defined]
    )


def consultation_detail(
    c: Consultation, referrals: list[Referral], *, screening_visible: bool
) -> ConsultationDetailOut:
    result = None
    if c.screening_score is not None and screening_visible:
        result = ScreeningOut(
            score=c.screening_score, level=c.suicide_risk, level_label=c.get_suicide_risk_display(),
            answers=list(c.screening_answers),
        )  # fmt: skip
    return ConsultationDetailOut(
        **_consultation_fields(c, screening_visible=screening_visible),  # type: ignore[arg-type]
        referral_count=len(referrals),
        visitor=Consultation.Visitor(c.visitor),
        visitor_label=c.get_visitor_display(),
        visitor_name=c.visitor_name,
        summary=c.summary,
        needs=[
            NeedOut(domain=NeedDomain(n.domain), domain_label=n.get_domain_display(), note=n.note)
            for n in c.needs.all()
        ],
        information=[ProgrammeOut(code=p.code, name=p.name, provider=p.provider) for p in c.information.all()],
        screening=result,
        referrals=[referral_row(r) for r in referrals],
    )
