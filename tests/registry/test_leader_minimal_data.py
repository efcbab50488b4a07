"""A tong leader (최통장, wolgok2.tongjang) sees of the households assigned to them what a neighbour needs to look
in on them: names, an age band, address, phones and emergency contacts. Never a birth date, a resident number,
a benefit, a flag; no search by birth date or resident number. Staff keep seeing and searching everything."""

import pytest
from django.urls import reverse

from chatdong.access.models import AccessLog

LIST = reverse("registry:household_list")
LEADER = "wolgok2.tongjang"

# 박순자 (the leader's household): born 1940-05-12, 기초연금, 홀몸어르신, a suspected elder-abuse record.
PARK_SECRETS = (
    *("1940-05-12", "1940.05.12", "400512", "2345671"),
    *("기초연금", "홀몸어르신", "노인학대", "이웃 신고", "W2-0002"),
)
BIRTH_QUERIES = ["1940-05-12", "19400512", "1940.05.12", "400512", "400512-2******", "400512-2345671", "4005122345671"]
SEARCH_HINT = "생년월일이나 주민등록번호로는 찾을 수 없습니다"


def assert_nothing_private(text: str) -> None:
    for secret in (*PARK_SECRETS, "수급", "생년월일", "주민등록번호"):
        assert secret not in text, secret


def results(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split("검색 결과")[-1]


# ------------------------------------------------------------------------------------------------ pages


def test_the_leader_s_household_list_shows_an_age_band_not_a_birth_date_or_benefit(world, login):
    page = login(LEADER).get(LIST).content.decode()
    assert "박순자" in page
    assert "80대" in page
    assert_nothing_private(page.split("</form>")[-1])  # the search box's own hint is checked below


def test_the_leader_s_search_box_offers_name_address_and_phone_only(world, login):
    page = login(LEADER).get(LIST).content.decode()
    search_box = page.split('role="search"')[1].split("</form>")[0]
    assert "생년월일" not in search_box and "650101" not in search_box
    assert "이름, 주소, 전화번호" in search_box


def test_the_leader_s_home_lists_assigned_households_without_birth_dates(world, login):
    page = login(LEADER).get("/").content.decode()
    assert "박순자" in page and "80대" in page
    assert_nothing_private(page)


def test_the_leader_s_household_page_shows_contacts_and_an_age_band_only(world, login):
    page = login(LEADER).get(reverse("registry:household_detail", args=[world.park_household.pk])).content.decode()
    assert "박순자" in page and "02-900-1234" in page and "오패산로 12" in page
    assert "80대" in page
    assert_nothing_private(page)


@pytest.mark.parametrize("query", ["박순자", "순자", "오패산로", "02-900-1234", "029001234"])
def test_the_leader_finds_their_household_by_name_address_or_phone(world, login, query):
    response = login(LEADER).get(LIST, {"q": query})
    assert "박순자" in results(response)
    assert "1가구" in response.content.decode()


@pytest.mark.parametrize("query", BIRTH_QUERIES)
def test_a_birth_date_or_resident_number_finds_nothing_for_the_leader_and_says_why(world, login, query):
    response = login(LEADER).get(LIST, {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert SEARCH_HINT in page
    assert "박순자" not in results(response)
    # The attempt is in the access log, the resident number only masked.
    entry = AccessLog.objects.filter(username=LEADER, action="search").latest("id")
    assert "2345671" not in entry.detail


@pytest.mark.parametrize("query", BIRTH_QUERIES)
def test_the_planner_still_finds_by_birth_date_and_resident_number(world, login, query):
    response = login("wolgok2.planner").get(LIST, {"q": query})
    assert "박순자" in results(response)
    assert "1940-05-12" in response.content.decode()


def test_staff_find_by_phone_too(world, login):
    assert "김영희" in results(login("wolgok2.planner").get(LIST, {"q": "010-1234-5678"}))


def test_the_planner_s_list_still_shows_birth_dates_and_benefits(world, login):
    page = login("wolgok2.planner").get(LIST, {"q": "박순자"}).content.decode()
    assert "1940-05-12" in page and "수급" in page


# -------------------------------------------------------------------------------------------------- API

CONTACT_MEMBER_KEYS = {"id", "name", "relation", "relation_label", "phone", "current", "age_band"}


def test_the_leader_s_household_rows_carry_an_age_band_only(world, api_client):
    body = api_client(LEADER).get("/api/v1/households").json()
    (row,) = body["results"]
    assert row["head_age_band"] == "80대"
    assert "head_birth_date" not in row and "receives_benefit" not in row
    assert_nothing_private(str(body))


def test_the_leader_s_household_and_person_answers_carry_no_birth_date(world, api_client):
    client = api_client(LEADER)
    body = client.get(f"/api/v1/households/{world.park_household.pk}").json()
    assert body["record"] == "contact"
    (member,) = body["members"]
    assert set(member) == CONTACT_MEMBER_KEYS and member["age_band"] == "80대"
    assert_nothing_private(str(body))
    person = client.get(f"/api/v1/persons/{world.park.pk}").json()
    assert set(person) == CONTACT_MEMBER_KEYS | {"record", "household"}
    assert_nothing_private(str(person))


@pytest.mark.parametrize("query", BIRTH_QUERIES)
def test_a_birth_date_search_through_the_api_is_refused_in_korean_for_the_leader(world, api_client, query):
    response = api_client(LEADER).get("/api/v1/households", {"q": query})
    assert response.status_code == 422
    assert SEARCH_HINT in response.json()["detail"]
    assert "박순자" not in response.content.decode()


def test_the_planner_still_searches_the_api_by_birth_date(world, api_client):
    body = api_client("wolgok2.planner").get("/api/v1/households", {"q": "1940-05-12"}).json()
    assert [r["head_name"] for r in body["results"]] == ["박순자"]
    assert body["results"][0]["head_birth_date"] == "1940-05-12"


def _schema(openapi: dict, name: str) -> dict:  # type: ignore[type-arg]
    return openapi["components"]["schemas"][name]


def _response_refs(openapi: dict, path: str) -> set[str]:  # type: ignore[type-arg]
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {s["$ref"].rsplit("/", 1)[-1] for s in schema.get("anyOf", [schema])}


def test_the_openapi_shows_the_leader_shaped_answers_without_birth_dates(world, api_client):
    openapi = api_client("wolgok2.planner").get("/api/v1/openapi.json").json()
    assert "HouseholdContactPage" in _response_refs(openapi, "/api/v1/households")
    assert "HouseholdContactOut" in _response_refs(openapi, "/api/v1/households/{household_id}")
    assert "PersonContactOut" in _response_refs(openapi, "/api/v1/persons/{person_id}")
    for name in ("HouseholdContactRow", "HouseholdContactOut", "MemberContactOut", "PersonContactOut"):
        fields = set(_schema(openapi, name)["properties"])
        assert not fields & {"birth_date", "head_birth_date", "resident_number_masked", "benefits", "flags",
                             "receives_benefit", "registry_no", "sex"}, name  # fmt: skip
