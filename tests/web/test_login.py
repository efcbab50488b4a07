"""Logging in, and the lockout after repeated failures (django-axes; more in tests/access/test_lockout.py)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

LOGIN = reverse("login")


def test_staff_log_in_and_land_on_their_home_page(world, client, password):
    response = client.post(LOGIN, {"username": "wolgok2.planner", "password": password}, follow=True)
    assert response.status_code == 200
    assert "김하늘 · 월곡2동 복지플래너" in response.text
    # Kept for the auditor's review: who logged in, from where, when.
    entry = AccessLog.objects.get(username="wolgok2.planner")
    assert entry.ip_address == "127.0.0.1" and entry.attempt_time is not None


def test_a_wrong_password_is_refused_in_korean(world, client):
    response = client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"})
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 올바르지 않습니다." in response.text
    failure = AccessFailureLog.objects.get(username="wolgok2.planner")
    assert failure.ip_address == "127.0.0.1" and not failure.locked_out
    assert "wrong" not in AccessAttempt.objects.get(username="wolgok2.planner").post_data  # passwords never kept


def test_five_failures_lock_the_account_even_with_the_right_password(world, client, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"})
    response = client.post(LOGIN, {"username": "wolgok2.planner", "password": password})
    assert response.status_code == 429
    assert (
        "로그인에 여러 번 실패하여 잠시 잠겼습니다. 15분 후에 다시 시도하거나 관리자에게 문의하세요." in response.text
    )
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="wolgok2.planner", locked_out=True).exists()


def test_the_failure_that_reaches_the_limit_already_answers_locked(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"}).status_code == 200
    response = client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"})
    assert response.status_code == 429
    assert "잠시 잠겼습니다" in response.text


def test_a_successful_login_clears_earlier_failures(world, client, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"})
    client.post(LOGIN, {"username": "wolgok2.planner", "password": password})
    assert not AccessAttempt.objects.filter(username="wolgok2.planner").exists()
    client.logout()
    # A typo after a success starts counting afresh.
    response = client.post(LOGIN, {"username": "wolgok2.planner", "password": "wrong"})
    assert response.status_code == 200


def test_statistics_officer_home_offers_figures_not_people(world, login):
    response = login("district.stats").get(reverse("home"))
    assert "통계 담당 계정" in response.text
    assert "가구 검색" not in response.text


def test_tong_leader_home_lists_only_her_households(world, login):
    response = login("wolgok2.tongjang").get(reverse("home"))
    assert "박순자" in response.text
    assert "김영희" not in response.text


def test_planner_home_shows_her_dongs_figures(world, login):
    response = login("wolgok2.planner").get(reverse("home"))
    assert "월곡2동 가구" in response.text
