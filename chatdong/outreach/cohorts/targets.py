"""State changes of cohort targets before the visit: the contact result (consent yes / no / unreachable),
the appointment and its confirmation by the tong leader, the congratulation letter, the 돌봄위기가정
referral intake (with an optional pre-case meeting) and a discovery entering the 빈곤위기 list.

Each checks its rule (`rules.py`), validates, writes and records the audit trail in one transaction, and
refuses with a Korean message otherwise (ValidationError for bad input or an impossible step,
Forbidden for a refused actor). The allowed status moves are in `states.py`.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core import notices
from chatdong.core.links import target_url
from chatdong.core.text import clean_text, limit
from chatdong.core.types import Actor
from chatdong.core.unique import created_unless_taken
from chatdong.meetings.models import Attendee, Meeting
from chatdong.meetings.services import chair_candidates
from chatdong.org.models import Agency, NeighbourhoodLeader, StaffMember
from chatdong.org.planners import PlannerPicker, planner_for
from chatdong.org.roles import PlannerSpeciality
from chatdong.registry import services as registry_services
from chatdong.registry.models import Consent, Person

from . import rules
from .generation import EARLIEST_YEAR, LATEST_YEAR, TARGET_FIELDS, month_of
from .models import Target
from .programmes import Programme, Source
from .states import TargetStatus, can_move

CONSENTED = "yes"
REFUSED = "no"
UNREACHABLE = "unreachable"
RESULTS = {CONSENTED: TargetStatus.CONSENTED, REFUSED: TargetStatus.REFUSED, UNREACHABLE: TargetStatus.UNREACHABLE}
RESULT_LABELS = {CONSENTED: "방문 동의", REFUSED: "방문 거부", UNREACHABLE: "연락 안 됨"}
# Agencies that refer 돌봄위기가정 (seed 000): the police's APO, 아동보호전문기관, 가정폭력상담소.
REFERRING_AGENCIES = (Agency.Kind.POLICE, Agency.Kind.CHILD_PROTECTION, Agency.Kind.DOMESTIC_VIOLENCE_COUNSELLING)
CONTACT_FIELDS = ["status", "contacted_on", "contacted_by_staff", "contacted_by_leader", "consent"]
APPOINTMENT_FIELDS = ["status", "appointment_at", "appointment_confirmed_on", "appointment_confirmed_by"]


def _locked(target: Target) -> Target:
    return (
        Target.objects.select_for_update(of=("self",)).select_related("person", "dong", "household").get(pk=target.pk)
    )


def _move(target: Target, new: str) -> None:
    if not can_move(target.status, new):
        raise ValidationError(
            f"‘{TargetStatus(target.status).label}’ 상태에서는 ‘{TargetStatus(new).label}’(으)로 바꿀 수 없습니다."
        )
    target.status = new


def _save(user: Actor, target: Target, before: dict, fields: list[str]) -> None:
    target.save(update_fields=[*fields, "updated_at"])
    changes = audit.diff(before, audit.snapshot(target, fields))
    if changes:
        audit.record(user, "update", target, changes, target.household_id)


def _visit_consent(
    user: Actor, principal: Principal, target: Target, given_on: dt.date, method: str, scope: str
) -> Consent:
    consent = Consent.objects.create(
        person=target.person, kind=Consent.Kind.VISIT, given_on=given_on, method=method, scope=scope,
        recorded_by=principal.staff,
    )  # fmt: skip
    audit.record_created(user, consent, ("person", "kind", "scope", "given_on", "method"), target.household_id)
    return consent


@transaction.atomic
def record_contact(
    user: Actor,
    principal: Principal,
    target: Target,
    *,
    result: str,
    contacted_on: dt.date,
    method: str = Consent.Method.PHONE,
    leader: NeighbourhoodLeader | None = None,
    note: str = "",
) -> Target:
    """The tong leader or officer reached (or failed to reach) the household: consent yes / no / unreachable.

    Yes records a visit consent (access.Consent of kind VISIT). A leader records for themselves; staff may
    name the tong leader who made the contact (recording on their behalf)."""
    rules.WORK.require(principal, target)
    target = _locked(target)
    errors = []
    if result not in RESULTS:
        errors.append("연락 결과(동의·거부·연락 안 됨)를 선택하세요.")
    if method not in Consent.Method.values:
        errors.append("연락 방법이 올바르지 않습니다.")
    if contacted_on is None or contacted_on > timezone.localdate():
        errors.append("연락일은 오늘 이후일 수 없습니다.")
    elif contacted_on.year < EARLIEST_YEAR:
        errors.append("연락일이 올바르지 않습니다.")
    if principal.is_leader:
        leader = principal.leader
    elif leader is not None and leader.dong_id != target.dong_id:
        errors.append(f"{leader.name}은(는) 이 동의 통·반장이 아닙니다.")
    try:
        note = clean_text(note, "메모", limit(Target, "note"), required=False)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(target, [*CONTACT_FIELDS, "note"])
    _move(target, RESULTS[result])
    target.contacted_on = contacted_on
    target.contacted_by_staff = principal.staff
    target.contacted_by_leader = leader
    if result == CONSENTED:
        scope = f"{Programme(target.programme).label} 가정방문 상담(방문상담기록지 작성)"
        target.consent = _visit_consent(user, principal, target, contacted_on, method, scope)
    if note:
        target.note = f"{target.note}\n{contacted_on:%Y-%m-%d} {note}".strip()
    _save(user, target, before, [*CONTACT_FIELDS, "note"])
    return target


@transaction.atomic
def book_appointment(user: Actor, principal: Principal, target: Target, *, at: dt.datetime) -> Target:
    """방문 예약: a consented household gets a date and time; booking again needs a new confirmation."""
    rules.WORK.require(principal, target)
    target = _locked(target)
    if target.status not in (TargetStatus.CONSENTED, TargetStatus.SCHEDULED):
        raise ValidationError("방문에 동의한 대상자만 예약할 수 있습니다. 먼저 동의 여부를 기록하세요.")
    if at is None or not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        raise ValidationError("예약 일시가 올바르지 않습니다.")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if timezone.localtime(at).date() < timezone.localdate():
        raise ValidationError("예약 일시는 오늘 이후로 정하세요.")
    before = audit.snapshot(target, APPOINTMENT_FIELDS)
    _move(target, TargetStatus.SCHEDULED)
    target.appointment_at = at
    target.appointment_confirmed_on = None
    target.appointment_confirmed_by = None
    _save(user, target, before, APPOINTMENT_FIELDS)
    return target


@transaction.atomic
def mark_letter_printed(user: Actor, principal: Principal, target: Target) -> Target:
    """출산축하서신: record that the letter was printed for the family (births only)."""
    rules.WORK.require(principal, target)
    rules.LETTER.require(principal, target)
    target = _locked(target)
    if target.programme != Programme.BIRTH_CHILDCARE or target.source != Source.BIRTH_REGISTRATION:
        raise ValidationError("출산축하서신은 출생신고로 등록된 출산·양육가정 대상자에게만 보냅니다.")
    before = audit.snapshot(target, ["letter_printed_on"])
    target.letter_printed_on = timezone.localdate()
    _save(user, target, before, ["letter_printed_on"])
    return target


# --- 돌봄위기가정 referrals ---------------------------------------------------------------------------


def _pre_case_meeting(user: Actor, target: Target, agency: Agency, at: dt.datetime, place: str) -> Meeting:
    """A pre-case meeting with the referrer, chaired by the dong's welfare supervisor."""
    chairs = chair_candidates(target.dong, target.dong.district_id)
    if not chairs:
        raise ValidationError("이 동에 복지수퍼바이저가 없어 사전 사례회의를 잡을 수 없습니다.")
    if not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        raise ValidationError("사전 사례회의 일시가 올바르지 않습니다.")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    meeting = Meeting.objects.create(
        district_id=target.dong.district_id, dong=target.dong, kind=Meeting.Kind.PRE_CASE_MEETING,
        schedule=Meeting.Schedule.AD_HOC, title=f"사전 사례회의: {agency.name} 의뢰 돌봄위기가정", starts_at=at,
        place=place[:100], chair=chairs[0],
    )  # fmt: skip
    Attendee.objects.create(meeting=meeting, staff=chairs[0], role="주재")
    if target.planner_id and target.planner_id != chairs[0].pk:
        Attendee.objects.create(meeting=meeting, staff=target.planner, role="돌봄위기 전담 복지플래너")
    Attendee.objects.create(meeting=meeting, agency=agency, name=agency.name, role="의뢰 기관")
    audit.record_created(user, meeting, ["kind", "schedule", "dong", "title", "starts_at", "place", "chair"], None)
    return meeting


@transaction.atomic
def refer_care_crisis(
    user: Actor,
    principal: Principal,
    person: Person,
    *,
    agency: Agency | None,
    referred_on: dt.date,
    reason: str,
    consent_method: str = "",
    pre_case_meeting_at: dt.datetime | None = None,
    place: str = "",
) -> Target:
    """A 돌봄위기가정 referral from the police, 아동보호전문기관 or 가정폭력상담소.

    The dong's dedicated planner takes it (and is put in charge of the household, so that they see its
    sensitive records). `consent_method` set means the household agreed to a visit (through the
    referrer); without it the target waits for consent, since these households are visited only with it."""
    household = person.household
    rules.REFER.require(principal, household.dong_id)
    errors = []
    if agency is None or agency.kind not in REFERRING_AGENCIES:
        errors.append("의뢰 기관은 경찰서(학대전담경찰관), 아동보호전문기관, 가정폭력상담소 중에서 고르세요.")
    elif agency.district_id != household.dong.district_id:
        errors.append("이 구의 기관만 고를 수 있습니다.")
    if referred_on is None or referred_on > timezone.localdate() or referred_on.year < EARLIEST_YEAR:
        errors.append("의뢰일이 올바르지 않습니다(오늘 이후일 수 없습니다).")
    try:
        reason = clean_text(reason, "의뢰 내용", limit(Target, "reason"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    if consent_method and consent_method not in Consent.Method.values:
        errors.append("동의 방법이 올바르지 않습니다.")
    picker = PlannerPicker(household.dong_id, PlannerSpeciality.CARE_CRISIS)
    if not picker.specialists:
        errors.append("이 동에 돌봄위기 전담 복지플래너가 없습니다. 동장에게 지정을 요청하세요.")
    if errors:
        raise ValidationError(errors)
    assert agency is not None
    planner = picker.pick(household.tong.zone_id)
    assert planner is not None  # there are specialists
    start, _end = month_of(referred_on)
    target = Target(
        programme=Programme.CARE_CRISIS, period_start=start, dong_id=household.dong_id, household=household,
        person=person, zone_id=household.tong.zone_id, source=Source.AGENCY_REFERRAL, reason=reason, planner=planner,
        referred_by=agency, referred_on=referred_on,
    )  # fmt: skip
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise ValidationError(f"{person.name}은(는) 이미 이번 달 돌봄위기가정 대상자입니다.") from None
    audit.record_created(user, target, [*TARGET_FIELDS, "referred_by", "referred_on"], household.pk)
    if consent_method:
        scope = f"돌봄위기가정 가정방문 상담({agency.name} 의뢰 시 동의)"
        before = audit.snapshot(target, ["status", "consent"])
        target.consent = _visit_consent(user, principal, target, referred_on, consent_method, scope)
        target.status = TargetStatus.CONSENTED
        _save(user, target, before, ["status", "consent"])
    if pre_case_meeting_at is not None:
        meeting = _pre_case_meeting(user, target, agency, pre_case_meeting_at, place)
        target.pre_case_meeting = meeting
        target.save(update_fields=["pre_case_meeting", "updated_at"])
        audit.record(user, "update", target, {"pre_case_meeting": [None, str(meeting.pk)]}, household.pk)
    # A rule of the system: the 돌봄위기 planner picked for the target is put in charge of the household.
    registry_services.put_in_charge(user, household, planner, timezone.localdate())
    if principal.staff is None or planner.pk != principal.staff.pk:
        _notify([planner.user], "care_crisis_referral", f"돌봄위기가정 의뢰({agency.name}): {person.name}", target)
    return target


def _notify(users: list[AbstractBaseUser], kind: str, message: str, target: Target) -> None:
    notices.send(users, kind, message, url=target_url(target.pk))


# --- Discoveries -------------------------------------------------------------------------------------


@transaction.atomic
def add_discovery(
    user: Actor, principal: Principal, person: Person, *, source: str, reason: str, on: dt.date | None = None
) -> Target:
    """A household found by an officer, tong leader or resident enters the month's 빈곤위기가정 list for the
    zone's poverty-crisis planner (who is told). Already listed this month: that target is returned."""
    rules.DISCOVER.require(principal, person.household)
    target, created = list_discovery(
        user, person, source=source, reason=clean_text(reason, "발굴 내용", limit(Target, "reason")), on=on
    )
    planner = target.planner
    if created and planner is not None and (principal.staff is None or planner.pk != principal.staff.pk):
        _notify([planner.user], "discovery", f"빈곤위기가정 발굴({Source(source).label}): {person.name}", target)
    return target


def list_discovery(
    user: Actor | None,
    person: Person,
    *,
    source: str,
    reason: str,
    planner: StaffMember | None = None,
    on: dt.date | None = None,
) -> tuple[Target, bool]:
    """Put a discovered person's household on the month's 빈곤위기가정 list (once a month), for `planner` or
    the zone's poverty-crisis planner; says whether it was new. Callers check access and tell the planner."""
    if source not in (Source.OFFICER, Source.LEADER, Source.RESIDENT, Source.PLANNER):
        raise ValidationError("발굴 경로가 올바르지 않습니다.")
    household = person.household
    start, _end = month_of(on or timezone.localdate())
    listed = Target.objects.filter(programme=Programme.POVERTY_CRISIS, household=household, period_start=start)
    existing = listed.first()
    if existing is not None:
        return existing, False
    zone_id = household.tong.zone_id
    if planner is None:
        planner = planner_for(household.dong_id, zone_id, PlannerSpeciality.POVERTY_CRISIS)
    target = created_unless_taken(
        Target,
        lambda: Target.objects.create(
            programme=Programme.POVERTY_CRISIS, period_start=start, dong_id=household.dong_id, household=household,
            person=person, zone_id=zone_id, source=source, reason=reason[:200], planner=planner,
        ),
    )  # fmt: skip
    if target is None:  # listed by a concurrent discovery (or the month's list) first
        return listed.get(), False
    audit.record_created(user, target, TARGET_FIELDS, household.pk)
    return target, True
