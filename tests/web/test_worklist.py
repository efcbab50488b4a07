"""오늘 할 일 for the planner and the supervisor, with constructed data; the home page's counts and
notices; and the cost of both pages, which must not grow with the number of items."""

import datetime as dt
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatdong.cases.models import Assessment, Case, FollowUp, ServicePlan
from chatdong.cases.states import Selection, Stage
from chatdong.consult.models import Referral
from chatdong.core import notices as core_notices
from chatdong.core.models import Notice
from chatdong.meetings.models import Meeting
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.officers.models import Finding
from chatdong.outreach.officers.states import FindingKind
from chatdong.outreach.visits.models import WatchedHousehold
from chatdong.outreach.visits.states import Tier
from chatdong.web.worklist import work_counts, work_list

from ..meetings.helpers import actor, staff
from ..registry.helpers import add_households

TODAY = timezone.localdate()
PLANNER_SECTIONS = [
    "cases_to_move", "monitoring_overdue", "monitoring_due", "visits_booked", "watch_overdue", "watch_due",
    "follow_ups", "referrals_waiting", "referrals_to_me", "results_to_tell", "findings_to_me", "meetings",
]  # fmt: skip
SUPERVISOR_SECTIONS = ["closure_approvals", "selection_pending", "plan_approvals", "exceptions_to_confirm"]
_titles = itertools.count(1)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def make_cases(world, n: int, **fields) -> list[Case]:
    """n cases of 월곡2동 worked by the planner, one household each, straight into the state wanted."""
    planner = staff("wolgok2.planner")
    households = add_households(world.wolgok2, n, members=1)
    people = {p.household_id: p for p in world.kim.__class__.objects.filter(household__in=households)}
    defaults = {"source": "desk", "worker": planner, "dong": world.wolgok2, "stage": Stage.IN_SERVICE}
    return Case.objects.bulk_create(
        Case(household=h, person=people[h.pk], **{**defaults, **fields}) for h in households
    )


def make_referrals(world, n: int, **fields) -> list[Referral]:
    defaults = {
        "dong": world.wolgok2, "household": world.kim_household, "person": world.kim,
        "made_by": staff("wolgok2.planner"), "target": Referral.Target.EXTERNAL, "to_agency": world.welfare_centre,
        "domain": "economy", "reason": "긴급 생계 지원", "requested_on": days(-10), "due_on": days(-2),
    }  # fmt: skip
    return Referral.objects.bulk_create(Referral(**{**defaults, **fields}) for _ in range(n))


def populate(world, n: int) -> None:
    """n items in every section of the planner's and the supervisor's work lists."""
    supervisor, planner, desk = staff("wolgok2.supervisor"), staff("wolgok2.planner"), staff("wolgok2.desk")
    make_cases(world, n, next_monitoring_on=days(-5))
    make_cases(world, n, next_monitoring_on=days(3))
    make_cases(world, n, stage=Stage.INTAKE)
    book_visits(world, n, planner, days(1))
    for due in (days(-4), days(2)):
        WatchedHousehold.objects.bulk_create(
            WatchedHousehold(household=h, dong=world.wolgok2, tier=Tier.SERVICE, planner=planner,
                             started_on=days(-40), next_due_on=due)
            for h in add_households(world.wolgok2, n, members=1)
        )  # fmt: skip
    closed = make_cases(world, n, stage=Stage.CLOSED, selection=Selection.MANAGED, closed_on=days(-180))
    FollowUp.objects.bulk_create(FollowUp(case=c, sequence=1, due_on=days(2)) for c in closed)
    make_referrals(world, n)
    make_referrals(world, n, made_by=desk, target=Referral.Target.INTERNAL, to_agency=None, to_staff=planner,
                   status=Referral.Status.RECEIVED, due_on=days(4))  # fmt: skip
    make_referrals(world, n, status=Referral.Status.COMPLETED, closed_on=days(-1), result="긴급지원 결정")
    make_cases(world, n, stage=Stage.CLOSURE_REQUESTED, closure_reason="improved", closure_requested_by=planner)
    assessed = make_cases(world, n, stage=Stage.ASSESSMENT)
    Assessment.objects.bulk_create(
        Assessment(case=c, assessed_on=days(-1), assessed_by=planner, urgency=2, importance=2, summary="조사")
        for c in assessed
    )
    planned = make_cases(world, n, stage=Stage.PLANNING, selection=Selection.MANAGED)
    ServicePlan.objects.bulk_create(ServicePlan(case=c, written_on=days(-1), written_by=planner) for c in planned)
    make_referrals(world, n, made_by=desk, legal_exception="긴급지원법 제7조", due_on=days(5))
    Finding.objects.bulk_create(
        Finding(dong=world.wolgok2, kind=FindingKind.CARE_NEEDED, raised_by=desk.user, subject=f"이웃 {i}",
                description="위기", routed_to=planner)
        for i in range(n)
    )  # fmt: skip
    Meeting.objects.bulk_create(
        Meeting(district=world.wolgok2.district, dong=world.wolgok2, kind=Meeting.Kind.INTERNAL_CONFERENCE,
                schedule=Meeting.Schedule.AD_HOC, title=f"사례회의 {next(_titles)}", chair=supervisor,
                starts_at=timezone.now() + dt.timedelta(days=3))
        for _ in range(n)
    )  # fmt: skip


def book_visits(world, n: int, planner, day: dt.date) -> list[Target]:
    """n 빈곤위기가정 targets of the planner with a visit booked at 10:00 on `day`, one household each."""
    households = add_households(world.wolgok2, n, members=1)
    people = {p.household_id: p for p in world.kim.__class__.objects.filter(household__in=households)}
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return Target.objects.bulk_create(
        Target(programme="poverty_crisis", period_start=day.replace(day=1), dong=world.wolgok2, household=h,
               person=people[h.pk], source="benefit_list", planner=planner, status=TargetStatus.SCHEDULED,
               appointment_at=at)
        for h in households
    )  # fmt: skip


def test_booked_visits_of_the_week_and_those_missed(world):
    planner = staff("wolgok2.planner")
    [missed] = book_visits(world, 1, planner, days(-2))
    [tomorrow] = book_visits(world, 1, planner, days(1))
    book_visits(world, 1, planner, days(20))  # not this week
    book_visits(world, 1, staff("wolgok2.planner65"), days(1))  # another planner's
    section = by_key(work_list(actor("wolgok2.planner")[1], TODAY))["visits_booked"]
    assert (section.count, section.overdue_count) == (2, 1)
    first, second = section.items
    assert first.overdue and first.url.endswith(f"/targets/{missed.pk}/") and "2일 지남" in first.detail
    assert not second.overdue and second.url.endswith(f"/targets/{tomorrow.pk}/") and "10:00" in second.detail


def by_key(sections):
    return {s.key: s for s in sections}


# --- Sections --------------------------------------------------------------------------------------


def test_overdue_monitoring_appears_for_the_worker(world):
    late, soon = (
        make_cases(world, 1, next_monitoring_on=days(-3))[0],
        make_cases(world, 1, next_monitoring_on=days(2))[0],
    )
    make_cases(world, 1, next_monitoring_on=days(20))  # not this week
    make_cases(world, 1, next_monitoring_on=days(-3), worker=staff("wolgok2.nurse"))  # someone else's
    sections = by_key(work_list(actor("wolgok2.planner")[1], TODAY))
    overdue = sections["monitoring_overdue"]
    assert overdue.count == 1 and overdue.overdue_count == 1
    assert overdue.items[0].title == f"{late.person.name} · 사례 #{late.pk}"
    assert overdue.items[0].overdue and "3일 지남" in overdue.items[0].detail
    assert overdue.items[0].url == f"/cases/{late.pk}/"
    due = sections["monitoring_due"]
    assert [i.title for i in due.items] == [f"{soon.person.name} · 사례 #{soon.pk}"] and not due.items[0].overdue


def test_cases_waiting_for_the_workers_next_step(world):
    """Just taken in (assessment due) or selected without a plan: the worker's turn. A written plan waits
    for the supervisor, not the worker."""
    (intake,) = make_cases(world, 1, stage=Stage.INTAKE)
    (selected,) = make_cases(world, 1, stage=Stage.PLANNING, selection=Selection.MANAGED)
    (planned,) = make_cases(world, 1, stage=Stage.PLANNING, selection=Selection.MANAGED)
    ServicePlan.objects.create(case=planned, written_on=TODAY, written_by=staff("wolgok2.planner"))
    section = by_key(work_list(actor("wolgok2.planner")[1], TODAY))["cases_to_move"]
    assert section.count == 2
    details = {item.url.rstrip("/").rsplit("/", 1)[-1]: item.detail for item in section.items}
    assert "욕구조사 차례" in details[str(intake.pk)]
    assert "서비스계획 작성 차례" in details[str(selected.pk)]
    assert str(planned.pk) not in details
    other = by_key(work_list(actor("jangwi1.planner")[1], TODAY))["cases_to_move"]
    assert other.count == 0


def test_a_team_member_sees_the_case_too(world):
    from chatdong.cases.models import CaseTeamMember

    case = make_cases(world, 1, next_monitoring_on=days(-1))[0]
    assert by_key(work_list(actor("wolgok2.nurse")[1], TODAY))["monitoring_overdue"].count == 0
    CaseTeamMember.objects.create(case=case, staff=staff("wolgok2.nurse"))
    assert by_key(work_list(actor("wolgok2.nurse")[1], TODAY))["monitoring_overdue"].count == 1


def test_a_referral_past_due_is_overdue_for_its_maker_and_comes_first(world):
    on_time = make_referrals(world, 1, due_on=days(3))[0]
    late = make_referrals(world, 1, due_on=days(-4))[0]
    make_referrals(world, 1, status=Referral.Status.COMPLETED, resident_told_on=TODAY)  # answered and told
    waiting = by_key(work_list(actor("wolgok2.planner")[1], TODAY))["referrals_waiting"]
    assert waiting.count == 2 and waiting.overdue_count == 1
    assert [i.url for i in waiting.items] == [f"/consult/referrals/{late.pk}/", f"/consult/referrals/{on_time.pk}/"]
    assert waiting.items[0].overdue and "(기한 지남)" in waiting.items[0].detail
    assert not waiting.items[1].overdue
    assert "월곡종합사회복지관" in waiting.items[0].title
    # The desk officer made none of them.
    assert by_key(work_list(actor("wolgok2.desk")[1], TODAY))["referrals_waiting"].count == 0


def test_referrals_to_me_or_my_team_and_results_to_tell(world):
    planner = staff("wolgok2.planner")
    desk = staff("wolgok2.desk")
    make_referrals(world, 1, made_by=desk, to_agency=None, to_staff=planner, target="internal", due_on=days(1))
    make_referrals(world, 1, made_by=desk, to_agency=None, to_team=planner.team, target="internal", urgent=True)
    make_referrals(world, 1, made_by=desk, to_agency=None, to_staff=planner, status=Referral.Status.COMPLETED)
    make_referrals(world, 1, status=Referral.Status.RETURNED, closed_on=days(-1))
    sections = by_key(work_list(actor("wolgok2.planner")[1], TODAY))
    to_me = sections["referrals_to_me"]
    assert to_me.count == 2 and to_me.items[0].urgent  # urgent first
    assert sections["results_to_tell"].count == 1
    assert "주민에게 결과를 알리고" in sections["results_to_tell"].items[0].detail


def test_follow_ups_due_within_a_week(world):
    closed = make_cases(world, 3, stage=Stage.CLOSED, selection=Selection.MANAGED)
    FollowUp.objects.create(case=closed[0], sequence=1, due_on=days(-1))
    FollowUp.objects.create(case=closed[1], sequence=1, due_on=days(6))
    FollowUp.objects.create(case=closed[2], sequence=1, due_on=days(40))
    FollowUp.objects.create(case=closed[2], sequence=2, due_on=days(-30), done_on=days(-30))
    section = by_key(work_list(actor("wolgok2.planner")[1], TODAY))["follow_ups"]
    assert section.count == 2 and section.overdue_count == 1
    assert "사후관리 1차" in section.items[0].detail


def test_the_supervisor_sees_approvals_waiting_the_planner_does_not(world):
    populate(world, 1)
    make_cases(world, 1, stage=Stage.ASSESSMENT)  # no assessment yet: nothing to select
    supervisor = by_key(work_list(actor("wolgok2.supervisor")[1], TODAY))
    for key in SUPERVISOR_SECTIONS:
        assert supervisor[key].count == 1, key
    assert "긴급지원법 제7조" in supervisor["exceptions_to_confirm"].items[0].detail
    assert "종결 사유: 상황호전" in supervisor["closure_approvals"].items[0].detail
    planner = by_key(work_list(actor("wolgok2.planner")[1], TODAY))
    assert set(planner) == set(PLANNER_SECTIONS)
    for key in PLANNER_SECTIONS:
        assert planner[key].count == 1, key
    # Another dong's planner has nothing of 월곡2동's.
    assert all(s.count == 0 for s in work_list(actor("jangwi1.planner")[1], TODAY))


def test_approvals_of_another_dong_do_not_reach_the_supervisor(world):
    lee_case = Case.objects.create(
        household=world.lee_household, person=world.lee, dong=world.jangwi1, source="desk",
        worker=staff("jangwi1.planner"), stage=Stage.CLOSURE_REQUESTED, closure_reason="improved",
    )  # fmt: skip
    assert lee_case.pk
    assert by_key(work_list(actor("wolgok2.supervisor")[1], TODAY))["closure_approvals"].count == 0


def test_upcoming_conferences_of_the_dong_and_as_attendee(world):
    from chatdong.meetings import services

    supervisor = staff("wolgok2.supervisor")
    soon = Meeting.objects.create(
        district=world.wolgok2.district, dong=world.wolgok2, kind=Meeting.Kind.INTEGRATED_CONFERENCE,
        schedule=Meeting.Schedule.REGULAR, title="11월 통합사례회의", chair=supervisor,
        starts_at=timezone.now() + dt.timedelta(days=2), place="2층",
    )  # fmt: skip
    Meeting.objects.create(
        district=world.wolgok2.district, dong=world.wolgok2, kind=Meeting.Kind.INTERNAL_CONFERENCE,
        schedule=Meeting.Schedule.AD_HOC, title="먼 회의", chair=supervisor,
        starts_at=timezone.now() + dt.timedelta(days=20),
    )  # fmt: skip
    section = by_key(work_list(actor("wolgok2.planner")[1], TODAY))["meetings"]
    assert [i.title for i in section.items] == ["11월 통합사례회의"]
    assert section.items[0].url == reverse("meetings:meeting_detail", args=[soon.pk])
    # The district's case manager sees it only once invited.
    hope = actor("district.hope")[1]
    assert by_key(work_list(hope, TODAY))["meetings"].count == 0
    services.add_attendee(*actor("wolgok2.supervisor"), soon, staff=staff("district.hope"), role="자문")
    assert by_key(work_list(hope, TODAY))["meetings"].count == 1


def test_counts_match_the_list(world):
    populate(world, 12)
    principal = actor("wolgok2.supervisor")[1]
    listed = {s.key: (s.count, s.overdue_count, len(s.items)) for s in work_list(principal, TODAY)}
    counted = {s.key: (s.count, s.overdue_count) for s in work_counts(principal, TODAY)}
    assert {k: v[:2] for k, v in listed.items()} == counted
    assert all(shown == min(10, total) for total, _overdue, shown in listed.values())
    assert counted["closure_approvals"] == (12, 0)
    planner = actor("wolgok2.planner")[1]
    assert by_key(work_counts(planner, TODAY))["monitoring_overdue"].overdue_count == 12


# --- Pages -----------------------------------------------------------------------------------------


def test_work_list_page(world, login):
    populate(world, 12)
    response = login("wolgok2.planner").get(reverse("work_list"))
    assert response.status_code == 200
    text = response.text
    titles = ["점검 기한 지남", "이번 주 점검", "사후관리 예정", "의뢰 회신 대기", "나에게 온 의뢰", "결과 안내 필요"]
    for title in [*titles, "다가오는 회의"]:
        assert title in text
    assert "승인 대기" not in text
    assert "전체 12건 중 먼저 처리할 10건입니다." in text
    assert "기한 지남 12건" in text


def test_work_list_is_for_staff_only(world, login):
    assert login("district.stats").get(reverse("work_list")).status_code == 403
    assert login("wolgok2.tongjang").get(reverse("work_list")).status_code == 403


def home_cards(text: str) -> dict[str, str]:
    """data-section → the figure on its card."""
    counts = text.split('data-testid="work-counts"')[1].split("</section>")[0]
    return dict(re.findall(r'data-section="(\w+)">.*?<div class="cd-figure">([^<]+)</div>', counts, re.S))


def test_home_shows_counts_linking_to_the_work_list(world, login):
    populate(world, 3)
    make_cases(world, 2, next_monitoring_on=days(-1), worker=staff("wolgok2.supervisor"))
    text = login("wolgok2.supervisor").get(reverse("home")).text
    assert 'href="/work/#closure_approvals"' in text
    cards = home_cards(text)
    assert {key: cards[key] for key in [*SUPERVISOR_SECTIONS, "meetings"]} == dict.fromkeys(
        [*SUPERVISOR_SECTIONS, "meetings"], "3건"
    )
    assert cards["monitoring_overdue"] == "2건" and cards["referrals_waiting"] == "0건"
    assert "기한 지남 2건" in text
    planner = home_cards(login("wolgok2.planner").get(reverse("home")).text)
    assert set(planner) == set(PLANNER_SECTIONS)
    assert set(planner.values()) == {"3건"}


# --- Notices ---------------------------------------------------------------------------------------


def test_unread_notices_urgent_first_and_marked_read(world, login):
    user = get_user_model().objects.get(username="wolgok2.supervisor")
    core_notices.send([user], "referral_done", "의뢰 결과가 도착했습니다: 김영희")
    core_notices.send([user], "suicide_risk", "자살위험 높음: 박순자 — 즉시 연계하세요", url="/cases/1/", urgent=True)
    client = login("wolgok2.supervisor")
    text = client.get(reverse("home")).text
    box = text.split('data-testid="notices"')[1].split("</section>")[0]
    assert "알림 2건" in box
    assert box.index("자살위험 높음") < box.index("의뢰 결과가 도착")
    urgent = Notice.objects.get(urgent=True)
    response = client.post(reverse("notice_read", args=[urgent.pk]))
    assert response.status_code == 302
    urgent.refresh_from_db()
    assert urgent.read_at is not None
    assert "자살위험 높음" not in client.get(reverse("home")).text
    client.post(reverse("notices_read_all"))
    assert not Notice.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert 'data-testid="notices"' not in client.get(reverse("home")).text


def test_nobody_marks_someone_elses_notice(world, login):
    user = get_user_model().objects.get(username="wolgok2.supervisor")
    core_notices.send([user], "x", "수퍼바이저에게 온 알림")
    notice = Notice.objects.get()
    response = login("wolgok2.planner").post(reverse("notice_read", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert login("wolgok2.planner").get(reverse("notice_read", args=[notice.pk])).status_code == 405


# --- Cost ------------------------------------------------------------------------------------------


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx)


@pytest.mark.parametrize(
    ("username", "filled"),
    [("wolgok2.planner", PLANNER_SECTIONS), ("wolgok2.supervisor", [*SUPERVISOR_SECTIONS, "meetings"])],
)
def test_work_list_and_home_cost_the_same_with_one_or_thirty_items(world, login, username, filled):
    principal = actor(username)[1]
    client = login(username)
    user = get_user_model().objects.get(username=username)

    def measure() -> tuple[int, int, int]:
        cache.clear()  # the home page's headline figures are kept a few minutes (scope_summary): count them each time
        return (
            _queries(lambda: work_list(principal, TODAY)),
            _queries(lambda: client.get(reverse("work_list"))),
            _queries(lambda: client.get(reverse("home"))),
        )

    populate(world, 1)
    core_notices.send([user], "x", "알림 하나")
    one = measure()
    assert all(s.count == 1 for s in work_list(principal, TODAY) if s.key in filled)
    populate(world, 29)
    core_notices.send([user] * 29, "x", "알림 여럿")
    thirty = measure()
    assert all(s.count == 30 for s in work_list(principal, TODAY) if s.key in filled)
    assert one == thirty
    sections = work_list(principal, TODAY)
    empty = sum(1 for s in sections if s.count == 0)
    assert one[0] == 2 * len(sections) - empty  # a count and a page of rows per section; an empty one, its count


def test_an_empty_section_costs_only_its_count(world):
    principal = actor("wolgok2.planner")[1]
    assert all(s.count == 0 for s in work_list(principal, TODAY))
    assert _queries(lambda: work_list(principal, TODAY)) == len(work_list(principal, TODAY))
