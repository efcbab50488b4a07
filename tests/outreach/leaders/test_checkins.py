"""최통장 (welfare tong leader of 1통) checks on 박순자, reports a crisis and confirms a planner's visit, seeing only
her own households; 강도윤 records for her when she calls."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chatdong.access.errors import Forbidden
from chatdong.core.models import Notice
from chatdong.org.models import NeighbourhoodLeader
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.leaders import checkins
from chatdong.outreach.leaders.models import CheckIn
from chatdong.outreach.officers import findings
from chatdong.outreach.officers import rules as outreach_rules
from chatdong.outreach.officers.states import FindingKind
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.models import MonitoringContact
from chatdong.outreach.visits.states import Tier
from chatdong.registry.models import LeaderAssignment
from tests.outreach.helpers import actor, staff
from tests.registry.helpers import add_households

TODAY = dt.date.today()


def tongjang() -> NeighbourhoodLeader:
    return NeighbourhoodLeader.objects.get(user__username="wolgok2.tongjang")


def watch_park(world, last_contact_days_ago: int = 40):
    user, _principal = actor("wolgok2.planner")
    started = TODAY - dt.timedelta(days=last_contact_days_ago)
    return cadence.watch_household(user, world.park_household, Tier.SERVICE, staff("wolgok2.planner"), started)


def test_a_tong_leader_with_many_households_pages_through_them(world, login):
    leader = tongjang()
    LeaderAssignment.objects.bulk_create(
        LeaderAssignment(household=h, leader=leader, started_on=TODAY)
        for h in add_households(world.wolgok2, 24, members=1)
    )  # 25 with 박순자's
    client = login("wolgok2.tongjang")
    first = client.get(reverse("outreach:leader_home"))
    assert "담당 가구 25곳" in first.text and first.text.count('data-testid="household-') == 20
    second = client.get(reverse("outreach:leader_home"), {"page": 2})
    assert second.text.count('data-testid="household-') == 5


def test_a_check_in_moves_the_watched_households_due_date(world, login):
    watch = watch_park(world)
    assert watch.next_due_on < TODAY  # overdue: monthly, last seen 40 days ago
    client = login("wolgok2.tongjang")
    page = client.get(reverse("outreach:leader_home"))
    assert page.status_code == 200 and "오패산로 12" in page.text and "화랑로 100" not in page.text
    response = client.post(
        reverse("outreach:check_in", args=[world.park_household.pk]),
        {"method": "visit", "condition": "well", "checked_on": TODAY.isoformat(), "note": ""},
    )
    assert response.status_code == 302
    watch.refresh_from_db()
    assert (watch.last_contact_on, watch.next_due_on) == (TODAY, TODAY + dt.timedelta(days=30))
    contact = MonitoringContact.objects.get(watch=watch)
    assert (contact.method, contact.leader, contact.staff) == ("leader_check_in", tongjang(), None)


def test_a_leader_may_not_check_in_on_a_household_not_hers(world, login):
    response = login("wolgok2.tongjang").post(
        reverse("outreach:check_in", args=[world.kim_household.pk]),
        {"method": "visit", "condition": "well", "checked_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_bad_check_ins_are_refused_in_korean_and_change_nothing(world):
    watch = watch_park(world)
    user, principal = actor("wolgok2.tongjang")
    with pytest.raises(ValidationError) as exc:
        checkins.record_check_in(
            user, principal, tongjang(), world.park_household, method="mail", condition="concern",
            checked_on=TODAY + dt.timedelta(days=1),
        )  # fmt: skip
    assert exc.value.messages == [
        "확인 방법(방문·전화)을 고르세요.",
        "확인일은 오늘 이후일 수 없습니다.",
        "살펴볼 점이나 위기 상황을 내용에 적어 주세요.",
    ]
    watch.refresh_from_db()
    assert watch.last_contact_on is None and not CheckIn.objects.exists()


def test_a_crisis_check_in_reaches_the_planner_as_a_finding_and_the_leader_hears_back(world):
    user, principal = actor("wolgok2.tongjang")
    check_in = checkins.record_check_in(
        user, principal, tongjang(), world.park_household, method="visit", condition="crisis",
        note="며칠째 식사를 못 하셨고 난방이 끊겼음",
    )  # fmt: skip
    finding = check_in.finding
    assert finding is not None
    assert (finding.kind, finding.raised_by_leader, finding.routed_to) == (
        FindingKind.CARE_NEEDED, tongjang(), staff("wolgok2.planner"),
    )  # fmt: skip
    target = Target.objects.get(person=world.park, programme=Programme.POVERTY_CRISIS)
    assert target.source == Source.LEADER
    planner, p_principal = actor("wolgok2.planner")
    findings.complete(planner, p_principal, finding, result="긴급 난방비 지원, 도시락 배달 연계")
    # The leader hears that it was handled, not the result: it may name a benefit or a case.
    (message,) = Notice.objects.filter(recipient__username="wolgok2.tongjang", kind="finding_result").values_list(
        "message", flat=True
    )
    assert "처리 완료(김하늘)" in message and "긴급 난방비" not in message


def test_a_leader_reports_only_care_needed_and_sees_only_her_findings(world, login):
    user, principal = actor("wolgok2.tongjang")
    with pytest.raises(Forbidden):
        findings.hand_over(user, principal, kind=FindingKind.COMPLAINT, subject="골목", description="보안등")
    officer, o_principal = actor("wolgok2.officer")
    other = findings.hand_over(officer, o_principal, kind=FindingKind.CARE_NEEDED, person=world.kim, description="체납")
    mine = checkins.report_crisis(user, principal, tongjang(), world.park_household, description="쓰러지셨음")
    assert {f.pk for f in outreach_rules.findings_visible_to(principal)} == {mine.pk}
    assert login("wolgok2.tongjang").get(reverse("outreach:finding_detail", args=[other.pk])).status_code == 404


def test_an_officer_records_on_the_leaders_behalf(world, login):
    watch = watch_park(world)
    client = login("wolgok2.officer")
    leader = tongjang()
    page = client.get(reverse("outreach:leader_home"), {"leader": leader.pk})
    assert "대신해 기록하는 화면" in page.text
    client.post(
        reverse("outreach:check_in", args=[world.park_household.pk]),
        {"leader": leader.pk, "method": "phone", "condition": "well", "checked_on": TODAY.isoformat()},
    )
    check_in = CheckIn.objects.get()
    assert (check_in.leader, check_in.recorded_by) == (leader, staff("wolgok2.officer"))
    watch.refresh_from_db()
    assert watch.last_contact_on == TODAY
    # Another dong's staff: the leader "does not exist".
    assert login("jangwi1.planner").get(reverse("outreach:leader_home"), {"leader": leader.pk}).status_code == 404


def scheduled_target(world, days_ahead: int = 2) -> Target:
    when = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=days_ahead), dt.time(14, 0)))
    return Target.objects.create(
        programme=Programme.TURNING_65, period_start=TODAY.replace(day=1), dong=world.wolgok2,
        household=world.park_household, person=world.park, source=Source.REGISTRY, planner=staff("wolgok2.planner65"),
        status=TargetStatus.SCHEDULED, appointment_at=when,
    )  # fmt: skip


def test_the_leader_confirms_a_visit_appointment_and_the_planner_is_told(world, login):
    target = scheduled_target(world)
    client = login("wolgok2.tongjang")
    assert "방문 예약 확인" in client.get(reverse("outreach:leader_home")).text
    client.post(reverse("outreach:confirm_appointment", args=[target.pk]))
    target.refresh_from_db()
    assert (target.appointment_confirmed_on, target.appointment_confirmed_by) == (TODAY, tongjang())
    assert Notice.objects.filter(recipient__username="wolgok2.planner65", kind="appointment_confirmed").exists()
    user, principal = actor("wolgok2.tongjang")
    with pytest.raises(ValidationError, match="이미 확인한 예약"):
        checkins.confirm_appointment(user, principal, tongjang(), target)


def test_a_leader_cannot_confirm_a_visit_outside_her_households(world, login):
    target = scheduled_target(world)
    target.household, target.person = world.kim_household, world.kim
    target.save()
    assert login("wolgok2.tongjang").post(reverse("outreach:confirm_appointment", args=[target.pk])).status_code == 404
    target.refresh_from_db()
    assert target.appointment_confirmed_on is None


def test_one_to_one_matching_and_overdue_check_ins_shown_to_the_officer(world, login):
    user, principal = actor("wolgok2.officer")
    with pytest.raises(ValidationError, match="홀몸어르신"):
        checkins.match(user, principal, tongjang(), world.kim, every_days=7)
    assignment = checkins.match(user, principal, tongjang(), world.park, every_days=7)
    assert (assignment.matched_person, assignment.check_in_every_days) == (world.park, 7)
    assert LeaderAssignment.objects.filter(household=world.park_household).count() == 1  # the existing one, matched
    zone = world.wolgok2.zones.get(number=1)
    [match] = checkins.matches(zone, TODAY)
    assert match.overdue  # assigned since January, never checked in
    page = login("wolgok2.officer").get(reverse("outreach:zone_detail", args=[zone.pk]))
    assert "안부확인 주기 지남 1명" in page.text
    leader_user, leader_principal = actor("wolgok2.tongjang")
    checkins.record_check_in(leader_user, leader_principal, tongjang(), world.park_household, method="phone",
                             condition="well")  # fmt: skip
    [match] = checkins.matches(zone, TODAY)
    assert not match.overdue and match.due_on == TODAY + dt.timedelta(days=7)
    with pytest.raises(ValidationError, match="1~90일"):
        checkins.match(user, principal, tongjang(), world.park, every_days=0)
