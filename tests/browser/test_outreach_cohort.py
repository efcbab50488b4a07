"""In a real browser, on a phone: the 65 planner generates March's 65 cohort, opens 김영희, records that she
agreed to a visit on the phone and books the visit; the tong leader's contact is recorded by the officer."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chatdong.outreach.cohorts.models import Target

from .helpers import log_in, tick


@pytest.fixture(params=[{"width": 390, "height": 844}], ids=["phone"])
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


def test_the_65_planner_generates_a_month_and_records_consent_and_an_appointment(page, live_world):
    log_in(page, "wolgok2.planner65")
    page.goto("/outreach/targets/")
    generate = page.get_by_role("region", name="대상자 명단 생성")
    generate.get_by_label("사업").select_option("turning_65")
    generate.get_by_label("대상 월").fill("2026-03")
    page.get_by_role("button", name="명단 생성").click()
    expect(page.get_by_text("2026년 03월 65세 도래 어르신 대상자 명단: 새 대상 1명")).to_be_visible()
    page.get_by_role("link", name="김영희").click()
    expect(page.get_by_test_id("target-status")).to_have_text("대상")

    tick(page, "방문 동의")
    page.get_by_label("연락·동의 방법").select_option("phone")
    page.get_by_label("연락한 통·반장(대신 기록할 때)").select_option(label="최통장 (복지통장)")
    page.get_by_role("button", name="연락 결과 저장").click()
    expect(page.get_by_text("연락 결과를 기록했습니다: 방문 동의")).to_be_visible()
    expect(page.get_by_test_id("target-status")).to_have_text("방문 동의")
    expect(page.get_by_test_id("contact")).to_contain_text("최통장(통·반장)")

    day = timezone.localdate() + dt.timedelta(days=5)
    page.get_by_label("방문 예약 일시").fill(f"{day.isoformat()}T14:30")
    page.get_by_role("button", name="예약 저장").click()
    expect(page.get_by_test_id("target-status")).to_have_text("방문 예약")
    expect(page.get_by_test_id("appointment")).to_contain_text(f"{day.isoformat()} 14:30")
    expect(page.get_by_test_id("appointment")).to_contain_text("통·반장 확인 전")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    target = Target.objects.get(person__name="김영희")
    assert target.status == "scheduled" and target.consent.kind == "visit"
    page.goto("/outreach/targets/?status=scheduled")
    expect(page.get_by_test_id("targets")).to_contain_text(re.compile(r"김영희"))
