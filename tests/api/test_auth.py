"""Token authentication: a valid token gets in as its user; everyone else gets the same Korean 401."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import Client

from chatdong.api.models import ApiToken, hash_token

from ..conftest import bearer

UNAUTHENTICATED = {"detail": "인증 토큰이 없거나 올바르지 않습니다."}
URL = "/api/v1/dongs"


def user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def assert_unauthenticated(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_token_is_refused(world):
    assert_unauthenticated(Client().get(URL))


def test_unknown_token_is_refused(world):
    assert_unauthenticated(bearer("cd_this-token-was-never-issued").get(URL))


def test_another_scheme_is_refused(world):
    _token, clear = ApiToken.issue(user("district.stats"))
    assert_unauthenticated(Client(headers={"Authorization": f"Token {clear}"}).get(URL))


def test_revoked_token_is_refused(world):
    token, clear = ApiToken.issue(user("district.stats"), "연계 시험")
    client = bearer(clear)
    assert client.get(URL).status_code == 200
    token.revoked_at = dt.datetime.now(dt.UTC)
    token.save()
    assert_unauthenticated(client.get(URL))


def test_token_of_a_deactivated_user_is_refused(world):
    _token, clear = ApiToken.issue(user("district.stats"))
    get_user_model().objects.filter(username="district.stats").update(is_active=False)
    assert_unauthenticated(bearer(clear).get(URL))


def test_a_signed_in_browser_session_is_not_a_token(login):
    # The API answers token clients only; a session cookie alone must not open it.
    assert_unauthenticated(login("wolgok2.planner").get(URL))


def test_token_is_stored_only_as_its_hash(world):
    token, clear = ApiToken.issue(user("district.stats"))
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(clear)
    assert clear not in {stored.key_hash, stored.label}


def test_last_use_is_recorded_at_most_once_a_minute(world):
    token, clear = ApiToken.issue(user("district.stats"))
    client = bearer(clear)
    assert token.last_used_at is None

    client.get(URL)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    client.get(URL)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # within the minute: no write

    two_minutes_ago = first_use - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    client.get(URL)
    token.refresh_from_db()
    assert token.last_used_at > two_minutes_ago + dt.timedelta(minutes=1)


def test_issue_token_prints_only_a_working_token(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", "district.stats", "--label", "구청 통계 연계", stdout=out, stderr=err)
    printed = out.getvalue()
    token = printed.strip()
    assert printed == token + "\n"  # one line, nothing else, so scripts can capture it
    assert token.startswith("cd_")
    saved = ApiToken.objects.get(key_hash=hash_token(token))
    assert saved.user.username == "district.stats"
    assert saved.label == "구청 통계 연계"
    assert "발급" in err.getvalue()
    assert bearer(token).get(URL).status_code == 200


def test_issue_token_for_an_unknown_user_fails_in_korean_and_creates_nothing(world):
    before = ApiToken.objects.count()
    with pytest.raises(CommandError, match=re.escape("사용자 'nobody'을(를) 찾을 수 없습니다.")):
        call_command("issue_token", "nobody")
    assert ApiToken.objects.count() == before


def test_issue_token_for_an_unknown_user_exits_non_zero(world, capsys, monkeypatch):
    # Run as from the shell. The command closes every connection when it ends, which would drop the
    # test's transaction; the test database connection is kept open instead.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = ApiToken.objects.count()
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "issue_token", "nobody"]).execute()
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "사용자 'nobody'을(를) 찾을 수 없습니다." in captured.err
    assert ApiToken.objects.count() == before
