"""Login lockout (django-axes): every way in counted, by account × address and by address, a cool-off, unlocking.

Before axes, /admin/login/ was never counted, failures were counted per username only (one address could try a
password on every account, anyone could lock anyone out from anywhere)."""

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
LOCKED = "로그인에 여러 번 실패하여 잠시 잠겼습니다. 15분 후에 다시 시도하거나 관리자에게 문의하세요."
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"


def attempt(username: str, password: str, address: str = ATTACKER, url: str = LOGIN, client: Client | None = None):  # type: ignore[no-untyped-def]
    return (client or Client()).post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def lock(username: str, limit: int, address: str = ATTACKER) -> None:
    for _ in range(limit):
        attempt(username, "wrong", address)


def signed_in(response) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in response.wsgi_request.session


def test_the_admin_login_is_locked_after_the_limit(world, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin", "wrong", url=ADMIN_LOGIN)
    response = attempt("admin", password, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert not signed_in(response)
    assert AccessFailureLog.objects.filter(username="admin", path_info=ADMIN_LOGIN, locked_out=True).exists()


def test_failures_on_the_admin_login_count_for_the_login_page_too(world, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wolgok2.planner", "wrong", url=ADMIN_LOGIN)
    response = attempt("wolgok2.planner", password)
    assert response.status_code == 429 and not signed_in(response)


def test_one_address_trying_one_password_on_many_accounts_is_locked(world, password, settings):
    # A guess per account never reaches the per-account limit; the address's count does.
    guessed = [f"guess.{n}" for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 2)] + ["wolgok2.desk", "admin"]
    for username in guessed:
        attempt(username, "spring2026!")
    response = attempt("wolgok2.planner", password)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert not signed_in(response)
    # Staff elsewhere are not affected.
    assert signed_in(attempt("wolgok2.planner", password, address=OFFICE))


def test_a_stranger_cannot_lock_a_user_out_from_another_address(world, password, settings):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT, ATTACKER)
    assert attempt("wolgok2.planner", password, ATTACKER).status_code == 429
    response = attempt("wolgok2.planner", password, OFFICE)
    assert response.status_code == 302
    assert signed_in(response)


def test_x_forwarded_for_does_not_spread_the_failures_over_many_addresses(world, password, settings):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "wolgok2.planner", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.9.8.{n}",
        )
    assert attempt("wolgok2.planner", password, ATTACKER).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_lock_ends_after_the_cool_off(world, password, settings):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT)
    assert attempt("wolgok2.planner", password).status_code == 429
    # Time passes: the attempts are now older than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    response = attempt("wolgok2.planner", password)
    assert response.status_code == 302 and signed_in(response)


def test_the_lock_holds_within_the_cool_off(world, password, settings):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)
    )
    assert attempt("wolgok2.planner", password).status_code == 429


def test_an_administrator_sees_the_attempts_and_unlocks_by_deleting_them(world, password, settings, login):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT)
    admin = login("admin")
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert "wolgok2.planner" in changelist.text and ATTACKER in changelist.text
    for model in ("accessfailurelog", "accesslog"):
        assert admin.get(reverse(f"admin:axes_{model}_changelist")).status_code == 200
    attempt_row = AccessAttempt.objects.get(username="wolgok2.planner")
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt_row.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert signed_in(attempt("wolgok2.planner", password))
    # The failure log stays for the auditor: unlocking does not erase what happened.
    assert AccessFailureLog.objects.filter(username="wolgok2.planner", locked_out=True).exists()


def test_staff_without_admin_rights_cannot_open_the_attempts(world, login):
    response = login("wolgok2.supervisor").get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302  # to the admin's login


def test_the_logs_name_who_from_where_when_and_whether_it_locked(world, password, settings, login):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT)
    failures = AccessFailureLog.objects.filter(username="wolgok2.planner").order_by("attempt_time")
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert [f.locked_out for f in failures] == [False] * (settings.AXES_FAILURE_LIMIT - 1) + [True]
    assert {f.ip_address for f in failures} == {ATTACKER}
    attempt("wolgok2.planner", password, OFFICE)
    logged = AccessLog.objects.get(username="wolgok2.planner")
    assert logged.ip_address == OFFICE and logged.attempt_time is not None


def test_api_tokens_work_whatever_the_lock(world, api_client, settings):
    lock("wolgok2.planner", settings.AXES_FAILURE_LIMIT, "127.0.0.1")
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1  # the test client's address is locked for everyone
    assert attempt("wolgok2.desk", "wrong", "127.0.0.1").status_code == 429
    response = api_client("wolgok2.planner").get("/api/v1/households")
    assert response.status_code == 200
