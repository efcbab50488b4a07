"""최통장 (welfare tong leader of 1통) checks on 박순자, reports a crisis and confirms a planner's visit, seeing only
her own households; 강도윤 records for her when she calls; the coordinator 신동현 sees missing weekly reports and
prepares the month's sharing meeting, chaired by the dong head with the findings on its agenda."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatdong.access.errors import Forbidden
from chatdong.core.models import Notice
from chatdong.meetings import services as meeting_services
from chatdong.meetings.models import Meeting
from chatdong.org.models import NeighbourhoodLeader
from chatdong.outreach import activities, cadence, checkins, findings, weekly
from chatdong.outreach import rules as outreach_rules
from chatdong.outreach.models import CheckIn, MonitoringContact, Target, WeeklyReport
from chatdong.outreach.programmes import Programme, Source
from chatdong.outreach.states import FindingKind, TargetStatus, Tier
from chatdong.registry.models import LeaderAssignment
from chatdong.web.worklist import work_list

from ..registry.helpers import add_households
from .helpers import actor, staff

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


# --- Check-ins --------------------------------------------------------------------------------------------


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
    message = Notice.objects.filter(recipient__username="wolgok2.tongjang").values_list("message", flat=True)
    assert any("긴급 난방비 지원" in m for m in message)


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


# --- Appointments and 1:1 matching ------------------------------------------------------------------------------


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


def test_the_contact_card_links_the_tong_leader_with_the_zones_officers(world, login):
    tong = world.park_household.tong
    page = login("wolgok2.officer").get(reverse("outreach:contact_card", args=[tong.pk]))
    assert page.status_code == 200
    for text in ["1통장", "최통장", "010-5555-0001", "[마을행정] 담당직원", "강도윤", "[공공복지] 담당직원", "김하늘"]:
        assert text in page.text
    assert login("jangwi1.planner").get(reverse("outreach:contact_card", args=[tong.pk])).status_code == 404


# --- Weekly reports and the monthly meeting -------------------------------------------------------------------


def test_the_officer_submits_the_compiled_weekly_report_once(world, login):
    last_monday = weekly.week_start(TODAY) - dt.timedelta(weeks=1)
    user, principal = actor("wolgok2.officer")
    activities.record_activity(
        user, principal, world.wolgok2.zones.get(number=1), occurred_on=max(last_monday, TODAY - dt.timedelta(days=7)),
        places="월곡시장", complaints="불법주차",
    )  # fmt: skip
    client = login("wolgok2.officer")
    page = client.get(reverse("outreach:weekly_report"), {"week": last_monday.isoformat()})
    assert "월곡시장" in page.text and "불법주차" in page.text
    client.post(reverse("outreach:weekly_report"), {"week": last_monday.isoformat(), "body": ""})
    report = WeeklyReport.objects.get()
    assert (report.week_start, report.activity_count) == (last_monday, 1)
    assert "월곡시장" in report.body
    with pytest.raises(ValidationError, match="이미 제출"):
        weekly.submit_report(user, principal, last_monday)
    with pytest.raises(ValidationError, match="아직 시작하지 않은 주"):
        weekly.submit_report(user, principal, TODAY + dt.timedelta(days=8))
    # Not an officer of any zone: no weekly report.
    assert login("wolgok2.nurse").get(reverse("outreach:weekly_report")).status_code == 403


def test_weeks_without_a_report_are_flagged_to_the_coordinator_and_the_dong_head(world, login):
    coordinator = actor("wolgok2.coordinator")[1]
    section = {s.key: s for s in work_list(coordinator, TODAY)}["weekly_reports_missing"]
    assert section.count == 2  # both zone officers, nothing submitted
    officer, principal = actor("wolgok2.officer")
    for week in weekly.past_weeks(TODAY):
        weekly.submit_report(officer, principal, week)
    section = {s.key: s for s in work_list(coordinator, TODAY)}["weekly_reports_missing"]
    assert [i.title for i in section.items] == ["송민아"]
    assert "4주 주간 활동보고 미제출" in section.items[0].detail
    head = {s.key: s for s in work_list(actor("wolgok2.head")[1], TODAY)}["weekly_reports_missing"]
    assert [i.title for i in head.items] == ["송민아"]  # the head chairs the monthly review
    assert "weekly_reports_missing" not in {s.key for s in work_list(actor("wolgok2.planner")[1], TODAY)}
    grid = login("wolgok2.coordinator").get(reverse("outreach:weekly_grid"))
    assert grid.status_code == 200 and grid.text.count("미제출</span>") == 8 + 4  # 송민아's 8 weeks, 강도윤's 4 older
    assert login("wolgok2.officer").get(reverse("outreach:weekly_grid")).status_code == 403


def test_the_coordinators_work_list_costs_the_same_with_more_officers(world):
    coordinator = actor("wolgok2.coordinator")[1]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            work_list(coordinator, TODAY)
        return len(ctx)

    before = count()
    for zone in world.wolgok2.zones.all():
        zone.officer = staff("wolgok2.coordinator") if zone.number == 1 else staff("wolgok2.nurse")
        zone.save()
    assert count() == before


def last_week_day() -> dt.date:
    return weekly.last_week(TODAY)[0] + dt.timedelta(days=2)


def test_the_monthly_meeting_is_chaired_by_the_dong_head_with_the_findings_on_its_agenda(world, login):
    officer, o_principal = actor("wolgok2.officer")
    open_one = findings.hand_over(
        officer, o_principal, kind=FindingKind.CARE_NEEDED, person=world.kim, description="체납"
    )
    user, principal = actor("wolgok2.coordinator")
    starts = timezone.make_aware(dt.datetime.combine(last_week_day(), dt.time(16)))
    meeting = weekly.prepare_monthly_meeting(user, principal, world.wolgok2, starts_at=starts, place="2층 회의실")
    assert (meeting.kind, meeting.chair) == (Meeting.Kind.OFFICER_REVIEW, staff("wolgok2.head"))
    agenda = list(meeting.agenda.order_by("order"))
    assert agenda[0].finding == open_one and agenda[0].case is None
    assert any("주간 활동보고 미제출" in item.purpose for item in agenda)
    attendees = {a.staff.name for a in meeting.attendees.select_related("staff")}
    assert {"조현우", "신동현", "강도윤", "송민아"} <= attendees
    page = login("wolgok2.planner").get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200 and f"발굴 #{open_one.pk}" in page.text
    with pytest.raises(ValidationError, match="이미 있습니다"):
        weekly.prepare_monthly_meeting(user, principal, world.wolgok2, starts_at=starts)


def test_the_monthly_meeting_is_in_the_last_week_and_prepared_by_the_head_or_coordinator(world):
    user, principal = actor("wolgok2.coordinator")
    early = timezone.make_aware(dt.datetime.combine(TODAY.replace(day=1), dt.time(10)))
    with pytest.raises(ValidationError, match="마지막 주"):
        weekly.prepare_monthly_meeting(user, principal, world.wolgok2, starts_at=early)
    planner, p_principal = actor("wolgok2.planner")
    starts = timezone.make_aware(dt.datetime.combine(last_week_day(), dt.time(16)))
    with pytest.raises(Forbidden):
        weekly.prepare_monthly_meeting(planner, p_principal, world.wolgok2, starts_at=starts)
    assert not Meeting.objects.exists()


def test_a_finding_agenda_item_takes_no_case_decision(world):
    user, principal = actor("wolgok2.coordinator")
    last_month = weekly.last_week(TODAY.replace(day=1) - dt.timedelta(days=1))[0]
    starts = timezone.make_aware(dt.datetime.combine(last_month, dt.time(16)))
    meeting = weekly.prepare_monthly_meeting(user, principal, world.wolgok2, starts_at=starts)
    item = meeting.agenda.first()
    head, h_principal = actor("wolgok2.head")
    with pytest.raises(ValidationError, match="사례가 아닌 안건"):
        meeting_services.record_decision(head, h_principal, item, decision="selection", value="managed")
    item.refresh_from_db()
    assert item.decided_at is None and item.decision == ""
