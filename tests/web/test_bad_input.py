"""Odd input on a page gets a Korean answer and changes nothing, never a server error (issue 12, measured on main:
NUL in `q` or `dong`, ids past 64 bits, `month=9999-12`, `date_from=0001-01-01` answered 500).

The crawler (`test_hostile_inputs`) sends such values to every page; these are the measured cases, told as stories.
"""

import pytest
from django.test import Client

from chatdong.registry.models import PendingMoveIn

HUGE = str(2**64)


@pytest.fixture
def visitor(login):  # type: ignore[no-untyped-def]
    """login(), with a server error answered as a 500 response (as in production) instead of raised."""

    def _visitor(username: str) -> Client:
        client = login(username)
        client.raise_request_exception = False
        return client

    return _visitor


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("wolgok2.planner", "/registry/households/?q=%EA%B9%80%00%EC%98%81"),  # 김<NUL>영
        ("wolgok2.planner", "/registry/households/?q=%00"),
        ("wolgok2.planner", "/registry/households/?dong=1%00"),
        ("wolgok2.planner", "/registry/households/?q=%01%1B%7F"),  # other control characters
        ("wolgok2.planner", "/cases/?q=%00"),
        ("wolgok2.desk", "/consult/?date_from=%00"),
        ("wolgok2.planner", "/resources/agencies/?q=%00"),
        ("district.auditor", "/reports/access-log/?subject=%00"),
        ("wolgok2.planner", "/registry/households/?q%00=1"),  # in a parameter's name
    ],
)
def test_a_control_character_in_the_query_gets_the_korean_400(world, visitor, username, url):
    response = visitor(username).get(url)
    assert response.status_code == 400
    assert "입력할 수 없는 문자(제어 문자)" in response.content.decode()


def test_tabs_and_line_breaks_in_a_search_are_text(world, visitor):
    assert visitor("wolgok2.planner").get("/registry/households/?q=%EA%B9%80%09%0A").status_code == 200


def test_a_nul_in_a_form_gets_the_korean_400_and_changes_nothing(world, visitor):
    move_in = PendingMoveIn.objects.create(
        person=world.lee, rrn_encrypted=world.lee.rrn_encrypted, rrn_hash=world.lee.rrn_hash,
        rrn_prefix=world.lee.rrn_prefix, name=world.lee.name, relation="head", from_dong=world.jangwi1,
        to_dong=world.wolgok2, registry_no="MOVE-NUL", tong=world.park_household.tong,
        road_address=world.park_household.road_address,
    )  # fmt: skip
    response = visitor("wolgok2.supervisor").post(
        f"/registry/move-ins/{move_in.pk}/reject/", {"note": "주소\x00불일치"}
    )
    assert response.status_code == 400
    assert "입력할 수 없는 문자(제어 문자)" in response.content.decode()
    move_in.refresh_from_db()
    assert move_in.status == PendingMoveIn.Status.PENDING and move_in.note == ""


@pytest.mark.parametrize(
    "url",
    [
        f"/registry/households/{HUGE}/",
        f"/registry/households/{2**63}/",
        f"/registry/households/{HUGE}/emergency-access/",
        f"/cases/intake/{HUGE}/",
        f"/registry/persons/{HUGE}/",
        f"/cases/{HUGE}/",
    ],
)
def test_an_id_past_64_bits_in_the_path_is_not_found(world, visitor, url):
    assert visitor("wolgok2.planner").get(url).status_code == 404


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("wolgok2.planner", f"/registry/households/?dong={HUGE}"),
        ("wolgok2.planner", f"/outreach/visits/new/?person={HUGE}"),
        ("wolgok2.tongjang", f"/outreach/leader/households/{HUGE}/check-in/"),
    ],
)
def test_an_id_past_64_bits_in_the_query_finds_nothing(world, visitor, username, url):
    assert visitor(username).get(url).status_code in (200, 404)


MONTH_MESSAGE = "월은 YYYY-MM 형식으로, 1900년부터 2100년 사이로 입력하세요."


@pytest.mark.parametrize("month", ["9999-12", "0000-00", "2026-13", "abc", "1899-12"])
@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("wolgok2.planner", "/outreach/progress/?date_from={}"),
        ("wolgok2.planner", "/outreach/progress/?date_to={}"),
        ("wolgok2.planner", "/outreach/targets/?month={}"),
        ("wolgok2.planner", "/outreach/visits/?month={}"),
    ],
)
def test_a_month_out_of_range_or_malformed_is_refused_in_korean(world, visitor, username, url, month):
    response = visitor(username).get(url.format(month))
    assert response.status_code == 200
    assert MONTH_MESSAGE in response.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13"])
def test_the_roster_of_a_month_out_of_range_shows_this_month(world, visitor, month):
    assert visitor("wolgok2.desk").get(f"/consult/roster/?month={month}").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_date_out_of_range_is_refused_in_korean(world, visitor, field, day):
    for username, url in [("district.auditor", "/reports/access-log/"), ("wolgok2.desk", "/consult/")]:
        response = visitor(username).get(f"{url}?{field}={day}")
        assert response.status_code == 200, url
        assert "1900년부터 2100년 사이의 날짜를 입력하세요." in response.content.decode(), url


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31"])
def test_a_week_out_of_range_shows_last_week(world, visitor, week):
    assert visitor("wolgok2.officer").get(f"/outreach/weekly/?week={week}").status_code == 200
