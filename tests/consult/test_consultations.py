"""Recording a consultation, the high-risk response, registering on the spot, and opening a case from it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.cases.models import Case
from chatdong.consult import services
from chatdong.consult.models import Consultation, Referral, ReferralEvent, SuicideRisk
from chatdong.core.models import Notice
from chatdong.registry.models import Household, Person, PersonFlag, StaffAssignment
from chatdong.registry.services import HouseholdInput, MemberInput
from chatdong.resources.models import ServiceProgramme

from .helpers import HIGH, TODAY, actor, consult, give_consent, mental_health_centre, suicide_centre


def test_a_consultation_keeps_needs_information_and_is_audited(world):
    programmes = list(ServiceProgramme.objects.filter(code__in=["emergency_support", "job_centre"]))
    c = consult(world.kim, programme_ids=[p.pk for p in programmes], visitor="family", visitor_name="이민호")
    assert c.officer.name == "윤서연" and c.dong == world.wolgok2 and c.household == world.kim_household
    assert sorted(n.domain for n in c.needs.all()) == ["economy", "employment"]
    assert set(c.information.all()) == set(programmes)
    assert c.screening_score is None and c.suicide_risk == SuicideRisk.NONE
    entry = AuditEntry.objects.get(model="consult.consultation", object_id=str(c.pk))
    assert entry.household_id == world.kim_household.pk
    assert entry.changes["needs"] == [None, ["economy", "employment"]]


def test_bad_input_is_refused_in_korean_and_nothing_is_written(world):
    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as exc:
        consult(
            world.kim, channel="fax", summary=" ", occurred_on=TODAY.replace(year=TODAY.year + 1),
            needs=[("weather", "")], programme_ids=[10**9], screening_answers=["thoughts"], screening_score=3,
        )  # fmt: skip
    text = " ".join(exc.value.messages)
    for expected in ("상담 경로", "오늘 이후", "상담 내용을 입력", "욕구 영역", "사업·서비스", "하나만"):
        assert expected in text
    assert Consultation.objects.count() == before


def test_an_officer_of_another_dong_cannot_record_and_statistics_staff_neither(world):
    for username in ("jangwi1.planner", "district.stats"):
        with pytest.raises(Forbidden):
            consult(world.kim, username=username)
    assert not Consultation.objects.filter(person=world.kim).exists()


def test_low_screening_is_kept_without_alarm(world):
    c = consult(world.kim, screening_answers=["hopeless"])
    assert (c.screening_score, c.suicide_risk, c.screening_answers) == (1, SuicideRisk.LOW, ["hopeless"])
    assert not Referral.objects.filter(consultation=c).exists()
    assert not Notice.objects.filter(kind="suicide_risk").exists()


def test_high_risk_flags_refers_urgently_and_alerts_the_supervisor(world):
    centre = suicide_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    assert c.suicide_risk == SuicideRisk.HIGH
    flag = PersonFlag.objects.get(person=world.kim, kind="suicide_risk")
    assert flag.is_sensitive and flag.ended_on is None
    # The desk officer keeps the consultation, not the household: the supervisor decides who is in charge.
    assert not StaffAssignment.objects.filter(household=world.kim_household, staff=c.officer).exists()
    referral = Referral.objects.get(consultation=c)
    assert referral.to_agency == centre and referral.urgent and referral.target == "external"
    assert referral.due_on == TODAY + dt.timedelta(days=services.URGENT_DUE_DAYS)
    # No consent to share with the centre: the legal exception is recorded, awaiting the supervisor.
    assert referral.legal_exception == services.SUICIDE_RISK_EXCEPTION
    assert referral.exception_recorded_by is None
    [notice] = Notice.objects.filter(kind="suicide_risk")
    assert notice.recipient.username == "wolgok2.supervisor" and notice.urgent
    assert notice.url == f"/consult/{c.pk}/"
    assert "김영희" in notice.message and "확인이 필요" in notice.message


def test_the_supervisor_confirms_the_exception_once_and_only_the_supervisor(world):
    suicide_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    referral = Referral.objects.get(consultation=c)
    desk_user, desk = actor("wolgok2.desk")
    with pytest.raises(Forbidden, match="복지수퍼바이저"):
        services.confirm_exception(desk_user, desk, referral)
    user, supervisor = actor("wolgok2.supervisor")
    services.confirm_exception(user, supervisor, referral)
    referral.refresh_from_db()
    assert referral.exception_recorded_by.name == "정수빈"
    assert AuditEntry.objects.filter(
        model="consult.referral", object_id=str(referral.pk), changes__has_key="exception_recorded_by"
    ).exists()
    assert ReferralEvent.objects.filter(referral=referral, note__contains="동의 예외").exists()
    with pytest.raises(ValidationError, match="이미 확인"):
        services.confirm_exception(user, supervisor, referral)


def test_with_consent_to_the_centre_no_exception_is_recorded(world):
    centre = suicide_centre(world)
    give_consent(world.kim, centre)
    c = consult(world.kim, screening_answers=HIGH)
    referral = Referral.objects.get(consultation=c)
    assert referral.legal_exception == "" and referral.exception_recorded_by is None
    assert "확인이 필요" not in Notice.objects.get(kind="suicide_risk").message


def test_without_a_suicide_prevention_centre_the_mental_health_centre_is_used(world):
    centre = mental_health_centre(world)
    c = consult(world.kim, screening_answers=HIGH)
    assert Referral.objects.get(consultation=c).to_agency == centre


def test_without_either_centre_the_flag_and_the_alert_still_happen(world):
    c = consult(world.kim, screening_answers=HIGH)
    assert not Referral.objects.filter(consultation=c).exists()
    assert PersonFlag.objects.filter(person=world.kim, kind="suicide_risk").exists()
    assert "긴급 의뢰를 만들지 못했습니다" in Notice.objects.get(kind="suicide_risk").message


def test_a_second_high_screening_does_not_duplicate_the_flag(world):
    suicide_centre(world)
    consult(world.kim, screening_answers=HIGH)
    consult(world.kim, screening_answers=["means"])
    assert PersonFlag.objects.filter(person=world.kim, kind="suicide_risk").count() == 1
    assert Referral.objects.filter(person=world.kim, urgent=True).count() == 2


def test_a_score_carried_over_sets_the_level(world):
    suicide_centre(world)
    c = consult(world.kim, screening_score=9)
    assert c.suicide_risk == SuicideRisk.HIGH and c.screening_answers == []
    assert Referral.objects.filter(consultation=c).exists()


def _new_household(**overrides):  # type: ignore[no-untyped-def]
    data = HouseholdInput(
        dong_code="월곡2동", tong_number=2, road_address="서울특별시 성북구 월곡로 7", members=[
            MemberInput(name="최미래", birth_date=None, sex="", relation="head", resident_number="750505-2345678"),
            MemberInput(name="최하나", birth_date=TODAY.replace(year=TODAY.year - 10), sex="F", relation="child"),
        ],
    )  # fmt: skip
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_registering_on_the_spot_creates_the_household_and_the_consultation(world):
    user, desk = actor("wolgok2.desk")
    c = services.record_consultation_for_new_household(
        user, desk, _new_household(), subject_index=1, channel="walk_in", summary="자녀 양육 상담"
    )
    assert c.person.name == "최하나" and c.household.road_address == "서울특별시 성북구 월곡로 7"
    assert c.person.household.members.get(name="최미래").masked_rrn == "750505-2******"


def test_registering_on_the_spot_writes_neither_when_the_consultation_is_refused(world):
    user, desk = actor("wolgok2.desk")
    households = Household.objects.count()
    with pytest.raises(ValidationError, match="상담 내용"):
        services.record_consultation_for_new_household(user, desk, _new_household(), channel="walk_in", summary="")
    assert Household.objects.count() == households
    assert not Person.objects.filter(name="최미래").exists()


def test_registering_on_the_spot_reuses_the_registry_rules(world):
    user, desk = actor("wolgok2.desk")
    with pytest.raises(ValidationError, match="세대주는 한 명"):
        services.record_consultation_for_new_household(
            user, desk, _new_household(members=[MemberInput("홍길동", TODAY.replace(year=1980), "M", "child")]),
            channel="walk_in", summary="상담",
        )  # fmt: skip


def test_a_case_opens_from_the_consultation_once(world):
    centre = world.welfare_centre
    give_consent(world.kim, centre)
    c = consult(world.kim)
    user, desk = actor("wolgok2.desk")
    referral = services.refer(user, desk, world.kim, target="external", domain="economy", reason="후원 연계",
                              to_agency=centre, consultation=c)  # fmt: skip
    case = services.open_case_from_consultation(user, desk, c)
    c.refresh_from_db()
    referral.refresh_from_db()
    assert c.case == case and referral.case == case
    assert case.source == "desk" and case.worker.name == "윤서연" and "월세 체납" in case.source_note
    with pytest.raises(ValidationError, match="이미 사례"):
        services.open_case_from_consultation(user, desk, c)
    assert Case.objects.filter(household=world.kim_household).count() == 1


def test_a_case_cannot_be_opened_by_another_dong(world):
    c = consult(world.kim)
    user, other = actor("jangwi1.planner")
    with pytest.raises(Forbidden):
        services.open_case_from_consultation(user, other, c)
    c.refresh_from_db()
    assert c.case is None


def test_recording_a_consultation_does_not_open_the_household_s_sensitive_records_to_the_desk(world, login):
    """Before, a high-risk screening put the desk officer in charge of the household, and so of every abuse,
    violence and suicide-risk record of it. Now they see their own consultation and its screening only."""
    PersonFlag.objects.create(person=world.kim, kind="domestic_violence", started_on=TODAY)
    c = consult(world.kim, screening_answers=HIGH)
    desk = login("wolgok2.desk")
    page = desk.get(reverse("registry:household_detail", args=[world.kim_household.pk])).text
    assert 'cd-tag-danger">가정폭력 의심' not in page and 'cd-tag-danger">자살위험' not in page
    consultation = desk.get(reverse("consult:consultation_detail", args=[c.pk]))
    assert consultation.status_code == 200 and "높음" in consultation.text
    # the supervisor, alerted, sees both and decides who takes the household
    page = login("wolgok2.supervisor").get(reverse("registry:household_detail", args=[world.kim_household.pk])).text
    assert 'cd-tag-danger">가정폭력 의심' in page and 'cd-tag-danger">자살위험' in page
