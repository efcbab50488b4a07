"""How every API error is answered: JSON `{"detail": "<Korean>"}` with the right status, refusals logged.

- 401: no token, or an unknown / revoked one.
- 403: `Forbidden` (its Korean message), written to the access log.
- 404: a record missing or out of scope, one body for both so that existence does not leak; logged.
- 422: the request does not fit the schema (fields listed in Korean, plus `errors`; a control character in any
  text is such an error, see `parser`), or a service refused the input (`django.core.exceptions.ValidationError`,
  its Korean messages).
- 413: a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (Django refuses to read it).
"""

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from chatdong.access import log
from chatdong.access.doors import no_personal_data
from chatdong.access.errors import NOT_FOUND_MESSAGE, Forbidden, OutOfScope
from chatdong.core.api import FIELD_LABELS, OUT_OF_RANGE_TYPE
from chatdong.core.dates import OUT_OF_RANGE
from chatdong.core.text import UNREADABLE, too_long

from . import parser

logger = logging.getLogger("chatdong.api")
Handler = Callable[[HttpRequest, Any], HttpResponse]

UNAUTHENTICATED = "인증 토큰이 없거나 올바르지 않습니다."
FORBIDDEN = "이 작업을 할 권한이 없습니다."
NOT_FOUND = NOT_FOUND_MESSAGE
INVALID_INPUT = "입력값을 확인하세요."
TOO_BIG = f"요청 본문이 너무 큽니다({settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1_000_000:,}MB 이하로 보내세요)."
SERVER_ERROR = "서버에서 오류가 발생했습니다. 잠시 후 다시 시도하고, 계속되면 관리자에게 문의하세요."
HTTP_ERRORS = {
    400: "요청 형식이 올바르지 않습니다. 본문이 올바른 JSON인지 확인하세요.",
    405: "이 주소에서 허용되지 않는 요청 방식입니다.",
    429: "요청이 너무 많습니다. 잠시 후 다시 시도하세요.",
}

_TYPE_MESSAGES = {
    "missing": "필수 항목입니다.",
    "int_parsing": "정수를 입력하세요.",
    "int_type": "정수를 입력하세요.",
    "int_from_float": "정수를 입력하세요.",
    "bool_parsing": "true 또는 false를 입력하세요.",
    "string_type": "문자열을 입력하세요.",
    "date_parsing": "날짜는 YYYY-MM-DD 형식으로 입력하세요.",
    "date_from_datetime_parsing": "날짜는 YYYY-MM-DD 형식으로 입력하세요.",
    "date_from_datetime_inexact": "날짜는 YYYY-MM-DD 형식으로 입력하세요.",
    "date_type": "날짜는 YYYY-MM-DD 형식으로 입력하세요.",
    OUT_OF_RANGE_TYPE: OUT_OF_RANGE,
    "datetime_parsing": "일시는 YYYY-MM-DDTHH:MM 형식으로 입력하세요.",
    "datetime_type": "일시는 YYYY-MM-DDTHH:MM 형식으로 입력하세요.",
    "datetime_from_date_parsing": "일시는 YYYY-MM-DDTHH:MM 형식으로 입력하세요.",
    "bool_type": "true 또는 false를 입력하세요.",
    "list_type": "목록(배열)을 입력하세요.",
    "dict_type": "객체를 입력하세요.",
    "model_type": "객체를 입력하세요.",
    "model_attributes_type": "객체를 입력하세요.",
    "json_invalid": "JSON 형식이 올바르지 않습니다.",
    "extra_forbidden": "알 수 없는 항목입니다.",
    parser.NOT_TEXT: UNREADABLE,
}


def _message_for(error: dict[str, Any], label: str) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"허용되지 않는 값입니다. 가능한 값: {expected}" if expected else "허용되지 않는 값입니다."
    if kind == "string_too_long":
        return too_long(label, int(ctx.get("max_length", 0)), ctx.get("length"))
    if kind == "string_too_short":
        return "값을 입력하세요." if ctx.get("min_length") == 1 else f"{ctx.get('min_length')}자 이상 입력하세요."
    if kind == "too_short":
        return f"{ctx.get('min_length')}개 이상 입력하세요."
    if kind == "too_long":
        return f"{ctx.get('max_length')}개 이하로 입력하세요."
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{bound} {'이상' if kind == 'greater_than_equal' else '보다 큰'} 값을 입력하세요."
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"{bound} {'이하' if kind == 'less_than_equal' else '보다 작은'} 값을 입력하세요."
    return _TYPE_MESSAGES.get(kind, "값이 올바르지 않습니다.")


def _field_name(loc: Sequence[Any]) -> str:
    """("body", "payload", "members", 0, "sex") → "가구원 1번째 성별"."""
    parts: list[str] = []
    # The first item is where the value came from; for a body, the second is the parameter name.
    rest = list(loc[2:] if loc and loc[0] == "body" else loc[1:])
    for item in rest:
        if isinstance(item, int):
            parts.append(f"{item + 1}번째")
        else:
            parts.append(FIELD_LABELS.get(str(item), str(item)))
    return " ".join(parts) or "요청 본문"


def _dotted(loc: Sequence[Any]) -> str:
    rest = loc[2:] if loc and loc[0] == "body" else loc[1:]
    return ".".join(str(item) for item in rest)


def schema_errors(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """Ninja's (English, pydantic) errors as one Korean sentence and a list of field → message."""
    items = []
    for e in errors:
        label = _field_name(e.get("loc", ()))
        items.append({"field": _dotted(e.get("loc", ())), "label": label, "message": _message_for(e, label)})

    def said(item: dict[str, str]) -> str:  # a message that names its field already is not prefixed again
        return item["message"] if item["message"].startswith(item["label"]) else f"{item['label']}: {item['message']}"

    return INVALID_INPUT + " " + " / ".join(map(said, items)), items


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API. Ninja picks the handler of the closest class in the MRO."""

    def respond(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, UNAUTHENTICATED)
        response["WWW-Authenticate"] = 'Bearer realm="chatdong"'
        return response

    def on_out_of_scope(request: HttpRequest, exc: OutOfScope) -> HttpResponse:
        log.denied(request, exc)
        return respond(request, 404, NOT_FOUND)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, NOT_FOUND)

    def on_forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
        log.denied(request, exc)
        return respond(request, 403, exc.message)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, FORBIDDEN)

    def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        detail, items = schema_errors(exc.errors)
        return respond(request, 422, detail, errors=items)

    def on_service_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        messages = exc.messages
        return respond(request, 422, " ".join(messages), errors=[{"message": m} for m in messages])

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, SchemaValidationError):  # the body parsed, but its text was refused: parser
            return on_schema_error(request, exc.__cause__)
        return respond(request, exc.status_code, HTTP_ERRORS.get(exc.status_code, INVALID_INPUT))

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, TOO_BIG)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path, exc_info=exc)
        return respond(request, 500, SERVER_ERROR)

    handlers: list[tuple[type[Exception], Handler]] = [
        (AuthenticationError, on_unauthenticated),
        (OutOfScope, on_out_of_scope),
        (Http404, on_not_found),
        (Forbidden, on_forbidden),
        (PermissionDenied, on_permission_denied),
        (SchemaValidationError, on_schema_error),
        (DjangoValidationError, on_service_error),
        (HttpError, on_http_error),
        (RequestDataTooBig, on_too_big),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


@no_personal_data("없는 API 주소: JSON 404")
def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """For URLs under /api/ that match no endpoint: the same JSON 404 instead of an HTML page."""
    return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})
