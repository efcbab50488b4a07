"""What every app's API router builds on: the response base and error bodies, a dong reference, the user
who called, and the Korean names of request fields that schema errors quote."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from pydantic import BaseModel, ConfigDict, Field

# The largest id a bigint column holds: a larger one in a path is simply "not found" (422 by the schema), never a
# database error.
MAX_ID = 2**63 - 1

# Korean names of request fields, for schema errors. Each router adds its own with `FIELD_LABELS.update`.
FIELD_LABELS: dict[str, str] = {
    "page": "쪽 번호",
    "q": "검색어",
    "dong": "행정동",
}


def request_user(request: HttpRequest) -> AbstractBaseUser:
    """The authenticated user of an API request, typed for the services that record who acted."""
    user = request.user
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise AuthenticationError()
    return user


class Out(BaseModel):
    """Base of response bodies.

    Plain pydantic rather than `ninja.Schema`: ninja's Schema re-reads nested instances attribute by
    attribute, which marks every field as set, and the routes rely on `exclude_unset` to leave out
    what the viewer may not see.
    """

    model_config = ConfigDict(from_attributes=True)


class ErrorOut(Out):
    detail: str = Field(description="오류 내용(한국어)")


class FieldErrorOut(Out):
    field: str = Field("", description="문제가 있는 항목의 경로(예: members.0.sex)")
    label: str = Field("", description="항목의 한국어 이름")
    message: str = Field(description="오류 내용(한국어)")


class ValidationErrorOut(Out):
    detail: str = Field(description="오류 내용 요약(한국어)")
    errors: list[FieldErrorOut] = Field(default_factory=list, description="항목별 오류")


class DongRef(Out):
    code: str = Field(description="행정동코드(KOSTAT)")
    name: str = Field(description="행정동 이름")


def error_responses(*statuses: int) -> dict[int, Any]:
    """The error bodies an operation may answer with, for the OpenAPI document (401 always)."""
    bodies: dict[int, Any] = {401: ErrorOut}
    for status in statuses:
        bodies[status] = ValidationErrorOut if status == 422 else ErrorOut
    return bodies
