"""A case from intake to follow-up through the services, and the transitions that must be refused."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.access.principal import principal_for
from chatdong.cases import services
from chatdong.cases.models import CaseEvent, FollowUp, Goal, MonitoringContact
from chatdong.cases.states import Selection, Stage
from chatdong.core.dates import add_months
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent

TODAY = dt.date.today()


def actor(username):
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


def open_and_assess(world):
    user, planner = actor("wolgok2.planner")
    case = services.open_case(user, planner, person=world.kim, source="desk", source_note="내방 종합상담")
    services.record_assessment(
        user, planner, case, assessed_on=TODAY, urgency=3, importance=3, summary="실직 후 체납",
        needs=[("economy", "월세 체납 3개월"), ("employment", "구직")],
    )  # fmt: skip
    case.refresh_from_db()
    return case


def test_assessment_sets_priority_and_the_supervisor_s_selection_puts_the_worker_in_charge(world):
    case = open_and_assess(world)
    assert case.stage == Stage.ASSESSMENT
    assert case.priority == 1  # 긴급
    assert AuditEntry.objects.filter(model="cases.case", object_id=str(case.pk)).exists()
    # Opening a case is anyone's of the dong: it does not put them in charge of the household (its sensitive
    # records). The supervisor's selection does — a rule of the system.
    in_charge = world.kim_household.staff_assignments.filter(staff__user__username="wolgok2.planner")
    assert not in_charge.exists()
    user, supervisor = actor("wolgok2.supervisor")
    services.decide_selection(user, supervisor, case, selection=Selection.MANAGED, decided_on=TODAY)
    assert in_charge.filter(ended_on=None).exists()
    assert AuditEntry.objects.filter(model="registry.staffassignment", household_id=world.kim_household.pk).exists()


def test_a_case_not_selected_puts_nobody_in_charge(world):
    case = open_and_assess(world)
    user, supervisor = actor("wolgok2.supervisor")
    services.decide_selection(user, supervisor, case, selection=Selection.EXCLUDED, decided_on=TODAY)
    assert not world.kim_household.staff_assignments.exists()


def test_one_open_case_per_household(world):
    open_and_assess(world)
    user, planner = actor("wolgok2.planner")
    with pytest.raises(ValidationError, match="이미 진행 중인 사례"):
        services.open_case(user, planner, person=world.kim, source="desk")


def test_only_the_supervisor_selects(world):
    case = open_and_assess(world)
    user, planner = actor("wolgok2.planner")
    with pytest.raises(Forbidden, match="복지수퍼바이저"):
        services.decide_selection(user, planner, case, selection=Selection.MANAGED, decided_on=TODAY)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT and case.selection == ""


def test_a_planner_of_another_dong_cannot_act_on_the_case(world):
    case = open_and_assess(world)
    user, other = actor("jangwi1.planner")
    with pytest.raises(Forbidden):
        services.record_monitoring(user, other, case, contacted_on=TODAY, method="phone")
    assert not MonitoringContact.objects.filter(case=case).exists()


def full_path_to_service(world):
    case = open_and_assess(world)
    user, supervisor = actor("wolgok2.supervisor")
    services.decide_selection(user, supervisor, case, selection=Selection.MANAGED, decided_on=TODAY)
    puser, planner = actor("wolgok2.planner")
    plan = services.write_plan(
        puser, planner, case, written_on=TODAY, summary="주거 안정과 취업",
        goals=[services.GoalInput(Goal.Term.LONG, "자립"), services.GoalInput(Goal.Term.SHORT, "체납 해소")],
        services=[services.ServiceInput("economy", "긴급지원 생계비")],
    )  # fmt: skip
    services.approve_plan(user, supervisor, case, plan)
    case.refresh_from_db()
    return case


def test_plan_approval_starts_monitoring(world):
    case = full_path_to_service(world)
    assert case.stage == Stage.IN_SERVICE
    assert case.next_monitoring_on == TODAY + dt.timedelta(days=30)


def test_a_plan_needs_long_and_short_goals(world):
    case = open_and_assess(world)
    user, supervisor = actor("wolgok2.supervisor")
    services.decide_selection(user, supervisor, case, selection=Selection.MANAGED, decided_on=TODAY)
    puser, planner = actor("wolgok2.planner")
    with pytest.raises(ValidationError, match="장기목표와 단기목표"):
        services.write_plan(puser, planner, case, written_on=TODAY, summary="", goals=[],
                            services=[services.ServiceInput("economy", "x")])  # fmt: skip


def test_closure_needs_approval_then_schedules_follow_ups(world):
    case = full_path_to_service(world)
    puser, planner = actor("wolgok2.planner")
    services.request_closure(puser, planner, case, reason="short_term_goal", note="체납 해소")
    with pytest.raises(Forbidden):
        services.approve_closure(puser, planner, case)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSURE_REQUESTED
    user, supervisor = actor("wolgok2.supervisor")
    services.approve_closure(user, supervisor, case)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert list(case.follow_ups.values_list("due_on", flat=True)) == [add_months(TODAY, 6), add_months(TODAY, 12)]


def test_unreachable_needs_three_months_of_failed_attempts(world):
    case = full_path_to_service(world)
    puser, planner = actor("wolgok2.planner")
    with pytest.raises(ValidationError, match="3개월"):
        services.request_closure(puser, planner, case, reason="unreachable", note="연락 안 됨")
    for months_ago in (4, 2, 0):
        MonitoringContact.objects.create(case=case, contacted_on=add_months(TODAY, -months_ago), method="phone",
                                         reached=False, recorded_by=planner.staff)  # fmt: skip
    services.request_closure(puser, planner, case, reason="unreachable", note="연락두절")
    case.refresh_from_db()
    assert case.stage == Stage.CLOSURE_REQUESTED


def test_follow_up_reopens_the_case(world):
    case = full_path_to_service(world)
    puser, planner = actor("wolgok2.planner")
    services.request_closure(puser, planner, case, reason="improved", note="호전")
    user, supervisor = actor("wolgok2.supervisor")
    services.approve_closure(user, supervisor, case)
    first = FollowUp.objects.get(case=case, sequence=1)
    services.record_follow_up(puser, planner, first, done_on=TODAY, outcome="다시 체납", reopen=True)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT
    assert not FollowUp.objects.filter(case=case, sequence=2).exists()
    assert CaseEvent.objects.filter(case=case, action="reopen").exists()


def test_an_agency_joins_only_with_consent_or_a_supervisors_legal_exception(world):
    case = open_and_assess(world)
    puser, planner = actor("wolgok2.planner")
    with pytest.raises(ValidationError, match="제3자 제공 동의"):
        services.add_agency(puser, planner, case, world.welfare_centre)
    with pytest.raises(Forbidden):
        services.add_agency(puser, planner, case, world.welfare_centre, legal_exception="긴급지원")
    suser, supervisor = actor("wolgok2.supervisor")
    link = services.add_agency(suser, supervisor, case, world.welfare_centre, legal_exception="긴급지원법 제7조")
    assert link.legal_exception
    record_consent(puser, planner, world.kim, kind=Consent.Kind.THIRD_PARTY, scope="사례관리 정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.health_centre.pk])  # fmt: skip
    assert services.add_agency(puser, planner, case, world.health_centre).legal_exception == ""
