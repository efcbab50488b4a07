"""The auditor's monthly access-log review: known data for November 2026 gives exact items per section; each is
checked with a note, once; the month completes only when all are checked; an empty month completes at once;
the home page reminds the auditor of last month until it is done; nobody else may open it."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessFailureLog
from axes.models import AccessLog as LoginRecord
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatdong.access.models import AccessLog
from chatdong.core.pdf import pdf_available
from chatdong.registry.models import EmergencyAccess
from chatdong.reports.models import AccessReview, ReviewCheck
from chatdong.reports.privacy import review

SEOUL = ZoneInfo("Asia/Seoul")
NOVEMBER = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 12, 5)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


def log_at(when: dt.datetime, username: str, action: str, household_id: int | None = None, **extra) -> AccessLog:
    user = get_user_model().objects.filter(username=username).first()
    with mock.patch("django.utils.timezone.now", return_value=when):
        return AccessLog.objects.create(user=user, username=username, action=action, household_id=household_id, **extra)


def login_at(when: dt.datetime, username: str, ip: str = "10.0.0.9") -> None:
    record = LoginRecord.objects.create(username=username, ip_address=ip, user_agent="test")
    LoginRecord.objects.filter(pk=record.pk).update(attempt_time=when)


def failure_at(when: dt.datetime, username: str, ip: str, locked: bool = False) -> None:
    record = AccessFailureLog.objects.create(username=username, ip_address=ip, user_agent="test", locked_out=locked)
    AccessFailureLog.objects.filter(pk=record.pk).update(attempt_time=when)


@pytest.fixture
def november(world):
    """A month with something in every section, framed by entries just outside it."""
    view = AccessLog.Action.VIEW
    for n in range(31):  # 31 households in one hour: flagged
        log_at(at(2026, 11, 10, 10, n), "wolgok2.nurse", view, 1000 + n)
    for n in range(29):  # 29: not
        log_at(at(2026, 11, 10, 14, n), "wolgok2.planner", view, 2000 + n)
    for n in range(31):  # flagged, but in December
        log_at(at(2026, 12, 1, 0, n), "wolgok2.desk", view, 3000 + n)
    sensitive = AccessLog.Action.VIEW_SENSITIVE
    park = world.park_household.pk
    log_at(at(2026, 11, 3, 9), "wolgok2.nurse", sensitive, park)  # not in charge: flagged, twice
    log_at(at(2026, 11, 4, 9), "wolgok2.nurse", sensitive, park)
    log_at(at(2026, 11, 3, 9), "wolgok2.planner", sensitive, park)  # in charge
    log_at(at(2026, 11, 3, 9), "wolgok2.supervisor", sensitive, park)  # the dong's supervisor
    log_at(at(2026, 10, 31, 23, 59), "wolgok2.nurse", sensitive, park)  # October
    staff = get_user_model().objects.get(username="wolgok2.nurse").staff
    for started in (at(2026, 11, 12, 8), at(2026, 10, 31, 23, 30)):
        EmergencyAccess.objects.create(
            household=world.park_household, dong=world.wolgok2, staff=staff, reason="새벽 신고로 긴급 방문합니다",
            started_at=started, expires_at=started + dt.timedelta(hours=24), ended_at=started + dt.timedelta(hours=24),
        )  # fmt: skip
    log_at(at(2026, 11, 20, 15), "wolgok2.planner", AccessLog.Action.EXPORT, detail="거부 행 CSV")
    login_at(at(2026, 11, 5, 23, 30), "wolgok2.planner")  # night
    login_at(at(2026, 11, 6, 5, 59), "wolgok2.nurse")  # night
    login_at(at(2026, 11, 6, 6, 0), "wolgok2.nurse")  # morning
    login_at(at(2026, 11, 6, 21, 59), "wolgok2.nurse")  # evening
    login_at(at(2026, 12, 1, 1, 0), "wolgok2.nurse")  # night, December
    for n in range(3):
        failure_at(at(2026, 11, 7, 3, n), "wolgok2.planner", "10.0.0.1", locked=n == 2)
    failure_at(at(2026, 11, 7, 4), "ghost", "10.0.0.2")
    return NOVEMBER


def counts(month):
    return {row["section"].code: row["items"] for row in review.overview(month)}


def test_every_section_counts_exactly_what_happened_that_month(november):
    assert counts(november) == {"bulk": 1, "sensitive": 1, "emergency": 1, "export": 1, "night": 2, "failed": 2}
    window = review.Window(november)
    bulk = [review.SECTIONS["bulk"].item(r) for r in review.SECTIONS["bulk"].rows(window)]
    assert [(i.who, i.count) for i in bulk] == [("wolgok2.nurse", 31)]
    sensitive = [review.SECTIONS["sensitive"].item(r) for r in review.SECTIONS["sensitive"].rows(window)]
    assert [(i.who, i.count) for i in sensitive] == [("wolgok2.nurse", 2)]
    failed = [review.SECTIONS["failed"].item(r) for r in review.SECTIONS["failed"].rows(window)]
    assert [(i.who, i.count, "잠김" in i.what) for i in failed] == [("wolgok2.planner", 3, True), ("ghost", 1, False)]
    night = [review.SECTIONS["night"].item(r).when for r in review.SECTIONS["night"].rows(window)]
    assert night == [at(2026, 11, 5, 23, 30), at(2026, 11, 6, 5, 59)]


def test_a_month_with_no_activity_has_nothing_to_check_and_completes(world, login):
    september = dt.date(2026, 9, 1)
    assert counts(september) == dict.fromkeys(("bulk", "sensitive", "emergency", "export", "night", "failed"), 0)
    auditor = login("district.auditor")
    auditor.post(reverse("reports:review_complete", args=["2026-09"]), {"summary": "이상 없음"})
    assert AccessReview.objects.get(month=september).completed_at is not None


def test_the_auditor_checks_each_item_once_and_then_completes_the_month(november, login):
    auditor = login("district.auditor")
    month_url = reverse("reports:review_month", args=["2026-11"])
    check_url = reverse("reports:review_check", args=["2026-11"])
    page = auditor.get(month_url + "?section=sensitive").content.decode()
    assert "wolgok2.nurse" in page and "민감정보 2회 열람" in page
    assert AccessLog.objects.filter(object_type="access_review", username="district.auditor").exists()

    early = auditor.post(reverse("reports:review_complete", args=["2026-11"]), follow=True).content.decode()
    assert "확인하지 않은 항목이 8건 있습니다" in early
    assert not AccessReview.objects.filter(month=november, completed_at__isnull=False).exists()

    key = f"sensitive:wolgok2.nurse:{review.SECTIONS['sensitive'].rows(review.Window(november))[0]['household_id']}"
    empty = auditor.post(check_url, {"section": "sensitive", "key": key, "note": "  "}, follow=True)
    assert "확인 내용을 적어 주세요" in empty.content.decode() and not ReviewCheck.objects.exists()
    bogus = auditor.post(check_url, {"section": "sensitive", "key": "sensitive:x:1", "note": "확인"}, follow=True)
    assert "이 달의 점검 항목이 아닙니다" in bogus.content.decode() and not ReviewCheck.objects.exists()
    auditor.post(check_url, {"section": "sensitive", "key": key, "note": "긴급 방문, 본인 소명 받음"})
    again = auditor.post(check_url, {"section": "sensitive", "key": key, "note": "두 번째"}, follow=True)
    assert "이미 확인한 항목입니다" in again.content.decode()
    assert ReviewCheck.objects.get().note == "긴급 방문, 본인 소명 받음"

    window = review.Window(november)
    for code, section in review.SECTIONS.items():
        for row in section.rows(window):
            item = section.item(row)
            if item.key != key:
                auditor.post(check_url, {"section": code, "key": item.key, "note": "업무상 확인"})
    assert ReviewCheck.objects.count() == 8
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        auditor.post(reverse("reports:review_complete", args=["2026-11"]), {"summary": "특이사항 없음"})
    done = AccessReview.objects.get(month=november)
    assert done.completed_at is not None and done.summary == "특이사항 없음"
    late = auditor.post(check_url, {"section": "bulk", "key": "bulk:x", "note": "늦음"}, follow=True)
    assert "이 달의 점검 항목이 아닙니다" in late.content.decode()


def test_the_home_page_reminds_the_auditor_of_last_month_until_it_is_done(world, login):
    auditor = login("district.auditor")
    last = review.last_month(timezone.localdate())
    assert "접속기록 점검</strong>이 아직 끝나지 않았습니다" in auditor.get("/").content.decode()
    AccessReview.objects.create(month=last, completed_at=timezone.now())
    assert "아직 끝나지 않았습니다" not in auditor.get("/").content.decode()
    assert "접속기록 점검" not in login("wolgok2.supervisor").get("/").content.decode()


def test_this_month_cannot_be_completed_and_a_future_month_does_not_exist(world, login):
    auditor = login("district.auditor")
    this_month = timezone.localdate().replace(day=1)
    response = auditor.post(reverse("reports:review_complete", args=[f"{this_month:%Y-%m}"]), follow=True)
    assert "달이 끝난 뒤에 점검을 마칠 수 있습니다" in response.content.decode()
    future = this_month.replace(year=this_month.year + 1)
    assert auditor.get(reverse("reports:review_month", args=[f"{future:%Y-%m}"])).status_code == 404
    assert auditor.get(reverse("reports:review_month", args=["2026-13"])).status_code == 404
    assert auditor.get(reverse("reports:review_month", args=["nonsense"])).status_code == 404


@pytest.mark.parametrize("username", ["wolgok2.supervisor", "wolgok2.planner", "district.stats", "wolgok2.tongjang"])
def test_only_the_auditor_opens_the_review(world, login, username):
    client = login(username)
    assert client.get(reverse("reports:review_index")).status_code == 403
    assert client.get(reverse("reports:review_month", args=["2026-11"])).status_code == 403
    assert client.post(reverse("reports:review_complete", args=["2026-11"])).status_code == 403
    assert not AccessReview.objects.exists()


def test_the_printed_review_is_a_logged_export(november, login):
    response = login("district.auditor").get(reverse("reports:review_report", args=["2026-11"]))
    assert response.status_code == 200
    if pdf_available():
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    else:
        assert "개인정보 접속기록 점검표" in response.content.decode()
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_type="access_review").exists()


def test_a_section_costs_the_same_queries_however_many_items_it_lists(world, login):
    auditor = login("district.auditor")
    url = reverse("reports:review_month", args=["2026-11"]) + "?section=export"
    log_at(at(2026, 11, 2, 10), "wolgok2.planner", AccessLog.Action.EXPORT, detail="파일")
    with CaptureQueriesContext(connection) as few:
        auditor.get(url)
    for n in range(20):
        log_at(at(2026, 11, 3, 10, n), "wolgok2.planner", AccessLog.Action.EXPORT, detail=f"파일 {n}")
    with CaptureQueriesContext(connection) as many:
        page = auditor.get(url).content.decode()
    assert page.count("파일") >= 21
    assert len(many) == len(few)


def test_odd_months_and_notes_change_nothing(november, login):
    auditor = login("district.auditor")
    for month in ("0001-01", "1999-12", "9999-12", "2026-00", "2026-1"):
        assert auditor.get(reverse("reports:review_month", args=[month])).status_code == 404, month
    key = review.SECTIONS["export"].item(review.SECTIONS["export"].rows(review.Window(november))[0]).key
    check_url = reverse("reports:review_check", args=["2026-11"])
    odd = auditor.post(check_url, {"section": "export", "key": key, "note": "확인\x00함"}, follow=True)
    assert "입력할 수 없는 문자" in odd.content.decode() and not ReviewCheck.objects.exists()
    unknown = auditor.post(check_url, {"section": "nope", "key": key, "note": "확인"}, follow=True)
    assert "점검 항목 종류가 올바르지 않습니다" in unknown.content.decode() and not ReviewCheck.objects.exists()
