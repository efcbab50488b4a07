"""Bulk writing for the demo: emptying the previous demo, and inserting generated rows fast.

PostgreSQL gets COPY (psycopg 3) and TRUNCATE … CASCADE; SQLite gets executemany of plain INSERTs,
which is what bulk_create does underneath, without building half a million model instances.
Ids are assigned here rather than by the database, so rows can point at each other before they
are written; the sequences are moved past them at the end.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model, Q
from django.utils import timezone

from chatdong.registry.models import BenefitType
from chatdong.resources.models import ServiceProgramme

# Apps whose data the demo owns entirely; reference rows that migrations load are kept.
DEMO_APPS = ("org", "registry", "access", "cases", "consult", "meetings", "reports")
KEPT_MODELS: tuple[type[Model], ...] = (BenefitType, ServiceProgramme)


def demo_models() -> list[type[Model]]:
    """The demo apps' models (with their many-to-many tables) and every model that points at one of them."""
    user_model = get_user_model()
    chosen = {
        m
        for app in DEMO_APPS
        for m in apps.get_app_config(app).get_models(include_auto_created=True)
        if m not in KEPT_MODELS
    }
    grew = True
    while grew:  # models of other apps (visits, cases …) that refer to households or staff go too
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model in chosen or model in KEPT_MODELS or model is user_model:
                continue
            if any(f.is_relation and f.concrete and f.related_model in chosen for f in model._meta.get_fields()):
                chosen.add(model)
                grew = True
    return sorted(chosen, key=lambda m: m._meta.db_table)


def clear_demo(keep_usernames: Iterable[str] = ()) -> None:
    """Remove the previous demo: all organisation, registry, access and case-work data, and every account
    that is not a superuser (plus the demo's own `admin`). Other superusers stay. Reference rows that
    migrations load (benefit types, the programme catalogue) stay, unlinked from the old demo's agencies.
    Call inside a transaction."""
    models = demo_models()
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    kept = _kept_rows(set(models))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows written earlier in this same transaction (a test building twice) leave deferred foreign-key
            # checks pending, and TRUNCATE refuses tables with pending checks: run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE also empties kept tables that point at demo tables (the catalogue's agency link):
            # they are written back below, with ids unchanged.
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            _restore(cursor, kept)
        else:
            for model, (_columns, _rows, links) in kept.items():
                assignments = ", ".join(f"{connection.ops.quote_name(c)} = NULL" for c in links)
                cursor.execute(f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {assignments}")
            # Foreign keys are checked at commit on SQLite, so the order of the deletes does not matter.
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # table names come from the model registry
    user_model = get_user_model()
    user_model.objects.filter(Q(is_superuser=False) | Q(username__in=["admin", *keep_usernames])).delete()


Kept = dict[type[Model], tuple[list[str], list[tuple], list[str]]]


def _kept_rows(chosen: set[type[Model]]) -> Kept:
    """Kept models that point at demo models: their columns, their rows with those pointers emptied, and the
    pointing columns."""
    kept: Kept = {}
    for model in KEPT_MODELS:
        fields = model._meta.concrete_fields
        links = [f.column for f in fields if f.is_relation and f.related_model in chosen and f.column]
        if not links:
            continue
        columns = [f.column for f in fields if f.column]
        blank = [i for i, c in enumerate(columns) if c in links]
        rows = [
            tuple(None if i in blank else v for i, v in enumerate(row))
            for row in model._default_manager.order_by("pk").values_list(*[f.attname for f in fields])
        ]
        kept[model] = (columns, rows, links)
    return kept


def _restore(cursor: Any, kept: Kept) -> None:
    for model, (columns, rows, _links) in kept.items():
        table = connection.ops.quote_name(model._meta.db_table)
        column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})", rows)
    for sql in connection.ops.sequence_reset_sql(no_style(), list(kept)):
        cursor.execute(sql)


class BulkWriter:
    """Writes rows (tuples in a given field order) to a model's table and hands out ids."""

    def __init__(self) -> None:
        self.next_ids: dict[type[Model], int] = {}
        self.written: set[type[Model]] = set()
        self.now = timezone.now()
        self.postgres = connection.vendor == "postgresql"

    def reserve(self, model: type[Model], count: int) -> int:
        """The first of `count` consecutive ids for rows of `model` that will be written later."""
        if model not in self.next_ids:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
                self.next_ids[model] = (cursor.fetchone()[0] or 0) + 1
        first = self.next_ids[model]
        self.next_ids[model] += count
        return first

    def write(self, model: type[Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
        """Insert rows; without an "id" field the writer numbers them. created_at/updated_at are set to now."""
        if not rows:
            return
        meta = model._meta
        field_names = list(fields)
        stamps = [name for name in ("created_at", "updated_at") if _has_field(model, name) and name not in field_names]
        prefix_id = "id" not in field_names
        columns = (["id"] if prefix_id else []) + [_column(model, f) for f in field_names] + stamps
        extra = (self.now,) * len(stamps)
        first = self.reserve(model, len(rows)) if prefix_id else 0
        if prefix_id:
            full = [(first + i, *row, *extra) for i, row in enumerate(rows)]
        else:
            full = [(*row, *extra) for row in rows] if extra else list(rows)
        table = connection.ops.quote_name(meta.db_table)
        column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})",
                    [tuple(_sqlite_value(v) for v in row) for row in full],
                )
        self.written.add(model)

    def finish(self) -> None:
        """Move the id sequences past the ids used here, and refresh PostgreSQL's statistics for the planner."""
        models = sorted(self.written, key=lambda m: m._meta.db_table)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if self.postgres:
                # Every demo table, the small org ones too: with stale statistics the planner guesses that a
                # district has 2 of its 20 dongs and scans every household to search a few hundred.
                tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in demo_models())
                cursor.execute(f"ANALYZE {tables}")


def _column(model: type[Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if (f.attname == attname or f.name == attname) and f.column:
            return f.column
    raise ValueError(f"{model.__name__} has no column for {attname}")


def _has_field(model: type[Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _sqlite_value(value: Any) -> Any:
    # Stored as Django's SQLite backend stores them: ISO text, datetimes in UTC without an offset.
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
