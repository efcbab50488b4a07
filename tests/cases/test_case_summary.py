"""The seed 001 summary (2014년 통합사례관리 현황) on constructed data: which cases count in a period, in
which column, as which household type, and the service links by domain; scoped and in two queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.cases import selectors
from chatdong.cases.models import Case, PlannedService, ServiceDelivery, ServicePlan
from chatdong.cases.states import Selection, Stage
from chatdong.org.models import StaffMember
from chatdong.registry.models import BenefitStatus, BenefitType, Household, Person

from .helpers import actor

D = dt.date
PERIOD = (D(2025, 1, 1), D(2025, 12, 31))


def _household(dong, members, *, benefit=None, benefit_from=None, benefit_to=None, moved_out=0):
    tong = dong.tongs.order_by("number").first()
    household = Household.objects.create(dong=dong, tong=tong, road_address="서울특별시 성북구 집계로 1")
    people = [
        Person.objects.create(
            household=household,
            name=f"집계{household.pk}-{n}",
            birth_date=D(1960 + n, 1, 1),
            sex="F",
            relation="head" if n == 0 else "child",
            moved_out_on=D(2025, 2, 1) if n < moved_out else None,
        )
        for n in range(members)
    ]
    if benefit:
        BenefitStatus.objects.create(
            person=people[-1], benefit_type=BenefitType.objects.get(code=benefit),
            started_on=benefit_from or D(2024, 1, 1),
            ended_on=benefit_to,
        )  # fmt: skip
    return household


def _case(household, *, opened, stage, selection="", closed=None, username="wolgok2.planner"):
    return Case.objects.create(
        household=household, person=household.members.order_by("id").first(), dong=household.dong, source="desk",
        worker=StaffMember.objects.get(user__username=username), opened_on=opened, stage=stage, selection=selection,
        closed_on=closed,
    )  # fmt: skip


def _plan(case, domain, *, approved, starts=None, ends=None):
    staff = case.worker
    plan = ServicePlan.objects.create(case=case, written_on=D(2025, 3, 1), written_by=staff, approved_on=approved)
    PlannedService.objects.create(plan=plan, domain=domain, description="서비스", starts_on=starts, ends_on=ends)


def _delivery(case, domain, day):
    ServiceDelivery.objects.create(case=case, domain=domain, description="제공", delivered_on=day,
                                   recorded_by=case.worker)  # fmt: skip


@pytest.fixture
def cases(world):
    """Cases of 월곡2동 (and one of 장위1동) around the year 2025."""
    w = world.wolgok2
    a = _case(world.kim_household, opened=D(2025, 3, 1), stage=Stage.IN_SERVICE, selection=Selection.MANAGED)
    b_household = _household(w, 2, benefit="near_poor_self_support")
    b = _case(b_household, opened=D(2025, 5, 1), stage=Stage.IN_SERVICE, selection=Selection.SERVICE_LINK)
    c_household = _household(w, 2)
    _case(c_household, opened=D(2025, 4, 1), stage=Stage.NOT_SELECTED, selection=Selection.EXCLUDED,
          closed=D(2025, 6, 1))  # fmt: skip
    _case(c_household, opened=D(2025, 7, 1), stage=Stage.ASSESSMENT)  # the same household again: counted once
    d_household = _household(w, 2, moved_out=1)  # one member moved out: one current member
    d = _case(d_household, opened=D(2025, 2, 1), stage=Stage.CLOSED, selection=Selection.MANAGED,
              closed=D(2025, 10, 1))  # fmt: skip
    # 기초수급 ended mid-year: at the end of the period the household is 일반저소득.
    e_household = _household(w, 2, benefit="basic_livelihood", benefit_to=D(2025, 6, 30))
    _case(e_household, opened=D(2025, 12, 1), stage=Stage.INTAKE)
    _case(_household(w, 1), opened=D(2024, 1, 1), stage=Stage.CLOSED, selection=Selection.MANAGED,
          closed=D(2024, 12, 1))  # fmt: skip  # ended before the period
    _case(_household(w, 1), opened=D(2026, 1, 5), stage=Stage.INTAKE)  # opened after the period
    # Closed after the period ended: at its end it was a service-link case. 차상위 only from 2026.
    h_household = _household(w, 2, benefit="near_poor_confirmed", benefit_from=D(2026, 3, 1))
    _case(h_household, opened=D(2025, 9, 1), stage=Stage.CLOSED, selection=Selection.SERVICE_LINK,
          closed=D(2026, 2, 1))  # fmt: skip
    _case(world.lee_household, opened=D(2025, 2, 1), stage=Stage.INTAKE, username="jangwi1.planner")

    _delivery(a, "economy", D(2025, 4, 1))
    _plan(a, "health", approved=D(2025, 3, 10), starts=D(2025, 3, 15))
    _delivery(b, "economy", D(2024, 12, 1))  # before the period
    _plan(b, "housing", approved=None)  # never approved
    _delivery(b, "housing", D(2025, 8, 1))
    _plan(d, "education", approved=D(2025, 3, 1), starts=D(2026, 2, 1))  # starts after the period
    _plan(d, "legal", approved=D(2024, 6, 1), ends=D(2024, 12, 31))  # ended before it
    return world


def cells(rows):
    return {cell.key: (cell.households, cell.persons) for cell in rows}


def test_a_dong_planner_sees_the_seed_001_table_for_their_dong(cases):
    _user, planner = actor("wolgok2.planner")
    summary = selectors.case_summary(planner, *PERIOD)
    # kim (3 people), B 2, C 2, D 1 current, E 2, H 2 — C counted once although it had two cases
    assert (summary.total.households, summary.total.persons) == (6, 12)
    assert cells(summary.by_status) == {
        "managed": (1, 3),
        "service_link": (2, 4),  # B, and H closed only after the period
        "not_selected": (1, 2),
        "closed": (1, 1),
        "pending": (2, 4),  # E at intake, C's second case at assessment
    }
    assert cells(summary.by_household_type) == {
        "basic": (1, 3),  # 김영희's household: 국민기초생활수급자
        "near_poor": (1, 2),  # B: 차상위 자활
        "low_income": (4, 7),  # C, D, E (수급 ended), H (차상위 only later)
    }
    assert sum(cell.households for cell in summary.by_household_type) == summary.total.households
    links = {key: n for key, _label, n in summary.links_by_domain}
    assert links == {"economy": 1, "housing": 1, "health": 1, "education": 0, "relationship": 0,
                     "employment": 0, "legal": 0, "other": 0}  # fmt: skip
    assert summary.links_total == 2  # 김영희 (경제, 건강) and B's person (주거)


def test_the_district_sees_every_dong_and_can_narrow_to_one(cases):
    for username in ("district.hope", "district.stats"):
        _user, principal = actor(username)
        summary = selectors.case_summary(principal, *PERIOD)
        assert (summary.total.households, summary.total.persons) == (7, 13)
        assert cells(summary.by_status)["pending"] == (3, 5)
    _user, hope = actor("district.hope")
    jangwi = selectors.case_summary(hope, *PERIOD, dong_id=cases.jangwi1.pk)
    assert (jangwi.total.households, jangwi.total.persons) == (1, 1)


def test_another_dongs_planner_counts_only_their_own(cases):
    _user, other = actor("jangwi1.planner")
    summary = selectors.case_summary(other, *PERIOD)
    assert (summary.total.households, cells(summary.by_status)["pending"]) == (1, (1, 1))


def test_a_period_before_any_case_is_all_zero(cases):
    _user, planner = actor("wolgok2.planner")
    summary = selectors.case_summary(planner, D(2020, 1, 1), D(2020, 12, 31))
    assert summary.total.households == 0 and summary.links_total == 0
    assert all(cell.households == 0 for cell in summary.by_status + summary.by_household_type)


def test_the_summary_is_two_aggregate_queries_whatever_the_data(cases):
    _user, planner = actor("wolgok2.planner")
    with CaptureQueriesContext(connection) as ctx:
        selectors.case_summary(planner, *PERIOD)
    # Besides them: a savepoint, and on PostgreSQL the statement that turns JIT off for the transaction.
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2 and all("COUNT(" in sql for sql in selects)


def test_the_case_list_page_shows_the_table_for_the_chosen_period(cases, login):
    page = login("wolgok2.planner").get(
        reverse("cases:case_list"), {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    table = page.text.split('data-testid="summary-status"')[1].split("</table>")[0]
    assert '<td data-label="계">6가구/12명</td>' in table
    assert '<td data-label="사례관리">1가구<small>3명</small></td>' in table
    assert '<td data-label="서비스연계">2가구<small>4명</small></td>' in table
    types = page.text.split('data-testid="summary-types"')[1].split("</table>")[0]
    assert '<td data-label="기초수급자">1가구/3명</td>' in types
    assert '<td data-label="일반저소득">4가구/7명</td>' in types
    domains = page.text.split('data-testid="summary-domains"')[1].split("</table>")[0]
    assert '<td data-label="계">2명</td>' in domains and '<td data-label="주거">1명</td>' in domains


def test_the_page_defaults_to_this_year_and_refuses_a_reversed_period(cases, login):
    client = login("wolgok2.planner")
    year = dt.date.today().year
    assert f"{year}-01-01 ~ {year}-12-31" in client.get(reverse("cases:case_list")).text
    page = client.get(reverse("cases:case_list"), {"date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert "기간의 끝이 시작보다 앞섭니다. 올해로 집계했습니다." in page.text
    assert f"{year}-01-01 ~ {year}-12-31" in page.text
