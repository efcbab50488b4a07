"""The dong head assigns zones to officers, tongs to zones and roles to staff; others may not."""

from django.urls import reverse

from chatdong.access.models import AuditEntry
from chatdong.org.models import RoleAssignment, StaffMember, Tong, Zone

ZONES = reverse("access:zones")


def test_dong_head_sees_the_zones_tongs_and_staff_of_her_dong(world, login):
    response = login("wolgok2.head").get(ZONES)
    assert response.status_code == 200
    assert "1구역" in response.text and "최통장" in response.text and "김하늘" in response.text
    assert "오민준" not in response.text  # staff of 장위1동


def test_dong_head_assigns_an_officer_to_a_zone_and_it_is_audited(world, login):
    zone = Zone.objects.get(dong=world.wolgok2, number=2)
    nurse = StaffMember.objects.get(user__username="wolgok2.nurse")
    response = login("wolgok2.head").post(ZONES, {"action": "zone_officer", "zone": zone.pk, "officer": nurse.pk})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.officer == nurse
    assert RoleAssignment.objects.filter(staff=nurse, role="neighbourhood_officer").exists()
    assert AuditEntry.objects.filter(model="org.zone", object_id=str(zone.pk), username="wolgok2.head").exists()


def test_an_officer_of_another_dong_cannot_walk_this_dongs_zone(world, login):
    zone = Zone.objects.get(dong=world.wolgok2, number=2)
    outsider = StaffMember.objects.get(user__username="jangwi1.planner")
    response = login("wolgok2.head").post(
        ZONES, {"action": "zone_officer", "zone": zone.pk, "officer": outsider.pk}, follow=True
    )
    assert "소속이 아니어서 구역을 맡을 수 없습니다" in response.text
    zone.refresh_from_db()
    assert zone.officer.user.username == "wolgok2.planner65"  # unchanged


def test_a_tong_moves_to_another_zone(world, login):
    tong = Tong.objects.get(dong=world.wolgok2, number=1)
    zone2 = Zone.objects.get(dong=world.wolgok2, number=2)
    login("wolgok2.head").post(ZONES, {"action": "tong_zone", "tong": tong.pk, "zone": zone2.pk})
    tong.refresh_from_db()
    assert tong.zone == zone2


def test_a_dong_head_cannot_touch_another_dongs_tong(world, login):
    tong = Tong.objects.get(dong=world.jangwi1, number=1)
    before = tong.zone_id
    response = login("wolgok2.head").post(ZONES, {"action": "tong_zone", "tong": tong.pk, "zone": ""})
    assert response.status_code == 404
    tong.refresh_from_db()
    assert tong.zone_id == before


def test_roles_are_replaced_and_audited(world, login):
    nurse = StaffMember.objects.get(user__username="wolgok2.nurse")
    url = reverse("access:staff_roles", args=[nurse.pk])
    response = login("wolgok2.head").post(
        url, {"roles": ["visiting_nurse", "welfare_planner"], "speciality": "turning_65"}
    )
    assert response.status_code == 302
    assert set(nurse.roles.values_list("role", "speciality")) == {
        ("visiting_nurse", ""),
        ("welfare_planner", "turning_65"),
    }
    assert AuditEntry.objects.filter(model="org.staffmember", object_id=str(nurse.pk)).exists()


def test_no_role_at_all_is_refused(world, login):
    nurse = StaffMember.objects.get(user__username="wolgok2.nurse")
    response = login("wolgok2.head").post(reverse("access:staff_roles", args=[nurse.pk]), {"roles": []})
    assert response.status_code == 200
    assert nurse.roles.filter(role="visiting_nurse").exists()


def test_a_planner_may_not_manage_zones(world, login):
    response = login("wolgok2.planner").get(ZONES)
    assert response.status_code == 403
    assert "동장 또는 우리동네주무관 총괄만" in response.text


def roles_url(username):
    return reverse("access:staff_roles", args=[StaffMember.objects.get(user__username=username).pk])


def roles_of(username):
    return set(RoleAssignment.objects.filter(staff__user__username=username).values_list("role", flat=True))


def test_nobody_raises_their_own_roles(world, login):
    """Before, the coordinator could make themselves 복지수퍼바이저 (every sensitive record of the dong)."""
    for username in ("wolgok2.coordinator", "wolgok2.head"):
        before = roles_of(username)
        response = login(username).post(roles_url(username), {"roles": [*before, "welfare_supervisor"]})
        assert response.status_code == 403 and "자기 자신의 역할" in response.text
        assert roles_of(username) == before


def test_the_coordinator_gives_neither_supervisor_nor_district_roles(world, login):
    coordinator = login("wolgok2.coordinator")
    for role, why in (("welfare_supervisor", "동장만"), ("hope_case_manager", "시스템 관리자만")):
        response = coordinator.post(roles_url("wolgok2.nurse"), {"roles": ["visiting_nurse", role]})
        assert response.status_code == 403 and why in response.text
        assert roles_of("wolgok2.nurse") == {"visiting_nurse"}
    # the dong head names a supervisor; a district role stays the administrator's
    head = login("wolgok2.head")
    head.post(roles_url("wolgok2.nurse"), {"roles": ["visiting_nurse", "welfare_supervisor"]})
    assert roles_of("wolgok2.nurse") == {"visiting_nurse", "welfare_supervisor"}
    assert head.post(roles_url("wolgok2.nurse"), {"roles": ["privacy_auditor"]}).status_code == 403
