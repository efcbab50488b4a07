"""Every page and API read a tong leader's rules open, walked from the running URL configuration and API: none shows
박순자's birth date, resident number, benefit, flags, the reason she is a target or what came of the crisis the
leader reported. A page or operation added for leaders later is walked too."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.access.doors import Entrance, entrances
from chatdong.access.principal import principal_for
from chatdong.api.models import ApiToken
from chatdong.core.notices import Notice
from chatdong.outreach.cohorts import targets
from chatdong.outreach.leaders import checkins
from chatdong.outreach.officers import findings
from tests.conftest import bearer
from tests.outreach.helpers import actor

LEADER = "wolgok2.tongjang"
REASON = "혼자 지내며 식사를 거름"
RESULT = "기초생활수급 신청, 노인맞춤돌봄 연계"
SECRETS = (
    *("1940-05-12", "1940.05.12", "400512", "2345671"),  # birth date, resident number
    *("기초연금", "수급", "홀몸어르신", "노인학대", "이웃 신고"),  # benefit, flags
    *(REASON, "빈곤위기", "통·반장 발굴", "poverty_crisis", "사례 #"),  # why she is a target, the case
    RESULT,
)
# Pages that must be among those walked, so that the walk cannot silently shrink.
MUST_WALK = {
    "/",
    "/registry/households/",
    "/registry/households/<int:household_id>/",
    "/outreach/leader/",
    "/outreach/targets/",
    "/outreach/targets/<int:target_id>/",
    "/outreach/findings/",
    "/outreach/findings/<int:finding_id>/",
    "GET /api/v1/households",
    "GET /api/v1/households/{household_id}",
    "GET /api/v1/persons/{person_id}",
    "GET /api/v1/outreach/targets",
    "GET /api/v1/outreach/targets/{target_id}",
    "GET /api/v1/outreach/findings",
    "GET /api/v1/outreach/findings/{finding_id}",
}


@pytest.fixture
def leader_world(world):  # type: ignore[no-untyped-def]
    """박순자 on the 빈곤위기가정 list with a reason; a crisis the leader reported, handled with a result."""
    planner, p_principal = actor("wolgok2.planner")
    target = targets.add_discovery(planner, p_principal, world.park, source="leader", reason=REASON)
    user, principal = actor(LEADER)
    check_in = checkins.record_check_in(
        user, principal, principal.leader, world.park_household, method="visit", condition="crisis",
        note="난방이 끊겼음",
    )  # fmt: skip
    findings.complete(planner, p_principal, check_in.finding, result=RESULT)
    return {
        "household_id": world.park_household.pk,
        "person_id": world.park.pk,
        "target_id": target.pk,
        "finding_id": check_in.finding_id,
        "notice_id": Notice.objects.filter(recipient=user).first().pk,
    }


def _reads(ids: dict[str, int]) -> list[tuple[Entrance, str]]:
    """(entrance, path) of every page and API GET the leader's rules admit, with the world's ids filled in."""
    principal = principal_for(get_user_model().objects.get(username=LEADER))
    found = []
    for entrance in entrances():
        rule = entrance.door.rule if entrance.door else None
        if rule is None or not rule.admits(principal):
            continue
        method, _, route = entrance.route.partition(" ") if entrance.kind == "API" else ("GET", "", entrance.route)
        if method != "GET" or re.search(r"<(?:slug|str):", route):
            continue  # a POST, or a page that only takes POST (its action in the path)
        path = re.sub(r"<int:(\w+)>|\{(\w+)\}", lambda m: str(ids.get(m.group(1) or m.group(2), 999_999)), route)
        found.append((entrance, path))
    return found


def test_no_page_or_api_read_a_leader_may_open_shows_a_birth_date_benefit_flag_or_reason(leader_world):
    user = get_user_model().objects.get(username=LEADER)
    page = Client()
    page.force_login(user)
    _token, clear = ApiToken.issue(user, "최소 정보 점검")
    api = bearer(clear)
    walked = set()
    for entrance, path in _reads(leader_world):
        response = (api if entrance.kind == "API" else page).get(path)
        assert response.status_code in (200, 302, 403, 404, 405), f"{entrance.route}: {response.status_code}"
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, f"{entrance.route} shows {secret!r}"
        if response.status_code == 200:
            walked.add(entrance.route)
    assert not MUST_WALK - walked, MUST_WALK - walked


def test_the_leader_s_pages_still_show_what_they_need(leader_world, login):
    client = login(LEADER)
    home = client.get("/outreach/leader/").content.decode()
    assert "오패산로 12" in home and "최근 안부확인" in home
    finding = client.get(f"/outreach/findings/{leader_world['finding_id']}/").content.decode()
    assert "처리완료" in finding and "난방이 끊겼음" in finding and "김하늘" in finding


def test_the_planner_still_sees_the_result_and_the_listing(leader_world, login):
    page = login("wolgok2.planner").get(f"/outreach/findings/{leader_world['finding_id']}/").content.decode()
    assert RESULT in page and "대상자 명단에 올랐습니다" in page


def test_the_openapi_shows_the_leader_shaped_finding(world):
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["LeaderFindingOut"]
    assert not set(schema["properties"]) & {"result", "case_id", "target_id", "person_id", "complainant_told_on"}
