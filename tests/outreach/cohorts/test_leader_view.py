"""A tong leader sees the targets of their households as a neighbour who helps book the visit: who, where, how to
reach them, the state of the visit and the planner. Not the birth date, the programme (빈곤위기가정 says why), the
reason or source of the listing, staff notes, visits or the birth letter. Staff keep seeing all of it."""

import pytest

from chatdong.outreach.cohorts import targets
from chatdong.outreach.cohorts.models import Target
from tests.outreach.cohorts.helpers import actor

LEADER = "wolgok2.tongjang"
REASON = "혼자 지내며 식사를 거름"
SECRETS = ("1940-05-12", "400512", REASON, "빈곤위기", "통·반장 발굴", "poverty_crisis", "기초연금", "수급")
LEADER_TARGET_KEYS = {
    "id", "month", "dong", "zone", "person_id", "name", "address", "phone", "status", "status_label", "planner",
    "contacted_on", "appointment_at", "appointment_confirmed_on",
}  # fmt: skip


@pytest.fixture
def park_target(world) -> Target:  # type: ignore[no-untyped-def]
    user, principal = actor("wolgok2.planner")
    target = targets.add_discovery(user, principal, world.park, source="leader", reason=REASON)
    Target.objects.filter(pk=target.pk).update(note="기초연금 수급 확인 필요")
    return target


def assert_nothing_private(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_leader_s_target_list_and_page_show_no_birth_date_programme_or_reason(world, login, park_target):
    client = login(LEADER)
    listing = client.get("/outreach/targets/").content.decode()
    assert "박순자" in listing
    assert_nothing_private(listing)
    page = client.get(f"/outreach/targets/{park_target.pk}/").content.decode()
    assert "박순자" in page and "02-900-1234" in page and "김하늘" in page
    assert_nothing_private(page)


def test_filtering_by_programme_tells_the_leader_nothing(world, login, park_target):
    client = login(LEADER)
    for programme in ("poverty_crisis", "turning_65"):
        assert "박순자" in client.get("/outreach/targets/", {"programme": programme}).content.decode()


def test_the_planner_still_sees_birth_date_programme_and_reason(world, login, park_target):
    page = login("wolgok2.planner").get(f"/outreach/targets/{park_target.pk}/").content.decode()
    assert "1940-05-12" in page and REASON in page and "빈곤위기가정" in page


def test_the_leader_cannot_open_the_birth_letter(world, login, park_target):
    Target.objects.filter(pk=park_target.pk).update(source="birth_registration")
    assert login(LEADER).get(f"/outreach/targets/{park_target.pk}/letter/").status_code == 403
    assert login("wolgok2.planner").get(f"/outreach/targets/{park_target.pk}/letter/").status_code == 200


def test_the_leader_s_target_api_answers_carry_the_leader_shape(world, api_client, park_target):
    client = api_client(LEADER)
    body = client.get("/api/v1/outreach/targets").json()
    (row,) = body["results"]
    assert set(row) == LEADER_TARGET_KEYS
    assert (row["name"], row["phone"]) == ("박순자", "02-900-1234")
    assert_nothing_private(str(body))
    one = client.get(f"/api/v1/outreach/targets/{park_target.pk}").json()
    assert set(one) == LEADER_TARGET_KEYS
    assert_nothing_private(str(one))


def test_a_programme_filter_through_the_api_tells_the_leader_nothing(world, api_client, park_target):
    client = api_client(LEADER)
    assert client.get("/api/v1/outreach/targets", {"programme": "turning_65"}).json()["count"] == 1


def test_the_leader_s_contact_result_answers_in_the_leader_shape(world, api_client, park_target):
    response = api_client(LEADER).post(
        f"/api/v1/outreach/targets/{park_target.pk}/contact",
        {"result": "yes", "contacted_on": "2026-12-01", "method": "verbal"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert set(response.json()) == LEADER_TARGET_KEYS
    assert response.json()["status"] == "consented"


def test_the_planner_s_target_api_keeps_birth_date_and_reason(world, api_client, park_target):
    one = api_client("wolgok2.planner").get(f"/api/v1/outreach/targets/{park_target.pk}").json()
    assert one["birth_date"] == "1940-05-12" and one["reason"] == REASON and one["programme"] == "poverty_crisis"


def test_the_openapi_shows_the_leader_shaped_target(world, api_client):
    openapi = api_client("wolgok2.planner").get("/api/v1/openapi.json").json()
    fields = set(openapi["components"]["schemas"]["LeaderTargetOut"]["properties"])
    assert fields == LEADER_TARGET_KEYS
    response = openapi["paths"]["/api/v1/outreach/targets/{target_id}"]["get"]["responses"]["200"]
    refs = {s["$ref"].rsplit("/", 1)[-1] for s in response["content"]["application/json"]["schema"]["anyOf"]}
    assert refs == {"TargetOut", "LeaderTargetOut"}
