"""Referrals: the consent rule and its exceptions, the status machine, telling the resident, the work-list
queues and the notices."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.consult import selectors, services, states
from chatdong.consult.models import Referral, ReferralEvent
from chatdong.core.models import Notice
from chatdong.org.models import StaffMember, Team

from .helpers import TODAY, actor, consult, give_consent


def refer(world, username="wolgok2.desk", **overrides):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    kwargs = {
        "target": "external",
        "domain": "economy",
        "reason": "후원금 연계 요청",
        "to_agency": world.welfare_centre,
    }
    kwargs.update(overrides)
    return services.refer(user, principal, world.kim, **kwargs)


def planner():  # type: ignore[no-untyped-def]
    return StaffMember.objects.get(user__username="wolgok2.planner")


# --- Consent -----------------------------------------------------------------------------------------


def test_an_external_referral_without_consent_is_refused_and_nothing_is_written(world):
    referrals, audits = Referral.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="제3자 제공 동의가 없거나"):
        refer(world)
    assert Referral.objects.count() == referrals and AuditEntry.objects.count() == audits


def test_consent_to_another_agency_or_withdrawn_consent_does_not_count(world):
    give_consent(world.kim, world.health_centre)
    withdrawn = give_consent(world.kim, world.welfare_centre, given_on=TODAY - dt.timedelta(days=30))
    withdrawn.withdrawn_on = TODAY
    withdrawn.save()
    with pytest.raises(ValidationError, match="제3자 제공 동의"):
        refer(world)


def test_an_external_referral_with_consent_goes(world):
    give_consent(world.kim, world.welfare_centre)
    referral = refer(world)
    assert referral.status == "requested" and referral.legal_exception == ""
    assert referral.due_on == TODAY + dt.timedelta(days=services.DEFAULT_DUE_DAYS)
    assert ReferralEvent.objects.filter(referral=referral, status="requested").exists()
    assert AuditEntry.objects.filter(model="consult.referral", object_id=str(referral.pk), action="create").exists()


def test_the_supervisor_may_refer_without_consent_on_a_legal_exception_which_is_audited(world):
    referral = refer(world, "wolgok2.supervisor", legal_exception="긴급지원법 제7조 긴급지원 연계")
    assert referral.exception_recorded_by.name == "정수빈"
    entry = AuditEntry.objects.get(model="consult.referral", object_id=str(referral.pk))
    assert entry.changes["legal_exception"] == [None, "긴급지원법 제7조 긴급지원 연계"]
    assert entry.changes["exception_recorded_by"][1] == referral.exception_recorded_by_id


def test_anyone_else_giving_an_exception_is_refused_with_403_and_nothing_is_written(world):
    for username in ("wolgok2.desk", "wolgok2.head", "district.hope"):
        with pytest.raises(Forbidden, match="복지수퍼바이저만"):
            refer(world, username, legal_exception="긴급지원")
    assert not Referral.objects.filter(person=world.kim).exists()


def test_an_agency_outside_the_district_is_refused(world):
    from chatdong.org.models import Agency, District

    other = District.objects.create(code="99999", name="다른구")
    agency = Agency.objects.create(district=other, name="다른구복지관", kind="community_welfare")
    with pytest.raises(ValidationError, match="이 구의 기관 목록에 없습니다"):
        refer(world, to_agency=agency)


# --- Internal referrals ------------------------------------------------------------------------------


def test_the_zone_poverty_crisis_planner_is_found_and_falls_back_to_the_dong(world):
    # Nobody with that speciality walks the zone of 1통, so the dong's poverty-crisis planner.
    assert services.poverty_crisis_planner(world.kim_household) == planner()
    zone = world.kim_household.tong.zone
    other = StaffMember.objects.get(user__username="wolgok2.nurse")
    from chatdong.org.models import RoleAssignment

    RoleAssignment.objects.create(staff=other, role="welfare_planner", speciality="poverty_crisis")
    zone.officer = other
    zone.save()
    assert services.poverty_crisis_planner(world.kim_household) == other


def test_an_internal_referral_notifies_the_colleague(world):
    referral = refer(world, target="internal", to_agency=None, to_staff=planner(), urgent=True)
    assert referral.due_on == TODAY + dt.timedelta(days=services.URGENT_DUE_DAYS)
    [notice] = Notice.objects.filter(kind="referral")
    assert notice.recipient.username == "wolgok2.planner" and notice.urgent
    assert notice.url == f"/consult/referrals/{referral.pk}/"


def test_a_team_referral_notifies_the_team_but_not_the_maker(world):
    team = Team.objects.get(dong=world.wolgok2, kind="welfare1")
    refer(world, target="internal", to_agency=None, to_team=team)
    told = set(Notice.objects.filter(kind="referral").values_list("recipient__username", flat=True))
    assert told == {"wolgok2.planner", "wolgok2.plannercare", "wolgok2.supervisor"}


def test_internal_referrals_stay_in_the_dong_and_need_a_receiver(world):
    other_dong = StaffMember.objects.get(user__username="jangwi1.planner")
    with pytest.raises(ValidationError) as exc:
        refer(world, target="internal", to_agency=world.welfare_centre, to_staff=other_dong)
    text = " ".join(exc.value.messages)
    assert "기관을 고를 수 없습니다" in text and "동 소속이 아니어서" in text
    with pytest.raises(ValidationError, match="받을 팀이나 담당자"):
        refer(world, target="internal", to_agency=None)


# --- Status machine ----------------------------------------------------------------------------------


def internal(world):  # type: ignore[no-untyped-def]
    return refer(world, target="internal", to_agency=None, to_staff=planner())


def test_the_receiver_walks_an_internal_referral_to_completion_and_the_maker_is_told(world):
    referral = internal(world)
    user, receiver = actor("wolgok2.planner")
    services.receive(user, receiver, referral)
    services.start(user, receiver, referral)
    services.complete(user, receiver, referral, "긴급지원 생계비 결정")
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.closed_on == TODAY
    assert referral.result == "긴급지원 생계비 결정"
    assert list(referral.events.values_list("status", flat=True)) == [
        "requested", "received", "in_progress", "completed"
    ]  # fmt: skip
    assert [e.actor.name for e in referral.events.all()[1:]] == ["김하늘"] * 3
    [notice] = Notice.objects.filter(kind="referral_result")
    assert notice.recipient.username == "wolgok2.desk"


@pytest.mark.parametrize(
    "steps, action",
    [
        ([], "start"),  # 처리중 needs 접수
        ([], "complete"),
        (["receive"], "receive"),
        (["receive", "complete"], "return"),
        (["return"], "complete"),
        (["return"], "receive"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(world, steps, action):
    referral = internal(world)
    user, receiver = actor("wolgok2.planner")
    calls = {
        "receive": lambda: services.receive(user, receiver, referral),
        "start": lambda: services.start(user, receiver, referral),
        "complete": lambda: services.complete(user, receiver, referral, "결과"),
        "return": lambda: services.return_(user, receiver, referral, "대상 아님"),
    }
    for step in steps:
        calls[step]()
    referral.refresh_from_db()
    before_status, before_events = referral.status, referral.events.count()
    with pytest.raises(ValidationError, match="처리할 수 없습니다"):
        calls[action]()
    referral.refresh_from_db()
    assert referral.status == before_status and referral.events.count() == before_events


def test_every_transition_in_the_table_is_reachable_and_named():
    assert set(states.TRANSITIONS) == set(states.Action)
    assert states.allowed_actions("requested") == ["receive", "return"]
    assert states.allowed_actions("completed") == []


def test_only_the_receiver_acts_on_an_internal_referral(world):
    referral = internal(world)
    for username in ("wolgok2.desk", "wolgok2.nurse"):
        user, other = actor(username)
        with pytest.raises(Forbidden, match="받은 담당자"):
            services.receive(user, other, referral)
    referral.refresh_from_db()
    assert referral.status == "requested"


def test_the_maker_records_the_agency_answer_of_an_external_referral(world):
    give_consent(world.kim, world.welfare_centre)
    referral = refer(world)
    user, planner_ = actor("wolgok2.planner")
    with pytest.raises(Forbidden, match="의뢰한 직원"):
        services.receive(user, planner_, referral)
    desk_user, desk = actor("wolgok2.desk")
    services.receive(desk_user, desk, referral)
    services.return_(desk_user, desk, referral, "복지관 후원 대상 아님(소득 기준 초과)")
    referral.refresh_from_db()
    assert referral.status == "returned" and "소득 기준" in referral.result
    assert not Notice.objects.filter(kind="referral_result").exists()  # the maker recorded it themselves


def test_completing_needs_a_result_and_returning_a_reason(world):
    referral = internal(world)
    user, receiver = actor("wolgok2.planner")
    services.receive(user, receiver, referral)
    with pytest.raises(ValidationError, match="처리 결과를 입력"):
        services.complete(user, receiver, referral, "  ")
    with pytest.raises(ValidationError, match="반려 사유를 입력"):
        services.return_(user, receiver, referral, "")


# --- Telling the resident ----------------------------------------------------------------------------


def test_telling_the_resident_before_completion_is_refused(world):
    referral = internal(world)
    user, desk = actor("wolgok2.desk")
    with pytest.raises(ValidationError, match="완료 또는 반려된 뒤"):
        services.tell_resident(user, desk, referral, told_on=TODAY, method="phone")
    referral.refresh_from_db()
    assert referral.resident_told_on is None


def test_telling_the_resident_after_completion_once(world):
    referral = internal(world)
    user, receiver = actor("wolgok2.planner")
    services.receive(user, receiver, referral)
    services.complete(user, receiver, referral, "주거급여 신청 접수")
    desk_user, desk = actor("wolgok2.desk")
    services.tell_resident(desk_user, desk, referral, told_on=TODAY, method="phone")
    referral.refresh_from_db()
    assert (referral.resident_told_on, referral.resident_told_method) == (TODAY, "phone")
    assert referral.events.last().note.startswith("결과 안내(전화")
    with pytest.raises(ValidationError, match="이미"):
        services.tell_resident(desk_user, desk, referral, told_on=TODAY, method="visit")
    nurse_user, nurse = actor("wolgok2.nurse")
    with pytest.raises(Forbidden):
        services.tell_resident(nurse_user, nurse, referral, told_on=TODAY, method="visit")


# --- Work-list queues --------------------------------------------------------------------------------


def test_an_unanswered_referral_past_its_due_date_is_overdue_for_its_maker(world):
    late = internal(world)
    Referral.objects.filter(pk=late.pk).update(due_on=TODAY - dt.timedelta(days=1))
    on_time = internal(world)
    _, desk = actor("wolgok2.desk")
    assert list(selectors.overdue_referrals_made_by(desk)) == [late]
    made = {r.pk: r.overdue for r in selectors.referrals_made_by(desk)}
    assert made == {late.pk: True, on_time.pk: False}
    _, receiver = actor("wolgok2.planner")
    assert not selectors.overdue_referrals_made_by(receiver).exists()
    assert {r.pk for r in selectors.referrals_waiting_for(receiver)} == {late.pk, on_time.pk}
    counts = selectors.referral_counts(desk)
    assert (counts.made_waiting, counts.made_overdue, counts.waiting_for_me, counts.untold) == (2, 1, 0, 0)
    assert selectors.referral_counts(receiver).waiting_for_me == 2


def test_an_answered_referral_is_not_overdue_and_waits_to_be_told(world):
    referral = internal(world)
    Referral.objects.filter(pk=referral.pk).update(due_on=TODAY - dt.timedelta(days=3))
    user, receiver = actor("wolgok2.planner")
    services.receive(user, receiver, referral)
    services.complete(user, receiver, referral, "완료")
    _, desk = actor("wolgok2.desk")
    assert not selectors.overdue_referrals_made_by(desk).exists()
    assert list(selectors.untold_results_for(desk)) == [referral]
    assert selectors.referral_counts(desk).untold == 1


def test_a_team_referral_waits_for_every_member_of_the_team(world):
    team = Team.objects.get(dong=world.wolgok2, kind="welfare1")
    referral = refer(world, target="internal", to_agency=None, to_team=team)
    _, supervisor = actor("wolgok2.supervisor")
    _, nurse = actor("wolgok2.nurse")
    assert list(selectors.referrals_waiting_for(supervisor)) == [referral]
    assert not selectors.referrals_waiting_for(nurse).exists()


def test_queues_are_scoped_to_the_dong(world):
    internal(world)
    _, other = actor("jangwi1.planner")
    assert not selectors.referral_list(other).exists()
    _, hope = actor("district.hope")
    assert selectors.referral_list(hope).count() == 1


def test_a_referral_linked_to_a_consultation_of_another_person_is_refused(world):
    c = consult(world.park)
    with pytest.raises(ValidationError, match="상담 대상자와 의뢰 대상자가 다릅니다"):
        refer(world, target="internal", to_agency=None, to_staff=planner(), consultation=c)
