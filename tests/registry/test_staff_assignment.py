"""담당 직원 지정: being in charge of a household opens its sensitive records, so only the dong's welfare supervisor
or 동장 puts staff in charge — never a staff member themselves — and only staff of the household's own dong."""

import datetime as dt

import pytest
from django.urls import reverse

from chatdong.access.principal import principal_for
from chatdong.org.models import StaffMember
from chatdong.registry import services
from chatdong.registry.models import PersonFlag, StaffAssignment

ABUSE = 'cd-tag-danger">가정폭력 의심'  # the tag on a member's row, not the flag form's choice


@pytest.fixture
def violence(world):
    """A suspected domestic-violence record in 김영희's household, which nobody is in charge of yet."""
    return PersonFlag.objects.create(person=world.kim, kind="domestic_violence", started_on=dt.date(2026, 9, 1))


def staff(username):
    return StaffMember.objects.get(user__username=username)


def assign_url(household):
    return reverse("registry:household_record", args=[household.pk, "staff"])


def household_page(client, household):
    return client.get(reverse("registry:household_detail", args=[household.pk]))


def in_charge(household, username):
    return StaffAssignment.objects.filter(household=household, staff=staff(username), ended_on=None).exists()


def test_a_planner_cannot_put_themselves_in_charge(world, login, violence):
    client = login("wolgok2.planner65")
    response = client.post(assign_url(world.kim_household), {"staff": staff("wolgok2.planner65").pk})
    assert response.status_code == 403
    assert "복지수퍼바이저나 동장만" in response.text
    assert not in_charge(world.kim_household, "wolgok2.planner65")
    assert ABUSE not in household_page(client, world.kim_household).text


def test_a_planner_cannot_put_a_colleague_in_charge_either(world, login):
    response = login("wolgok2.planner65").post(assign_url(world.kim_household), {"staff": staff("wolgok2.nurse").pk})
    assert response.status_code == 403
    assert not StaffAssignment.objects.filter(household=world.kim_household).exists()


def test_the_form_is_offered_only_to_the_supervisor_and_the_dong_head(world, login):
    assert "담당 직원 지정" not in household_page(login("wolgok2.planner65"), world.kim_household).text
    for username in ("wolgok2.supervisor", "wolgok2.head"):
        assert "담당 직원 지정" in household_page(login(username), world.kim_household).text


def test_the_supervisor_puts_a_planner_in_charge_who_then_sees_the_sensitive_records(world, login, violence):
    planner = login("wolgok2.planner65")
    assert ABUSE not in household_page(planner, world.kim_household).text
    response = login("wolgok2.supervisor").post(
        assign_url(world.kim_household), {"staff": staff("wolgok2.planner65").pk}, follow=True
    )
    assert "담당 직원을 지정했습니다." in [str(m) for m in response.context["messages"]]
    assert in_charge(world.kim_household, "wolgok2.planner65")
    assert ABUSE in household_page(planner, world.kim_household).text


def test_the_dong_head_assigns_but_not_themselves(world, login, violence):
    head = login("wolgok2.head")
    head.post(assign_url(world.kim_household), {"staff": staff("wolgok2.nurse").pk})
    assert in_charge(world.kim_household, "wolgok2.nurse")
    # 동장 does not see sensitive records by role: putting themselves in charge would grant it.
    form_page = household_page(head, world.kim_household).text
    assert staff("wolgok2.head").name not in form_page.split("담당 직원 지정")[1]
    response = head.post(assign_url(world.kim_household), {"staff": staff("wolgok2.head").pk}, follow=True)
    assert any("자기 자신은" in str(m) for m in response.context["messages"])
    assert not in_charge(world.kim_household, "wolgok2.head")
    assert ABUSE not in household_page(head, world.kim_household).text


def test_the_service_refuses_self_assignment_too(world, violence):
    head = staff("wolgok2.head")
    with pytest.raises(Exception, match="자기 자신을 담당 직원으로"):
        services.assign_staff(head.user, principal_for(head.user), world.kim_household, head, dt.date.today())
    assert not in_charge(world.kim_household, "wolgok2.head")


def test_the_supervisor_may_take_a_household_themselves(world, login):
    login("wolgok2.supervisor").post(assign_url(world.kim_household), {"staff": staff("wolgok2.supervisor").pk})
    assert in_charge(world.kim_household, "wolgok2.supervisor")


def test_staff_of_another_dong_cannot_be_put_in_charge_and_are_not_named(world, login):
    outsider = staff("jangwi1.planner")
    response = login("wolgok2.supervisor").post(assign_url(world.kim_household), {"staff": outsider.pk}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("이 동의 직원" in m for m in messages)
    assert all(outsider.name not in m for m in messages)
    assert not StaffAssignment.objects.filter(household=world.kim_household, staff=outsider).exists()
    # the form lists none of them
    assert outsider.name not in household_page(login("wolgok2.supervisor"), world.kim_household).text


def test_the_service_refuses_another_dong_s_staff_without_naming_them(world):
    supervisor, outsider = staff("wolgok2.supervisor"), staff("jangwi1.planner")
    with pytest.raises(Exception) as refused:
        services.assign_staff(
            supervisor.user, principal_for(supervisor.user), world.kim_household, outsider, dt.date.today()
        )
    assert "이 가구의 동 직원만" in str(refused.value) and outsider.name not in str(refused.value)
    assert not StaffAssignment.objects.filter(household=world.kim_household, staff=outsider).exists()


def test_another_dong_s_supervisor_does_not_reach_the_household(world, login):
    # 장위1동 has no supervisor in the world; its planner is refused as out of scope (404), nothing changes.
    response = login("jangwi1.planner").post(assign_url(world.kim_household), {"staff": staff("jangwi1.planner").pk})
    assert response.status_code == 404
    assert not StaffAssignment.objects.filter(household=world.kim_household).exists()


def test_the_supervisor_s_form_lists_the_dong_s_staff(world, login):
    form_page = household_page(login("wolgok2.supervisor"), world.kim_household).text.split("담당 직원 지정")[1]
    assert staff("wolgok2.head").name in form_page and staff("wolgok2.planner65").name in form_page
