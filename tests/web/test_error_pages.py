"""Requests that fail outside a view's own answer get a Korean page (JSON under /api/), never Django's English
one: a body over the upload limit is 413 and changes nothing; a request that cannot be read is 400; a crash is 500."""

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import get_resolver

from chatdong.registry.models import Household

BIG = "가" * 3_000_000  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) once encoded


def test_a_body_over_the_limit_is_413_in_korean_and_registers_nothing(world, login):
    before = Household.objects.count()
    response = login("wolgok2.planner").post("/registry/households/new/", {"road_address": BIG})
    assert response.status_code == 413
    assert "보낸 내용이 너무 큽니다" in response.content.decode()
    assert Household.objects.count() == before


def test_the_api_answers_a_body_over_the_limit_with_413_json(world, api_client):
    before = Household.objects.count()
    response = api_client("wolgok2.planner").post(
        "/api/v1/households", {"road_address": BIG}, content_type="application/json"
    )
    assert response.status_code == 413
    assert "요청 본문이 너무 큽니다" in response.json()["detail"]
    assert Household.objects.count() == before


def test_the_handlers_answer_in_korean(rf):
    resolver = get_resolver()
    bad_request = resolver.resolve_error_handler(400)
    server_error = resolver.resolve_error_handler(500)
    page = bad_request(rf.get("/cases/"), SuspiciousOperation("x"))
    assert page.status_code == 400 and "잘못된 요청입니다" in page.content.decode()
    crash = server_error(rf.get("/cases/"))
    assert crash.status_code == 500 and "일시적인 오류가 발생했습니다" in crash.content.decode()
    assert '<html lang="ko">' in crash.content.decode()
    api_crash = server_error(rf.get("/api/v1/cases"))
    assert api_crash.status_code == 500 and api_crash["Content-Type"] == "application/json"
    assert "서버에서 오류가 발생했습니다" in api_crash.content.decode()


def test_a_view_that_crashes_shows_the_korean_500_page(world, settings, monkeypatch):
    from chatdong.web import views

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(views.worklist, "work_list", crash)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="wolgok2.planner"))
    response = client.get("/work/")
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다" in response.content.decode() and "boom" not in response.content.decode()


def test_a_form_sent_without_its_security_token_gets_a_korean_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="wolgok2.planner"))
    before = Household.objects.count()
    response = client.post("/registry/households/new/", {"road_address": "서울 성북구 화랑로 1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "보안 확인 정보가 없거나 만료되었습니다" in page and '<html lang="ko">' in page
    assert Household.objects.count() == before


def test_the_api_answers_a_failed_security_check_with_json(db):
    # An unknown API path is not exempt from the CSRF check; its refusal still speaks JSON.
    response = Client(enforce_csrf_checks=True).delete("/api/v1/nothing-here")
    assert response.status_code == 403
    assert "보안 확인 정보" in response.json()["detail"]


def test_a_method_a_page_does_not_take_is_405_in_korean(world, login):
    response = login("wolgok2.planner").get("/notices/read-all/")
    assert response.status_code == 405
    assert "이 방식의 요청을 받지 않습니다" in response.content.decode()
    assert response["Allow"] == "POST"


def test_a_method_an_api_operation_does_not_take_is_405_json(world, api_client):
    response = api_client("wolgok2.planner").delete("/api/v1/households")
    assert response.status_code == 405
    assert response.json() == {"detail": "이 주소는 이 방식의 요청을 받지 않습니다."}
    assert "GET" in response["Allow"]
