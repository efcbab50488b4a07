"""State changes at the consultation desk: consultations (with the high-risk screening response), referrals and
their status changes, a case opened from a consultation, the desk roster.

Each checks the rules (`rules.py`), validates, writes, records the audit trail in one transaction, and refuses with
a Korean message otherwise (ValidationError for bad input or an impossible step, Forbidden for a refused
actor). The allowed referral transitions are in `states.py`, the screening rules in `screening.py`.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from chatdong.access import audit
from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.cases import services as case_services
from chatdong.cases.models import Case, Source
from chatdong.core import notices
from chatdong.core.needs import NeedDomain
from chatdong.core.text import limit, too_long
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import Agency, Dong, StaffMember, Team
from chatdong.org.planners import planner_for
from chatdong.org.roles import PlannerSpeciality
from chatdong.org.supervisors import supervisor_users
from chatdong.registry import rules as registry_rules
from chatdong.registry import services as registry_services
from chatdong.registry.consents import has_valid_consent
from chatdong.registry.models import Consent, Flag, Household, Person, PersonFlag
from chatdong.resources.models import ServiceProgramme

from . import rules, screening, states
from .models import Consultation, ConsultationNeed, DeskShift, Referral, ReferralEvent, SuicideRisk
from .states import Action, Status

# Days an agency or colleague has to answer a referral before it shows as overdue to the officer who made it.
DEFAULT_DUE_DAYS = 7
# An urgent referral (e.g. high suicide risk) is expected to be answered the next day.
URGENT_DUE_DAYS = 1
# How far ahead a roster may be set in one go.
ROSTER_MAX_DAYS = 62

# Recorded on the urgent referral of a high-risk screening when the resident has no consent to third-party
# provision covering the agency. The dong centre shares because a life is at stake (개인정보 보호법 제18조제2항
# 제3호); the 자살예방법 duty to rescue 자살위험자 (제4조) is why it acts at once. The consent-free transfer of
# 자살예방법 제12조의2 binds the police and fire services, not the dong centre, so it is not cited. The
# supervisor confirms it (`confirm_exception`); docs/consult.md explains the choice.
SUICIDE_RISK_EXCEPTION = (
    "자살위험 긴급 연계: 정보주체의 급박한 생명·신체 보호를 위한 제3자 제공(개인정보 보호법 제18조제2항제3호), "
    "자살위험자 구조 책무(자살예방 및 생명존중문화 조성을 위한 법률 제4조)"
)

CONSULTATION_FIELDS = (
    "dong", "household", "person", "officer", "channel", "visitor", "visitor_name", "occurred_on", "summary",
    "screening_score", "suicide_risk",
)  # fmt: skip
REFERRAL_FIELDS = (
    "person", "consultation", "case", "made_by", "target", "to_team", "to_staff", "to_agency", "domain", "urgent",
    "status", "requested_on", "due_on", "legal_exception", "exception_recorded_by",
)  # fmt: skip


def _staff(principal: Principal) -> StaffMember:
    if principal.staff is None:
        raise Forbidden("직원 계정만 상담과 의뢰를 기록할 수 있습니다.")
    return principal.staff


def crisis_agency(household: Household) -> Agency | None:
    """The district's 자살예방센터 (one in the household's dong first); without one, its 정신건강증진센터."""
    for kind in (Agency.Kind.SUICIDE_PREVENTION_CENTRE, Agency.Kind.MENTAL_HEALTH_CENTRE):
        agencies = list(Agency.objects.filter(district_id=household.dong.district_id, kind=kind).order_by("pk"))
        if agencies:
            return next((a for a in agencies if a.dong_id == household.dong_id), agencies[0])
    return None


def poverty_crisis_planner(household: Household) -> StaffMember | None:
    """The 빈곤위기가정 planner for the household: the one who walks the zone of its tong, else one of the dong's."""
    zone_id = household.tong.zone_id if household.tong_id else None
    return planner_for(household.dong_id, zone_id, PlannerSpeciality.POVERTY_CRISIS)


# --- Consultations ---------------------------------------------------------------------------------


def _screening_result(answers: Iterable[str] | None, score: int | None) -> screening.Result | None:
    if answers is not None and score is not None:
        raise ValidationError("자살위험 선별은 문항 응답과 점수 중 하나만 입력하세요.")
    if answers is not None:
        return screening.assess(answers)
    if score is not None:
        return screening.from_score(score)
    return None


@transaction.atomic
def record_consultation(
    user: Actor,
    principal: Principal,
    person: Person,
    *,
    channel: str,
    summary: str,
    visitor: str = Consultation.Visitor.SELF,
    visitor_name: str = "",
    occurred_on: dt.date | None = None,
    needs: Sequence[tuple[str, str]] = (),
    programme_ids: Iterable[int] = (),
    screening_answers: Iterable[str] | None = None,
    screening_score: int | None = None,
) -> Consultation:
    """종합상담: who came, the needs by domain, the information given and the screening result.

    `screening_answers` (codes answered yes) or `screening_score` (a score carried over) when screened, neither
    when not. A high level also flags the person (sensitive), puts the officer in charge of the household,
    sends an urgent referral to the district's 자살예방센터 and alerts the dong's supervisor.
    """
    household = person.household
    registry_rules.require_edit_household(principal, household)
    officer = _staff(principal)
    today = dt.date.today()
    occurred_on = occurred_on or today
    errors: list[str] = []
    if not person.is_current_member:
        errors.append(f"{person.name}님은 전출 또는 사망 처리된 주민입니다. 현재 가구원을 선택하세요.")
    if channel not in Consultation.Channel.values:
        errors.append("상담 경로(내방·전화·방문)를 선택하세요.")
    if visitor not in Consultation.Visitor.values:
        errors.append("방문자 구분이 올바르지 않습니다.")
    if len(visitor_name.strip()) > (most := limit(Consultation, "visitor_name")):
        errors.append(too_long("방문자 이름", most, len(visitor_name.strip())))
    if occurred_on > today:
        errors.append("상담일은 오늘 이후일 수 없습니다.")
    if not summary.strip():
        errors.append("상담 내용을 입력하세요.")
    elif len(summary) > (most := limit(Consultation, "summary")):
        errors.append(too_long("상담 내용", most, len(summary)))
    if any(domain not in NeedDomain.values for domain, _note in needs):
        errors.append("욕구 영역이 올바르지 않습니다.")
    if any(len(note.strip()) > (most := limit(ConsultationNeed, "note")) for _domain, note in needs):
        errors.append(f"욕구 내용은 영역마다 {most:,}자 이내로 입력하세요.")
    wanted = set(programme_ids)
    programmes = list(ServiceProgramme.objects.filter(pk__in=wanted, active=True))
    if len(programmes) != len(wanted):
        errors.append("안내한 사업·서비스 중 찾을 수 없거나 운영하지 않는 것이 있습니다.")
    result = None
    try:
        result = _screening_result(screening_answers, screening_score)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    consultation = Consultation.objects.create(
        dong_id=household.dong_id, household=household, person=person, officer=officer, channel=channel,
        visitor=visitor, visitor_name=visitor_name.strip(), occurred_on=occurred_on, summary=summary.strip(),
        screening_score=result.score if result else None,
        suicide_risk=result.level if result else SuicideRisk.NONE,
        screening_answers=list(result.answers) if result else [],
    )  # fmt: skip
    ConsultationNeed.objects.bulk_create(
        ConsultationNeed(consultation=consultation, domain=domain, note=note.strip()) for domain, note in needs
    )
    consultation.information.set(programmes)
    changes = {k: [None, v] for k, v in audit.snapshot(consultation, CONSULTATION_FIELDS).items()}
    changes["needs"] = [None, [domain for domain, _note in needs]]
    changes["information"] = [None, sorted(p.code for p in programmes)]
    audit.record(user, "create", consultation, changes, household.pk)
    if consultation.suicide_risk == SuicideRisk.HIGH:
        _respond_to_high_risk(user, principal, consultation)
    return consultation


def _respond_to_high_risk(user: Actor, principal: Principal, consultation: Consultation) -> None:
    """Flag, keep the officer in charge, link urgently, alert the supervisor — in the consultation's transaction."""
    person, household, officer = consultation.person, consultation.household, consultation.officer
    today = dt.date.today()
    if not PersonFlag.objects.filter(person=person, kind=Flag.SUICIDE_RISK, ended_on__isnull=True).exists():
        registry_services.add_flag(
            user, principal, person, Flag.SUICIDE_RISK, consultation.occurred_on,
            note=f"종합상담 #{consultation.pk} 자살위험 선별 결과 '높음'",
        )  # fmt: skip
    # The desk officer keeps this consultation (its author sees its screening and the referral they send), not the
    # household: being put in charge of it, and so of its sensitive records, is the supervisor's decision, and the
    # supervisor is alerted below.
    agency = crisis_agency(household)
    referral = None
    if agency is not None:
        consented = has_valid_consent(person, Consent.Kind.THIRD_PARTY, today, agency)
        supervisor = rules.is_dong_supervisor(principal, household.dong_id)
        referral = _create_referral(
            user, made_by=officer, person=person, consultation=consultation, case=consultation.case,
            target=Referral.Target.EXTERNAL, to_agency=agency, domain=NeedDomain.HEALTH,
            reason=(
                f"{consultation.occurred_on:%Y-%m-%d} 종합상담에서 자살위험 선별 결과 '높음'으로 긴급 연계합니다. "
                "당일 연락과 위기 상담을 요청합니다."
            ),
            urgent=True, requested_on=today, due_on=today + dt.timedelta(days=URGENT_DUE_DAYS),
            legal_exception="" if consented else SUICIDE_RISK_EXCEPTION,
            exception_recorded_by=officer if (supervisor and not consented) else None,
        )  # fmt: skip
    url = reverse("consult:consultation_detail", args=[consultation.pk])
    if referral is None:
        what = "기관 목록에 자살예방센터·정신건강증진센터가 없어 긴급 의뢰를 만들지 못했습니다. 직접 연계해 주세요."
    elif referral.legal_exception and referral.exception_recorded_by_id is None:
        what = f"{referral.to_agency} 긴급 의뢰를 보냈고, 동의 없는 제공(법적 예외)의 확인이 필요합니다."
    else:
        what = f"{referral.to_agency} 긴급 의뢰를 보냈습니다."
    message = (
        f"[긴급] {consultation.dong.name} 종합상담({officer.name})에서 {person.name}님의 자살위험이 "
        f"'높음'으로 선별되었습니다. {what}"
    )
    notices.send(supervisor_users(household.dong_id), "suicide_risk", message, url=url, urgent=True)


@transaction.atomic
def record_consultation_for_new_household(
    user: Actor,
    principal: Principal,
    household_data: registry_services.HouseholdInput,
    *,
    subject_index: int = 0,
    **consultation: object,
) -> Consultation:
    """A resident not yet in the registry: register the household (the registry's rules) and record the
    consultation for its `subject_index`-th member, or neither."""
    if not 0 <= subject_index < max(len(household_data.members), 1):
        raise ValidationError("상담 대상자는 입력한 가구원 중에서 고르세요.")
    household = registry_services.create_household(user, principal, household_data)
    person = household.members.order_by("pk")[subject_index]
    return record_consultation(user, principal, person, **consultation)  # type: ignore[arg-type]


@transaction.atomic
def open_case_from_consultation(
    user: Actor, principal: Principal, consultation: Consultation, worker: StaffMember | None = None
) -> Case:
    """사례 접수 in one step: a desk-sourced case for the consultation's person, linked back to it, once."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("person__household__dong", "household__dong")
        .get(pk=consultation.pk)
    )
    registry_rules.require_edit_household(principal, consultation.household)
    if consultation.case_id:
        raise ValidationError(f"이 상담에서 이미 사례(#{consultation.case_id})를 접수했습니다.")
    note = (
        f"종합상담 {consultation.occurred_on:%Y-%m-%d}({consultation.get_channel_display()}): {consultation.summary}"
    )[:300]
    case = case_services.open_case(
        user, principal, person=consultation.person, source=Source.DESK, source_note=note, worker=worker
    )
    consultation.case = case
    consultation.save(update_fields=["case", "updated_at"])
    # The consultation's referrals follow it into the case, so the case worker sees what is pending.
    linked = Referral.objects.filter(consultation=consultation, case__isnull=True).update(case=case)
    audit.record(
        user, "update", consultation, {"case": [None, case.pk], "referrals_linked": [0, linked]},
        consultation.household_id,
    )  # fmt: skip
    return case


# --- Referrals -------------------------------------------------------------------------------------


def _create_referral(
    user: Actor,
    *,
    made_by: StaffMember,
    person: Person,
    target: str,
    domain: str,
    reason: str,
    requested_on: dt.date,
    due_on: dt.date,
    consultation: Consultation | None = None,
    case: Case | None = None,
    to_team: Team | None = None,
    to_staff: StaffMember | None = None,
    to_agency: Agency | None = None,
    urgent: bool = False,
    legal_exception: str = "",
    exception_recorded_by: StaffMember | None = None,
) -> Referral:
    household = person.household
    referral = Referral.objects.create(
        dong_id=household.dong_id, household=household, person=person, consultation=consultation, case=case,
        made_by=made_by, target=target, to_team=to_team, to_staff=to_staff, to_agency=to_agency, domain=domain,
        reason=reason, urgent=urgent, requested_on=requested_on, due_on=due_on, legal_exception=legal_exception,
        exception_recorded_by=exception_recorded_by,
    )  # fmt: skip
    ReferralEvent.objects.create(referral=referral, actor=made_by, status=Status.REQUESTED, note="의뢰")
    audit.record_created(user, referral, REFERRAL_FIELDS, household.pk)
    if target == Referral.Target.INTERNAL:
        receivers = _receivers(referral)
        label = "[긴급] " if urgent else ""
        message = (
            f"{label}{made_by.name}님이 {person.name}님({NeedDomain(domain).label})을 의뢰했습니다. "
            f"회신 기한 {due_on:%Y-%m-%d}."
        )
        notices.send(
            [s.user for s in receivers if s.pk != made_by.pk], "referral", message, url=_url(referral), urgent=urgent
        )
    return referral


def _receivers(referral: Referral) -> list[StaffMember]:
    """Who is told of an internal referral: the named colleague, or every member of the named team."""
    if referral.to_staff_id:
        return [StaffMember.objects.select_related("user").get(pk=referral.to_staff_id)]
    if referral.to_team_id:
        return list(StaffMember.objects.filter(team_id=referral.to_team_id).select_related("user"))
    return []


def _url(referral: Referral) -> str:
    return reverse("consult:referral_detail", args=[referral.pk])


@transaction.atomic
def refer(
    user: Actor,
    principal: Principal,
    person: Person,
    *,
    target: str,
    domain: str,
    reason: str,
    to_team: Team | None = None,
    to_staff: StaffMember | None = None,
    to_agency: Agency | None = None,
    consultation: Consultation | None = None,
    case: Case | None = None,
    urgent: bool = False,
    due_on: dt.date | None = None,
    legal_exception: str = "",
) -> Referral:
    """의뢰: internally to a team and/or colleague of the same dong, or externally to an agency of the district.

    An external referral shares the resident's information, so it needs their consent to third-party provision
    covering the agency, valid today; otherwise the dong's welfare supervisor may record a legal exception.
    """
    household = person.household
    registry_rules.require_edit_household(principal, household)
    made_by = _staff(principal)
    today = dt.date.today()
    due_on = due_on or today + dt.timedelta(days=URGENT_DUE_DAYS if urgent else DEFAULT_DUE_DAYS)
    legal_exception = legal_exception.strip()
    errors: list[str] = []
    if domain not in NeedDomain.values:
        errors.append("의뢰 영역을 선택하세요.")
    if not reason.strip():
        errors.append("의뢰 내용을 입력하세요.")
    elif len(reason) > (most := limit(Referral, "reason")):
        errors.append(too_long("의뢰 내용", most, len(reason)))
    if due_on < today:
        errors.append("회신 기한은 오늘 이후여야 합니다.")
    if len(legal_exception) > (most := limit(Referral, "legal_exception")):
        errors.append(too_long("동의 예외 근거", most, len(legal_exception)))
    if consultation is not None and consultation.person_id != person.pk:
        errors.append("상담 대상자와 의뢰 대상자가 다릅니다.")
    if case is not None and case.household_id != household.pk:
        errors.append("다른 가구의 사례에는 의뢰를 연결할 수 없습니다.")
    if target == Referral.Target.INTERNAL:
        if to_agency is not None:
            errors.append("내부 의뢰에는 기관을 고를 수 없습니다. 외부 의뢰를 선택하세요.")
        if to_team is None and to_staff is None:
            errors.append("내부 의뢰는 받을 팀이나 담당자를 고르세요.")
        if to_team is not None and to_team.dong_id != household.dong_id:
            errors.append(f"{to_team}은(는) 이 가구의 동 소속 팀이 아닙니다.")
        if to_staff is not None and to_staff.dong_id != household.dong_id:
            errors.append(f"{to_staff.name}은(는) 이 가구의 동 소속이 아니어서 내부 의뢰를 받을 수 없습니다.")
        if to_staff is not None and to_staff.pk == made_by.pk:
            errors.append("자기 자신에게는 의뢰할 수 없습니다.")
    elif target == Referral.Target.EXTERNAL:
        if to_team is not None or to_staff is not None:
            errors.append("외부 의뢰에는 팀이나 담당자를 고를 수 없습니다. 내부 의뢰를 선택하세요.")
        if to_agency is None:
            errors.append("외부 의뢰는 받을 기관을 고르세요.")
        elif to_agency.district_id != household.dong.district_id:
            errors.append(f"{to_agency.name}은(는) 이 구의 기관 목록에 없습니다.")
    else:
        errors.append("의뢰 구분(내부·외부)을 선택하세요.")
    if errors:
        raise ValidationError(errors)

    recorded_by = None
    if to_agency is not None:
        if has_valid_consent(person, Consent.Kind.THIRD_PARTY, today, to_agency):
            legal_exception = ""  # consent covers it; no exception to record
        elif not legal_exception:
            raise ValidationError(
                f"{person.name}님의 '{to_agency.name}' 개인정보 제3자 제공 동의가 없거나 만료·철회되었습니다. "
                "동의를 먼저 기록하거나, 복지수퍼바이저가 법적 예외 근거(긴급지원, 학대 신고 등)를 기록하세요."
            )
        elif not rules.is_dong_supervisor(principal, household.dong_id):
            raise Forbidden(rules.EXCEPTION_RECORD_REFUSAL)
        else:
            recorded_by = made_by
    elif legal_exception:
        raise ValidationError("동의 예외 근거는 외부 기관에 의뢰할 때만 기록합니다.")
    return _create_referral(
        user, made_by=made_by, person=person, consultation=consultation, case=case, target=target,
        to_team=to_team, to_staff=to_staff, to_agency=to_agency, domain=domain, reason=reason.strip(),
        urgent=urgent, requested_on=today, due_on=due_on, legal_exception=legal_exception,
        exception_recorded_by=recorded_by,
    )  # fmt: skip


def _locked(referral: Referral) -> Referral:
    """The referral row locked for this transaction, so two status changes cannot interleave."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("person", "household__dong", "made_by__user", "to_agency", "to_team", "to_staff")
        .get(pk=referral.pk)
    )


def _transition(user: Actor, principal: Principal, referral: Referral, action: str, *, text: str = "") -> Referral:
    referral = _locked(referral)
    rules.require_act(principal, referral)
    if not states.can(action, referral.status):
        raise ValidationError(states.refusal(action, referral.status))
    fields = ["status", "result", "closed_on"]
    before = audit.snapshot(referral, fields)
    referral.status = states.TRANSITIONS[action][1]
    if referral.status in states.CLOSED_STATUSES:
        referral.result = text
        referral.closed_on = dt.date.today()
    referral.save(update_fields=[*fields, "updated_at"])
    ReferralEvent.objects.create(
        referral=referral, actor=principal.staff, status=referral.status, note=(text or Action(action).label)[:300]
    )
    audit.record(user, "update", referral, audit.diff(before, audit.snapshot(referral, fields)), referral.household_id)
    if referral.status in states.CLOSED_STATUSES and referral.made_by_id != getattr(principal.staff, "pk", None):
        message = (
            f"{referral.person.name}님 의뢰({referral.get_domain_display()})가 "
            f"'{referral.get_status_display()}' 처리되었습니다. 결과를 주민에게 안내해 주세요."
        )
        notices.send([referral.made_by.user], "referral_result", message, url=_url(referral))
    return referral


@transaction.atomic
def receive(user: Actor, principal: Principal, referral: Referral) -> Referral:
    """접수: the receiver (or, for an agency, the referring officer) acknowledges the referral."""
    return _transition(user, principal, referral, Action.RECEIVE)


@transaction.atomic
def start(user: Actor, principal: Principal, referral: Referral) -> Referral:
    """처리중."""
    return _transition(user, principal, referral, Action.START)


@transaction.atomic
def complete(user: Actor, principal: Principal, referral: Referral, result: str) -> Referral:
    """완료, with what was done (the result the resident will be told)."""
    if not result.strip():
        raise ValidationError("처리 결과를 입력하세요.")
    if len(result) > (most := limit(Referral, "result")):
        raise ValidationError(too_long("처리 결과", most, len(result)))
    return _transition(user, principal, referral, Action.COMPLETE, text=result.strip())


@transaction.atomic
def return_(user: Actor, principal: Principal, referral: Referral, reason: str) -> Referral:
    """반려, with the reason (e.g. not eligible, belongs to another agency)."""
    if not reason.strip():
        raise ValidationError("반려 사유를 입력하세요.")
    if len(reason) > (most := limit(Referral, "result")):
        raise ValidationError(too_long("반려 사유", most, len(reason)))
    return _transition(user, principal, referral, Action.RETURN, text=reason.strip())


@transaction.atomic
def tell_resident(user: Actor, principal: Principal, referral: Referral, *, told_on: dt.date, method: str) -> Referral:
    """결과 안내: the resident was told the result — only once there is one (완료 or 반려)."""
    referral = _locked(referral)
    rules.TELL.require(principal, referral)
    if referral.status not in states.CLOSED_STATUSES:
        raise ValidationError(
            f"'{referral.get_status_display()}' 상태에서는 결과를 안내할 수 없습니다. 완료 또는 반려된 뒤에 기록하세요."
        )
    if referral.resident_told_on:
        raise ValidationError(f"이미 {referral.resident_told_on:%Y-%m-%d}에 결과를 안내했습니다.")
    errors = []
    if method not in Referral.TellMethod.values:
        errors.append("안내 방법을 선택하세요.")
    if told_on > dt.date.today():
        errors.append("안내일은 오늘 이후일 수 없습니다.")
    if referral.closed_on and told_on < referral.closed_on:
        errors.append("안내일은 완료·반려일 이후여야 합니다.")
    if errors:
        raise ValidationError(errors)
    fields = ["resident_told_on", "resident_told_method"]
    before = audit.snapshot(referral, fields)
    referral.resident_told_on = told_on
    referral.resident_told_method = method
    referral.save(update_fields=[*fields, "updated_at"])
    ReferralEvent.objects.create(
        referral=referral, actor=principal.staff, status=referral.status,
        note=f"결과 안내({Referral.TellMethod(method).label}, {told_on:%Y-%m-%d})",
    )  # fmt: skip
    audit.record(user, "update", referral, audit.diff(before, audit.snapshot(referral, fields)), referral.household_id)
    return referral


@transaction.atomic
def confirm_exception(user: Actor, principal: Principal, referral: Referral) -> Referral:
    """The supervisor confirms a legal exception the system recorded on an urgent referral (high suicide risk)."""
    referral = _locked(referral)
    rules.LEGAL_EXCEPTION.require(principal, referral.dong_id)
    if not referral.legal_exception:
        raise ValidationError("이 의뢰에는 확인할 동의 예외가 없습니다.")
    if referral.exception_recorded_by_id:
        raise ValidationError("동의 예외는 이미 확인되었습니다.")
    referral.exception_recorded_by = principal.staff
    referral.save(update_fields=["exception_recorded_by", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral, actor=principal.staff, status=referral.status, note="동의 예외(법적 근거) 확인"
    )
    audit.record(
        user, "update", referral, {"exception_recorded_by": [None, referral.exception_recorded_by_id]},
        referral.household_id,
    )  # fmt: skip
    return referral


# --- Desk roster -----------------------------------------------------------------------------------


def _require_roster(principal: Principal, dong: Dong) -> None:
    rules.ROSTER.require(principal, dong.pk)


@transaction.atomic
def set_roster(
    user: Actor, principal: Principal, dong: Dong, *, days: Iterable[dt.date], staff: StaffMember, mode: str
) -> list[DeskShift]:
    """Put `staff` on the desk on each of `days` (전담 or 순환); a day they already have changes its mode."""
    _require_roster(principal, dong)
    days = sorted(set(days))
    errors = []
    if not days:
        errors.append("근무일을 하루 이상 고르세요.")
    elif (days[-1] - days[0]).days >= ROSTER_MAX_DAYS:
        errors.append(f"근무표는 한 번에 {ROSTER_MAX_DAYS}일 이내로 정하세요.")
    if mode not in DeskShift.Mode.values:
        errors.append("근무 구분(전담·순환)을 선택하세요.")
    if staff.dong_id != dong.pk:
        errors.append(f"{staff.name}은(는) {dong.name} 소속이 아닙니다.")
    if errors:
        raise ValidationError(errors)
    existing = {s.day: s for s in DeskShift.objects.filter(dong=dong, staff=staff, day__in=days)}
    changed = [s for s in existing.values() if s.mode != mode]
    previous = {s.pk: s.mode for s in changed}
    for shift in changed:
        shift.mode = mode
    DeskShift.objects.bulk_update(changed, ["mode"])
    # Two roster changes for the same person at the same moment: the one-shift-a-day constraint keeps one.
    with only_one(DeskShift, f"{staff.name}의 근무가 그사이 이미 등록되었습니다. 근무표를 새로 고쳐 다시 정하세요."):
        created = DeskShift.objects.bulk_create(
            [DeskShift(dong=dong, staff=staff, day=day, mode=mode) for day in days if day not in existing]
        )
    entries = [audit.build_created(user, s, ["dong", "staff", "day", "mode"], None) for s in created]
    entries += [audit.build(user, "update", s, {"mode": [previous[s.pk], mode]}) for s in changed]
    audit.record_many(entries)
    return sorted([*existing.values(), *created], key=lambda s: s.day)


@transaction.atomic
def remove_shift(user: Actor, principal: Principal, shift: DeskShift) -> None:
    _require_roster(principal, shift.dong)
    audit.record(user, "delete", shift, {"staff": [shift.staff_id, None], "day": [shift.day.isoformat(), None]})
    shift.delete()
