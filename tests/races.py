"""Truly concurrent requests in a test: each in its own thread with its own database connection, released
together by a barrier, so that the database — not the order the test happens to run them in — decides who wins.

Such a test needs `pytest.mark.django_db(transaction=True)` (the threads must see committed data) and so builds
its own world (`fresh_world`). On SQLite a transaction takes the write lock when it begins, so the threads queue
instead of racing: the check-then-write races are PostgreSQL's (`require_postgresql`); what SQLite must show is that
the queue never ends in "database is locked" (`sqlite_file`, tests/cases/test_case_races.py).
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.test import Client

from chatdong.access import audit
from chatdong.registry.benefit_types import sync_benefit_types

from .world import World, build_world


def at_once[T](count: int, work: Callable[[int], T], database: dict | None = None) -> list[T | BaseException]:
    """Run work(0) … work(count - 1) in `count` threads started together; each one's result or exception, in order.
    `database` (settings of another database, `sqlite_file`) points each thread's connection there.

    Each thread closes its connections at the end: a connection left open would outlive the test database."""
    start = threading.Barrier(count)
    results: list[T | BaseException] = [RuntimeError("not run")] * count

    def run(index: int) -> None:
        try:
            if database is not None:
                use_database(database)
            start.wait()
            results[index] = work(index)
        except BaseException as exc:  # the test looks at every outcome, errors included
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def lingering_audit(seconds: float = 0.3) -> Iterator[None]:
    """Each audit entry — a service's last write, just before it commits — waits a moment first, so that two requests
    started together overlap for sure (the loser's check and writes fall inside the winner's open transaction) rather
    than one happening to finish before the other begins."""
    originals = {name: getattr(audit, name) for name in ("record", "record_created", "record_many")}

    def slowed(write: Callable[..., Any]) -> Callable[..., Any]:
        def wait_then_write(*args: Any, **kwargs: Any) -> Any:
            time.sleep(seconds)
            return write(*args, **kwargs)

        return wait_then_write

    with ExitStack() as patches:
        for name, write in originals.items():
            patches.enter_context(patch.object(audit, name, slowed(write)))
        yield


def outcomes(count: int, action: Callable[[], object]) -> list[str]:
    """action() in `count` threads at once: "ok" for each that went through, the Korean refusal (ValidationError)
    for each refused, sorted. Anything else — an IntegrityError, "database is locked" — fails the test."""

    def attempt(_index: int) -> str:
        try:
            action()
        except ValidationError as refusal:
            return " ".join(refusal.messages)
        return "ok"

    with lingering_audit():
        answers = at_once(count, attempt)
    errors = [repr(a) for a in answers if isinstance(a, BaseException)]
    assert errors == [], errors
    return sorted((str(a) for a in answers), key=lambda answer: (answer != "ok", answer))


def in_thread[T](work: Callable[[], T], database: dict) -> T:
    """work() in a thread of its own connected to `database`; its result, or its exception raised here."""
    (result,) = at_once(1, lambda _i: work(), database)
    if isinstance(result, BaseException):
        raise result
    return result


def sqlite_file(path: Path) -> dict:
    """Settings of a file SQLite database configured as the demo's is (`settings.SQLITE_OPTIONS`). An in-memory test
    database cannot stand in: its threads share one connection, so nothing would wait for a lock."""
    engine = "django.db.backends.sqlite3"
    database = {"ENGINE": engine, "NAME": str(path), "OPTIONS": dict(settings.SQLITE_OPTIONS), "CONN_MAX_AGE": 0}
    return connections.configure_settings({DEFAULT_DB_ALIAS: database})[DEFAULT_DB_ALIAS]


def use_database(database: dict) -> None:
    """Point this thread's default connection elsewhere (Django keeps connections per thread)."""
    connections[DEFAULT_DB_ALIAS] = load_backend(database["ENGINE"]).DatabaseWrapper(database, DEFAULT_DB_ALIAS)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes the write lock when a transaction begins: the race is PostgreSQL's")


def fresh_world() -> World:
    """The personas in a database emptied first (a transactional test starts from whatever ran before)."""
    call_command("flush", interactive=False, verbosity=0)
    sync_benefit_types()
    return build_world()


def signed_in(username: str) -> Client:
    """A browser of its own (session, cookies) for one thread; the session is stored before the race starts."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()
