"""Household search and household/person records through the API, under the same access rules as the pages."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chatdong.access.models import AccessLog
from chatdong.org import services as org
from chatdong.org.models import Dong
from chatdong.org.roles import Role
from chatdong.registry.models import BenefitStatus, BenefitType, Household, Person, PersonFlag

NOT_FOUND = {"detail": "요청한 정보를 찾을 수 없습니다."}
CONTACT_MEMBER_KEYS = {"id", "name", "relation", "relation_label", "age_band", "phone", "current"}


def _last_log(username: str) -> AccessLog:
    return AccessLog.objects.filter(username=username).latest("id")


def _add_households(dong: Dong, count: int, start: int = 0) -> None:
    """Households with a head (with a benefit and a flag) and a child, as a busy dong would have."""
    tong = dong.tongs.order_by("number").first()
    livelihood = BenefitType.objects.get(code="basic_livelihood")
    for number in range(start, start + count):
        household = Household.objects.create(dong=dong, tong=tong, road_address=f"시험로 {number}")
        head = Person.objects.create(
            household=household, name=f"세대주{number}", birth_date=dt.date(1960, 1, 1), sex="F", relation="head"
        )
        Person.objects.create(
            household=household, name=f"자녀{number}", birth_date=dt.date(1990, 1, 1), sex="M", relation="child"
        )
        BenefitStatus.objects.create(person=head, benefit_type=livelihood, started_on=dt.date(2024, 1, 1))
        PersonFlag.objects.create(person=head, kind="living_alone_elder", started_on=dt.date(2024, 1, 1))


# ------------------------------------------------------------------------------------------------ search


@pytest.mark.parametrize(
    ("query", "expected_head"),
    [
        ("김영희", "김영희"),  # name
        ("이서준", "김영희"),  # a member's name finds the household
        ("1940-05-12", "박순자"),  # birth date
        ("400512", "박순자"),  # birth date as written on forms
        ("400512-2******", "박순자"),  # masked resident number
        ("590101-1234567", "김영희"),  # full resident number of a member (이민호)
        ("6103152123456", "김영희"),  # full number without the hyphen
        ("오패산로", "박순자"),  # part of the address
    ],
)
def test_planner_finds_households(world, api_client, query, expected_head):
    response = api_client("wolgok2.planner").get("/api/v1/households", {"q": query})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [row["head_name"] for row in body["results"]] == [expected_head]
    entry = _last_log("wolgok2.planner")
    assert (entry.action, entry.channel) == (AccessLog.Action.SEARCH, "api")
    digits = query.replace("-", "")
    if digits.isdigit() and len(digits) == 13:
        # A full resident number is searched by its hash and logged only masked.
        assert digits[7:] not in entry.detail
        assert f"{digits[:6]}-{digits[6]}******" in entry.detail
    else:
        assert query in entry.detail


def test_search_row_has_the_list_columns(world, api_client):
    row = api_client("wolgok2.planner").get("/api/v1/households", {"q": "김영희"}).json()["results"][0]
    assert row == {
        "id": world.kim_household.pk,
        "dong": {"code": world.wolgok2.code, "name": "월곡2동"},
        "tong": 1,
        "ban": 1,
        "road_address": "서울특별시 성북구 화랑로 100",
        "address_detail": "101동 201호",
        "head_name": "김영희",
        "member_count": 3,
        "head_birth_date": "1961-03-15",
        "receives_benefit": True,
    }


def test_search_stays_within_the_planners_dong(world, api_client):
    client = api_client("wolgok2.planner")
    everything = client.get("/api/v1/households").json()
    assert {row["dong"]["name"] for row in everything["results"]} == {"월곡2동"}
    assert everything["count"] == 2
    assert client.get("/api/v1/households", {"q": "550720-1234567"}).json()["count"] == 0  # 이철수 of 장위1동
    assert client.get("/api/v1/households", {"dong": "장위1동"}).json()["count"] == 0
    assert client.get("/api/v1/households", {"dong": world.wolgok2.code}).json()["count"] == 2


def test_unknown_dong_filter_is_a_korean_422(world, api_client):
    response = api_client("wolgok2.planner").get("/api/v1/households", {"dong": "없는동"})
    assert response.status_code == 422
    assert response.json()["detail"] == "행정동 '없는동'을(를) 찾을 수 없습니다."


def test_bad_page_number_is_a_korean_422(world, api_client):
    response = api_client("wolgok2.planner").get("/api/v1/households", {"page": "둘"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("입력값을 확인하세요.")
    assert "쪽 번호" in body["detail"]
    assert body["errors"][0]["field"] == "page"


def test_list_is_paginated(world, api_client):
    _add_households(world.wolgok2, 25)
    client = api_client("wolgok2.planner")
    first = client.get("/api/v1/households").json()
    assert (first["count"], first["page"], first["pages"], first["page_size"]) == (27, 1, 2, settings.PAGE_SIZE)
    assert len(first["results"]) == settings.PAGE_SIZE
    second = client.get("/api/v1/households", {"page": 2}).json()
    assert len(second["results"]) == 27 - settings.PAGE_SIZE
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    beyond = client.get("/api/v1/households", {"page": 3}).json()
    assert (beyond["count"], beyond["pages"], beyond["results"]) == (27, 2, [])


def test_list_query_count_is_the_same_for_1_and_30_households(world, api_client):
    # A planner of a dong with no households yet, so that the list holds exactly 1, then 30.
    wolgok1 = Dong.objects.get(name="월곡1동")
    org.build_dong_structure(wolgok1, tongs=2, bans_per_tong=1, zones=1)
    org.create_staff(
        username="wolgok1.planner",
        password="unused-password-1234",
        name="시험",
        district_id=wolgok1.district_id,
        dong=wolgok1,
        roles=[Role.WELFARE_PLANNER],
    )
    client = api_client("wolgok1.planner")
    client.get("/api/v1/households")  # the token's first use also records last_used_at

    def measure() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/households")
        assert response.status_code == 200
        return len(queries), response.json()

    _add_households(wolgok1, 1)
    with_one, body = measure()
    assert body["count"] == 1
    _add_households(wolgok1, 29, start=1)
    with_thirty, body = measure()
    assert body["count"] == 30
    assert len(body["results"]) == settings.PAGE_SIZE
    assert all(row["member_count"] == 2 and row["receives_benefit"] for row in body["results"])
    assert with_thirty == with_one


# ------------------------------------------------------------------------------------------------ scope


def test_other_dongs_household_is_404_exactly_like_a_missing_one_and_logged(world, api_client):
    client = api_client("jangwi1.planner")
    out_of_scope = client.get(f"/api/v1/households/{world.kim_household.pk}")
    missing_id = Household.objects.order_by("-pk").first().pk + 1000
    missing = client.get(f"/api/v1/households/{missing_id}")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    assert out_of_scope.json() == NOT_FOUND
    refusals = AccessLog.objects.filter(username="jangwi1.planner", action=AccessLog.Action.NOT_FOUND)
    logged = {(e.object_type, e.object_id, e.household_id, e.channel) for e in refusals}
    assert ("household", str(world.kim_household.pk), world.kim_household.pk, "api") in logged
    assert ("household", str(missing_id), missing_id, "api") in logged


def test_other_dongs_person_is_404(world, api_client):
    response = api_client("jangwi1.planner").get(f"/api/v1/persons/{world.kim.pk}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    entry = _last_log("jangwi1.planner")
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessLog.Action.NOT_FOUND,
        "person",
        str(world.kim.pk),
    )


def test_huge_id_is_not_found_or_invalid_never_a_server_error(world, api_client):
    client = api_client("wolgok2.planner")
    assert client.get(f"/api/v1/households/{2**63 - 1}").status_code == 404
    assert client.get(f"/api/v1/households/{2**63}").status_code == 422


def test_statistics_officer_gets_403_on_people(world, api_client):
    client = api_client("district.stats")
    for response in (
        client.get("/api/v1/households"),
        client.get(f"/api/v1/households/{world.kim_household.pk}"),
        client.get(f"/api/v1/persons/{world.kim.pk}"),
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "이 계정은 통계만 볼 수 있습니다. 개인 정보 목록에는 접근할 수 없습니다."}
    refusals = AccessLog.objects.filter(username="district.stats", action=AccessLog.Action.FORBIDDEN, channel="api")
    assert refusals.count() == 3


def test_tong_leader_lists_only_assigned_households_without_benefit_columns(world, api_client):
    body = api_client("wolgok2.tongjang").get("/api/v1/households").json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == world.park_household.pk
    assert "receives_benefit" not in row and "head_birth_date" not in row


def test_tong_leader_sees_contact_details_only(world, api_client):
    client = api_client("wolgok2.tongjang")
    body = client.get(f"/api/v1/households/{world.park_household.pk}").json()
    assert body["record"] == "contact"
    assert "registry_no" not in body
    (member,) = body["members"]
    assert set(member) == CONTACT_MEMBER_KEYS
    assert (member["name"], member["phone"], member["relation_label"]) == ("박순자", "02-900-1234", "세대주")
    assert body["road_address"] == "서울특별시 성북구 오패산로 12"
    assert "400512" not in str(body) and "노인학대" not in str(body) and "기초연금" not in str(body)
    assert _last_log("wolgok2.tongjang").action == AccessLog.Action.VIEW

    person = client.get(f"/api/v1/persons/{world.park.pk}").json()
    assert person["record"] == "contact"
    assert set(person) == CONTACT_MEMBER_KEYS | {"record", "household"}
    assert person["household"]["id"] == world.park_household.pk

    assert client.get(f"/api/v1/households/{world.kim_household.pk}").json() == NOT_FOUND
    assert client.get(f"/api/v1/persons/{world.kim.pk}").json() == NOT_FOUND


# --------------------------------------------------------------------------------------------- records


def test_household_detail_for_a_planner(world, api_client):
    response = api_client("wolgok2.planner").get(f"/api/v1/households/{world.kim_household.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["record"] == "full"
    assert body["registry_no"] == "W2-0001"
    members = {m["name"]: m for m in body["members"]}
    assert set(members) == {"김영희", "이민호", "이서준"}
    kim = members["김영희"]
    assert kim["resident_number_masked"] == "610315-2******"
    assert (kim["birth_date"], kim["sex"], kim["relation"], kim["current"]) == ("1961-03-15", "F", "head", True)
    assert [b["code"] for b in kim["benefits"] if b["active"]] == ["basic_livelihood"]
    assert members["이서준"]["resident_number_masked"] == "100204-3******"
    text = response.content.decode()
    for clear in ("6103152123456", "2123456", "1234567", "3456789"):
        assert clear not in text
    entry = _last_log("wolgok2.planner")
    assert (entry.action, entry.household_id, entry.channel) == (AccessLog.Action.VIEW, world.kim_household.pk, "api")


@pytest.mark.parametrize("username", ["wolgok2.planner", "wolgok2.supervisor"])
def test_sensitive_flag_is_shown_to_assigned_staff_and_supervisor(world, api_client, username):
    client = api_client(username)
    household = client.get(f"/api/v1/households/{world.park_household.pk}").json()
    kinds = {f["kind"]: f for f in household["members"][0]["flags"]}
    assert set(kinds) == {"elder_abuse", "living_alone_elder"}
    assert kinds["elder_abuse"]["sensitive"] is True
    assert kinds["elder_abuse"]["note"] == "이웃 신고: 아들의 폭언"
    assert _last_log(username).action == AccessLog.Action.VIEW_SENSITIVE

    person = client.get(f"/api/v1/persons/{world.park.pk}").json()
    assert "elder_abuse" in {f["kind"] for f in person["flags"]}
    entry = _last_log(username)
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessLog.Action.VIEW_SENSITIVE,
        "person",
        str(world.park.pk),
    )


def test_sensitive_flag_is_hidden_from_the_visiting_nurse(world, api_client):
    client = api_client("wolgok2.nurse")
    household = client.get(f"/api/v1/households/{world.park_household.pk}")
    assert household.status_code == 200
    flags = household.json()["members"][0]["flags"]
    assert [f["kind"] for f in flags] == ["living_alone_elder"]
    assert "폭언" not in household.content.decode()
    assert _last_log("wolgok2.nurse").action == AccessLog.Action.VIEW

    person = client.get(f"/api/v1/persons/{world.park.pk}").json()
    assert [f["kind"] for f in person["flags"]] == ["living_alone_elder"]
    assert [b["code"] for b in person["benefits"]] == ["basic_pension"]
    assert person["resident_number_masked"] == "400512-2******"
    assert person["household"]["dong"]["name"] == "월곡2동"
