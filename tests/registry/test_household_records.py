"""Adding to a household's record from its page: each change saved and audited, bad input refused."""

import datetime as dt

from django.urls import reverse

from chatdong.access.models import AuditEntry
from chatdong.org.models import NeighbourhoodLeader
from chatdong.registry.models import BenefitType, HouseholdContact, LeaderAssignment, MoveRecord


def record(household, action):
    return reverse("registry:household_record", args=[household.pk, action])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_planner_adds_a_benefit_and_it_shows_on_the_household(world, login):
    client = login("wolgok2.planner")
    pension = BenefitType.objects.get(code="disability_pension")
    response = client.post(
        record(world.kim_household, "benefit"),
        {"person": world.kim.pk, "benefit_type": pension.pk, "started_on": "2026-01-01"},
        follow=True,
    )
    assert "급여·자격을 기록했습니다." in messages_of(response)
    assert "장애인연금" in response.text
    assert AuditEntry.objects.filter(model="registry.benefitstatus", household_id=world.kim_household.pk).exists()


def test_a_flag_reported_to_112_before_it_began_is_refused(world, login):
    response = login("wolgok2.planner").post(
        record(world.kim_household, "flag"),
        {"person": world.kim.pk, "kind": "domestic_violence", "started_on": "2026-11-01",
         "reported_to_police_on": "2026-10-01"},
        follow=True,
    )  # fmt: skip
    assert "112 신고일은 시작일 이후여야 합니다." in messages_of(response)
    assert not world.kim.flags.exists()


def test_a_member_of_another_household_cannot_be_chosen(world, login):
    response = login("wolgok2.planner").post(
        record(world.kim_household, "flag"),
        {"person": world.park.pk, "kind": "reclusive", "started_on": "2026-11-01"},
        follow=True,
    )
    assert any("가구원" in m for m in messages_of(response))
    assert not world.park.flags.filter(kind="reclusive").exists()


def test_contact_and_leader_assignment(world, login):
    client = login("wolgok2.planner")
    client.post(record(world.kim_household, "contact"), {"name": "이수민", "relation": "딸", "phone": "010-7777-8888"})
    assert HouseholdContact.objects.filter(household=world.kim_household, name="이수민").exists()
    leader = NeighbourhoodLeader.objects.get(name="최통장")
    client.post(record(world.kim_household, "leader"), {"leader": leader.pk})
    assert LeaderAssignment.objects.filter(household=world.kim_household, leader=leader).exists()
    # the tong leader now sees the household — contact details only
    page = login("wolgok2.tongjang").get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    assert page.status_code == 200 and "010-7777-8888" in page.text and "610315-2" not in page.text


def test_last_member_moving_out_closes_the_household(world, login):
    client = login("wolgok2.planner")
    client.post(
        record(world.park_household, "move-out"),
        {"person": world.park.pk, "moved_out_on": dt.date.today().isoformat(), "to_address": "경기도 고양시"},
    )
    world.park_household.refresh_from_db()
    assert world.park_household.moved_out_on == dt.date.today()
    assert MoveRecord.objects.filter(person=world.park, kind="move_out", to_address="경기도 고양시").exists()


def test_ending_a_sensitive_flag_needs_to_be_allowed_to_see_it(world, login):
    flag = world.park.flags.get(kind="elder_abuse")
    login("wolgok2.nurse").post(record(world.park_household, "end-flag"), {"flag": flag.pk})
    flag.refresh_from_db()
    assert flag.ended_on is None
    login("wolgok2.planner").post(record(world.park_household, "end-flag"), {"flag": flag.pk})
    flag.refresh_from_db()
    assert flag.ended_on == dt.date.today()


def test_leaders_and_other_dongs_cannot_add_records(world, login):
    assert login("wolgok2.tongjang").post(record(world.park_household, "contact"), {}).status_code == 403
    assert login("jangwi1.planner").post(record(world.park_household, "contact"), {}).status_code == 404
    assert login("wolgok2.planner").post(record(world.park_household, "nonsense"), {}).status_code == 404
