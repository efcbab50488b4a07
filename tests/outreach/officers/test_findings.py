"""강도윤, the officer of zone 1, walks his zone and hands over what he finds: 김영희's family needing care goes to
the poverty-crisis planner 김하늘 (and onto this month's 빈곤위기가정 list), a neighbour who can help goes to the
resource manager, a broken streetlight to the responsible officer — and he is told when each is done."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.core.models import Notice
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.officers import activities, findings
from chatdong.outreach.officers.models import ActivityPhoto, Finding, OfficerActivity
from chatdong.outreach.officers.states import FindingKind, FindingStatus
from tests.outreach.helpers import actor, photo, staff

TODAY = dt.date.today()


def zone1(world):
    return world.wolgok2.zones.get(number=1)


def walk(world, **extra) -> OfficerActivity:
    user, principal = actor("wolgok2.officer")
    fields = {"occurred_on": TODAY, "places": "월곡시장, 3통 경로당", "people_met": "최통장, 경로당 회장"}
    return activities.record_activity(user, principal, zone1(world), **{**fields, **extra})


def notices_of(username: str) -> list[str]:
    return list(Notice.objects.filter(recipient__username=username).values_list("message", flat=True))


def test_officer_records_a_walk_with_photos_and_only_dong_staff_see_them(world, login):
    activity = walk(world, complaints="보안등 고장(2통 골목)", photos=[photo(), photo("b.png", "PNG")])
    stored = list(activity.photos.all())
    assert len(stored) == 2
    # The storage adds a suffix when an earlier test (rolled back, its id reused on SQLite) left the same name.
    assert re.search(rf"/walk-{activity.pk}-1(_\w+)?\.jpg$", stored[0].image.name)
    assert AuditEntry.objects.filter(model="outreach.officeractivity", object_id=str(activity.pk)).exists()

    page = login("wolgok2.supervisor").get(reverse("outreach:activity_detail", args=[activity.pk]))
    assert page.status_code == 200 and "보안등 고장" in page.text
    image = login("wolgok2.supervisor").get(reverse("outreach:photo", args=[stored[0].pk]))
    assert image.status_code == 200 and image["Cache-Control"].startswith("private")
    # Another dong's planner, the statistics officer and a tong leader: the photo "does not exist" / is refused.
    assert login("jangwi1.planner").get(reverse("outreach:photo", args=[stored[0].pk])).status_code == 404
    assert login("jangwi1.planner").get(reverse("outreach:activity_detail", args=[activity.pk])).status_code == 404
    assert login("district.stats").get(reverse("outreach:photo", args=[stored[0].pk])).status_code == 403
    assert login("wolgok2.tongjang").get(reverse("outreach:photo", args=[stored[0].pk])).status_code == 403


def test_a_phones_location_and_device_are_not_kept_and_the_photo_stands_upright(world):
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x0112] = 6  # Orientation: the camera was turned; the picture must be rotated 90°
    exif.get_ifd(0x8825)[2] = (37.0, 36.0, 1.0)  # GPSLatitude
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 180, 90)).save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG_20261120_GPS.jpg", buffer.getvalue(), content_type="image/jpeg")
    activity = walk(world, photos=[upload])
    with activity.photos.get().image.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif() == {} and "exif" not in image.info
        assert image.size == (30, 40)


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_kept(world):
    script = SimpleUploadedFile("walk.jpg", b"#!/bin/sh\necho hi\n", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        walk(world, photos=[photo(), script])
    assert "사진 파일이 아니거나 손상된 파일입니다" in " ".join(exc.value.messages)
    assert not OfficerActivity.objects.exists() and not ActivityPhoto.objects.exists()


def test_photos_over_the_size_limit_are_refused(world):
    big = photo()
    big.size = activities.MAX_PHOTO_BYTES + 1
    with pytest.raises(ValidationError, match="10MB 이하"):
        walk(world, photos=[big])


def test_only_the_zones_officer_or_the_coordinator_records_its_walks(world, login):
    user, principal = actor("wolgok2.planner65")  # officer of zone 2
    with pytest.raises(Forbidden, match="그 구역의 우리동네주무관"):
        activities.record_activity(user, principal, zone1(world), occurred_on=TODAY, places="시장")
    user, principal = actor("wolgok2.coordinator")
    assert activities.record_activity(user, principal, zone1(world), occurred_on=TODAY, places="시장").pk
    response = login("wolgok2.planner65").get(reverse("outreach:activity_new", args=[zone1(world).pk]))
    assert response.status_code == 403


def test_a_future_walk_or_no_place_is_refused_in_korean(world):
    with pytest.raises(ValidationError) as exc:
        walk(world, occurred_on=TODAY + dt.timedelta(days=1), places=" ")
    assert exc.value.messages == ["다녀온 곳을(를) 입력하세요.", "활동일은 오늘 이후일 수 없습니다."]


def test_care_needed_goes_to_the_poverty_planner_onto_the_list_and_the_officer_is_told(world, login):
    activity = walk(world)
    user, principal = actor("wolgok2.officer")
    finding = findings.hand_over(
        user, principal, kind=FindingKind.CARE_NEEDED, person=world.kim, activity=activity,
        description="남편 실직 후 공과금 체납, 아이 급식비 걱정",
    )  # fmt: skip
    assert finding.routed_to == staff("wolgok2.planner")
    target = Target.objects.get(person=world.kim, programme=Programme.POVERTY_CRISIS)
    assert (target.source, target.planner, target.period_start) == (
        Source.OFFICER,
        staff("wolgok2.planner"),
        TODAY.replace(day=1),
    )
    assert finding.target == target
    assert any("강도윤님이 돌봄이웃" in m for m in notices_of("wolgok2.planner"))

    # The planner sees it in her work list and on her findings page, and records the result.
    page = login("wolgok2.planner").get(reverse("work_list"))
    assert "전달받은 발굴·민원" in page.text and "김영희" in page.text
    planner, p_principal = actor("wolgok2.planner")
    findings.start(planner, p_principal, finding)
    findings.complete(planner, p_principal, finding, result="긴급복지 생계지원 신청, 다음 주 가정방문")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DONE and finding.handled_on == TODAY
    assert any("처리 완료(김하늘): 긴급복지 생계지원 신청" in m for m in notices_of("wolgok2.officer"))


def test_care_needed_with_intake_opens_a_case_for_the_planner(world):
    user, principal = actor("wolgok2.officer")
    finding = findings.hand_over(
        user, principal, kind=FindingKind.CARE_NEEDED, person=world.kim, description="단전 예고", intake=True
    )
    assert finding.case is not None and finding.case.worker == staff("wolgok2.planner")
    assert finding.case.source == "officer"


def test_a_helper_goes_to_the_resource_manager(world):
    user, principal = actor("wolgok2.officer")
    finding = findings.hand_over(
        user, principal, kind=FindingKind.HELPER, subject="김밥집 사장 박OO(월곡시장)",
        description="홀몸어르신 반찬 나눔 의향",
    )  # fmt: skip
    assert finding.routed_to == staff("wolgok2.resources")
    manager, m_principal = actor("wolgok2.resources")
    with pytest.raises(ValidationError, match="당사자\\(나눔이웃\\)에게 알린 날짜와 방법"):
        findings.complete(manager, m_principal, finding, result="나눔이웃 등록")
    findings.complete(manager, m_principal, finding, result="나눔이웃 등록", told_on=TODAY, told_how="전화")
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.DONE


def test_a_complaint_goes_to_the_officer_chosen_who_tells_the_complainant(world):
    user, principal = actor("wolgok2.officer")
    with pytest.raises(ValidationError, match="담당 직원을 고르세요"):
        findings.hand_over(user, principal, kind=FindingKind.COMPLAINT, subject="2통 골목", description="보안등 고장")
    assert not Finding.objects.exists()
    finding = findings.hand_over(
        user, principal, kind=FindingKind.COMPLAINT, subject="2통 골목", description="보안등 고장",
        responsible=staff("wolgok2.coordinator"),
    )  # fmt: skip
    # Only the receiver records the result.
    with pytest.raises(Forbidden):
        findings.complete(user, principal, finding, result="수리", told_on=TODAY, told_how="전화")
    coord, c_principal = actor("wolgok2.coordinator")
    with pytest.raises(ValidationError, match="민원인에게 알린 날짜와 방법"):
        findings.complete(coord, c_principal, finding, result="구청 도로과 수리 완료")
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.HANDED_OVER
    findings.complete(coord, c_principal, finding, result="구청 도로과 수리 완료", told_on=TODAY, told_how="문자")
    finding.refresh_from_db()
    assert (finding.complainant_told_on, finding.complainant_told_how) == (TODAY, "문자")
    with pytest.raises(ValidationError, match="처리완료"):
        findings.start(coord, c_principal, finding)


def test_a_complaint_may_not_go_to_another_dongs_staff(world):
    user, principal = actor("wolgok2.officer")
    with pytest.raises(ValidationError, match="이 동이나 구청의 직원이 아니어서"):
        findings.hand_over(
            user, principal, kind=FindingKind.COMPLAINT, subject="골목", description="쓰레기 무단투기",
            responsible=staff("jangwi1.planner"),
        )  # fmt: skip


def test_findings_are_seen_by_the_dong_and_the_raising_leader_only(world, login):
    user, principal = actor("wolgok2.officer")
    finding = findings.hand_over(user, principal, kind=FindingKind.CARE_NEEDED, person=world.kim, description="체납")
    url = reverse("outreach:finding_detail", args=[finding.pk])
    assert login("wolgok2.supervisor").get(url).status_code == 200
    assert login("jangwi1.planner").get(url).status_code == 404
    assert login("wolgok2.tongjang").get(url).status_code == 404
    assert login("district.stats").get(url).status_code == 404


def test_handing_over_from_the_page_in_one_step(world, login):
    activity = walk(world)
    client = login("wolgok2.officer")
    search = client.get(reverse("outreach:finding_new"), {"activity": activity.pk, "q": "김영희"})
    assert "김영희" in search.text
    response = client.post(
        reverse("outreach:finding_new"),
        {"activity": activity.pk, "person": world.kim.pk, "kind": "care_needed", "description": "공과금 체납"},
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outreach:finding_detail", args=[finding.pk])
    assert finding.activity == activity and finding.person == world.kim
    bad = client.post(
        reverse("outreach:finding_new"), {"kind": "complaint", "description": "보안등", "subject": "골목"}
    )
    assert "생활민원을 처리할 담당 직원을 고르세요." in bad.text
    assert Finding.objects.count() == 1


def test_findings_list_costs_the_same_with_one_or_many(world, login):
    client = login("wolgok2.planner")
    user, principal = actor("wolgok2.officer")

    def make(n):
        for i in range(n):
            findings.hand_over(user, principal, kind=FindingKind.HELPER, subject=f"주민 {i}", description="나눔 의향")
        for i in range(n):
            findings.hand_over(user, principal, kind=FindingKind.CARE_NEEDED, subject=f"이웃 {i}", description="위기")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("outreach:finding_list")).status_code == 200
        return len(ctx)

    make(1)
    one = count()
    make(25)
    assert count() == one
