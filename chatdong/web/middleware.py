"""Answers Django or a view would give badly: text no page can mean (a control character in the query string, a NUL
in a form) is refused before any view reads it; a bare 405 is given its Korean words."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from chatdong.core.text import CONTROL_CHARACTERS

from .errors import method_not_allowed, unreadable_input


def _holds(data: QueryDict, check: Callable[[str], object]) -> bool:
    return any(check(name) or any(check(v) for v in values) for name, values in data.lists())


def _nul(text: str) -> bool:
    return "\x00" in text


class UnreadableInputMiddleware:
    """The Korean 400 page for a control character in a query parameter's name or value, or a NUL in a form's.

    PostgreSQL refuses NUL in text, so every page that searched, filtered or saved such a value answered with a
    server error; checked once here rather than in each view, form and service. Nobody types a control character
    into a search box and no link of ours carries one. A form's text may hold tabs, line breaks and what a pasted
    document brings, but never NUL. The API reads its own input (its parser answers 422 naming the field), so
    /api/ is left to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and (
            _holds(request.GET, CONTROL_CHARACTERS.search) or (request.method == "POST" and _holds(request.POST, _nul))
        ):
            return unreadable_input(request)
        return self.get_response(request)


class MethodNotAllowedMiddleware:
    """A 405 from `require_POST` and its kind, or from the API's router, has an empty or English body: answer it in
    Korean (JSON under /api/), keeping the `Allow` header that says which methods are taken."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        korean = method_not_allowed(request)
        if response.has_header("Allow"):
            korean["Allow"] = response["Allow"]
        return korean
