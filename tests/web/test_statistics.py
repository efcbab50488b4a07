"""The district's statistics officer sees per-dong figures and the map data, never a name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.registry.helpers import add_households


def test_statistics_page_shows_every_dong_with_figures(world, login):
    response = login("district.stats").get(reverse("reports:dong_stats"))
    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == 21  # 20 dongs + 합계
    assert "월곡2동" in response.text and "기초연금" in response.text
    for name in ("김영희", "박순자", "이철수"):
        assert name not in response.text


def test_map_data_has_real_boundaries_and_counts_but_no_people(world, login):
    data = login("district.stats").get(reverse("reports:dong_map_data")).json()
    assert len(data["features"]) == 20
    wolgok2 = next(f for f in data["features"] if f["properties"]["name"] == "월곡2동")
    assert wolgok2["properties"]["code"] == "1108072"
    assert wolgok2["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert wolgok2["properties"]["households"] == 2
    assert wolgok2["properties"]["residents"] == 4
    assert wolgok2["properties"]["recipients"]["basic_livelihood"] == 1
    assert wolgok2["properties"]["recipients"]["basic_pension"] == 1
    assert "김영희" not in str(data)


@pytest.mark.parametrize("username", ["wolgok2.planner", "district.hope", "admin"])
def test_staff_may_see_statistics_too(world, login, username):
    assert login(username).get(reverse("reports:dong_stats")).status_code == 200


def test_leaders_may_not(world, login):
    assert login("wolgok2.tongjang").get(reverse("reports:dong_stats")).status_code == 403


def test_statistics_cost_the_same_queries_whatever_the_data_size(world, login):
    client = login("district.stats")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:dong_stats"))
    add_households(world.jangwi1, 40)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("reports:dong_stats"))
    assert len(small.captured_queries) == len(large.captured_queries)
