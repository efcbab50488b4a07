"""Who may attend a dong's conference: its own staff and 희망복지지원단, nobody of another dong — attending shows
the agenda's residents and cases. A refusal never names the staff member refused (nor tells whether an id is
anyone at all)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chatdong.meetings import services
from chatdong.meetings.models import Attendee, Meeting

from .helpers import actor, conference, staff

BASE = "/api/v1/conferences"


def test_an_internal_conference_refuses_another_dong_s_staff_without_naming_them(world):
    meeting = conference()
    outsider = staff("jangwi1.planner")
    user, supervisor = actor("wolgok2.supervisor")
    with pytest.raises(ValidationError) as refused:
        services.add_attendee(user, supervisor, meeting, staff=outsider, role="참관")
    message = " ".join(refused.value.messages)
    assert "동의 직원" in message and outsider.name not in message and "장위1동" not in message
    assert not Attendee.objects.filter(meeting=meeting, staff=outsider).exists()


def test_own_dong_staff_and_the_district_case_manager_may_attend(world):
    meeting = conference()
    user, supervisor = actor("wolgok2.supervisor")
    services.add_attendee(user, supervisor, meeting, staff=staff("wolgok2.planner"), role="사례 담당")
    services.add_attendee(user, supervisor, meeting, staff=staff("district.hope"), role="자문")
    assert meeting.attendees.filter(staff__isnull=False).count() == 3  # with the chair
    # district staff who are not case staff (the auditor) do not
    with pytest.raises(ValidationError):
        services.add_attendee(user, supervisor, meeting, staff=staff("district.auditor"))


def test_the_page_offers_own_dong_staff_only_and_refuses_an_outsider_namelessly(world, login):
    meeting = conference()
    outsider = staff("jangwi1.planner")
    client = login("wolgok2.supervisor")
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert staff("wolgok2.planner").name in page and outsider.name not in page
    response = client.post(reverse("meetings:attendee_add", args=[meeting.pk]), {"staff": outsider.pk}, follow=True)
    assert outsider.name not in response.text
    assert not Attendee.objects.filter(meeting=meeting, staff=outsider).exists()


def test_the_api_answers_an_outsider_and_a_missing_id_alike(world, api_client):
    meeting = conference()
    client = api_client("wolgok2.supervisor")
    outsider = staff("jangwi1.planner")

    def add(staff_id):
        return client.post(
            f"{BASE}/{meeting.pk}/attendees", {"staff_id": staff_id, "role": "참관"}, content_type="application/json"
        )

    elsewhere, nobody = add(outsider.pk), add(999_999)
    assert elsewhere.status_code == nobody.status_code == 422
    assert elsewhere.json()["detail"] == nobody.json()["detail"]
    assert outsider.name not in elsewhere.text
    assert not Attendee.objects.filter(meeting=meeting, staff=outsider).exists()


def test_a_chair_of_another_dong_is_refused_without_naming_them(world):
    user, supervisor = actor("wolgok2.supervisor")
    outsider = staff("jangwi1.planner")
    with pytest.raises(ValidationError) as refused:
        services.schedule_meeting(
            user, supervisor, kind=Meeting.Kind.INTERNAL_CONFERENCE, schedule=Meeting.Schedule.AD_HOC,
            dong=world.wolgok2, title="회의", starts_at=timezone.now(), chair=outsider,
        )  # fmt: skip
    assert "주재할 수 없습니다" in " ".join(refused.value.messages) and outsider.name not in str(refused.value)
    assert not Meeting.objects.exists()
