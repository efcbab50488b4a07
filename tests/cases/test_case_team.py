"""The case team: joining it opens the case's notes and its household's sensitive records, so only the dong's
welfare supervisor or 동장 (for a case escalated to the district, 희망복지지원단) puts staff on it — nobody puts
themselves — and only staff of the case's dong (or 희망복지지원단 on an escalated case)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chatdong.access.errors import Forbidden
from chatdong.cases import services
from chatdong.cases.models import CaseNote, CaseTeamMember
from chatdong.org.models import StaffMember

from .helpers import actor, case_in_service

NOTE = "아들의 폭언이 계속된다고 함"
ABUSE = "노인학대 의심"  # 박순자's household's sensitive record


def staff(username):
    return StaffMember.objects.get(user__username=username)


def detail(case):
    return reverse("cases:case_detail", args=[case.pk])


def act(case, action):
    return reverse("cases:case_action", args=[case.pk, action])


def on_team(case, username):
    return CaseTeamMember.objects.filter(case=case, staff=staff(username)).exists()


@pytest.fixture
def park_case(world):
    """박순자's case in service, worked by the planner, with one note."""
    case = case_in_service(world, person=world.park)
    _user, planner = actor("wolgok2.planner")
    CaseNote.objects.create(case=case, author=planner.staff, text=NOTE)
    return case


def test_a_planner_cannot_put_themselves_on_a_case_team(world, login, park_case):
    client = login("wolgok2.planner65")
    response = client.post(act(park_case, "team"), {"staff": staff("wolgok2.planner65").pk})
    assert response.status_code == 403 and "복지수퍼바이저나 동장" in response.text
    assert not on_team(park_case, "wolgok2.planner65")
    page = client.get(detail(park_case)).text
    assert NOTE not in page and ABUSE not in page


def test_the_case_s_worker_does_not_add_colleagues_and_is_not_offered_the_form(world, login, park_case):
    planner = login("wolgok2.planner")
    assert 'id="action-team"' not in planner.get(detail(park_case)).text
    assert planner.post(act(park_case, "team"), {"staff": staff("wolgok2.nurse").pk}).status_code == 403
    assert not CaseTeamMember.objects.filter(case=park_case).exists()


def test_the_supervisor_adds_a_planner_of_the_dong_who_then_reads_the_notes(world, login, park_case):
    supervisor = login("wolgok2.supervisor")
    assert 'id="action-team"' in supervisor.get(detail(park_case)).text
    response = supervisor.post(act(park_case, "team"), {"staff": staff("wolgok2.planner65").pk}, follow=True)
    assert "사례 담당자를 추가했습니다." in [str(m) for m in response.context["messages"]]
    page = login("wolgok2.planner65").get(detail(park_case)).text
    assert NOTE in page and ABUSE in page


def test_the_supervisor_cannot_add_another_dong_s_staff_and_the_refusal_names_nobody(world, login, park_case):
    outsider = staff("jangwi1.planner")
    supervisor = login("wolgok2.supervisor")
    assert outsider.name not in supervisor.get(detail(park_case)).text  # not offered
    response = supervisor.post(act(park_case, "team"), {"staff": outsider.pk}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and all(outsider.name not in m for m in messages)
    assert not on_team(park_case, "jangwi1.planner")
    # the service says the same, naming nobody
    user, principal = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError) as refused:
        services.add_team_member(user, principal, park_case, outsider)
    assert "이 사례의 동 직원" in str(refused.value) and outsider.name not in str(refused.value)
    assert not on_team(park_case, "jangwi1.planner")


def test_the_dong_head_adds_staff_but_not_themselves(world, login, park_case):
    head = login("wolgok2.head")
    head.post(act(park_case, "team"), {"staff": staff("wolgok2.nurse").pk})
    assert on_team(park_case, "wolgok2.nurse")
    head.post(act(park_case, "team"), {"staff": staff("wolgok2.head").pk})
    assert not on_team(park_case, "wolgok2.head")
    user, principal = actor("wolgok2.head")
    with pytest.raises(Forbidden, match="자기 자신을 사례 담당자로"):
        services.add_team_member(user, principal, park_case, staff("wolgok2.head"))
    assert NOTE not in head.get(detail(park_case)).text


def test_the_district_case_manager_adds_to_a_case_escalated_to_them_only(world, login, park_case):
    user, hope = actor("district.hope")
    escalated = services.open_case(user, hope, person=world.kim, source="desk")  # run by 희망복지지원단
    hope_client = login("district.hope")
    hope_client.post(act(escalated, "team"), {"staff": staff("wolgok2.nurse").pk})
    assert on_team(escalated, "wolgok2.nurse")
    # a dong's case is the dong's supervisor's to staff
    assert hope_client.post(act(park_case, "team"), {"staff": staff("wolgok2.nurse").pk}).status_code == 403
    assert not on_team(park_case, "wolgok2.nurse")


def test_opening_a_case_does_not_open_the_household_s_sensitive_records(world, login):
    """Before, anyone of the dong could open a case on any household and read its abuse record on the case page
    (and, being put in charge, on the household page)."""
    user, planner65 = actor("wolgok2.planner65")
    case = services.open_case(user, planner65, person=world.park, source="desk")
    client = login("wolgok2.planner65")
    assert client.get(detail(case)).status_code == 200
    assert ABUSE not in client.get(detail(case)).text
    household = client.get(reverse("registry:household_detail", args=[world.park_household.pk])).text
    assert f'cd-tag-danger">{ABUSE}' not in household
