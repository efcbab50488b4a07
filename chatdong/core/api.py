"""What every app's API router builds on: the response base and error bodies, a dong reference, the user
who called, the Korean names of request fields that schema errors quote, and the input types that read dates,
true/false and free text strictly."""

import datetime as dt
import re
from typing import Annotated, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

from .dates import ISO_DATE, in_range
from .text import limit

# The largest id a bigint column holds: a larger one in a path is simply "not found" (422 by the schema), never a
# database error.
MAX_ID = 2**63 - 1


def as_id(text: object) -> int | None:
    """The id a text names (digits up to MAX_ID, as a query string or a log line carries it); None for any other."""
    text = str(text)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


# Korean names of request fields, for schema errors. Each router adds its own with `FIELD_LABELS.update`.
FIELD_LABELS: dict[str, str] = {
    "page": "쪽 번호",
    "q": "검색어",
    "dong": "행정동",
}


# --- Input types ------------------------------------------------------------------------------------------------
# Pydantic's lax reading takes 0, "0" and "" for a boolean (false) and a number for a date or a date and time (a
# Unix timestamp: 0 is 1970-01-01), and any year from 1 to 9999. Here a date is only ever YYYY-MM-DD, a moment ISO
# 8601, both within the years anyone may type (`dates.EARLIEST`–`LATEST`), and a boolean only true or false.
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)
OUT_OF_RANGE_TYPE = "date_range"  # the error type, as pydantic's are named; `api.errors` says it in Korean


def _iso(pattern: re.Pattern[str], kind: type, error: str, example: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, kind) or (isinstance(value, str) and pattern.fullmatch(value)):
            return value
        raise PydanticCustomError(error, "Input should be a valid value in the format {example}", {"example": example})

    return BeforeValidator(check)


def _within_calendar(value: dt.date) -> dt.date:
    if not in_range(value):
        raise PydanticCustomError(OUT_OF_RANGE_TYPE, "Date out of the accepted range")
    return value


def _true_or_false(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("bool_parsing", "Input should be true or false")


Day = Annotated[dt.date, _iso(ISO_DATE, dt.date, "date_parsing", "YYYY-MM-DD"), AfterValidator(_within_calendar)]
Moment = Annotated[
    dt.datetime, _iso(ISO_MOMENT, dt.datetime, "datetime_parsing", "YYYY-MM-DDTHH:MM"), AfterValidator(_within_calendar)
]
# A JSON body's true or false: the JSON literal only.
Flag = Annotated[bool, Strict()]
# A query string's true or false: the words only (a query carries text), never 0, 1 or "".
QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def text_field(model: type[models.Model], name: str, default: Any = ..., **kwargs: Any) -> Any:
    """A schema field for free text written to `model.name`, limited as that column is (`text.limit`)."""
    return Field(default, max_length=limit(model, name), **kwargs)


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
