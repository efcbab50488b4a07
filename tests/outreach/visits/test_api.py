"""The visit and monitoring API: a visit recorded by a client with the planner's token, screenings only for
those who may see them, refusals in Korean, scope as 404."""

import datetime as dt

from chatdong.access.models import AccessLog
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits.models import Visit, WatchedHousehold
from tests.outreach.visits.helpers import TODAY, staff, target


def payload(t, **changes):
    body = {
        "target_id": t.pk, "visited_on": TODAY.isoformat(), "summary": "기초연금 안내", "outcome": "managed",
        "classification": "simple_health",
        "companions": [{"staff_id": staff("wolgok2.nurse").pk, "role": "방문간호사"}],
        "services_explained": ["basic_pension"], "needs": [["health", "우울"]],
        "screenings": {"depression": 9, "cognitive": 20}, "tier": "service", "open_case": True,
    }  # fmt: skip
    body.update(changes)
    return body


def test_a_client_records_a_joint_visit_and_reads_it_back(world, api_client):
    t = target(world.kim)
    client = api_client("wolgok2.planner65")
    response = client.post("/api/v1/outreach/visits", payload(t), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["team"] == "with_health" and body["programme"] == "turning_65" and body["case_id"]
    assert {s["kind"]: s["positive"] for s in body["screenings"]} == {"depression": True, "cognitive": True}
    t.refresh_from_db()
    assert t.status == TargetStatus.VISITED
    listed = client.get("/api/v1/outreach/visits", {"month": f"{TODAY:%Y-%m}"}).json()
    assert listed["count"] == 1 and listed["results"][0]["person"]["name"] == "김영희"
    watches = client.get("/api/v1/outreach/watches").json()
    assert watches["results"][0]["next_due_on"] == (TODAY + dt.timedelta(days=30)).isoformat()


def test_screenings_are_null_for_staff_outside_the_visit(world, api_client):
    t = target(world.kim)
    visit_id = (
        api_client("wolgok2.planner65")
        .post("/api/v1/outreach/visits", payload(t), content_type="application/json")
        .json()["id"]
    )
    body = api_client("wolgok2.desk").get(f"/api/v1/outreach/visits/{visit_id}").json()
    assert body["sensitive_visible"] is False and body["screenings"] is None and body["abuse_sign"] is None
    assert api_client("jangwi1.planner").get(f"/api/v1/outreach/visits/{visit_id}").status_code == 404
    assert api_client("district.stats").get("/api/v1/outreach/visits").status_code == 403
    assert AccessLog.objects.filter(username="wolgok2.planner65", action="view_sensitive", channel="api").exists()


def test_refusals_are_korean_422s_that_change_nothing(world, api_client):
    t = target(world.kim, status=TargetStatus.LISTED, consent=False)
    client = api_client("wolgok2.planner65")
    response = client.post("/api/v1/outreach/visits", payload(t), content_type="application/json")
    assert response.status_code == 422 and "방문 동의를 받은 대상자만" in response.json()["detail"]
    bad = client.post(
        "/api/v1/outreach/visits", payload(target(world.park), companions=[]), content_type="application/json"
    )
    assert bad.status_code == 422 and "방문간호사" in bad.json()["detail"]
    assert not Visit.objects.exists()


def test_a_contact_through_the_api_moves_the_due_date(world, api_client):
    from chatdong.outreach.visits import cadence
    from tests.meetings.helpers import actor

    user, _ = actor("wolgok2.plannercare")
    w = cadence.watch_household(
        user, world.park_household, "integrated", staff("wolgok2.plannercare"), TODAY - dt.timedelta(days=30)
    )
    client = api_client("wolgok2.plannercare")
    overdue = client.get("/api/v1/outreach/watches", {"due": "overdue"}).json()
    assert [r["id"] for r in overdue["results"]] == [w.pk] and overdue["results"][0]["overdue"]
    response = client.post(
        f"/api/v1/outreach/watches/{w.pk}/contacts",
        {"contacted_on": TODAY.isoformat(), "method": "visit"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["next_due_on"] == (TODAY + dt.timedelta(days=15)).isoformat()
    tier = client.put(f"/api/v1/outreach/watches/{w.pk}/tier", {"tier": "caution"}, content_type="application/json")
    assert tier.status_code == 200 and tier.json()["next_due_on"] == (TODAY + dt.timedelta(days=60)).isoformat()
    nurse = api_client("wolgok2.nurse").put(
        f"/api/v1/outreach/watches/{w.pk}/tier", {"tier": "service"}, content_type="application/json"
    )
    assert nurse.status_code == 403
    assert WatchedHousehold.objects.get(pk=w.pk).tier == "caution"
