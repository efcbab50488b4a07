"""The one door into every page and API operation: each names the rule that guards it.

`@door(rule)` refuses, before the view runs, anyone the rule grants nothing: 403 with the rule's Korean reason,
or, on a page about one record (`not_found="household"`, its kind), 404 exactly as if the record did not exist,
as its scope would answer. Both are written to the access log. Past the door the view reaches records only
through the rules' `fetch` and `scope`, and each action it offers is checked again by the service that takes it.

`@no_personal_data(reason)` marks the few views that show or change nothing personal (the login page). Both
leave a mark on the view (`view.door`); `tests/access/test_doors.py` walks every URL pattern and API operation
and fails on any without one.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .errors import OutOfScope
from .principal import principal_for
from .rules import Rule

type View = Callable[..., Any]


@dataclass(frozen=True)
class Door:
    rule: Rule | None
    reason: str = ""  # why a view without a rule shows nothing personal
    not_found: str = ""  # the kind of record a refused person is told does not exist (404), instead of 403

    def enter(self, request: HttpRequest, record_id: object = "") -> None:
        """Let the signed-in person through, or refuse them (403, or 404 on a page about one record)."""
        if self.rule is None:
            return
        principal = principal_for(request.user)
        if self.not_found and not self.rule.admits(principal):
            raise OutOfScope(self.not_found, record_id)
        self.rule.require_admitted(principal)


def door(rule: Rule, *, not_found: str = "") -> Callable[[View], View]:
    entrance = Door(rule, not_found=not_found)

    def guard(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            entrance.enter(request, next(iter(kwargs.values()), ""))
            return view(request, *args, **kwargs)

        guarded.door = entrance  # type: ignore[attr-defined]
        return guarded

    return guard


def no_personal_data(reason: str) -> Callable[[View], View]:
    def mark(view: View) -> View:
        view.door = Door(None, reason)  # type: ignore[attr-defined]
        return view

    return mark


def door_of(view: View) -> Door | None:
    return getattr(view, "door", None)


# --- Every entrance ----------------------------------------------------------------------------------------

# Served by Django or django-ninja themselves and guarded there: the Django admin by its own staff and model
# permissions (superusers only in practice), the API's schema and documentation pages by showing no record.
GUARDED_ELSEWHERE = {
    "admin": "Django 관리 화면: 관리자 계정과 모델 권한으로 보호",
    "ninja.openapi.views": "API 설명서(OpenAPI): 개인정보 없음",
}


@dataclass(frozen=True)
class Entrance:
    """A page (`GET/POST /cases/<int:case_id>/`) or an API operation (`GET /api/v1/cases/{case_id}`)."""

    kind: str  # "화면" or "API"
    route: str
    view: View
    door: Door | None
    exempt: str = ""  # why it needs no door (GUARDED_ELSEWHERE)

    @property
    def name(self) -> str:
        return f"{self.view.__module__}.{getattr(self.view, '__qualname__', self.view)}"


def _api_entrances(api: Any, prefix: str) -> list[Entrance]:
    found = []
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                route = f"{'/'.join(m for m in operation.methods)} /{prefix}{router_prefix}{path}".replace("//", "/")
                found.append(Entrance("API", route, operation.view_func, door_of(operation.view_func)))
    return found


def entrances() -> list[Entrance]:
    """Every page and API operation the URL configuration serves, read from the running configuration."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[Entrance] = []
    apis: dict[int, tuple[Any, str]] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
                continue
            assert isinstance(pattern, URLPattern)
            callback = pattern.callback
            target = getattr(callback, "func", callback)  # functools.partial (ninja's documentation views)
            api = getattr(callback, "keywords", {}).get("api")
            if api is not None:
                apis.setdefault(id(api), (api, prefix))
            exempt = GUARDED_ELSEWHERE.get(namespace) or GUARDED_ELSEWHERE.get(getattr(target, "__module__", ""), "")
            if getattr(callback, "__name__", "") == "sync_view_wrapper":
                continue  # an API path: its operations are listed from the API object below
            found.append(Entrance("화면", "/" + route.lstrip("^").rstrip("$"), callback, door_of(callback), exempt))

    walk(get_resolver().url_patterns, "", "")
    for api, prefix in apis.values():
        found.extend(_api_entrances(api, prefix))
    return found
