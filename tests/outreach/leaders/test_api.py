"""A tong leader's check-in through the API moves the watched household's due date."""

import datetime as dt

from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.states import Tier
from tests.outreach.helpers import actor, staff

TODAY = dt.date.today()


def test_a_leaders_check_in_through_the_api_moves_the_due_date(world, api_client):
    user, _p = actor("wolgok2.planner")
    cadence.watch_household(
        user, world.park_household, Tier.INTEGRATED, staff("wolgok2.planner"), TODAY - dt.timedelta(days=20)
    )
    leader = api_client("wolgok2.tongjang")
    response = leader.post(
        "/api/v1/outreach/check-ins", {"household_id": world.park_household.pk, "method": "phone", "condition": "well"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["next_due_on"] == str(TODAY + dt.timedelta(days=15))
    other = leader.post(
        "/api/v1/outreach/check-ins", {"household_id": world.kim_household.pk, "method": "phone", "condition": "well"},
        content_type="application/json",
    )  # fmt: skip
    assert other.status_code == 404
