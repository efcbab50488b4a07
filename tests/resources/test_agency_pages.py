"""Staff find partner agencies and their contacts in the directory; tong leaders do not get it."""

from django.urls import reverse


def test_staff_find_agencies_with_their_contacts(world, login):
    from chatdong.org.models import AgencyContact

    AgencyContact.objects.create(agency=world.health_centre, name="노을", title="방문건강관리", phone="02-2241-0000")
    response = login("wolgok2.desk").get(reverse("resources:agencies"), {"kind": "health_centre"})
    assert response.status_code == 200
    assert "성북구보건소" in response.text and "02-2241-0000" in response.text
    assert "월곡종합사회복지관" not in response.text


def test_leaders_do_not_get_the_agency_directory(world, login):
    assert login("wolgok2.tongjang").get(reverse("resources:agencies")).status_code == 403
