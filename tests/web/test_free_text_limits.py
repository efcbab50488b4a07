"""Free text has a limit per field, the same on the page and in the API (the model column's `max_length`), and a
text over it is refused in Korean naming the field and the limit, and changes nothing (issue 12: case notes and
other free text had none)."""

import json

from django.urls import reverse

from chatdong.cases import services as case_services
from chatdong.cases.models import CaseNote
from chatdong.consult.models import Consultation
from chatdong.core.text import limit
from chatdong.meetings.models import Meeting
from chatdong.org.models import StaffMember
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.visits.models import Visit

from ..cases.helpers import TODAY, actor


def over(model, field):  # type: ignore[no-untyped-def]
    """One character more than the field takes."""
    return "가" * (limit(model, field) + 1)


def test_a_case_note_over_10000_characters_is_refused_by_name_and_not_kept(world, login):
    user, principal = actor("wolgok2.planner")
    case = case_services.open_case(user, principal, person=world.kim, source="desk")
    response = login("wolgok2.planner").post(
        reverse("cases:case_action", args=[case.pk, "note"]), {"text": over(CaseNote, "text")}, follow=True
    )
    assert "내용은 10,000자 이내로 입력하세요 (현재 10,001자)." in response.text
    assert not CaseNote.objects.exists()


def test_the_case_note_box_tells_the_browser_its_limit(world, login):
    user, principal = actor("wolgok2.planner")
    case = case_services.open_case(user, principal, person=world.kim, source="desk")
    page = login("wolgok2.planner").get(reverse("cases:case_detail", args=[case.pk]))
    assert 'maxlength="10000"' in page.text


def test_a_consultation_over_its_limit_on_the_page_names_the_field_once(world, login):
    data = {"channel": "walk_in", "visitor": "self", "occurred_on": "2026-01-05", "summary": "가" * 5001}
    response = login("wolgok2.desk").post(f"{reverse('consult:consultation_new')}?person={world.kim.pk}", data)
    assert response.status_code == 200
    assert "상담 내용은 5,000자 이내로 입력하세요 (현재 5,001자)." in response.text
    assert "상담 내용: 상담 내용은" not in response.text
    assert not Consultation.objects.exists()


def test_meeting_minutes_over_20000_characters_are_refused(world, login):
    supervisor = login("wolgok2.supervisor")
    meeting = Meeting.objects.create(
        district=world.wolgok2.district, dong=world.wolgok2, kind=Meeting.Kind.INTERNAL_CONFERENCE,
        schedule=Meeting.Schedule.AD_HOC, title="사례회의", starts_at="2026-01-05T10:00+09:00",
        chair=StaffMember.objects.get(user__username="wolgok2.supervisor"),
    )  # fmt: skip
    response = supervisor.post(
        reverse("meetings:minutes", args=[meeting.pk]), {"minutes": over(Meeting, "minutes")}, follow=True
    )
    assert "회의록은 20,000자 이내로 입력하세요 (현재 20,001자)." in response.text
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json")


def test_the_api_refuses_the_same_limit_in_the_same_words(world, api_client):
    body = {"person_id": world.kim.pk, "channel": "walk_in", "summary": over(Consultation, "summary")}
    response = post(api_client("wolgok2.desk"), "/api/v1/consultations", body)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "summary", "label": "상담 내용", "message": "상담 내용은 5,000자 이내로 입력하세요 (현재 5,001자)."
    }  # fmt: skip
    assert not Consultation.objects.exists()


def test_the_api_documents_each_limit_from_the_model(world, client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["ConsultationIn"]["properties"]["summary"]["maxLength"] == limit(Consultation, "summary")
    assert schemas["VisitIn"]["properties"]["summary"]["maxLength"] == limit(Visit, "summary")
    assert schemas["MinutesIn"]["properties"]["minutes"]["maxLength"] == limit(Meeting, "minutes")


def test_a_visit_need_note_over_its_column_is_refused_not_cut(world, api_client):
    body = {"person_id": world.park.pk, "visited_on": "2026-01-05", "summary": "안부 확인", "outcome": "normal",
            "needs": [["health", "가" * 301]]}  # fmt: skip
    response = post(api_client("wolgok2.planner"), "/api/v1/outreach/visits", body)
    assert response.status_code == 422 and "300자 이내로 입력하세요 (현재 301자)." in response.json()["detail"]
    assert not Visit.objects.exists()


def test_a_cohort_contact_note_has_the_limit_of_its_column(world, api_client):
    """It had none in the API (the page's form had 1,000)."""
    planner = StaffMember.objects.get(user__username="wolgok2.planner")
    target = Target.objects.create(
        programme=Programme.POVERTY_CRISIS, period_start=TODAY.replace(day=1), dong=world.wolgok2,
        household=world.park_household, person=world.park, source=Source.BENEFIT_LIST, planner=planner,
    )  # fmt: skip
    body = {"result": "consented", "contacted_on": "2026-01-05", "note": over(Target, "note")}
    response = post(api_client("wolgok2.planner"), f"/api/v1/outreach/targets/{target.pk}/contact", body)
    assert response.status_code == 422 and "1,000자 이내로 입력하세요" in response.json()["detail"]
    target.refresh_from_db()
    assert target.note == ""
