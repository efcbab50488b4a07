"""Rules of "only one" kept by the database: a write that one of a model's unique constraints refuses becomes the
Korean "이미 …" message, never a server error.

A service checks first (so the usual case gets its message with details), and writes inside `only_one`: when two
requests pass the check at the same moment, the constraint lets one through and the other gets the message. The
write runs in a savepoint, so the caller's transaction stays usable and the loser changes nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def is_unique_violation(error: IntegrityError, model: type[models.Model]) -> bool:
    """Whether the database refused a row of `model` as a duplicate (not a missing reference or a failed check)."""
    table = model._meta.db_table
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:  # PostgreSQL (psycopg): the code and the table say it exactly
        diag = getattr(cause, "diag", None)
        return sqlstate == UNIQUE_VIOLATION and getattr(diag, "table_name", table) in (table, None)
    # SQLite: "UNIQUE constraint failed: cases_case.household_id"
    text = str(error)
    return text.startswith("UNIQUE constraint failed") and f" {table}." in text


@contextmanager
def only_one(model: type[models.Model], message: str | Callable[[], str]) -> Iterator[None]:
    """Write `model` rows in a savepoint; a duplicate refused by its unique constraints raises ValidationError with
    `message` (a callable is asked after the savepoint is rolled back, so it may read the row that won)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not is_unique_violation(error, model):
            raise
        raise ValidationError(message() if callable(message) else message) from None


def created_unless_taken[T](model: type[models.Model], create: Callable[[], T]) -> T | None:
    """For services whose answer to a duplicate is the row already there: `create()` in a savepoint, or None when a
    concurrent request inserted the same row first (the caller then reads that one)."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError as error:
        if not is_unique_violation(error, model):
            raise
        return None
