"""The visit pages as the personas use them: the form shows the cohort's checklist, a posted visit lands on
its record, screenings are for the visit team and the supervisor only (logged), scope is 404, lists cost the
same with one visit or twenty."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.models import AccessLog
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits.models import Visit
from tests.meetings.helpers import actor
from tests.outreach.visits.helpers import TODAY, joint_visit_with_nurse, staff, target
from tests.registry.helpers import add_households


def form_data(**changes):
    data = {
        "visited_on": TODAY.isoformat(), "nurse": staff("wolgok2.nurse").pk, "summary": "기초연금 안내, 우울감 호소",
        "outcome": "managed", "classification": "simple_health", "tier": "service",
        "services_explained": ["basic_pension"],
        "score_depression": "9", "need_health": "on", "note_health": "우울", "open_case": "on",
    }  # fmt: skip
    data.update(changes)
    return data


def record(person, **changes):
    from chatdong.outreach.visits import services as visits

    user, principal = actor("wolgok2.planner65")
    return visits.record_visit(user, principal, person, joint_visit_with_nurse(**changes))


def test_the_planner_records_a_visit_for_a_consented_target(world, login):
    t = target(world.kim)
    client = login("wolgok2.planner65")
    url = reverse("outreach:visit_new") + f"?target={t.pk}"
    page = client.get(url).text
    assert "기초연금" in page and "노인일자리" in page and "가정양육수당" not in page
    assert "SGDS-K" in page and "8점 이상이면 우울 의심" in page
    response = client.post(reverse("outreach:visit_new"), form_data(target=t.pk))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("outreach:visit_detail", args=[visit.pk])
    assert visit.team == Visit.Team.WITH_HEALTH and visit.case_id
    t.refresh_from_db()
    assert t.status == TargetStatus.VISITED
    detail = client.get(response.url).text
    assert "보건소(방문간호사) 동행" in detail and "9/15점 · 우울 의심" in detail
    assert f"사례 #{visit.case_id}" in detail
    assert AccessLog.objects.filter(object_type="visit", action="view_sensitive", username="wolgok2.planner65").exists()


def test_a_refused_form_keeps_the_input_and_says_why(world, login):
    t = target(world.kim)
    client = login("wolgok2.planner65")
    response = client.post(reverse("outreach:visit_new"), form_data(target=t.pk, nurse="", classification=""))
    text = response.content.decode()
    assert response.status_code == 200
    assert "관리대상군은 분류" in text and "방문간호사가 방문하거나 동행한 경우에만" in text
    assert "기초연금 안내, 우울감 호소" in text
    assert not Visit.objects.exists()


def test_a_listed_target_shows_that_consent_comes_first(world, login):
    t = target(world.kim, status=TargetStatus.LISTED, consent=False)
    text = login("wolgok2.planner65").get(reverse("outreach:visit_new") + f"?target={t.pk}").text
    assert "먼저 동의 또는 예약을 기록하세요" in text


def test_screenings_are_hidden_from_staff_outside_the_visit_and_logged_as_plain_views(world, login):
    visit = record(world.kim)
    text = login("wolgok2.desk").get(reverse("outreach:visit_detail", args=[visit.pk])).text
    assert "우울 의심" not in text and "민감정보입니다" in text
    assert AccessLog.objects.filter(object_type="visit", action="view", username="wolgok2.desk").exists()
    nurse = login("wolgok2.nurse").get(reverse("outreach:visit_detail", args=[visit.pk])).text
    assert "우울 의심" in nurse
    assert "우울 의심" in login("wolgok2.supervisor").get(reverse("outreach:visit_detail", args=[visit.pk])).text


def test_other_dongs_get_404_statistics_and_tong_leaders_403(world, login):
    visit = record(world.kim)
    t = target(world.park)
    assert login("jangwi1.planner").get(reverse("outreach:visit_detail", args=[visit.pk])).status_code == 404
    assert login("jangwi1.planner").get(reverse("outreach:visit_new") + f"?target={t.pk}").status_code == 404
    assert login("district.stats").get(reverse("outreach:visit_list")).status_code == 403
    assert login("wolgok2.tongjang").get(reverse("outreach:visit_detail", args=[visit.pk])).status_code == 403
    assert AccessLog.objects.filter(username="jangwi1.planner", action="denied_scope", object_type="visit").exists()


def test_open_a_case_from_the_visit_record_in_one_step(world, login):
    visit = record(world.kim)
    client = login("wolgok2.planner65")
    assert "사례관리로 접수" in client.get(reverse("outreach:visit_detail", args=[visit.pk])).text
    response = client.post(reverse("outreach:visit_open_case", args=[visit.pk]))
    visit.refresh_from_db()
    assert response.url == f"/cases/{visit.case_id}/"
    again = client.post(reverse("outreach:visit_open_case", args=[visit.pk]), follow=True)
    assert f"이미 사례(#{visit.case_id})" in again.content.decode()


def test_the_visit_list_filters_and_costs_the_same_for_one_or_twenty(world, login):
    client = login("wolgok2.planner65")
    people = [h.members.get() for h in add_households(world.wolgok2, 20, members=1)]
    record(people[0])

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("outreach:visit_list")).status_code == 200
        return len(ctx)

    one = cost()
    for person in people[1:]:
        record(person)
    assert cost() == one
    text = client.get(reverse("outreach:visit_list"), {"team": "alone"}).text
    assert "조건에 맞는 방문상담이 없습니다" in text
    bad = client.get(reverse("outreach:visit_list"), {"month": "2026-13"}).text
    assert "YYYY-MM" in bad
    month = client.get(reverse("outreach:visit_list"), {"month": f"{TODAY:%Y-%m}", "mine": "on"}).text
    assert "20건" in month
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    assert "0건" in client.get(reverse("outreach:visit_list"), {"month": last_month}).text
