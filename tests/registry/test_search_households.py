"""Household search finds people by name (whole or two characters), address, birth date and number, within scope.

These guard the query shape of `selectors.search_households` (a UNION of name and address matches,
bigram lookups for two-character terms on PostgreSQL), which the demo benchmark tuned for speed.
"""

from django.contrib.auth import get_user_model

from chatdong.access.principal import principal_for
from chatdong.registry import selectors


def search(username: str, query: str) -> list[str]:
    principal = principal_for(get_user_model().objects.get(username=username))
    return [h.registry_no for h in selectors.search_households(principal, query)]


def test_name_whole_or_two_characters_finds_the_household(world):
    assert search("wolgok2.planner", "김영희") == ["W2-0001"]
    assert search("wolgok2.planner", "영희") == ["W2-0001"]
    assert search("wolgok2.planner", "순자") == ["W2-0002"]
    assert search("wolgok2.planner", "서준") == ["W2-0001"]  # 이서준, a child of the household


def test_address_and_road_name_find_households(world):
    assert search("wolgok2.planner", "화랑로 100") == ["W2-0001"]
    assert search("wolgok2.planner", "오패산") == ["W2-0002"]
    assert search("wolgok2.planner", "성북구") == ["W2-0001", "W2-0002"]
    assert search("wolgok2.planner", "장월로") == []  # 장위1동, outside the planner's dong


def test_search_stays_within_scope(world):
    assert search("wolgok2.planner", "철수") == []
    assert search("district.hope", "철수") == ["J1-0001"]
    assert search("district.hope", "성북구") == ["W2-0001", "W2-0002", "J1-0001"]


def test_numbers_and_birth_dates(world):
    assert search("wolgok2.planner", "610315-2123456") == ["W2-0001"]
    assert search("wolgok2.planner", "400512-2******") == ["W2-0002"]
    assert search("wolgok2.planner", "1940-05-12") == ["W2-0002"]
    assert search("wolgok2.planner", "없는이름") == []


def test_list_columns_show_head_size_and_benefit(world):
    principal = principal_for(get_user_model().objects.get(username="district.hope"))
    rows = {h.registry_no: h for h in selectors.search_households(principal, "")}
    kim, lee = rows["W2-0001"], rows["J1-0001"]
    assert (kim.head_name, kim.member_count, kim.receives_benefit) == ("김영희", 3, True)
    assert (lee.head_name, lee.member_count, lee.receives_benefit) == ("이철수", 1, False)


def test_one_character_finds_names_and_addresses_within_scope(world):
    assert search("wolgok2.planner", "희") == ["W2-0001"]  # 김영희
    assert search("wolgok2.planner", "준") == ["W2-0001"]  # 이서준, a child
    assert search("wolgok2.planner", "서") == ["W2-0001", "W2-0002"]  # 서울특별시 in every address
    assert search("wolgok2.planner", "패") == ["W2-0002"]  # 오패산로
    assert search("wolgok2.planner", "철") == []  # 이철수 lives in 장위1동
    assert search("wolgok2.planner", "이") == ["W2-0001"]  # two members match: the household once
    assert search("wolgok2.tongjang", "이") == []  # the leader's household is 박순자's
    assert search("wolgok2.tongjang", "순") == ["W2-0002"]
    assert search("district.hope", "이") == ["W2-0001", "J1-0001"]
    assert search("district.hope", "철") == ["J1-0001"]


def test_one_character_within_a_dong_asks_each_household_not_every_name(world):
    """No index finds one character: over the district the UNION reads every name once, but within a dong each of
    its households is asked (a LIMIT 1 subquery) rather than every name of the district read for the dong's share."""

    def sql(username: str, dong_id: int | None = None) -> str:
        principal = principal_for(get_user_model().objects.get(username=username))
        return str(selectors.search_households(principal, "김", dong_id).query)

    assert "UNION" not in sql("wolgok2.planner") and "LIMIT 1" in sql("wolgok2.planner")
    assert "UNION" not in sql("wolgok2.tongjang")
    assert "UNION" not in sql("district.hope", world.wolgok2.pk)
    assert "UNION" in sql("district.hope")
