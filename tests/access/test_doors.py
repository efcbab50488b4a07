"""Every page and API operation passes a rule at its door, and the door turns away whoever the rule grants nothing.

The walk reads the running URL configuration and the API object, so a page or operation added without a door
fails here, whichever app it is in.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.access.doors import Entrance, entrances
from chatdong.access.principal import principal_for
from chatdong.api.models import ApiToken

from ..conftest import bearer


def _url(entrance: Entrance) -> tuple[str, str]:
    """(method, path) to call an entrance with made-up ids: the door answers before any record is looked up."""
    method, _, route = entrance.route.partition(" ") if entrance.kind == "API" else ("GET", "", entrance.route)
    path = re.sub(r"<int:\w+>|\{\w+\}", "1", route)
    path = re.sub(r"<(?:slug|str):\w+>", "x", path)
    return method, path


def _call(client: Client, method: str, path: str) -> int:
    if method == "GET":
        return client.get(path).status_code
    return client.generic(method, path, "{}", content_type="application/json").status_code


def test_every_page_and_api_operation_has_a_door():
    missing = [f"{e.kind} {e.route} ({e.name})" for e in entrances() if e.door is None and not e.exempt]
    assert not missing, "규칙(door) 없는 화면·API:\n" + "\n".join(missing)


def test_the_walk_sees_the_pages_and_every_api_operation():
    found = entrances()
    routes = {e.route for e in found}
    assert "/cases/<int:case_id>/" in routes and "/registry/households/<int:household_id>/" in routes
    assert "GET /api/v1/cases/{case_id}" in routes and "POST /api/v1/outreach/check-ins" in routes
    schema = Client().get("/api/v1/openapi.json").json()
    operations = sum(len(item) for item in schema["paths"].values())
    assert sum(1 for e in found if e.kind == "API") == operations


def test_without_signing_in_pages_send_to_login_and_the_api_answers_401(world):
    client = Client()
    for entrance in entrances():
        if entrance.exempt or entrance.door is None or entrance.door.rule is None:
            continue
        method, path = _url(entrance)
        status = _call(client, method, path)
        expected = {401} if entrance.kind == "API" else {302, 405}
        assert status in expected, f"{entrance.kind} {entrance.route}: {status}"


@pytest.mark.parametrize("username", ["district.stats", "wolgok2.tongjang", "district.auditor"])
def test_each_door_turns_away_whoever_its_rule_grants_nothing(world, username):
    user = get_user_model().objects.get(username=username)
    principal = principal_for(user)
    page = Client()
    page.force_login(user)
    _token, clear = ApiToken.issue(user, "문 점검")
    api = bearer(clear)
    turned_away = 0
    for entrance in entrances():
        rule = entrance.door.rule if entrance.door else None
        if rule is None or rule.admits(principal):
            continue
        method, path = _url(entrance)
        status = _call(api if entrance.kind == "API" else page, method, path)
        # 405: a page that only takes POST answers a GET before its door; its door is tried with a POST below.
        if status == 405 and entrance.kind == "화면":
            status = page.post(path).status_code
        assert status in (403, 404), f"{username} {entrance.kind} {entrance.route}: {status}"
        turned_away += 1
    assert turned_away
