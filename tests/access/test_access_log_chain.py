"""The access log is append-only and tamper-evident: `verify_access_log` passes on an intact log and names the
first broken entry after a row is changed, removed from the middle or cut off the end; the ORM refuses to
change or delete entries; `purge_access_log` removes what is past retention and leaves the rest verifiable."""

import datetime as dt
import itertools
import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatdong.access import chain, log, logchain
from chatdong.access.models import AccessLog, AccessLogHead, ImmutableLogError

TABLE = AccessLog._meta.db_table


def _append(count: int, label: str = "기록") -> list[AccessLog]:
    return [log.record_system(log.Action.VIEW, detail=f"{label} {i}") for i in range(count)]


def _verify() -> str:
    out = StringIO()
    call_command("verify_access_log", stdout=out, batch_size=3)  # small batches: the walk crosses batches
    return out.getvalue()


def _broken() -> str:
    with pytest.raises(CommandError) as failure:
        _verify()
    return str(failure.value)


def _sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{table}", connection.ops.quote_name(TABLE)), params)


def test_an_intact_log_verifies(db):
    entries = _append(7)
    out = _verify()
    assert "이상 없음" in out
    assert f"–{entries[-1].seq:,})" in out and entries[-1].entry_hash in out
    # the entries follow each other in seq order, each linked to the one before
    for before, after in itertools.pairwise(entries):
        assert (after.seq, after.prev_hash) == (before.seq + 1, before.entry_hash)


def test_an_empty_log_verifies(transactional_db):
    assert "이상 없음" in _verify()


def test_a_changed_entry_is_named(db):
    entries = _append(6)
    changed = entries[2]
    _sql("UPDATE {table} SET detail = %s WHERE id = %s", "다른 내용", changed.pk)
    message = _broken()
    assert f"순번 {changed.seq} (ID {changed.pk})" in message and "내용이 바뀜" in message


def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next_link(db):
    entries = _append(5)
    forged = entries[1]
    forged.detail = "다른 내용"
    _sql(
        "UPDATE {table} SET detail = %s, entry_hash = %s WHERE id = %s", forged.detail, chain.digest(forged), forged.pk
    )
    message = _broken()
    assert f"순번 {entries[2].seq} (ID {entries[2].pk})" in message and "앞 기록의 해시" in message


def test_a_deleted_entry_in_the_middle_is_named(db):
    entries = _append(6)
    _sql("DELETE FROM {table} WHERE id = %s", entries[3].pk)
    message = _broken()
    assert f"순번 {entries[4].seq} (ID {entries[4].pk})" in message
    assert f"바로 앞 순번 {entries[3].seq}의 기록이 없습니다 (삭제됨)" in message


def test_entries_cut_off_the_end_are_noticed(db):
    entries = _append(5)
    _sql("DELETE FROM {table} WHERE seq >= %s", entries[3].seq)
    message = _broken()
    assert f"순번 {entries[3].seq}" in message and "끝에서 삭제됨" in message


def test_an_entry_added_behind_the_chains_back_is_noticed(db):
    last = _append(3)[-1]
    _sql(
        "INSERT INTO {table} (seq, at, username, action, object_type, object_id, detail, user_agent, channel, "
        "prev_hash, entry_hash) VALUES (%s, %s, 'x', 'view', '', '', '', '', 'web', %s, %s)",
        last.seq + 1, timezone.now(), last.entry_hash, "0" * 64,
    )  # fmt: skip
    message = _broken()
    assert f"순번 {last.seq + 1}" in message and "삽입" in message


def test_the_orm_refuses_to_change_or_delete_entries(db):
    entry = _append(1)[0]
    entry.detail = "고침"
    with pytest.raises(ImmutableLogError):
        entry.save()
    with pytest.raises(ImmutableLogError):
        entry.delete()
    with pytest.raises(ImmutableLogError):
        AccessLog.objects.filter(pk=entry.pk).update(detail="고침")
    with pytest.raises(ImmutableLogError):
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ImmutableLogError):
        AccessLog.objects.bulk_create([AccessLog(username="x", action="view")])
    assert AccessLog.objects.get(pk=entry.pk).detail == "기록 0"
    assert "이상 없음" in _verify()


def test_recording_costs_three_queries(db, rf, django_user_model):
    request = rf.get("/")
    request.user = django_user_model.objects.get(username="wolgok2.planner")
    log.record(request, log.Action.VIEW)  # the chain head exists from here on in any case
    with CaptureQueriesContext(connection) as queries:
        log.record(request, log.Action.VIEW, detail="한 번 더")
    # lock the chain head, insert the entry, move the head
    assert len(queries) == 3, [q["sql"] for q in queries]


LATER = dt.timedelta(days=900)  # past the default retention of 730 days


def _at(moment: dt.datetime):  # type: ignore[no-untyped-def]
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_purge_removes_old_entries_and_the_rest_still_verifies(db):
    old = _append(4, "오래된 기록")
    start = timezone.now()
    with _at(start + LATER):
        young = _append(3, "최근 기록")
    now = start + LATER + dt.timedelta(days=1)
    out = StringIO()
    with _at(now):
        call_command("purge_access_log", stdout=out)
    assert f"{old[-1].seq:,}, " in out.getvalue() and "파기했습니다" in out.getvalue()
    assert not AccessLog.objects.filter(seq__lte=old[-1].seq).exists()
    assert AccessLog.objects.filter(pk__in=[e.pk for e in young]).count() == 3
    head = AccessLogHead.objects.get()
    assert (head.anchor_seq, head.anchor_hash) == (old[-1].seq, old[-1].entry_hash)
    assert head.purged >= 4
    # the purge itself is on the record, in the chain
    record = AccessLog.objects.get(action=AccessLog.Action.PURGE)
    assert record.seq == young[-1].seq + 1 and record.username == "system"
    assert f"–{old[-1].seq:,}" in record.detail and "730일" in record.detail
    assert "이상 없음" in _verify()
    # and tampering with what is left is still found
    _sql("DELETE FROM {table} WHERE id = %s", young[0].pk)
    assert f"순번 {young[1].seq}" in _broken()


def test_purge_in_several_batches_keeps_the_anchor(db):
    old = _append(7)
    with _at(timezone.now() + LATER):
        logchain.purge(batch_size=2)
    assert AccessLogHead.objects.get().anchor_seq == old[-1].seq
    assert "이상 없음" in _verify()


def test_a_dry_run_removes_nothing(db):
    _append(3)
    before = AccessLog.objects.count()
    out = StringIO()
    with _at(timezone.now() + LATER):
        call_command("purge_access_log", "--dry-run", stdout=out)
    assert "[미리보기]" in out.getvalue()
    assert AccessLog.objects.count() == before
    assert AccessLogHead.objects.get().anchor_seq == 0


def test_purge_with_nothing_old_does_nothing(db):
    _append(3)
    before = (AccessLog.objects.count(), AccessLogHead.objects.get().anchor_seq)
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert "파기하지 않았습니다" in out.getvalue()
    assert (AccessLog.objects.count(), AccessLogHead.objects.get().anchor_seq) == before
    assert not AccessLog.objects.filter(action=AccessLog.Action.PURGE).exists()


def test_purge_refuses_to_erase_a_tampered_range(db):
    entries = _append(4)
    _sql("UPDATE {table} SET username = %s WHERE id = %s", "someone", entries[1].pk)
    before = AccessLog.objects.count()
    with _at(timezone.now() + LATER), pytest.raises(CommandError, match=f"파기하지 않았습니다.*순번 {entries[1].seq}"):
        call_command("purge_access_log", stdout=StringIO())
    assert AccessLog.objects.count() == before


def test_the_retention_is_a_setting(db, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    entries = _append(2)
    with _at(timezone.now() + dt.timedelta(days=31)):
        result = logchain.purge(dry_run=True)
    assert result.through_seq == entries[-1].seq


@pytest.mark.django_db(transaction=True)
def test_appends_from_two_threads_at_once_leave_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time anyway; the row lock is PostgreSQL's")
    errors: list[Exception] = []
    start = threading.Barrier(2)

    def append(name: str) -> None:
        try:
            start.wait()
            for i in range(60):
                AccessLog.objects.create(username=name, action=AccessLog.Action.VIEW, detail=str(i))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AccessLog.objects.count() == 120
    assert sorted(AccessLog.objects.values_list("seq", flat=True)) == list(range(1, 121))
    assert "이상 없음" in _verify()
