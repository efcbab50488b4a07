"""Production is safe by default: with DEBUG off (the default) the process refuses to start without real keys, and
every answer carries the transport and browser protections. The checks run in a fresh process, as a server start
does, with only the variables each test gives."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from chatdong.core.safety import DEMO_FIELD_KEY, DEMO_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3J9-q0vX7pL2mN8rT5wY1zB4cF6hD0gS9aE2uI7oP3lK8jH5x"  # 50 characters, not the demo value
GOOD_FIELD = "f8Q2wE5rT7yU1iO4pA6sD9fG3hJ0kL2z"  # 32


def _run(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    # As a server starts: none of our variables but those given, nor what the browser tests set for themselves.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATDONG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _check(*flags: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return _run("manage.py", "check", *flags, **variables)


def test_debug_is_off_unless_asked_for():
    shown = _run("-c", "import chatdong.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)")
    assert shown.stdout.split() == ["False", "True", "True"]
    demo = _run("-c", "import chatdong.settings as s; print(s.DEBUG)", CHATDONG_DEBUG="1")
    assert demo.stdout.strip() == "True"


def test_without_keys_the_check_fails_naming_both_variables():
    result = _check(CHATDONG_DEBUG="0")
    assert result.returncode != 0
    assert "CHATDONG_SECRET_KEY가 설정되지 않았습니다" in result.stderr
    assert "CHATDONG_FIELD_KEY가 설정되지 않았습니다" in result.stderr


@pytest.mark.parametrize(
    ("secret", "field", "message"),
    [
        (DEMO_SECRET_KEY, GOOD_FIELD, "CHATDONG_SECRET_KEY가 공개된 데모 값입니다"),
        (GOOD_SECRET, DEMO_FIELD_KEY, "CHATDONG_FIELD_KEY가 공개된 데모 값입니다"),
        ("short-secret", GOOD_FIELD, "CHATDONG_SECRET_KEY가 너무 짧습니다 (12자, 50자 이상 필요)"),
        (GOOD_SECRET, "x" * 40, "CHATDONG_FIELD_KEY가 같은 문자가 반복됩니다"),
        (GOOD_SECRET, "only-twenty-chars-ok", "CHATDONG_FIELD_KEY가 너무 짧습니다 (20자, 32자 이상 필요)"),
    ],
)
def test_a_demo_or_weak_key_stops_the_start(secret, field, message):
    result = _check(CHATDONG_DEBUG="0", CHATDONG_SECRET_KEY=secret, CHATDONG_FIELD_KEY=field)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_wsgi_server_refuses_to_start_without_keys():
    # gunicorn runs no system checks: the application itself refuses.
    result = _run("-c", "import chatdong.wsgi", CHATDONG_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "CHATDONG_SECRET_KEY" in result.stderr


def test_with_the_production_variables_check_deploy_reports_nothing():
    result = _check("--deploy", CHATDONG_SECRET_KEY=GOOD_SECRET, CHATDONG_FIELD_KEY=GOOD_FIELD)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stderr
    started = _run("-c", "import chatdong.wsgi", CHATDONG_SECRET_KEY=GOOD_SECRET, CHATDONG_FIELD_KEY=GOOD_FIELD)
    assert started.returncode == 0, started.stderr


def test_a_trial_without_tls_turns_off_the_redirect_hsts_and_secure_cookies():
    shown = _run(
        "-c",
        "import chatdong.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE)",
        CHATDONG_HTTPS="0",
    )
    assert shown.stdout.split() == ["False", "0", "False", "False"]


def test_the_proxy_ssl_header_is_named_by_its_variable():
    shown = _run(
        "-c",
        "import chatdong.settings as s; print(*s.SECURE_PROXY_SSL_HEADER)",
        CHATDONG_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert shown.stdout.split() == ["HTTP_X_FORWARDED_PROTO", "https"]


# --- What every answer carries --------------------------------------------------------------------------------


def test_a_personal_page_is_never_stored_and_carries_the_browser_protections(world, login):
    response = login("wolgok2.planner").get(f"/registry/households/{world.kim_household.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_is_never_stored_either(world, api_client):
    response = api_client("wolgok2.planner").get("/api/v1/households")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/web/chatdong.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_plain_http_is_redirected_except_the_health_check(db):
    client = Client()
    login_page = client.get("/accounts/login/")
    assert login_page.status_code == 301 and login_page["Location"] == "https://testserver/accounts/login/"
    assert client.get("/healthz").status_code == 200
    secure = client.get("/accounts/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_tls_proxy_its_header_counts_as_https(db):
    assert Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "http"}).status_code == 301


# --- No inline script or style for the policy to refuse --------------------------------------------------------

TEMPLATES = sorted((ROOT / "chatdong").glob("**/templates/**/*.html"))
# Rendered to PDF by WeasyPrint, which needs its CSS inline; the access review's printable page gives its <style>
# the request's nonce.
PRINT_TEMPLATES = {"letter_pdf.html", "review_report.html"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "chatdong")))
def test_templates_have_no_inline_script_handler_or_style(template):
    import re

    text = template.read_text()
    assert not re.search(r"\sstyle=\"", text), "style 속성 대신 CSS 클래스 (web/chatdong.css)"
    assert not re.search(r"\son[a-z]+=\"", text), "인라인 이벤트 처리기 대신 web/behaviours.js"
    for script in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in script or 'type="application/json"' in script, f"인라인 스크립트: {script}"
    if template.name not in PRINT_TEMPLATES:
        assert "<style" not in text


def test_the_health_check_answers_without_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "detail": "정상"}
    assert Client().post("/healthz").status_code == 405


def test_the_health_check_says_when_migrations_are_pending(db, monkeypatch):
    from chatdong.web import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "_unapplied_migrations", lambda: 2)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["detail"] == "적용되지 않은 마이그레이션이 2개 있습니다."


def test_the_health_check_says_when_the_database_is_down(db, monkeypatch):
    from django.db import OperationalError

    from chatdong.web import health

    def down() -> int:
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "_unapplied_migrations", down)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "database_unavailable"
