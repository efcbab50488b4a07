"""Search terms and everything else the access log keeps never hold a resident number in clear (issue 11, hole 5).

A resident number searched as typed — in the case list, the case API, the auditor's own search, the household
search — is stored masked; so is one in a path, an object id or a browser's user agent. The audit trail and
the console log mask them too."""

import io
import logging
import sys

import pytest
from django.urls import reverse

from chatdong.access import audit, log
from chatdong.access.models import AccessLog, AuditEntry
from chatdong.core.logmask import MaskResidentNumbers

FULL = "900101-1234567"
MASKED = "900101-1******"


def _clear_anywhere(entry: AccessLog) -> list[str]:
    """The text fields of an entry that still hold the number's back half."""
    return [
        name
        for name in ("username", "object_type", "object_id", "detail", "user_agent", "channel")
        if "234567" in getattr(entry, name)
    ]


def _last(username: str) -> AccessLog:
    return AccessLog.objects.filter(username=username).latest("seq")


@pytest.mark.parametrize("typed", [FULL, "9001011234567", "900101 1234567", "900101 - 1234567"])
def test_a_resident_number_searched_in_the_case_list_is_logged_masked(world, login, typed):
    login("wolgok2.planner").get("/cases/", {"q": typed})
    entry = _last("wolgok2.planner")
    assert entry.action == AccessLog.Action.SEARCH
    assert MASKED in entry.detail
    assert _clear_anywhere(entry) == []


def test_a_resident_number_searched_in_the_case_api_is_logged_masked(world, api_client):
    response = api_client("wolgok2.planner").get("/api/v1/cases", {"q": FULL})
    assert response.status_code == 200
    entry = _last("wolgok2.planner")
    assert (entry.action, entry.channel) == (AccessLog.Action.SEARCH, "api")
    assert MASKED in entry.detail
    assert _clear_anywhere(entry) == []


def test_the_auditors_own_search_is_logged_masked_and_readable(world, login):
    auditor = login("district.auditor")
    response = auditor.get(reverse("reports:access_log"), {"subject": "김영희" + FULL, "q": "9001011234567"})
    assert response.status_code == 200
    entry = _last("district.auditor")
    assert entry.object_type == "access_log"
    assert f"subject=김영희{MASKED}" in entry.detail and f"q={MASKED}" in entry.detail
    assert _clear_anywhere(entry) == []
    # and what the auditor then reads back never shows it either
    assert "1234567" not in auditor.get(reverse("reports:access_log"), {"username": "district.auditor"}).text


def test_the_household_search_keeps_masking_a_number(world, login):
    login("wolgok2.planner").get(reverse("registry:household_list"), {"q": "900101.1234567"})
    assert _clear_anywhere(_last("wolgok2.planner")) == []


def test_every_text_field_is_masked_whoever_writes_it(world, rf, django_user_model):
    request = rf.get("/households/9001011234567/", HTTP_USER_AGENT=f"Mozilla/5.0 (rrn {FULL})")
    request.user = django_user_model.objects.get(username="wolgok2.planner")
    entry = log.record(
        request, log.Action.VIEW, object_type="person", object_id="9001011234567", detail=f"경로 {request.path}"
    )
    entry.refresh_from_db()
    assert (entry.object_id, entry.detail) == (MASKED, f"경로 /households/{MASKED}/")
    assert entry.user_agent == f"Mozilla/5.0 (rrn {MASKED})"


def test_ordinary_numbers_are_kept_as_typed(world, login):
    login("wolgok2.planner").get("/cases/", {"q": "010-1234-5678 1990-01-01"})
    assert _last("wolgok2.planner").detail.endswith("010-1234-5678 1990-01-01")


def test_a_forged_forwarded_address_is_not_stored_and_does_not_fail(world, rf, django_user_model):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="unknown, 10.0.0.1", REMOTE_ADDR="192.0.2.7")
    request.user = django_user_model.objects.get(username="wolgok2.planner")
    entry = log.record(request, log.Action.VIEW, detail="x\x00y")
    entry.refresh_from_db()
    assert (entry.ip_address, entry.detail) == ("192.0.2.7", "xy")


def test_the_audit_trail_keeps_a_resident_number_masked(world):
    entry = audit.record(None, AuditEntry.Action.UPDATE, world.kim, {"note": ["", f"주민번호 {FULL} 확인"]})
    entry.refresh_from_db()
    assert entry.changes == {"note": ["", f"주민번호 {MASKED} 확인"]}


LOGGERS = ["", "django", "django.request", "django.server"]


def _configured_handlers() -> list[logging.StreamHandler]:
    # pytest adds handlers of its own to capture logs; these are the ones settings.LOGGING made.
    found = [h for name in LOGGERS for h in logging.getLogger(name or None).handlers]
    return list({id(h): h for h in found if type(h) is logging.StreamHandler}.values())


def test_no_log_handler_prints_a_resident_number():
    printed = io.StringIO()
    handlers = _configured_handlers()
    # Swapped by hand, not with setStream(): that flushes the old stream, which pytest may have closed already.
    streams = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = printed
    try:
        # The development server logs each request line with its query string (Django's ServerFormatter).
        logging.getLogger("django.server").info('"%s" %s %s', f"GET /cases/?q={FULL} HTTP/1.1", "200", "1234")
        logging.getLogger("django.request").error("Internal Server Error: %s", f"/households/{FULL}/")
        logging.getLogger("chatdong.anything").warning("검색어 %s", "9001011234567")
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.stream = stream
    assert "1234567" not in printed.getvalue()
    assert printed.getvalue().count(MASKED) == 3


def test_every_configured_handler_masks():
    handlers = _configured_handlers()
    assert len(handlers) == 3  # root and django.request share "console"; django's debug console; django.server
    for handler in handlers:
        assert any(isinstance(f, MaskResidentNumbers) for f in handler.filters), handler


def test_the_filter_masks_a_traceback_too():
    try:
        raise ValueError(f"잘못된 값 {FULL}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "실패", None, sys.exc_info())
    MaskResidentNumbers().filter(record)
    assert record.exc_text and MASKED in record.exc_text and FULL not in record.exc_text
