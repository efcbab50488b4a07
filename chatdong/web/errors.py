"""The pages Django shows when a request fails before or outside a view's own answer, in Korean: 400 (a request
that cannot be read, or text holding a control character: `middleware`), 403 for a failed CSRF check, 405 (a
method the page or operation does not take), 413 (a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`) and 500. Under /api/
they answer JSON with a Korean `detail`, like every API error.

Rendered without the request's context (Django's own handlers do the same): a failing request may be the very
thing a context processor would trip on, and an error page must not fail in turn."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

TOO_BIG = "보낸 내용이 너무 큽니다. 첨부 파일이나 입력한 글을 줄여 다시 보내 주세요."
BAD_REQUEST = "요청을 읽을 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요."
CSRF_FAILED = "보안 확인 정보가 없거나 만료되었습니다. 화면을 새로 고친 뒤 다시 보내 주세요."
NOT_ALLOWED = "이 주소는 이 방식의 요청을 받지 않습니다."
UNREADABLE_INPUT = "입력한 내용(검색어 등)에 입력할 수 없는 문자(제어 문자)가 있습니다. 확인한 뒤 다시 시도해 주세요."
SERVER_ERROR = "서버에서 오류가 발생했습니다. 잠시 후 다시 시도하고, 계속되면 관리자에게 문의하세요."


def _answer(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    html = render_to_string("error.html", {"status": status, "title": title, "message": message})
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, "보낸 내용이 너무 큽니다", TOO_BIG)
    return _answer(request, 400, "잘못된 요청입니다", BAD_REQUEST)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: Django's own page is in English and outside the site's layout."""
    return _answer(request, 403, "요청을 처리할 수 없습니다", CSRF_FAILED)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    return _answer(request, 405, "허용되지 않는 요청입니다", NOT_ALLOWED)


def unreadable_input(request: HttpRequest) -> HttpResponse:
    return _answer(request, 400, "잘못된 요청입니다", UNREADABLE_INPUT)


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, 500, "일시적인 오류가 발생했습니다", SERVER_ERROR)
