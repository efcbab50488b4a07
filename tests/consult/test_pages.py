"""The desk pages as the officers use them: find, record, read (logged), list, refer, answer, roster."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.models import AccessLog
from chatdong.cases.models import Case
from chatdong.consult import services
from chatdong.consult.models import Consultation, DeskShift, Referral
from chatdong.core.models import Notice
from chatdong.registry.models import Household
from chatdong.resources.models import ServiceProgramme

from .helpers import HIGH, TODAY, actor, consult, suicide_centre

LIST = reverse("consult:consultation_list")
NEW = reverse("consult:consultation_new")
REFERRALS = reverse("consult:referral_list")


def form_data(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "channel": "walk_in", "visitor": "self", "visitor_name": "", "occurred_on": TODAY.isoformat(),
        "summary": "실직 후 생계 곤란", "need_economy": "on", "note_economy": "생계비", "note_housing": "월세 체납",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_menu_offers_the_desk_to_staff_only(world, login):
    assert "종합상담" in login("wolgok2.desk").get("/").text
    assert "의뢰 현황" in login("district.hope").get("/").text
    for username in ("wolgok2.tongjang", "district.stats"):
        assert "종합상담" not in login(username).get("/").text


def test_statistics_staff_and_leaders_get_403(world, login):
    for username in ("district.stats", "wolgok2.tongjang"):
        client = login(username)
        for url in (LIST, NEW, REFERRALS, reverse("consult:roster")):
            assert client.get(url).status_code == 403


def test_finding_a_resident_lists_the_members_and_logs_the_search(world, login):
    response = login("wolgok2.desk").get(NEW, {"q": "김영희"})
    assert f"?person={world.kim.pk}" in response.text
    assert "610315-2******" in response.text and "610315-2123456" not in response.text
    assert AccessLog.objects.filter(username="wolgok2.desk", action="search", detail__contains="김영희").exists()


def test_the_officer_records_a_consultation_on_the_page(world, login):
    client = login("wolgok2.desk")
    page = client.get(NEW, {"person": world.kim.pk})
    assert page.status_code == 200 and "최근 2주 동안 죽고 싶다거나" in page.text
    programme = ServiceProgramme.objects.get(code="emergency_support")
    response = client.post(
        f"{NEW}?person={world.kim.pk}", form_data(programmes=[programme.pk], screened="on", screening=["hopeless"])
    )
    c = Consultation.objects.get(person=world.kim)
    assert response.status_code == 302 and response.url == reverse("consult:consultation_detail", args=[c.pk])
    assert sorted(c.needs.values_list("domain", flat=True)) == ["economy", "housing"]
    assert list(c.information.all()) == [programme]
    assert (c.screening_score, c.suicide_risk) == (1, "low")


def test_a_refused_form_shows_korean_messages_and_writes_nothing(world, login):
    response = login("wolgok2.desk").post(f"{NEW}?person={world.kim.pk}", form_data(summary=""))
    assert response.status_code == 200
    assert "상담 내용" in response.text and "필수 항목" in response.text
    assert not Consultation.objects.exists()


def test_a_resident_of_another_dong_is_not_found(world, login):
    client = login("jangwi1.planner")
    assert client.get(NEW, {"person": world.kim.pk}).status_code == 404
    c = consult(world.kim)
    assert client.get(reverse("consult:consultation_detail", args=[c.pk])).status_code == 404
    assert AccessLog.objects.filter(username="jangwi1.planner", action="denied_scope").exists()


def test_high_risk_on_the_page_warns_the_officer_and_alerts_the_supervisor(world, login):
    suicide_centre(world)
    client = login("wolgok2.desk")
    response = client.post(f"{NEW}?person={world.kim.pk}", form_data(screening=HIGH), follow=True)
    assert "자살예방센터(또는 정신건강증진센터)에 긴급 의뢰" in response.text
    assert Notice.objects.filter(recipient__username="wolgok2.supervisor", urgent=True).exists()


def test_a_high_risk_screening_is_shown_only_to_the_officer_assigned_staff_and_supervisor(world, login):
    suicide_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    url = reverse("consult:consultation_detail", args=[c.pk])
    for username in ("wolgok2.desk", "wolgok2.supervisor"):
        text = login(username).get(url).text
        assert "구체적으로 생각해 보신 적" in text and "높음" in text
        assert AccessLog.objects.filter(username=username, action="view_sensitive", object_id=str(c.pk)).exists()
    text = login("wolgok2.nurse").get(url).text
    assert "구체적으로 생각해 보신 적" not in text and "상담자와 가구 담당 직원, 복지수퍼바이저만" in text
    assert AccessLog.objects.filter(username="wolgok2.nurse", action="view", object_id=str(c.pk)).exists()
    listing = login("wolgok2.nurse").get(LIST).text
    assert "비공개" in listing
    # Filtering by the level must not reveal who was screened high.
    assert "0건" in login("wolgok2.nurse").get(LIST, {"risk": "high"}).text
    assert "1건" in login("wolgok2.supervisor").get(LIST, {"risk": "high"}).text


def test_opening_a_case_from_the_page_once(world, login):
    c = consult(world.kim)
    client = login("wolgok2.desk")
    url = reverse("consult:consultation_open_case", args=[c.pk])
    client.post(url)
    assert Case.objects.filter(household=world.kim_household, source="desk").count() == 1
    response = client.post(url, follow=True)
    assert "이미 사례" in response.text
    assert Case.objects.filter(household=world.kim_household).count() == 1


def test_a_referral_links_to_the_case_its_consultation_opened(world, login):
    c = consult(world.kim)
    user, desk = actor("wolgok2.desk")
    planner = services.poverty_crisis_planner(world.kim_household)
    referral = services.refer(
        user, desk, world.kim, consultation=c, target="internal", domain="economy", reason="긴급지원 검토",
        to_staff=planner,
    )  # fmt: skip
    case = services.open_case_from_consultation(user, desk, c)
    page = login("wolgok2.planner").get(reverse("consult:referral_detail", args=[referral.pk]))
    assert f'<a href="{reverse("cases:case_detail", args=[case.pk])}">사례 #{case.pk}</a>' in page.text


def test_registering_on_the_spot_from_the_page(world, login):
    data = form_data(
        dong=world.wolgok2.pk, tong_number=3, road_address="서울특별시 성북구 월곡로 9", subject=1,
        **{"members-TOTAL_FORMS": 2, "members-INITIAL_FORMS": 0, "members-MIN_NUM_FORMS": 1,
           "members-MAX_NUM_FORMS": 15, "members-0-name": "정새봄", "members-0-relation": "head",
           "members-0-sex": "F", "members-0-birth_date": "1990-04-01"},
    )  # fmt: skip
    response = login("wolgok2.desk").post(reverse("consult:consultation_register"), data)
    assert response.status_code == 302
    c = Consultation.objects.get(person__name="정새봄")
    assert c.household.road_address == "서울특별시 성북구 월곡로 9"


def test_registering_with_a_refused_consultation_registers_nobody(world, login):
    households = Household.objects.count()
    data = form_data(
        summary="", dong=world.wolgok2.pk, tong_number=3, road_address="서울특별시 성북구 월곡로 9", subject=1,
        **{"members-TOTAL_FORMS": 1, "members-INITIAL_FORMS": 0, "members-MIN_NUM_FORMS": 1,
           "members-MAX_NUM_FORMS": 15, "members-0-name": "정새봄", "members-0-relation": "head",
           "members-0-sex": "F", "members-0-birth_date": "1990-04-01"},
    )  # fmt: skip
    response = login("wolgok2.desk").post(reverse("consult:consultation_register"), data)
    assert response.status_code == 200 and "상담 내용" in response.text
    assert Household.objects.count() == households


def test_the_referral_form_suggests_the_poverty_crisis_planner_and_hides_the_exception_field(world, login):
    c = consult(world.kim)
    url = reverse("consult:referral_new", args=[c.pk])
    desk_page = login("wolgok2.desk").get(url).text
    assert "빈곤위기가정 복지플래너: <strong>김하늘</strong>" in desk_page
    assert 'name="legal_exception"' not in desk_page
    assert 'name="legal_exception"' in login("wolgok2.supervisor").get(url).text


def test_an_external_referral_without_consent_is_refused_on_the_page(world, login):
    c = consult(world.kim)
    response = login("wolgok2.desk").post(
        reverse("consult:referral_new", args=[c.pk]),
        {"target": "external", "domain": "economy", "to_agency": world.welfare_centre.pk, "reason": "후원 연계",
         "legal_exception": "몰래 넣은 근거"},
    )  # fmt: skip
    assert response.status_code == 200 and "제3자 제공 동의가 없거나" in response.text
    assert not Referral.objects.exists()


def test_the_receiver_answers_and_the_officer_tells_the_resident_on_the_pages(world, login):
    c = consult(world.kim)
    desk = login("wolgok2.desk")
    planner_pk = services.poverty_crisis_planner(world.kim_household).pk
    referral_form = {"target": "internal", "domain": "economy", "to_staff": planner_pk, "reason": "긴급지원 검토"}
    desk.post(reverse("consult:referral_new", args=[c.pk]), referral_form)
    referral = Referral.objects.get(consultation=c)
    detail = reverse("consult:referral_detail", args=[referral.pk])
    assert "접수</button>" not in desk.get(detail).text
    planner = login("wolgok2.planner")
    assert "접수</button>" in planner.get(detail).text
    planner.post(reverse("consult:referral_action", args=[referral.pk, "receive"]))
    planner.post(reverse("consult:referral_action", args=[referral.pk, "complete"]), {"result": "긴급지원 결정"})
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert "주민에게 결과 안내" in desk.get(detail).text
    response = desk.post(
        reverse("consult:referral_action", args=[referral.pk, "tell"]),
        {"told_on": TODAY.isoformat(), "method": "phone"}, follow=True,
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.resident_told_on == TODAY and "의뢰 상태를 기록했습니다" in response.text
    assert AccessLog.objects.filter(username="wolgok2.planner", object_type="referral", action="view").exists()


def test_a_refused_status_change_on_the_page_is_a_korean_message(world, login):
    c = consult(world.kim)
    user, desk = actor("wolgok2.desk")
    referral = services.refer(
        user, desk, world.kim, target="internal", domain="economy", reason="검토", consultation=c,
        to_staff=services.poverty_crisis_planner(world.kim_household),
    )  # fmt: skip
    planner = login("wolgok2.planner")
    response = planner.post(reverse("consult:referral_action", args=[referral.pk, "start"]), follow=True)
    assert "처리할 수 없습니다" in response.text
    assert (
        login("wolgok2.nurse").post(reverse("consult:referral_action", args=[referral.pk, "receive"])).status_code
        == 403
    )


def test_overdue_referrals_are_highlighted_for_their_maker(world, login):
    c = consult(world.kim)
    user, desk = actor("wolgok2.desk")
    referral = services.refer(
        user, desk, world.kim, target="internal", domain="economy", reason="검토", consultation=c,
        to_staff=services.poverty_crisis_planner(world.kim_household),
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(due_on=TODAY - dt.timedelta(days=2))
    text = login("wolgok2.desk").get(REFERRALS, {"box": "made", "overdue": "on"}).text
    assert 'class="cd-overdue"' in text and "기한 지남" in text and "1건" in text


def _count_queries(client, url, params=None):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _many(world, n):  # type: ignore[no-untyped-def]
    user, desk = actor("wolgok2.desk")
    planner = services.poverty_crisis_planner(world.kim_household)
    for _ in range(n):
        c = consult(world.kim, screening_answers=["hopeless"])
        services.refer(user, desk, world.kim, target="internal", domain="economy", reason="검토", to_staff=planner,
                       consultation=c)  # fmt: skip


def test_the_consultation_and_referral_lists_cost_the_same_queries_for_1_or_many_rows(world, login):
    client = login("wolgok2.desk")
    _many(world, 1)
    small = (_count_queries(client, LIST), _count_queries(client, REFERRALS))
    _many(world, 24)
    large = (_count_queries(client, LIST), _count_queries(client, REFERRALS))
    assert small == large
    assert len(re.findall(r'href="/consult/\d+/"', client.get(LIST).text)) == 20  # a page of 20


def test_the_head_edits_the_roster_and_the_desk_officer_cannot(world, login):
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    head = login("wolgok2.head")
    page = head.get(reverse("consult:roster"))
    assert "근무 넣기" in page.text
    desk_pk = actor("wolgok2.desk")[1].staff.pk
    data = {"staff": desk_pk, "mode": "dedicated", "date_from": monday.isoformat(),
            "date_to": (monday + dt.timedelta(days=6)).isoformat(), "weekdays": ["0", "2", "4"]}  # fmt: skip
    head.post(reverse("consult:roster"), data)
    assert sorted(DeskShift.objects.values_list("day", flat=True)) == [monday + dt.timedelta(days=n) for n in (0, 2, 4)]
    desk = login("wolgok2.desk")
    assert "근무 넣기" not in desk.get(reverse("consult:roster")).text
    assert "윤서연 · 전담" in desk.get(reverse("consult:roster"), {"month": f"{monday:%Y-%m}"}).text
    assert desk.post(reverse("consult:roster"), data).status_code == 403
    shift = DeskShift.objects.first()
    assert desk.post(reverse("consult:roster_remove", args=[shift.pk])).status_code == 404
    assert DeskShift.objects.count() == 3


def test_the_menu_marks_one_current_item(world, login):
    client = login("wolgok2.desk")
    for url, label in ((REFERRALS, "의뢰 현황"), (LIST, "종합상담")):
        text = client.get(url).text
        assert re.findall(r'aria-current="page">([^<]+)<', text) == [label]


def test_every_screening_level_is_hidden_from_staff_not_in_charge(world, login):
    c = consult(world.kim, screening_answers=["hopeless"])
    url = reverse("consult:consultation_detail", args=[c.pk])
    nurse = login("wolgok2.nurse").get(url).text
    assert "선별검사를 했습니다" in nurse and "낮음" not in nurse and "절망감" not in nurse
    desk = login("wolgok2.desk").get(url).text
    assert "낮음" in desk and "절망감" in desk
    assert AccessLog.objects.filter(username="wolgok2.nurse", object_id=str(c.pk), action="view").exists()
    assert AccessLog.objects.filter(username="wolgok2.desk", object_id=str(c.pk), action="view_sensitive").exists()


def test_a_suicide_risk_referral_is_seen_only_by_those_who_see_the_sensitive_record(world, login):
    suicide_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    referral = Referral.objects.get(consultation=c)
    detail = reverse("consult:referral_detail", args=[referral.pk])
    for username in ("wolgok2.desk", "wolgok2.supervisor"):
        assert login(username).get(detail).status_code == 200
    for username in ("wolgok2.nurse", "district.hope"):
        client = login(username)
        assert client.get(detail).status_code == 404
        assert "성북구자살예방센터" not in client.get(REFERRALS).text
        assert "성북구자살예방센터" not in client.get(reverse("consult:consultation_detail", args=[c.pk])).text
    rows = {
        username: re.search(r'data-label="의뢰">(\d+)건', login(username).get(LIST).text).group(1)
        for username in ("wolgok2.desk", "wolgok2.nurse")
    }
    assert rows == {"wolgok2.desk": "1", "wolgok2.nurse": "0"}
