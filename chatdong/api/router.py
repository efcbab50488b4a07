"""The ninja API object at /api/v1/: bearer-token auth on every endpoint, JSON errors in Korean, routers per app."""

from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.renderers import JSONRenderer

from . import errors
from .auth import BearerToken, doors_before_input
from .parser import StrictParser


class ChatdongAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> ValidationError:
        """Ninja's schema errors, with the length of a text that is too long (ninja drops each error's input, which
        may be large or personal; the Korean message tells the length typed, as the pages do)."""
        lengths = [
            len(item["input"]) if item["type"] == "string_too_long" and isinstance(item.get("input"), str) else None
            for context in error_contexts
            for item in context.pydantic_validation_error.errors(include_url=False)
        ]
        error = super().validation_error_from_error_contexts(error_contexts)
        for item, length in zip(error.errors, lengths, strict=True):
            if length is not None:
                item.setdefault("ctx", {})["length"] = length
        return error


class KoreanJSONRenderer(JSONRenderer):
    # Korean text as UTF-8 rather than \uXXXX escapes: readable in logs and by hand with curl.
    json_dumps_params = {"ensure_ascii": False}


api = ChatdongAPI(
    title="찾동 API",
    version="1",
    description=(
        "찾아가는 동주민센터(찾동) 정보시스템의 API입니다. 모든 요청에 `Authorization: Bearer <토큰>` 헤더가 "
        "필요합니다(토큰 발급: `manage.py issue_token 사용자이름`). 화면과 같은 접근 규칙이 적용되고, 개인정보 "
        "조회는 접근기록에 남습니다. 주민등록번호는 항상 마스킹되어 나갑니다. 오류는 "
        '`{"detail": "<한국어 설명>"}` 형식의 JSON입니다: 401 인증 실패, 403 권한 없음, '
        "404 없거나 볼 수 없는 기록, 422 입력 오류."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    renderer=KoreanJSONRenderer(),
    parser=StrictParser(),
)
errors.install(api)
api.add_router("", "chatdong.reports.api.router")
api.add_router("", "chatdong.registry.api.router")
api.add_router("", "chatdong.registry.emergency_api.router")
api.add_router("", "chatdong.registry.imports.move_in_api.router")
api.add_router("", "chatdong.consult.api.router")
api.add_router("", "chatdong.cases.api.router")
api.add_router("", "chatdong.meetings.api.router")
api.add_router("", "chatdong.web.api.router")
api.add_router("", "chatdong.outreach.visits.api.router")
api.add_router("", "chatdong.outreach.officers.api.router")
api.add_router("", "chatdong.outreach.leaders.api.router")
api.add_router("", "chatdong.outreach.cohorts.api.router")
api.add_router("", "chatdong.outreach.progress.api.router")
doors_before_input(api)
