"""The coordinator 신동현 sees missing weekly reports and prepares the month's sharing meeting, chaired by the dong
head with the findings on its agenda; each officer submits the compiled weekly report once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatdong.access.errors import Forbidden
from chatdong.meetings import services as meeting_services
from chatdong.meetings.models import Meeting
from chatdong.outreach.officers import activities, findings, weekly
from chatdong.outreach.officers.models import WeeklyReport
from chatdong.outreach.officers.states import FindingKind
from chatdong.web.worklist import work_list
from tests.outreach.helpers import actor, staff

TODAY = dt.date.today()


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
