"""dong_figures: what counts as a household, a resident and a recipient, and its fixed query cost."""

import datetime as dt

from chatdong.org.models import District, Dong
from chatdong.registry.benefit_types import STATS_COLUMNS
from chatdong.registry.models import BenefitStatus, BenefitType, Household, Person
from chatdong.reports.selectors import DongCounts, dong_figures

TODAY = dt.date.today()


def _of(name: str, figures: list[DongCounts]) -> DongCounts:
    return next(f for f in figures if f.name == name)


def _benefit(person: Person, code: str, started_on: dt.date, ended_on: dt.date | None = None) -> None:
    BenefitStatus.objects.create(
        person=person, benefit_type=BenefitType.objects.get(code=code), started_on=started_on, ended_on=ended_on
    )


def _member(household: Household, name: str, **extra: object) -> Person:
    return Person.objects.create(
        household=household, name=name, birth_date=dt.date(1950, 1, 1), sex="M", relation="relative", **extra
    )


def test_personas_are_counted(world):
    wolgok2 = _of("월곡2동", dong_figures())
    assert (wolgok2.code, wolgok2.households, wolgok2.residents, wolgok2.male, wolgok2.female) == (
        world.wolgok2.code,
        2,
        4,
        2,
        2,
    )
    assert wolgok2.recipients == {column: 0 for column in STATS_COLUMNS} | {"basic_livelihood": 1, "basic_pension": 1}
    assert wolgok2.recipients_total == 2


def test_only_current_people_and_active_counted_benefits_count(world):
    kim_household = world.kim_household
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    # Not residents any more: counted neither as residents nor as recipients.
    moved = _member(kim_household, "전출자", moved_out_on=yesterday)
    _benefit(moved, "basic_livelihood", dt.date(2020, 1, 1))
    died = _member(kim_household, "사망자", died_on=yesterday)
    _benefit(died, "basic_pension", dt.date(2020, 1, 1))
    gone = Household.objects.create(
        dong=world.wolgok2, tong=kim_household.tong, road_address="전출 가구", moved_out_on=yesterday
    )
    _benefit(_member(gone, "전출가구원"), "basic_pension", dt.date(2020, 1, 1))
    # Benefits that are over, not yet started, or have no column of the table.
    spouse = kim_household.members.get(name="이민호")
    _benefit(spouse, "disability_pension", dt.date(2020, 1, 1), ended_on=yesterday)
    _benefit(spouse, "childcare_fee", tomorrow)
    _benefit(spouse, "livelihood_benefit", dt.date(2020, 1, 1))
    # Ending today is still active today.
    _benefit(spouse, "disability_allowance", dt.date(2020, 1, 1), ended_on=TODAY)

    wolgok2 = _of("월곡2동", dong_figures())
    assert (wolgok2.households, wolgok2.residents) == (2, 4)
    assert wolgok2.recipients["basic_livelihood"] == 1
    assert wolgok2.recipients["basic_pension"] == 1
    assert wolgok2.recipients["disability_pension"] == 0
    assert wolgok2.recipients["childcare_fee"] == 0
    assert wolgok2.recipients["disability_allowance"] == 1
    assert wolgok2.recipients_total == 3  # 김영희, 박순자, 이민호


def test_a_person_counts_once_per_column_and_once_in_the_total(world):
    # A second benefit type feeding the same column, and a second column for the same person.
    extra = BenefitType.objects.create(
        code="test_extra", name="시험용", category="시험", stats_column="basic_livelihood"
    )
    BenefitStatus.objects.create(person=world.kim, benefit_type=extra, started_on=dt.date(2024, 1, 1))
    _benefit(world.kim, "single_parent", dt.date(2024, 1, 1))

    wolgok2 = _of("월곡2동", dong_figures())
    assert wolgok2.recipients["basic_livelihood"] == 1
    assert wolgok2.recipients["single_parent"] == 1
    assert wolgok2.recipients_total == 2  # 김영희 and 박순자, however many benefits


def test_figures_are_as_of_the_given_day(world):
    before_any_benefit = _of("월곡2동", dong_figures(on=dt.date(2000, 1, 1)))
    assert before_any_benefit.recipients_total == 0
    assert before_any_benefit.residents == 4


def test_district_filter(world):
    other = District.objects.create(code="11090", name="강북구")
    Dong.objects.create(district=other, code="1109099", name="시험동")
    everywhere = dong_figures()
    seongbuk = dong_figures(world.wolgok2.district_id)
    assert "시험동" in {f.name for f in everywhere}
    assert "시험동" not in {f.name for f in seongbuk}
    assert [f.name for f in dong_figures(other.pk)] == ["시험동"]
    assert [f.code for f in seongbuk] == sorted(f.code for f in seongbuk)


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    with django_assert_num_queries(5):
        dong_figures()
    for number in range(30):
        household = Household.objects.create(
            dong=world.jangwi1, tong=world.lee_household.tong, road_address=f"장월로 {number}"
        )
        _benefit(_member(household, f"주민{number}"), "basic_pension", dt.date(2020, 1, 1))
    with django_assert_num_queries(5):
        figures = dong_figures()
    assert _of("장위1동", figures).recipients["basic_pension"] == 30
