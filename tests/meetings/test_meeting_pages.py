"""The conference pages as the supervisor, the planner, the dong head and a planner of another dong use them."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatdong.access.models import AccessLog
from chatdong.cases.models import CaseEvent
from chatdong.cases.states import Selection, Stage
from chatdong.meetings import services
from chatdong.meetings.models import AgendaItem, Meeting
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent, Household

from ..registry.helpers import add_households
from .helpers import TODAY, actor, assessed_case, conference, open_case, staff

LIST = reverse("meetings:meeting_list")
NEW = reverse("meetings:meeting_create")


def detail_url(meeting):
    return reverse("meetings:meeting_detail", args=[meeting.pk])


def decision_url(item):
    return reverse("meetings:decision", args=[item.meeting_id, item.pk])


def on_agenda(meeting, case, purpose="대상자 선정"):
    user, supervisor = actor("wolgok2.supervisor")
    return services.add_agenda_item(user, supervisor, meeting, case=case, purpose=purpose)


def test_the_navigation_offers_conferences_and_the_work_list(world, login):
    text = login("wolgok2.planner").get(reverse("home")).text
    assert 'href="/meetings/"' in text and "사례회의" in text
    assert 'href="/work/"' in text and "오늘 할 일" in text
    stats = login("district.stats").get(reverse("home")).text
    assert 'href="/meetings/"' not in stats and 'href="/work/"' not in stats


def test_the_supervisor_schedules_a_meeting_from_the_form(world, login):
    starts = timezone.localtime() + dt.timedelta(days=2)
    response = login("wolgok2.supervisor").post(
        NEW,
        {
            "kind": Meeting.Kind.INTEGRATED_CONFERENCE,
            "schedule": Meeting.Schedule.REGULAR,
            "dong": world.wolgok2.pk,
            "title": "월곡2동 정기 통합사례회의",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "2층 회의실",
            "chair": staff("wolgok2.supervisor").pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(meeting)
    assert meeting.title == "월곡2동 정기 통합사례회의" and meeting.dong == world.wolgok2
    listing = login("wolgok2.planner").get(LIST).text
    assert "월곡2동 정기 통합사례회의" in listing


def test_the_form_shows_korean_errors_and_saves_nothing(world, login):
    client = login("wolgok2.head")
    response = client.post(
        NEW,
        {"kind": "internal_conference", "schedule": "ad_hoc", "dong": world.wolgok2.pk, "title": "",
         "starts_at": "내일", "chair": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "회의명: 필수 항목입니다." in response.text
    assert not Meeting.objects.exists()
    # The chair list offers the dong's supervisor only.
    chairs = response.text.split('name="chair"')[1].split("</select>")[0]
    assert "정수빈" in chairs and "김하늘" not in chairs


def test_a_planner_may_not_open_the_new_meeting_form(world, login):
    response = login("wolgok2.planner").get(NEW)
    assert response.status_code == 403
    assert "복지수퍼바이저나 동장" in response.text


def test_list_warns_when_no_regular_conference_this_month(world, login):
    client = login("wolgok2.planner")
    response = client.get(LIST)
    assert "이번 달 정기회의 없음" in response.text and "월곡2동" in response.text
    conference(schedule=Meeting.Schedule.REGULAR, starts_at=timezone.now())
    assert "이번 달 정기회의 없음" not in client.get(LIST).text
    # The district sees every dong still without one.
    hope = login("district.hope").get(LIST).text
    warning = hope.split('data-testid="missing-regular"')[1].split("</div>")[0]
    assert "장위1동" in warning and "월곡2동" not in warning


def test_upcoming_and_past_are_separate_and_paged(world, login, settings):
    settings.PAGE_SIZE = 5
    for days in range(1, 8):
        conference(title=f"예정 회의 {days}", starts_at=timezone.now() + dt.timedelta(days=days))
    conference(title="사흘 전 회의", starts_at=timezone.now() - dt.timedelta(days=3))
    client = login("wolgok2.planner")
    first = client.get(LIST).text
    assert "예정 회의 1" in first and "예정 회의 6" not in first and "사흘 전 회의" not in first
    assert "예정 회의 6" in client.get(LIST, {"page": 2}).text
    assert "사흘 전 회의" in client.get(LIST, {"view": "past"}).text


def test_a_planner_of_another_dong_cannot_see_the_meeting(world, login):
    meeting = conference()
    response = login("jangwi1.planner").get(detail_url(meeting))
    assert response.status_code == 404
    assert AccessLog.objects.filter(username="jangwi1.planner", action="denied_scope", object_type="meeting").exists()
    assert "월곡2동 사례회의" not in login("jangwi1.planner").get(LIST).text
    assert login("district.stats").get(detail_url(meeting)).status_code == 404


def test_the_chair_decides_from_the_page_and_the_case_moves(world, login):
    case = assessed_case(world.kim)
    meeting = conference()
    item = on_agenda(meeting, case)
    client = login("wolgok2.supervisor")
    page = client.get(detail_url(meeting)).text
    assert "결정 기록" in page and "욕구조사" in page  # the case's stage beside it
    response = client.post(decision_url(item), {"decision": "selection", "selection": Selection.SERVICE_LINK})
    assert response.status_code == 302
    page = client.get(detail_url(meeting)).text
    assert "결정을 기록했습니다" in page and "서비스연계가구" in page
    case.refresh_from_db()
    assert case.stage == Stage.IN_SERVICE
    assert CaseEvent.objects.get(case=case, action="select").meeting_id == meeting.pk


def test_the_pages_show_a_refused_decision_in_korean(world, login):
    case = open_case(world.kim)
    meeting = conference()
    item = on_agenda(meeting, case)
    client = login("wolgok2.supervisor")
    client.post(decision_url(item), {"decision": "closure_approval"})
    page = client.get(detail_url(meeting)).text
    assert "&#x27;접수&#x27; 단계에서는 &#x27;종결 승인&#x27;을(를) 할 수 없습니다." in page
    item.refresh_from_db()
    assert item.decided_at is None


def test_someone_other_than_the_chair_gets_403(world, login):
    case = assessed_case(world.kim)
    meeting = conference()
    item = on_agenda(meeting, case)
    client = login("wolgok2.planner")
    assert "결정 기록" not in client.get(detail_url(meeting)).text
    response = client.post(decision_url(item), {"decision": "selection", "selection": Selection.MANAGED})
    assert response.status_code == 403
    assert "정수빈만" in response.text
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT
    item.refresh_from_db()
    assert item.decided_at is None


def test_integrated_conference_refuses_a_case_without_consent_on_the_page(world, login):
    case = assessed_case(world.kim)
    meeting = conference(Meeting.Kind.INTEGRATED_CONFERENCE)
    client = login("wolgok2.supervisor")
    client.post(
        reverse("meetings:attendee_add", args=[meeting.pk]),
        {"agency": world.welfare_centre.pk, "name": "박상담", "role": "사례관리팀장"},
    )
    assert "월곡종합사회복지관 박상담" in client.get(detail_url(meeting)).text
    agenda = reverse("meetings:agenda_add", args=[meeting.pk])
    client.post(agenda, {"case": case.pk, "purpose": "대상자 선정"})
    page = client.get(detail_url(meeting)).text
    assert "개인정보 제3자 제공 동의가 없거나 만료·철회되었습니다" in page
    assert not meeting.agenda.exists()
    record_consent(*actor("wolgok2.planner"), world.kim, kind=Consent.Kind.THIRD_PARTY, scope="정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.welfare_centre.pk])  # fmt: skip
    client.post(agenda, {"case": case.pk, "purpose": "대상자 선정"})
    assert meeting.agenda.get().case == case


def test_minutes_and_holding_from_the_page(world, login):
    meeting = conference()
    client = login("wolgok2.supervisor")
    client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "정기 점검 사례 공유"})
    client.post(reverse("meetings:held", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes == "정기 점검 사례 공유" and meeting.status == Meeting.Status.HELD
    planner_page = login("wolgok2.planner").get(detail_url(meeting)).text
    assert "정기 점검 사례 공유" in planner_page and "회의록 저장" not in planner_page
    response = login("wolgok2.planner").post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "x"})
    assert response.status_code == 403


def test_viewing_an_agenda_is_logged(world, login):
    meeting = conference()
    on_agenda(meeting, assessed_case(world.kim))
    login("wolgok2.planner").get(detail_url(meeting))
    entry = AccessLog.objects.get(username="wolgok2.planner", object_type="meeting")
    assert entry.action == "view" and "김영희" in entry.detail


def test_the_meeting_page_costs_the_same_with_one_or_many_cases(world, login):
    households = add_households(world.wolgok2, 6, members=1)
    cases = [assessed_case(h.members.first()) for h in Household.objects.filter(pk__in=[h.pk for h in households])]
    small, large = conference(title="작은 회의"), conference(title="큰 회의")
    on_agenda(small, cases[0])
    for case in cases:
        on_agenda(large, case)
    client = login("wolgok2.supervisor")
    counts = []
    for meeting in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(detail_url(meeting)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    assert AgendaItem.objects.filter(meeting=large).count() == 6
