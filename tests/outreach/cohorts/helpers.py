"""Shared steps of the cohort tests: who acts, residents added to the world, a month's 65 list."""

import datetime as dt

from django.contrib.auth import get_user_model

from chatdong.access.principal import principal_for
from chatdong.org.models import Agency, Tong
from chatdong.outreach.cohorts import generation
from chatdong.registry.models import Household, Person

MARCH = dt.date(2026, 3, 1)  # 김영희 (born 1961-03-15) turns 65 in March 2026


def actor(username: str):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


def resident(dong, tong_number: int, name: str, born: dt.date, **extra) -> Person:  # type: ignore[no-untyped-def]
    """A one-person household in the dong's tong."""
    tong = Tong.objects.get(dong=dong, number=tong_number)
    household = Household.objects.create(dong=dong, tong=tong, road_address=f"서울특별시 성북구 {name}길 1")
    return Person.objects.create(household=household, name=name, birth_date=born, sex="F", relation="head", **extra)


def generate(world, programme="turning_65", month=MARCH, username="wolgok2.planner65"):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    return generation.generate(user, principal, world.wolgok2, programme, month)


def police(world) -> Agency:  # type: ignore[no-untyped-def]
    return Agency.objects.create(district=world.wolgok2.district, name="종암경찰서", kind=Agency.Kind.POLICE)
