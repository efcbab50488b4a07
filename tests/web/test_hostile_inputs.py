"""No input, however odd, gives a server error on a page: every page's query parameters, its path ids and every
form on it, filled with hostile values (`hostile.HOSTILE`), as a persona the page lets in: 0 answers ≥ 500.

The pages come from the URL configuration (`route_matrix.calls()`, as in the route × role matrix), their path
parameters from `records`, the names to fill from the page itself (its forms and the links back to it) and from
what its view reads (`request.GET.get("…")`), so a new page, parameter or form is crawled the day it is added.
Each request runs in a savepoint rolled back after it: a form that is accepted changes nothing for the next.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from chatdong.access.principal import Principal, principal_for

from ..access import route_matrix as rm
from ..access.records import VISITORS, Records, records_for_module
from . import hostile

User = get_user_model()

PAGES = [c for c in rm.calls() if c.entrance.kind == "화면"]
# Forms sent already, by where they go and what they hold: the header's forms are on every page.
SENT: set[tuple[str, tuple[str, ...]]] = set()


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker) -> Iterator[tuple[Records, dict[str, tuple[Client, Principal]]]]:  # type: ignore[no-untyped-def]
    with records_for_module(django_db_blocker) as records:
        clients = {}
        with django_db_blocker.unblock():
            for username in VISITORS:
                user = User.objects.get(username=username)
                client = Client(raise_request_exception=False)
                client.force_login(user)
                clients[username] = (client, principal_for(user))
        yield records, clients


def _visitor(c: rm.Call, records: Records, clients: dict[str, tuple[Client, Principal]]) -> Client:
    username = rm.first_let_through(c, {name: principal for name, (_c, principal) in clients.items()}, records.inside)
    return clients[username][0]


def _send(client: Client, method: str, path: str, data: dict[str, Any] | None = None) -> tuple[int, str]:
    """The status, and the exception behind a server error; what the request changed is undone."""
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, data or {})
        transaction.set_rollback(True)
    exc = getattr(response, "exc_info", None)
    return response.status_code, f"{exc[0].__name__}: {str(exc[1])[:120]}" if exc else ""


def _open(c: rm.Call, client: Client, records: Records) -> tuple[str, hostile.PageReader | None, str]:
    """The page's path, its forms and links (None when it is no HTML page), and its content type."""
    path = c.path(records.inside)
    with transaction.atomic():
        response = client.get(path)
        transaction.set_rollback(True)
    assert response.status_code < 500, f"{c.label}: {response.status_code}"
    kind = response.get("Content-Type", "")
    html = response.content.decode(errors="replace") if "html" in kind else ""
    return path, hostile.read_page(html) if response.status_code == 200 and html else None, kind


def _query_params(c: rm.Call, path: str, page: hostile.PageReader | None) -> set[str]:
    names = set(rm.QUERY_RECORDS.get(c.route, {})) | hostile.params_read_by(c.entrance.view)
    if page is not None:
        bare = urlsplit(path).path
        for form in page.forms:
            if form.method == "get" and urlsplit(form.action).path in ("", bare):
                names.update(form.names())
        names |= hostile.link_params(page.links, bare)
    return names


@pytest.mark.parametrize("c", PAGES, ids=[c.label for c in PAGES])
def test_no_query_parameter_or_path_id_gives_a_server_error(c: rm.Call, crawl: Any, db: Any) -> None:
    records, clients = crawl
    client = _visitor(c, records, clients)
    path, page, kind = _open(c, client, records)
    bare, _, fixed = path.partition("?")
    kept = dict(part.split("=", 1) for part in fixed.split("&") if part)
    values = hostile.HOSTILE
    if kind.startswith("application/pdf"):
        values = {label: hostile.HOSTILE[label] for label in hostile.PDF_VALUES}
    errors = []
    for name in sorted(_query_params(c, path, page)):
        for label, value in values.items():
            target = f"{bare}?{hostile.query({**kept, name: value})}"
            status, exc = _send(client, "GET", target)
            if status >= 500:
                errors.append(f"  GET ?{name}= {label}: {status} {exc}")
    for param in c.params:
        for huge in (2**63, 2**64, 10**30):
            record = type("Missing", (), {"pk": huge})()
            status, exc = _send(client, "GET", c.path({**records.inside, param: record}))
            if status >= 500:
                errors.append(f"  GET {param}={huge}: {status} {exc}")
    assert not errors, f"{c.label}:\n" + "\n".join(errors)


@pytest.mark.parametrize("c", PAGES, ids=[c.label for c in PAGES])
def test_no_form_on_the_page_gives_a_server_error_whatever_is_typed(c: rm.Call, crawl: Any, db: Any) -> None:
    records, clients = crawl
    client = _visitor(c, records, clients)
    path, page, _kind = _open(c, client, records)
    if page is None:
        return
    today = dt.date.today()
    errors = []
    for form in page.forms:
        action = urlsplit(urljoin(path, form.action or path))
        key = (action.path, tuple(form.names()))
        if form.method != "post" or action.path.startswith("/accounts/") or key in SENT:
            continue
        SENT.add(key)
        target = action.path + (f"?{action.query}" if action.query else "")
        for button in form.buttons[:1] or [None]:
            base = form.filled(today) | (dict([button]) if button else {})
            for field in form.distinct_fields():
                if field.name == "csrfmiddlewaretoken":
                    continue
                for value in hostile.values_for(field):
                    status, exc = _send(client, "POST", target, {**base, field.name: value})
                    if status >= 500:
                        shown = value if len(value) < 20 else f"{value[:10]}…({len(value)}자)"
                        errors.append(f"  POST {target} {field.name}={shown!r}: {status} {exc}")
    assert not errors, f"{c.label}:\n" + "\n".join(errors)
