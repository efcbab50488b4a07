"""Two-factor login (TOTP, django-otp): the code step after the password, enrolment, and REQUIRE_TWO_FACTOR."""

import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = reverse("login")
VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")
HOME = reverse("home")


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows (steps_ahead=1: the next one, as a later login would see)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def log_in(username: str, password: str) -> tuple[Client, str]:
    """Password only; returns the client and the page it ended up on."""
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, follow=True)
    return client, response.wsgi_request.get_full_path()


def enrolled(username: str) -> TOTPDevice:
    user = get_user_model().objects.get(username=username)
    return TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=True)


@pytest.fixture
def required(settings):  # type: ignore[no-untyped-def]
    settings.REQUIRE_TWO_FACTOR = True


def test_a_planner_without_a_device_must_enrol_before_anything_else(world, password, required):
    client, landed = log_in("wolgok2.planner", password)
    assert landed.startswith(SETUP)
    for page in (HOME, reverse("work_list"), reverse("registry:household_list"), "/admin/"):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(SETUP), page
    page = client.get(SETUP)
    assert "2단계 인증이 필요합니다" in page.text
    assert 'src="data:image/svg+xml' in page.text  # the QR code, drawn here
    device = TOTPDevice.objects.get(user__username="wolgok2.planner", confirmed=False)
    response = client.post(SETUP, {"code": code(device), "next": HOME}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "김하늘 · 월곡2동 복지플래너" in response.text
    assert "2단계 인증을 등록했습니다" in response.text
    assert TOTPDevice.objects.get(user__username="wolgok2.planner").confirmed
    assert client.get(reverse("work_list")).status_code == 200


def test_the_next_login_asks_for_the_code(world, password, required):
    device = enrolled("wolgok2.planner")
    client, landed = log_in("wolgok2.planner", password)
    assert landed.startswith(VERIFY)
    assert "6자리 숫자를 입력하세요" in client.get(VERIFY).text
    assert client.get(reverse("work_list")).url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code(device, 1), "next": reverse("work_list")})
    assert response.status_code == 302 and response.url == reverse("work_list")
    assert client.get(reverse("work_list")).status_code == 200


def test_a_device_enrolled_on_the_page_asks_for_its_code_at_the_next_login(world, password, required):
    client, _landed = log_in("wolgok2.planner", password)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username="wolgok2.planner")
    client.post(SETUP, {"code": code(device)})
    client.post(reverse("logout"))
    client, landed = log_in("wolgok2.planner", password)
    assert landed.startswith(VERIFY)
    device.refresh_from_db()
    client.post(VERIFY, {"code": code(device, 1)})
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_is_refused_in_korean(world, password):
    device = enrolled("wolgok2.planner")
    client, _landed = log_in("wolgok2.planner", password)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "인증 코드가 올바르지 않습니다" in response.text
    assert client.get(HOME).url.startswith(VERIFY)
    # Not digits: told what a code looks like.
    assert "인증 코드는 6자리 숫자입니다." in client.post(VERIFY, {"code": "abc"}).text


def test_a_wrong_enrolment_code_is_refused_and_the_device_stays_unconfirmed(world, password, required):
    client, _landed = log_in("wolgok2.planner", password)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username="wolgok2.planner")
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert "인증 코드가 올바르지 않습니다" in response.text
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(HOME).url.startswith(SETUP)


def test_wrong_codes_count_toward_the_lockout(world, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause between tries, to reach the limit at once
    device = enrolled("wolgok2.planner")
    client, _landed = log_in("wolgok2.planner", password)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(VERIFY, {"code": wrong}).status_code == 200
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 429
    assert "로그인에 여러 번 실패하여 잠시 잠겼습니다" in response.text
    assert "_auth_user_id" not in client.session  # signed out
    assert AccessFailureLog.objects.filter(username="wolgok2.planner", locked_out=True).exists()
    assert wrong not in AccessAttempt.objects.get(username="wolgok2.planner").post_data  # codes are not kept
    # Nor does the password let them back in for now.
    _client, landed = log_in("wolgok2.planner", password)
    assert landed == LOGIN


def test_a_statistics_user_and_a_tong_leader_are_not_forced(world, password, required):
    for username in ("district.stats", "wolgok2.tongjang"):
        client, landed = log_in(username, password)
        assert landed == HOME, username
        assert client.get(HOME).status_code == 200


def test_the_auditor_and_the_district_staff_are_forced(world, password, required):
    for username in ("district.auditor", "district.hope", "wolgok2.tongjang"):
        _client, landed = log_in(username, password)
        assert landed.startswith(SETUP) == (username != "wolgok2.tongjang"), username


def test_the_admin_needs_the_code_step_too(world, password):
    enrolled("admin")
    client = Client()
    client.post(reverse("admin:login"), {"username": "admin", "password": password, "next": "/admin/"})
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_without_the_setting_nothing_changes(world, password):
    client, landed = log_in("wolgok2.planner", password)
    assert landed == HOME
    assert client.get(reverse("work_list")).status_code == 200
    assert not TOTPDevice.objects.exists()


def test_anyone_may_enrol_from_the_user_menu(world, password):
    client, _landed = log_in("district.stats", password)
    home = client.get(HOME)
    assert f'href="{SETUP}"' in home.text
    page = client.get(SETUP)
    assert "2단계 인증을 등록하면" in page.text
    device = TOTPDevice.objects.get(user__username="district.stats")
    client.post(SETUP, {"code": code(device)})
    assert "2단계 인증이 등록되어 있습니다" in client.get(SETUP).text
    client.post(reverse("logout"))
    _client, landed = log_in("district.stats", password)
    assert landed.startswith(VERIFY)


def test_each_visit_to_the_enrolment_page_shows_a_new_secret(world, login):
    client = login("wolgok2.planner")
    client.get(SETUP)
    first = TOTPDevice.objects.get(user__username="wolgok2.planner").key
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user__username="wolgok2.planner").values_list("key", flat=True)) != [first]
    assert TOTPDevice.objects.filter(user__username="wolgok2.planner").count() == 1


def test_an_administrator_resets_a_lost_device(world, password, login, settings):
    device = enrolled("wolgok2.planner")
    admin = login("admin")  # (with REQUIRE_TWO_FACTOR on, the admin would first pass their own code step)
    listing = admin.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert "wolgok2.planner" in listing.text
    assert device.key not in admin.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).text
    admin.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.exists()
    settings.REQUIRE_TWO_FACTOR = True
    _client, landed = log_in("wolgok2.planner", password)
    assert landed.startswith(SETUP)  # enrols a new phone


def test_api_tokens_are_not_affected(world, api_client, required):
    enrolled("wolgok2.planner")
    assert api_client("wolgok2.planner").get("/api/v1/households").status_code == 200
