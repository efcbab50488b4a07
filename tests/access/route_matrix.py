"""The route × persona matrix: every page and API operation, called by every persona, against what its door says.

`calls()` reads the running URL configuration and API (through `access.doors.entrances`), so a new page or
operation is in the matrix the day it is added: its path parameters are filled from `records.Records` by name,
its `<slug:action>` from the actions its view takes (`SLUG_VALUES`), and its expected answer comes from its door:

- the door's rule grants the persona nothing → refused: 403, or 404 when the door is `not_found`-style;
- it grants them something, and the record of the URL is within their reach (`Rule.allows`) → let through;
- it grants them something, but the record is out of their reach (another dong's) → 404, as if it did not exist.

A refused caller also writes nothing but the access-log line of the refusal (`writes`).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from chatdong.access.doors import Door, Entrance, entrances
from chatdong.access.principal import Principal
from chatdong.access.rules import RULES
from chatdong.cases.forms import ACTION_FORMS
from chatdong.consult.views import REFERRAL_ACTIONS
from chatdong.outreach.visits.views import WATCH_ACTIONS
from chatdong.registry.forms import RECORD_FORMS

# The actions a `<slug:action>` route takes, read from the views' own tables where they keep one.
SLUG_VALUES: dict[str, list[str]] = {
    "/registry/households/<int:household_id>/records/<slug:action>/": sorted(RECORD_FORMS),
    "/cases/<int:case_id>/actions/<slug:action>/": sorted(ACTION_FORMS),
    "/consult/referrals/<int:referral_id>/<slug:action>/": sorted(REFERRAL_ACTIONS),
    "/outreach/monitoring/<int:watch_id>/<slug:action>/": sorted(WATCH_ACTIONS),
    "/outreach/findings/<int:finding_id>/<slug:action>/": ["complete", "open-case", "start"],
}

# Rules about a tong leader's record (`outreach.leaders`): the record a URL names (a household, a target) is
# within reach through the leader who looks after it.
LEADER_RULES = {"outreach.leaders.pages", "outreach.leaders.view", "outreach.leaders.record"}

# Records a page takes in its query string rather than its path, by route: `?leader=` for staff opening a tong
# leader's pages on the leader's behalf, `?person=` for the visit form.
QUERY_RECORDS: dict[str, dict[str, str]] = {
    "/outreach/leader/": {"leader": "leader"},
    "/outreach/leader/households/<int:household_id>/check-in/": {"leader": "leader"},
    "/outreach/leader/households/<int:household_id>/crisis/": {"leader": "leader"},
    "/outreach/leader/targets/<int:target_id>/confirm/": {"leader": "leader"},
    "/outreach/visits/new/": {"person": "person_id"},
}
# Forms whose empty version names no record at all, so that even the record's own staff get "not found": sent
# with the records filled in instead (parameter → record).
FORMS: dict[str, dict[str, str]] = {
    "/outreach/zones/<int:zone_id>/match/": {"leader": "leader", "person": "person_id"},
}

# What a door's rule decides when a URL names a record of another kind: a person → their household, …
SUBJECT_OF: dict[str, Callable[[Any], Any]] = {
    "person_id": lambda person: person.household,
    "consent_id": lambda consent: consent.person.household,
    "photo_id": lambda photo: photo.activity,
    "item_id": lambda item: item.meeting,
}


@dataclass(frozen=True)
class Finer:
    """A page past its door that checks a narrower rule on opening: who it lets in and what it answers the others.
    `test(principal, record)` is that rule (the record of the URL, or None)."""

    label: str
    test: Callable[[Principal, Any], bool]
    status: int = 403


def _rule(key: str, subject: Callable[[Principal, Any], Any]) -> Callable[[Principal, Any], bool]:
    def test(principal: Principal, record: Any) -> bool:
        return RULES[key].allows(principal, subject(principal, record))

    return test


def _own_dong(principal: Principal, record: Any) -> Any:
    return principal.dong_id


FINER: dict[str, Finer] = {
    "/outreach/weekly/": Finer("outreach.officers.weekly_report", _rule("outreach.officers.weekly_report", _own_dong)),
    "/outreach/weekly/dong/": Finer("outreach.officers.report_grid", _rule("outreach.officers.report_grid", _own_dong)),
    "/outreach/monthly/": Finer(
        "outreach.officers.monthly_meeting", _rule("outreach.officers.monthly_meeting", _own_dong)
    ),
    "/outreach/findings/new/": Finer("발굴은 동 소속 직원이 자기 동에서", lambda p, _r: p.dong_id is not None),
    "/outreach/zones/<int:zone_id>/activities/new/": Finer(
        "outreach.officers.record_walk", _rule("outreach.officers.record_walk", lambda p, zone: zone)
    ),
    "/registry/persons/<int:person_id>/consents/new/": Finer(
        "registry.edit", _rule("registry.edit", lambda p, person: person.household)
    ),
    # The roster's shifts are "not found" for whoever may not edit that dong's roster (the view says why).
    "/consult/roster/<int:shift_id>/delete/": Finer(
        "consult.roster", _rule("consult.roster", lambda p, shift: shift.dong_id), status=404
    ),
}

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}")


@dataclass(frozen=True)
class Call:
    """One route as one request: the entrance, the method, and the path parameters in order."""

    entrance: Entrance
    method: str
    route: str  # the path pattern, `<int:case_id>` / `{case_id}` still in it
    params: tuple[str, ...]
    slug: str = ""  # the value of a `<slug:…>` parameter

    @property
    def door(self) -> Door:
        assert self.entrance.door is not None
        return self.entrance.door

    @property
    def record_param(self) -> str:
        """The record the URL is about: the view's first keyword (what the door hands to its refusal), or the
        record named in its query string."""
        if self.params:
            return self.params[0]
        return next(iter(QUERY_RECORDS.get(self.route, {}).values()), "")

    @property
    def records_named(self) -> list[str]:
        return [*self.params, *QUERY_RECORDS.get(self.route, {}).values(), *FORMS.get(self.route, {}).values()]

    @property
    def label(self) -> str:
        shown = self.route.replace("<slug:action>", self.slug) if self.slug else self.route
        return f"{self.entrance.kind} {shown}" if self.entrance.kind == "화면" else f"API {self.method} {shown}"

    def path(self, records: dict[str, Any]) -> str:
        def fill(match: re.Match[str]) -> str:
            converter, name = match.group(1), match.group(2) or match.group(3)
            if converter == "slug":
                return self.slug
            return str(records[name].pk)

        path = PARAMETER.sub(fill, self.route)
        query = QUERY_RECORDS.get(self.route)
        if query:
            path += "?" + "&".join(f"{name}={records[record].pk}" for name, record in query.items())
        return path

    def form(self, records: dict[str, Any]) -> dict[str, Any]:
        return {name: records[record].pk for name, record in FORMS.get(self.route, {}).items()}


def _split(entrance: Entrance) -> tuple[list[str], str]:
    """An API operation's methods; a page is opened (GET) and sent an empty form (POST): see `answers`."""
    if entrance.kind == "API":
        methods, _, route = entrance.route.partition(" ")
        return methods.split("/"), route
    return ["GET"], entrance.route


def checked(entrance: Entrance) -> bool:
    """Entrances behind a rule: the matrix calls them. The rest are listed by `unchecked()` with their reason."""
    return not entrance.exempt and entrance.door is not None and entrance.door.rule is not None


def calls() -> list[Call]:
    found = []
    for entrance in entrances():
        if not checked(entrance):
            continue
        methods, route = _split(entrance)
        params = tuple(m.group(2) or m.group(3) for m in PARAMETER.finditer(route) if m.group(1) != "slug")
        slugs = SLUG_VALUES.get(route, [""]) if "<slug:" in route else [""]
        found.extend(Call(entrance, method, route, params, slug) for method in methods for slug in slugs)
    return found


def unchecked() -> list[Entrance]:
    return [e for e in entrances() if not checked(e)]


# --- What the door says ----------------------------------------------------------------------------------------

REFUSED, LET_THROUGH, OUT_OF_REACH = "refused", "let through", "out of reach"


def subject(c: Call, records: dict[str, Any], principal: Principal) -> Any:
    """What the door's rule decides for this URL: the record it names (or what that belongs to: `SUBJECT_OF`), its
    tong leader for the leaders' rules (a leader's own page: the leader); for a URL naming no record, the
    persona's own dong (rules on a dong)."""
    if c.record_param and c.door.rule is not None and c.door.rule.key in LEADER_RULES:
        if principal.is_leader and not c.params:
            return principal.leader  # a leader's own page: whoever `?leader=` names, they act as themself
        return records["leader"]
    if not c.record_param:
        return principal.dong_id
    record = records[c.record_param]
    return SUBJECT_OF.get(c.record_param, lambda r: r)(record)


def within_reach(c: Call, principal: Principal, records: dict[str, Any]) -> bool:
    rule = c.door.rule
    assert rule is not None
    try:
        return rule.allows(principal, subject(c, records, principal))
    except AttributeError:
        if c.record_param:
            raise
        return True  # a rule on records, for a page naming none: the list it shows is scoped


def expected(c: Call, principal: Principal, records: dict[str, Any]) -> tuple[str, int]:
    """What the door says (REFUSED, LET_THROUGH or OUT_OF_REACH), and the status of a refusal."""
    rule = c.door.rule
    assert rule is not None
    if not rule.admits(principal):
        return REFUSED, refusal_status(c)
    if not within_reach(c, principal, records):
        # A page naming no record, on a rule about the persona's own dong, when they have none: refused.
        return (OUT_OF_REACH, 404) if c.record_param else (REFUSED, 403)
    finer = FINER.get(c.route)
    record = records[c.record_param] if c.record_param else None
    if finer is not None and not finer.test(principal, record):
        return REFUSED, finer.status
    return LET_THROUGH, 0


def first_let_through(c: Call, principals: dict[str, Principal], records: dict[str, Any]) -> str:
    """Of the personas (in their order), the first the call's door lets through on `records`."""
    for username, principal in principals.items():
        if expected(c, principal, records)[0] == LET_THROUGH:
            return username
    raise AssertionError(f"{c.label}: 들어갈 수 있는 사람이 없음")


def refusal_status(c: Call) -> int:
    return 404 if c.door.not_found else 403


# --- Calling -------------------------------------------------------------------------------------------------

# Writes a refused request may make: the access log's line about it (and its chain head), the session and the
# token's last use.
LOGGED_TABLES = ("access_accesslog", "access_accessloghead", "django_session", "api_apitoken")
MISSING_ID = 2_000_000_000  # no record has it
HANGUL = re.compile(r"[가-힣]")


@dataclass
class Answer:
    status: int
    text: str = ""
    writes: list[str] = field(default_factory=list)  # statements that changed something besides the log


def _changed_rows() -> int:
    """Rows inserted, updated or deleted so far in this connection (SQLite) or transaction (PostgreSQL), not
    counting the tables a refusal may write to."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                " WHERE relname <> ALL(%s)",
                [list(LOGGED_TABLES)],
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def _is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))


def _logged(sql: str) -> bool:
    return any(f'"{table}"' in sql for table in LOGGED_TABLES)


def send(client: Any, c: Call, path: str, method: str, form: dict[str, Any] | None = None) -> Answer:
    """Make the request (an empty form or `{}`), note what it changed, then undo it all: the next persona finds
    the records as they were. A statement that changes no row (an update of one's own notices only) is no write."""
    with transaction.atomic():
        before = _changed_rows()
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                response = client.get(path)
            elif c.entrance.kind == "API":
                response = client.generic(method, path, "{}", content_type="application/json")
            else:
                response = client.post(path, form or {})
        changed = _changed_rows() - before
        statements = [q["sql"] for q in captured.captured_queries if _is_write(q["sql"])]
        if connection.vendor != "postgresql":  # SQLite counts the log's rows too: one a statement
            changed -= sum(1 for sql in statements if _logged(sql))
        transaction.set_rollback(True)
    writes = [sql[:160] for sql in statements if not _logged(sql)] if changed > 0 else []
    text = (
        response.content.decode(errors="replace")
        if response.get("Content-Type", "").startswith(("text", "app"))
        else ""
    )
    return Answer(response.status_code, text, writes)


def _missing(c: Call, records: dict[str, Any]) -> dict[str, Any]:
    """The same records, but the one the URL is about replaced by an id nobody has."""

    @dataclass
    class Missing:
        pk: int = MISSING_ID

    return {**records, c.record_param: Missing()}


def answers(c: Call, client: Any, expectation: str, records: dict[str, Any]) -> Iterator[tuple[str, Answer]]:
    """The requests one persona makes of a route: an API operation with `{}`; a page opened, and sent an empty
    form when it takes only POST or when the persona is to be turned away (who must change nothing either way)."""
    path = c.path(records)
    answer = send(client, c, path, c.method)
    yield c.method, answer
    if c.entrance.kind == "화면" and (answer.status == 405 or expectation != LET_THROUGH):
        yield "POST", send(client, c, path, "POST", c.form(records))


def mismatch(c: Call, method: str, expectation: tuple[str, int], answer: Answer, missing: Callable[[], Answer]) -> str:
    """'' when the answer is what the door says, else why not. `missing()` answers the same request for a record
    that does not exist: a record out of reach must get exactly that answer."""
    what, refusal = expectation
    status = answer.status
    if status >= 500:
        return f"{status} (server error)"
    if method == "GET" and status == 405 and c.entrance.kind != "API" and not answer.writes:
        return ""  # a page that takes only POST: its door is tried with the POST
    if what == REFUSED:
        if status != refusal:
            return f"{status}, expected refusal {refusal}"
        if answer.writes:
            return f"refused but wrote: {answer.writes[0]}"
        return ""
    if what == OUT_OF_REACH:
        if answer.writes:
            return f"out of reach but wrote: {answer.writes[0]}"
        if status == 404:
            return ""
        # An operation may check its input before it looks the record up (`{}` is no valid body): then it must
        # answer a missing record the same way, so that the answer says nothing about another dong's records.
        unknown = missing().status
        if status != unknown or status < 400 or status == 403:
            return f"{status}, expected 404 (out of reach; a missing record gets {unknown})"
        return ""
    if method == "GET" and status not in (200, 302):
        return f"{status}, expected to be let through (200/302)"
    if method != "GET" and status == 404:
        return "404, expected to be let through (an empty form: 200/302/400/422)"
    if method != "GET" and status == 403 and not HANGUL.search(answer.text):
        # Past the door an action may still be refused by the rule of that action, with its Korean reason.
        return "403 without a Korean reason"
    return ""
