"""Property-based check of the whole API against its own OpenAPI document (schemathesis, in-process WSGI).

Every operation, with data that fits the schema and data that does not (schemathesis's positive and negative
modes; its examples, coverage and fuzzing phases), as the first persona its door lets in (`VISITORS`), on the
records of the route matrix (`records.py`: a path's ids name real records, so an operation reads its body and
acts, rather than stopping at "not found"). Each answer must not be a server error, must be documented with its
status and shape, and data the schema refuses must be refused (4xx). Each call is undone after it.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from chatdong.access.principal import Principal, principal_for
from chatdong.api.models import ApiToken
from chatdong.wsgi import application

from ..access import route_matrix as rm
from ..access.records import VISITORS, Records, records_for_module

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The test sends a valid token with every request, so a "negative" case that drops the Authorization header
# is not negative at all and its 200 would be reported as accepted bad data (seen on every list endpoint
# with enough examples). The 401 answers have their own tests (test_auth.py).
schema.config.generation.update(
    with_security_parameters=False, modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
)
CALLS = {(c.method, c.route): c for c in rm.calls() if c.entrance.kind == "API"}


@pytest.fixture(scope="module")
def callers(django_db_setup, django_db_blocker) -> Iterator[tuple[Records, dict[str, tuple[str, Principal]]]]:  # type: ignore[no-untyped-def]
    # Requests go through the real WSGI handler, whose request signals close "old" connections: in a
    # test, that is the connection holding the test's transaction. Django's test client unhooks them
    # the same way while it runs a request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with records_for_module(django_db_blocker) as records:
            tokens = {}
            with django_db_blocker.unblock():
                for username in VISITORS:
                    user = get_user_model().objects.get(username=username)
                    _token, clear = ApiToken.issue(user, "schemathesis")
                    tokens[username] = (clear, principal_for(user))
            yield records, tokens
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _prepare(case: Any, records: Records, tokens: dict[str, tuple[str, Principal]]) -> dict[str, str]:
    """The caller's header; a path generated as valid names the route's real records instead of random ids."""
    c = CALLS[(case.operation.method.upper(), case.operation.path)]
    username = rm.first_let_through(c, {name: principal for name, (_t, principal) in tokens.items()}, records.inside)
    meta = case.meta
    path = meta.components.get(ParameterLocation.PATH) if meta is not None else None
    if c.params and path is not None and path.mode == GenerationMode.POSITIVE:
        case.path_parameters = {name: records.inside[name].pk for name in c.params}
    return {"Authorization": f"Bearer {tokens[username][0]}"}


@schema.parametrize()
# Derandomized: the same examples every run, so the test cannot flake; a handful per operation (besides the
# coverage phase's boundary values) is enough to catch a server error, an undocumented status, a body that does
# not fit its schema or bad data accepted.
@settings(max_examples=10, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case, callers, db):
    records, tokens = callers
    headers = _prepare(case, records, tokens)
    with transaction.atomic():
        case.call_and_validate(
            headers=headers,
            # Schema-valid is not always acceptable: a dong that does not exist, or a household without a
            # head, is refused with 422 by the registry's rules, which a schema cannot express.
            excluded_checks=[positive_data_acceptance],
        )
        transaction.set_rollback(True)
