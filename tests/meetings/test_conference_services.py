"""Case conferences through the services: who schedules and chairs, decisions that move a case (and
the ones its stage refuses), the consent rule of integrated conferences, minutes, holding, cancelling."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.models import AuditEntry
from chatdong.cases.models import Case, CaseAgency, CaseEvent
from chatdong.cases.states import Selection, Stage
from chatdong.meetings import services
from chatdong.meetings.models import AgendaItem, Attendee, Meeting
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent

from .helpers import TODAY, actor, assessed_case, case_with_plan, conference, open_case, staff

SELECTION = AgendaItem.Decision.SELECTION
LEAD = AgendaItem.Decision.LEAD_AGENCY


def put_on_agenda(meeting, case, purpose="대상자 선정", username="wolgok2.supervisor", **kwargs):
    user, principal = actor(username)
    return services.add_agenda_item(user, principal, meeting, case=case, purpose=purpose, **kwargs)


def decide(item, decision, value="", username="wolgok2.supervisor"):
    user, principal = actor(username)
    return services.record_decision(user, principal, item, decision=decision, value=value, discussion="합의")


# --- Scheduling ------------------------------------------------------------------------------------


def test_the_supervisor_schedules_and_chairs_a_dong_conference(world):
    meeting = conference()
    assert meeting.dong == world.wolgok2 and meeting.chair == staff("wolgok2.supervisor")
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.attendees.filter(staff=meeting.chair, role="주재").exists()
    assert AuditEntry.objects.filter(model="meetings.meeting", object_id=str(meeting.pk), action="create").exists()


def test_the_dong_head_may_schedule_but_the_chair_must_be_the_supervisor(world):
    user, head = actor("wolgok2.head")
    common = dict(
        kind=Meeting.Kind.INTERNAL_CONFERENCE, schedule=Meeting.Schedule.REGULAR, dong=world.wolgok2,
        title="11월 정기 사례회의", starts_at=timezone.now(), place="",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="주재할 수 없습니다"):
        services.schedule_meeting(user, head, chair=staff("wolgok2.planner"), **common)
    assert not Meeting.objects.exists()
    meeting = services.schedule_meeting(user, head, chair=staff("wolgok2.supervisor"), **common)
    assert meeting.chair.name == "정수빈"


def test_a_planner_cannot_schedule_and_nothing_is_saved(world):
    user, planner = actor("wolgok2.planner")
    with pytest.raises(Forbidden, match="복지수퍼바이저나 동장"):
        services.schedule_meeting(
            user, planner, kind=Meeting.Kind.INTERNAL_CONFERENCE, schedule=Meeting.Schedule.AD_HOC,
            dong=world.wolgok2, title="회의", starts_at=timezone.now(), chair=staff("wolgok2.supervisor"),
        )  # fmt: skip
    assert not Meeting.objects.exists()


def test_bad_input_is_refused_in_korean(world):
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError) as exc:
        services.schedule_meeting(
            user, supervisor, kind="party", schedule="weekly", dong=world.wolgok2, title=" ",
            starts_at=dt.datetime(1, 1, 1), chair=None,
        )  # fmt: skip
    assert set(exc.value.messages) == {
        "회의 종류가 올바르지 않습니다.",
        "수시·정기 구분이 올바르지 않습니다.",
        "회의명을(를) 입력하세요.",
        "회의 일시가 올바르지 않습니다.",
        "회의를 주재할 직원을 고르세요.",
    }
    assert not Meeting.objects.exists()


def test_a_supervisor_cannot_schedule_for_another_dong(world):
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(Forbidden):
        services.schedule_meeting(
            user, supervisor, kind=Meeting.Kind.INTERNAL_CONFERENCE, schedule=Meeting.Schedule.AD_HOC,
            dong=world.jangwi1, title="장위1동 회의", starts_at=timezone.now(), chair=staff("wolgok2.supervisor"),
        )  # fmt: skip


# --- Decisions -------------------------------------------------------------------------------------


def test_the_conference_selects_the_case_and_names_the_lead_agency(world):
    case = assessed_case(world.kim)
    record_consent(*actor("wolgok2.planner"), world.kim, kind=Consent.Kind.THIRD_PARTY, scope="사례관리 정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.welfare_centre.pk])  # fmt: skip
    meeting = conference()
    selection_item = put_on_agenda(meeting, case, "대상자 선정")
    lead_item = put_on_agenda(meeting, case, "주 사례관리기관 결정")

    decide(selection_item, SELECTION, Selection.MANAGED)
    decide(lead_item, LEAD, str(world.welfare_centre.pk))

    case.refresh_from_db()
    assert case.stage == Stage.PLANNING
    assert case.selection == Selection.MANAGED and case.selected_on == TODAY
    assert case.selected_by == staff("wolgok2.supervisor")
    assert case.lead_agency == world.welfare_centre
    assert CaseAgency.objects.filter(case=case, agency=world.welfare_centre).exists()
    events = CaseEvent.objects.filter(case=case, meeting_id=meeting.pk)
    assert set(events.values_list("action", flat=True)) == {"select", "set_lead"}
    selection_item.refresh_from_db()
    assert selection_item.decision == SELECTION and selection_item.decision_value == "사례관리가구"
    assert selection_item.decided_at is not None and selection_item.discussion == "합의"
    lead_item.refresh_from_db()
    assert lead_item.decision_value == "월곡종합사회복지관"


def test_naming_a_lead_agency_without_consent_needs_the_supervisors_exception_on_the_item(world):
    case = assessed_case(world.kim)
    meeting = conference()
    plain = put_on_agenda(meeting, case, "주 사례관리기관 결정")
    with pytest.raises(ValidationError, match="제3자 제공 동의"):
        decide(plain, LEAD, str(world.welfare_centre.pk))
    with pytest.raises(Forbidden):
        put_on_agenda(meeting, case, "주 기관(예외)", username="wolgok2.planner", legal_exception="학대 신고")
    excepted = put_on_agenda(meeting, case, "주 기관(예외)", legal_exception="노인복지법 제39조의6 학대 신고")
    decide(excepted, LEAD, str(world.welfare_centre.pk))
    link = CaseAgency.objects.get(case=case, agency=world.welfare_centre)
    assert link.legal_exception == "노인복지법 제39조의6 학대 신고"
    plain.refresh_from_db()
    assert plain.decided_at is None


def test_the_lead_may_stay_with_the_dong_centre(world):
    case = assessed_case(world.kim)
    item = put_on_agenda(conference(), case, "주 사례관리기관 결정")
    decide(item, LEAD, "")
    item.refresh_from_db()
    assert item.decision_value == "동주민센터"
    case.refresh_from_db()
    assert case.lead_agency is None


def test_plan_and_closure_approvals_move_the_case(world):
    case = case_with_plan(world.kim)
    meeting = conference()
    decide(put_on_agenda(meeting, case, "서비스계획 승인"), AgendaItem.Decision.PLAN_APPROVAL)
    case.refresh_from_db()
    assert case.stage == Stage.IN_SERVICE
    assert case.plans.get().approved_by == staff("wolgok2.supervisor")
    from chatdong.cases import services as case_services

    case_services.request_closure(*actor("wolgok2.planner"), case, reason="improved", note="상황 호전")
    decide(put_on_agenda(meeting, case, "종결 승인"), AgendaItem.Decision.CLOSURE_APPROVAL)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.follow_ups.count() == 2
    assert CaseEvent.objects.filter(case=case, action="approve_closure", meeting_id=meeting.pk).exists()


@pytest.mark.parametrize(
    ("decision", "value", "message"),
    [
        (SELECTION, Selection.MANAGED, "'접수' 단계에서는 '대상자 구분·선정'을(를) 할 수 없습니다."),
        (AgendaItem.Decision.CLOSURE_APPROVAL, "", "'접수' 단계에서는 '종결 승인'을(를) 할 수 없습니다."),
        (AgendaItem.Decision.PLAN_APPROVAL, "", "승인할 서비스계획이 없습니다."),
    ],
)
def test_a_decision_the_stage_does_not_allow_is_refused_and_nothing_changes(world, decision, value, message):
    case = open_case(world.kim)  # still at intake: no assessment yet
    meeting = conference()
    item = put_on_agenda(meeting, case)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        decide(item, decision, value)
    assert message in refused.value.messages[0]
    item.refresh_from_db()
    assert item.decided_at is None and item.decision == "" and item.decision_value == ""
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE and case.selection == ""
    assert not CaseEvent.objects.filter(case=case, meeting_id=meeting.pk).exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("username", ["wolgok2.planner", "wolgok2.head"])
def test_only_the_chair_records_decisions(world, username):
    case = assessed_case(world.kim)
    item = put_on_agenda(conference(), case)
    with pytest.raises(Forbidden, match="정수빈만"):
        decide(item, SELECTION, Selection.MANAGED, username=username)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT


def test_a_decided_item_cannot_be_decided_again(world):
    case = assessed_case(world.kim)
    item = put_on_agenda(conference(), case)
    decide(item, SELECTION, Selection.SERVICE_LINK)
    with pytest.raises(ValidationError, match="이미 결정이 기록된"):
        decide(item, SELECTION, Selection.EXCLUDED)
    case.refresh_from_db()
    assert case.selection == Selection.SERVICE_LINK


def test_no_decision_before_the_meeting_day(world):
    case = assessed_case(world.kim)
    item = put_on_agenda(conference(starts_at=timezone.now() + dt.timedelta(days=3)), case)
    with pytest.raises(ValidationError, match="회의 날짜 전에는"):
        decide(item, SELECTION, Selection.MANAGED)


def test_bad_decision_values_are_refused(world):
    case = assessed_case(world.kim)
    meeting = conference()
    item = put_on_agenda(meeting, case)
    with pytest.raises(ValidationError, match="대상자 구분"):
        decide(item, SELECTION, "maybe")
    with pytest.raises(ValidationError, match="주 사례관리기관을 찾을 수 없습니다"):
        decide(item, LEAD, "999999")
    with pytest.raises(ValidationError, match="결정 종류"):
        decide(item, "", "")


# --- Agenda ----------------------------------------------------------------------------------------


def test_a_case_outside_the_chairs_scope_cannot_be_on_the_agenda(world):
    lee_case = open_case(world.lee, "jangwi1.planner")
    meeting = conference()
    # The 장위1동 planner cannot even see the 월곡2동 meeting.
    with pytest.raises(OutOfScope):
        put_on_agenda(meeting, lee_case, username="jangwi1.planner")
    # Nor can the 월곡2동 supervisor reach a 장위1동 case.
    with pytest.raises(OutOfScope):
        put_on_agenda(meeting, lee_case)
    assert not meeting.agenda.exists()


def test_the_planner_puts_her_case_on_the_agenda(world):
    case = assessed_case(world.kim)
    item = put_on_agenda(conference(), case, username="wolgok2.planner")
    assert item.order == 1 and item.case == case
    assert AuditEntry.objects.filter(model="meetings.agendaitem", household_id=world.kim_household.pk).exists()


# --- Integrated conference and consent -------------------------------------------------------------


def integrated_with_agency(world):
    meeting = conference(Meeting.Kind.INTEGRATED_CONFERENCE, title="월곡2동 통합사례회의")
    user, supervisor = actor("wolgok2.supervisor")
    services.add_attendee(user, supervisor, meeting, agency=world.welfare_centre, name="박상담", role="사례관리팀장")
    return meeting


def test_integrated_conference_needs_consent_covering_every_attending_agency(world):
    case = assessed_case(world.kim)
    meeting = integrated_with_agency(world)
    with pytest.raises(ValidationError, match="월곡종합사회복지관' 개인정보 제3자 제공 동의가 없거나"):
        put_on_agenda(meeting, case)
    # A consent for another agency does not cover the one attending.
    record_consent(*actor("wolgok2.planner"), world.kim, kind=Consent.Kind.THIRD_PARTY, scope="정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.health_centre.pk])  # fmt: skip
    with pytest.raises(ValidationError, match="제3자 제공 동의"):
        put_on_agenda(meeting, case)
    assert not meeting.agenda.exists()
    record_consent(*actor("wolgok2.planner"), world.kim, kind=Consent.Kind.THIRD_PARTY, scope="정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.welfare_centre.pk])  # fmt: skip
    item = put_on_agenda(meeting, case)
    assert item.legal_exception == ""


def test_without_consent_only_the_supervisor_records_a_legal_exception(world):
    case = assessed_case(world.kim)
    meeting = integrated_with_agency(world)
    with pytest.raises(Forbidden):
        put_on_agenda(meeting, case, username="wolgok2.planner", legal_exception="긴급지원법 제7조")
    assert not meeting.agenda.exists()
    item = put_on_agenda(meeting, case, legal_exception="긴급지원법 제7조")
    assert item.legal_exception == "긴급지원법 제7조"
    assert item.exception_recorded_by == staff("wolgok2.supervisor")
    entry = AuditEntry.objects.get(model="meetings.agendaitem", object_id=str(item.pk))
    assert entry.changes["legal_exception"] == [None, "긴급지원법 제7조"]


def test_an_agency_cannot_join_after_a_case_without_its_consent_is_on_the_agenda(world):
    case = assessed_case(world.kim)
    meeting = conference(Meeting.Kind.INTEGRATED_CONFERENCE)
    put_on_agenda(meeting, case)  # no agency yet: nothing shared outside the centre
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError, match="제3자 제공 동의"):
        services.add_attendee(user, supervisor, meeting, agency=world.health_centre, name="최간호", role="방문간호")
    assert not Attendee.objects.filter(meeting=meeting, agency=world.health_centre).exists()


def test_an_internal_conference_has_no_agency_attendees(world):
    meeting = conference()
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError, match="내부 사례회의에는 기관 참석자"):
        services.add_attendee(user, supervisor, meeting, agency=world.welfare_centre, name="박상담", role="팀장")
    services.add_attendee(user, supervisor, meeting, staff=staff("wolgok2.planner"), role="사례 담당")
    with pytest.raises(ValidationError, match="이미 참석자"):
        services.add_attendee(user, supervisor, meeting, staff=staff("wolgok2.planner"))
    with pytest.raises(ValidationError, match="직원 또는 기관"):
        services.add_attendee(user, supervisor, meeting)


# --- Minutes, held, cancelled ----------------------------------------------------------------------


def test_minutes_and_holding(world):
    meeting = conference()
    user, supervisor = actor("wolgok2.supervisor")
    services.record_minutes(user, supervisor, meeting, "김영희 가구: 사례관리가구로 선정")
    planner_attendee = services.add_attendee(user, supervisor, meeting, staff=staff("wolgok2.planner"))
    services.mark_held(user, supervisor, meeting, absent_ids=[planner_attendee.pk])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and "선정" in meeting.minutes
    planner_attendee.refresh_from_db()
    assert planner_attendee.attended is False
    entry = AuditEntry.objects.filter(model="meetings.meeting", changes__has_key="minutes_length").get()
    assert "김영희" not in str(entry.changes)  # what minutes say stays out of the trail
    with pytest.raises(ValidationError, match="'개최' 상태의 회의는"):
        services.mark_held(user, supervisor, meeting)


def test_a_future_meeting_cannot_be_marked_held_and_a_planner_cannot_edit_minutes(world):
    meeting = conference(starts_at=timezone.now() + dt.timedelta(days=2))
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError, match="회의 날짜 전에는"):
        services.mark_held(user, supervisor, meeting)
    with pytest.raises(Forbidden):
        services.record_minutes(*actor("wolgok2.planner"), meeting, "메모")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.minutes == ""


def test_cancelling(world):
    case = assessed_case(world.kim)
    meeting = conference()
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError, match="취소 사유"):
        services.cancel_meeting(user, supervisor, meeting, reason="")
    services.cancel_meeting(user, supervisor, meeting, reason="주재자 출장")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    with pytest.raises(ValidationError, match="취소된 회의"):
        put_on_agenda(meeting, case)

    decided = conference()
    decide(put_on_agenda(decided, case), SELECTION, Selection.MANAGED)
    with pytest.raises(ValidationError, match="결정이 기록된 회의는 취소할 수 없습니다"):
        services.cancel_meeting(user, supervisor, decided, reason="실수")
    assert Case.objects.get(pk=case.pk).stage == Stage.PLANNING
