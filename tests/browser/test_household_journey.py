"""In a real browser: a 월곡2동 planner logs in, searches, pages, opens a household; another dong's planner
is refused; the statistics officer sees the district map."""

import re

import pytest
from playwright.sync_api import expect

from tests.registry.helpers import add_households

from .helpers import log_in


def test_planner_searches_and_opens_a_household(page, live_world):
    log_in(page, "wolgok2.planner")
    expect(page.get_by_text("김하늘 · 월곡2동 복지플래너").first).to_be_visible()
    page.get_by_role("link", name="가구 검색").click()
    page.get_by_label("검색어").fill("610315-2******")
    page.get_by_role("button", name="검색").click()
    expect(page.get_by_text("1가구")).to_be_visible()
    page.get_by_role("link", name="김영희").click()
    expect(page.get_by_role("heading", name=re.compile("화랑로 100"))).to_be_visible()
    members = page.get_by_test_id("members")
    expect(members).to_contain_text("610315-2******")
    expect(members).to_contain_text("이서준")
    expect(members).to_contain_text("국민기초생활수급자")
    expect(page.locator("body")).not_to_contain_text("6103152123456")


def test_planner_pages_through_results(page, live_world):
    add_households(live_world.wolgok2, 25, members=1)
    log_in(page, "wolgok2.planner")
    page.goto("/registry/households/?q=시험")
    expect(page.get_by_text("25가구")).to_be_visible()
    page.get_by_role("link", name="다음").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_test_id("household-results").locator("tbody tr")).to_have_count(5)


def test_planner_of_another_dong_is_refused_the_household(page, live_world):
    log_in(page, "jangwi1.planner")
    response = page.goto(f"/registry/households/{live_world.kim_household.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="요청한 정보를 찾을 수 없습니다")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("김영희")


def test_statistics_officer_sees_the_district_map(page, live_world):
    log_in(page, "district.stats")
    page.get_by_role("link", name="동별 통계·지도", exact=True).click()
    expect(page.locator("#dong-map")).to_have_attribute("data-ready", "recipients_rate")
    expect(page.locator("#dong-map path.leaflet-interactive")).to_have_count(20)
    page.get_by_label("표시할 지표").select_option("rate:basic_pension")
    expect(page.locator("#dong-map")).to_have_attribute("data-ready", "rate:basic_pension")
    expect(page.locator(".cd-legend")).to_contain_text("기초연금")
    expect(page.get_by_test_id("dong-stats")).to_contain_text("월곡2동")
    expect(page.locator("body")).not_to_contain_text("김영희")


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}], ids=["phone"], indirect=True)
def test_tong_leader_on_a_phone_sees_her_household_contacts_only(page, live_world):
    log_in(page, "wolgok2.tongjang")
    page.get_by_role("link", name="박순자").click()
    expect(page.get_by_test_id("members")).to_contain_text("02-900-1234")
    expect(page.locator("body")).not_to_contain_text("400512-2")
    expect(page.locator("body")).not_to_contain_text("노인학대")
