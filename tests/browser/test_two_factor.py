"""With two-factor required, a planner enrols her authenticator app on first login, then gives its code at the next."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.world import PASSWORD

from .helpers import log_out, shot


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _password(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_planner_enrols_then_logs_in_with_a_code(page, live_world, settings):
    settings.REQUIRE_TWO_FACTOR = True
    _password(page, "wolgok2.planner")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.get_by_role("heading", name="2단계 인증 등록")).to_be_visible()
    expect(page.get_by_alt_text("인증 앱에 등록할 QR 코드")).to_be_visible()
    expect(page.get_by_role("link", name="가구 검색")).to_have_count(0)  # no way around the step
    shot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user__username="wolgok2.planner")
    page.get_by_label("인증 코드").fill(_code(device))
    page.get_by_role("button", name="등록").click()
    expect(page.get_by_text("2단계 인증을 등록했습니다")).to_be_visible()
    expect(page.get_by_role("link", name="가구 검색")).to_be_visible()

    log_out(page)
    _password(page, "wolgok2.planner")
    page.wait_for_url("**/accounts/two-factor/**")
    page.get_by_label("인증 코드").fill("000000" if _code(device, 1) != "000000" else "111111")
    page.get_by_role("button", name="확인").click()
    expect(page.get_by_text("인증 코드가 올바르지 않습니다")).to_be_visible()
    shot(page, "two-factor-wrong-code")
    time.sleep(1.1)  # the device waits a second after a wrong code
    device.refresh_from_db()
    page.get_by_label("인증 코드").fill(_code(device, 1))
    page.get_by_role("button", name="확인").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", name="김하늘 · 월곡2동 복지플래너")).to_be_visible()


def test_a_locked_login_says_so_in_korean(page, live_world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/accounts/login/")
        page.get_by_label("아이디").fill("wolgok2.planner")
        page.get_by_label("비밀번호").fill("wrong-password")
        page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="로그인이 잠겼습니다")).to_be_visible()
    expect(page.get_by_text("로그인에 여러 번 실패하여 잠시 잠겼습니다. 15분 후에 다시 시도하거나")).to_be_visible()
    shot(page, "locked-out")
