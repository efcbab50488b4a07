"""Odd input to the API gets a 422 with a Korean `detail` naming the field, and changes nothing; never a 5xx
(issue 12, measured on main: NUL in `q` or `dong` answered 500 on PostgreSQL, and 0, "0" or "" were taken for a
boolean and 0 for a date, 1970-01-01; dates from year 1 to 9999 were taken too)."""

import json

import pytest

from chatdong.outreach.visits.models import Visit

VISITS = "/api/v1/outreach/visits"


def visit(world, **changes):  # type: ignore[no-untyped-def]
    return {"person_id": world.park.pk, "visited_on": "2026-01-05", "summary": "안부 확인", "outcome": "normal",
            **changes}  # fmt: skip


def post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("query", "label"),
    [("q=%EA%B9%80%00", "검색어"), ("dong=1%00", "행정동"), ("q=%01%7F", "검색어"), ("q%00=1", "")],
)
def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(world, api_client, query, label):
    response = api_client("wolgok2.planner").get(f"/api/v1/households?{query}")
    assert response.status_code == 422
    assert f"{label}: 입력할 수 없는 문자(제어 문자)가 있습니다." in response.json()["detail"]


def test_a_nul_in_a_body_is_a_422_naming_the_field_and_records_nothing(world, api_client):
    response = post(api_client("wolgok2.planner"), VISITS, visit(world, summary="안부\x00확인"))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "summary", "label": "상담 내용", "message": "입력할 수 없는 문자(제어 문자)가 있습니다."
    }  # fmt: skip
    assert not Visit.objects.exists()


def test_a_body_that_is_no_json_is_still_a_400(world, api_client):
    response = api_client("wolgok2.planner").post(VISITS, "{", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


@pytest.mark.parametrize("value", [0, 1, "", "0", "true", None])
def test_a_boolean_in_a_body_is_true_or_false_only(world, api_client, value):
    response = post(api_client("wolgok2.planner"), VISITS, visit(world, open_case=value))
    assert response.status_code == 422
    assert "true 또는 false를 입력하세요." in response.json()["detail"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("value", ["0", "", "1", "yes"])
def test_a_boolean_in_a_query_is_true_or_false_only(world, api_client, value):
    client = api_client("wolgok2.planner")
    for path in (f"/api/v1/cases?overdue={value}", f"/api/v1/outreach/visits?mine={value}"):
        response = client.get(path)
        assert response.status_code == 422, path
        assert "true 또는 false를 입력하세요." in response.json()["detail"]


def test_true_and_false_still_read(world, api_client):
    client = api_client("wolgok2.planner")
    assert client.get("/api/v1/cases?overdue=true").status_code == 200
    assert client.get("/api/v1/cases?overdue=false").status_code == 200
    assert post(client, VISITS, visit(world, open_case=False)).status_code == 201


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "날짜는 YYYY-MM-DD 형식으로 입력하세요."),
        ("0", "날짜는 YYYY-MM-DD 형식으로 입력하세요."),
        ("", "날짜는 YYYY-MM-DD 형식으로 입력하세요."),
        ("20260105", "날짜는 YYYY-MM-DD 형식으로 입력하세요."),
        ("0001-01-01", "1900년부터 2100년 사이의 날짜를 입력하세요."),
        ("1899-12-31", "1900년부터 2100년 사이의 날짜를 입력하세요."),
        ("9999-12-31", "1900년부터 2100년 사이의 날짜를 입력하세요."),
    ],
)
def test_a_date_in_a_body_is_yyyy_mm_dd_within_1900_to_2100(world, api_client, value, message):
    response = post(api_client("wolgok2.planner"), VISITS, visit(world, visited_on=value))
    assert response.status_code == 422
    assert f"방문일: {message}" in response.json()["detail"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("value", ["0", "0001-01-01", "9999-12-31"])
def test_a_date_in_a_query_is_refused_alike(world, api_client, value):
    response = api_client("wolgok2.desk").get(f"/api/v1/consultations?date_from={value}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date_from"


@pytest.mark.parametrize("value", [0, "0", "9999-12-31T10:00", "0001-01-01T00:00"])
def test_a_date_and_time_is_iso_within_1900_to_2100(world, api_client, value):
    response = post(api_client("wolgok2.supervisor"), "/api/v1/conferences", {"title": "사례회의", "starts_at": value})
    assert response.status_code == 422
    starts_at = next(e for e in response.json()["errors"] if e["field"] == "starts_at")
    assert starts_at["label"] == "일시" and ("형식" in starts_at["message"] or "1900년부터" in starts_at["message"])


@pytest.mark.parametrize("month", ["9999-12", "0000-00", "2026-13", "abc"])
def test_a_month_out_of_range_or_malformed_is_a_422(world, api_client, month):
    client = api_client("wolgok2.planner")
    response = client.get(f"/api/v1/outreach/progress?date_from={month}")
    assert response.status_code == 422
    assert "YYYY-MM 형식으로, 1900년부터 2100년 사이로 입력하세요." in response.json()["detail"]
    assert client.get(f"/api/v1/outreach/visits?month={month}").status_code == 422


@pytest.mark.parametrize(
    "path", [f"/api/v1/households/{2**64}", f"/api/v1/cases/{2**63}", f"/api/v1/households/{10**30}"]
)
def test_an_id_past_64_bits_is_refused_not_a_server_error(world, api_client, path):
    assert api_client("wolgok2.planner").get(path).status_code in (404, 422)


@pytest.mark.parametrize("body", ["[null, null]", "[]", '"x"', "5", "null"])
def test_a_body_that_is_no_object_is_refused_even_where_every_field_is_optional(world, api_client, body):
    """Schemathesis found `[null, null]` accepted as "no fields given" by the operations whose fields are all
    optional (here: the case's lead agency, set back to the dong centre)."""
    from chatdong.cases import services
    from chatdong.cases.models import CaseEvent

    from ..cases.helpers import actor

    user, principal = actor("wolgok2.planner")
    case = services.open_case(user, principal, person=world.kim, source="desk")
    events = CaseEvent.objects.count()
    client = api_client("wolgok2.planner")
    response = client.post(f"/api/v1/cases/{case.pk}/actions/set-lead", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "입력값을 확인하세요. 요청 본문: 객체를 입력하세요."
    assert CaseEvent.objects.count() == events
