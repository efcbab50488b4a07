"""Refusals: a record outside the user's scope answers 404 (indistinguishable from a missing one); an action
refused on a record the user may see answers 403 with a Korean reason. Both are written to the access log."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

NOT_FOUND_MESSAGE = "요청한 정보를 찾을 수 없습니다."


class OutOfScope(Http404):
    """A record that is missing or outside the user's scope; the two are indistinguishable."""

    def __init__(self, object_type: str = "", object_id: object = ""):
        super().__init__(NOT_FOUND_MESSAGE)
        self.object_type = object_type
        self.object_id = str(object_id)


class Forbidden(PermissionDenied):
    """An action refused on a record the user may see; the message is shown to them in Korean."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)
