"""Making extra households in a test, to show that a page's cost does not grow with the data."""

import datetime as dt

from chatdong.org.models import Dong
from chatdong.registry.models import BenefitStatus, BenefitType, Household, Person, PersonFlag


def add_households(dong: Dong, count: int, *, members: int = 3) -> list[Household]:
    tong = dong.tongs.order_by("number").first()
    pension = BenefitType.objects.get(code="basic_pension")
    households = Household.objects.bulk_create(
        Household(dong=dong, tong=tong, road_address=f"서울특별시 성북구 시험로 {n}") for n in range(count)
    )
    people = Person.objects.bulk_create(
        Person(
            household=h,
            name=f"시험{n}{m}",
            birth_date=dt.date(1950 + m, 1, 1),
            sex="F" if m % 2 else "M",
            relation="head" if m == 0 else "child",
        )
        for n, h in enumerate(households)
        for m in range(members)
    )
    BenefitStatus.objects.bulk_create(
        BenefitStatus(person=p, benefit_type=pension, started_on=dt.date(2020, 1, 1)) for p in people
    )
    PersonFlag.objects.bulk_create(
        PersonFlag(person=p, kind="living_alone_elder", started_on=dt.date(2020, 1, 1)) for p in people
    )
    return households
