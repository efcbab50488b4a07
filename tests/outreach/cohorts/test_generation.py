"""Cohort generation: who each programme lists for a month, to which planner, and that running it again
adds nobody twice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.org.models import RoleAssignment, StaffMember
from chatdong.outreach.cohorts import generation
from chatdong.outreach.cohorts.models import CohortRun, Target
from chatdong.registry.models import BenefitStatus, BenefitType, Consent, Person
from tests.outreach.cohorts.helpers import MARCH, actor, generate, resident


def staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


def test_the_65_cohort_lists_residents_turning_65_in_the_month_for_the_65_planner(world):
    run = generate(world)
    [target] = Target.objects.filter(run=run)
    assert target.person == world.kim
    assert target.planner == staff("wolgok2.planner65")
    assert target.status == "listed" and target.source == "registry"
    assert "2026-03-15 만 65세 도래" in target.reason
    assert target.zone == world.kim_household.tong.zone
    assert (run.added, run.already_listed) == (1, 0)
    assert AuditEntry.objects.filter(model="outreach.target", object_id=str(target.pk)).exists()


def test_generating_again_adds_nobody_twice_and_keeps_the_planner(world):
    first = generate(world)
    target = Target.objects.get(run=first)
    second = generate(world, username="wolgok2.supervisor")
    assert (second.added, second.already_listed) == (0, 1)
    assert Target.objects.filter(programme="turning_65").count() == 1
    assert Target.objects.get(pk=target.pk).planner == staff("wolgok2.planner65")
    assert CohortRun.objects.count() == 2


def test_people_who_moved_out_died_or_live_in_another_dong_are_not_listed(world):
    resident(world.wolgok2, 2, "전출자", dt.date(1961, 3, 2), moved_out_on=dt.date(2025, 1, 1))
    resident(world.wolgok2, 2, "사망자", dt.date(1961, 3, 3), died_on=dt.date(2025, 1, 1))
    resident(world.jangwi1, 1, "장위주민", dt.date(1961, 3, 4))
    resident(world.wolgok2, 2, "4월생", dt.date(1961, 4, 1))
    run = generate(world)
    assert list(Target.objects.filter(run=run).values_list("person__name", flat=True)) == ["김영희"]


def test_the_zone_planner_comes_first_then_the_dong_planners_take_turns(world):
    # Zone 2 (tongs 3–4) is walked by 송민아; zone 1 by an officer who is no planner.
    second = staff("wolgok2.nurse")
    RoleAssignment.objects.create(staff=second, role="welfare_planner", speciality="turning_65")
    for n, tong in enumerate([3, 4, 3]):
        resident(world.wolgok2, tong, f"이구역{n}", dt.date(1961, 3, 20 + n))
    for n in range(3):
        resident(world.wolgok2, 1, f"일구역{n}", dt.date(1961, 3, 5 + n))
    generate(world)
    by_planner = {}
    for t in Target.objects.select_related("person", "planner"):
        by_planner.setdefault(t.planner.name, []).append(t.person.name)
    zone2 = {"이구역0", "이구역1", "이구역2"}
    assert zone2 <= set(by_planner["송민아"])
    zone1 = {"김영희", "일구역0", "일구역1", "일구역2"}
    # The four of zone 1 are shared in turn, counting what 송민아 already holds from zone 2.
    assert set(by_planner[second.name]) | (set(by_planner["송민아"]) - zone2) == zone1
    assert len(by_planner[second.name]) == 4 - len(set(by_planner["송민아"]) - zone2)
    assert len(by_planner[second.name]) >= 3


def test_without_a_planner_of_the_speciality_any_planner_of_the_dong_gets_the_list(world):
    RoleAssignment.objects.filter(staff=staff("wolgok2.planner65")).delete()
    run = generate(world, username="wolgok2.supervisor")
    assert Target.objects.get(run=run).planner.roles.filter(role="welfare_planner").exists()


def _consent(person: Person, given_on: dt.date) -> Consent:
    return Consent.objects.create(
        person=person, kind="visit", scope="출생신고 시 방문 동의", given_on=given_on, method="written"
    )


def test_births_with_a_parent_s_consent_are_listed_once(world):
    mother = resident(world.wolgok2, 3, "엄마", dt.date(1992, 5, 1))
    baby = Person.objects.create(
        household=mother.household, name="아기", birth_date=dt.date(2026, 2, 10), sex="M", relation="child"
    )
    no_consent_mother = resident(world.wolgok2, 3, "동의없음", dt.date(1990, 1, 1))
    Person.objects.create(
        household=no_consent_mother.household, name="아기2", birth_date=dt.date(2026, 2, 11), sex="F", relation="child"
    )
    _consent(mother, dt.date(2026, 2, 20))
    run = generate(world, "birth_childcare")
    [target] = Target.objects.filter(run=run)
    assert target.person == baby and target.source == "birth_registration"
    assert "2026-02-10 출생" in target.reason
    april = generate(world, "birth_childcare", dt.date(2026, 4, 1))
    assert april.added == 0


def test_children_on_home_care_allowance_are_listed_in_their_birthday_month_at_3_to_5(world):
    parent = resident(world.wolgok2, 2, "양육부모", dt.date(1988, 1, 1))
    allowance = BenefitType.objects.get(code="home_care_allowance")
    ages = {"네살": dt.date(2022, 3, 9), "여섯살": dt.date(2020, 3, 9), "수당없음": dt.date(2022, 3, 10)}
    for name, born in ages.items():
        child = Person.objects.create(household=parent.household, name=name, birth_date=born, sex="F", relation="child")
        if name != "수당없음":
            BenefitStatus.objects.create(person=child, benefit_type=allowance, started_on=dt.date(2023, 1, 1))
    run = generate(world, "birth_childcare")
    [target] = Target.objects.filter(run=run)
    assert target.person.name == "네살" and "만 4세" in target.reason and target.source == "benefit_list"


def test_poverty_recipients_are_checked_once_a_year_in_the_month_their_benefit_started(world):
    # 김영희's household has received 기초생활보장 since January 2024: one target for the household.
    run = generate(world, "poverty_crisis", dt.date(2026, 1, 1), username="wolgok2.planner")
    [target] = Target.objects.filter(run=run)
    assert target.person == world.kim and target.source == "benefit_list"
    assert target.planner == staff("wolgok2.planner")
    assert "국민기초생활수급자 수급 개시 2024-01" in target.reason
    assert generate(world, "poverty_crisis", dt.date(2026, 2, 1), username="wolgok2.planner").added == 0


def test_care_crisis_lists_are_not_generated_and_nothing_is_written(world):
    runs = CohortRun.objects.count()
    with pytest.raises(ValidationError, match="의뢰로만 등록"):
        generate(world, "care_crisis", username="wolgok2.plannercare")
    assert CohortRun.objects.count() == runs


@pytest.mark.parametrize("username", ["jangwi1.planner", "wolgok2.officer", "district.stats", "wolgok2.tongjang"])
def test_only_the_dong_s_planners_supervisor_and_head_generate_its_lists(world, username):
    with pytest.raises(Forbidden, match="대상자 명단은"):
        generate(world, username=username)
    assert not Target.objects.exists()


def test_the_monthly_task_generates_every_registry_programme_for_every_dong(world):
    runs = generation.generate_month(MARCH)
    assert {(r.dong.name, r.programme) for r in runs} >= {("월곡2동", "turning_65"), ("장위1동", "poverty_crisis")}
    assert all(r.generated_by is None for r in runs)
    assert Target.objects.get(programme="turning_65").person == world.kim
    assert generation.generate_month(MARCH)[0].added == 0
    assert AuditEntry.objects.filter(model="outreach.cohortrun", username="system").exists()


def test_the_principal_check_uses_the_dong_of_the_list(world):
    user, principal = actor("wolgok2.planner65")
    with pytest.raises(Forbidden):
        generation.generate(user, principal, world.jangwi1, "turning_65", MARCH)


def test_the_monthly_command_runs_now_or_through_the_task_queue(world, monkeypatch):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("outreach_generate", "--month", "2026-03", "--dong", "월곡2동", stdout=out)
    assert "2026-03 대상자 명단: 명단 3개, 새 대상 1명" in out.getvalue()
    resident(world.jangwi1, 1, "장위도래", dt.date(1961, 3, 8))
    call_command("outreach_generate", "--month", "2026-03", "--enqueue", stdout=out)
    assert "작업을 넣었습니다" in out.getvalue() and "상태 READY" in out.getvalue()
    assert not Target.objects.filter(person__name="장위도래").exists()  # queued, not run yet
    # What cron runs after it. The worker recycles database connections between tasks, which would close the
    # test's own transaction: not what is tested here.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", stdout=StringIO(), stderr=StringIO())
    assert Target.objects.filter(programme="turning_65").count() == 2
    assert Target.objects.get(person__name="장위도래").planner is not None
    with pytest.raises(CommandError, match="없는 행정동"):
        call_command("outreach_generate", "--dong", "없는동")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("outreach_generate", "--month", "2026-13")
