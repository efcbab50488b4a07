"""Entries written before the chain existed are chained by the migration, in id order and with resident numbers
masked, so the first `verify_access_log` after an upgrade passes."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("access", "0002_consent_moves_to_registry")]
AFTER = [("access", "0004_access_log_seq_required")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_entries():
    old_apps = _migrate(BEFORE)
    try:
        OldLog = old_apps.get_model("access", "AccessLog")
        at = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
        OldLog.objects.bulk_create(
            [OldLog(at=at, username=f"user{i}", action="search", detail=f"검색어: 900101-123456{i}") for i in range(5)]
        )
    finally:
        new_apps = _migrate(AFTER)
    entries = list(new_apps.get_model("access", "AccessLog").objects.order_by("id"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(e.detail == "검색어: 900101-1******" for e in entries)
    assert new_apps.get_model("access", "AccessLogHead").objects.get().last_hash == entries[-1].entry_hash
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    assert "이상 없음" in out.getvalue() and "5건" in out.getvalue()
