"""POST /api/v1/households: registering a household with its members; bad input changes nothing."""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.access.models import AccessLog, AuditEntry
from chatdong.api.models import ApiToken
from chatdong.registry.models import Household, Person

URL = "/api/v1/households"
NEW_HEAD_NUMBER = "680303-2123450"


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "dong": "월곡2동",
        "tong": 2,
        "ban": 1,
        "road_address": "서울특별시 성북구 월곡로 7",
        "address_detail": "3층",
        "phone": "02-912-0000",
        "registry_no": "W2-0100",
        "members": [
            {
                "name": "최민서",
                "sex": "F",
                "relation": "head",
                "resident_number": NEW_HEAD_NUMBER,
                "phone": "010-2222-3333",
            },
            {"name": "최준", "sex": "M", "relation": "child", "birth_date": "2012-09-01"},
        ],
    }
    body.update(overrides)
    return body


def _post(client, body: Any):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


def _counts() -> tuple[int, int, int]:
    return Household.objects.count(), Person.objects.count(), AuditEntry.objects.count()


def test_planner_registers_a_household_with_audit_and_masked_output(world, api_client):
    response = _post(api_client("wolgok2.planner"), _body())
    assert response.status_code == 201
    body = response.json()
    assert body["record"] == "full"
    assert (body["dong"]["name"], body["tong"], body["ban"], body["registry_no"]) == ("월곡2동", 2, 1, "W2-0100")
    members = {m["name"]: m for m in body["members"]}
    head = members["최민서"]
    assert head["resident_number_masked"] == "680303-2******"
    assert (head["birth_date"], head["sex"]) == ("1968-03-03", "F")  # taken from the resident number
    assert members["최준"]["resident_number_masked"] is None
    assert "2123450" not in response.content.decode()

    household = Household.objects.get(pk=body["id"])
    assert household.dong == world.wolgok2
    stored = household.members.get(name="최민서")
    assert stored.masked_rrn == "680303-2******"
    assert "2123450" not in stored.rrn_encrypted

    entries = AuditEntry.objects.filter(household_id=household.pk)
    assert {(e.action, e.model, e.username) for e in entries} == {
        (AuditEntry.Action.CREATE, "registry.household", "wolgok2.planner"),
        (AuditEntry.Action.CREATE, "registry.person", "wolgok2.planner"),
    }
    assert entries.filter(model="registry.person").count() == 2
    assert "2123450" not in json.dumps([e.changes for e in entries], ensure_ascii=False)


def test_dong_may_be_given_by_code(world, api_client):
    response = _post(api_client("wolgok2.planner"), _body(dong=world.wolgok2.code, registry_no=""))
    assert response.status_code == 201
    assert response.json()["dong"]["code"] == world.wolgok2.code


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            [{"name": "최민서", "sex": "F", "relation": "head", "resident_number": "680399-2123450"}],
            "주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.",
        ),
        (
            [{"name": "최민서", "sex": "F", "relation": "head", "resident_number": "12345"}],
            "주민등록번호는 13자리 숫자",
        ),
        (
            [{"name": "최민서", "sex": "M", "relation": "head", "resident_number": NEW_HEAD_NUMBER}],
            "성별",
        ),
        (
            [{"name": "최민서", "sex": "F", "relation": "spouse", "birth_date": "1968-03-03"}],
            "세대주는 한 명이어야 합니다.",
        ),
        (
            [
                {"name": "최민서", "sex": "F", "relation": "head", "birth_date": "1968-03-03"},
                {"name": "최준", "sex": "M", "relation": "head", "birth_date": "2012-09-01"},
            ],
            "세대주는 한 명이어야 합니다.",
        ),
        ([], "가구원을 한 명 이상 입력하세요."),
        (
            [{"name": "최민서", "sex": "F", "relation": "head", "resident_number": "610315-2123456"}],
            "같은 주민등록번호의 주민이 이미 등록되어 있습니다.",  # 김영희's number
        ),
        ([{"name": "최민서", "sex": "F", "relation": "head"}], "생년월일을 입력하세요."),
    ],
)
def test_invalid_members_are_refused_in_korean_and_nothing_is_written(world, api_client, members, message):
    before = _counts()
    response = _post(api_client("wolgok2.planner"), _body(members=members))
    assert response.status_code == 422
    body = response.json()
    assert message in body["detail"]
    assert any(message in e["message"] for e in body["errors"])
    assert _counts() == before
    assert "2123450" not in response.content.decode()


def test_every_problem_is_reported_at_once(world, api_client):
    members = [
        {"name": "최민서", "sex": "F", "relation": "spouse", "resident_number": "680399-2123450"},
        {"name": " ", "sex": "M", "relation": "child", "birth_date": "2012-09-01"},
    ]
    body = _post(api_client("wolgok2.planner"), _body(members=members, road_address=" ")).json()
    messages = [e["message"] for e in body["errors"]]
    assert "도로명주소를 입력하세요." in messages
    assert "세대주는 한 명이어야 합니다." in messages
    assert any(m.startswith("1번째 가구원(최민서): 주민등록번호") for m in messages)
    assert "2번째 가구원(이름 없음): 이름을 입력하세요." in messages


def test_unknown_place_is_a_korean_422(world, api_client):
    client = api_client("wolgok2.planner")
    before = _counts()
    unknown_tong = _post(client, _body(tong=9))
    assert unknown_tong.status_code == 422
    assert unknown_tong.json()["detail"] == "월곡2동에 9통이 없습니다."
    unknown_dong = _post(client, _body(dong="없는동"))
    assert unknown_dong.json()["detail"] == "행정동 '없는동'을(를) 찾을 수 없습니다."
    assert _counts() == before


def test_schema_errors_name_the_fields_in_korean(world, api_client):
    before = _counts()
    body = _body()
    body["members"][1]["sex"] = "X"
    body["members"][1]["birth_date"] = "2012-13-01"
    del body["road_address"]
    response = _post(api_client("wolgok2.planner"), body)
    assert response.status_code == 422
    result = response.json()
    assert result["detail"].startswith("입력값을 확인하세요.")
    by_field = {e["field"]: e for e in result["errors"]}
    assert by_field["road_address"]["message"] == "필수 항목입니다."
    assert by_field["road_address"]["label"] == "도로명주소"
    assert by_field["members.1.sex"]["label"] == "가구원 2번째 성별"
    assert "M" in by_field["members.1.sex"]["message"]
    assert by_field["members.1.birth_date"]["message"] == "날짜는 YYYY-MM-DD 형식으로 입력하세요."
    assert "가구원 2번째 성별" in result["detail"]
    assert _counts() == before


def test_malformed_json_is_a_korean_400(world, api_client):
    before = _counts()
    response = _post(api_client("wolgok2.planner"), '{"dong": "월곡2동",')
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert _counts() == before


def test_registering_in_another_dong_is_403_and_logged(world, api_client):
    before = _counts()
    response = _post(api_client("wolgok2.planner"), _body(dong="장위1동", tong=1))
    assert response.status_code == 403
    assert response.json() == {"detail": "장위1동에 가구를 등록할 권한이 없습니다."}
    assert _counts() == before
    entry = AccessLog.objects.filter(username="wolgok2.planner").latest("id")
    assert (entry.action, entry.channel) == (AccessLog.Action.FORBIDDEN, "api")
    assert "장위1동" in entry.detail


@pytest.mark.parametrize("username", ["wolgok2.tongjang", "district.stats"])
def test_leaders_and_statistics_may_not_register(world, api_client, username):
    before = _counts()
    response = _post(api_client(username), _body())
    assert response.status_code == 403
    assert response.json()["detail"]
    assert _counts() == before


def test_token_clients_need_no_csrf_token(world, api_client):
    # Real clients send no CSRF cookie; the bearer token is what authenticates a write.
    _token, clear = ApiToken.issue(get_user_model().objects.get(username="wolgok2.planner"))
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {clear}"})
    assert _post(client, _body()).status_code == 201
