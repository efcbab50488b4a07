"""The rules of "only one" (docs/races.md): each kept by a database constraint, so that two requests at the same
moment give one record and a Korean "이미 …" — never two records, never a server error.

The sequential tests show each constraint refusing a second row while letting an ended one be; the concurrent ones,
on PostgreSQL, run the services in two threads at once (tests/races.py)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from chatdong.access.assignments import services as assignment_services
from chatdong.cases import services as case_services
from chatdong.cases.models import Case, CaseEvent, FollowUp
from chatdong.consult import services as consult_services
from chatdong.consult.models import DeskShift
from chatdong.meetings import services as meeting_services
from chatdong.meetings.models import AgendaItem, Attendee, Meeting
from chatdong.org import services as org
from chatdong.org.models import NeighbourhoodLeader, StaffMember
from chatdong.org.roles import Role
from chatdong.outreach.cohorts import generation, targets
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.leaders import checkins
from chatdong.outreach.officers import activities, weekly
from chatdong.outreach.officers.models import KeyPlace, WeeklyReport
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.models import WatchedHousehold
from chatdong.outreach.visits.states import Tier
from chatdong.registry import services as registry_services
from chatdong.registry.models import LeaderAssignment, MoveRecord, StaffAssignment
from tests.cases.helpers import actor
from tests.meetings.helpers import case_with_plan, conference
from tests.races import outcomes

TODAY = dt.date.today()


def staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


def tongjang() -> NeighbourhoodLeader:
    return NeighbourhoodLeader.objects.get(user__username="wolgok2.tongjang")


def closed_case(world) -> Case:  # type: ignore[no-untyped-def]
    """김영희's case, opened and closed (상황호전): its follow-ups are due."""
    user, planner = actor("wolgok2.planner")
    case = case_services.open_case(user, planner, person=world.kim, source="desk")
    case_services.request_closure(user, planner, case, reason="improved", note="호전")
    return case_services.approve_closure(*actor("wolgok2.supervisor"), case)


def refused(create) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


# --- Sequential: the constraints themselves ---------------------------------------------------------------------


def test_one_open_case_per_household(world):
    def case(**fields):
        values = {"household": world.kim_household, "person": world.kim, "dong": world.wolgok2, "source": "desk"}
        return Case.objects.create(**values, worker=staff("wolgok2.planner"), **fields)

    case(stage="closed")
    case(stage="not_selected")
    case(stage="intake")
    assert refused(lambda: case(stage="in_service"))


def test_one_open_assignment_per_staff_member_and_household(world):
    def assign(**fields):
        return StaffAssignment.objects.create(
            household=world.kim_household, staff=staff("wolgok2.nurse"), started_on=TODAY, **fields
        )

    assign(ended_on=TODAY)
    assign()
    assert refused(assign)


def test_one_open_assignment_per_leader_and_household_and_one_open_match_per_elder(world):
    other = org.create_leader(name="홍반장", kind=NeighbourhoodLeader.Kind.BAN_LEADER, tong=world.kim_household.tong,
                              appointed_on=TODAY)  # fmt: skip

    def assign(leader, household, **fields):
        return LeaderAssignment.objects.create(household=household, leader=leader, started_on=TODAY, **fields)

    assert refused(lambda: assign(tongjang(), world.park_household))  # the world's assignment is open
    assign(tongjang(), world.kim_household, matched_person=world.park, ended_on=TODAY)
    assign(other, world.kim_household, matched_person=world.park)
    assert refused(lambda: assign(other, world.park_household, matched_person=world.park))
    assign(other, world.park_household)  # no match: only the first rule


def test_one_poverty_crisis_target_per_household_a_month(world):
    spouse = world.kim_household.members.get(name="이민호")
    month = TODAY.replace(day=1)

    def target(person, programme="poverty_crisis", period_start=month):
        return Target.objects.create(
            programme=programme, period_start=period_start, dong=world.wolgok2, household=world.kim_household,
            person=person, source="officer",
        )  # fmt: skip

    target(world.kim)
    target(spouse, programme="turning_65")
    target(spouse, period_start=month - dt.timedelta(days=40))
    assert refused(lambda: target(spouse))


def test_a_staff_member_attends_once_and_a_case_is_on_the_agenda_once_per_purpose_until_decided(world):
    meeting = conference()
    assert refused(lambda: Attendee.objects.create(meeting=meeting, staff=staff("wolgok2.supervisor")))  # the chair
    Attendee.objects.create(meeting=meeting, name="외부 위원", role="자문")
    Attendee.objects.create(meeting=meeting, name="외부 위원2", role="자문")  # no staff: any number
    case = case_services.open_case(*actor("wolgok2.planner"), person=world.kim, source="desk")
    AgendaItem.objects.create(meeting=meeting, case=case, purpose="대상자 선정", decided_at=timezone.now())
    AgendaItem.objects.create(meeting=meeting, case=case, purpose="대상자 선정")
    assert refused(lambda: AgendaItem.objects.create(meeting=meeting, case=case, purpose="대상자 선정"))


# --- Concurrent, on PostgreSQL: two requests at once ------------------------------------------------------------


def test_opening_a_case_while_another_is_reopened_leaves_one_open_case(racing_world):
    world = racing_world
    user, planner = actor("wolgok2.planner")
    follow_up = FollowUp.objects.get(case=closed_case(world), sequence=1)
    calls = iter([True, False])

    def reopen_or_open():
        if next(calls):
            case_services.record_follow_up(user, planner, follow_up, done_on=TODAY, outcome="재발", reopen=True)
        else:
            case_services.open_case(user, planner, person=world.kim, source="desk")

    answers = outcomes(2, reopen_or_open)
    assert answers[0] == "ok" and "이미 진행 중인" in answers[1]
    assert Case.objects.filter(household=world.kim_household).exclude(stage="closed").count() == 1


def test_putting_the_same_staff_member_in_charge_twice_at_once(racing_world):
    world = racing_world
    user, supervisor = actor("wolgok2.supervisor")
    nurse = staff("wolgok2.nurse")
    assert outcomes(2, lambda: registry_services.assign_staff(user, supervisor, world.kim_household, nurse, TODAY)) == [
        "ok",
        "한지민은(는) 이미 이 가구의 담당자입니다.",
    ]
    assert StaffAssignment.objects.filter(household=world.kim_household, staff=nurse).count() == 1
    # A rule of the system putting someone in charge at the same moment: one assignment, no refusal.
    planner = staff("wolgok2.planner")
    assert outcomes(2, lambda: registry_services.put_in_charge(user, world.kim_household, planner, TODAY)) == [
        "ok",
        "ok",
    ]
    assert StaffAssignment.objects.filter(household=world.kim_household, staff=planner).count() == 1


def test_giving_the_same_household_to_a_leader_twice_at_once(racing_world):
    world = racing_world
    user, planner = actor("wolgok2.planner")
    answers = outcomes(
        2, lambda: registry_services.assign_leader(user, planner, world.kim_household, tongjang(), TODAY)
    )
    assert answers == ["ok", "최통장에게 이미 배정된 가구입니다."]
    assert LeaderAssignment.objects.filter(household=world.kim_household).count() == 1


def test_two_leaders_matching_the_same_elder_at_once(racing_world):
    world = racing_world
    other = org.create_leader(name="홍반장", kind=NeighbourhoodLeader.Kind.BAN_LEADER, tong=world.park_household.tong,
                              appointed_on=TODAY)  # fmt: skip
    user, officer = actor("wolgok2.officer")
    leaders = iter([tongjang(), other])
    answers = outcomes(2, lambda: checkins.match(user, officer, next(leaders), world.park, every_days=7))
    assert answers[0] == "ok" and "이미" in answers[1] and "결연되어 있습니다" in answers[1]
    assert LeaderAssignment.objects.filter(matched_person=world.park).count() == 1


def test_watching_the_same_household_twice_at_once_keeps_one_watch(racing_world):
    world = racing_world
    planner = staff("wolgok2.planner")
    start = lambda: cadence.watch_household(None, world.kim_household, Tier.SERVICE, planner, TODAY)  # noqa: E731
    assert outcomes(2, start) == ["ok", "ok"]
    assert WatchedHousehold.objects.filter(household=world.kim_household).count() == 1


def test_two_discoveries_of_one_household_at_once_list_it_once(racing_world):
    world = racing_world
    user, officer = actor("wolgok2.officer")
    people = iter([world.kim, world.kim_household.members.get(name="이민호")])
    found = lambda: targets.add_discovery(user, officer, next(people), source="officer", reason="체납")  # noqa: E731
    assert outcomes(2, found) == ["ok", "ok"]
    assert Target.objects.filter(household=world.kim_household, programme="poverty_crisis").count() == 1


def test_two_generations_of_the_same_list_at_once(racing_world):
    world = racing_world
    user, planner = actor("wolgok2.planner")
    month = dt.date(2026, 1, 1)  # 김영희's 기초생활수급 started in a January
    answers = outcomes(2, lambda: generation.generate(user, planner, world.wolgok2, "poverty_crisis", month))
    # Both go through when one starts after the other committed (it finds the list made); else one is told.
    assert answers[0] == "ok" and (answers[1] == "ok" or "명단을 다른 직원이 방금 만들어 이미 있습니다" in answers[1])
    assert Target.objects.filter(household=world.kim_household, programme="poverty_crisis").count() == 1


def test_submitting_the_weekly_report_twice_at_once(racing_world):
    user, officer = actor("wolgok2.officer")
    monday = weekly.week_start(TODAY) - dt.timedelta(weeks=1)
    assert outcomes(2, lambda: weekly.submit_report(user, officer, monday)) == [
        "ok",
        f"{monday:%Y-%m-%d} 주의 활동보고는 이미 제출했습니다.",
    ]
    assert WeeklyReport.objects.count() == 1


def test_adding_the_same_key_place_twice_at_once(racing_world):
    world = racing_world
    user, officer = actor("wolgok2.officer")
    zone = world.wolgok2.zones.get(number=1)
    add = lambda: activities.add_key_place(user, officer, zone, name="행복미용실", kind="shop")  # noqa: E731
    assert outcomes(2, add) == ["ok", "1구역에 '행복미용실'이(가) 이미 있습니다."]
    assert KeyPlace.objects.filter(zone=zone).count() == 1


def test_putting_someone_on_the_desk_roster_twice_at_once(racing_world):
    world = racing_world
    user, supervisor = actor("wolgok2.supervisor")
    desk = staff("wolgok2.desk")
    day = TODAY + dt.timedelta(days=7)
    roster = lambda: consult_services.set_roster(  # noqa: E731
        user, supervisor, world.wolgok2, days=[day], staff=desk, mode="dedicated"
    )
    answers = outcomes(2, roster)
    assert answers[0] == "ok" and (answers[1] == "ok" or answers[1].startswith("윤서연의 근무가 그사이 이미 등록되었"))
    assert DeskShift.objects.filter(staff=desk, day=day).count() == 1


def test_preparing_the_months_officer_meeting_twice_at_once(racing_world):
    world = racing_world
    user, coordinator = actor("wolgok2.coordinator")
    day = weekly.last_week(TODAY)[0] + dt.timedelta(days=2)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(16)))
    answers = outcomes(2, lambda: weekly.prepare_monthly_meeting(user, coordinator, world.wolgok2, starts_at=starts))
    assert answers[0] == "ok" and answers[1] == f"{day:%Y년 %m월} 공유·평가회의가 이미 있습니다."
    assert Meeting.objects.filter(kind=Meeting.Kind.OFFICER_REVIEW).count() == 1


def test_adding_the_same_attendee_and_agenda_item_twice_at_once(racing_world):
    world = racing_world
    user, supervisor = actor("wolgok2.supervisor")
    meeting = conference()
    nurse = staff("wolgok2.nurse")
    add = lambda: meeting_services.add_attendee(user, supervisor, meeting, staff=nurse, role="방문간호")  # noqa: E731
    assert outcomes(2, add) == ["ok", "한지민은(는) 이미 참석자입니다."]
    case = case_services.open_case(*actor("wolgok2.planner"), person=world.kim, source="desk")
    item = lambda: meeting_services.add_agenda_item(user, supervisor, meeting, case=case, purpose="대상자 선정")  # noqa: E731
    assert outcomes(2, item) == ["ok", f"사례 #{case.pk}의 같은 안건이 이미 올라 있습니다."]
    assert (Attendee.objects.filter(staff=nurse).count(), AgendaItem.objects.filter(case=case).count()) == (1, 1)


# --- Concurrent, on PostgreSQL: a step that happens once ----------------------------------------------------------


def test_approving_a_plan_twice_at_once(racing_world):
    world = racing_world
    case = case_with_plan(world.kim)
    user, supervisor = actor("wolgok2.supervisor")

    # Each request has read the case and the plan (not yet approved) before either approves it.
    read = iter([(Case.objects.get(pk=case.pk), case.plans.get()) for _ in range(2)])
    answers = outcomes(2, lambda: case_services.approve_plan(user, supervisor, *next(read)))
    assert answers == ["ok", "이미 승인된 서비스계획입니다."]
    assert CaseEvent.objects.filter(case=case, action="approve_plan").count() == 1


def test_recording_a_follow_up_twice_at_once(racing_world):
    world = racing_world
    user, planner = actor("wolgok2.planner")
    case = closed_case(world)
    # Each request has read the follow-up (not yet done) before either records it.
    read = iter([FollowUp.objects.get(case=case, sequence=1) for _ in range(2)])
    record = lambda: case_services.record_follow_up(user, planner, next(read), done_on=TODAY, outcome="안정")  # noqa: E731
    assert outcomes(2, record) == ["ok", "이미 실시한 사후관리입니다."]


def test_recording_a_move_out_twice_at_once(racing_world):
    world = racing_world
    user, planner = actor("wolgok2.planner")
    child = world.kim_household.members.get(name="이서준")
    move = lambda: registry_services.record_move_out(  # noqa: E731
        user, planner, world.kim_household, child.pk, TODAY, "서울특별시 강북구"
    )
    assert outcomes(2, move) == ["ok", "이서준은(는) 이미 전출 또는 사망 처리되었습니다."]
    assert MoveRecord.objects.filter(person=child).count() == 1


def test_two_managers_setting_someones_roles_at_once(racing_world):
    user, head = actor("wolgok2.head")
    nurse = staff("wolgok2.nurse")
    roles = [Role.VISITING_NURSE, Role.NEIGHBOURHOOD_OFFICER]
    assert outcomes(2, lambda: assignment_services.set_roles(user, head, nurse, roles)) == ["ok", "ok"]
    assert sorted(nurse.roles.values_list("role", flat=True)) == sorted(roles)
