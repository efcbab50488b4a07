"""On a phone in the field: 송민아 visits 김영희 (turning 65, consented) with the nurse, classifies the
household 관리대상군 and opens a case; 배유진 finds her overdue 돌봄위기 household on 오늘 할 일."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.models import Visit
from tests.outreach.visits.helpers import staff, target

from .helpers import log_in, tick


@pytest.fixture(params=[{"width": 390, "height": 844}], ids=["phone"])
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


def test_a_joint_visit_with_the_nurse_classifies_and_opens_a_case(page, live_world):
    t = target(live_world.kim)
    log_in(page, "wolgok2.planner65")
    page.goto(f"/outreach/visits/new/?target={t.pk}")
    expect(page.get_by_test_id("target")).to_contain_text("방문 동의")
    page.get_by_label("동행 방문간호사").select_option(label="한지민 (월곡2동)")
    tick(page, re.compile("^김영희"))
    page.get_by_label("가족 형태").select_option(label="부부+자녀")
    page.get_by_label("상담 내용").fill("기초연금 신청 안내. 최근 우울감과 불면 호소.")
    tick(page, "기초연금")
    tick(page, "건강검진·보건소 서비스")
    tick(page, "건강")
    page.get_by_label("건강 욕구 내용").fill("우울·불면")
    page.get_by_label("우울 선별 점수").fill("10")
    page.get_by_label("인지저하 선별 점수").fill("27")
    tick(page, "관리대상군")
    tick(page, "단순가구-보건욕구")
    tick(page, "서비스 관리 가구")
    tick(page, "성북구보건소")
    page.get_by_role("button", name="방문상담 기록").click()

    expect(page.get_by_text("방문상담을 기록했습니다.")).to_be_visible()
    expect(page.get_by_test_id("companions")).to_contain_text("한지민")
    expect(page.get_by_test_id("screenings")).to_contain_text("10/15점 · 우울 의심")
    expect(page.get_by_test_id("outcome")).to_contain_text("단순가구-보건욕구")
    expect(page.get_by_test_id("outcome")).to_contain_text("성북구보건소")
    page.get_by_role("button", name="사례관리로 접수").click()
    expect(page.get_by_text(re.compile(r"사례 #\d+을\(를\) 접수했습니다"))).to_be_visible()
    visit = Visit.objects.get()
    assert visit.team == Visit.Team.WITH_HEALTH and visit.case_id
    assert page.url.endswith(f"/cases/{visit.case_id}/")
    t.refresh_from_db()
    assert t.status == TargetStatus.VISITED
    page.goto("/outreach/monitoring/")
    expect(page.get_by_test_id("watches")).to_contain_text("서비스 관리 가구")


def test_an_overdue_care_crisis_household_appears_in_the_work_list(page, live_world):
    carer = staff("wolgok2.plannercare")
    cadence.watch_household(
        carer.user, live_world.park_household, "integrated", carer, dt.date.today() - dt.timedelta(days=20),
        programme="care_crisis",
    )  # fmt: skip
    log_in(page, "wolgok2.plannercare")
    page.goto("/work/")
    expect(page.get_by_text("모니터링 기한 지남")).to_be_visible()
    page.get_by_role("link", name=re.compile("박순자 · 통합사례관리 가구")).click()
    expect(page.get_by_test_id("next-due")).to_contain_text("기한 지남")
    tick(page, "전화")
    page.get_by_label("내용").fill("통화: 안정적, 아들과 분리 거주")
    page.get_by_role("button", name="접촉 기록").click()
    expect(page.get_by_text("접촉을 기록했습니다.")).to_be_visible()
    expect(page.get_by_test_id("next-due")).not_to_contain_text("기한 지남")
    page.goto("/work/")
    expect(page.get_by_text("기한이 지난 모니터링 가구가 없습니다.")).to_be_visible()
