"""The people every test talks about, built once: two dongs of Seongbuk-gu, their staff and residents.

- 월곡2동: planner 김하늘 (wolgok2.planner, 빈곤위기가정), 65 planner 송민아 (wolgok2.planner65, officer of
  zone 2), 돌봄위기 planner 배유진 (wolgok2.plannercare), officer coordinator (wolgok2.coordinator), supervisor,
  nurse, desk officer, officer of zone 1, resource manager, dong head, welfare tong leader 최통장
  (wolgok2.tongjang) of 1통.
- 장위1동: planner 오민준 (jangwi1.planner).
- District: 희망복지지원단 사례관리사 (district.hope), statistics officer (district.stats), auditor, admin.
- Residents of 월곡2동: 김영희's household of three (기초수급), 박순자 living alone (홀몸어르신, and a
  suspected elder-abuse record assigned to the planner; the tong leader checks on her).
- A resident of 장위1동: 이철수 living alone.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from chatdong.core import rrn
from chatdong.org import services as org
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember, Team
from chatdong.org.reference import load_seongbuk
from chatdong.org.roles import PlannerSpeciality, Role
from chatdong.registry.models import (
    BenefitStatus,
    BenefitType,
    Household,
    LeaderAssignment,
    Person,
    PersonFlag,
    StaffAssignment,
)

PASSWORD = "test-password-1234"
User = get_user_model()


@dataclass
class World:
    wolgok2: Dong
    jangwi1: Dong
    kim_household: Household
    park_household: Household
    lee_household: Household
    kim: Person
    park: Person
    lee: Person
    health_centre: Agency
    welfare_centre: Agency


def _person(household: Household, name: str, number: str, relation: str, phone: str = "") -> Person:
    parsed = rrn.parse(number)
    person = Person(
        household=household,
        name=name,
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        relation=relation,
        phone=phone,
    )
    person.set_resident_number(parsed)
    person.save()
    return person


def build_world() -> World:
    district, _ = load_seongbuk()
    wolgok2 = Dong.objects.get(name="월곡2동")
    jangwi1 = Dong.objects.get(name="장위1동")
    w_tongs = org.build_dong_structure(wolgok2, tongs=4, bans_per_tong=3, zones=2)
    j_tongs = org.build_dong_structure(jangwi1, tongs=3, bans_per_tong=2, zones=1)

    def staff(username: str, name: str, dong: Dong | None, roles: list, team: str | None = None) -> StaffMember:
        return org.create_staff(
            username=username, password=PASSWORD, name=name, district_id=district.pk, dong=dong, roles=roles,
            team_kind=team,
        )  # fmt: skip

    planner = staff(
        "wolgok2.planner",
        "김하늘",
        wolgok2,
        [(Role.WELFARE_PLANNER, PlannerSpeciality.POVERTY_CRISIS)],
        Team.Kind.WELFARE_1,
    )
    planner65 = staff(
        "wolgok2.planner65",
        "송민아",
        wolgok2,
        [(Role.WELFARE_PLANNER, PlannerSpeciality.TURNING_65)],
        Team.Kind.WELFARE_2,
    )
    staff(
        "wolgok2.plannercare",
        "배유진",
        wolgok2,
        [(Role.WELFARE_PLANNER, PlannerSpeciality.CARE_CRISIS)],
        Team.Kind.WELFARE_1,
    )
    staff("wolgok2.coordinator", "신동현", wolgok2, [Role.OFFICER_COORDINATOR], Team.Kind.ADMINISTRATION)
    staff("wolgok2.supervisor", "정수빈", wolgok2, [Role.WELFARE_SUPERVISOR], Team.Kind.WELFARE_1)
    staff("wolgok2.nurse", "한지민", wolgok2, [Role.VISITING_NURSE], Team.Kind.WELFARE_2)
    staff("wolgok2.desk", "윤서연", wolgok2, [Role.CONSULTATION_OFFICER], Team.Kind.WELFARE_1)
    officer = staff("wolgok2.officer", "강도윤", wolgok2, [Role.NEIGHBOURHOOD_OFFICER], Team.Kind.ADMINISTRATION)
    staff("wolgok2.resources", "임채원", wolgok2, [Role.RESOURCE_MANAGER], Team.Kind.WELFARE_2)
    staff("wolgok2.head", "조현우", wolgok2, [Role.DONG_HEAD, Role.NEIGHBOURHOOD_OFFICER])
    staff("jangwi1.planner", "오민준", jangwi1, [(Role.WELFARE_PLANNER, PlannerSpeciality.POVERTY_CRISIS)])
    staff("district.hope", "서지우", None, [Role.HOPE_CASE_MANAGER])
    staff("district.stats", "문예린", None, [Role.DISTRICT_STATS])
    staff("district.auditor", "배서준", None, [Role.PRIVACY_AUDITOR])
    User.objects.create_superuser(username="admin", password=PASSWORD)
    officer_zone = wolgok2.zones.get(number=1)
    officer_zone.officer = officer
    officer_zone.save()
    # Planners walk zones too; the 65 planner's zone (tongs of zone 2) gets her the 65 cohort there.
    planner_zone = wolgok2.zones.get(number=2)
    planner_zone.officer = planner65
    planner_zone.save()

    tongjang = org.create_leader(
        name="최통장", kind=NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER, tong=w_tongs[0],
        appointed_on=dt.date(2025, 3, 1), username="wolgok2.tongjang", password=PASSWORD, phone="010-5555-0001",
    )  # fmt: skip

    kim_household = Household.objects.create(
        dong=wolgok2, tong=w_tongs[0], ban=w_tongs[0].bans.get(number=1),
        road_address="서울특별시 성북구 화랑로 100", address_detail="101동 201호", registry_no="W2-0001",
    )  # fmt: skip
    kim = _person(kim_household, "김영희", "610315-2123456", Person.Relation.HEAD, "010-1234-5678")
    _person(kim_household, "이민호", "590101-1234567", Person.Relation.SPOUSE)
    _person(kim_household, "이서준", "100204-3456789", Person.Relation.CHILD)
    BenefitStatus.objects.create(
        person=kim, benefit_type=BenefitType.objects.get(code="basic_livelihood"), started_on=dt.date(2024, 1, 1)
    )

    park_household = Household.objects.create(
        dong=wolgok2, tong=w_tongs[0], ban=w_tongs[0].bans.get(number=2),
        road_address="서울특별시 성북구 오패산로 12", address_detail="지하 1호", registry_no="W2-0002",
    )  # fmt: skip
    park = _person(park_household, "박순자", "400512-2345671", Person.Relation.HEAD, "02-900-1234")
    PersonFlag.objects.create(person=park, kind="living_alone_elder", started_on=dt.date(2023, 5, 1))
    PersonFlag.objects.create(
        person=park, kind="elder_abuse", started_on=dt.date(2026, 10, 2), note="이웃 신고: 아들의 폭언",
        reported_to_police_on=dt.date(2026, 10, 2),
    )  # fmt: skip
    BenefitStatus.objects.create(
        person=park, benefit_type=BenefitType.objects.get(code="basic_pension"), started_on=dt.date(2005, 6, 1)
    )
    StaffAssignment.objects.create(household=park_household, staff=planner, started_on=dt.date(2026, 10, 2))
    LeaderAssignment.objects.create(household=park_household, leader=tongjang, started_on=dt.date(2026, 1, 1))

    lee_household = Household.objects.create(
        dong=jangwi1, tong=j_tongs[0], road_address="서울특별시 성북구 장월로 5", registry_no="J1-0001"
    )
    lee = _person(lee_household, "이철수", "550720-1234567", Person.Relation.HEAD, "010-9876-5432")

    health_centre = Agency.objects.create(district=district, name="성북구보건소", kind=Agency.Kind.HEALTH_CENTRE)
    welfare_centre = Agency.objects.create(
        district=district, name="월곡종합사회복지관", kind=Agency.Kind.COMMUNITY_WELFARE_CENTRE, dong=wolgok2
    )
    return World(
        wolgok2=wolgok2, jangwi1=jangwi1, kim_household=kim_household, park_household=park_household,
        lee_household=lee_household, kim=kim, park=park, lee=lee, health_centre=health_centre,
        welfare_centre=welfare_centre,
    )  # fmt: skip


def load_world() -> World:
    """The world as already built in this database (cheap: a handful of queries)."""
    households = {h.registry_no: h for h in Household.objects.filter(registry_no__in=["W2-0001", "W2-0002", "J1-0001"])}
    return World(
        wolgok2=Dong.objects.get(name="월곡2동"),
        jangwi1=Dong.objects.get(name="장위1동"),
        kim_household=households["W2-0001"],
        park_household=households["W2-0002"],
        lee_household=households["J1-0001"],
        kim=Person.objects.get(name="김영희"),
        park=Person.objects.get(name="박순자"),
        lee=Person.objects.get(name="이철수"),
        health_centre=Agency.objects.get(name="성북구보건소"),
        welfare_centre=Agency.objects.get(name="월곡종합사회복지관"),
    )
