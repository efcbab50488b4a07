"""Every route × every persona answers as its door's rule says: let through, refused (403, or 404 on a page about
one record), or 404 for another dong's record — and a refused caller changes nothing.

The routes are read from the URL configuration and the API (`route_matrix.calls`), the expected answers from
each door's rule for each persona's principal, so a new page or operation is checked the day it is added. One
test per route calls it as every persona, in 월곡2동 (`records.inside`) and in 장위1동 (`records.outside`), and
names every persona that got another answer.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chatdong.access.doors import GUARDED_ELSEWHERE
from chatdong.access.principal import Principal, principal_for
from chatdong.api.models import ApiToken
from chatdong.org.roles import Role

from ..conftest import bearer
from ..world import load_world
from . import route_matrix as rm
from .records import Records, records_for_module

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
    with records_for_module(django_db_blocker) as records:
        personas = []
        with django_db_blocker.unblock():
            for user in User.objects.order_by("username"):
                page = Client()
                page.force_login(user)
                _token, clear = ApiToken.issue(user, "권한표 점검")
                personas.append(Persona(user.get_username(), principal_for(user), page, bearer(clear)))
        yield records, personas


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
    far_sides = (
        [("월곡2동", records.inside), ("장위1동", records.outside)] if c.record_param else [("", records.inside)]
    )
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


# --- No route lets a user raise their own access ------------------------------------------------------------

# Routes that put someone in charge, on a team, in a role or a zone, or at a meeting: found by name, so a new one
# (the emergency access of issue 11) is tried the day it is added.
ASSIGNING = re.compile(r" /access/| .*/(staff|team|attendees|participants)/?$| .*(assign|emergency)", re.IGNORECASE)
# Who may put staff (themselves included) in charge of a household or on a case in their own dong (issue 11: the
# supervisor and the 동장); nobody but an administrator changes their own roles or zone.
ASSIGNERS = {Role.WELFARE_SUPERVISOR, Role.DONG_HEAD}
IN_CHARGE = re.compile(r"/records/staff/|/team/")
REASON = "긴급히 확인해야 하는 사정이 있습니다."  # an emergency access asks for one
SELF_ASSIGNING = [c for c in CALLS if ASSIGNING.search(c.label) and (c.entrance.kind == "화면" or c.method != "GET")]
STAFF_PERSONAS = [
    "wolgok2.planner", "wolgok2.planner65", "wolgok2.plannercare", "wolgok2.nurse", "wolgok2.desk",
    "wolgok2.supervisor", "wolgok2.officer", "wolgok2.coordinator", "wolgok2.resources", "wolgok2.head",
    "wolgok2.tongjang", "jangwi1.planner", "district.hope", "district.stats", "district.auditor",
]  # fmt: skip


def reach(user: Any) -> dict[str, Any]:
    """How far a person reaches: their roles and zones, and how many households, sensitive records, case notes,
    meetings and cohort targets their rules open to them."""
    from chatdong.cases import rules as case_rules
    from chatdong.cases.models import Case
    from chatdong.meetings import rules as meeting_rules
    from chatdong.meetings.models import Meeting
    from chatdong.org.models import Zone
    from chatdong.outreach.cohorts import rules as cohort_rules
    from chatdong.registry import rules as registry_rules
    from chatdong.registry.models import Household

    user = User.objects.get(pk=user.pk)  # no principal cached on it
    p = principal_for(user)
    return {
        "roles": p.roles,
        "specialities": p.specialities,
        "zones": Zone.objects.filter(officer__user=user).count(),
        "households": registry_rules.VIEW.scope(p, Household.objects.all()).count(),
        "sensitive": registry_rules.SENSITIVE.scope(p, Household.objects.all()).count(),
        "case notes": sum(case_rules.NOTES.allows(p, case) for case in Case.objects.all()),
        "meetings": meeting_rules.VIEW.scope(p, Meeting.objects.all()).count(),
        "targets": cohort_rules.targets_visible_to(p).count(),
    }


def _more(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    grown = []
    for key, was in before.items():
        now = after[key]
        if (now - was) if isinstance(was, frozenset) else now > was:
            grown.append(f"{key}: {was} → {now}")
    return grown


def _self_cases() -> list[Any]:
    cases = []
    for c in SELF_ASSIGNING:
        for username in STAFF_PERSONAS:
            cases.append(pytest.param(c, username, id=f"{c.label} {username}"))
    return cases


@pytest.mark.parametrize(("c", "username"), _self_cases())
def test_no_route_lets_a_user_raise_their_own_access(c: rm.Call, username: str, matrix: Any, db: Any) -> None:
    records, personas = matrix
    persona = next(p for p in personas if p.username == username)
    user = User.objects.get(username=username)
    me = persona.principal.staff
    recs = {**records.inside, "household_id": load_world().kim_household}
    if me is not None:
        recs["staff_id"] = me  # one's own roles
    path = c.path(recs)
    zone = records.inside["zone_id"]
    mine = me.pk if me is not None else 0
    assigner = persona.principal.has_role(*ASSIGNERS) and persona.principal.dong_id == zone.dong_id
    if assigner and IN_CHARGE.search(c.label):
        pytest.skip("the supervisor and the 동장 assign staff of their dong, themselves included")
    before = reach(user)
    if c.entrance.kind == "API":
        body = json.dumps({"staff_id": mine, "reason": REASON})
        persona.api.generic(c.method, path, body, content_type="application/json")
    else:
        form = {"staff": mine, "officer": mine, "zone": zone.pk, "action": "zone_officer", "role": "담당",
                "roles": [Role.WELFARE_SUPERVISOR, Role.DONG_HEAD], "speciality": "", "reason": REASON,
                "started_on": dt.date.today().isoformat()}  # fmt: skip
        persona.page.post(path, form)
    grown = _more(before, reach(user))
    if grown and "emergency" in c.label:
        _assert_a_reviewed_exception(user, grown)
        return
    assert not grown, f"{username}이(가) {c.label}로 자기 권한을 넓힘: " + ", ".join(grown)


def _assert_a_reviewed_exception(user: Any, grown: list[str]) -> None:
    """Break the glass is the one way to widen one's own reach, by design: one household's sensitive records,
    with the reason recorded, for 24 hours, and the dong's supervisor told at once."""
    from chatdong.core.models import Notice
    from chatdong.registry.models import EmergencyAccess

    assert {g.split(":")[0] for g in grown} <= {"sensitive", "case notes"}, grown
    grant = EmergencyAccess.objects.get(staff__user=user, reason=REASON)
    assert grant.reason == REASON and grant.expires_at - grant.started_at == dt.timedelta(hours=24)
    assert Notice.objects.filter(kind="emergency_access", recipient__staff__dong_id=grant.dong_id).exists()
