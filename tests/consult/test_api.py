"""The desk API: the same rules as the pages, Korean JSON errors, OpenAPI documented."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chatdong.access.models import AccessLog
from chatdong.api.models import ApiToken
from chatdong.consult import services
from chatdong.consult.models import Consultation, Referral
from chatdong.core.models import Notice

from .helpers import HIGH, TODAY, actor, consult, give_consent, suicide_centre


@pytest.fixture
def api(db):  # type: ignore[no-untyped-def]
    def _client(username: str) -> Client:
        user, _ = actor(username)
        _token, clear = ApiToken.issue(user, "테스트")
        return Client(headers={"Authorization": f"Bearer {clear}"})

    return _client


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def body(world, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "person_id": world.kim.pk, "channel": "phone", "summary": "전화 상담: 의료비 부담",
        "needs": [{"domain": "health", "note": "병원비"}], "programmes": ["emergency_support"],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_recording_and_reading_a_consultation(world, api):
    client = api("wolgok2.desk")
    response = post(client, "/api/v1/consultations", body(world, screening=["hopeless", "low_mood"]))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["person"] == {"id": world.kim.pk, "name": "김영희", "resident_number_masked": "610315-2******"}
    assert data["needs"] == [{"domain": "health", "domain_label": "건강", "note": "병원비"}]
    assert data["information"][0]["code"] == "emergency_support"
    assert data["screening"] == {"score": 2, "level": "low", "level_label": "낮음", "answers": ["hopeless", "low_mood"]}
    again = client.get(f"/api/v1/consultations/{data['id']}")
    assert again.status_code == 200 and again.json()["summary"] == "전화 상담: 의료비 부담"
    assert AccessLog.objects.filter(object_type="consultation", object_id=str(data["id"]), channel="api").exists()


def test_bad_input_is_a_korean_422_and_nothing_is_written(world, api):
    client = api("wolgok2.desk")
    response = post(client, "/api/v1/consultations", body(world, channel="fax", screening=["nope"]))
    assert response.status_code == 422 and "입력값을 확인하세요" in response.json()["detail"]
    response = post(client, "/api/v1/consultations", body(world, programmes=["no-such-programme"]))
    assert response.status_code == 422 and "사업·서비스 코드" in response.json()["detail"]
    response = post(client, "/api/v1/consultations", body(world, occurred_on="2099-01-01"))
    assert response.status_code == 422 and "오늘 이후" in response.json()["detail"]
    response = post(client, "/api/v1/consultations", body(world, summary="NUL\x00"))
    assert response.status_code == 422
    assert not Consultation.objects.exists()


def test_another_dong_gets_404_and_statistics_staff_403(world, api):
    c = consult(world.kim)
    other = api("jangwi1.planner")
    assert other.get(f"/api/v1/consultations/{c.pk}").json() == {"detail": "요청한 정보를 찾을 수 없습니다."}
    assert post(other, "/api/v1/consultations", body(world)).status_code == 404
    assert other.get("/api/v1/consultations").json()["count"] == 0
    stats = api("district.stats")
    for url in ("/api/v1/consultations", "/api/v1/referrals", f"/api/v1/consultations/{c.pk}"):
        response = stats.get(url)
        assert response.status_code == 403 and "통계" in response.json()["detail"]
    assert api("district.hope").get("/api/v1/consultations").json()["count"] == 1


def test_screening_details_and_suicide_referrals_are_hidden_from_those_who_may_not_see_them(world, api):
    suicide_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    nurse = api("wolgok2.nurse").get(f"/api/v1/consultations/{c.pk}").json()
    assert nurse["screening"] is None and nurse["suicide_risk"] is None and nurse["screening_visible"] is False
    supervisor = api("wolgok2.supervisor").get(f"/api/v1/consultations/{c.pk}").json()
    assert supervisor["screening"]["level"] == "high" and supervisor["screening"]["answers"] == HIGH
    rows = api("wolgok2.nurse").get("/api/v1/consultations").json()["results"]
    assert rows[0]["suicide_risk"] is None and rows[0]["screened"] is True
    assert api("wolgok2.nurse").get("/api/v1/consultations", {"risk": "high"}).json()["count"] == 0
    assert nurse["referrals"] == [] and supervisor["referrals"][0]["urgent"] is True
    referral_id = supervisor["referrals"][0]["id"]
    assert api("wolgok2.nurse").get(f"/api/v1/referrals/{referral_id}").status_code == 404
    assert api("wolgok2.desk").get(f"/api/v1/referrals/{referral_id}").status_code == 200


def test_high_risk_through_the_api_refers_and_alerts(world, api):
    suicide_centre(world)
    response = post(api("wolgok2.desk"), "/api/v1/consultations", body(world, screening=["means"]))
    data = response.json()
    assert data["referrals"][0]["urgent"] is True and data["referrals"][0]["to_agency"]["name"] == "성북구자살예방센터"
    assert Notice.objects.filter(kind="suicide_risk", recipient__username="wolgok2.supervisor").exists()


def test_open_case_once(world, api):
    c = consult(world.kim)
    client = api("wolgok2.desk")
    first = client.post(f"/api/v1/consultations/{c.pk}/open-case")
    assert first.status_code == 201 and first.json()["stage"] == "intake"
    second = client.post(f"/api/v1/consultations/{c.pk}/open-case")
    assert second.status_code == 422 and "이미 사례" in second.json()["detail"]


def planner_id():  # type: ignore[no-untyped-def]
    return actor("wolgok2.planner")[1].staff.pk


def test_referral_lifecycle_through_the_api(world, api):
    desk, planner = api("wolgok2.desk"), api("wolgok2.planner")
    c = consult(world.kim)
    response = post(desk, "/api/v1/referrals", {
        "person_id": world.kim.pk, "target": "internal", "domain": "economy", "reason": "긴급지원 검토",
        "to_staff_id": planner_id(), "consultation_id": c.pk,
    })  # fmt: skip
    assert response.status_code == 201
    rid = response.json()["id"]
    assert response.json()["allowed_actions"] == []
    assert planner.get(f"/api/v1/referrals/{rid}").json()["allowed_actions"] == ["receive", "return"]
    refused = desk.post(f"/api/v1/referrals/{rid}/receive")
    assert refused.status_code == 403 and "받은 담당자" in refused.json()["detail"]
    illegal = planner.post(f"/api/v1/referrals/{rid}/start")
    assert illegal.status_code == 422 and "처리할 수 없습니다" in illegal.json()["detail"]
    too_early = post(desk, f"/api/v1/referrals/{rid}/tell-resident", {"told_on": TODAY.isoformat(), "method": "phone"})
    assert too_early.status_code == 422 and "완료 또는 반려된 뒤" in too_early.json()["detail"]
    assert planner.post(f"/api/v1/referrals/{rid}/receive").json()["status"] == "received"
    assert planner.post(f"/api/v1/referrals/{rid}/start").json()["status"] == "in_progress"
    done = post(planner, f"/api/v1/referrals/{rid}/complete", {"result": "생계비 지원 결정"})
    assert done.json()["status"] == "completed" and done.json()["result"] == "생계비 지원 결정"
    told = post(desk, f"/api/v1/referrals/{rid}/tell-resident", {"told_on": TODAY.isoformat(), "method": "phone"})
    assert told.json()["resident_told_on"] == TODAY.isoformat()
    assert [e["status"] for e in told.json()["events"]] == ["requested", "received", "in_progress", "completed",
                                                             "completed"]  # fmt: skip


def test_external_referral_consent_rule_through_the_api(world, api):
    referral = {"person_id": world.kim.pk, "target": "external", "domain": "economy", "reason": "후원 연계",
                "to_agency_id": world.welfare_centre.pk}  # fmt: skip
    refused = post(api("wolgok2.desk"), "/api/v1/referrals", referral)
    assert refused.status_code == 422 and "제3자 제공 동의" in refused.json()["detail"]
    forbidden = post(api("wolgok2.desk"), "/api/v1/referrals", {**referral, "legal_exception": "긴급지원"})
    assert forbidden.status_code == 403 and "복지수퍼바이저만" in forbidden.json()["detail"]
    assert not Referral.objects.exists()
    by_supervisor = post(api("wolgok2.supervisor"), "/api/v1/referrals", {**referral, "legal_exception": "긴급지원"})
    assert by_supervisor.status_code == 201
    assert by_supervisor.json()["exception_confirmed_by"]["name"] == "정수빈"
    give_consent(world.kim, world.welfare_centre)
    assert post(api("wolgok2.desk"), "/api/v1/referrals", referral).status_code == 201


def test_referral_list_filters_and_overdue(world, api):
    user, desk = actor("wolgok2.desk")
    late = services.refer(user, desk, world.kim, target="internal", domain="economy", reason="검토",
                          to_staff=services.poverty_crisis_planner(world.kim_household))  # fmt: skip
    Referral.objects.filter(pk=late.pk).update(due_on=TODAY - dt.timedelta(days=1))
    data = api("wolgok2.desk").get("/api/v1/referrals", {"box": "made", "overdue": "true"}).json()
    assert data["count"] == 1 and data["results"][0]["overdue"] is True
    assert api("wolgok2.desk").get("/api/v1/referrals", {"box": "received"}).json()["count"] == 0
    assert (
        api("wolgok2.planner").get("/api/v1/referrals", {"box": "received", "status": "waiting"}).json()["count"] == 1
    )
    bad = api("wolgok2.desk").get("/api/v1/referrals", {"status": "lost"})
    assert bad.status_code == 422 and "허용되지 않는 값" in bad.json()["detail"]


def test_the_api_lists_cost_the_same_queries_for_1_or_many_rows(world, api):
    client = api("wolgok2.desk")
    user, desk = actor("wolgok2.desk")
    planner = services.poverty_crisis_planner(world.kim_household)

    def add(n):  # type: ignore[no-untyped-def]
        for _ in range(n):
            c = consult(world.kim)
            services.refer(user, desk, world.kim, target="internal", domain="economy", reason="검토",
                           to_staff=planner, consultation=c)  # fmt: skip

    def count(url):  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    client.get("/api/v1/consultations")  # the token's first use of the minute writes last_used_at
    small = (count("/api/v1/consultations"), count("/api/v1/referrals"))
    add(22)
    assert (count("/api/v1/consultations"), count("/api/v1/referrals")) == small


def test_openapi_documents_the_desk_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    expected = {
        ("/api/v1/consultations", "get"), ("/api/v1/consultations", "post"),
        ("/api/v1/consultations/{consultation_id}", "get"),
        ("/api/v1/consultations/{consultation_id}/open-case", "post"),
        ("/api/v1/referrals", "get"), ("/api/v1/referrals", "post"), ("/api/v1/referrals/{referral_id}", "get"),
        *{(f"/api/v1/referrals/{{referral_id}}/{a}", "post")
          for a in ("receive", "start", "complete", "return", "tell-resident", "confirm-exception")},
    }  # fmt: skip
    assert expected <= set(operations)
    for key in expected:
        op = operations[key]
        assert op["summary"] and op["tags"] == ["종합상담·의뢰"] and "401" in op["responses"] and op["security"]
    assert {"201", "403", "404", "422"} <= set(operations[("/api/v1/referrals", "post")]["responses"])
    components = schema["components"]["schemas"]
    assert "resident_number" not in components["ConsultationDetailOut"]["properties"]
