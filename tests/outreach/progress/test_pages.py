"""The progress page (찾아가는 복지 진도율): targets, consent, visits and who went, at a fixed cost; figures only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatdong.org.models import StaffMember
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.visits.models import Visit
from tests.outreach.cohorts.helpers import generate, resident

TODAY = timezone.localdate()


def test_progress_counts_targets_consent_visits_and_who_went(world, login):
    generate(world)
    target = Target.objects.get(person=world.kim)
    target.status = "visited"
    target.save()
    planner = StaffMember.objects.get(user__username="wolgok2.planner65")
    Visit.objects.create(
        target=target, dong=world.wolgok2, household=world.kim_household, person=world.kim, visited_on=TODAY,
        visitor=planner, team="with_health", summary="보건소 간호사와 방문", outcome="normal",
    )  # fmt: skip
    resident(world.wolgok2, 3, "미방문", dt.date(1961, 3, 30))
    generate(world)
    page = login("wolgok2.supervisor").get("/outreach/progress/?date_from=2026-03&date_to=2026-03").content.decode()
    assert "65세 도래 어르신" in page and "50.0%" in page
    stats = login("district.stats").get("/outreach/progress/?date_from=2026-03&date_to=2026-03").content.decode()
    assert "월곡2동" in stats and "50.0%" in stats and "김영희" not in stats


@pytest.mark.parametrize("username", ["wolgok2.planner65", "district.stats"])
def test_the_progress_page_costs_the_same_with_more_data(world, login, username):
    client = login(username)
    generate(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/outreach/progress/?date_from=2026-01&date_to=2026-12")
        return len(queries)

    few = count()
    for n in range(5):
        resident(world.wolgok2, 2, f"추가{n}", dt.date(1961, 3, 1 + n))
    generate(world)
    generate(world, month=dt.date(2026, 4, 1))
    assert count() == few
