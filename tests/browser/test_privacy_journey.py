"""In a real browser: a nurse breaks the glass on a household she is not in charge of, the supervisor is told
and ends it; the privacy auditor is reminded of last month's review, checks its item and completes it."""

import datetime as dt
import re

from axes.models import AccessLog as LoginRecord
from django.utils import timezone
from playwright.sync_api import expect

from chatdong.reports.privacy import review

from .helpers import log_in, log_out

ABUSE_TAG = "td .cd-tag-danger"


def test_a_nurse_breaks_the_glass_and_the_supervisor_ends_it(page, live_world):
    log_in(page, "wolgok2.nurse")
    page.goto(f"/registry/households/{live_world.park_household.pk}/")
    expect(page.locator(ABUSE_TAG)).to_have_count(0)
    page.get_by_role("link", name="민감정보 긴급 열람 요청").click()
    page.get_by_label("긴급 열람 사유").fill("급해요")
    page.get_by_role("button", name="긴급 열람 시작").click()
    expect(page.get_by_text("10자 이상 구체적으로")).to_be_visible()
    page.get_by_label("긴급 열람 사유").fill("이웃이 새벽에 비명 소리를 신고해 지금 방문합니다")
    page.get_by_role("button", name="긴급 열람 시작").click()
    expect(page.get_by_test_id("emergency-running")).to_contain_text("긴급 열람 중")
    expect(page.locator(ABUSE_TAG)).to_contain_text("노인학대 의심")
    log_out(page)

    log_in(page, "wolgok2.supervisor")
    expect(page.get_by_test_id("notices")).to_contain_text("긴급 열람합니다")
    page.get_by_role("link", name="긴급 열람", exact=True).click()
    rows = page.get_by_test_id("emergency-accesses")
    expect(rows).to_contain_text("비명 소리를 신고해")
    expect(rows).to_contain_text("열람 중")
    page.get_by_label("종료 메모").fill("방문 후 담당자가 정리함")
    page.get_by_role("button", name="종료").click()
    expect(page.get_by_text("긴급 열람을 종료했습니다.")).to_be_visible()
    expect(rows).to_contain_text("조기 종료")
    log_out(page)

    log_in(page, "wolgok2.nurse")
    page.goto(f"/registry/households/{live_world.park_household.pk}/")
    expect(page.locator(ABUSE_TAG)).to_have_count(0)


def test_the_auditor_reviews_last_month(page, live_world):
    month = review.last_month(timezone.localdate())
    night = timezone.make_aware(dt.datetime.combine(month.replace(day=3), dt.time(23, 40)))
    login = LoginRecord.objects.create(username="wolgok2.planner", ip_address="10.1.2.3", user_agent="test")
    LoginRecord.objects.filter(pk=login.pk).update(attempt_time=night)

    log_in(page, "district.auditor")
    reminder = page.get_by_test_id("review-due")
    expect(reminder).to_contain_text("아직 끝나지 않았습니다")
    reminder.get_by_role("link", name="점검하기").click()
    expect(page.get_by_role("heading", name=re.compile("접속기록 점검"))).to_be_visible()
    page.get_by_role("link", name="야간 로그인(22시~6시)").click()
    items = page.get_by_test_id("review-items")
    expect(items).to_contain_text("wolgok2.planner")
    expect(items).to_contain_text("10.1.2.3")
    items.get_by_label("확인 내용").fill("당직 근무 확인")
    items.get_by_role("button", name="확인").click()
    expect(page.get_by_text("확인으로 표시했습니다.")).to_be_visible()
    expect(page.get_by_test_id("review-items")).to_contain_text("당직 근무 확인")
    page.get_by_label("점검 의견").fill("야간 로그인 1건 당직 확인, 이상 없음")
    page.get_by_role("button", name="점검 완료").click()
    expect(page.get_by_test_id("review-done")).to_contain_text("점검 완료")
    page.get_by_role("link", name="홈", exact=True).click()
    expect(page.get_by_test_id("review-due")).to_have_count(0)
