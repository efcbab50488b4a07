"""Database helpers shared by the apps' selectors."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """Run the enclosed queries in a transaction with PostgreSQL's JIT compilation off.

    An aggregate with a correlated subquery per row is estimated dear enough to pass `jit_above_cost`, and PostgreSQL
    then spends longer compiling it than running it (0.1–2 s of JIT for queries of 0.1–0.3 s on the full-scale demo).
    SET LOCAL lasts until the transaction ends, so nothing else on the connection is affected."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
