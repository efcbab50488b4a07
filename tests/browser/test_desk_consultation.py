"""In a real browser, on a phone: the desk officer finds a resident, records a consultation whose screening
is high, and sees the urgent referral; the supervisor confirms the legal exception."""

import re

import pytest
from playwright.sync_api import expect

from chatdong.org.models import Agency

from .helpers import log_in, log_out, shot, tick


@pytest.fixture(params=[{"width": 390, "height": 844}], ids=["phone"])
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


def test_desk_officer_records_a_high_risk_consultation_and_the_supervisor_confirms(page, live_world):
    Agency.objects.create(district=live_world.wolgok2.district, name="성북구자살예방센터", kind="suicide_prevention")
    log_in(page, "wolgok2.desk")
    page.goto("/consult/")
    shot(page, "01_list_empty")
    page.get_by_role("link", name="종합상담 기록").click()
    page.get_by_label("이름, 생년월일, 주민등록번호, 주소").fill("김영희")
    page.get_by_role("button", name="찾기").click()
    shot(page, "02_search")
    page.get_by_role("link", name=re.compile("김영희 · 세대주")).click()
    expect(page.get_by_role("heading", name="김영희")).to_be_visible()
    tick(page, "전화")
    page.get_by_label("상담 내용").fill("실직 후 우울감 호소. 죽고 싶다는 말을 함.")
    tick(page, "경제")
    page.get_by_label("경제 욕구 내용").fill("생계비")
    page.get_by_text("경제 (").click()
    tick(page, re.compile("^긴급지원"))
    tick(page, "자살위험 선별검사를 했습니다")
    tick(page, re.compile("죽고 싶다거나 사라지고 싶다"))
    tick(page, re.compile("방법이나 시기를 구체적으로"))
    expect(page.get_by_label(re.compile("방법이나 시기를 구체적으로"))).to_be_checked()
    shot(page, "03_form")
    page.get_by_role("button", name="상담 기록").click()
    expect(page.get_by_text(re.compile("긴급 의뢰하고 복지수퍼바이저에게 알렸습니다"))).to_be_visible()
    screening = page.get_by_test_id("screening")
    expect(screening).to_contain_text("높음")
    expect(page.get_by_test_id("referrals")).to_contain_text("성북구자살예방센터")
    shot(page, "04_detail")
    page.get_by_role("link", name="성북구자살예방센터").click()
    expect(page.get_by_text("복지수퍼바이저 확인 대기")).to_be_visible()
    url = page.url
    shot(page, "05_referral")

    log_out(page)
    log_in(page, "wolgok2.supervisor")
    page.goto(url)
    page.get_by_role("button", name="동의 예외 확인").click()
    expect(page.get_by_text("정수빈 확인")).to_be_visible()
    page.goto("/consult/referrals/")
    expect(page.get_by_test_id("referral-counts")).to_be_visible()
    shot(page, "06_referral_list")
    page.goto("/consult/roster/")
    expect(page.get_by_role("heading", name=re.compile("상담창구 근무표"))).to_be_visible()
    shot(page, "07_roster")
