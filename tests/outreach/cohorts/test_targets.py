"""Before the visit: the tong leader's or officer's call (consent yes / no / unreachable), the appointment and
its confirmation, the congratulation letter, 돌봄위기가정 referrals and who sees what."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.models import AuditEntry
from chatdong.core.models import Notice
from chatdong.meetings.models import Meeting
from chatdong.org.models import Agency, NeighbourhoodLeader
from chatdong.outreach.cohorts import rules as outreach_rules
from chatdong.outreach.cohorts import targets
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.leaders import checkins
from chatdong.registry.models import Consent, StaffAssignment
from tests.outreach.cohorts.helpers import actor, generate, police, resident

TODAY = timezone.localdate()
NEXT_WEEK = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(14, 0)))


def kim_target(world) -> Target:  # type: ignore[no-untyped-def]
    generate(world)
    return Target.objects.get(person=world.kim)


def contact(target, result="yes", username="wolgok2.officer", **extra):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    return targets.record_contact(user, principal, target, result=result, contacted_on=TODAY, **extra)


def test_consent_on_the_phone_records_a_visit_consent_and_the_booking_follows(world):
    target = contact(kim_target(world), method="phone")
    assert target.status == "consented" and target.contacted_by_staff.name == "강도윤"
    consent = Consent.objects.get(pk=target.consent_id)
    assert (consent.kind, consent.method, consent.person) == ("visit", "phone", world.kim)
    user, principal = actor("wolgok2.planner65")
    target = targets.book_appointment(user, principal, target, at=NEXT_WEEK)
    assert target.status == "scheduled" and target.appointment_at == NEXT_WEEK
    changes = AuditEntry.objects.filter(model="outreach.target", object_id=str(target.pk), action="update")
    assert changes.count() == 2


def test_a_refusal_blocks_the_booking_and_changes_nothing(world):
    target = contact(kim_target(world), result="no")
    assert target.status == "refused" and target.consent_id is None
    user, principal = actor("wolgok2.planner65")
    with pytest.raises(ValidationError, match="방문에 동의한 대상자만 예약"):
        targets.book_appointment(user, principal, target, at=NEXT_WEEK)
    target.refresh_from_db()
    assert target.status == "refused" and target.appointment_at is None


def test_unreachable_can_be_tried_again_and_then_consent(world):
    target = contact(kim_target(world), result="unreachable")
    target = contact(target, result="unreachable")
    assert target.status == "unreachable"
    assert contact(target, result="yes").status == "consented"


def test_bad_input_is_refused_in_korean_and_nothing_is_written(world):
    target = kim_target(world)
    audits, consents = AuditEntry.objects.count(), Consent.objects.count()
    user, principal = actor("wolgok2.officer")
    with pytest.raises(ValidationError) as exc:
        targets.record_contact(
            user, principal, target, result="maybe", contacted_on=TODAY + dt.timedelta(days=1), method="fax"
        )
    assert set(exc.value.messages) == {
        "연락 결과(동의·거부·연락 안 됨)를 선택하세요.",
        "연락 방법이 올바르지 않습니다.",
        "연락일은 오늘 이후일 수 없습니다.",
    }
    target = contact(target)
    with pytest.raises(ValidationError, match="오늘 이후로"):
        targets.book_appointment(user, principal, target, at=NEXT_WEEK - dt.timedelta(days=30))
    target.refresh_from_db()
    assert target.appointment_at is None
    assert (AuditEntry.objects.count(), Consent.objects.count()) == (audits + 2, consents + 1)


def test_the_tong_leader_records_consent_and_confirms_the_appointment_of_an_assigned_household(world):
    # 박순자 (1통, assigned to 최통장) is on the list through a discovery.
    user, principal = actor("wolgok2.planner")
    target = targets.add_discovery(user, principal, world.park, source="leader", reason="겨울 난방비 걱정")
    leader_user, leader_principal = actor("wolgok2.tongjang")
    assert outreach_rules.targets_visible_to(leader_principal).get() == target
    target = targets.record_contact(
        leader_user, leader_principal, target, result="yes", contacted_on=TODAY, method="verbal"
    )
    assert target.contacted_by_leader.name == "최통장" and target.contacted_by_staff is None
    target = targets.book_appointment(user, principal, target, at=NEXT_WEEK)
    target = checkins.confirm_appointment(leader_user, leader_principal, leader_principal.leader, target)
    assert target.appointment_confirmed_on == TODAY and target.appointment_confirmed_by.name == "최통장"
    # Booking again needs a new confirmation.
    target = targets.book_appointment(user, principal, target, at=NEXT_WEEK + dt.timedelta(days=1))
    assert target.appointment_confirmed_on is None


def test_a_tong_leader_sees_and_confirms_nothing_outside_their_households(world):
    target = kim_target(world)  # 김영희's household is not assigned to 최통장
    contact(target)
    user, principal = actor("wolgok2.planner65")
    targets.book_appointment(user, principal, target, at=NEXT_WEEK)
    leader_user, leader_principal = actor("wolgok2.tongjang")
    with pytest.raises(OutOfScope):
        outreach_rules.get_target(leader_principal, target.pk)
    with pytest.raises(OutOfScope):
        checkins.confirm_appointment(leader_user, leader_principal, leader_principal.leader, target)
    target.refresh_from_db()
    assert target.appointment_confirmed_on is None


def test_an_officer_records_on_behalf_of_the_tong_leader(world):
    leader = NeighbourhoodLeader.objects.get(name="최통장")
    target = contact(kim_target(world), leader=leader)
    assert target.contacted_by_leader == leader and target.contacted_by_staff.name == "강도윤"


def test_another_dong_s_staff_neither_see_nor_record(world):
    target = kim_target(world)
    _user, principal = actor("jangwi1.planner")
    with pytest.raises(OutOfScope):
        outreach_rules.get_target(principal, target.pk)
    with pytest.raises(Forbidden):
        contact(target, username="jangwi1.planner")


def test_the_congratulation_letter_is_for_registered_births_only(world):
    target = kim_target(world)
    user, principal = actor("wolgok2.planner65")
    with pytest.raises(ValidationError, match="출생신고로 등록된"):
        targets.mark_letter_printed(user, principal, target)
    mother = resident(world.wolgok2, 3, "엄마", dt.date(1992, 5, 1))
    baby = mother.household.members.create(
        name="아기", birth_date=TODAY - dt.timedelta(days=20), sex="M", relation="child"
    )
    Consent.objects.create(person=mother, kind="visit", scope="출생신고 시", given_on=TODAY, method="written")
    generate(world, "birth_childcare", TODAY)
    birth = Target.objects.get(person=baby)
    assert targets.mark_letter_printed(user, principal, birth).letter_printed_on == TODAY


# --- 돌봄위기가정 ----------------------------------------------------------------------------------------


def refer(world, username="wolgok2.plannercare", **extra):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    kwargs = {"agency": police(world), "referred_on": TODAY, "reason": "가정폭력 신고 후 APO 의뢰"}
    kwargs.update(extra)
    return targets.refer_care_crisis(user, principal, world.kim, **kwargs)


def test_a_police_referral_goes_to_the_dedicated_planner_with_a_pre_case_meeting(world):
    target = refer(world, consent_method="verbal", pre_case_meeting_at=NEXT_WEEK, place="동주민센터 상담실")
    assert target.programme == "care_crisis" and target.planner.name == "배유진"
    assert target.status == "consented" and Consent.objects.get(pk=target.consent_id).kind == "visit"
    meeting = Meeting.objects.get(pk=target.pre_case_meeting_id)
    assert meeting.kind == "pre_case_meeting" and meeting.chair.name == "정수빈"
    assert {a.role for a in meeting.attendees.all()} == {"주재", "돌봄위기 전담 복지플래너", "의뢰 기관"}
    assert StaffAssignment.objects.filter(household=world.kim_household, staff=target.planner).exists()


def test_without_consent_the_referral_waits_and_the_supervisor_s_intake_tells_the_planner(world):
    target = refer(world, username="wolgok2.supervisor")
    assert target.status == "listed" and target.consent_id is None and target.pre_case_meeting_id is None
    [notice] = Notice.objects.filter(kind="care_crisis_referral")
    assert notice.recipient.username == "wolgok2.plannercare" and notice.url == f"/outreach/targets/{target.pk}/"


def test_care_crisis_targets_are_hidden_from_staff_not_in_charge(world):
    target = refer(world)
    for username in ("wolgok2.plannercare", "wolgok2.supervisor"):
        assert outreach_rules.get_target(actor(username)[1], target.pk) == target
    for username in ("wolgok2.planner65", "wolgok2.officer", "wolgok2.tongjang"):
        with pytest.raises(OutOfScope):
            outreach_rules.get_target(actor(username)[1], target.pk)


def test_referrals_from_other_agencies_or_by_other_staff_are_refused(world):
    welfare = Agency.objects.get(name="월곡종합사회복지관")
    with pytest.raises(ValidationError, match="의뢰 기관은"):
        refer(world, agency=welfare)
    with pytest.raises(Forbidden, match="돌봄위기 전담"):
        refer(world, username="wolgok2.planner")
    with pytest.raises(ValidationError, match="이미 이번 달"):
        refer(world)
        refer(world)
    assert Target.objects.filter(programme="care_crisis").count() == 1
    assert not Meeting.objects.exists()


def test_a_discovery_enters_the_poverty_list_once_a_month_and_tells_the_zone_planner(world):
    user, principal = actor("wolgok2.officer")
    first = targets.add_discovery(user, principal, world.kim, source="officer", reason="월세 체납 소문")
    again = targets.add_discovery(user, principal, world.kim, source="officer", reason="다시 확인")
    assert first == again and first.planner.name == "김하늘" and first.source == "officer"
    [notice] = Notice.objects.filter(kind="discovery")
    assert notice.recipient.username == "wolgok2.planner"
