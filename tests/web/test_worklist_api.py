"""The work list as the API gives it: the same sections as the page, for dong and district staff only."""

import datetime as dt

from chatdong.consult.models import Referral

from ..meetings.helpers import TODAY, staff


def test_worklist_api(world, api_client):
    late = Referral.objects.create(
        dong=world.wolgok2, household=world.kim_household, person=world.kim, made_by=staff("wolgok2.planner"),
        target="external", to_agency=world.welfare_centre, domain="economy", reason="생계비",
        due_on=TODAY - dt.timedelta(days=2),
    )  # fmt: skip
    body = api_client("wolgok2.planner").get("/api/v1/worklist").json()
    assert body["today"] == TODAY.isoformat()
    sections = {s["key"]: s for s in body["sections"]}
    waiting = sections["referrals_waiting"]
    assert waiting["count"] == 1 and waiting["overdue_count"] == 1
    assert waiting["items"][0]["overdue"] is True and waiting["items"][0]["url"] == f"/consult/referrals/{late.pk}/"
    assert "closure_approvals" not in sections
    supervisor = {s["key"] for s in api_client("wolgok2.supervisor").get("/api/v1/worklist").json()["sections"]}
    assert "closure_approvals" in supervisor
    assert api_client("district.stats").get("/api/v1/worklist").status_code == 403
