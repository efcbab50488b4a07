"""Who sees which household: dong staff their dong, leaders their assigned households (contact only),
희망복지지원단 the district, statistics roles nothing personal. Out of scope answers 404 like a missing record."""

import re

import pytest
from django.urls import reverse

from chatdong.access.models import AccessLog


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def members_table(html):
    return html.split('data-testid="members"')[1].split("</table>")[0]


def detail(household):
    return reverse("registry:household_detail", args=[household.pk])


def test_planner_opens_a_household_of_her_dong_and_the_view_is_logged(world, login):
    response = login("wolgok2.planner").get(detail(world.kim_household))
    assert response.status_code == 200
    assert "김영희" in response.text
    assert "610315-2******" in response.text
    assert "6103152123456" not in response.text
    assert AccessLog.objects.filter(
        username="wolgok2.planner", action="view", household_id=world.kim_household.pk
    ).exists()


def test_planner_of_another_dong_gets_404_exactly_like_a_missing_household(world, login):
    client = login("jangwi1.planner")
    other = client.get(detail(world.kim_household))
    missing = client.get(reverse("registry:household_detail", args=[999_999]))
    assert other.status_code == missing.status_code == 404
    assert "김영희" not in other.text
    assert without_csrf(other.text) == without_csrf(missing.text)
    logged = AccessLog.objects.get(username="jangwi1.planner", household_id=world.kim_household.pk)
    assert logged.action == "denied_scope"


def test_search_never_lists_another_dongs_households(world, login):
    response = login("jangwi1.planner").get(reverse("registry:household_list"), {"q": "김영희"})
    assert response.status_code == 200
    assert "김영희" not in response.text.split("검색 결과")[1]
    assert "0가구" in response.text


def test_hope_support_staff_see_households_across_the_district(world, login):
    client = login("district.hope")
    assert client.get(detail(world.kim_household)).status_code == 200
    assert client.get(detail(world.lee_household)).status_code == 200


def test_statistics_officer_is_refused_personal_data(world, login):
    client = login("district.stats")
    listing = client.get(reverse("registry:household_list"))
    assert listing.status_code == 403
    assert "통계만 볼 수 있습니다" in listing.text
    assert client.get(detail(world.kim_household)).status_code == 404
    assert AccessLog.objects.filter(username="district.stats", action="denied_action").exists()


def test_tong_leader_sees_only_assigned_households_with_contact_details_only(world, login):
    client = login("wolgok2.tongjang")
    assigned = client.get(detail(world.park_household))
    assert assigned.status_code == 200
    assert "박순자" in assigned.text and "02-900-1234" in assigned.text
    for hidden in ("400512-2", "기초연금", "홀몸어르신", "노인학대"):
        assert hidden not in assigned.text
    assert client.get(detail(world.kim_household)).status_code == 404
    listing = client.get(reverse("registry:household_list"))
    assert "박순자" in listing.text and "김영희" not in listing.text


def test_leader_cannot_open_a_person_record_beyond_the_household_view(world, login):
    response = login("wolgok2.tongjang").get(reverse("registry:person_detail", args=[world.park.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("wolgok2.planner", True),  # assigned to the household
        ("wolgok2.supervisor", True),  # the dong's supervisor
        ("wolgok2.nurse", False),
        ("wolgok2.desk", False),
        ("district.hope", False),
        ("admin", False),
    ],
)
def test_sensitive_records_only_for_assigned_staff_and_their_supervisor(world, login, username, sees):
    response = login(username).get(detail(world.park_household))
    assert response.status_code == 200
    members = members_table(response.text)
    assert ("노인학대 의심" in members) is sees
    assert "홀몸어르신" in members  # not sensitive: everyone in scope sees it
    action = "view_sensitive" if sees else "view"
    assert AccessLog.objects.filter(username=username, action=action, household_id=world.park_household.pk).exists()


def test_sensitive_flags_hidden_on_the_person_page_too(world, login):
    url = reverse("registry:person_detail", args=[world.park.pk])
    assert "노인학대 의심" in login("wolgok2.planner").get(url).text
    assert "노인학대 의심" not in login("wolgok2.nurse").get(url).text


def test_pages_need_login(world, client):
    response = client.get(detail(world.kim_household))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
