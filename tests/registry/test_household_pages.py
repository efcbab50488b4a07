"""Searching, paging and opening households as a dong worker; registering one; recording consent."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.models import AuditEntry
from chatdong.registry.models import Consent, Household, Person

from .helpers import add_households

LIST = reverse("registry:household_list")


def rows(response):
    return response.text.split("검색 결과")[-1]


@pytest.mark.parametrize(
    "query",
    [
        "김영희",
        "영희",
        "1961-03-15",
        "19610315",
        "610315",
        "610315-2******",
        "610315-2123456",
        "6103152123456",
        "화랑로",
    ],
)
def test_planner_finds_a_household_by_name_birth_date_number_or_address(world, login, query):
    response = login("wolgok2.planner").get(LIST, {"q": query})
    assert response.status_code == 200
    assert "김영희" in response.text
    assert "1가구" in response.text


def test_a_wrong_full_number_finds_nothing(world, login):
    response = login("wolgok2.planner").get(LIST, {"q": "610315-2123457"})
    assert "0가구" in response.text
    assert "김영희" not in rows(response)


def test_searching_is_written_to_the_access_log(world, login):
    login("wolgok2.planner").get(LIST, {"q": "김영희"})
    from chatdong.access.models import AccessLog

    assert AccessLog.objects.filter(username="wolgok2.planner", action="search", detail__contains="김영희").exists()


def test_results_are_paged(world, login, settings):
    add_households(world.wolgok2, 45, members=1)
    client = login("wolgok2.planner")
    first = client.get(LIST)
    assert "47가구" in first.text
    assert 'aria-label="페이지 이동"' in first.text
    third = client.get(LIST, {"page": 3})
    assert len(re.findall(r'href="/registry/households/\d+/"', third.text)) == 47 - 40


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_household_list_costs_the_same_queries_whatever_the_data_size(world, login):
    client = login("wolgok2.planner")
    add_households(world.wolgok2, 1)
    small = _count_queries(client, LIST, {"q": "시험"})
    add_households(world.wolgok2, 60)
    large = _count_queries(client, LIST, {"q": "시험"})
    assert small == large


def test_household_detail_costs_the_same_queries_whatever_the_household_size(world, login):
    client = login("wolgok2.planner")
    [small] = add_households(world.wolgok2, 1, members=1)
    [large] = add_households(world.wolgok2, 1, members=12)
    assert _count_queries(client, reverse("registry:household_detail", args=[small.pk])) == _count_queries(
        client, reverse("registry:household_detail", args=[large.pk])
    )


def test_household_detail_reads_its_members_once_for_the_page_and_its_forms(world, login):
    client = login("wolgok2.planner")
    url = reverse("registry:household_detail", args=[world.kim_household.pk])
    with CaptureQueriesContext(connection) as ctx:
        text = client.get(url).text
    assert sum('FROM "registry_person"' in q["sql"] for q in ctx.captured_queries) == 1
    # The forms (급여·자격, 위기·특성 표시, 전출) still offer the current members to choose from.
    assert text.count(f'<option value="{world.kim.pk}">김영희 (세대주)</option>') == 3


def _household_post(**overrides):
    data = {
        "dong": "",
        "tong_number": "2",
        "ban_number": "1",
        "road_address": "서울특별시 성북구 월곡로 7",
        "address_detail": "3층",
        "phone": "",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "15",
        "members-0-name": "정다은",
        "members-0-relation": "head",
        "members-0-sex": "F",
        "members-0-birth_date": "1988-07-09",
        "members-0-resident_number": "880709-2123456",
        "members-0-phone": "010-2222-3333",
        "members-1-name": "정하율",
        "members-1-relation": "child",
        "members-1-sex": "M",
        "members-1-birth_date": "2019-02-01",
        "members-1-resident_number": "190201-3123456",
        "members-1-phone": "",
    }
    data.update(overrides)
    return data


def test_planner_registers_a_household_with_members_and_it_is_audited(world, login):
    response = login("wolgok2.planner").post(
        reverse("registry:household_create"), _household_post(dong=str(world.wolgok2.pk))
    )
    assert response.status_code == 302
    household = Household.objects.get(road_address="서울특별시 성북구 월곡로 7")
    head = household.members.get(relation="head")
    assert head.masked_rrn == "880709-2******"
    assert "8807092123456" not in head.rrn_encrypted
    entries = AuditEntry.objects.filter(household_id=household.pk, action="create")
    assert entries.count() == 3  # the household and two members
    assert all("8807092123456" not in str(e.changes) for e in entries)


def test_a_number_that_disagrees_with_the_birth_date_saves_nothing(world, login):
    before = Person.objects.count()
    response = login("wolgok2.planner").post(
        reverse("registry:household_create"),
        _household_post(dong=str(world.wolgok2.pk), **{"members-1-resident_number": "190202-3123456"}),
    )
    assert response.status_code == 200
    assert "생년월일" in response.text and "2번째 가구원(정하율)" in response.text
    assert Person.objects.count() == before
    assert not Household.objects.filter(road_address="서울특별시 성북구 월곡로 7").exists()


def test_two_heads_or_a_known_number_are_refused(world, login):
    client = login("wolgok2.planner")
    response = client.post(
        reverse("registry:household_create"),
        _household_post(dong=str(world.wolgok2.pk), **{"members-1-relation": "head"}),
    )
    assert "세대주는 한 명이어야 합니다." in response.text
    response = client.post(
        reverse("registry:household_create"),
        _household_post(dong=str(world.wolgok2.pk), **{"members-0-resident_number": "610315-2123456",
                                                        "members-0-birth_date": "1961-03-15"}),
    )  # fmt: skip
    assert "이미 등록되어 있습니다" in response.text
    assert not Household.objects.filter(road_address="서울특별시 성북구 월곡로 7").exists()


def test_a_planner_cannot_register_a_household_in_another_dong(world, login):
    response = login("jangwi1.planner").post(
        reverse("registry:household_create"), _household_post(dong=str(world.wolgok2.pk))
    )
    # The dong is not even offered to her: the form refuses the choice.
    assert response.status_code == 200
    assert not Household.objects.filter(road_address="서울특별시 성북구 월곡로 7").exists()


def test_consent_is_recorded_then_withdrawn_with_an_audit_trail(world, login):
    client = login("wolgok2.planner")
    url = reverse("registry:consent_create", args=[world.kim.pk])
    response = client.post(
        url,
        {
            "kind": "third_party",
            "scope": "사례관리 목적, 성명·연락처·건강 상태를 보건소에 제공",
            "given_on": dt.date.today().isoformat(),
            "expires_on": (dt.date.today() + dt.timedelta(days=365)).isoformat(),
            "method": "written",
            "agencies": [world.health_centre.pk],
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=world.kim)
    assert consent.status_label == "유효"
    assert list(consent.agencies.all()) == [world.health_centre]
    page = client.get(reverse("registry:person_detail", args=[world.kim.pk]))
    assert "개인정보 제3자 제공 동의" in page.text and "성북구보건소" in page.text
    client.post(reverse("registry:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today()
    assert consent.status_label == "철회"
    assert AuditEntry.objects.filter(model="registry.consent", object_id=str(consent.pk)).count() == 2


def test_third_party_consent_without_an_agency_is_refused(world, login):
    response = login("wolgok2.planner").post(
        reverse("registry:consent_create", args=[world.kim.pk]),
        {"kind": "third_party", "scope": "사례 공유", "given_on": dt.date.today().isoformat(), "method": "verbal"},
    )
    assert response.status_code == 200
    assert "제공받는 기관을 한 곳 이상 선택하세요" in response.text
    assert not Consent.objects.filter(person=world.kim).exists()


def test_a_nurse_may_record_consent_but_the_tong_leader_may_not(world, login):
    url = reverse("registry:consent_create", args=[world.park.pk])
    assert login("wolgok2.nurse").get(url).status_code == 200
    refused = login("wolgok2.tongjang").get(url)
    assert refused.status_code == 403  # she may see the household, not record on it
    assert "권한이 없습니다" in refused.text


def test_a_full_number_typed_in_search_is_logged_only_masked(world, login):
    from chatdong.access.models import AccessLog

    login("wolgok2.planner").get(LIST, {"q": "610315-2123456"})
    entry = AccessLog.objects.get(username="wolgok2.planner", action="search")
    assert "610315-2******" in entry.detail
    assert "2123456" not in entry.detail
