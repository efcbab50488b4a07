"""Cases through the API: the same stages, rules and refusals as the pages, Korean JSON errors, the summary."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chatdong.access.models import AccessLog
from chatdong.api.models import ApiToken
from chatdong.cases import services
from chatdong.cases.models import Case, CaseAgency, MonitoringContact, ServicePlan
from chatdong.cases.states import Stage
from chatdong.core.dates import add_months

from .helpers import TODAY, actor, add_cases, case_in_service

NOT_FOUND = {"detail": "요청한 정보를 찾을 수 없습니다."}
CASES = "/api/v1/cases"


@pytest.fixture
def api(db):
    """api("wolgok2.planner") → a client carrying a fresh bearer token of that persona."""

    def _client(username: str) -> Client:
        _token, clear = ApiToken.issue(get_user_model().objects.get(username=username), "테스트")
        return Client(headers={"Authorization": f"Bearer {clear}"})

    return _client


def action(case_id, name):
    return f"{CASES}/{case_id}/actions/{name}"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_case_from_intake_to_reopening_through_the_api(world, api):
    planner, supervisor = api("wolgok2.planner"), api("wolgok2.supervisor")
    response = post(planner, CASES, {"person_id": world.kim.pk, "source": "agency", "source_note": "복지관 의뢰"})
    assert response.status_code == 201
    body = response.json()
    case_id = body["id"]
    assert (body["stage"], body["person"]["name"], body["worker"]["name"]) == ("intake", "김영희", "김하늘")
    assert body["notes"] == []  # the worker is on the case team

    body = post(planner, action(case_id, "assess"), {
        "assessed_on": TODAY.isoformat(), "urgency": 3, "importance": 2, "summary": "의료비 부담",
        "needs": [{"domain": "health", "note": "만성질환"}, {"domain": "economy", "note": "의료비"}],
    }).json()  # fmt: skip
    assert (body["stage"], body["priority"], body["priority_label"]) == ("assessment", 1, "긴급")
    assert {n["domain"] for n in body["assessments"][0]["needs"]} == {"health", "economy"}

    refused = post(planner, action(case_id, "select"), {"selection": "managed", "decided_on": TODAY.isoformat()})
    assert refused.status_code == 403 and "복지수퍼바이저" in refused.json()["detail"]
    body = post(supervisor, action(case_id, "select"), {"selection": "managed", "decided_on": TODAY.isoformat()}).json()
    assert (body["stage"], body["selection"], body["selected_by"]["name"]) == ("planning", "managed", "정수빈")

    body = post(planner, action(case_id, "plan"), {
        "written_on": TODAY.isoformat(), "summary": "건강 회복",
        "goals": [{"term": "long", "description": "건강한 생활"}, {"term": "short", "description": "진료 연계",
                                                                 "target_on": add_months(TODAY, 3).isoformat()}],
        "services": [{"domain": "health", "description": "방문건강관리", "agency_id": world.health_centre.pk,
                      "amount": 0, "starts_on": TODAY.isoformat()}],
    }).json()  # fmt: skip
    plan = body["plans"][0]
    assert plan["approved_on"] is None and plan["services"][0]["agency"]["name"] == "성북구보건소"

    assert post(planner, action(case_id, "approve-plan"), {"plan_id": plan["id"]}).status_code == 403
    assert ServicePlan.objects.get(pk=plan["id"]).approved_on is None
    body = post(supervisor, action(case_id, "approve-plan"), {"plan_id": plan["id"]}).json()
    assert body["stage"] == "in_service"
    assert body["next_monitoring_on"] == (TODAY + dt.timedelta(days=30)).isoformat()

    service_id = plan["services"][0]["id"]
    body = post(planner, action(case_id, "delivery"), {"delivered_on": TODAY.isoformat(),
                                                       "planned_service_id": service_id}).json()  # fmt: skip
    assert body["deliveries"][0]["description"] == "방문건강관리" and body["deliveries"][0]["domain"] == "health"

    post(planner, action(case_id, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "visit",
                                                  "with_whom": "본인", "changes": "통원 시작"})  # fmt: skip
    body = post(planner, action(case_id, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "phone",
                                                         "reached": False}).json()  # fmt: skip
    assert [c["reached"] for c in body["contacts"]] == [False, True]

    refused = post(planner, action(case_id, "request-closure"), {"reason": "unreachable", "note": "연락 안 됨"})
    assert refused.status_code == 422 and "3개월" in refused.json()["detail"]
    assert Case.objects.get(pk=case_id).stage == Stage.IN_SERVICE

    post(planner, action(case_id, "request-closure"), {"reason": "improved", "note": "건강 호전"})
    assert post(planner, action(case_id, "approve-closure"), {}).status_code == 403
    assert Case.objects.get(pk=case_id).stage == Stage.CLOSURE_REQUESTED
    body = post(supervisor, action(case_id, "approve-closure"), {}).json()
    assert body["stage"] == "closed" and body["closure_reason"] == "improved"
    assert [f["due_on"] for f in body["follow_ups"]] == [add_months(TODAY, m).isoformat() for m in (6, 12)]

    first = body["follow_ups"][0]["id"]
    body = post(planner, action(case_id, "follow-up"), {"follow_up_id": first, "done_on": TODAY.isoformat(),
                                                        "outcome": "재입원", "reopen": True}).json()  # fmt: skip
    assert body["stage"] == "assessment" and [e["action"] for e in body["events"]][-1] == "reopen"


def test_refusals_change_nothing(world, api):
    case = case_in_service(world)
    planner = api("wolgok2.planner")
    # not this stage
    response = post(api("wolgok2.supervisor"), action(case.pk, "approve-closure"), {})
    assert response.status_code == 422
    assert response.json()["detail"] == "'서비스 제공·점검' 단계에서는 '종결 승인'을(를) 할 수 없습니다."
    # another case's plan, a follow-up that does not exist
    other = case_in_service(world, person=world.park)
    other_plan = ServicePlan.objects.filter(case=other).first()
    response = post(api("wolgok2.supervisor"), action(case.pk, "approve-plan"), {"plan_id": other_plan.pk})
    assert (response.status_code, response.json()["detail"]) == (422, "이 사례의 서비스계획이 아닙니다.")
    assert ServicePlan.objects.get(pk=other_plan.pk).approved_on is not None  # untouched
    response = post(planner, action(case.pk, "follow-up"), {"follow_up_id": 999999, "done_on": TODAY.isoformat(),
                                                            "outcome": "x"})  # fmt: skip
    assert response.status_code == 422 and response.json()["detail"] == "이 사례의 사후관리가 아닙니다."
    assert Case.objects.get(pk=case.pk).stage == Stage.IN_SERVICE


def test_schema_errors_answer_in_korean(world, api):
    case = case_in_service(world)
    response = post(api("wolgok2.planner"), action(case.pk, "assess"), {
        "assessed_on": "어제", "urgency": 5, "importance": 2, "summary": "x", "needs": [{"domain": "money"}],
    })  # fmt: skip
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("입력값을 확인하세요.")
    assert "조사일: 날짜는 YYYY-MM-DD 형식으로 입력하세요." in detail
    assert "시급성: 3 이하 값을 입력하세요." in detail
    assert "욕구 1번째 영역: 허용되지 않는 값입니다." in detail
    assert "욕구 1번째 의견·내용: 필수 항목입니다." in detail
    response = post(api("wolgok2.planner"), action(case.pk, "monitoring"),
                    {"contacted_on": TODAY.isoformat(), "method": "phone", "changes": "a\x00b"})  # fmt: skip
    assert response.status_code == 422
    assert not MonitoringContact.objects.filter(case=case).exists()


def test_a_planner_of_another_dong_gets_404_and_changes_nothing(world, api):
    case = case_in_service(world)
    outsider = api("jangwi1.planner")
    response = outsider.get(f"{CASES}/{case.pk}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = post(outsider, action(case.pk, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "phone"})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert post(outsider, action(case.pk, "request-closure"), {"reason": "improved", "note": "x"}).status_code == 404
    assert not MonitoringContact.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).stage == Stage.IN_SERVICE
    assert AccessLog.objects.filter(username="jangwi1.planner", action="denied_scope", channel="api").count() == 3
    assert outsider.get(CASES).json()["count"] == 0
    # nor may they open a case for a household of 월곡2동
    assert post(outsider, CASES, {"person_id": world.park.pk, "source": "desk"}).status_code == 404


def test_notes_only_for_the_case_team_and_the_supervisor(world, api):
    case = case_in_service(world, person=world.park)
    user, planner = actor("wolgok2.planner")
    services.add_note(user, planner, case, "아들의 폭언이 계속된다고 함")
    body = api("wolgok2.nurse").get(f"{CASES}/{case.pk}").json()
    assert "notes" not in body and "sensitive_flags" not in body
    assert "아들의 폭언" not in str(body)
    entry = AccessLog.objects.filter(username="wolgok2.nurse").latest("id")
    assert (entry.action, entry.object_type, entry.channel) == ("view", "case", "api")
    for username in ("wolgok2.planner", "wolgok2.supervisor"):
        body = api(username).get(f"{CASES}/{case.pk}").json()
        assert [n["text"] for n in body["notes"]] == ["아들의 폭언이 계속된다고 함"]
        assert [f["kind"] for f in body["sensitive_flags"]] == ["elder_abuse"]
        assert AccessLog.objects.filter(username=username).latest("id").action == "view_sensitive"


def test_an_agency_joins_with_consent_or_the_supervisors_legal_exception(world, api):
    case = case_in_service(world)
    body = {"agency_id": world.welfare_centre.pk, "legal_exception": "긴급지원"}
    response = post(api("wolgok2.planner"), action(case.pk, "add-agency"), body)
    assert response.status_code == 403 and not CaseAgency.objects.filter(case=case).exists()
    response = post(api("wolgok2.planner"), action(case.pk, "add-agency"), {"agency_id": world.welfare_centre.pk})
    assert response.status_code == 422 and "제3자 제공 동의" in response.json()["detail"]
    response = post(api("wolgok2.supervisor"), action(case.pk, "set-lead"), body)
    assert response.status_code == 200
    assert response.json()["lead_agency"]["name"] == "월곡종합사회복지관"
    assert response.json()["agencies"][0]["legal_exception"] == "긴급지원"


def test_the_list_filters_pages_and_costs_the_same_queries(world, api):
    client = api("wolgok2.planner")
    add_cases(world.wolgok2, 1, stage=Stage.IN_SERVICE, selection="managed", next_monitoring_on=TODAY)

    def count(params=None):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(CASES, params or {})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()

    count()  # the token's first use records its last-used time once
    small, _ = count()
    add_cases(world.wolgok2, 39, stage=Stage.IN_SERVICE, selection="managed",
              next_monitoring_on=TODAY - dt.timedelta(days=2))  # fmt: skip
    large, body = count()
    assert small == large
    assert (body["count"], body["pages"], len(body["results"])) == (40, 2, 20)
    _, overdue = count({"overdue": "true"})
    assert overdue["count"] == 39 and all(row["overdue"] for row in overdue["results"])
    _, by_dong = count({"dong": "장위1동"})
    assert by_dong["count"] == 0
    response = client.get(CASES, {"stage": "nowhere"})
    assert response.status_code == 422 and "단계" in response.json()["detail"]


def test_the_summary_endpoint(world, api):
    add_cases(world.wolgok2, 2, stage=Stage.IN_SERVICE, selection="service_link", opened_on=dt.date(2025, 3, 1))
    body = api("wolgok2.planner").get(f"{CASES}/summary", {"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert body["total"] == {"households": 2, "persons": 4}
    assert {f["key"]: f["households"] for f in body["by_status"]}["service_link"] == 2
    assert [d["label"] for d in body["links_by_domain"]] == [
        "경제",
        "주거",
        "건강",
        "교육",
        "관계",
        "일자리",
        "법률",
        "기타",
    ]
    stats = api("district.stats").get(f"{CASES}/summary", {"from": "2025-01-01", "to": "2025-12-31"})
    assert stats.status_code == 200 and stats.json()["total"]["households"] == 2
    reversed_period = api("wolgok2.planner").get(f"{CASES}/summary", {"from": "2025-12-31", "to": "2025-01-01"})
    assert (reversed_period.status_code, reversed_period.json()["detail"]) == (422, "기간의 끝이 시작보다 앞섭니다.")
    assert api("district.stats").get(CASES).status_code == 403
    assert api("wolgok2.tongjang").get(f"{CASES}/summary").status_code == 403


def test_openapi_documents_the_case_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()
    actions = ["assess", "select", "set-lead", "add-agency", "plan", "approve-plan", "delivery", "monitoring",
               "request-closure", "approve-closure", "reject-closure", "follow-up"]  # fmt: skip
    expected = {
        ("/api/v1/cases", "get"), ("/api/v1/cases", "post"), ("/api/v1/cases/summary", "get"),
        ("/api/v1/cases/{case_id}", "get"),
        *((f"/api/v1/cases/{{case_id}}/actions/{name}", "post") for name in actions),
    }  # fmt: skip
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert expected <= set(operations)
    bodies = set()
    for key in expected:
        op = operations[key]
        assert op["tags"] == ["사례관리"] and op["summary"]
        assert {"401", "403", "422"} <= set(op["responses"])
        if key[1] == "post":
            assert "404" in op["responses"]
            bodies.add(op["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    assert len(bodies) == len(actions) + 1  # each action its own typed body, and the intake's
    detail = schema["components"]["schemas"]["CaseDetailOut"]
    assert "notes" not in detail.get("required", []) and "사례 담당자와 복지수퍼바이저" in str(
        detail["properties"]["notes"]
    )
