"""State changes of case conferences: scheduling, attendees, the agenda, per-case decisions, minutes,
holding and cancelling. Each runs in one transaction, checks who may act (`meetings.rules`), writes the
audit trail and refuses bad input with a Korean message, changing nothing.

Decisions do not move a case themselves: they call `cases.services`, so the case's own rules (its
stage, the supervisor's authority, consent for agencies) apply exactly as outside a conference.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal, principal_for
from chatdong.cases import rules as case_rules
from chatdong.cases import services as case_services
from chatdong.cases.models import Case
from chatdong.cases.states import ClosureReason, Selection
from chatdong.core.text import clean_text as _text
from chatdong.core.text import limit
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.org.roles import DISTRICT_CASE_ROLES, Role

from . import rules
from .models import AgendaItem, Attendee, Meeting

MEETING_FIELDS = ["kind", "schedule", "dong", "title", "starts_at", "place", "chair"]
# Decisions that move a case; "논의만" (no decision) is simply an item without one.
DECISIONS = (
    AgendaItem.Decision.SELECTION,
    AgendaItem.Decision.LEAD_AGENCY,
    AgendaItem.Decision.PLAN_APPROVAL,
    AgendaItem.Decision.CLOSURE_APPROVAL,
)
DONG_CENTRE = "동주민센터"
# A date outside this range is a typing mistake, and far-off years overflow time-zone arithmetic.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


# --- Helpers ---------------------------------------------------------------------------------------


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("dong", "chair").get(pk=meeting.pk)


def _require_open(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("취소된 회의입니다.")


def attending_agencies(meeting: Meeting) -> list[Agency]:
    agency_ids = meeting.attendees.filter(agency__isnull=False, attended=True).values("agency_id")
    return list(Agency.objects.filter(pk__in=agency_ids).order_by("name"))


# Refusals about a staff member who may not take part name nobody: the id of another dong's staff (or of no one)
# must not confirm who works where.
NOT_A_CHAIR = (
    "고른 직원은 이 회의를 주재할 수 없습니다. 동 회의는 그 동의 복지수퍼바이저가, 구 회의는 희망복지지원단 "
    "직원이 주재합니다."
)
NOT_AN_ATTENDEE = "이 회의에는 회의를 여는 동의 직원과 희망복지지원단 직원만 참석자로 둘 수 있습니다."


def attendee_candidates(meeting: Meeting) -> QuerySet[StaffMember]:
    """Staff who may attend: a dong's meeting, its own staff and 희망복지지원단; the district's, any of its dongs'
    staff and 희망복지지원단. Attending shows the agenda (residents' names and cases): nobody else."""
    district_case_staff = Q(dong__isnull=True, roles__role__in=DISTRICT_CASE_ROLES)
    own = Q(dong_id=meeting.dong_id) if meeting.dong_id is not None else Q(dong__isnull=False)
    return StaffMember.objects.filter(own | district_case_staff, district_id=meeting.district_id).distinct()


def chair_candidates(dong: Dong | None, district_id: int) -> list[StaffMember]:
    """Who may chair: the dong's welfare supervisors, or 희망복지지원단 (HOPE_STAFF) for the district."""
    role = Role.WELFARE_SUPERVISOR if dong is not None else Role.HOPE_STAFF
    staff = StaffMember.objects.filter(district_id=district_id, roles__role=role)
    staff = staff.filter(dong=dong) if dong is not None else staff.filter(dong__isnull=True)
    return list(staff.distinct().order_by("name"))


# --- Scheduling and attendees ----------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    user: Actor,
    principal: Principal,
    *,
    kind: str,
    schedule: str,
    dong: Dong | None,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    chair: StaffMember | None,
) -> Meeting:
    """A conference of a dong (or of the district when `dong` is None), chaired by its supervisor."""
    rules.SCHEDULE.require(principal, dong)
    errors: list[str] = []
    if kind not in Meeting.Kind.values:
        errors.append("회의 종류가 올바르지 않습니다.")
    if schedule not in Meeting.Schedule.values:
        errors.append("수시·정기 구분이 올바르지 않습니다.")
    try:
        title = _text(title, "회의명", limit(Meeting, "title"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    try:
        place = _text(place, "장소", limit(Meeting, "place"), required=False)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if starts_at is None or not EARLIEST_YEAR <= starts_at.year <= LATEST_YEAR:
        errors.append("회의 일시가 올바르지 않습니다.")
    elif timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    district_id = dong.district_id if dong is not None else principal.district_id
    if district_id is None:
        errors.append("구 단위 회의를 등록할 자치구를 알 수 없습니다. 행정동을 고르세요.")
    if chair is None:
        errors.append("회의를 주재할 직원을 고르세요.")
    elif district_id is not None and chair.pk not in {c.pk for c in chair_candidates(dong, district_id)}:
        errors.append(NOT_A_CHAIR)
    if errors:
        raise ValidationError(errors)
    assert chair is not None and district_id is not None
    meeting = Meeting.objects.create(
        district_id=district_id, dong=dong, kind=kind, schedule=schedule, title=title, starts_at=starts_at,
        place=place, chair=chair,
    )  # fmt: skip
    Attendee.objects.create(meeting=meeting, staff=chair, role="주재")
    audit.record_created(user, meeting, MEETING_FIELDS, None)
    return meeting


@transaction.atomic
def add_attendee(
    user: Actor,
    principal: Principal,
    meeting: Meeting,
    *,
    staff: StaffMember | None = None,
    agency: Agency | None = None,
    name: str = "",
    role: str = "",
) -> Attendee:
    """A staff member of the district, or a named person from an agency (agency people have no account)."""
    meeting = _locked(meeting)
    rules.MANAGE.require(principal, meeting)
    _require_open(meeting)
    if (staff is None) == (agency is None):
        raise ValidationError("직원 또는 기관 중 하나를 고르세요.")
    role = _text(role, "역할", limit(Attendee, "role"), required=agency is not None)
    if staff is not None:
        if not attendee_candidates(meeting).filter(pk=staff.pk).exists():
            raise ValidationError(NOT_AN_ATTENDEE)
        already = f"{staff.name}은(는) 이미 참석자입니다."
        if meeting.attendees.filter(staff=staff).exists():
            raise ValidationError(already)
        with only_one(Attendee, already):
            attendee = Attendee.objects.create(meeting=meeting, staff=staff, role=role)
        audit.record(user, "create", attendee, {"meeting": [None, meeting.pk], "staff": [None, staff.name]})
        return attendee
    assert agency is not None
    name = _text(name, "기관 참석자 이름", limit(Attendee, "name"))
    if meeting.kind == Meeting.Kind.INTERNAL_CONFERENCE:
        raise ValidationError("내부 사례회의에는 기관 참석자를 둘 수 없습니다. 통합사례회의로 등록하세요.")
    if agency.district_id != meeting.district_id:
        raise ValidationError(f"{agency.name}은(는) 이 구의 기관이 아닙니다.")
    if meeting.attendees.filter(agency=agency, name=name).exists():
        raise ValidationError(f"{agency.name} {name}님은 이미 참석자입니다.")
    # Cases already on the agenda are shared with the newcomer's agency too.
    if agency.pk not in {a.pk for a in attending_agencies(meeting)}:
        errors: list[str] = []
        for item in meeting.agenda.filter(case__isnull=False).select_related(
            "case__person", "case__worker", "case__dong"
        ):
            assert item.case is not None
            try:
                rules.require_sharing(principal, item.case, [agency], item.legal_exception)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
    attendee = Attendee.objects.create(meeting=meeting, agency=agency, name=name, role=role)
    audit.record(
        user, "create", attendee, {"meeting": [None, meeting.pk], "agency": [None, agency.name], "name": [None, name]}
    )
    return attendee


# --- Agenda and decisions --------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    user: Actor,
    principal: Principal,
    meeting: Meeting,
    *,
    case: Case,
    purpose: str,
    legal_exception: str = "",
) -> AgendaItem:
    """A case on the agenda. The chair must be able to see it; at a meeting with agency attendees the
    resident's consent must cover every agency, or the supervisor records a legal exception."""
    meeting = _locked(meeting)
    if not rules.VIEW.allows(principal, meeting):
        raise OutOfScope("meeting", meeting.pk)
    if not case_rules.VIEW.allows(principal, case):
        raise OutOfScope("case", case.pk)
    rules.AGENDA.require(principal, AgendaItem(meeting=meeting, case=case))
    _require_open(meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError("이미 개최된 회의에는 안건을 추가할 수 없습니다.")
    purpose = _text(purpose, "안건 내용", limit(AgendaItem, "purpose"))
    legal_exception = _text(legal_exception, "동의 예외 근거", limit(AgendaItem, "legal_exception"), required=False)
    if not case_rules.VIEW.allows(principal_for(meeting.chair.user), case):
        raise ValidationError(
            f"사례 #{case.pk}은(는) 회의 주재자({meeting.chair.name})의 담당 범위 밖이어서 "
            "이 회의의 안건이 될 수 없습니다."
        )
    # A case may come up more than once (e.g. selection, then the lead agency), each item for one decision.
    already = f"사례 #{case.pk}의 같은 안건이 이미 올라 있습니다."
    if meeting.agenda.filter(case=case, purpose=purpose, decided_at__isnull=True).exists():
        raise ValidationError(already)
    agencies = attending_agencies(meeting)
    if agencies:
        rules.require_sharing(principal, case, agencies, legal_exception)
    if legal_exception:
        # Also the basis for naming a lead agency without consent (`set_lead_agency` reads it from the item).
        case_rules.require_case_supervisor(principal, case, "동의 없는 정보 제공(법적 예외)")
    order = (meeting.agenda.aggregate(last=Max("order"))["last"] or 0) + 1
    with only_one(AgendaItem, already):
        item = AgendaItem.objects.create(
            meeting=meeting, case=case, order=order, purpose=purpose, legal_exception=legal_exception,
            exception_recorded_by=principal.staff if legal_exception else None,
        )  # fmt: skip
    changes = {"meeting": [None, meeting.pk], "case": [None, case.pk], "purpose": [None, purpose]}
    if legal_exception:
        changes["legal_exception"] = [None, legal_exception]
    audit.record(user, "create", item, changes, case.household_id)
    return item


def _lead_agency(meeting: Meeting, value: str) -> Agency | None:
    value = (value or "").strip()
    if value in ("", "dong", DONG_CENTRE):
        return None
    agency = Agency.objects.filter(pk=int(value), district_id=meeting.district_id).first() if value.isdigit() else None
    if agency is None:
        raise ValidationError("주 사례관리기관을 찾을 수 없습니다. 기관을 고르거나 동주민센터로 정하세요.")
    return agency


@transaction.atomic
def record_decision(
    user: Actor,
    principal: Principal,
    item: AgendaItem,
    *,
    decision: str,
    value: str = "",
    discussion: str = "",
) -> AgendaItem:
    """The chair records the conference's decision on a case; the case moves through `cases.services`
    with the meeting's id on its timeline. If the case's rules refuse, nothing is recorded."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__chair", "case").get(pk=item.pk)
    meeting = item.meeting
    rules.require_chair(principal, meeting)
    _require_open(meeting)
    if item.decided_at:
        raise ValidationError("이미 결정이 기록된 안건입니다.")
    day = meeting_day(meeting)
    if day > timezone.localdate():
        raise ValidationError("회의 날짜 전에는 결정을 기록할 수 없습니다.")
    if decision not in DECISIONS:
        raise ValidationError("결정 종류가 올바르지 않습니다.")
    discussion = _text(discussion, "논의 내용", limit(AgendaItem, "discussion"), required=False)
    case = item.case
    if case is None:
        raise ValidationError("사례가 아닌 안건에는 결정을 기록할 수 없습니다. 논의 내용은 회의록에 적으세요.")
    if decision == AgendaItem.Decision.SELECTION:
        if value not in Selection.values:
            raise ValidationError("대상자 구분(사례관리가구·서비스연계가구·사업대상제외)을 고르세요.")
        label = Selection(value).label
        case_services.decide_selection(
            user, principal, case, selection=value, decided_on=day, meeting_id=meeting.pk,
            note=f"{meeting.title}: {label}",
        )  # fmt: skip
    elif decision == AgendaItem.Decision.LEAD_AGENCY:
        agency = _lead_agency(meeting, value)
        label = agency.name if agency else DONG_CENTRE
        case_services.set_lead_agency(
            user, principal, case, agency, legal_exception=item.legal_exception, meeting_id=meeting.pk
        )
    elif decision == AgendaItem.Decision.PLAN_APPROVAL:
        plan = case.plans.filter(approved_on__isnull=True).order_by("-written_on", "-id").first()
        if plan is None:
            raise ValidationError("승인할 서비스계획이 없습니다. 담당자가 서비스계획을 먼저 작성해야 합니다.")
        case_services.approve_plan(user, principal, case, plan, meeting_id=meeting.pk)
        label = f"{plan.written_on:%Y-%m-%d} 작성 서비스계획 승인"
    else:
        case_services.approve_closure(user, principal, case, meeting_id=meeting.pk, on=day)
        reason = Case.objects.values_list("closure_reason", flat=True).get(pk=case.pk)
        label = f"종결 승인({ClosureReason(reason).label})" if reason else "종결 승인"
    item.decision = decision
    item.decision_value = label[:100]
    item.discussion = discussion or item.discussion
    item.decided_at = timezone.now()
    item.save(update_fields=["decision", "decision_value", "discussion", "decided_at"])
    audit.record(
        user, "update", item, {"decision": [None, decision], "decision_value": [None, item.decision_value]},
        case.household_id,
    )  # fmt: skip
    return item


# --- Minutes, holding, cancelling ------------------------------------------------------------------


@transaction.atomic
def record_minutes(user: Actor, principal: Principal, meeting: Meeting, minutes: str) -> Meeting:
    meeting = _locked(meeting)
    rules.MANAGE.require(principal, meeting)
    _require_open(meeting)
    minutes = _text(minutes, "회의록", limit(Meeting, "minutes"), required=False)
    before = len(meeting.minutes)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    # Minutes talk about residents: the trail says that they changed and by whom, not what they say.
    audit.record(user, "update", meeting, {"minutes_length": [before, len(minutes)]})
    return meeting


@transaction.atomic
def mark_held(user: Actor, principal: Principal, meeting: Meeting, *, absent_ids: list[int] | None = None) -> Meeting:
    """개최: the meeting took place; attendees listed as absent are recorded so."""
    meeting = _locked(meeting)
    rules.MANAGE.require(principal, meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(f"'{meeting.get_status_display()}' 상태의 회의는 개최로 표시할 수 없습니다.")
    if meeting_day(meeting) > timezone.localdate():
        raise ValidationError("회의 날짜 전에는 개최로 표시할 수 없습니다.")
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    if absent_ids:
        meeting.attendees.filter(pk__in=absent_ids).update(attended=False)
    audit.record(user, "update", meeting, {"status": [Meeting.Status.PLANNED, Meeting.Status.HELD]})
    return meeting


@transaction.atomic
def cancel_meeting(user: Actor, principal: Principal, meeting: Meeting, *, reason: str) -> Meeting:
    meeting = _locked(meeting)
    rules.MANAGE.require(principal, meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(f"'{meeting.get_status_display()}' 상태의 회의는 취소할 수 없습니다.")
    if meeting.agenda.filter(decided_at__isnull=False).exists():
        raise ValidationError("결정이 기록된 회의는 취소할 수 없습니다.")
    reason = _text(reason, "취소 사유", 200)
    meeting.status = Meeting.Status.CANCELLED
    meeting.minutes = f"[취소] {reason}\n{meeting.minutes}".strip()
    meeting.save(update_fields=["status", "minutes", "updated_at"])
    changes = {"status": [Meeting.Status.PLANNED, Meeting.Status.CANCELLED], "reason": [None, reason]}
    audit.record(user, "update", meeting, changes)
    return meeting
