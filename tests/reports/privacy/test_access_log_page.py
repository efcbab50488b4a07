"""An auditor finds who viewed whom, when and from where; nobody else may look."""

from django.urls import reverse

LOG = reverse("reports:access_log")


def test_auditor_finds_who_viewed_a_resident(world, login):
    login("wolgok2.planner").get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    login("jangwi1.planner").get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    response = login("district.auditor").get(LOG, {"subject": "김영희"})
    assert response.status_code == 200
    assert "wolgok2.planner" in response.text
    assert "범위 밖 접근 거부(404)" in response.text  # the other dong's planner, refused
    assert "127.0.0.1" in response.text


def test_auditor_filters_by_viewer(world, login):
    login("wolgok2.planner").get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    login("wolgok2.nurse").get(reverse("registry:household_detail", args=[world.park_household.pk]))
    response = login("district.auditor").get(LOG, {"username": "wolgok2.nurse"})
    assert "wolgok2.nurse" in response.text
    assert "wolgok2.planner" not in response.text.split("<tbody>")[1]


def test_only_auditors_see_the_access_log(world, login):
    response = login("wolgok2.supervisor").get(LOG)
    assert response.status_code == 403
    assert "개인정보 감사 담당자만" in response.text
