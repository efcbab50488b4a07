"""송민아 (65세 도래 planner) visits 김영희, who turns 65, with the nurse; the rules that keep a visit honest:
consent first, the nurse for screenings, 112 with abuse signs, a classification for 관리대상군."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.cases.models import Case
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits import services as visits
from chatdong.outreach.visits.models import Screening, Visit, WatchedHousehold
from chatdong.registry.models import PersonFlag
from tests.meetings.helpers import actor
from tests.outreach.visits.helpers import TODAY, joint_visit_with_nurse, staff, target


def record(username, person, data, target=None):
    user, principal = actor(username)
    return visits.record_visit(user, principal, person, data, target=target)


def test_a_joint_visit_with_the_nurse_classifies_starts_monitoring_and_opens_a_case(world):
    t = target(world.kim)
    visit = record("wolgok2.planner65", world.kim, joint_visit_with_nurse(open_case=True), t)

    assert visit.team == Visit.Team.WITH_HEALTH
    assert visit.visitor == staff("wolgok2.planner65")
    t.refresh_from_db()
    assert t.status == TargetStatus.VISITED
    screenings = {s.kind: s for s in visit.screenings.all()}
    assert screenings["depression"].positive and not screenings["cognitive"].positive
    assert not screenings["chronic"].positive
    assert {s.screened_by for s in screenings.values()} == {staff("wolgok2.nurse")}
    watch = WatchedHousehold.objects.get(household=world.kim_household, ended_on__isnull=True)
    assert watch.tier == "service" and watch.programme == Programme.TURNING_65
    assert watch.next_due_on == TODAY + dt.timedelta(days=30)
    assert watch.planner == staff("wolgok2.planner65")
    case = Case.objects.get(pk=visit.case_id)
    assert case.source == "planner_visit" and case.worker == staff("wolgok2.planner65")
    assert case.person == world.kim
    logged = set(AuditEntry.objects.filter(household_id=world.kim_household.pk).values_list("model", flat=True))
    assert {"outreach.visit", "outreach.target", "outreach.watchedhousehold", "cases.case"} <= logged


def test_a_target_not_yet_consented_cannot_be_visited_and_nothing_is_written(world):
    t = target(world.kim, status=TargetStatus.LISTED, consent=False)
    with pytest.raises(ValidationError, match="방문 동의를 받은 대상자만"):
        record("wolgok2.planner65", world.kim, joint_visit_with_nurse(), t)
    t.refresh_from_db()
    assert t.status == TargetStatus.LISTED
    assert not Visit.objects.exists() and not WatchedHousehold.objects.filter(household=world.kim_household).exists()


def test_a_refusal_stands(world):
    t = target(world.kim, status=TargetStatus.REFUSED, consent=False)
    with pytest.raises(ValidationError, match="방문 거부"):
        record("wolgok2.planner65", world.kim, joint_visit_with_nurse(), t)


def test_care_crisis_households_are_visited_strictly_with_a_recorded_consent(world):
    # Marked consented on the list, but no consent of the resident on record: refused.
    t = target(world.kim, programme=Programme.CARE_CRISIS, planner="wolgok2.plannercare", consent=False)
    data = joint_visit_with_nurse(
        companions=[], screenings={}, classification="poverty_crisis", services_explained=["dv_counselling"]
    )
    with pytest.raises(ValidationError, match="돌봄위기가정은 방문 당일 유효한 방문상담 동의"):
        record("wolgok2.plannercare", world.kim, data, t)
    assert not Visit.objects.exists()
    with_consent = target(world.park, programme=Programme.CARE_CRISIS, planner="wolgok2.plannercare")
    visit = record("wolgok2.plannercare", world.park, data, with_consent)
    assert visit.team == Visit.Team.ALONE


def test_screenings_need_the_nurse_and_scores_within_the_instrument(world):
    alone = joint_visit_with_nurse(companions=[])
    with pytest.raises(ValidationError, match="방문간호사가 방문하거나 동행한 경우에만"):
        record("wolgok2.planner65", world.kim, alone, target(world.kim))
    with pytest.raises(ValidationError, match=r"SGDS-K.*0~15점"):
        record("wolgok2.planner65", world.kim, joint_visit_with_nurse(screenings={"depression": 16}))
    assert not Screening.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "normal"}, "정상군은 정보 안내 후 종결"),
        ({"classification": ""}, "관리대상군은 분류"),
        ({"summary": "  "}, "상담 내용을 입력하세요"),
        ({"visited_on": TODAY + dt.timedelta(days=1)}, "방문일은 오늘 이후일 수 없습니다"),
        ({"services_explained": ["childcare_allowance"]}, "이 사업의 안내 항목에 없습니다"),
        ({"abuse_sign": "elder_abuse"}, "112 신고일을 함께 입력하세요"),
        ({"reported_to_police_on": TODAY}, "112 신고일은 학대·폭력 징후와 함께"),
    ],
)
def test_bad_input_is_refused_in_korean_and_changes_nothing(world, changes, message):
    t = target(world.kim)
    with pytest.raises(ValidationError, match=message):
        record("wolgok2.planner65", world.kim, joint_visit_with_nurse(**changes), t)
    t.refresh_from_db()
    assert t.status == TargetStatus.CONSENTED
    assert not Visit.objects.exists()


def test_abuse_signs_are_recorded_with_the_112_report_as_a_sensitive_flag(world):
    data = joint_visit_with_nurse(abuse_sign="elder_abuse", reported_to_police_on=TODAY)
    visit = record("wolgok2.planner65", world.kim, data, target(world.kim))
    flag = PersonFlag.objects.get(person=world.kim, kind="elder_abuse")
    assert flag.reported_to_police_on == TODAY and flag.is_sensitive
    assert visit.abuse_sign == "elder_abuse"


def test_a_normal_visit_informs_and_closes(world):
    data = joint_visit_with_nurse(outcome="normal", classification="", tier="", screenings={})
    visit = record("wolgok2.planner65", world.kim, data, target(world.kim))
    assert visit.outcome == "normal"
    assert not WatchedHousehold.objects.filter(household=world.kim_household).exists()
    assert visit.case_id is None


def test_a_visit_to_a_watched_household_counts_as_a_contact(world):
    user, _ = actor("wolgok2.plannercare")
    watch = cadence.watch_household(
        user, world.kim_household, "integrated", staff("wolgok2.plannercare"), TODAY - dt.timedelta(days=40)
    )
    assert watch.next_due_on < TODAY
    record("wolgok2.planner65", world.kim, joint_visit_with_nurse(tier=""), target(world.kim))
    watch.refresh_from_db()
    assert watch.last_contact_on == TODAY and watch.next_due_on == TODAY + dt.timedelta(days=15)
    assert watch.contacts.get().method == "visit"


@pytest.mark.parametrize(
    ("companions", "team"),
    [
        ("agency", Visit.Team.WITH_AGENCY),
        ("leader", Visit.Team.WITH_LEADER),
        ("health_centre", Visit.Team.WITH_HEALTH),
        ("", Visit.Team.ALONE),
    ],
)
def test_the_team_follows_from_who_went_along(world, companions, team):
    from chatdong.org.models import Agency, NeighbourhoodLeader

    police = Agency.objects.create(district=world.wolgok2.district, name="종암경찰서", kind="police")
    chosen = {
        "agency": [visits.Companion(agency=police, name="박경위", role="학대전담경찰관")],
        "leader": [visits.Companion(leader=NeighbourhoodLeader.objects.get(name="최통장"))],
        "health_centre": [visits.Companion(agency=world.health_centre, name="간호사", role="방문간호")],
        "": [],
    }[companions]
    data = joint_visit_with_nurse(companions=chosen, screenings={})
    assert record("wolgok2.planner65", world.kim, data).team == team


def test_an_agency_companion_needs_a_name_and_role(world):
    from chatdong.org.models import Agency

    police = Agency.objects.create(district=world.wolgok2.district, name="종암경찰서", kind="police")
    data = joint_visit_with_nurse(companions=[visits.Companion(agency=police)], screenings={})
    with pytest.raises(ValidationError, match="이름과 역할"):
        record("wolgok2.planner65", world.kim, data)


def test_staff_of_another_dong_and_statistics_cannot_record(world):
    with pytest.raises(Forbidden):
        record("jangwi1.planner", world.kim, joint_visit_with_nurse(screenings={}, companions=[]))
    with pytest.raises(Forbidden):
        record("district.stats", world.kim, joint_visit_with_nurse(screenings={}, companions=[]))
    assert not Visit.objects.exists()


def test_a_case_opens_once_and_only_from_a_managed_visit(world):
    user, principal = actor("wolgok2.planner65")
    normal = record(
        "wolgok2.planner65", world.kim, joint_visit_with_nurse(outcome="normal", classification="", tier="")
    )
    with pytest.raises(ValidationError, match="정상군으로 판정한 방문"):
        visits.open_case_from_visit(user, principal, normal)
    managed = record("wolgok2.planner65", world.park, joint_visit_with_nurse(screenings={}, companions=[]))
    case = visits.open_case_from_visit(user, principal, managed)
    with pytest.raises(ValidationError, match=f"이미 사례\\(#{case.pk}\\)"):
        visits.open_case_from_visit(user, principal, managed)
    assert Target.objects.count() == 0
