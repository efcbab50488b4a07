"""The cohort API: generate a month, list and read targets, record consent and a booking, the progress figures."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from chatdong.access.models import AccessLog
from chatdong.api.models import ApiToken
from chatdong.outreach.cohorts.models import Target
from tests.conftest import bearer

TODAY = timezone.localdate()


@pytest.fixture
def api(db):  # type: ignore[no-untyped-def]
    def _client(username: str):  # type: ignore[no-untyped-def]
        _token, clear = ApiToken.issue(get_user_model().objects.get(username=username), "테스트")
        return bearer(clear)

    return _client


def test_generate_list_consent_book_and_progress(world, api):
    client = api("wolgok2.planner65")
    run = client.post("/api/v1/outreach/cohorts/generate", {"programme": "turning_65", "month": "2026-03"},
                      content_type="application/json")  # fmt: skip
    assert run.status_code == 201 and run.json()["added"] == 1
    page = client.get("/api/v1/outreach/targets?programme=turning_65&month=2026-03").json()
    [row] = page["results"]
    assert (row["name"], row["planner"], row["status"]) == ("김영희", "송민아", "listed")
    url = f"/api/v1/outreach/targets/{row['id']}"
    answer = client.post(url + "/contact", {"result": "yes", "contacted_on": TODAY.isoformat()},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 200 and answer.json()["status"] == "consented" and answer.json()["consent_id"]
    at = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(15, 0))).isoformat()
    booked = client.post(url + "/appointment", {"at": at}, content_type="application/json").json()
    assert booked["status"] == "scheduled"
    assert AccessLog.objects.filter(channel="api", object_type="target", action="view").exists()
    figures = api("district.stats").get("/api/v1/outreach/progress?date_from=2026-03&date_to=2026-03").json()
    [total] = figures["totals"]
    assert (total["targets"], total["consented"], total["visited"], total["rate"]) == (1, 1, 0, 0.0)
    assert set(total["visits_by_team"]) == {"alone", "with_health", "with_agency", "with_leader"}


def test_refusals_answer_in_korean_and_change_nothing(world, api):
    client = api("wolgok2.planner65")
    bad = client.post("/api/v1/outreach/cohorts/generate", {"programme": "care_crisis", "month": "2026-03"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "의뢰로만 등록" in bad.json()["detail"]
    month = client.post("/api/v1/outreach/cohorts/generate", {"programme": "turning_65", "month": "2026-3"},
                        content_type="application/json")  # fmt: skip
    assert month.status_code == 422
    assert api("district.stats").get("/api/v1/outreach/targets").status_code == 403
    client.post("/api/v1/outreach/cohorts/generate", {"programme": "turning_65", "month": "2026-03"},
                content_type="application/json")  # fmt: skip
    target = Target.objects.get()
    assert api("jangwi1.planner").get(f"/api/v1/outreach/targets/{target.pk}").status_code == 404
    answer = client.post(f"/api/v1/outreach/targets/{target.pk}/appointment",
                         {"at": "2030-01-01T10:00:00+09:00"}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 422 and "방문에 동의한 대상자만" in answer.json()["detail"]
    target.refresh_from_db()
    assert target.status == "listed" and target.appointment_at is None
