"""The officers' and tong leaders' API: the same routing, refusals and scope as the pages."""

from chatdong.outreach.officers.models import Finding


def test_an_officer_hands_over_and_the_receiver_completes_through_the_api(world, api_client):
    officer = api_client("wolgok2.officer")
    response = officer.post(
        "/api/v1/outreach/findings",
        {"finding_kind": "care_needed", "person_id": world.kim.pk, "description": "공과금 체납"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["routed_to"] == "김하늘" and body["target_id"]
    url = f"/api/v1/outreach/findings/{body['id']}"
    # Only the receiver completes; others get a Korean 403.
    refused = officer.post(f"{url}/complete", {"result": "확인"}, content_type="application/json")
    assert refused.status_code == 403 and "전달받은 담당자만" in refused.json()["detail"]
    done = api_client("wolgok2.planner").post(
        f"{url}/complete", {"result": "긴급지원"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api_client("jangwi1.planner").get(url).status_code == 404
    assert api_client("district.stats").get("/api/v1/outreach/findings").status_code == 403
    listed = api_client("wolgok2.planner").get("/api/v1/outreach/findings", {"received": "true"}).json()
    assert listed["count"] == 1


def test_a_complaint_without_a_responsible_officer_is_refused_in_korean(world, api_client):
    response = api_client("wolgok2.officer").post(
        "/api/v1/outreach/findings", {"finding_kind": "complaint", "subject": "골목", "description": "보안등"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422 and "담당 직원을 고르세요" in response.json()["detail"]
    assert not Finding.objects.exists()


def test_missing_weekly_reports_for_the_coordinator_only(world, api_client):
    rows = api_client("wolgok2.coordinator").get("/api/v1/outreach/weekly-reports/missing").json()
    assert {r["officer"] for r in rows} == {"강도윤", "송민아"}
    assert api_client("wolgok2.officer").get("/api/v1/outreach/weekly-reports/missing").status_code == 403
