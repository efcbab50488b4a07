"""The zone page lists its tongs, leaders and key places; each tong's contact card links its leaders with the
zone's officer and planner."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chatdong.outreach.officers import activities
from tests.outreach.helpers import actor


def zone1(world):
    return world.wolgok2.zones.get(number=1)


def test_zone_page_lists_tongs_leaders_and_key_places(world, login):
    user, principal = actor("wolgok2.officer")
    activities.add_key_place(
        user, principal, zone1(world), name="행복미용실", kind="shop", contact="원장 010-1111-2222"
    )
    with pytest.raises(ValidationError, match="이미 있습니다"):
        activities.add_key_place(user, principal, zone1(world), name="행복미용실", kind="shop")
    page = login("wolgok2.officer").get(reverse("outreach:zone_detail", args=[zone1(world).pk]))
    assert page.status_code == 200
    assert "최통장" in page.text and "행복미용실" in page.text and "1통 카드 인쇄" in page.text
    assert login("jangwi1.planner").get(reverse("outreach:zone_detail", args=[zone1(world).pk])).status_code == 404


def test_the_contact_card_links_the_tong_leader_with_the_zones_officers(world, login):
    tong = world.park_household.tong
    page = login("wolgok2.officer").get(reverse("outreach:contact_card", args=[tong.pk]))
    assert page.status_code == 200
    for text in ["1통장", "최통장", "010-5555-0001", "[마을행정] 담당직원", "강도윤", "[공공복지] 담당직원", "김하늘"]:
        assert text in page.text
    assert login("jangwi1.planner").get(reverse("outreach:contact_card", args=[tong.pk])).status_code == 404
