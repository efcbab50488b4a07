"""The cohort pages: generating a month's list, the list's filters and fixed query count, a target's contact
and appointment forms, the letter, the referral intake and the progress figures."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatdong.access.models import AccessLog
from chatdong.org.models import StaffMember
from chatdong.outreach.cohorts.models import Target
from tests.outreach.cohorts.helpers import generate, police, resident

TODAY = timezone.localdate()


def test_the_65_planner_generates_march_and_sees_kim_on_the_list(world, login):
    client = login("wolgok2.planner65")
    response = client.post(
        "/outreach/targets/generate/", {"generate-programme": "turning_65", "generate-month": "2026-03"}, follow=True
    )
    assert "2026년 03월 65세 도래 어르신 대상자 명단: 새 대상 1명" in response.content.decode()
    assert "김영희" in response.content.decode()
    assert AccessLog.objects.filter(action="search", object_type="target").exists()


def test_a_bad_month_is_refused_in_korean_and_nothing_is_generated(world, login):
    response = login("wolgok2.planner65").post(
        "/outreach/targets/generate/", {"generate-programme": "turning_65", "generate-month": "2026-13"}, follow=True
    )
    assert "월은 YYYY-MM 형식으로, 1900년부터 2100년 사이로 입력하세요." in response.content.decode()
    assert not Target.objects.exists()


def test_the_list_costs_the_same_whatever_the_number_of_targets(world, login):
    client = login("wolgok2.planner65")
    generate(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/outreach/targets/?programme=turning_65&month=2026-03").status_code == 200
        return len(queries)

    few = count()
    for n in range(25):
        resident(world.wolgok2, 1 + n % 4, f"주민{n}", dt.date(1961, 3, 1 + n))
    generate(world)
    assert count() == few


def test_filters_by_status_and_planner(world, login):
    generate(world)
    client = login("wolgok2.planner65")
    planner = StaffMember.objects.get(user__username="wolgok2.planner65")
    assert "김영희" in client.get(f"/outreach/targets/?status=listed&planner={planner.pk}").content.decode()
    assert "김영희" not in client.get("/outreach/targets/?status=visited").content.decode()


def test_statistics_officers_get_403_on_the_list_but_see_the_figures(world, login):
    client = login("district.stats")
    assert client.get("/outreach/targets/").status_code == 403
    assert client.get("/outreach/progress/").status_code == 200


def test_contact_and_appointment_through_the_page(world, login):
    generate(world)
    target = Target.objects.get(person=world.kim)
    client = login("wolgok2.officer")
    url = f"/outreach/targets/{target.pk}/"
    page = client.get(url)
    assert "김영희" in page.content.decode()
    assert AccessLog.objects.filter(action="view", object_type="target", object_id=str(target.pk)).exists()
    response = client.post(
        url + "contact/", {"result": "yes", "contacted_on": TODAY.isoformat(), "method": "phone"}, follow=True
    )
    assert "연락 결과를 기록했습니다: 방문 동의" in response.content.decode()
    at = (TODAY + dt.timedelta(days=3)).isoformat() + "T10:30"
    response = client.post(url + "appointment/", {"at": at}, follow=True)
    assert "방문 예약을 기록했습니다" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "scheduled" and timezone.localtime(target.appointment_at).hour == 10


def test_a_refused_step_shows_the_reason_and_changes_nothing(world, login):
    generate(world)
    target = Target.objects.get(person=world.kim)
    at = (TODAY + dt.timedelta(days=3)).isoformat() + "T10:30"
    response = login("wolgok2.officer").post(f"/outreach/targets/{target.pk}/appointment/", {"at": at})
    assert response.status_code == 400
    assert "방문에 동의한 대상자만 예약할 수 있습니다" in response.content.decode()
    target.refresh_from_db()
    assert target.appointment_at is None


def test_another_dong_gets_404_for_a_target(world, login):
    generate(world)
    target = Target.objects.get(person=world.kim)
    assert login("jangwi1.planner").get(f"/outreach/targets/{target.pk}/").status_code == 404
    assert AccessLog.objects.filter(action="denied_scope", object_type="target").exists()


def test_the_letter_prints_for_a_registered_birth(world, login):
    from chatdong.registry.models import Consent

    mother = resident(world.wolgok2, 3, "한엄마", dt.date(1992, 5, 1))
    baby = mother.household.members.create(
        name="한아기", birth_date=TODAY - dt.timedelta(days=9), sex="M", relation="child"
    )
    Consent.objects.create(person=mother, kind="visit", scope="출생신고 시", given_on=TODAY, method="written")
    generate(world, "birth_childcare", TODAY)
    target = Target.objects.get(person=baby)
    client = login("wolgok2.planner65")
    letter = client.get(f"/outreach/targets/{target.pk}/letter/").content.decode()
    assert "출산을 축하드립니다" in letter and "한엄마 님 가정에 한아기 아기가" in letter and "가정양육수당" in letter
    client.post(f"/outreach/targets/{target.pk}/letter/")
    target.refresh_from_db()
    assert target.letter_printed_on == TODAY
    pdf = client.get(f"/outreach/targets/{target.pk}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    # Not a birth: no letter, as if it did not exist.
    generate(world)
    assert client.get(f"/outreach/targets/{Target.objects.get(person=world.kim).pk}/letter.pdf").status_code == 404


def test_the_care_crisis_referral_page(world, login):
    agency = police(world)
    client = login("wolgok2.plannercare")
    assert "김영희" in client.get("/outreach/care-crisis/new/?q=김영희").content.decode()
    response = client.post(
        "/outreach/care-crisis/new/",
        {"person": world.kim.pk, "agency": agency.pk, "referred_on": TODAY.isoformat(), "reason": "APO 의뢰",
         "consent_method": "verbal"},
        follow=True,
    )  # fmt: skip
    assert "돌봄위기가정 의뢰를 접수했습니다." in response.content.decode()
    assert login("wolgok2.planner65").get("/outreach/care-crisis/new/").status_code == 403


def test_the_tong_leader_s_list_shows_only_their_households(world, login):
    from chatdong.outreach.cohorts import targets
    from tests.outreach.cohorts.helpers import actor

    generate(world)  # 김영희: not the tong leader's household
    user, principal = actor("wolgok2.planner")
    targets.add_discovery(user, principal, world.park, source="leader", reason="혼자 지내며 식사를 거름")
    page = login("wolgok2.tongjang").get("/outreach/targets/").content.decode()
    assert "박순자" in page and "김영희" not in page
    assert "명단 생성" not in page and "장위1동" not in page


def test_a_nul_in_the_note_is_refused_in_korean(world, login):
    generate(world)
    target = Target.objects.get(person=world.kim)
    response = login("wolgok2.officer").post(
        f"/outreach/targets/{target.pk}/contact/",
        {"result": "no", "contacted_on": TODAY.isoformat(), "method": "phone", "note": "거절\x00"},
    )
    assert response.status_code == 400
    target.refresh_from_db()
    assert target.status == "listed"


def test_the_letter_is_addressed_to_the_parents_not_an_older_child(world, login):
    from chatdong.registry.models import Consent

    baby = world.kim_household.members.create(
        name="김아기", birth_date=TODAY - dt.timedelta(days=3), sex="F", relation="grandchild"
    )
    Consent.objects.create(person=world.kim, kind="visit", scope="출생신고 시", given_on=TODAY, method="written")
    generate(world, "birth_childcare", TODAY)
    target = Target.objects.get(person=baby)
    letter = login("wolgok2.planner65").get(f"/outreach/targets/{target.pk}/letter/").content.decode()
    assert "김영희·이민호 님 가정에 김아기 아기가" in letter and "이서준" not in letter
