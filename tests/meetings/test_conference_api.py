"""The conference API under the same rules as the pages: Korean JSON errors, 403/404/422."""

import datetime as dt

from django.utils import timezone

from chatdong.cases.models import CaseEvent
from chatdong.cases.states import Selection, Stage
from chatdong.meetings.models import Meeting
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent

from .helpers import TODAY, actor, assessed_case, conference, open_case, staff

BASE = "/api/v1/conferences"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def new_meeting_body(world, **overrides):
    body = {
        "kind": "internal_conference", "schedule": "ad_hoc", "dong": "월곡2동", "title": "긴급 사례회의",
        "starts_at": timezone.localtime().replace(microsecond=0).isoformat(), "place": "회의실",
        "chair_id": staff("wolgok2.supervisor").pk,
    }  # fmt: skip
    return {**body, **overrides}


def test_the_supervisor_creates_a_conference(world, api_client):
    response = post(api_client("wolgok2.supervisor"), BASE, new_meeting_body(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "긴급 사례회의" and body["dong"] == {"code": world.wolgok2.code, "name": "월곡2동"}
    assert body["chair"]["name"] == "정수빈" and body["status"] == "planned"
    assert [a["role"] for a in body["attendees"]] == ["주재"]
    assert Meeting.objects.filter(pk=body["id"]).exists()


def test_a_planner_gets_403_and_bad_input_422_in_korean(world, api_client):
    planner = post(api_client("wolgok2.planner"), BASE, new_meeting_body(world))
    assert planner.status_code == 403 and "복지수퍼바이저나 동장" in planner.json()["detail"]
    bad_chair = post(
        api_client("wolgok2.supervisor"), BASE, new_meeting_body(world, chair_id=staff("wolgok2.planner").pk)
    )
    assert bad_chair.status_code == 422 and "주재할 수 없습니다" in bad_chair.json()["detail"]
    bad_kind = post(api_client("wolgok2.supervisor"), BASE, new_meeting_body(world, kind="party"))
    assert bad_kind.status_code == 422 and bad_kind.json()["detail"].startswith("입력값을 확인하세요. 회의 종류:")
    assert not Meeting.objects.exists()


def test_lists_and_scope(world, api_client):
    meeting = conference(starts_at=timezone.now() + dt.timedelta(days=1))
    listing = api_client("wolgok2.planner").get(BASE).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == meeting.pk
    assert api_client("wolgok2.planner").get(BASE, {"view": "past"}).json()["count"] == 0
    assert api_client("jangwi1.planner").get(BASE).json()["count"] == 0
    hidden = api_client("jangwi1.planner").get(f"{BASE}/{meeting.pk}")
    assert hidden.status_code == 404 and hidden.json() == {"detail": "요청한 정보를 찾을 수 없습니다."}
    assert api_client("district.stats").get(BASE).status_code == 403
    typo = api_client("wolgok2.planner").get(BASE, {"veiw": "past"})
    assert typo.status_code == 422 and typo.json()["detail"] == "알 수 없는 조회 항목입니다: veiw"


def test_agenda_and_decisions_move_the_case(world, api_client):
    case = assessed_case(world.kim)
    record_consent(*actor("wolgok2.planner"), world.kim, kind=Consent.Kind.THIRD_PARTY, scope="정보 공유",
                   given_on=TODAY, method="written", agency_ids=[world.welfare_centre.pk])  # fmt: skip
    meeting = conference()
    client = api_client("wolgok2.supervisor")
    selection = post(client, f"{BASE}/{meeting.pk}/agenda", {"case_id": case.pk, "purpose": "대상자 선정"})
    assert selection.status_code == 201
    lead = post(client, f"{BASE}/{meeting.pk}/agenda", {"case_id": case.pk, "purpose": "주 사례관리기관 결정"})
    assert lead.json()["case"]["stage_label"] == "욕구조사"

    url = f"{BASE}/{meeting.pk}/agenda/{selection.json()['id']}/decision"
    assert post(api_client("wolgok2.planner"), url, {"decision": "selection", "value": "managed"}).status_code == 403
    decided = post(client, url, {"decision": "selection", "value": Selection.MANAGED, "discussion": "만장일치"})
    assert decided.status_code == 200, decided.json()
    assert decided.json()["decision_value"] == "사례관리가구" and decided.json()["case"]["stage"] == "planning"
    lead_url = f"{BASE}/{meeting.pk}/agenda/{lead.json()['id']}/decision"
    named = post(client, lead_url, {"decision": "lead_agency", "value": str(world.welfare_centre.pk)})
    assert named.json()["case"]["lead_agency"] == "월곡종합사회복지관"
    assert set(CaseEvent.objects.filter(meeting_id=meeting.pk).values_list("action", flat=True)) == {
        "select",
        "set_lead",
    }
    detail = client.get(f"{BASE}/{meeting.pk}").json()
    assert [i["decision"] for i in detail["agenda"]] == ["selection", "lead_agency"]


def test_a_decision_the_stage_refuses_is_422_and_changes_nothing(world, api_client):
    case = open_case(world.kim)
    meeting = conference()
    client = api_client("wolgok2.supervisor")
    item = post(client, f"{BASE}/{meeting.pk}/agenda", {"case_id": case.pk, "purpose": "종결"}).json()
    response = post(client, f"{BASE}/{meeting.pk}/agenda/{item['id']}/decision", {"decision": "closure_approval"})
    assert response.status_code == 422
    assert response.json()["detail"] == "'접수' 단계에서는 '종결 승인'을(를) 할 수 없습니다."
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE
    assert client.get(f"{BASE}/{meeting.pk}").json()["agenda"][0]["decided_at"] is None


def test_an_item_of_another_meeting_is_404(world, api_client):
    case = assessed_case(world.kim)
    first, second = conference(), conference(title="둘째 회의")
    client = api_client("wolgok2.supervisor")
    item = post(client, f"{BASE}/{first.pk}/agenda", {"case_id": case.pk, "purpose": "선정"}).json()
    response = post(
        client, f"{BASE}/{second.pk}/agenda/{item['id']}/decision", {"decision": "selection", "value": "managed"}
    )
    assert response.status_code == 404
    other_dong_case = open_case(world.lee, "jangwi1.planner")
    assert post(client, f"{BASE}/{first.pk}/agenda", {"case_id": other_dong_case.pk, "purpose": "x"}).status_code == 404


def test_integrated_conference_consent_rule(world, api_client):
    case = assessed_case(world.kim)
    meeting = conference(Meeting.Kind.INTEGRATED_CONFERENCE)
    client = api_client("wolgok2.supervisor")
    joined = post(client, f"{BASE}/{meeting.pk}/attendees",
                  {"agency_id": world.health_centre.pk, "name": "최간호", "role": "방문보건"})  # fmt: skip
    assert joined.status_code == 201 and joined.json()["agency"] == "성북구보건소"
    refused = post(client, f"{BASE}/{meeting.pk}/agenda", {"case_id": case.pk, "purpose": "선정"})
    assert refused.status_code == 422 and "'성북구보건소' 개인정보 제3자 제공 동의" in refused.json()["detail"]
    planner = post(api_client("wolgok2.planner"), f"{BASE}/{meeting.pk}/agenda",
                   {"case_id": case.pk, "purpose": "선정", "legal_exception": "긴급지원"})  # fmt: skip
    assert planner.status_code == 403
    allowed = post(client, f"{BASE}/{meeting.pk}/agenda",
                   {"case_id": case.pk, "purpose": "선정", "legal_exception": "긴급복지지원법 제7조"})  # fmt: skip
    assert allowed.status_code == 201 and allowed.json()["legal_exception"] == "긴급복지지원법 제7조"


def test_minutes_and_held_together_or_not_at_all(world, api_client):
    future = conference(starts_at=timezone.now() + dt.timedelta(days=3))
    client = api_client("wolgok2.supervisor")
    refused = post(client, f"{BASE}/{future.pk}/minutes", {"minutes": "미리 쓴 회의록", "mark_held": True})
    assert refused.status_code == 422 and "회의 날짜 전에는" in refused.json()["detail"]
    future.refresh_from_db()
    assert future.minutes == "" and future.status == "planned"
    today = conference()
    saved = post(client, f"{BASE}/{today.pk}/minutes", {"minutes": "사례 3건 논의", "mark_held": True})
    assert saved.status_code == 200
    assert saved.json()["minutes"] == "사례 3건 논의" and saved.json()["status"] == "held"
    assert post(api_client("wolgok2.planner"), f"{BASE}/{today.pk}/minutes", {"minutes": "x"}).status_code == 403


def test_openapi_documents_the_conference_endpoints(world, api_client):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    ops = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    expected = {
        ("/api/v1/conferences", "get"), ("/api/v1/conferences", "post"), ("/api/v1/conferences/{meeting_id}", "get"),
        ("/api/v1/conferences/{meeting_id}/agenda", "post"),
        ("/api/v1/conferences/{meeting_id}/agenda/{item_id}/decision", "post"),
        ("/api/v1/conferences/{meeting_id}/minutes", "post"), ("/api/v1/worklist", "get"),
    }  # fmt: skip
    assert expected <= set(ops)
    for key in expected:
        assert ops[key]["summary"] and "401" in ops[key]["responses"]
    assert ops[("/api/v1/worklist", "get")]["tags"] == ["오늘 할 일"]
    assert ops[("/api/v1/conferences", "post")]["tags"] == ["사례회의"]
    decision = schema["components"]["schemas"]["DecisionIn"]["properties"]["decision"]
    assert decision["enum"] == ["selection", "lead_agency", "plan_approval", "closure_approval"]
