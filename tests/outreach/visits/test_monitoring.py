"""Monitored households: 배유진 (돌봄위기 전담) keeps her households on cadence; a contact moves the due date,
the tier changes it, an overdue household is on her work list, and the supervisor sets the dong's cadence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.outreach.visits import cadence, monitoring
from chatdong.outreach.visits.models import CadenceSetting, MonitoringContact, WatchedHousehold
from chatdong.web.worklist import work_list
from tests.meetings.helpers import actor
from tests.outreach.visits.helpers import TODAY, staff
from tests.registry.helpers import add_households


def watch(household, tier="integrated", days_ago=20, planner="wolgok2.plannercare", programme="care_crisis"):
    user, _ = actor(planner)
    return cadence.watch_household(
        user, household, tier, staff(planner), TODAY - dt.timedelta(days=days_ago), programme=programme
    )


def test_an_overdue_care_crisis_household_is_on_the_carers_work_list(world, login):
    w = watch(world.park_household)  # twice a month, started 20 days ago: 5 days late
    sections = {s.key: s for s in work_list(actor("wolgok2.plannercare")[1], TODAY)}
    overdue = sections["watch_overdue"]
    assert overdue.count == 1 and overdue.overdue_count == 1
    item = overdue.items[0]
    assert item.title == "박순자 · 통합사례관리 가구 · 돌봄위기가정"
    assert "5일 지남" in item.detail and item.urgent and item.url == f"/outreach/monitoring/{w.pk}/"
    # Not anyone else's.
    planner_sections = {s.key: s for s in work_list(actor("wolgok2.planner")[1], TODAY)}
    assert planner_sections["watch_overdue"].count == 0
    page = login("wolgok2.plannercare").get(reverse("work_list")).text
    assert "모니터링 기한 지남" in page and "박순자 · 통합사례관리 가구" in page


def test_a_contact_moves_the_due_date_and_takes_it_off_the_overdue_list(world, login):
    w = watch(world.park_household)
    client = login("wolgok2.plannercare")
    response = client.post(
        reverse("outreach:watch_action", args=[w.pk, "contact"]),
        {"contacted_on": TODAY.isoformat(), "method": "phone", "note": "아들과 분리 후 안정"},
    )
    assert response.status_code == 302
    w.refresh_from_db()
    assert w.last_contact_on == TODAY and w.next_due_on == TODAY + dt.timedelta(days=15)
    sections = {s.key: s for s in work_list(actor("wolgok2.plannercare")[1], TODAY)}
    assert sections["watch_overdue"].count == 0
    assert "아들과 분리 후 안정" in client.get(reverse("outreach:watch_detail", args=[w.pk])).text


def test_a_bad_contact_changes_nothing_and_says_why(world, login):
    w = watch(world.park_household)
    before = w.next_due_on
    client = login("wolgok2.plannercare")
    future = client.post(
        reverse("outreach:watch_action", args=[w.pk, "contact"]),
        {"contacted_on": (TODAY + dt.timedelta(days=2)).isoformat(), "method": "phone"},
    )
    assert "접촉일은 오늘 이후일 수 없습니다" in future.content.decode()
    early = client.post(
        reverse("outreach:watch_action", args=[w.pk, "contact"]),
        {"contacted_on": (TODAY - dt.timedelta(days=90)).isoformat(), "method": "visit"},
    )
    assert "모니터링 시작일 이후" in early.content.decode()
    w.refresh_from_db()
    assert w.next_due_on == before and not MonitoringContact.objects.exists()


def test_tier_changes_belong_to_the_planner_and_the_supervisor(world, login):
    w = watch(world.park_household, tier="caution", days_ago=10)
    assert (
        login("wolgok2.nurse")
        .post(reverse("outreach:watch_action", args=[w.pk, "tier"]), {"tier": "integrated"})
        .status_code
        == 403
    )
    w.refresh_from_db()
    assert w.tier == "caution"
    login("wolgok2.supervisor").post(reverse("outreach:watch_action", args=[w.pk, "tier"]), {"tier": "integrated"})
    w.refresh_from_db()
    assert w.tier == "integrated" and w.next_due_on == TODAY + dt.timedelta(days=5)
    assert AuditEntry.objects.filter(model="outreach.watchedhousehold", object_id=str(w.pk), action="update").exists()


def test_a_planner_of_another_dong_cannot_take_over(world):
    w = watch(world.park_household)
    user, principal = actor("wolgok2.plannercare")
    with pytest.raises(ValidationError, match="동 소속이 아니어서"):
        monitoring.set_tier(user, principal, w, "service", staff("jangwi1.planner"))


def test_ending_a_watch_needs_a_reason_and_takes_it_off_the_lists(world, login):
    w = watch(world.park_household)
    client = login("wolgok2.plannercare")
    refused = client.post(reverse("outreach:watch_action", args=[w.pk, "end"]), {"ended_on": TODAY.isoformat()})
    assert "종료 사유" in refused.content.decode()
    client.post(
        reverse("outreach:watch_action", args=[w.pk, "end"]), {"ended_on": TODAY.isoformat(), "reason": "상황 호전"}
    )
    w.refresh_from_db()
    assert w.ended_on == TODAY
    assert "박순자" not in client.get(reverse("outreach:watch_list")).text
    late = client.post(
        reverse("outreach:watch_action", args=[w.pk, "contact"]), {"contacted_on": TODAY.isoformat(), "method": "phone"}
    )
    assert "모니터링이 끝난 가구" in late.content.decode()
    assert not MonitoringContact.objects.exists()


def test_the_supervisor_sets_the_dongs_cadence_and_due_dates_follow(world, login):
    w = watch(world.park_household, tier="service", days_ago=10)  # due in 20 days by default
    assert (
        login("wolgok2.plannercare").post(reverse("outreach:cadence"), {"tier": "service", "days": 14}).status_code
        == 403
    )
    client = login("wolgok2.supervisor")
    assert "서비스 관리 가구" in client.get(reverse("outreach:cadence")).text
    response = client.post(reverse("outreach:cadence"), {"tier": "service", "days": 14}, follow=True)
    assert "1곳의 다음 점검 예정일이 바뀌었습니다" in response.content.decode()
    w.refresh_from_db()
    assert w.next_due_on == TODAY + dt.timedelta(days=4)
    assert CadenceSetting.objects.get(dong=world.wolgok2, tier="service").interval_days == 14
    bad = client.post(reverse("outreach:cadence"), {"tier": "service", "days": 3})
    assert "7~180일" in bad.content.decode()
    assert CadenceSetting.objects.get(dong=world.wolgok2, tier="service").interval_days == 14
    # Another dong's households keep the default.
    assert cadence.interval_days(world.jangwi1.pk, "service") == 30


def test_watched_households_are_scoped_to_the_dong(world, login):
    w = watch(world.park_household)
    assert login("jangwi1.planner").get(reverse("outreach:watch_detail", args=[w.pk])).status_code == 404
    assert login("district.stats").get(reverse("outreach:watch_list")).status_code == 403
    assert login("district.hope").get(reverse("outreach:watch_detail", args=[w.pk])).status_code == 200


def test_the_watch_list_costs_the_same_for_one_or_twenty(world, login):
    client = login("wolgok2.plannercare")
    households = add_households(world.wolgok2, 20, members=2)
    watch(households[0])

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            text = client.get(reverse("outreach:watch_list"), {"due": "overdue"}).text
        assert "시험00" in text
        return len(ctx)

    one = cost()
    for h in households[1:]:
        watch(h)
    assert cost() == one
    assert WatchedHousehold.objects.filter(planner=staff("wolgok2.plannercare")).count() == 20
    assert "20가구" in client.get(reverse("outreach:watch_list"), {"scope": "dong", "due": "overdue"}).text


def test_record_contact_refuses_the_leader_method_which_belongs_to_check_ins(world):
    w = watch(world.park_household)
    user, principal = actor("wolgok2.plannercare")
    with pytest.raises(ValidationError, match="안부확인 화면"):
        monitoring.record_watch_contact(user, principal, w, contacted_on=TODAY, method="leader_check_in")
    with pytest.raises(Forbidden):
        monitoring.record_watch_contact(*actor("jangwi1.planner"), w, contacted_on=TODAY, method="phone")
