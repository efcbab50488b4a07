"""Every route × every persona answers as its door's rule says: let through, refused (403, or 404 on a page about
one record), or 404 for another dong's record — and a refused caller changes nothing.

The routes are read from the URL configuration and the API (`route_matrix.calls`), the expected answers from
each door's rule for each persona's principal, so a new page or operation is checked the day it is added. One
test per route calls it as every persona, in 월곡2동 (`records.inside`) and in 장위1동 (`records.outside`), and
names every persona that got another answer.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from chatdong.access.doors import GUARDED_ELSEWHERE
from chatdong.access.principal import Principal, principal_for
from chatdong.api.models import ApiToken

from ..conftest import bearer
from ..world import load_world
from . import route_matrix as rm
from .records import Records, build_records

User = get_user_model()


@dataclass
class Persona:
    username: str
    principal: Principal
    page: Client
    api: Client


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Iterator[tuple[Records, list[Persona]]]:  # type: ignore[no-untyped-def]
    """The records and signed-in personas, made once for the module inside a transaction rolled back at its end;
    each test runs in a savepoint within it (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            records = build_records(load_world())
            personas = []
            for user in User.objects.order_by("username"):
                page = Client()
                page.force_login(user)
                _token, clear = ApiToken.issue(user, "권한표 점검")
                personas.append(Persona(user.get_username(), principal_for(user), page, bearer(clear)))
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield records, personas
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


CALLS = rm.calls()


# --- Every route is in the matrix -------------------------------------------------------------------------------


def test_every_api_operation_of_the_schema_is_in_the_matrix(client):  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    in_schema = {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}
    in_matrix = {c.label.removeprefix("API ") for c in CALLS if c.entrance.kind == "API"}
    assert in_schema - in_matrix == set(), "API 설명서에 있으나 권한표 점검에 없는 작업"
    assert in_matrix - in_schema == set(), "권한표 점검에 있으나 API 설명서에 없는 작업"


def test_every_url_pattern_is_in_the_matrix_or_says_why_not(matrix: Any, db: Any) -> None:
    """Pages and operations without a rule are the Django admin, the API's documentation and the few that show
    nothing personal (the login page); every other one is called below, its parameters filled by name."""
    for entrance in rm.unchecked():
        reason = entrance.exempt or (entrance.door.reason if entrance.door else "")
        assert reason, f"{entrance.kind} {entrance.route}: 규칙도 사유도 없음"
        assert entrance.exempt in GUARDED_ELSEWHERE.values() or entrance.door is not None
    records, _personas = matrix
    for c in CALLS:
        missing = [p for p in c.records_named if p not in records.inside or p not in records.outside]
        assert not missing, f"{c.label}: 채울 기록이 없는 경로 변수 {missing} (tests/access/records.py)"
        if "<slug:" in c.route:
            assert c.slug, f"{c.label}: 동작 목록이 없음 (route_matrix.SLUG_VALUES)"


# --- Every route × every persona ----------------------------------------------------------------------------


def _answers(c: rm.Call, records: Records, personas: list[Persona]) -> list[str]:
    wrong = []
    far_sides = [("월곡2동", records.inside), ("장위1동", records.outside)] if c.record_param else [("", records.inside)]
    for persona in personas:
        client = persona.api if c.entrance.kind == "API" else persona.page
        for where, recs in far_sides:
            expectation = rm.expected(c, persona.principal, recs)
            for method, answer in rm.answers(c, client, expectation[0], recs):

                def missing() -> rm.Answer:
                    return rm.send(client, c, c.path(rm._missing(c, recs)), method, c.form(recs))  # noqa: B023

                problem = rm.mismatch(c, method, expectation, answer, missing)
                if problem:
                    wrong.append(f"  {persona.username:20} {method:4} {where:4} {expectation[0]:12} → {problem}")
    return wrong


@pytest.mark.parametrize("c", CALLS, ids=[c.label for c in CALLS])
def test_route_answers_every_persona_as_its_door_says(c: rm.Call, matrix: Any, db: Any) -> None:
    records, personas = matrix
    wrong = _answers(c, records, personas)
    assert not wrong, f"{c.label} (문: {c.door.rule.key if c.door.rule else '-'}):\n" + "\n".join(wrong)
