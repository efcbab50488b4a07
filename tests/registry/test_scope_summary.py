"""The home page's headline figures (`selectors.scope_summary`): right for each scope, counted in two queries, and
kept a few minutes per scope so that a busy home page does not count a dong's residents on every visit."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.principal import Principal, principal_for
from chatdong.registry import selectors
from chatdong.registry.models import BenefitStatus, Household, Person, PersonFlag

from .helpers import add_households


def principal(username: str) -> Principal:
    return principal_for(get_user_model().objects.get(username=username))


def expected(dong_ids: list[int]) -> tuple[int, int, int, int]:
    """The figures by their plain definitions, one query each."""
    today = dt.date.today()
    households = Household.objects.filter(dong_id__in=dong_ids, moved_out_on__isnull=True)
    residents = Person.objects.filter(household__in=households, moved_out_on__isnull=True, died_on__isnull=True)
    current = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    recipients = BenefitStatus.objects.filter(current, started_on__lte=today, person__in=residents)
    alone = PersonFlag.objects.filter(kind="living_alone_elder", ended_on__isnull=True, person__in=residents)
    return (
        households.count(),
        residents.count(),
        recipients.values("person_id").distinct().count(),
        alone.values("person_id").distinct().count(),
    )


def figures(username: str) -> tuple[int, int, int, int]:
    s = selectors.scope_summary(principal(username))
    return s.households, s.residents, s.recipients, s.living_alone


def test_figures_of_a_dong_and_of_the_district(world):
    households = add_households(world.wolgok2, 3)
    person = Person.objects.filter(household=households[0]).first()
    BenefitStatus.objects.filter(person=person).update(ended_on=dt.date(2021, 1, 1))  # no longer a recipient
    Person.objects.filter(household=households[1], relation="child").update(died_on=dt.date(2024, 1, 1))
    Household.objects.filter(pk=households[2].pk).update(moved_out_on=dt.date(2024, 1, 1))

    assert figures("wolgok2.planner") == expected([world.wolgok2.pk])
    assert figures("jangwi1.planner") == expected([world.jangwi1.pk])
    assert figures("district.hope") == expected([world.wolgok2.pk, world.jangwi1.pk])
    assert figures("wolgok2.planner")[1:] != figures("jangwi1.planner")[1:]


def test_counted_once_per_scope_and_kept(world):
    planner, desk, other_dong = principal("wolgok2.planner"), principal("wolgok2.desk"), principal("jangwi1.planner")

    def queries(p: Principal) -> int:
        """The SELECTs (not the savepoint and SET LOCAL jit of `without_jit`)."""
        with CaptureQueriesContext(connection) as ctx:
            selectors.scope_summary(p)
        return sum(q["sql"].startswith("SELECT") for q in ctx.captured_queries)

    assert queries(planner) == 2  # the households, then one pass over their residents
    assert queries(planner) == 0
    assert queries(desk) == 0  # the same dong: the same figures
    assert queries(other_dong) == 2  # another scope is counted for itself

    before = figures("wolgok2.planner")
    add_households(world.wolgok2, 2)
    assert figures("wolgok2.planner") == before  # kept (selectors.SUMMARY_TTL seconds)
    cache.clear()
    assert figures("wolgok2.planner") == expected([world.wolgok2.pk]) != before


def test_home_page_says_when_the_figures_were_counted(world, login):
    text = login("wolgok2.planner").get(reverse("home")).text
    assert 'data-testid="summary-time"' in text and "기준" in text


def test_counted_with_postgresql_jit_off(world):
    """Counting a dong is estimated dear enough for PostgreSQL to compile it, which took longer than the count."""
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with CaptureQueriesContext(connection) as ctx:
        selectors.scope_summary(principal("wolgok2.planner"))
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sql.index("SET LOCAL jit = off") < next(i for i, s in enumerate(sql) if 'FROM "registry_person"' in s)
