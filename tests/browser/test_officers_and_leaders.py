"""On a phone: the officer of zone 1 records a walk with a photo and hands over a family needing care; the
poverty-crisis planner records the result and the officer sees the notice. The tong leader records a check-in
on 박순자 and her monitoring due date moves."""

import datetime as dt
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from chatdong.org.models import StaffMember
from chatdong.outreach.officers.models import Finding
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.models import WatchedHousehold
from chatdong.outreach.visits.states import Tier

from .helpers import log_in, tick


@pytest.fixture(params=[{"width": 390, "height": 844}], ids=["phone"])
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_officer_finding_reaches_the_planner_and_the_officer_is_notified(page, live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, "wolgok2.officer")
    page.get_by_role("link", name="우리동네주무관").first.click()
    page.get_by_role("link", name=re.compile("1구역")).click()
    page.get_by_role("link", name="활동 기록").click()
    page.get_by_label("다녀온 곳").fill("월곡시장, 1통 경로당")
    page.get_by_label("만난 사람").fill("최통장")
    page.get_by_label("동네 사진").set_input_files(
        files=[{"name": "walk.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_role("button", name="활동 기록").click()
    expect(page.get_by_text("활동을 기록했습니다")).to_be_visible()
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
    page.get_by_role("link", name="발굴·전달").click()
    page.get_by_label("주민 찾기(이름, 생년월일, 주소)").fill("김영희")
    page.get_by_role("button", name="찾기").click()
    page.get_by_role("link", name=re.compile("김영희 · 세대주")).click()
    expect(page.get_by_test_id("chosen-person")).to_contain_text("김영희")
    tick(page, "돌봄이웃(도움이 필요한 주민)")
    page.get_by_label("내용").fill("남편 실직 후 공과금 체납, 아이 급식비 걱정")
    page.get_by_role("button", name="전달").click()
    expect(page.get_by_text("김하늘에게 전달했습니다")).to_be_visible()
    expect(page.get_by_test_id("finding")).to_contain_text("대상자 명단에 올랐습니다")
    url = page.url

    page.context.clear_cookies()
    log_in(page, "wolgok2.planner")
    expect(page.get_by_test_id("notices")).to_contain_text("강도윤님이 돌봄이웃")
    page.goto(url)
    page.get_by_role("button", name="처리 시작").click()
    page.get_by_label("처리 결과").fill("긴급복지 생계지원 신청, 다음 주 가정방문")
    page.get_by_role("button", name="처리 완료").click()
    expect(page.get_by_test_id("finding")).to_contain_text("처리완료")

    page.context.clear_cookies()
    log_in(page, "wolgok2.officer")
    expect(page.get_by_test_id("notices")).to_contain_text("처리 완료(김하늘): 긴급복지 생계지원 신청")
    assert Finding.objects.get().status == "done"


def test_tong_leaders_check_in_moves_the_due_date(page, live_world):
    planner = StaffMember.objects.get(user__username="wolgok2.planner")
    started = dt.date.today() - dt.timedelta(days=40)
    watch = cadence.watch_household(None, live_world.park_household, Tier.SERVICE, planner, started)  # type: ignore[arg-type]
    assert watch.next_due_on < dt.date.today()
    log_in(page, "wolgok2.tongjang")
    page.get_by_role("link", name="안부확인").first.click()
    card = page.get_by_test_id(f"household-{live_world.park_household.pk}")
    expect(card).to_contain_text("오패산로 12")
    card.get_by_role("link", name="안부확인").click()
    tick(page, "방문")
    tick(page, "이상 없음")
    page.get_by_role("button", name="안부확인 기록").click()
    expect(page.get_by_text("안부확인을 기록했습니다")).to_be_visible()
    expect(card).to_contain_text(f"최근 안부확인 {dt.date.today():%Y-%m-%d}")
    watch = WatchedHousehold.objects.get(pk=watch.pk)
    assert watch.next_due_on == dt.date.today() + dt.timedelta(days=30)
